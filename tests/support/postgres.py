"""A throw-away PostgreSQL server for the tests that prove the store runs on PostgreSQL too.

Started once per test session in a temporary directory, listening only on a Unix socket, and stopped
at the end. The server refuses to run as root, so as root it runs as the ``postgres`` system user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

PORT = 55432


def server_binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl`` of the newest installed server, if any."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class TemporaryPostgres:
    """``start()`` gives a SQLAlchemy URL of an empty database; ``stop()`` removes everything."""

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="avrcase-pg-"))
        self.data = self.root / "data"
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            pwd.getpwnam("postgres")  # KeyError when there is no such user
            shutil.chown(self.root, "postgres")
            self._as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as_user, *args], check=True, capture_output=True, cwd=self.root)

    def start(self) -> str:
        self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", "avrcase", "-A", "trust",
                  "-E", "UTF8", "--locale=C.UTF-8")
        options = f"-k {self.root} -p {PORT} -c listen_addresses='' -c fsync=off"
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-l",
                  str(self.root / "server.log"), "start")
        return f"postgresql+psycopg://avrcase@/postgres?host={self.root}&port={PORT}"

    def stop(self) -> None:
        try:
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.root, ignore_errors=True)
