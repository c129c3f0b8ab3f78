"""The JSON Schemas in the top-level ``schemas/`` folder: the contract of every format."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMAS_DIR = Path(__file__).resolve().parent.parent.parent / "schemas"


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The schema ``schemas/<name>`` as a dict (cached; the files do not change at run time)."""
    schema: dict[str, Any] = json.loads((SCHEMAS_DIR / name).read_text(encoding="utf-8"))
    return schema


def csv_columns(export: str) -> list[str]:
    """The column order of an export: the order of its schema's properties."""
    return list(load_schema(f"{export}.csv.schema.json")["properties"])
