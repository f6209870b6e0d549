"""Dialogs that create or change a case: registration and editing, consultations, stage moves."""
