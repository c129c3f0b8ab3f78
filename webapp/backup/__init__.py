"""Backups and restores of the whole database: ``claimdesk backup`` and ``claimdesk restore``."""
