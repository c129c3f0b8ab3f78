"""`claimdesk import claims`: exact imports, idempotency, dry runs, row problems, all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.imports.conftest import CLAIMS_CSV, SOURCES_CSV, csv_with_rows
from webapp import db
from webapp.claims.models import Claim, ClaimStatus
from webapp.core.audit import AuditEntry
from webapp.documents.models import Document
from webapp.imports.models import ImportBatch
from webapp.sources.models import Source, SourceKind

SIMPLE_HEADER = "external_id,statement,claimant,claim_date"


def _import(runner, path, *extra: str):
    return runner.invoke(args=["import", "claims", *extra, str(path)])


@pytest.fixture
def desk_sources(runner, write_csv) -> None:
    """The outlets and people the sample claims name, imported from the sources CSV."""
    result = runner.invoke(args=["import", "sources", str(write_csv(SOURCES_CSV, "s.csv"))])
    assert result.exit_code == 0, result.output


def test_realistic_file_imports_exactly(app, runner, write_csv, desk_sources) -> None:
    result = _import(runner, write_csv(CLAIMS_CSV))
    assert result.exit_code == 0, result.output
    assert "Importing claims.csv" in result.output  # the progress bar
    assert "created 4 claims, 3 sources, 1 document, 2 verdicts; 0 rows unchanged" in result.output
    with app.app_context():
        sess = db.session()
        claims = {c.external_id: c for c in sess.scalars(select(Claim))}
        assert set(claims) == {"neo-1", "neo-2", "neo-3", "neo-4"}

        fighters = claims["neo-1"]
        assert fighters.claimant.name == "Unnamed reports from Afghanistan"
        assert fighters.claimant.kind is SourceKind.UNNAMED
        assert fighters.quote.startswith("according to reports")
        assert fighters.claim_date == dt.date(2021, 8, 24)
        assert fighters.place == "Panjshir"
        assert [t.name for t in fighters.tags] == ["Afghanistan", "Panjshir"]
        assert (fighters.quantity_value, fighters.quantity_unit) == (10000.0, "fighters")
        assert fighters.quantity_as_of == dt.date(2021, 8, 24)
        assert fighters.status is ClaimStatus.CONCLUDED
        (verdict,) = fighters.verdicts
        assert verdict.rating.label == "False"
        assert verdict.credibility == 3
        assert verdict.is_concluded
        assert [e.url for e in verdict.evidence] == [
            "https://example.org/count-1",
            "https://example.org/count-2",
        ]
        (appearance,) = fighters.appearances
        assert appearance.is_first
        assert appearance.quote == "about 10,000 fighters"
        document = appearance.document
        assert document.title == "The Panjshir resistance"
        assert document.publisher.name == "New Eastern Outlook"
        assert document.published_on == dt.date(2021, 8, 24)

        districts = claims["neo-2"]
        assert districts.claimant.name == "Bismillah Khan Mohammadi"
        assert [r.source.name for r in districts.relays] == ["New Eastern Outlook"]
        assert districts.appearances[0].document.id == document.id  # one article, reused
        assert districts.status is ClaimStatus.IN_REVIEW
        assert districts.verdicts[0].rating.label == "Mostly true"
        assert not districts.verdicts[0].is_concluded

        opinion = claims["neo-3"]
        assert opinion.claimant.name == "Abdul Rashid Dostum"  # found by its alias
        assert [r.source.name for r in opinion.relays] == ["Anadolu Agency", "New Eastern Outlook"]
        assert opinion.checkable is False
        assert opinion.verdicts == []
        assert opinion.appearances == []

        population = claims["neo-4"]
        assert population.quantity_low == 140000.0
        assert population.quantity_value is None
        assert population.checkable is True

        assert sess.scalar(select(Source).where(Source.name == "Vladimir Danilov")) is not None
        assert len(list(sess.scalars(select(Document)))) == 1

        batch = sess.scalars(select(ImportBatch).where(ImportBatch.kind == "csv-claims")).one()
        assert batch.file_name == "claims.csv"
        assert batch.rows_total == 4
        assert batch.created_counts == {"claims": 4, "sources": 3, "documents": 1, "verdicts": 2}
        assert len(batch.checksum) == 64

        actions = [
            (e.action, e.entity_type)
            for e in sess.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]
        assert actions.count(("create", "claim")) == 4
        assert actions.count(("create", "verdict")) == 2
        assert actions.count(("create", "appearance")) == 2
        assert actions.count(("create", "document")) == 1
        assert ("import", "import_batch") in actions


def test_reimport_creates_nothing(app, runner, write_csv, desk_sources, table_counts) -> None:
    path = write_csv(CLAIMS_CSV)
    assert _import(runner, path).exit_code == 0
    before = table_counts()
    again = _import(runner, path)
    assert again.exit_code == 0, again.output
    assert "was imported before (batch #" in again.output
    assert "created 0 claims, 0 sources, 0 documents, 0 verdicts; 4 rows unchanged" in again.output
    after = table_counts()
    # Only the record of the second import (and its audit entry) is new.
    assert after["import_batches"] == before["import_batches"] + 1
    assert after["audit_log"] == before["audit_log"] + 1
    assert {k: v for k, v in after.items() if k not in ("import_batches", "audit_log")} == {
        k: v for k, v in before.items() if k not in ("import_batches", "audit_log")
    }


def test_dry_run_writes_nothing(app, runner, write_csv, desk_sources, table_counts) -> None:
    before = table_counts()
    result = _import(runner, write_csv(CLAIMS_CSV), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "4 rows look fine" in result.output
    assert "Would create: 4 claims, 3 sources, 1 document, 2 verdicts" in result.output
    assert "Dry run: nothing was written." in result.output
    assert table_counts() == before


def test_rows_without_external_id_get_a_content_key(app, runner, write_csv) -> None:
    text = csv_with_rows(
        "statement,claimant,claimant_kind,appearance_url,appearance_title",
        [
            "Panjshir has 140000 people.,Vladimir Danilov,person,https://example.org/a,An article",
            "Panjshir has 140000 people.,Vladimir Danilov,person,https://example.org/b,Another",
            "Panjshir has 140000 people.,Someone else,person,https://example.org/a,",
        ],
    )
    path = write_csv(text)
    first = _import(runner, path)
    assert first.exit_code == 0, first.output
    assert "created 3 claims, 2 sources, 2 documents, 0 verdicts" in first.output
    with app.app_context():
        keys = list(db.session().scalars(select(Claim.external_id)))
    assert len(set(keys)) == 3
    assert all(k.startswith("csv:") and len(k) == 36 for k in keys)
    second = _import(runner, path)
    assert "created 0 claims, 0 sources, 0 documents, 0 verdicts; 3 rows unchanged" in second.output


def test_one_bad_row_among_ten_imports_nothing(app, runner, write_csv, table_counts) -> None:
    rows = [f"r{i},Claim number {i}.,Someone,2021-08-{10 + i:02d}" for i in range(10)]
    rows[6] = "r6,Claim number 6.,Someone,24/08/2021"
    text = csv_with_rows(SIMPLE_HEADER + ",claimant_kind", [r + ",person" for r in rows])
    before = table_counts()
    result = _import(runner, write_csv(text))
    assert result.exit_code == 1
    assert "1 problem(s) in claims.csv; nothing was imported:" in result.output
    assert "row 8, column claim_date: '24/08/2021' is not a date like 2021-08-24" in result.output
    assert table_counts() == before


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "x1,A claim.,Nobody Known,,,,,",
            "row 2, column claimant: claimant 'Nobody Known' is not a known source; "
            "add claimant_kind to create it",
        ),
        (
            "x1,A claim.,,,,Ghost Relay,,",
            "row 2, column relays: 'Ghost Relay' is not a known source",
        ),
        (
            "x1,A claim.,,,,,True,",
            "row 2, column credibility: give a credibility from 1 to 6 with the verdict",
        ),
        (
            "x1,A claim.,,,,,Pants on fire,2",
            "row 2, column verdict: 'Pants on fire' is not a value of the default scale "
            "(True, Mostly true, Mixed, Misleading, Mostly false, False, Unverifiable)",
        ),
        (
            "x1,A claim.,,,,,False,2,Checked the count.",
            "row 2, column evidence_urls: Give at least one evidence link",
        ),
        (
            "x1,A claim.,,,,,,7",
            "row 2, column credibility: '7' is not a whole number from 1 to 6",
        ),
        (
            "x1,A claim.,,,,,,2",
            "row 2, column credibility: credibility given, but the verdict is empty",
        ),
        (
            "x1,A claim.,,wizard,,,,",
            "row 2, column claimant_kind: 'wizard' is not one of person, organisation",
        ),
        (
            "x1,,,,,,,",
            "row 2, column statement: the statement is empty",
        ),
        (
            "x1,A claim.,,,2999-01-01,,,",
            "row 2, column claim_date: The claim date is in the future.",
        ),
    ],
    ids=[
        "unknown-claimant",
        "unknown-relay",
        "no-credibility",
        "label-not-on-scale",
        "evidence-missing",
        "credibility-range",
        "verdict-details-alone",
        "claimant-kind",
        "empty-statement",
        "future-date",
    ],
)
def test_row_problems_name_row_column_and_reason(app, runner, write_csv, row, expected) -> None:
    header = "external_id,statement,claimant,claimant_kind,claim_date,relays,verdict,credibility"
    if row.count(",") == header.count(","):
        row += ","  # an empty rationale
    result = _import(runner, write_csv(csv_with_rows(header + ",rationale", [row])))
    assert result.exit_code == 1, result.output
    assert expected in result.output
    assert "nothing was imported" in result.output


def test_verdict_on_another_scale_and_unknown_scale(app, runner, write_csv) -> None:
    header = "external_id,statement,verdict_scale,verdict,credibility,rationale,evidence_urls"
    good = "p1,Taxes doubled.,PolitiFact,pants-fire,2,Checked the budget.,https://example.org/b"
    bad = "p2,Taxes tripled.,snopes,false,2,Checked.,https://example.org/b"
    result = _import(runner, write_csv(csv_with_rows(header, [good, bad])))
    assert result.exit_code == 1
    assert (
        "row 3, column verdict_scale: there is no rating scale 'snopes' (default, politifact)"
        in result.output
    )
    ok = _import(runner, write_csv(csv_with_rows(header, [good]), "good.csv"))
    assert ok.exit_code == 0, ok.output
    with app.app_context():
        claim = db.session().scalars(select(Claim)).one()
        assert claim.verdicts[0].rating.label == "Pants on Fire"
        assert claim.verdicts[0].is_concluded is False


def test_duplicate_rows_in_one_file(app, runner, write_csv) -> None:
    text = csv_with_rows(
        "external_id,statement,appearance_url",
        [
            "d1,First.,",
            "d1,Second.,",
            ",Same words.,https://example.org/x",
            ",Same words.,https://example.org/x",
        ],
    )
    result = _import(runner, write_csv(text))
    assert result.exit_code == 1
    assert "row 3, column external_id: the same claim as row 2 (external_id 'd1')" in result.output
    assert (
        "row 5, column statement: the same claim as row 4 (same statement, claimant and URL)"
        in result.output
    )
    with app.app_context():
        assert db.session().scalars(select(Claim)).all() == []


def test_hostile_cells_are_stored_exactly(app, runner, write_csv) -> None:
    statements = [
        '=HYPERLINK("http://evil.example","click")',
        "+1 more fighters",
        "-2 districts fell",
        "@SUM(A1:A9) is the total",
        'He said "no"\r\nand then "yes"',
        "Ünïcödé ✓ 🚀 عربى 中文",
    ]
    rows = [f'h{i},"{s.replace(chr(34), chr(34) * 2)}"' for i, s in enumerate(statements)]
    result = _import(runner, write_csv(csv_with_rows("external_id,statement", rows)))
    assert result.exit_code == 0, result.output
    with app.app_context():
        stored = dict(db.session().execute(select(Claim.external_id, Claim.statement)).all())
    assert stored == {f"h{i}": s for i, s in enumerate(statements)}


def test_many_problems_are_cut_after_fifty(app, runner, write_csv) -> None:
    rows = [f"m{i},Claim {i}.,not-a-date" for i in range(60)]
    result = _import(runner, write_csv(csv_with_rows("external_id,statement,claim_date", rows)))
    assert result.exit_code == 1
    assert "60 problem(s)" in result.output
    assert "row 51, column claim_date" in result.output
    assert "row 52, column claim_date" not in result.output
    assert "... and 10 more" in result.output


def test_quoted_line_breaks_keep_row_numbers(app, runner, write_csv) -> None:
    text = 'external_id,statement,claim_date\nq1,"Two\nlines",2021-01-01\nq2,Bad date.,yesterday\n'
    result = _import(runner, write_csv(text))
    assert "row 3, column claim_date: 'yesterday' is not a date" in result.output


def test_import_group_lists_every_command(runner) -> None:
    result = runner.invoke(args=["import", "--help"])
    assert result.exit_code == 0
    for command in ("claims", "sources", "liar"):
        assert command in result.output


def test_nul_character_is_a_row_problem(app, runner, write_csv) -> None:
    text = csv_with_rows("external_id,statement", ["n1,Fine.", "n2,Bad\x00byte."])
    result = _import(runner, write_csv(text))
    assert result.exit_code == 1
    assert "row 3, column statement: the cell contains a NUL character" in result.output
    with app.app_context():
        assert db.session().scalars(select(Claim)).all() == []


def test_a_refused_rows_new_claimant_is_unknown_to_later_rows(app, runner, write_csv) -> None:
    # Row 2 creates its claimant, finds it as a relay, then is refused: the savepoint takes the
    # source back, so the import's per-file look-ups must not find it for rows 3 and 4.
    header = "external_id,statement,claimant,claimant_kind,relays,verdict,credibility"
    rows = [
        "c1,First claim.,New Person,person,New Person,nosuch,3",
        "c2,Second claim.,,,New Person,,",
        "c3,Third claim.,New Person,,,,",
    ]
    result = _import(runner, write_csv(csv_with_rows(header, rows)))
    assert result.exit_code == 1, result.output
    assert "3 problem(s) in claims.csv; nothing was imported:" in result.output
    assert "row 2, column verdict: 'nosuch' is not a value of the default scale" in result.output
    assert "row 3, column relays: 'New Person' is not a known source" in result.output
    assert "row 4, column claimant: claimant 'New Person' is not a known source" in result.output
