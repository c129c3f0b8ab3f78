"""Claims from a CSV file: one row per claim, with its claimant, appearance and verdict.

The columns are documented in ``schemas/claims-import.csv.schema.json`` and
``docs/imports.md``. :func:`write` sends one row through the domain operations
(create_source, create_claim, create_document, add_appearance, record_verdict). An import
first checks the whole file with the same checks and then writes it in bulk
(:mod:`webapp.imports.csv_plan`, :mod:`webapp.imports.csv_bulk`): the same records and
audit entries as :func:`write` row by row, which stays the reference and the fallback.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.claims.models import Claim
from webapp.claims.operations import ClaimData, create_claim
from webapp.documents.operations import (
    DocumentData,
    add_appearance,
    create_document,
    document_with_url,
)
from webapp.imports.csv_bulk import import_checked
from webapp.imports.csv_claim_rows import (
    APPEARANCE_FIELDS,
    CLAIM_FIELDS,
    DOCUMENT_FIELDS,
    VERDICT_FIELDS,
    AppearanceRow,
    ClaimRow,
    VerdictRow,
)
from webapp.imports.csv_common import Cells, CsvRow, checksum_key
from webapp.imports.csv_lookups import known_source_id, rating_value_id, source_id
from webapp.imports.csv_runner import Checked, ImportSpec, RowProblem, blame
from webapp.imports.csv_sources import kind_from_text
from webapp.imports.reading import Problem
from webapp.matching.queries import likely_duplicates
from webapp.sources.models import SourceKind
from webapp.sources.operations import SourceData, create_source
from webapp.verdicts.operations import EvidenceData, VerdictData, record_verdict

COLUMNS = (
    "external_id",
    "statement",
    "quote",
    "claimant",
    "claimant_kind",
    "relays",
    "claim_date",
    "event_date",
    "place",
    "tags",
    "language",
    "checkable",
    "quantity_value",
    "quantity_low",
    "quantity_high",
    "quantity_unit",
    "quantity_as_of",
    "appearance_url",
    "appearance_title",
    "appearance_publisher",
    "appearance_published_on",
    "appearance_quote",
    "verdict_scale",
    "verdict",
    "credibility",
    "rationale",
    "evidence_urls",
    "verdict_conclude",
)
REQUIRED = ("statement",)
VERDICT_DETAILS = ("verdict_scale", "credibility", "rationale", "evidence_urls", "verdict_conclude")
APPEARANCE_DETAILS = ("appearance_publisher", "appearance_published_on", "appearance_quote")
LANGUAGE_MAX = 12
DEFAULT_SCALE = "default"


def _appearance(cells: Cells) -> AppearanceRow | None:
    url = cells.text("appearance_url", 500)
    title = cells.text("appearance_title", 2000)
    published_on = cells.date("appearance_published_on")
    if url is None and title is None:
        for column in APPEARANCE_DETAILS:
            if cells.raw(column).strip():
                cells.problem(column, "give appearance_url or appearance_title with it")
        return None
    return AppearanceRow(
        url=url,
        title=title,
        publisher=cells.text("appearance_publisher"),
        published_on=published_on,
        quote=cells.raw("appearance_quote"),
    )


def _verdict(cells: Cells) -> VerdictRow | None:
    rating = cells.text("verdict")
    credibility = cells.integer("credibility", 1, 6)
    conclude = cells.boolean("verdict_conclude", False)
    if rating is None:
        filled = [c for c in VERDICT_DETAILS if cells.raw(c).strip()]
        if filled:
            cells.problem(filled[0], f"{', '.join(filled)} given, but the verdict is empty")
        return None
    if credibility is None:
        if not cells.raw("credibility").strip():
            cells.problem("credibility", "give a credibility from 1 to 6 with the verdict")
        return None
    return VerdictRow(
        scale=(cells.text("verdict_scale") or DEFAULT_SCALE).lower(),
        rating=rating,
        credibility=credibility,
        rationale=cells.raw("rationale"),
        evidence_urls=cells.items("evidence_urls", "|"),
        conclude=conclude,
    )


def check(row: CsvRow) -> tuple[Checked[ClaimRow] | None, list[Problem]]:
    """Read one row's cells; problems for every bad cell (nothing is looked up yet)."""
    cells = Cells(row)
    statement = cells.raw("statement")
    if not statement.strip():
        cells.problem("statement", "the statement is empty")
    claimant = cells.text("claimant", 200)
    kind_text = cells.text("claimant_kind")
    claimant_kind = None
    if kind_text is not None:
        claimant_kind = kind_from_text(kind_text)
        if claimant_kind is None:
            values = ", ".join(k.value for k in SourceKind)
            cells.problem("claimant_kind", f"{kind_text!r} is not one of {values}")
        elif claimant is None:
            cells.problem("claimant_kind", "a claimant kind was given without a claimant")
    language = cells.text("language", LANGUAGE_MAX) or "en"
    data = ClaimData(
        statement=statement,
        quote=cells.raw("quote"),
        claim_date=cells.date("claim_date"),
        event_date=cells.date("event_date"),
        place=cells.text("place", 200),
        tags=cells.items("tags", ";"),
        language=language,
        checkable=cells.boolean("checkable", True),
        quantity_value=cells.number("quantity_value"),
        quantity_low=cells.number("quantity_low"),
        quantity_high=cells.number("quantity_high"),
        quantity_unit=cells.text("quantity_unit", 80),
        quantity_as_of=cells.date("quantity_as_of"),
    )
    item = ClaimRow(
        claim=data,
        claimant=claimant,
        claimant_kind=claimant_kind,
        relays=cells.items("relays", ">"),
        appearance=_appearance(cells),
        verdict=_verdict(cells),
    )
    external_id = cells.text("external_id", 200)
    if cells.problems:
        return None, cells.problems
    if external_id:
        data.external_id = external_id
        return Checked(row, item, external_id, "external_id", f"external_id {external_id!r}"), []
    url = item.appearance.url if item.appearance else None
    key = checksum_key(statement, claimant or "", url or "")
    data.external_id = key
    return Checked(row, item, key, "statement", "same statement, claimant and URL"), []


