"""CSV exports: exact bytes, schema-valid rows, hostile text round-trips, filters, roles."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import update

from webapp import db
from webapp.claims.models import Claim
from webapp.core.csvstream import cell, neutralise, stream_csv
from webapp.core.permissions import Role
from webapp.reports.schemas import csv_columns, load_schema
from webapp.verdicts.models import Verdict

FROZEN = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\tstarts with a tab",
    "\rstarts with CR",
    "\nstarts with LF",
    "\0starts with NUL",
    'quotes "inside", commas, and\nnewlines\r\ntoo',
    "Ünïcödé — 10 000 бойцов, 戦闘員, مقاتل",
    "bidi \u202eevil\u202c and \u2066isolate\u2069",
]


def parse(body: bytes) -> list[dict[str, str]]:
    text = body.decode("utf-8").removeprefix("\ufeff")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def validate_rows(export: str, rows: list[dict[str, str]]) -> None:
    validator = jsonschema.Draft202012Validator(load_schema(f"{export}.csv.schema.json"))
    for row in rows:
        validator.validate(row)


def freeze_times(app) -> None:
    with app.app_context():
        sess = db.session()
        sess.execute(update(Claim).values(created_at=FROZEN, updated_at=FROZEN))
        sess.execute(
            update(Verdict).values(created_at=FROZEN, concluded_at=FROZEN, speaks_for=FROZEN.date())
        )
        sess.commit()


def test_neutralise_rules() -> None:
    for text in HOSTILE[:8]:
        assert neutralise(text) == "'" + text
    assert neutralise("\0x") == "'\0x"
    assert neutralise("plain") == "plain"
    assert cell(-3) == "-3"
    assert cell(0.8) == "0.8"
    assert cell(None) == ""
    assert cell(True) == "true"
    assert cell(dt.date(2021, 8, 24)) == "2021-08-24"


def test_stream_is_chunked_and_rfc4180() -> None:
    chunks = list(stream_csv(["a", "b"], ([i, "x,y"] for i in range(1200))))
    assert len(chunks) >= 3
    body = b"".join(chunks)
    assert body.startswith(b'a,b\r\n0,"x,y"\r\n')
    assert body.count(b"\r\n") == 1201


def test_claims_export_exact_bytes(
    app, client, login, make_source, make_claim, make_verdict
) -> None:
    login(Role.VIEWER)
    dostum = make_source("Abdul Rashid Dostum")
    anadolu = make_source("Anadolu Agency")
    claim_id = make_claim(
        statement="There is no room for the Taliban in the north.",
        quote="no room",
        claimant_id=dostum,
        relay_ids=[anadolu],
        tags=["Taliban", "North"],
        checkable=False,
        claim_date=dt.date(2021, 8, 20),
    )
    numeric = make_claim(
        statement="About 10,000 fighters left.", quantity_value=10000, quantity_unit="fighters"
    )
    make_verdict(numeric, rating="mostly-false", credibility=3)
    freeze_times(app)
    response = client.get("/exports/claims.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="claimdesk-claims-{dt.date.today().isoformat()}.csv"'
    )
    header = ",".join(csv_columns("claims"))
    expected = (
        f"{header}\r\n"
        f"{claim_id},,There is no room for the Taliban in the north.,no room,{dostum},"
        "Abdul Rashid Dostum,Anadolu Agency,,,,North; Taliban,,,,,,false,en,2021-08-20,,,new,"
        ",,,,,,,,false,2026-01-02T03:04:05Z,2026-01-02T03:04:05Z\r\n"
        f'{numeric},,"About 10,000 fighters left.",,,,,,,,,10000,,,fighters,,true,en,,,,'
        f"concluded,{numeric and _verdict_id(app, numeric)},Mostly false,default,0.2,3,,"
        "2026-01-02,2026-01-02T03:04:05Z,false,2026-01-02T03:04:05Z,2026-01-02T03:04:05Z\r\n"
    )
    assert response.get_data(as_text=True) == expected
    validate_rows("claims", parse(response.get_data()))


def _verdict_id(app, claim_id: int) -> int:
    with app.app_context():
        return db.session().get(Claim, claim_id).verdicts[0].id


def test_hostile_text_round_trips(app, client, login, make_source, make_claim) -> None:
    login(Role.VIEWER)
    storable = [text for text in HOSTILE if "\0" not in text]
    ids = [make_claim(statement=text, quote=text, place=text[:200]) for text in storable]
    body = client.get("/exports/claims.csv?bom=1").get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = parse(body)
    validate_rows("claims", rows)
    by_id = {int(r["claim_id"]): r for r in rows}
    with app.app_context():
        sess = db.session()
        for claim_id in ids:
            stored = sess.get(Claim, claim_id)
            exported = by_id[claim_id]
            for column, value in (("statement", stored.statement), ("quote", stored.quote)):
                got = exported[column]
                if value.startswith(("=", "+", "-", "@", "\t", "\r", "\n", "\0")):
                    assert got == "'" + value
                else:
                    assert got == value


def test_nul_characters_are_refused_on_every_engine(make_claim) -> None:
    from webapp.core.errors import OperationError

    with pytest.raises(OperationError, match="NUL character"):
        make_claim(statement="\0starts with NUL")


def test_claim_filters_carry_into_export(client, login, make_claim, make_verdict) -> None:
    login(Role.VIEWER)
    concluded = make_claim(statement="Concluded one.", tags=["Panjshir"])
    make_verdict(concluded)
    make_claim(statement="Still new.", tags=["Panjshir"])
    rows = parse(client.get("/exports/claims.csv?status=concluded").get_data())
    assert [r["statement"] for r in rows] == ["Concluded one."]
    rows = parse(client.get("/exports/claims.csv?tag=panjshir&q=new").get_data())
    assert [r["statement"] for r in rows] == ["Still new."]


def test_bad_filter_is_400(client, login) -> None:
    login(Role.VIEWER)
    response = client.get("/exports/claims.csv?claim_from=yesterday")
    assert response.status_code == 400
    assert "filter is not valid" in response.get_data(as_text=True)
    assert client.get("/exports/sources.csv?kind=wizard").status_code == 400
    assert client.get("/exports/nope.csv").status_code == 404


def test_verdict_history_export(app, client, login, make_claim, make_verdict) -> None:
    login(Role.VIEWER)
    claim_id = make_claim()
    first = make_verdict(claim_id, rating="mostly-false")
    second = make_verdict(claim_id, rating="false")
    proposal = make_verdict(make_claim(statement="Another."), conclude=False)
    rows = parse(client.get("/exports/verdicts.csv").get_data())
    validate_rows("verdicts", rows)
    states = {int(r["verdict_id"]): r["state"] for r in rows}
    assert states == {first: "corrected", second: "current", proposal: "proposed"}


def test_sources_export_counts(client, login, make_source, make_claim, make_verdict) -> None:
    login(Role.VIEWER)
    source = make_source("Gen. Bismillah Khan Mohammadi", aliases=["Bismillah Khan"])
    make_verdict(make_claim(claimant_id=source, statement="One."), rating="true")
    make_verdict(make_claim(claimant_id=source, statement="Two."), rating="false")
    make_claim(claimant_id=source, statement="Three.")
    rows = parse(client.get("/exports/sources.csv").get_data())
    validate_rows("sources", rows)
    assert rows[0]["aliases"] == "Bismillah Khan"
    assert (rows[0]["claims_made"], rows[0]["claims_concluded"], rows[0]["claims_scored"]) == (
        "3",
        "2",
        "2",
    )
    assert float(rows[0]["mean_truth_score"]) == pytest.approx(0.5)


def test_audit_export_needs_editor(client, login, make_claim) -> None:
    make_claim()
    login(Role.CHECKER)
    assert client.get("/exports/audit.csv").status_code == 403


def test_audit_export(client, login, make_claim) -> None:
    claim_id = make_claim()
    login(Role.EDITOR)
    rows = parse(
        client.get(f"/exports/audit.csv?entity_type=claim&entity_id={claim_id}").get_data()
    )
    validate_rows("audit", rows)
    assert [r["action"] for r in rows] == ["create"]
    assert json.loads(rows[0]["changes"])["statement"][1].startswith("About 10,000")


def test_anonymous_export_redirects(client) -> None:
    assert client.get("/exports/claims.csv").status_code == 302


def test_cli_export(runner, make_claim, make_verdict, tmp_path: Path) -> None:
    make_verdict(make_claim(statement="Concluded."))
    make_claim(statement="Open.")
    target = tmp_path / "out.csv"
    result = runner.invoke(
        args=["export", "claims", "--where", "status=concluded", "--output", str(target)]
    )
    assert result.exit_code == 0, result.output
    rows = parse(target.read_bytes())
    assert [r["statement"] for r in rows] == ["Concluded."]
    bad = runner.invoke(args=["export", "claims", "--where", "status"])
    assert bad.exit_code != 0
    assert "KEY=VALUE" in bad.output
    bad = runner.invoke(args=["export", "claims", "--where", "status=maybe"])
    assert bad.exit_code != 0
    assert "filter is not valid" in bad.output


def test_export_reads_in_batches(app, make_claim, monkeypatch) -> None:
    from webapp.claims.queries import ClaimFilters
    from webapp.reports import batches
    from webapp.reports import claim_rows as row_functions

    monkeypatch.setattr(batches, "BATCH_SIZE", 2)
    for n in range(5):
        make_claim(statement=f"Claim {n}.")
    with app.app_context():
        seen = list(
            batches.in_batches(
                db.session(), __import__("sqlalchemy").select(Claim), Claim.id, size=2
            )
        )
        assert [len(b) for b in seen] == [2, 2, 1]
        exported = list(row_functions.claim_rows(db.session(), ClaimFilters()))
        assert len(exported) == 5


def test_claims_export_cells_are_cell_of_the_stored_values(
    app, client, login, make_source, make_claim, make_verdict
) -> None:
    """The database writes the claims export's cells: each equals csvstream.cell() of the
    stored value, formula guard included (on names, lists, units and places too)."""
    login(Role.VIEWER)
    relays = [make_source("@relay"), make_source("Plain relay")]
    claim_id = make_claim(
        statement="-3 fighters left.",
        quote="\tquoted",
        claimant_id=make_source("=claimant"),
        relay_ids=relays,
        tags=["+tag", "Another"],
        quantity_value=123456789012.5,
        quantity_low=-2.0,
        quantity_high=123456789012.5 + 0.1 + 0.2,
        quantity_unit="=unit",
        place="\nplace",
    )
    make_verdict(claim_id, rating="mostly-false", credibility=2)
    rows = parse(client.get("/exports/claims.csv").get_data())
    (exported,) = [row for row in rows if row["claim_id"] == str(claim_id)]
    with app.app_context():
        stored = db.session().get(Claim, claim_id)
        verdict = stored.verdicts[0]
        expected = {
            "statement": stored.statement,
            "quote": stored.quote,
            "claimant": stored.claimant.name,
            "relays": " > ".join(relay.source.name for relay in stored.relays),
            "tags": "; ".join(tag.name for tag in stored.tags),
            "quantity_value": stored.quantity_value,
            "quantity_low": stored.quantity_low,
            "quantity_high": stored.quantity_high,
            "quantity_unit": stored.quantity_unit,
            "place": stored.place,
            "checkable": stored.checkable,
            "truth_score": verdict.rating.truth_score,
            "concluded_at": verdict.concluded_at,
            "created_at": stored.created_at,
            "updated_at": stored.updated_at,
        }
    assert {column: exported[column] for column in expected} == {
        column: cell(value) for column, value in expected.items()
    }
    assert exported["claimant"] == "'=claimant"
    assert exported["relays"].startswith("'@relay > ")
    assert exported["quantity_value"] == "1.23456789e+11"
    assert exported["quantity_low"] == "-2"
