"""The claims blueprint, shared by the list pages and the claim pages."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("claims", __name__, template_folder="templates")
