"""avrcase: case management for Assisted Voluntary Return and Reintegration programmes."""

__version__ = "0.1.0"
