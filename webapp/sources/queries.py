"""Reads of sources shared by the pages, the suggestion endpoint, exports and the API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, case, func, or_, select, true
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.elements import ColumnElement

from webapp.claims.models import Claim, ClaimRelay
from webapp.core import audit
from webapp.core.pagination import SortKey, decode_cursor, encode_cursor
from webapp.core.text import fold
from webapp.documents.models import Appearance, Document
from webapp.reliability.queries import desk_state, kept, new_cache
from webapp.sources.models import AdmiraltyGrade, Source, SourceAlias, SourceGrade, SourceKind
from webapp.verdicts.models import Verdict

CLAIMS_SHOWN = 50


@dataclass
class SourceFilters:
    """What the list shows: a search term, filters and an ordering (from the query string)."""

    q: str = ""
    kind: SourceKind | None = None
    graded: bool | None = None
    grade: AdmiraltyGrade | None = None
    show_retracted: bool = False
    sort: str = "name"


@dataclass
class SourceRow:
    """A source in the list, with the number of live claims it made."""

    source: Source
    claims_made: int


@dataclass
class SourcePage:
    """One page of the list, the cursor of the next page and the total of all pages."""

    rows: list[SourceRow]
    next_cursor: str | None
    total: int


def _claims_made_counts() -> Any:
    return (
        select(Claim.claimant_id.label("source_id"), func.count(Claim.id).label("n"))
        .where(Claim.claimant_id.is_not(None), Claim.retracted_at.is_(None))
        .group_by(Claim.claimant_id)
        .subquery("claims_made")
    )


def _current_grade() -> Any:
    """The letter of a source's latest grade (a correlated subquery; NULL when ungraded)."""
    return (
        select(SourceGrade.grade)
        .where(SourceGrade.source_id == Source.id)
        .order_by(SourceGrade.id.desc())
        .limit(1)
        .correlate(Source)
        .scalar_subquery()
    )


def matching(term: str) -> ColumnElement[bool]:
    """Sources whose folded name or an alias contains ``term`` (case- and accent-insensitive)."""
    key = fold(term)
    if not key:
        return true()
    alias_owner = select(SourceAlias.source_id).where(
        SourceAlias.alias_key.contains(key, autoescape=True)
    )
    return or_(Source.name_key.contains(key, autoescape=True), Source.id.in_(alias_owner))


def _filtered(filters: SourceFilters) -> Select[Any]:
    query = select(Source)
    if not filters.show_retracted:
        query = query.where(Source.retracted_at.is_(None))
    if filters.q.strip():
        query = query.where(matching(filters.q))
    if filters.kind is not None:
        query = query.where(Source.kind == filters.kind)
    graded = select(SourceGrade.id).where(SourceGrade.source_id == Source.id).exists()
    if filters.graded is True:
        query = query.where(graded)
    elif filters.graded is False:
        query = query.where(~graded)
    if filters.grade is not None:
        query = query.where(_current_grade() == filters.grade)
    return query


def _sort(name: str, claims_made: ColumnElement[int]) -> tuple[SortKey, list[Callable[[Any], Any]]]:
    """The ordering called ``name`` and how to read its cursor values back."""
    if name == "newest":
        return SortKey((Source.created_at.expression, Source.id.expression), True), [
            dt.datetime.fromisoformat,
            int,
        ]
    if name == "claims":
        return SortKey((claims_made, Source.id.expression), True), [int, int]
    return SortKey((Source.name_key.expression, Source.id.expression), False), [str, int]


def _after(sort: SortKey, readers: list[Callable[[Any], Any]], cursor: str | None) -> Any:
    values = decode_cursor(cursor)
    if values is None or len(values) != len(readers):
        return None
    try:
        return sort.after([read(value) for read, value in zip(readers, values, strict=True)])
    except (TypeError, ValueError):
        return None  # a garbled cursor shows the first page


def list_sources(
    sess: Session, filters: SourceFilters, cursor: str | None, per_page: int
) -> SourcePage:
    """One page of sources matching ``filters``, keyset-paginated after ``cursor``."""
    base = _filtered(filters)
    total = sess.scalar(select(func.count()).select_from(base.subquery())) or 0
    counts = _claims_made_counts()
    made_count = func.coalesce(counts.c.n, 0)
    sort, readers = _sort(filters.sort, made_count)
    query = base.add_columns(made_count).outerjoin(counts, counts.c.source_id == Source.id)
    after = _after(sort, readers, cursor)
    if after is not None:
        query = query.where(after)
    query = query.options(selectinload(Source.aliases), selectinload(Source.grades))
    found = sess.execute(query.order_by(*sort.order_by()).limit(per_page + 1)).all()
    rows = [SourceRow(source=source, claims_made=int(n)) for source, n in found[:per_page]]
    next_cursor = None
    if len(found) > per_page:
        last = rows[-1]
        key: list[Any] = [last.source.name_key, last.source.id]
        if filters.sort == "newest":
            key = [last.source.created_at.isoformat(), last.source.id]
        elif filters.sort == "claims":
            key = [last.claims_made, last.source.id]
        next_cursor = encode_cursor(key)
    return SourcePage(rows=rows, next_cursor=next_cursor, total=total)


def suggest(sess: Session, term: str, limit: int = 10) -> list[Source]:
    """Live sources for a picker: name or alias prefix matches first, then other matches."""
    key = fold(term)
    if not key:
        return []
    prefix = or_(
        Source.name_key.startswith(key, autoescape=True),
        Source.id.in_(
            select(SourceAlias.source_id).where(
                SourceAlias.alias_key.startswith(key, autoescape=True)
            )
        ),
    )
    query = (
        select(Source)
        .where(Source.retracted_at.is_(None), matching(term))
        .order_by(case((prefix, 0), else_=1), Source.name_key, Source.id)
        .limit(limit)
    )
    return list(sess.scalars(query))


