"""Checking every row of a claims file before anything is written (the bulk path's first half).

A row is planned in the order :func:`webapp.imports.csv_claims.write` runs the
operations (claimant, relays, claim, document and appearance, verdict), with the
operations' own checks (``check_claim_values``, ``check_document_values``,
``check_verdict_values``, role checks) and the importer's look-ups
(:mod:`webapp.imports.csv_lookups`). The first refusal is the row's problem, as when the
row runs through the operations; what a refused row would have created (a claimant, a
document) is forgotten, so later rows cannot find it. Sources and documents a kept row
creates are found by later rows, exactly as flushed rows are found by the row-by-row path.

One case differs: a later row naming a claimant this file creates by its number
("Name #123") finds nothing, because the number is not given out before the write.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.claims.operations import check_claim_text, check_claim_values
from webapp.core import changes
from webapp.core.permissions import Role
from webapp.core.text import fold
from webapp.documents.models import Document
from webapp.documents.operations import DocumentData, check_document_values
from webapp.documents.quotes import quote_and_note
from webapp.imports.csv_claim_rows import (
    APPEARANCE_FIELDS,
    CLAIM_FIELDS,
    DOCUMENT_FIELDS,
    VERDICT_FIELDS,
    ClaimRow,
)
from webapp.imports.csv_lookups import rating_value_id, source_id
from webapp.imports.csv_runner import Checked, RowCache, RowProblem, blame, using_row_cache
from webapp.imports.csv_sources import ID_SUFFIX
from webapp.imports.reading import Problem
from webapp.sources.operations import SourceData, check_source_values
from webapp.verdicts.models import RatingValue
from webapp.verdicts.operations import EvidenceData, VerdictData, check_verdict_values

URLS_PER_QUERY = 500


@dataclass(eq=False)
class NewSource:
    """A claimant the import creates; ``id`` is set when it is written."""

    data: SourceData
    id: int | None = None


SourceRef = int | NewSource


@dataclass(eq=False)
class NewDocument:
    """A document the import creates; ``id`` is set when it is written."""

    data: DocumentData
    publisher: SourceRef | None = None
    id: int | None = None


@dataclass(frozen=True)
class KnownDocument:
    id: int
    title: str


@dataclass
class PlannedRow:
    """A checked row with every reference resolved: ready to be written in bulk."""

    checked: Checked[ClaimRow]
    claimant: SourceRef | None = None
    new_claimant: NewSource | None = None
    relays: list[SourceRef] = field(default_factory=list)
    document: KnownDocument | NewDocument | None = None
    new_document: NewDocument | None = None
    appearance_quote: str = ""
    rating: RatingValue | None = None
    verdict: VerdictData | None = None
    conclude: bool = False
    tag_names: list[str] = field(default_factory=list)  # set when written

    @property
    def row(self) -> ClaimRow:
        return self.checked.data


def ref_id(ref: SourceRef | None) -> int | None:
    """The id of a source reference (a new source's once it is written)."""
    if isinstance(ref, NewSource):
        return ref.id
    return ref


def _placeholder(ref: SourceRef) -> int:
    # check_claim_values compares relay ids; a new source has none yet, so stand in a
    # number no real source has (distinct per new source).
    return ref if isinstance(ref, int) else -id(ref)


class Planner:
    """Plans rows in file order, remembering what kept rows create."""

    def __init__(self, sess: Session, actor: Any, items: list[Checked[ClaimRow]]) -> None:
        self.sess = sess
        self.actor = actor
        self.cache = RowCache()
        self.new_sources: dict[str, NewSource] = {}  # folded name -> kept new source
        self.new_documents: dict[str, NewDocument] = {}  # URL -> kept new document
        self.pending_sources: dict[str, NewSource] = {}
        self.pending_documents: dict[str, NewDocument] = {}
        self.known_documents = self._documents_at(items)

    def _documents_at(self, items: list[Checked[ClaimRow]]) -> dict[str, KnownDocument]:
        """The live documents at the file's URLs (the lowest id when several share one)."""
        urls = sorted(
            {i.data.appearance.url for i in items if i.data.appearance and i.data.appearance.url}
        )
        found: dict[str, KnownDocument] = {}
        for start in range(0, len(urls), URLS_PER_QUERY):
            query = (
                select(Document.id, Document.url, Document.title)
                .where(
                    Document.url.in_(urls[start : start + URLS_PER_QUERY]),
                    Document.retracted_at.is_(None),
                )
                .order_by(Document.id.desc())
            )
            for doc_id, url, title in self.sess.execute(query):
                if url is not None:
                    found[url] = KnownDocument(doc_id, title)
        return found

    # -- look-ups -------------------------------------------------------------------

    def _source(self, text: str, column: str) -> SourceRef | None:
        if not ID_SUFFIX.search(text):
            key = fold(text)
            created = self.pending_sources.get(key) or self.new_sources.get(key)
            if created is not None:
                return created
        return source_id(self.sess, text, column)

    def _known_source(self, text: str, column: str) -> SourceRef:
        found = self._source(text, column)
        if found is None:
            raise RowProblem(
                column,
                f"{text!r} is not a known source; add it first (claimdesk import sources, or "
                "the Sources page) or fix the spelling",
            )
        return found

    def _document(self, url: str | None) -> KnownDocument | NewDocument | None:
        if url is None:
            return None
        return (
            self.known_documents.get(url)
            or self.pending_documents.get(url)
            or self.new_documents.get(url)
        )

    # -- one row, in the order csv_claims.write runs the operations --------------------

    def _claimant(self, plan: PlannedRow) -> None:
        row = plan.row
        if row.claimant is None:
            return
        found = self._source(row.claimant, "claimant")
        if found is None:
            if row.claimant_kind is None:
                raise RowProblem(
                    "claimant",
                    f"claimant {row.claimant!r} is not a known source; add claimant_kind to "
                    "create it",
                )
            data = SourceData(name=row.claimant, kind=row.claimant_kind)
            with blame("claimant", {}):
                changes.require(self.actor, Role.CHECKER, "Adding a source")
                check_source_values(data)
            found = plan.new_claimant = NewSource(data)
            self.pending_sources[fold(data.name)] = found
        plan.claimant = found

    def _claim(self, plan: PlannedRow) -> None:
        plan.relays = [self._known_source(name, "relays") for name in plan.row.relays]
        data = plan.row.claim
        data.relay_ids = [_placeholder(ref) for ref in plan.relays]
        with blame("statement", CLAIM_FIELDS):
            changes.require(self.actor, Role.CHECKER, "Recording a claim")
            check_claim_text(data)
            check_claim_values(data)

    def _appearance(self, plan: PlannedRow) -> None:
        appearance = plan.row.appearance
        if appearance is None:
            return
        document = self._document(appearance.url)
        if document is None:
            publisher = None
            if appearance.publisher:
                publisher = self._known_source(appearance.publisher, "appearance_publisher")
            data = DocumentData(
                title=appearance.title or appearance.url or "",
                url=appearance.url,
                published_on=appearance.published_on,
            )
            with blame("appearance_url", DOCUMENT_FIELDS):
                changes.require(self.actor, Role.CHECKER, "Adding a document")
                check_document_values(data)
            document = plan.new_document = NewDocument(data, publisher)
            if data.url:
                self.pending_documents[data.url] = document
        plan.document = document
        with blame("appearance_url", APPEARANCE_FIELDS):
            changes.require(self.actor, Role.CHECKER, "Adding an appearance")
            plan.appearance_quote, _ = quote_and_note(appearance.quote, None)

    def _verdict(self, plan: PlannedRow) -> None:
        verdict = plan.row.verdict
        if verdict is None:
            return
        value_id = rating_value_id(self.sess, verdict.scale, verdict.rating)
        conclude = verdict.conclude
        with blame("verdict_conclude" if conclude else "verdict", VERDICT_FIELDS):
            changes.require(
                self.actor,
                Role.EDITOR if conclude else Role.CHECKER,
                "Concluding a verdict" if conclude else "Proposing a verdict",
            )
            rating = self.sess.get(RatingValue, value_id)
            assert rating is not None  # rating_value_id found it on its scale
            data = VerdictData(
                rating_value_id=value_id,
                credibility=verdict.credibility,
                rationale=verdict.rationale,
                evidence=[EvidenceData(url=url) for url in verdict.evidence_urls],
            )
            check_verdict_values(data, rating, plan.row.claim.checkable)
        plan.rating, plan.verdict, plan.conclude = rating, data, conclude

    def plan(self, item: Checked[ClaimRow]) -> PlannedRow | Problem:
        """The row's plan, or its first problem (then nothing it found or made is kept)."""
        plan = PlannedRow(item)
        try:
            self._claimant(plan)
            self._claim(plan)
            self._appearance(plan)
            self._verdict(plan)
        except RowProblem as error:
            self._end_row(kept=False)
            return Problem(item.row.number, error.column, error.reason)
        self._end_row(kept=True)
        return plan

    def _end_row(self, kept: bool) -> None:
        if kept:
            self.new_sources.update(self.pending_sources)
            self.new_documents.update(self.pending_documents)
        self.pending_sources.clear()
        self.pending_documents.clear()
        self.cache.end_row(kept)


def plan_rows(
    sess: Session, actor: Any, items: list[Checked[ClaimRow]]
) -> tuple[list[PlannedRow], list[Problem]]:
    """Every row's plan, or the problems of the rows that cannot be imported."""
    planner = Planner(sess, actor, items)
    plans: list[PlannedRow] = []
    problems: list[Problem] = []
    with using_row_cache(sess, planner.cache):
        for item in items:
            outcome = planner.plan(item)
            if isinstance(outcome, Problem):
                problems.append(outcome)
            else:
                plans.append(outcome)
    return plans, problems
