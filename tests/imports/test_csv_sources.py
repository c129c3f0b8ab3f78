"""`claimdesk import sources`: sources with aliases and grades, idempotent, all or nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.imports.conftest import SOURCES_CSV, csv_with_rows
from webapp import db
from webapp.core.audit import AuditEntry
from webapp.imports.models import ImportBatch
from webapp.sources.models import AdmiraltyGrade, Source, SourceKind


def _import(runner, path, *extra: str):
    return runner.invoke(args=["import", "sources", *extra, str(path)])


def test_sources_import_exactly(app, runner, write_csv) -> None:
    result = _import(runner, write_csv(SOURCES_CSV, "sources.csv"))
    assert result.exit_code == 0, result.output
    assert "created 3 sources, 2 grades; 0 rows unchanged" in result.output
    with app.app_context():
        sess = db.session()
        sources = {s.external_id: s for s in sess.scalars(select(Source))}
        neo = sources["src-neo"]
        assert (neo.name, neo.kind, neo.country) == ("New Eastern Outlook", SourceKind.OUTLET, "RU")
        assert sorted(neo.alias_names) == ["NEO", "journal-neo.org"]
        assert neo.homepage_url == "https://journal-neo.org"
        assert neo.current_grade.grade is AdmiraltyGrade.D
        assert neo.current_grade.rationale == "Often repeats state positions without evidence."
        assert sources["src-anadolu"].wikidata_id == "Q1277869"
        assert sources["src-dostum"].current_grade is None
        batch = sess.scalars(select(ImportBatch)).one()
        assert (batch.kind, batch.rows_total) == ("csv-sources", 3)
        assert batch.created_counts == {"sources": 3, "grades": 2}
        grades = sess.scalars(select(AuditEntry).where(AuditEntry.action == "grade")).all()
        assert len(grades) == 2


def test_reimport_and_dry_run_write_nothing(runner, write_csv, table_counts) -> None:
    path = write_csv(SOURCES_CSV, "sources.csv")
    before = table_counts()
    dry = _import(runner, path, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Would create: 3 sources, 2 grades; 0 rows unchanged" in dry.output
    assert table_counts() == before
    assert _import(runner, path).exit_code == 0
    after_first = table_counts()
    again = _import(runner, path)
    assert "created 0 sources, 0 grades; 3 rows unchanged" in again.output
    after_second = table_counts()
    assert after_second["sources"] == after_first["sources"]
    assert after_second["source_grades"] == after_first["source_grades"]
    assert after_second["import_batches"] == after_first["import_batches"] + 1


def test_rows_without_external_id_are_keyed_by_name_and_kind(app, runner, write_csv) -> None:
    path = write_csv(csv_with_rows("name,kind", ["Reuters,News outlet", "Jane Roe,"]))
    assert "created 2 sources" in _import(runner, path).output
    again = _import(runner, path)
    assert "created 0 sources, 0 grades; 2 rows unchanged" in again.output
    with app.app_context():
        kinds = dict(db.session().execute(select(Source.name, Source.kind)).all())
    assert kinds == {"Reuters": SourceKind.OUTLET, "Jane Roe": SourceKind.PERSON}


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (["s1,Reuters,wire,,"], "row 2, column kind: 'wire' is not one of person, organisation"),
        (["s1,Reuters,outlet,G,Bad"], "row 2, column grade: 'G' is not a grade letter from A to F"),
        (
            ["s1,Reuters,outlet,B,"],
            "row 2, column grade_rationale: A rationale for the grade is required.",
        ),
        (
            ["s1,Reuters,outlet,,Why"],
            "row 2, column grade_rationale: a grade rationale was given without a grade",
        ),
        ([",,outlet,,"], "row 2, column name: the name is empty"),
        (
            ["s1,Reuters,outlet,,", "s2,reuters,outlet,,"],
            "row 3, column name: 'reuters' looks like an existing source (Reuters #",
        ),
        (
            ["s1,Reuters,outlet,,", "s1,AP,outlet,,"],
            "row 3, column external_id: the same source as row 2 (external_id 's1')",
        ),
    ],
    ids=["kind", "grade", "no-rationale", "rationale-alone", "no-name", "same-name", "same-id"],
)
def test_row_problems(runner, write_csv, table_counts, rows, expected) -> None:
    before = table_counts()
    path = write_csv(csv_with_rows("external_id,name,kind,grade,grade_rationale", rows))
    result = _import(runner, path)
    assert result.exit_code == 1, result.output
    assert expected in result.output
    assert table_counts() == before


def test_existing_source_by_name_is_reported(runner, write_csv, make_source) -> None:
    source_id = make_source("Anadolu Agency")
    result = _import(runner, write_csv(SOURCES_CSV))
    assert result.exit_code == 1
    assert (
        f"row 3, column name: 'Anadolu Agency' looks like an existing source "
        f"(Anadolu Agency #{source_id}); remove the row" in result.output
    )


def test_long_and_malformed_values_are_row_problems(runner, write_csv) -> None:
    rows = [f"s1,Someone,{'x' * 81},Q42", "s2,Other,FR,42"]
    result = _import(runner, write_csv(csv_with_rows("external_id,name,country,wikidata_id", rows)))
    assert result.exit_code == 1
    assert "row 2, column country: The country must be at most 80 characters." in result.output
    assert "row 3, column wikidata_id: A Wikidata id looks like Q42." in result.output
