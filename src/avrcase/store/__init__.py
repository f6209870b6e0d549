"""SQLAlchemy persistence: models, engine set-up and migrations."""
