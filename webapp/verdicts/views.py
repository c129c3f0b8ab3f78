"""Pages of the verdicts domain."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("verdicts", __name__, template_folder="templates")
