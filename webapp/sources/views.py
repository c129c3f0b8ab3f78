"""Pages of the sources domain."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("sources", __name__, template_folder="templates")
