"""The claims list: search, filters, sorting and pagination."""

from __future__ import annotations

from webapp.claims.blueprint import bp

__all__ = ["bp"]
