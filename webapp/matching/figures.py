"""Conflicting figures: claims giving numbers of one unit about one subject that disagree.

Two claims are compared when their units normalise alike (``quantity_unit_key``), they share
a tag or name the same place, and their dates (quantity "as of", else event, else claim
date) lie within :data:`DATE_WINDOW` of each other (a claim without any date is compared with
all). A figure is its value, or its range [low, high] (an open end when only one bound is
given). Two figures are ``difference`` apart: 0 when they overlap, else the gap between
them over the larger of the two nearer ends (10,000 against 3,000: 70%). They disagree when
that is above the tolerance.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from webapp.claims.models import Claim, Tag, claim_tags
from webapp.core.text import fold
from webapp.matching.normalize import unit_key
from webapp.matching.queries import claim_verdicts
from webapp.verdicts.models import Verdict

DATE_WINDOW = dt.timedelta(days=90)
DEFAULT_TOLERANCE = 10.0  # percent
MAX_FIGURES = 1000  # claims read by the report (most recent first)
MAX_PER_SUBJECT = 200
MAX_PAIRS = 100
MAX_OTHERS = 50


@dataclass(frozen=True)
class Figure:
    """A claim's number with what a checker needs beside it."""

    claim: Claim
    low: float
    high: float
    verdict: Verdict | None

    @property
    def when(self) -> dt.date | None:
        c = self.claim
        return c.quantity_as_of or c.event_date or c.claim_date


@dataclass(frozen=True)
class Disagreement:
    """Two figures ``difference`` apart (a fraction), about ``subject``."""

    first: Figure
    second: Figure
    difference: float
    subject: str

    @property
    def percent(self) -> int:
        return round(self.difference * 100)


def bounds(claim: Claim) -> tuple[float, float] | None:
    """The claim's figure as an interval, or None when it gives no number."""
    if claim.quantity_value is not None:
        return claim.quantity_value, claim.quantity_value
    low, high = claim.quantity_low, claim.quantity_high
    if low is None and high is None:
        return None
    return (low if low is not None else -math.inf), (high if high is not None else math.inf)


def difference(a: tuple[float, float], b: tuple[float, float]) -> float:
    """How far apart two figures are, as a fraction of the larger of the nearer ends."""
    if a[0] > b[0]:
        a, b = b, a
    if b[0] <= a[1]:
        return 0.0
    near = max(abs(a[1]), abs(b[0]))
    return (b[0] - a[1]) / near if near else 0.0


def _dates_meet(a: Figure, b: Figure) -> bool:
    if a.when is None or b.when is None:
        return True
    return abs(a.when - b.when) <= DATE_WINDOW


def _figures(sess: Session, query: Select[Claim]) -> list[Figure]:
    claims = sess.scalars(
        query.options(joinedload(Claim.claimant), selectinload(Claim.tags))
    ).unique()
    found = [(c, bounds(c)) for c in claims]
    kept = [(c, b) for c, b in found if b is not None]
    verdicts = claim_verdicts(sess, [c.id for c, _ in kept])
    return [Figure(c, b[0], b[1], verdicts.get(c.id)) for c, b in kept]


def _with_figures() -> Select[Claim]:
    return select(Claim).where(
        Claim.retracted_at.is_(None),
        Claim.quantity_unit_key.is_not(None),
        or_(
            Claim.quantity_value.is_not(None),
            Claim.quantity_low.is_not(None),
            Claim.quantity_high.is_not(None),
        ),
    )


def _subject(a: Claim, b: Claim) -> str | None:
    """What two claims are both about (a shared tag or their place), or None."""
    shared = sorted({t.name for t in a.tags} & {t.name for t in b.tags})
    if shared:
        return ", ".join(shared)
    if a.place and b.place and fold(a.place) == fold(b.place):
        return a.place
    return None


def other_figures(sess: Session, claim: Claim) -> list[tuple[Figure, float, str]]:
    """The figures other claims give of this claim's unit and subject: (figure, difference,
    subject), farthest apart first. Empty when the claim gives no number."""
    mine = bounds(claim)
    if mine is None or claim.quantity_unit_key is None:
        return []
    tag_ids = [t.id for t in claim.tags]
    # Places compare case-insensitively here; _subject then also folds accents.
    about = [func.lower(Claim.place) == claim.place.lower()] if claim.place else []
    if tag_ids:
        tagged = select(claim_tags.c.claim_id).where(claim_tags.c.tag_id.in_(tag_ids))
        about.append(Claim.id.in_(tagged))
    if not about:
        return []
    query = (
        _with_figures()
        .where(Claim.quantity_unit_key == claim.quantity_unit_key, Claim.id != claim.id)
        .where(or_(*about))
        .order_by(Claim.id.desc())
        .limit(MAX_OTHERS)
    )
    this = Figure(claim, mine[0], mine[1], None)
    found = []
    for other in _figures(sess, query):
        subject = _subject(claim, other.claim)
        if subject is not None and _dates_meet(this, other):
            found.append((other, difference(mine, (other.low, other.high)), subject))
    return sorted(found, key=lambda f: (-f[1], -f[0].claim.id))


@dataclass
class Report:
    pairs: list[Disagreement]
    figures_read: int
    truncated: bool


def conflicting_pairs(
    sess: Session, *, tolerance: float, tag: str | None = None, unit: str | None = None
) -> Report:
    """Pairs of claims whose figures disagree by more than ``tolerance`` percent, the widest
    first; reads at most :data:`MAX_FIGURES` claims (the most recent)."""
    query = _with_figures()
    if tag:
        query = query.where(
            Claim.id.in_(
                select(claim_tags.c.claim_id)
                .join(Tag, Tag.id == claim_tags.c.tag_id)
                .where(Tag.name_key == fold(tag))
            )
        )
    if unit:
        query = query.where(Claim.quantity_unit_key == unit_key(unit))
    figures = _figures(sess, query.order_by(Claim.id.desc()).limit(MAX_FIGURES + 1))
    truncated = len(figures) > MAX_FIGURES
    figures = figures[:MAX_FIGURES]
    buckets: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for figure in figures:
        c = figure.claim
        subjects = [f"tag:{t.name_key}" for t in c.tags]
        subjects += [f"place:{fold(c.place)}"] if c.place else []
        for subject in subjects:
            buckets[(c.quantity_unit_key or "", subject)].append(figure)
    pairs: dict[tuple[int, int], Disagreement] = {}
    for members in buckets.values():
        for a, b in itertools.combinations(members[:MAX_PER_SUBJECT], 2):
            key = (min(a.claim.id, b.claim.id), max(a.claim.id, b.claim.id))
            if key in pairs or not _dates_meet(a, b):
                continue
            apart = difference((a.low, a.high), (b.low, b.high))
            if apart * 100 > tolerance:
                first, second = (a, b) if a.claim.id < b.claim.id else (b, a)
                pairs[key] = Disagreement(first, second, apart, _subject(a.claim, b.claim) or "")
    ranked = sorted(pairs.values(), key=lambda d: (-d.difference, -d.second.claim.id))
    return Report(ranked[:MAX_PAIRS], len(figures), truncated or len(ranked) > MAX_PAIRS)
