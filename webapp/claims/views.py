"""Claim pages: the claim itself, its forms and workflow actions."""

from __future__ import annotations

from webapp.claims.blueprint import bp

__all__ = ["bp"]
