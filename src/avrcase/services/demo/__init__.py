"""The demo generator: deterministic synthetic cases for trying the app (never real people)."""
