"""Writing checked LIAR rows a thousand at a time, with the audit log the operations write.

Going through the domain operations row by row costs about eight flushes and twenty
statements per row (several minutes for 12,836 rows). LIAR rows are fully checked before
anything is written (:mod:`webapp.imports.liar`), so this writer inserts each table's rows
for a chunk in one statement and builds every audit entry with the operations' own
snapshot functions on the same values. ``tests/imports/test_liar_writer.py`` holds the
row-by-row path through the operations as the reference and checks that both write the
same rows and the same audit entries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from webapp.claims.models import Claim, ClaimStatus, Tag, claim_tags
from webapp.claims.operations import claim_snapshot
from webapp.core import audit
from webapp.core.text import fold
from webapp.db import utcnow
from webapp.documents.models import Appearance, Document
from webapp.documents.operations import APPEARANCE_FIELDS
from webapp.documents.operations import AUDITED_FIELDS as DOCUMENT_FIELDS
from webapp.imports.bulk import AuditLog, insert_ids, table_of, tag_ids
from webapp.matching.normalize import match_key
from webapp.sources.models import Source, SourceAlias, SourceKind
from webapp.sources.operations import clean_aliases, source_snapshot
from webapp.verdicts.models import Evidence, Verdict
from webapp.verdicts.operations import verdict_snapshot


def new_sources(sess: Session, log: AuditLog, speakers: list[dict[str, Any]]) -> dict[str, int]:
    """Create the speakers (name, kind, job title, state, party, alias, external id)."""
    now = utcnow()
    rows = [
        {
            **s,
            "name_key": fold(s["name"]),
            "description": "",
            "homepage_url": None,
            "country": None,
            "wikidata_id": None,
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "created_by_id": log.actor_id,
        }
        for s in speakers
    ]
    for row in rows:
        row.pop("alias")
    ids = insert_ids(sess, Source, rows)
    # An alias that folds like the name ("obama" for "Obama") is dropped, as create_source does.
    aliases = [clean_aliases(s["name"], [s["alias"]]) for s in speakers]
    alias_rows = [
        {"source_id": i, "alias": a, "alias_key": fold(a)}
        for i, kept in zip(ids, aliases, strict=True)
        for a in kept
    ]
    if alias_rows:
        sess.execute(insert(table_of(SourceAlias)), alias_rows)
    for source_id, speaker, kept in zip(ids, speakers, aliases, strict=True):
        transient = Source(**{k: v for k, v in speaker.items() if k != "alias"}, description="")
        transient.aliases = [SourceAlias(alias=a, alias_key=fold(a)) for a in kept]
        log.add(
            "create",
            "source",
            source_id,
            audit.diff({}, source_snapshot(transient)),
            f"Created source {speaker['name']}",
        )
    return {s["external_id"]: i for s, i in zip(speakers, ids, strict=True)}


def write_claims(sess: Session, log: AuditLog, items: list[dict[str, Any]]) -> None:
    """Write claims with tags, a document, a first appearance and a concluded verdict each.

    ``items`` carry: claim (statement, quote, claimant_id, claimant_name, external_id),
    tags (names), document (title, description), verdict (credibility, rationale,
    evidence url and note) and ``rating`` per item under "rating".
    """
    now = utcnow()
    today = dt.date.today()
    tags = tag_ids(sess, (t for item in items for t in item["tags"]))
    claim_ids = insert_ids(
        sess,
        Claim,
        [
            {
                **{k: v for k, v in item["claim"].items() if k != "claimant_name"},
                "match_key": match_key(item["claim"]["statement"]),
                "status": ClaimStatus.CONCLUDED,
                "language": "en",
                "checkable": True,
                "version": 2,
                "created_at": now,
                "updated_at": now,
                "created_by_id": log.actor_id,
            }
            for item in items
        ],
    )
    links: list[dict[str, int]] = []
    for claim_id, item in zip(claim_ids, items, strict=True):
        keys = dict.fromkeys(fold(" ".join(t.split())[:200]) for t in item["tags"] if t.strip())
        links.extend({"claim_id": claim_id, "tag_id": tags[k][0]} for k in keys)
        # In the row's order, as the operations' snapshot lists them (before any reload).
        item["tag_names"] = [tags[k][1] for k in keys]
    if links:
        sess.execute(insert(claim_tags), links)
    document_ids = insert_ids(
        sess,
        Document,
        [
            {
                **item["document"],
                "url": None,
                "publisher_id": None,
                "author_id": None,
                "published_on": None,
                "retrieved_on": None,
                "archived_url": None,
                "version": 1,
                "created_at": now,
                "updated_at": now,
                "created_by_id": log.actor_id,
            }
            for item in items
        ],
    )
    appearance_ids = insert_ids(
        sess,
        Appearance,
        [
            {
                "claim_id": c,
                "document_id": d,
                "quote": item["claim"]["quote"],
                "is_first": True,
                "note": None,
                "version": 2,
                "created_at": now,
                "created_by_id": log.actor_id,
            }
            for c, d, item in zip(claim_ids, document_ids, items, strict=True)
        ],
    )
    verdict_ids = insert_ids(
        sess,
        Verdict,
        [
            {
                "claim_id": c,
                "rating_value_id": item["rating"].id,
                "credibility": item["verdict"]["credibility"],
                "rationale": item["verdict"]["rationale"],
                "reviewer_id": log.actor_id,
                "speaks_for": today,
                "created_at": now,
                "created_by_id": log.actor_id,
                "concluded_at": now,
                "concluded_by_id": log.actor_id,
                "version": 1,
            }
            for c, item in zip(claim_ids, items, strict=True)
        ],
    )
    sess.execute(
        insert(table_of(Evidence)),
        [
            {
                "verdict_id": v,
                "url": item["verdict"]["evidence_url"],
                "note": item["verdict"]["evidence_note"],
                "title": None,
                "archived_url": None,
            }
            for v, item in zip(verdict_ids, items, strict=True)
        ],
    )
    for claim_id, document_id, appearance_id, verdict_id, item in zip(
        claim_ids, document_ids, appearance_ids, verdict_ids, items, strict=True
    ):
        _audit_row(log, item, claim_id, document_id, appearance_id, verdict_id, now, today)


def _audit_row(
    log: AuditLog,
    item: dict[str, Any],
    claim_id: int,
    document_id: int,
    appearance_id: int,
    verdict_id: int,
    now: dt.datetime,
    today: dt.date,
) -> None:
    """The entries create_claim, create_document, add_appearance and record_verdict write."""
    fields = item["claim"]
    claim = Claim(
        **{k: v for k, v in fields.items() if k != "claimant_name"},
        status=ClaimStatus.NEW,
        language="en",
        checkable=True,
    )
    claim.claimant = Source(name=fields["claimant_name"], kind=SourceKind.PERSON)
    claim.tags = [Tag(name=name) for name in item["tag_names"]]
    log.add(
        "create",
        "claim",
        claim_id,
        audit.diff({}, claim_snapshot(claim)),
        f"Recorded claim: {claim.statement[:120]}",
    )
    document = Document(**item["document"])
    log.add(
        "create",
        "document",
        document_id,
        audit.diff({}, audit.snapshot(document, DOCUMENT_FIELDS)),
        f"Added document {document.title}",
    )
    appearance = Appearance(
        claim_id=claim_id, document_id=document_id, quote=fields["quote"], is_first=False, note=None
    )
    log.add(
        "create",
        "appearance",
        appearance_id,
        audit.diff({}, audit.snapshot(appearance, APPEARANCE_FIELDS)),
        f"Claim #{claim_id} appeared in {document.title}",
    )
    log.add(
        "update",
        "claim",
        claim_id,
        {"first_appearance_id": [None, appearance_id]},
        f"First appearance is now {document.title}",
    )
    rating = item["rating"]
    verdict = Verdict(
        claim_id=claim_id,
        rating_value_id=rating.id,
        rating=rating,
        credibility=item["verdict"]["credibility"],
        rationale=item["verdict"]["rationale"],
        reviewer_id=log.actor_id,
        speaks_for=today,
        concluded_at=now,
        concluded_by_id=log.actor_id,
        evidence=[Evidence(url=item["verdict"]["evidence_url"])],
    )
    log.add(
        "create",
        "verdict",
        verdict_id,
        audit.diff({}, verdict_snapshot(verdict)),
        f"Concluded {rating.label} on claim #{claim_id}",
    )
    log.add(
        "status",
        "claim",
        claim_id,
        {"status": ["new", "concluded"]},
        f"Status {ClaimStatus.NEW.label} → {ClaimStatus.CONCLUDED.label}",
    )
