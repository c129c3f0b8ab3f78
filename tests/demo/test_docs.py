"""docs/data-model.md stays in step with the models: every table, column and foreign key."""

from __future__ import annotations

import re
from pathlib import Path

from webapp.db import Base
from webapp.registry import import_models

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-model.md"
RELATION = re.compile(r'^\s*(\w+) \S+ (\w+) : "([^"]*)"\s*$')
ENTITY = re.compile(r"^\s*(\w+) \{\s*$")


def diagram() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    return text.split("```mermaid\n", 1)[1].split("```", 1)[0].splitlines()


def test_diagram_has_every_table_and_column() -> None:
    import_models()
    entities: dict[str, set[str]] = {}
    current: str | None = None
    for line in diagram():
        match = ENTITY.match(line)
        if match:
            current = match.group(1)
            entities[current] = set()
        elif line.strip() == "}":
            current = None
        elif current is not None and line.strip():
            entities[current].add(line.split()[1])
    expected = {t.name: {c.name for c in t.columns} for t in Base.metadata.sorted_tables}
    assert entities == expected


def test_diagram_has_every_foreign_key() -> None:
    import_models()
    drawn = set()
    for line in diagram():
        match = RELATION.match(line)
        if match:
            parent, child, columns = match.groups()
            drawn |= {(parent, child, column) for column in columns.split(", ")}
    expected = {
        (fk.column.table.name, table.name, fk.parent.name)
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
    }
    assert drawn == expected


def test_every_table_is_described() -> None:
    import_models()
    text = DOC.read_text(encoding="utf-8")
    for table in Base.metadata.sorted_tables:
        assert f"| `{table.name}` |" in text, table.name
