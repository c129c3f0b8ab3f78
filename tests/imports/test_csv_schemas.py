"""The import schemas and docs match the importers: same columns, valid examples that import."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.imports.conftest import CLAIMS_CSV, SOURCES_CSV
from webapp.imports import csv_claims, csv_sources

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = {
    "claims": (ROOT / "schemas" / "claims-import.csv.schema.json", csv_claims),
    "sources": (ROOT / "schemas" / "sources-import.csv.schema.json", csv_sources),
}
DOC = (ROOT / "docs" / "imports.md").read_text(encoding="utf-8")


def validator(kind: str) -> Draft202012Validator:
    path, _module = SCHEMAS[kind]
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def doc_examples() -> list[str]:
    return re.findall(r"```csv\n(.*?)```", DOC, flags=re.DOTALL)


@pytest.mark.parametrize("kind", SCHEMAS)
def test_schema_lists_exactly_the_importer_columns(kind) -> None:
    path, module = SCHEMAS[kind]
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert tuple(schema["properties"]) == module.COLUMNS
    assert tuple(schema["required"]) == module.REQUIRED
    assert schema["additionalProperties"] is False
    assert all(p["description"] for p in schema["properties"].values())
    for column in module.COLUMNS:
        assert f"`{column}`" in DOC, f"docs/imports.md does not describe {column}"


@pytest.mark.parametrize(
    ("kind", "text"),
    [("sources", SOURCES_CSV), ("claims", CLAIMS_CSV)]
    + [("claims" if "statement" in t.splitlines()[0] else "sources", t) for t in doc_examples()],
)
def test_sample_rows_are_valid(kind, text) -> None:
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    for row in rows:
        errors = [e.message for e in validator(kind).iter_errors(row)]
        assert errors == [], row


@pytest.mark.parametrize(
    ("kind", "row"),
    [
        ("claims", {"statement": "x", "claim_date": "24/08/2021"}),
        ("claims", {"statement": "x", "checkable": "maybe"}),
        ("claims", {"statement": "x", "credibility": "7"}),
        ("claims", {"statement": "x", "colour": "red"}),
        ("claims", {"quote": "no statement"}),
        ("sources", {"name": "x", "grade": "G"}),
        ("sources", {"name": " "}),
    ],
)
def test_schema_refuses_what_the_importer_refuses(kind, row) -> None:
    assert list(validator(kind).iter_errors(row))


def test_documented_examples_import_as_documented(runner, write_csv) -> None:
    claims, sources = doc_examples()
    first = runner.invoke(args=["import", "sources", str(write_csv(sources, "s.csv"))])
    assert first.exit_code == 0, first.output
    dry = runner.invoke(args=["import", "claims", "--dry-run", str(write_csv(claims))])
    assert dry.exit_code == 0, dry.output
    assert "Would create: 2 claims, 1 source, 1 document, 1 verdict; 0 rows unchanged" in dry.output
    assert (
        "Would create: 2 claims, 1 source, 1 document, 1 verdict; 0 rows unchanged"
        in DOC.replace("\n", " ")
    )
