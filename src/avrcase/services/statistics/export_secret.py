"""The office's export secret: the key of the stable pseudonyms in a file for a processor (``anonymised_export``).

It lives in ``export-secret`` in the user data folder (mode 0600, created on first use);
``AVRCASE_EXPORT_SECRET_FILE`` names another file.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from avrcase.domain.errors import StoreError
from avrcase.i18n import _

ENV_SECRET_FILE = "AVRCASE_EXPORT_SECRET_FILE"
SECRET_FILE_NAME = "export-secret"
_PSEUDONYM_HEX = 20


def secret_path() -> Path:
    """Where the export secret is kept: ``$AVRCASE_EXPORT_SECRET_FILE``, else the user data folder."""
    override = os.environ.get(ENV_SECRET_FILE)
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("avrcase", appauthor=False) / SECRET_FILE_NAME


def installation_secret(path: Path | None = None) -> bytes:
    """The export secret, created (readable by this account only) the first time it is needed."""
    path = path or secret_path()
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass  # another export created it a moment ago
            else:
                with os.fdopen(fd, "w", encoding="ascii") as stream:
                    stream.write(secrets.token_hex(32) + "\n")
        secret = path.read_bytes().strip()
    except OSError as exc:
        raise StoreError(_("The export secret %(path)s cannot be read or created: %(reason)s")
                         % {"path": path, "reason": exc.strerror}) from exc
    if len(secret) < 32:
        raise StoreError(_("The export secret %(path)s is too short; it needs at least 32 characters.") % {"path": path})
    return secret


def pseudonym(secret: bytes, person_id: int) -> str:
    """The person's pseudonym under ``secret``."""
    return hmac.new(secret, f"person:{person_id}".encode(), hashlib.sha256).hexdigest()[:_PSEUDONYM_HEX]
