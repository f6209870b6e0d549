"""Which rules made a person's name keys: a store opens by asking whether any person's keys are older than these,
without importing the rules themselves (``name_matching``, rapidfuzz: 15 ms of every command's start, #14)."""

#: Bumped whenever the key rules change, so that stored keys are rebuilt (``store.name_key_backfill``).
NAME_KEYS_VERSION = 6
#: Longest key stored.
KEY_LENGTH = 60
