"""The bulk claims import writes and refuses exactly what the operations do row by row.

Each test runs the same file twice on a freshly emptied database of each engine: once
through ``csv_claims.ROW_BY_ROW_SPEC`` (every row through create_source, create_claim,
create_document, add_appearance and record_verdict, each in its own savepoint) and once
through the bulk path with tiny chunks, so that rows refer to sources and documents of
earlier chunks. Every table, ids included, and every audit entry must match (timestamps
aside), and so must the problems of a refused file.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from functools import partial
from typing import Any

import pytest
from sqlalchemy import DateTime, select, text

from tests.database import reset
from tests.imports.conftest import SOURCES_CSV, csv_with_rows, without_times
from webapp import db
from webapp.claims.operations import ClaimData, create_claim
from webapp.core.permissions import Role
from webapp.db import Base
from webapp.documents.operations import DocumentData, add_appearance, create_document
from webapp.imports import csv_claims, csv_sources
from webapp.imports.csv_bulk import import_checked
from webapp.imports.csv_common import read_csv
from webapp.imports.csv_runner import ImportResult, ImportSpec, run_import
from webapp.sources.models import Source, SourceKind
from webapp.sources.operations import SourceData, create_source, retract_source
from webapp.users.models import User

SKIPPED_TABLES = {"import_batches", "users", "login_attempts", "api_tokens"}
BULK_SPEC = replace(csv_claims.SPEC, write_all=partial(import_checked, chunk_rows=2))
HEADER = (
    "external_id,statement,quote,claimant,claimant_kind,relays,claim_date,event_date,place,"
    "tags,language,checkable,quantity_value,quantity_low,quantity_high,quantity_unit,"
    "quantity_as_of,appearance_url,appearance_title,appearance_publisher,"
    "appearance_published_on,appearance_quote,verdict_scale,verdict,credibility,rationale,"
    "evidence_urls,verdict_conclude"
)
OLD_URL = "https://example.org/already-recorded"
SHARED_URL = "https://journal-neo.org/2021/08/24/panjshir/"

# Every kind of reference a row can make: new and existing claimants (by name, alias and
# number), relays created earlier in the file, shared and existing documents, publishers,
# tags old and new in other spellings, proposed and concluded verdicts, verdicts without
# evidence where allowed, rows without an external id.
GOOD_ROWS = [
    'g1,"About 10,000 fighters left for Panjshir.",  padded quote  ,Unnamed reports,unnamed,,'
    "2021-08-24,2021-08-20, Panjshir ,Afghanistan; panjshir ; War,en,true,10000,,,"
    f" fighters ,2021-08-24,{SHARED_URL},The Panjshir resistance,New Eastern Outlook,"
    '2021-08-24,"about 10,000 fighters",,False,3,Other counts are lower.,'
    "https://example.org/count-1 | https://example.org/count-2,true",
    "g2,Resistance took three districts.,,Bismillah Khan,person,Unnamed reports > Anadolu,"
    f"2021-08-20,,Baghlan,AFGHANISTAN,,yes,,,,,,{SHARED_URL},,,,took three districts,"
    "default,mostly true,2,Two of three confirmed.,https://example.org/baghlan,no",
    "g3,There is no room for the Taliban in the north.,,Dostum,,Anadolu > NEO,2021-08-24,,,"
    "opinion,,false,,,,,,,Interview notes,Bismillah Khan,,,,Unverifiable,4,"
    "An opinion; nothing to check.,,true",
    ",Panjshir has more than 140000 people.,,Vladimir Danilov,person,,2021-08-24,,,"
    "Panjshir,ru,1,,140000,,people,2021-08-24,,,,,,,,,,,",
    f"g5,The valley was never taken.,,Abdul Rashid Dostum #{{dostum_id}},,Bismillah Khan,,,,"
    f"history; War,,,,,,,,{OLD_URL},,,,,politifact,pants on fire,5,Taken in 2021.,"
    "https://example.org/taken,no",
    "g6,A claim that cannot be checked.,,Unnamed reports,,,,,,,,false,,,,,,,Title only,"
    "Anadolu Agency,2021-08-23,,,False,2,Not checkable but rated.,,false",
    ",Bismillah Khan said it twice.,,Bismillah Khan,,,,,,,,,,,,,,,,,,,,,,,,",
]


def database_state(sess) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, timestamps aside, in primary-key order."""
    state = {}
    for table in Base.metadata.sorted_tables:
        if table.name in SKIPPED_TABLES:
            continue
        columns = [
            c for c in table.columns if not isinstance(getattr(c.type, "impl", c.type), DateTime)
        ]
        names = ", ".join(f'"{c.name}"' for c in columns)
        order = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
        rows = sess.execute(text(f'SELECT {names} FROM "{table.name}" ORDER BY {order}'))
        state[table.name] = [
            tuple(
                json.dumps(
                    without_times(v if isinstance(v, dict) else json.loads(v)), sort_keys=True
                )
                if c.name == "changes"
                else v
                for c, v in zip(columns, row, strict=True)
            )
            for row in rows
        ]
    return state


