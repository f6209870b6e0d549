"""Data protection duties: the audit trail viewer, subject access reports, retention."""
