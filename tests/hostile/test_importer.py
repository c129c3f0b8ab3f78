"""The hostile corpus through the importer: broken CSV files (upload and CLI), hostile cells,
ClaimReview files; all-or-nothing, never a traceback, and exports neutralise formulas."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from tests.hostile.corpus import CSV_FILES, FORMULA, JSON_BODIES, MARKUP, SQL, TEXT, UNICODE
from webapp import db
from webapp.claims.models import Claim
from webapp.core.permissions import Role

PRESENT_ONLY_IF_IMPORTED = {"utf-8 bom", "double bom", "blank lines"}


def cli_ok(result: Any) -> bool:
    """Finished, or stopped on purpose with a message (SystemExit), never on a traceback."""
    return result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("kind", ["claims", "sources"])
def test_broken_csv_files_through_upload_and_cli(
    app: Flask, client, login, upload, runner, write_csv, table_counts, kind: str
) -> None:
    app.config["IMPORT_JOBS_INLINE"] = True  # no import thread may outlive its file's check
    login(Role.CHECKER)
    for name, content in CSV_FILES:
        before = table_counts()
        # Sources files are checked (dry run) only: their import path is the claims one's.
        for dry_run in (True, False) if kind == "claims" else (True,):
            response = upload(content, kind=kind, dry_run=dry_run, name=f"{kind}.csv")
            assert response.status_code in (200, 302, 400, 413), (name, dry_run)
            if response.status_code == 400:
                assert "problem" in response.get_data(as_text=True).lower(), name
                assert table_counts() == before, f"refused but written: {name}"
        path = write_csv(content, f"{kind}-cli.csv")
        for extra in (["--dry-run"], []) if kind == "claims" else (["--dry-run"],):
            result = runner.invoke(args=["import", kind, *extra, str(path)])
            assert cli_ok(result), (name, extra, result.output, result.exception)
            if result.exit_code != 0:
                assert "nothing was imported" in result.output or "Error" in result.output, name


@pytest.mark.parametrize(
    ("label", "values"),
    [("markup", MARKUP), ("sql", SQL), ("formula", FORMULA), ("unicode", UNICODE),
     ("control", [v for k, v in TEXT if k == "control"])],
)  # fmt: skip
def test_hostile_cells_are_stored_exactly_or_refuse_the_file(
    app: Flask, runner, write_csv, table_counts, label: str, values: list[str]
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["external_id", "statement", "place"])
    for i, value in enumerate(values):
        writer.writerow([f"h{i}", f"Claim {i}: {value}", value])
    before = table_counts()
    result = runner.invoke(args=["import", "claims", str(write_csv(buffer.getvalue(), "h.csv"))])
    assert cli_ok(result), result.output
    if result.exit_code != 0:
        assert "nothing was imported" in result.output
        assert table_counts() == before
        assert label not in {"markup", "sql", "formula"}, (
            f"legitimate text refused: {result.output}"
        )
        reasons = [line for line in result.output.splitlines() if line.startswith("  row ")]
        assert reasons, result.output
        assert all("at most" in r or "NUL" in r for r in reasons), result.output
        return
    with app.app_context():
        rows = {c.external_id: c for c in db.session().scalars(select(Claim))}
    for i, value in enumerate(values):
        stored = rows[f"h{i}"]
        assert stored.statement in {f"Claim {i}: {value}", f"Claim {i}: {value}".strip()}
        assert (stored.place or "") in {value, value.strip()}


def test_imported_formulas_are_neutralised_in_the_export(
    app: Flask, client, login, runner, write_csv
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["external_id", "statement"])
    formulas = [f for f in FORMULA if f.strip()]
    for i, value in enumerate(formulas):
        writer.writerow([f"f{i}", value])
    result = runner.invoke(args=["import", "claims", str(write_csv(buffer.getvalue(), "f.csv"))])
    assert result.exit_code == 0, result.output
    login(Role.VIEWER)
    exported = client.get("/exports/claims.csv").get_data(as_text=True)
    cells = [cell for row in csv.reader(io.StringIO(exported)) for cell in row]
    for cell in cells:
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r", "\n"), f"live formula {cell!r}"
    assert "'=cmd|' /C calc'!A0" in cells
    assert "'@SUM(1,1)" in cells


def test_claimreview_import_of_malformed_files(app: Flask, runner, tmp_path, table_counts) -> None:
    before = table_counts()
    for name, raw in JSON_BODIES:
        path = tmp_path / "reviews.json"
        path.write_bytes(raw.encode("utf-8", "surrogatepass"))
        for extra in (["--dry-run"], []):
            result = runner.invoke(args=["import", "claimreview", str(path), *extra])
            assert cli_ok(result), (name, result.output, result.exception)
            assert result.exit_code != 0, f"{name}: a malformed file was accepted"
    assert table_counts() == before


def test_claimreview_import_keeps_hostile_text_exactly(app: Flask, runner, tmp_path) -> None:
    statements = [v for v in MARKUP[:20] + FORMULA[:5] if v.strip() == v]
    reviews = [
        {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"https://example.org/check/{i}",
            "claimReviewed": text,
            "reviewRating": {"@type": "Rating", "alternateName": "False"},
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": text}},
        }
        for i, text in enumerate(statements)
    ]
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(reviews), encoding="utf-8")
    result = runner.invoke(args=["import", "claimreview", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        stored = set(db.session().scalars(select(Claim.statement)))
    assert set(statements) <= stored
