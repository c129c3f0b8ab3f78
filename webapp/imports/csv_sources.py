"""Sources from a CSV file: one row per source, with aliases and an optional grade.

The columns are documented in ``schemas/sources-import.csv.schema.json`` and
``docs/imports.md``. Rows go through ``create_source`` (which refuses a name that
looks like an existing source) and ``grade_source`` (editors only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.core.text import fold
from webapp.imports.csv_common import Cells, CsvRow, checksum_key
from webapp.imports.csv_runner import Checked, ImportSpec, RowProblem, blame
from webapp.imports.reading import Problem
from webapp.sources.models import AdmiraltyGrade, Source, SourceKind
from webapp.sources.operations import (
    DuplicateSourceError,
    SourceData,
    create_source,
    find_similar,
    grade_source,
)

COLUMNS = (
    "external_id",
    "name",
    "kind",
    "aliases",
    "description",
    "homepage_url",
    "country",
    "wikidata_id",
    "job_title",
    "state",
    "party",
    "grade",
    "grade_rationale",
)
REQUIRED = ("name",)
# create_source's own field names are the CSV column names, except the external id.
SOURCE_FIELDS = {name: name for name in COLUMNS}
GRADE_FIELDS = {"rationale": "grade_rationale"}
ID_SUFFIX = re.compile(r"#(\d{1,9})\s*$")


def kind_from_text(text: str) -> SourceKind | None:
    """A source kind from its value or label, any case ("outlet", "News outlet")."""
    key = fold(text).replace("_", " ").replace("-", " ")
    for kind in SourceKind:
        if key in (kind.value.replace("_", " "), fold(kind.label).replace("-", " ")):
            return kind
    return None


def find_source(sess: Session, text: str, column: str) -> Source | None:
    """The live source ``text`` names ("Name", an alias, or "Name #id"); None if none does.

    Raises RowProblem when the text is ambiguous or names a missing or retracted number.
    """
    match = ID_SUFFIX.search(text)
    if match:
        source = sess.get(Source, int(match.group(1)))
        if source is None:
            raise RowProblem(column, f"there is no source #{match.group(1)}")
        if source.retracted_at is not None:
            raise RowProblem(column, f"source #{source.id} ({source.name}) is retracted")
        return source
    found = find_similar(sess, [text])
    if len(found) > 1:
        options = "; ".join(f"{s.name} #{s.id}" for s in found[:5])
        raise RowProblem(
            column, f"several sources match {text.strip()!r}: {options}; add the #number"
        )
    return found[0] if found else None


@dataclass
class SourceRow:
    data: SourceData
    grade: AdmiraltyGrade | None
    grade_rationale: str


def check(row: CsvRow) -> tuple[Checked[SourceRow] | None, list[Problem]]:
    """Read one row's cells; problems for every bad cell."""
    cells = Cells(row)
    name = cells.raw("name")
    if not name.strip():
        cells.problem("name", "the name is empty")
    kind = SourceKind.PERSON
    kind_text = cells.text("kind")
    if kind_text is not None:
        found = kind_from_text(kind_text)
        if found is None:
            values = ", ".join(k.value for k in SourceKind)
            cells.problem("kind", f"{kind_text!r} is not one of {values}")
        else:
            kind = found
    grade = None
    grade_text = cells.text("grade")
    if grade_text is not None:
        if grade_text.upper() in AdmiraltyGrade.__members__:
            grade = AdmiraltyGrade(grade_text.upper())
        else:
            cells.problem("grade", f"{grade_text!r} is not a grade letter from A to F")
    rationale = cells.raw("grade_rationale")
    if grade_text is None and rationale.strip():
        cells.problem("grade_rationale", "a grade rationale was given without a grade")
    data = SourceData(
        name=name,
        kind=kind,
        description=cells.raw("description"),
        homepage_url=cells.text("homepage_url"),
        country=cells.text("country"),
        wikidata_id=cells.text("wikidata_id"),
        job_title=cells.text("job_title"),
        state=cells.text("state"),
        party=cells.text("party"),
        aliases=cells.items("aliases", ";"),
    )
    external_id = cells.text("external_id", 200)
    if cells.problems:
        return None, cells.problems
    item = SourceRow(data, grade, rationale)
    if external_id:
        data.external_id = external_id
        return Checked(row, item, external_id, "external_id", f"external_id {external_id!r}"), []
    data.external_id = checksum_key("source", fold(name), kind.value)
    return Checked(row, item, data.external_id, "name", "same name and kind"), []


def existing_keys(sess: Session, keys: list[str]) -> set[str]:
    """The keys among ``keys`` that sources carry already (queried 500 at a time)."""
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        query = select(Source.external_id).where(Source.external_id.in_(chunk))
        found.update(k for k in sess.scalars(query) if k is not None)
    return found


def write(sess: Session, actor: Any, item: SourceRow, counts: dict[str, int]) -> None:
    """Create the source, then grade it when the row gives a grade."""
    try:
        with blame("name", SOURCE_FIELDS):
            source = create_source(sess, actor=actor, data=item.data)
    except RowProblem as error:
        cause = error.__cause__
        if isinstance(cause, DuplicateSourceError):
            names = "; ".join(f"{s.name} #{s.id}" for s in cause.similar[:3])
            raise RowProblem(
                "name",
                f"{item.data.name!r} looks like an existing source ({names}); remove the row, "
                "or rename it if it is a different source",
            ) from cause
        raise
    counts["sources"] += 1
    if item.grade is not None:
        with blame("grade", GRADE_FIELDS):
            grade_source(
                sess, actor=actor, source=source, grade=item.grade, rationale=item.grade_rationale
            )
        counts["grades"] += 1


SPEC: ImportSpec[SourceRow] = ImportSpec(
    kind="csv-sources",
    noun="source",
    columns=COLUMNS,
    required=REQUIRED,
    counts=("sources", "grades"),
    check=check,
    existing_keys=existing_keys,
    write=write,
)
