"""The demo store's accounts and their documented passwords, apart from the generator so the sign-in
screen can name them without importing the whole demo generator (issue #14)."""

from __future__ import annotations

#: The demo's staff accounts that get a documented password (one per role).
DEMO_ACCOUNTS = ("admin", "counsellor", "travel", "finance", "reintegration", "manager")


def demo_password(username: str) -> str:
    """The documented password of a demo account (``counsellor-demo-password``); demo stores only."""
    return f"{username}-demo-password"
