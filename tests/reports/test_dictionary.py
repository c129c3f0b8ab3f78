"""docs/formats.md carries the column dictionary generated from the CSV schemas, unchanged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from webapp.reports import dictionary
from webapp.reports.dictionary import (
    END,
    START,
    between_markers,
    column_format,
    render_dictionary,
    replace_between_markers,
)
from webapp.reports.exports import EXPORT_NAMES
from webapp.reports.schemas import csv_columns, load_schema

DOCS = Path(__file__).resolve().parents[2] / "docs"
REFRESH = "python -m webapp.reports.dictionary --write docs/formats.md"


def documented_columns(text: str) -> dict[str, list[tuple[str, str]]]:
    """Per export file, the (column, description) rows of its table, read from the markdown."""
    tables: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in text.splitlines():
        heading = re.match(r"^### .*: `(\w+)\.csv`$", line)
        if heading:
            current = heading.group(1)
            tables[current] = []
        row = re.match(r"^\| \d+ \| `(\w+)` \| .* \| (.*) \|$", line)
        if row and current:
            tables[current].append((row.group(1), row.group(2).replace("\\|", "|")))
    return tables


def test_formats_doc_matches_the_schemas() -> None:
    document = (DOCS / "formats.md").read_text(encoding="utf-8")
    assert document.count(START) == 1
    assert document.count(END) == 1
    assert between_markers(document) == render_dictionary(), (
        f"docs/formats.md's column dictionary is out of date; run: {REFRESH}"
    )


def test_doc_tables_list_every_column_in_order() -> None:
    """Read back independently of the renderer: names, order and descriptions."""
    tables = documented_columns(between_markers((DOCS / "formats.md").read_text()) or "")
    assert list(tables) == list(EXPORT_NAMES)
    for name in EXPORT_NAMES:
        properties = load_schema(f"{name}.csv.schema.json")["properties"]
        assert [column for column, _ in tables[name]] == csv_columns(name)
        for column, description in tables[name]:
            assert description == " ".join(properties[column]["description"].split())


def test_every_column_is_described() -> None:
    for name in EXPORT_NAMES:
        for column, spec in load_schema(f"{name}.csv.schema.json")["properties"].items():
            assert spec.get("description", "").strip(), f"{name}.{column} has no description"


def test_a_changed_schema_makes_the_check_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    document = (DOCS / "formats.md").read_text(encoding="utf-8")
    schema = load_schema("sources.csv.schema.json")
    changed = {
        **schema,
        "properties": {
            **schema["properties"],
            "new_column": {"type": "string", "description": "X"},
        },
    }
    monkeypatch.setattr(
        dictionary,
        "load_schema",
        lambda file: changed if file == "sources.csv.schema.json" else load_schema(file),
    )
    assert between_markers(document) != render_dictionary()
    number = len(schema["properties"]) + 1
    assert f"| {number} | `new_column` | text | X |" in render_dictionary()


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"type": "string"}, "text"),
        ({"enum": ["true", "false"]}, "one of `true`, `false`"),
        ({"pattern": "^[0-9]+$"}, "whole number"),
        ({"pattern": "^([0-9]+)?$"}, "whole number, or empty"),
        ({"pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"}, "date, YYYY-MM-DD, or empty"),
        ({"pattern": "^[1-6]$"}, "digit 1 to 6"),
        ({"pattern": "^(x|y)$"}, "text matching `^(x|y)$`"),
    ],
)
def test_column_format(spec, expected) -> None:
    assert column_format(spec) == expected


def test_pipes_stay_inside_cells() -> None:
    line = next(
        line
        for line in render_dictionary().splitlines()
        if line.startswith("| 9 | `evidence_urls`")
    )
    assert line == "| 9 | `evidence_urls` | text | Evidence links, separated by ' \\| '. |"


def test_replace_between_markers() -> None:
    text = f"intro\n{START}\nold\n{END}\noutro\n"
    assert replace_between_markers(text, "new\n") == f"intro\n{START}\nnew\n{END}\noutro\n"
    assert between_markers(replace_between_markers(text, "new\n")) == "new\n"
    assert between_markers("no markers") is None
    with pytest.raises(ValueError, match="no <!-- columns:start -->"):
        replace_between_markers("no markers", "x")


def test_script_refreshes_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "formats.md"
    target.write_text(f"# Formats\n\n{START}\nstale\n{END}\n\nMore.\n", encoding="utf-8")
    assert dictionary.main(["--write", str(target)]) == 0
    refreshed = target.read_text(encoding="utf-8")
    assert between_markers(refreshed) == render_dictionary()
    assert refreshed.startswith("# Formats\n\n")
    assert refreshed.endswith("\n\nMore.\n")
    assert dictionary.main([]) == 0
    assert capsys.readouterr().out == render_dictionary()
    assert dictionary.main(["--bogus"]) == 2


def test_cli_prints_the_dictionary(runner, tmp_path: Path) -> None:
    result = runner.invoke(args=["export", "dictionary"])
    assert result.exit_code == 0, result.output
    assert result.output == render_dictionary()
    target = tmp_path / "columns.md"
    assert runner.invoke(args=["export", "dictionary", "-o", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8") == render_dictionary()
    refused = runner.invoke(args=["export", "dictionary", "--where", "kind=outlet"])
    assert refused.exit_code == 2
    assert "The dictionary takes no --where or --bom." in refused.output


def test_docs_index_links_the_formats_page() -> None:
    assert "(formats.md)" in (DOCS / "index.md").read_text(encoding="utf-8")