def _parsed(content: str):
    return read_csv(
        io.BytesIO(content.encode()),
        file_name="claims.csv",
        columns=csv_claims.COLUMNS,
        required=csv_claims.REQUIRED,
    )


def _desk(sess, actor: User | None) -> dict[str, int]:
    """What the file refers to: the sources file, a tag, a document, two namesakes."""
    result = run_import(
        sess,
        csv_sources.SPEC,
        read_csv(
            io.BytesIO(SOURCES_CSV.encode()),
            file_name="s.csv",
            columns=csv_sources.COLUMNS,
            required=csv_sources.REQUIRED,
        ),
        actor=None,
        dry_run=False,
    )
    assert result.ok, result.problems
    document = create_document(
        sess, actor=None, data=DocumentData(title="Recorded earlier", url=OLD_URL)
    )
    claim = create_claim(
        sess, actor=None, data=ClaimData(statement="An older claim.", tags=["Panjshir"])
    )
    add_appearance(sess, actor=None, claim=claim, document=document)
    for _ in range(2):
        create_source(
            sess,
            actor=None,
            data=SourceData(name="John Smith", kind=SourceKind.PERSON),
            allow_duplicate=True,
        )
    gone = create_source(sess, actor=None, data=SourceData(name="Gone Outlet"))
    retract_source(sess, actor=None, source=gone, reason="Test")
    sess.commit()
    dostum = sess.scalar(select(Source).where(Source.external_id == "src-dostum"))
    return {"dostum_id": dostum.id, "gone_id": gone.id}


def _run(app, migrated, spec: ImportSpec, rows: list[str], actor_role: Role | None, make_user):
    """Import ``rows`` with ``spec`` on an emptied desk; the result and the database after."""
    reset(migrated)
    actor = make_user(role=actor_role, email="actor@example.org") if actor_role else None
    with app.app_context():
        sess = db.session()
        ids = _desk(sess, actor)
        content = csv_with_rows(HEADER, [row.format(**ids) for row in rows])
        acting = sess.get(User, actor.id) if actor else None
        result = run_import(sess, spec, _parsed(content), actor=acting, dry_run=False)
        sess.commit()
        return result, database_state(sess)


def _both(app, migrated, rows, make_user, actor_role=Role.EDITOR) -> tuple[ImportResult, ...]:
    expected, expected_state = _run(
        app, migrated, csv_claims.ROW_BY_ROW_SPEC, rows, actor_role, make_user
    )
    actual, actual_state = _run(app, migrated, BULK_SPEC, rows, actor_role, make_user)
    assert actual.problems == expected.problems
    assert actual.counts == expected.counts
    for table in expected_state:
        assert actual_state[table] == expected_state[table], table
    return expected, actual


@pytest.mark.parametrize("actor_role", [Role.EDITOR, None], ids=["editor", "cli"])
def test_bulk_import_writes_what_the_operations_write(app, migrated, make_user, actor_role):
    expected, _ = _both(app, migrated, GOOD_ROWS, make_user, actor_role)
    assert expected.ok, expected.problems
    assert expected.counts == {
        "claims": 7,
        "sources": 3,
        "documents": 3,
        "verdicts": 5,
        "unchanged": 0,
    }


def test_bulk_import_is_repeatable_like_the_operations(app, migrated, make_user) -> None:
    # Half the file is on the desk already: those rows count as unchanged on both paths.
    reset(migrated)
    with app.app_context():
        sess = db.session()
        ids = _desk(sess, None)
        rows = [row.format(**ids) for row in GOOD_ROWS]
        first = run_import(
            sess, BULK_SPEC, _parsed(csv_with_rows(HEADER, rows[:4])), actor=None, dry_run=False
        )
        sess.commit()
        assert first.ok, first.problems
        again = run_import(
            sess, BULK_SPEC, _parsed(csv_with_rows(HEADER, rows)), actor=None, dry_run=False
        )
        sess.commit()
        assert again.ok, again.problems
        assert again.counts["unchanged"] == 4
        assert again.counts["claims"] == 3
        before = database_state(sess)
        repeat = run_import(
            sess, BULK_SPEC, _parsed(csv_with_rows(HEADER, rows)), actor=None, dry_run=False
        )
        sess.commit()
        assert repeat.counts["unchanged"] == 7
        after = database_state(sess)
    assert {t: r for t, r in after.items() if t != "audit_log"} == {
        t: r for t, r in before.items() if t != "audit_log"
    }


