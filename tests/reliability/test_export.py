"""The reliability columns of /exports/sources.csv: schema-valid, appended, filterable."""

from __future__ import annotations

import csv
import io

import jsonschema
import pytest

from webapp.core.permissions import Role
from webapp.reliability.export import COLUMNS
from webapp.reports.schemas import csv_columns, load_schema
from webapp.sources.models import SourceKind

EARLIER_COLUMNS = [
    "source_id",
    "name",
    "kind",
    "aliases",
    "country",
    "wikidata_id",
    "job_title",
    "state",
    "party",
    "current_grade",
    "grade_rationale",
    "graded_at",
    "claims_made",
    "claims_concluded",
    "claims_scored",
    "mean_truth_score",
    "retracted",
]


def rows_of(client, query: str = "") -> list[dict[str, str]]:
    response = client.get(f"/exports/sources.csv{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))
    validator = jsonschema.Draft202012Validator(load_schema("sources.csv.schema.json"))
    for row in rows:
        validator.validate(row)
    return rows


def test_columns_are_appended_after_the_earlier_ones() -> None:
    assert csv_columns("sources") == [*EARLIER_COLUMNS, *COLUMNS]


def test_values(client, login, make_source, record_of, grade) -> None:
    liar = make_source("Serial fabricator")
    honest = make_source("Census bureau", kind=SourceKind.GOVERNMENT)
    make_source("Never checked")
    record_of(liar, ["false"] * 6)
    record_of(honest, ["true", "mostly-true"])
    grade(liar, "B")
    grade(honest, "F")
    login(Role.VIEWER)
    by_name = {row["name"]: row for row in rows_of(client)}
    bad = by_name["Serial fabricator"]
    assert bad["claims_behind_estimate"] == "6"
    assert bad["suggested_grade"] == "E"
    assert bad["disagreement"] == "true"
    assert float(bad["interval_low"]) <= float(bad["estimate"]) <= float(bad["interval_high"])
    assert float(bad["estimate"]) < 0.2
    good = by_name["Census bureau"]
    assert (good["claims_behind_estimate"], good["suggested_grade"]) == ("2", "F")
    assert good["disagreement"] == ""  # F on both sides: cannot be compared
    none = by_name["Never checked"]
    assert none["claims_behind_estimate"] == "0"
    assert none["disagreement"] == ""
    assert float(none["estimate"]) == pytest.approx((6 * 0 + 1.8) / 8, abs=1e-4)  # desk mean


def test_export_matches_the_report_figures(client, login, make_source, record_of) -> None:
    source = make_source("Abdul Rashid Dostum")
    record_of(source, ["true", "mixed", "false", "mostly-false", "true"])
    login(Role.VIEWER)
    row = rows_of(client)[0]
    page = client.get("/reliability/sources").get_data(as_text=True)
    assert f"{float(row['estimate']):.2f}" in page
    assert f"{float(row['interval_low']):.2f}\N{EN DASH}{float(row['interval_high']):.2f}" in page


def test_report_filters_apply_to_the_export(client, login, make_source, record_of) -> None:
    outlet = make_source("Anadolu Agency", kind=SourceKind.OUTLET)
    person = make_source("Abdul Rashid Dostum")
    record_of(outlet, ["true", "true", "false"], tags=["Panjshir"])
    record_of(person, ["false"], tags=["Taliban"])
    login(Role.VIEWER)
    assert [r["name"] for r in rows_of(client, "?tag=panjshir")] == ["Anadolu Agency"]
    assert [r["name"] for r in rows_of(client, "?min_claims=2")] == ["Anadolu Agency"]
    assert [r["name"] for r in rows_of(client, "?kind=person&tag=Taliban")] == [
        "Abdul Rashid Dostum"
    ]
    assert client.get("/exports/sources.csv?min_claims=many").status_code == 400
