"""Pieces shared by every domain: permissions, errors, audit, pagination, CSV."""
