"""Backups of the store (issue #17): verified copies with a manifest, the office's rotation, restore.

``copies`` makes and checks one copy, ``rotation`` decides which copies to keep, ``office`` runs the
office's scheduled backups and keeps their status, ``restore`` puts a backup back in place.
"""
