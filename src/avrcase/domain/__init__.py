"""The rules a caseworker would recognise: pure Python, no Qt and no SQLAlchemy."""
