"""A CSV claims import says which of its rows look like claims already on the desk."""

from __future__ import annotations

from webapp import db
from webapp.imports import csv_claims
from webapp.imports.csv_common import read_csv
from webapp.imports.csv_runner import run_import

CSV = (
    "external_id,statement\n"
    'new-1,"Ten thousand fighters left for the province of Panjshir, to fight Taliban."\n'
    "new-2,The library opens on Sundays.\n"
    'new-3,"Panjshir has more than 140,000 people."\n'
)


def test_rows_like_existing_claims_are_listed(app, runner, tmp_path, make_claim) -> None:
    fighters = make_claim("About 10,000 fighters have left for Panjshir province to fight.")
    people = make_claim("The population of Panjshir is more than 140 000 people.")
    path = tmp_path / "claims.csv"
    path.write_text(CSV, encoding="utf-8")
    result = runner.invoke(args=["import", "claims", "--dry-run", str(path)])
    assert result.exit_code == 0, result.output
    assert (
        "Checked before? 2 rows look like claims already on the desk: "
        f"row 2 like claim #{fighters}, row 4 like claim #{people}."
    ) in result.output
    with app.app_context(), path.open("rb") as stream:
        spec = csv_claims.SPEC
        parsed = read_csv(
            stream, file_name="claims.csv", columns=spec.columns, required=spec.required
        )
        done = run_import(db.session(), spec, parsed, actor=None, dry_run=True)
        assert [(m.row, m.claim_id) for m in done.matches] == [(2, fighters), (4, people)]
        assert all(0.5 <= m.score <= 1 for m in done.matches)


def test_rows_of_the_same_file_do_not_match_each_other(app, runner, tmp_path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(CSV + 'new-4,"10k fighters left for Panjshir province to fight Taliban"\n')
    result = runner.invoke(args=["import", "claims", str(path)])
    assert result.exit_code == 0, result.output
    assert "Checked before?" not in result.output
