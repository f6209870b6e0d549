"""Use cases, one module per area; each takes a session and the acting user and returns DTOs."""
