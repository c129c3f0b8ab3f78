"""Claim lists: filters, search, sorting and keyset pages, shared by pages, exports and the API.

The search backends (SQLite FTS5, PostgreSQL tsvector) live in :mod:`webapp.claims.search`;
:func:`claims_query` and :func:`search_claim_ids` are the one interface to them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import BindParameter, Select, case, func, select
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Subquery

from webapp.claims import search
from webapp.claims.models import Claim, ClaimStatus, Tag, claim_tags
from webapp.core.pagination import Page, SortKey, decode_cursor, encode_cursor
from webapp.core.text import fold
from webapp.documents.models import Appearance, Document
from webapp.verdicts.models import Verdict

# Ranking costs about a microsecond per match; beyond this many matches a search is ordered
# by date instead, so a very common word can never make a page slow.
SEARCH_RANK_LIMIT = 2000
SORTS = ("relevance", "newest", "oldest", "claim_date", "updated")

_NO_DATE = dt.date(1, 1, 1)
_ID, _CREATED, _UPDATED = (
    Claim.id.expression,
    Claim.created_at.expression,
    Claim.updated_at.expression,
)


def current_verdicts(claim_ids: Sequence[int] | BindParameter[Any] | None = None) -> Subquery:
    """Each claim's current verdict (latest concluded, unretracted), computed in SQL.

    Columns: claim_id, verdict_id, rating_value_id, concluded_at.
    """
    ranked = select(
        Verdict.claim_id,
        Verdict.id.label("verdict_id"),
        Verdict.rating_value_id,
        Verdict.concluded_at,
        func.row_number()
        .over(
            partition_by=Verdict.claim_id,
            order_by=(Verdict.concluded_at.desc(), Verdict.id.desc()),
        )
        .label("position"),
    ).where(Verdict.concluded_at.is_not(None), Verdict.retracted_at.is_(None))
    if claim_ids is not None:
        ranked = ranked.where(Verdict.claim_id.in_(claim_ids))
    inner = ranked.subquery("ranked_verdicts")
    return (
        select(inner.c.claim_id, inner.c.verdict_id, inner.c.rating_value_id, inner.c.concluded_at)
        .where(inner.c.position == 1)
        .subquery("current_verdicts")
    )


@dataclass
class ClaimFilters:
    """What the list page, an export or the API asks for; empty fields do not filter."""

    q: str = ""
    status: ClaimStatus | None = None
    verdict: int | Literal["none"] | None = None  # a rating value id, or "none": no verdict yet
    claimant_id: int | None = None
    publisher_id: int | None = None
    tags: list[str] = field(default_factory=list)
    claim_from: dt.date | None = None
    claim_to: dt.date | None = None
    created_from: dt.date | None = None
    created_to: dt.date | None = None
    checkable: bool | None = None
    show_retracted: bool = False
    sort: str = ""  # one of SORTS; empty: relevance when searching, else newest


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def filter_conditions(
    filters: ClaimFilters, sess: Session | None = None
) -> list[ColumnElement[bool]]:
    """The WHERE clauses of every filter except the search words.

    With ``sess``, each clause takes the form that is fastest on its engine for the data.
    """
    f = filters
    conditions: list[ColumnElement[bool]] = []
    if not f.show_retracted:
        conditions.append(Claim.retracted_at.is_(None))
    if f.status is not None:
        conditions.append(Claim.status == f.status)
    if f.verdict == "none":
        conditions.append(Claim.id.not_in(select(current_verdicts().c.claim_id)))
    elif f.verdict is not None:
        cv = current_verdicts()
        conditions.append(
            Claim.id.in_(select(cv.c.claim_id).where(cv.c.rating_value_id == f.verdict))
        )
    if f.claimant_id is not None:
        conditions.append(Claim.claimant_id == f.claimant_id)
    if f.publisher_id is not None:
        published = (
            select(Appearance.claim_id)
            .join(Document, Document.id == Appearance.document_id)
            .where(Document.publisher_id == f.publisher_id, Appearance.retracted_at.is_(None))
        )
        conditions.append(Claim.id.in_(published.where(Document.retracted_at.is_(None))))
    for name in f.tags:
        tagged = select(claim_tags.c.claim_id).join(Tag, Tag.id == claim_tags.c.tag_id)
        tagged = tagged.where(Tag.name_key == fold(name))
        conditions.append(
            Claim.id.in_(tagged)
            if sess is None
            else search.member(sess, tagged, claim_tags.c.claim_id)
        )
    if f.claim_from is not None:
        conditions.append(Claim.claim_date >= f.claim_from)
    if f.claim_to is not None:
        conditions.append(Claim.claim_date <= f.claim_to)
    if f.created_from is not None:
        conditions.append(Claim.created_at >= _day_start(f.created_from))
    if f.created_to is not None:
        conditions.append(Claim.created_at < _day_start(f.created_to + dt.timedelta(days=1)))
    if f.checkable is not None:
        conditions.append(Claim.checkable.is_(f.checkable))
    return conditions


def claims_query(sess: Session, filters: ClaimFilters) -> Select[Claim]:
    """Every claim that ``filters`` select, unordered (exports and the API add their order)."""
    query = select(Claim).where(*filter_conditions(filters, sess))
    matched = search.search_condition(sess, filters.q)
    return query if matched is None else query.where(matched)


# --- sorting and keyset pages -----------------------------------------------------------


def _parse_datetime(value: Any) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(str(value))
    if parsed.tzinfo is None:
        raise ValueError("a cursor time without a zone")
    return parsed


def _parse_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) >= 2**62:
        raise ValueError("not a row id")
    return value


def _parse_float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError("not a score")
    return float(value)


def _parse_date(value: Any) -> dt.date:
    return dt.date.fromisoformat(str(value))


@dataclass(frozen=True)
class _Sort:
    name: str
    key: SortKey
    parsers: tuple[Callable[[Any], Any], ...]

    def after(self, cursor: str | None) -> ColumnElement[bool] | None:
        # The cursor names its sort, so a page link from another ordering starts afresh.
        values = decode_cursor(cursor)
        if not values or values[0] != self.name or len(values) != len(self.parsers) + 1:
            return None
        try:
            typed = [parse(v) for parse, v in zip(self.parsers, values[1:], strict=True)]
        except (TypeError, ValueError):
            return None
        return self.key.after(typed)


def _sort(name: str, score: ColumnElement[float] | None = None) -> _Sort:
    when, day, number = _parse_datetime, _parse_date, _parse_int
    if name == "relevance" and score is not None:  # lower score = better match, on both engines
        return _Sort(name, SortKey((score, _ID), False), (_parse_float, number))
    if name == "oldest":
        return _Sort(name, SortKey((_CREATED, _ID), False), (when, number))
    if name == "claim_date":  # claims without a date go last; the key is never NULL
        claim_date = func.coalesce(Claim.claim_date, _NO_DATE)
        return _Sort(name, SortKey((claim_date, _ID), True), (day, number))
    if name == "updated":
        return _Sort(name, SortKey((_UPDATED, _ID), True), (when, number))
    return _Sort("newest", SortKey((_CREATED, _ID), True), (when, number))


@dataclass
class ClaimRow:
    """One line of the list: the claim, its first appearance and its current verdict."""

    claim: Claim
    first_appearance: Appearance | None
    verdict: Verdict | None


@dataclass
class ClaimListing:
    """A page of claims, the total number of matches, and how they were ordered."""

    page: Page[ClaimRow]
    total: int
    sort: str
    rank_skipped: bool = False  # relevance was wanted but there were too many matches
    searched: bool = False
    total_capped: bool = False  # there are more than ``total`` matches


def list_claims(
    sess: Session,
    filters: ClaimFilters,
    cursor: str | None = None,
    per_page: int = 50,
    count_limit: int | None = None,
) -> ClaimListing:
    """One keyset page of the claims ``filters`` select, with the total count.

    Relevance ranking (bm25 on SQLite, ts_rank on PostgreSQL) is BOUNDED: it runs only when at
    most :data:`SEARCH_RANK_LIMIT` claims match. Beyond that the matches come newest first and
    ``rank_skipped`` is set, so the page can ask for a narrower search. With ``count_limit``
    the count stops there (``total_capped``): counting a million claims costs more than the
    page itself.
    """
    unsearched = filter_conditions(filters, sess)
    matched = search.search_condition(sess, filters.q)
    searched = matched is not None
    conditions = unsearched if matched is None else [*unsearched, matched]
    counted = select(Claim.id).where(*unsearched)
    if searched:  # walk the index's matches, not every claim probing the index
        counted = search.matching(sess, counted, filters.q)
    if count_limit is not None:
        counted = counted.limit(max(count_limit, SEARCH_RANK_LIMIT) + 1)
    found = sess.scalar(select(func.count()).select_from(counted.subquery())) or 0
    capped = count_limit is not None and found > count_limit
    total = count_limit if capped and count_limit is not None else found
    wanted = filters.sort if filters.sort in SORTS else ""
    wanted = wanted or ("relevance" if searched else "newest")
    query = select(Claim).where(*conditions)
    score = None
    rank_skipped = False
    if wanted == "relevance" and searched:
        if found > SEARCH_RANK_LIMIT:
            rank_skipped = True
        else:
            query, score = search.ranked(sess, select(Claim).where(*unsearched), filters.q)
    sort = _sort(wanted, score)
    after = sort.after(cursor)
    if after is not None:
        query = query.where(after)
    query = query.options(joinedload(Claim.claimant), selectinload(Claim.tags))
    keyed = query.add_columns(*sort.key.columns).order_by(*sort.key.order_by())
    rows = sess.execute(keyed.limit(per_page + 1)).all()
    next_cursor = None
    if len(rows) > per_page:
        rows = rows[:per_page]
        next_cursor = encode_cursor([sort.name, *rows[-1][1:]])
    claims = [row[0] for row in rows]
    page = Page(items=_rows(sess, claims), next_cursor=next_cursor, total=total)
    return ClaimListing(page, total, sort.name, rank_skipped, searched, capped)


def _rows(sess: Session, claims: list[Claim]) -> list[ClaimRow]:
    ids = [claim.id for claim in claims]
    if not ids:
        return []
    firsts = sess.scalars(
        select(Appearance)
        .options(joinedload(Appearance.document).joinedload(Document.publisher))
        .where(Appearance.claim_id.in_(ids), Appearance.is_first.is_(True))
        .where(Appearance.retracted_at.is_(None))
    )
    first_of = {a.claim_id: a for a in firsts}
    cv = current_verdicts(ids)
    verdicts = sess.scalars(
        select(Verdict)
        .options(joinedload(Verdict.rating))
        .where(Verdict.id.in_(select(cv.c.verdict_id)))
    )
    verdict_of = {v.claim_id: v for v in verdicts}
    return [ClaimRow(c, first_of.get(c.id), verdict_of.get(c.id)) for c in claims]


def search_claim_ids(sess: Session, text: str, limit: int = 50) -> list[int]:
    """Ids of live claims matching ``text``: best first (bounded as in :func:`list_claims`)."""
    listing = list_claims(sess, ClaimFilters(q=text, sort="relevance"), per_page=limit)
    return [row.claim.id for row in listing.page.items] if listing.searched else []


def any_claims(sess: Session) -> bool:
    """True once the desk has recorded a claim (retracted ones count)."""
    return sess.scalar(select(Claim.id).limit(1)) is not None


def tag_suggestions(sess: Session, text: str, limit: int = 10) -> list[tuple[str, int]]:
    """Tags containing ``text`` (prefix matches first) with their number of live claims."""
    key = fold(search.clean_query(text))[:200]
    count = func.count(Claim.id)
    query = (
        select(Tag.name, count)
        .outerjoin(claim_tags, claim_tags.c.tag_id == Tag.id)
        .outerjoin(Claim, (Claim.id == claim_tags.c.claim_id) & Claim.retracted_at.is_(None))
        .group_by(Tag.id, Tag.name, Tag.name_key)
    )
    if key:
        prefix = Tag.name_key.startswith(key, autoescape=True)
        query = query.where(Tag.name_key.contains(key, autoescape=True))
        query = query.order_by(case((prefix, 0), else_=1))
    rows = sess.execute(query.order_by(count.desc(), Tag.name_key).limit(limit)).all()
    return [(name, number) for name, number in rows]
