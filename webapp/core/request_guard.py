"""Refuse form posts that carry a NUL character, before any view reads them.

PostgreSQL text can hold no NUL (0x00): the flush-time check in ``webapp.db`` stops one
from being stored, but a NUL in a name that a view only looks up (a claimant, a tag, a
document) would reach PostgreSQL as a query parameter and fail there with a 500. Search
boxes (GET) are left alone: search drops control characters itself.
"""

from __future__ import annotations

from flask import Flask, abort, request

from webapp.db import WRITE_METHODS


def refuse_nul_in_forms() -> None:
    """400 naming the first form field whose value contains a NUL."""
    if request.method not in WRITE_METHODS or request.path.startswith("/api/"):
        return
    for name, value in request.form.items(multi=True):
        if "\x00" in value or "\x00" in name:
            label = name.split("-")[-1].replace("_", " ")
            abort(
                400,
                description=f"The text of {label} contains a NUL character (\\0), which "
                "cannot be stored; remove it and try again.",
            )


def register(app: Flask) -> None:
    """Check every form post of ``app``."""
    app.before_request(refuse_nul_in_forms)
