"""Reintegration (issue #5): needs assessment, the reintegration plan, monitoring after return."""
