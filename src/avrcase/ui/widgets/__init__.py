"""Reusable inputs: country and language pickers, optional dates, vocabulary combos, error labels."""
