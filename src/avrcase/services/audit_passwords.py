"""What the audit trail keeps of a password hash: a digest of it, never the hash.

Every write of ``users.password_hash`` through avrcase (a first password, a reset, a change, a rehash, the demo
accounts) puts ``password_digest`` beside the entry's fields: SHA-256 over a fixed label and the stored argon2
hash. The digest gives back neither the hash nor its random salt, so the trail holds nothing to guess passwords
against; it only tells whether the hash in the row is the one avrcase last wrote (``services.accounts.recorded_role``
refuses a sign-in with a hash copied over another account's by hand). The entry is chained and sealed like any
other, so the digest cannot be changed along with the hash without ``audit verify`` finding it.
"""

from __future__ import annotations

import hashlib
from typing import Any

#: The key of the digest in an entry's details (beside ``fields``; the audit viewer does not show it).
DIGEST = "password_digest"
#: The key of the digests (by account number) that an entry records at once for a store from before them.
DIGESTS = "password_digests"


def password_digest(stored: str) -> str:
    """The digest of a stored password hash as the audit trail records it."""
    return hashlib.sha256(b"avrcase password hash\0" + stored.encode("utf-8")).hexdigest()


def digest_of_change(table: str, obj: Any, fields: dict) -> dict[str, str]:
    """``{DIGEST: …}`` for an entry that records a new password hash of an account; ``{}`` for any other."""
    stored = getattr(obj, "password_hash", None) if table == "users" and "password_hash" in fields else None
    return {DIGEST: password_digest(stored)} if isinstance(stored, str) and stored else {}
