"""The column dictionary of the CSV exports, generated from ``schemas/*.csv.schema.json``.

``docs/formats.md`` holds this text between ``<!-- columns:start -->`` and
``<!-- columns:end -->``; a test fails when the two disagree. To refresh the document
after changing a schema::

    python -m webapp.reports.dictionary --write docs/formats.md

(``claimdesk export dictionary`` prints the same text.)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from webapp.reports.exports import EXPORT_NAMES
from webapp.reports.schemas import load_schema

START = "<!-- columns:start -->"
END = "<!-- columns:end -->"
DOCUMENT = Path(__file__).resolve().parent.parent.parent / "docs" / "formats.md"
_OPTIONAL = re.compile(r"^\^\((?P<inner>.*)\)\?\$$")
_REQUIRED = re.compile(r"^\^(?P<inner>.*)\$$")
_SENTENCE_END = re.compile(r"(?<=\.)\s+(?=[A-Z])")
PATTERN_NAMES = {
    "[0-9]+": "whole number",
    "-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?": "decimal number",
    "(0(\\.[0-9]+)?|1(\\.0+)?)": "decimal number from 0 to 1",
    "[0-9]{4}-[0-9]{2}-[0-9]{2}": "date, YYYY-MM-DD",
    "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z": "UTC time, YYYY-MM-DDThh:mm:ssZ",
    "[1-6]": "digit 1 to 6",
    "[A-F]": "letter A to F",
    "Q[0-9]+": "Wikidata id (Q42)",
    "https?://.*": "web address (http:// or https://)",
}


def _cell(text: str) -> str:
    """Text that stays inside one cell of a markdown table."""
    return " ".join(text.split()).replace("|", "\\|")


def column_format(spec: dict[str, Any]) -> str:
    """What a column's values look like, in words, from its schema."""
    if "enum" in spec:
        return "one of " + ", ".join(f"`{value}`" for value in spec["enum"])
    pattern = spec.get("pattern")
    if not pattern:
        return "text"
    optional = _OPTIONAL.match(pattern)
    match = optional or _REQUIRED.match(pattern)
    inner = match.group("inner") if match else pattern
    name = PATTERN_NAMES.get(inner, f"text matching `{pattern}`")
    return f"{name}, or empty" if optional else name


def export_table(name: str) -> str:
    """The section of one export: heading, what a row is, and one table line per column."""
    schema = load_schema(f"{name}.csv.schema.json")
    first_sentence = _SENTENCE_END.split(schema.get("description", ""))[0]
    lines = [
        f"### {schema['title'].removesuffix(' (CSV row)')}: `{name}.csv`",
        "",
        f"{first_sentence} Schema: [`schemas/{name}.csv.schema.json`]"
        f"(../schemas/{name}.csv.schema.json).",
        "",
        "| # | Column | Values | Description |",
        "|---|---|---|---|",
    ]
    for number, (column, spec) in enumerate(schema["properties"].items(), start=1):
        lines.append(
            f"| {number} | `{column}` | {_cell(column_format(spec))} "
            f"| {_cell(spec.get('description', ''))} |"
        )
    return "\n".join(lines)


def render_dictionary() -> str:
    """Every export's column table, in the order of :data:`EXPORT_NAMES`."""
    notice = (
        "<!-- Generated from schemas/*.csv.schema.json by `claimdesk export dictionary`; "
        "edit the schemas, not this text. -->"
    )
    return "\n\n".join([notice, *(export_table(name) for name in EXPORT_NAMES)]) + "\n"


def between_markers(document: str) -> str | None:
    """The text between the markers of ``document``, or None when a marker is missing."""
    start, end = document.find(START), document.find(END)
    if start < 0 or end < start:
        return None
    return document[start + len(START) : end].strip("\n") + "\n"


def replace_between_markers(document: str, body: str) -> str:
    """``document`` with ``body`` between its markers."""
    start, end = document.find(START), document.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the document has no {START} ... {END} section")
    return f"{document[: start + len(START)]}\n{body.rstrip()}\n{document[end:]}"


def main(argv: list[str]) -> int:
    """``python -m webapp.reports.dictionary [--write FILE]``: print, or refresh FILE."""
    if not argv:
        sys.stdout.write(render_dictionary())
        return 0
    if len(argv) != 2 or argv[0] != "--write":
        sys.stderr.write("usage: python -m webapp.reports.dictionary [--write FILE]\n")
        return 2
    path = Path(argv[1])
    path.write_text(
        replace_between_markers(path.read_text(encoding="utf-8"), render_dictionary()),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
