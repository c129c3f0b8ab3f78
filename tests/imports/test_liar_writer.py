"""The LIAR bulk writer writes what the domain operations would, row for row, audit included.

The reference below is the straightforward path: each row through create_source,
create_claim, create_document, add_appearance and record_verdict. Both paths run on a
fresh database and every table (timestamps aside) and every audit entry must match.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text

from tests.database import reset
from tests.imports.conftest import without_times
from webapp import db
from webapp.claims.operations import ClaimData, create_claim
from webapp.documents.operations import DocumentData, add_appearance, create_document
from webapp.imports import liar
from webapp.imports.reading import DecodedLines
from webapp.sources.models import SourceKind
from webapp.sources.operations import SourceData, create_source, source_with_external_id
from webapp.verdicts.models import RatingScale, RatingValue
from webapp.verdicts.operations import EvidenceData, VerdictData, record_verdict

ROWS = (
    "2635.json\tfalse\tSays the Annies List group supports abortions on demand.\tabortion\t"
    "dwayne-bohac\tState representative\tTexas\trepublican\t0\t1\t0\t0\t0\ta mailer\n"
    "10540.json\thalf-true\tWhen did the decline of coal start?\tenergy,history,Energy\t"
    "scott-surovell\tState delegate\tVirginia\tdemocrat\t0\t0\t1\t1\t0\ta floor speech.\n"
    "324.json\tmostly-true\tHillary Clinton agrees with John McCain.\tforeign-policy\tobama\t"
    "President\tIllinois\tdemocrat\t70\t71\t160\t163\t9\tDenver\n"
    "1123.json\tpants-fire\tHealth care reform will cut jobs.\thealth-care,energy\tdwayne-bohac\t"
    "\t\torganization\t0\t1\t0\t0\t0\t\n"
)
TABLES = {
    "sources": "id, name, name_key, kind, job_title, state, party, external_id, version",
    "source_aliases": "source_id, alias, alias_key",
    "claims": "id, statement, quote, claimant_id, status, external_id, language, checkable, version",
    "tags": "id, name, name_key",
    "claim_tags": "claim_id, tag_id",
    "documents": "id, title, description, url, publisher_id, version",
    "appearances": "id, claim_id, document_id, quote, is_first, version",
    "verdicts": "id, claim_id, rating_value_id, credibility, rationale, speaks_for, version",
    "evidence": "verdict_id, url, note",
}


def reference_import(sess, rows: list[liar.LiarRow]) -> None:
    """Row by row through the domain operations (what the bulk writer must match)."""
    scale = sess.scalar(select(RatingScale).where(RatingScale.slug == "politifact"))
    ratings = {
        v.slug: v.id
        for v in sess.scalars(select(RatingValue).where(RatingValue.scale_id == scale.id))
    }
    for row in rows:
        values = row.values
        speaker = liar._speaker(values)
        source = source_with_external_id(sess, speaker["external_id"])
        if source is None:
            source = create_source(
                sess,
                actor=None,
                allow_duplicate=True,
                data=SourceData(
                    name=speaker["name"],
                    kind=SourceKind(speaker["kind"]),
                    job_title=speaker["job_title"],
                    state=speaker["state"],
                    party=speaker["party"],
                    aliases=[speaker["alias"]],
                    external_id=speaker["external_id"],
                ),
            )
        statement = values["statement"].strip()
        claim = create_claim(
            sess,
            actor=None,
            data=ClaimData(
                statement=statement,
                quote=statement,
                claimant_id=source.id,
                external_id=row.external_id,
                tags=[s for s in values["subjects"].split(",") if s.strip()],
            ),
        )
        context = values["context"].strip()
        document = create_document(
            sess,
            actor=None,
            data=DocumentData(
                title=context or "Venue not given", description=f"LIAR context: {context}"
            ),
        )
        add_appearance(sess, actor=None, claim=claim, document=document, quote=statement)
        number = values["id"].removesuffix(".json")
        record_verdict(
            sess,
            actor=None,
            claim=claim,
            conclude=True,
            data=VerdictData(
                rating_value_id=ratings[values["label"]],
                credibility=liar.IMPORTED_CREDIBILITY,
                rationale=f"PolitiFact rated this {values['label']} (imported from the LIAR data "
                f"set, Wang 2017, statement {values['id']}).",
                evidence=[
                    EvidenceData(
                        url=liar.REPORT_URL.format(number=number),
                        note="PolitiFact's verdict report and its sources",
                    )
                ],
            ),
        )


def state(sess) -> dict[str, Any]:
    tables = {
        name: sorted(
            tuple(str(v) for v in row)
            for row in sess.execute(text(f"SELECT {columns} FROM {name}"))
        )
        for name, columns in TABLES.items()
    }
    entries = sess.execute(
        text("SELECT action, entity_type, entity_id, summary, changes FROM audit_log")
    )
    import json

    tables["audit_log"] = sorted(
        (
            a,
            t,
            i,
            s,
            json.dumps(without_times(c if isinstance(c, dict) else json.loads(c)), sort_keys=True),
        )
        for a, t, i, s, c in entries
    )
    return tables


def test_bulk_writer_matches_the_operations(app, migrated) -> None:
    rows, problems = liar.parse_lines("t.tsv", DecodedLines(ROWS.splitlines(keepends=True), "", []))
    assert not problems
    with app.app_context():
        sess = db.session()
        reference_import(sess, rows)
        sess.commit()
        expected = state(sess)
    reset(migrated)
    with app.app_context():
        sess = db.session()
        counts = liar.import_rows(sess, actor=None, rows=rows)
        sess.commit()
        actual = state(sess)
    assert counts == {"claims": 4, "verdicts": 4, "documents": 4, "sources": 3, "unchanged": 0}
    for table in expected:
        assert actual[table] == expected[table], table
