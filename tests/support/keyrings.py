"""Keyring backends for tests: one that remembers in memory, and the "no keyring on this computer" one."""

from __future__ import annotations

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import fail


class MemoryKeyring(KeyringBackend):
    """A system keyring stand-in: passwords live in this object only."""

    priority = 10

    def __init__(self):
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.passwords.get((service, username))

    def set_password(self, service, username, password):
        self.passwords[(service, username)] = password

    def delete_password(self, service, username):
        self.passwords.pop((service, username), None)


def use_memory_keyring() -> MemoryKeyring:
    """Install and return an in-memory keyring (restore with ``use_no_keyring`` or the fixture's teardown)."""
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


def use_no_keyring() -> None:
    """As on a computer without any keyring backend."""
    keyring.set_keyring(fail.Keyring())