BAD_ROWS = [
    # A refused row's new claimant is unknown to the rows after it.
    "b1,First.,,New Person,person,New Person,,,,,,,,,,,,,,,,,,nosuch,3,Why.,,",
    "b2,Second.,,,,New Person,,,,,,,,,,,,,,,,,,,,,,",
    "b3,Third.,,Nobody Known,,,,,,,,,,,,,,,,,,,,,,,,",
    "b4,Fourth.,,John Smith,,,,,,,,,,,,,,,,,,,,,,,,",
    "b5,Fifth.,,,,Anadolu > Anadolu,,,,,,,,,,,,,,,,,,,,,,",
    "b6," + "x" * 2001 + ",,,,,,,,,,,,,,,,,,,,,,,,,,",
    "b7,Seventh.,,,,,,,,,,,5,10,2,fighters,,,,,,,,,,,,",
    "b8,Eighth.,,,,,,,,,,,5,,,,,,,,,,,,,,,",
    "b9,Ninth.,,,,,2999-01-01,,,,,,,,,,,,,,,,,,,,,",
    "b10,Tenth.,,,,,,,,,,,,,,,,ftp://example.org/x,,,,,,,,,,",
    "b11,Eleventh.,,,,,,,,,,,,,,,,https://example.org/11,,Unknown Outlet,,,,,,,,",
    'b12,Twelfth.,,,,,,,,,,,,,,,,https://example.org/12,,,,"' + "q" * 5001 + '",,,,,,',
    "b13,Thirteenth.,,,,,,,,,,,,,,,,,,,,,nosuchscale,False,3,Why.,https://e.org/a,",
    "b14,Fourteenth.,,,,,,,,,,,,,,,,,,,,,,False,3,   ,https://e.org/a,",
    "b15,Fifteenth.,,,,,,,,,,,,,,,,,,,,,,False,3,Why.,not a link,",
    "b16,Sixteenth.,,,,,,,,,,,,,,,,,,,,,,False,3,Why.,,",
    "b17,Seventeenth.,,Someone #999999,,,,,,,,,,,,,,,,,,,,,,,,",
    "b18,Eighteenth.,,Gone Outlet #{gone_id},,,,,,,,,,,,,,,,,,,,,,,,",
    "b19,Nineteenth.,,Fresh Person,person,,,,,,,,,,,,,,,,,,,False,3,Why.,https://e.org/a,yes",
    "b20,Twentieth.,,,,Fresh Person,,,,,,,,,,,,,,,,,,,,,,",
    # A good row among the bad: nothing of it may be kept either.
    "b21,A fine claim.,,Another Person,person,,,,,,,,,,,,,,,,,,,,,,,",
]


@pytest.mark.parametrize(
    "actor_role", [Role.EDITOR, Role.CHECKER, Role.VIEWER], ids=lambda r: r.value
)
def test_bulk_import_refuses_what_the_operations_refuse(app, migrated, make_user, actor_role):
    expected, actual = _both(app, migrated, BAD_ROWS, make_user, actor_role)
    assert expected.problems, "every file here has bad rows"
    assert not actual.batch_id
    rows_with_problems = {p.row for p in expected.problems}
    if actor_role is Role.EDITOR:
        # b1-b18 (rows 2-19) are bad; an editor may conclude b19, and b20 finds its claimant.
        assert rows_with_problems == set(range(2, 20))
    if actor_role is Role.CHECKER:
        # A checker may not conclude b19, so b20 does not find the claimant b19 would create.
        assert {20, 21} <= rows_with_problems


def test_a_database_refusal_falls_back_to_row_by_row(app, migrated) -> None:
    # A spec that does not see the keys on the desk: the bulk insert hits the unique
    # external id, and the import names the row as the operations do.
    blind = replace(csv_claims.SPEC, existing_keys=lambda sess, keys: set())
    reset(migrated)
    with app.app_context():
        sess = db.session()
        create_claim(sess, actor=None, data=ClaimData(statement="Taken.", external_id="dup"))
        sess.commit()
        content = csv_with_rows("external_id,statement", ["ok,Fine.", "dup,Again."])
        result = run_import(sess, blind, _parsed(content), actor=None, dry_run=False)
        sess.rollback()
    assert [(p.row, p.column) for p in result.problems] == [(3, "external_id")]
    assert "each row was tried on its own" in " ".join(result.notes)