def source_by_id(sess: Session, source_id: int) -> Source | None:
    """A source with its aliases and grades (and who graded) loaded."""
    return sess.scalar(
        select(Source)
        .where(Source.id == source_id)
        .options(
            selectinload(Source.aliases),
            selectinload(Source.grades).selectinload(SourceGrade.graded_by),
        )
    )


@dataclass
class ClaimList:
    """The newest claims of one kind of link to a source, and how many there are in all."""

    claims: list[Claim]
    total: int
    before: int | None = None  # this page's claims are older than this claim id
    older: int | None = None  # the cursor of the next (older) page, when there is one

    @property
    def capped(self) -> bool:
        return self.total > len(self.claims)


# Claim counts of a source page's lists, kept per desk state as the reliability figures are
# (counting ~95,000 claims of one source took most of a kept page's time).
_COUNTS: dict[tuple[Any, ...], int] = new_cache()
_COUNTS_KEPT = 768


def _claims(
    sess: Session,
    kind: str,
    source_id: int,
    condition: ColumnElement[bool],
    limit: int | None,
    before: int | None,
) -> ClaimList:
    """One page (keyset on the claim id, newest first) of a source's live claims of ``kind``."""
    limit = limit or CLAIMS_SHOWN
    where = (condition, Claim.retracted_at.is_(None))
    total = kept(
        _COUNTS,
        (desk_state(sess), kind, source_id),
        _COUNTS_KEPT,
        lambda: sess.scalar(select(func.count(Claim.id)).where(*where)) or 0,
    )
    page = select(Claim).where(*where)
    if before is not None:
        page = page.where(Claim.id < before)
    claims = list(
        sess.scalars(
            page.order_by(Claim.id.desc())
            .limit(limit + 1)
            .options(selectinload(Claim.verdicts).selectinload(Verdict.rating))
        )
    )
    older = claims[limit - 1].id if len(claims) > limit else None
    return ClaimList(claims=claims[:limit], total=total, before=before, older=older)


def claims_made(
    sess: Session, source_id: int, limit: int | None = None, before: int | None = None
) -> ClaimList:
    """Live claims this source made (as claimant), newest first."""
    return _claims(sess, "made", source_id, Claim.claimant_id == source_id, limit, before)


def claims_published(
    sess: Session, source_id: int, limit: int | None = None, before: int | None = None
) -> ClaimList:
    """Live claims that appeared in live documents this source published."""
    appeared = (
        select(Appearance.claim_id)
        .join(Document, Document.id == Appearance.document_id)
        .where(
            Document.publisher_id == source_id,
            Document.retracted_at.is_(None),
            Appearance.retracted_at.is_(None),
        )
    )
    return _claims(sess, "published", source_id, Claim.id.in_(appeared), limit, before)


def claims_relayed(
    sess: Session, source_id: int, limit: int | None = None, before: int | None = None
) -> ClaimList:
    """Live claims this source passed on (a relay between claimant and publisher)."""
    relayed = select(ClaimRelay.claim_id).where(ClaimRelay.source_id == source_id)
    return _claims(sess, "relayed", source_id, Claim.id.in_(relayed), limit, before)


FIELD_LABELS = {
    "name": "Name",
    "kind": "Kind",
    "aliases": "Other names",
    "description": "Description",
    "homepage_url": "Homepage",
    "country": "Country",
    "wikidata_id": "Wikidata id",
    "job_title": "Job title",
    "state": "State or region",
    "party": "Party",
    "grade": "Grade",
    "grade_rationale": "Grade rationale",
    "retracted": "Retracted",
    "retraction_reason": "Reason for retracting",
}
_FIELD_ORDER = {name: position for position, name in enumerate(FIELD_LABELS)}
ACTION_LABELS = {
    "create": "Created",
    "update": "Edited",
    "grade": "Graded",
    "retract": "Retracted",
    "restore": "Restored",
}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    """One audit entry of a source, ready to read: who did what when, field by field."""

    at: dt.datetime
    who: str
    action: str
    summary: str
    changes: list[FieldChange]


def _shown(field: str, value: Any) -> str:
    """A stored audit value as a person reads it."""
    if value is None or value == "" or value == []:
        return "—"
    if field == "kind":
        try:
            return SourceKind(value).label
        except ValueError:
            return str(value)
    if field == "grade":
        try:
            return f"{value} ({AdmiraltyGrade(value).label})"
        except ValueError:
            return str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def source_history(sess: Session, source_id: int) -> list[HistoryEntry]:
    """The audit trail of a source, newest first, as readable field changes."""
    entries = []
    for entry in reversed(audit.history(sess, "source", source_id)):
        names = sorted(entry.changes, key=lambda name: _FIELD_ORDER.get(name, len(_FIELD_ORDER)))
        changes = [
            FieldChange(FIELD_LABELS.get(name, name), _shown(name, old), _shown(name, new))
            for name in names
            for old, new in [entry.changes[name]]
        ]
        if entry.action == "create":
            # A new source has every field "changed from nothing": show only what was filled.
            changes = [change for change in changes if change.new != "—"]
        entries.append(
            HistoryEntry(
                at=entry.at,
                who=entry.actor.display_name if entry.actor else "System (command line or import)",
                action=ACTION_LABELS.get(entry.action, entry.action.capitalize()),
                summary=entry.summary,
                changes=changes,
            )
        )
    return entries
