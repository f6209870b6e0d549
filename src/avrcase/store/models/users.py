"""Staff accounts: who acts, how they prove it (an argon2id hash, never the password) and lockout state."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from avrcase.store.base import Base, UTCDateTime, utcnow


class User(Base):
    """A member of staff who acts on cases; deactivated, never deleted (the audit trail names them)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # argon2id encoded hash (parameters and salt inside); None: the account cannot sign in yet.
    password_hash: Mapped[str | None] = mapped_column(String(255), default=None)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    failed_attempts: Mapped[int] = mapped_column(default=0)
    last_failed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
