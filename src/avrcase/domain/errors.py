"""The one family of errors a person can act on: validation, not found, conflict, storage."""

from __future__ import annotations

from collections.abc import Mapping


class AvrcaseError(Exception):
    """Base of every error that is shown to a person as one clear message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(AvrcaseError):
    """Input that breaks a rule; ``errors`` maps a field name to a translated message."""

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        text = ""  # each message once; sentences follow sentences ("… 2026).; The …" read badly on one line)
        for part in dict.fromkeys(message for message in self.errors.values() if message):
            if text:
                text += " " if text.endswith((".", "!", "?", "…")) else "; "
            text += part
        super().__init__(text)


class NotFoundError(AvrcaseError):
    """A case, person or record that does not exist (for example an unknown case number)."""


class ConflictError(AvrcaseError):
    """Someone else changed the record since it was opened; nothing was overwritten."""


class PermissionDeniedError(AvrcaseError):
    """The acting user's role does not allow this action."""


class StoreError(AvrcaseError):
    """The store cannot be used: locked, corrupt, newer than the app, unreadable, disk full."""


class DamagedRecordError(StoreError):
    """A record that names rows the store no longer holds (references broken by hand or a damaged file); the
    message says which record and to check the store."""
