"""Writing files that leave the store: a private temporary file (mode 0600), flushed to disk, then renamed."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def temporary_path(target: Path) -> Path:
    """Where ``target`` is written before it is renamed into place (same folder, so the rename is atomic)."""
    return target.with_name(f".{target.name}.part")


def create_private(path: Path) -> None:
    """Create an empty file readable by its owner only (replacing a left-over one)."""
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def fsync_file(path: Path) -> None:
    """Flush ``path``'s contents to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename) to the disk, where the system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (network shares, Windows) do not sync folders
    finally:
        os.close(fd)


def publish(tmp: Path, target: Path) -> None:
    """Make the finished ``tmp`` private, flush it and rename it to ``target``."""
    os.chmod(tmp, 0o600)
    fsync_file(tmp)
    os.replace(tmp, target)
    fsync_folder(target.parent)


def write_private(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically, readable by its owner only."""
    tmp = temporary_path(target)
    create_private(tmp)
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
        publish(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's contents, as hex."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