def existing_keys(sess: Session, keys: list[str]) -> set[str]:
    """The keys among ``keys`` that claims carry already (queried 500 at a time)."""
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        query = select(Claim.external_id).where(Claim.external_id.in_(chunk))
        found.update(k for k in sess.scalars(query) if k is not None)
    return found


def _claimant_id(sess: Session, actor: Any, item: ClaimRow, counts: dict[str, int]) -> int | None:
    if item.claimant is None:
        return None
    found = source_id(sess, item.claimant, "claimant")
    if found is not None:
        return found
    if item.claimant_kind is None:
        raise RowProblem(
            "claimant",
            f"claimant {item.claimant!r} is not a known source; add claimant_kind to create it",
        )
    with blame("claimant", {}):
        created = create_source(
            sess, actor=actor, data=SourceData(name=item.claimant, kind=item.claimant_kind)
        )
    counts["sources"] += 1
    return created.id


def _add_appearance(
    sess: Session, actor: Any, claim: Claim, row: AppearanceRow, counts: dict[str, int]
) -> None:
    document = document_with_url(sess, row.url) if row.url else None
    if document is None:
        publisher_id = (
            known_source_id(sess, row.publisher, "appearance_publisher") if row.publisher else None
        )
        with blame("appearance_url", DOCUMENT_FIELDS):
            document = create_document(
                sess,
                actor=actor,
                data=DocumentData(
                    title=row.title or row.url or "",
                    url=row.url,
                    publisher_id=publisher_id,
                    published_on=row.published_on,
                ),
            )
        counts["documents"] += 1
    with blame("appearance_url", APPEARANCE_FIELDS):
        add_appearance(sess, actor=actor, claim=claim, document=document, quote=row.quote)


def _record_verdict(
    sess: Session, actor: Any, claim: Claim, row: VerdictRow, counts: dict[str, int]
) -> None:
    value_id = rating_value_id(sess, row.scale, row.rating)
    with blame("verdict_conclude" if row.conclude else "verdict", VERDICT_FIELDS):
        record_verdict(
            sess,
            actor=actor,
            claim=claim,
            conclude=row.conclude,
            data=VerdictData(
                rating_value_id=value_id,
                credibility=row.credibility,
                rationale=row.rationale,
                evidence=[EvidenceData(url=url) for url in row.evidence_urls],
            ),
        )
    counts["verdicts"] += 1


def write(sess: Session, actor: Any, item: ClaimRow, counts: dict[str, int]) -> None:
    """Create the row's claim (and claimant, document, appearance, verdict when given)."""
    item.claim.claimant_id = _claimant_id(sess, actor, item, counts)
    item.claim.relay_ids = [known_source_id(sess, name, "relays") for name in item.relays]
    with blame("statement", CLAIM_FIELDS):
        claim = create_claim(sess, actor=actor, data=item.claim)
    counts["claims"] += 1
    if item.appearance is not None:
        _add_appearance(sess, actor, claim, item.appearance, counts)
    if item.verdict is not None:
        _record_verdict(sess, actor, claim, item.verdict, counts)


SPEC: ImportSpec[ClaimRow] = ImportSpec(
    kind="csv-claims",
    noun="claim",
    columns=COLUMNS,
    required=REQUIRED,
    counts=("claims", "sources", "documents", "verdicts"),
    check=check,
    existing_keys=existing_keys,
    write=write,
    similar=lambda sess, items: likely_duplicates(
        sess, [(item.row.number, item.data.claim.statement) for item in items]
    ),
    write_all=import_checked,
)
# Every row through the operations, each in its own savepoint: the reference the bulk
# path is tested against, and what an import falls back to when the database refuses it.
ROW_BY_ROW_SPEC: ImportSpec[ClaimRow] = replace(SPEC, write_all=None)
