"""Reads of verdicts and rating scales, and the verdict timeline of a claim.

The timeline is plain data (states, corrections, marker positions) so the claim page,
exports and tests all read the same story of a claim's verdicts.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from webapp.claims.models import Claim
from webapp.users.models import User
from webapp.verdicts.models import CREDIBILITY_LABELS, RatingScale, RatingValue, Verdict

# Geometry of the inline SVG timeline (user units of its viewBox).
SVG_WIDTH = 640
SVG_HEIGHT = 74
SVG_MARGIN = 36
SVG_MIN_GAP = 26  # markers closer than this would hide each other and their "#id" labels


class VerdictState(enum.Enum):
    """Where one verdict stands in the claim's history."""

    PROPOSED = "proposed"
    CURRENT = "current"
    CORRECTED = "corrected"
    RETRACTED = "retracted"

    @property
    def label(self) -> str:
        return {
            "proposed": "Proposed, awaiting an editor",
            "current": "Current verdict",
            "corrected": "Corrected",
            "retracted": "Retracted",
        }[self.value]


def credibility_text(credibility: int) -> str:
    """ "2 - Probably true": the Admiralty number with its meaning."""
    return f"{credibility} - {CREDIBILITY_LABELS.get(credibility, 'unknown')}"


def event_time(verdict: Verdict) -> dt.datetime:
    """When a verdict took effect: its conclusion, or its proposal while it is pending."""
    return verdict.concluded_at or verdict.created_at


def _conclusion_key(verdict: Verdict) -> tuple[dt.datetime, int]:
    assert verdict.concluded_at is not None
    return (verdict.concluded_at, verdict.id)


@dataclass(frozen=True)
class TimelineEntry:
    """One verdict, its state and (when corrected) the verdict that corrected it."""

    verdict: Verdict
    state: VerdictState
    corrected_by: Verdict | None = None

    @property
    def at(self) -> dt.datetime:
        return event_time(self.verdict)

    @property
    def description(self) -> str:
        """One line for a marker's tooltip and for readers without the picture."""
        verdict = self.verdict
        text = f"Verdict #{verdict.id}: {verdict.rating.label}, {self.state.label.lower()}"
        if self.corrected_by is not None and self.corrected_by.concluded_at is not None:
            when = self.corrected_by.concluded_at.strftime("%Y-%m-%d")
            text += f" on {when} by verdict #{self.corrected_by.id}"
        verb = "concluded" if verdict.is_concluded else "proposed"
        return f"{text} ({verb} {self.at.strftime('%Y-%m-%d')})"


@dataclass(frozen=True)
class Marker:
    """Where a verdict sits on the SVG timeline."""

    entry: TimelineEntry
    x: float


@dataclass
class Timeline:
    """Every verdict of a claim: the current one, the list newest first, the markers."""

    current: Verdict | None
    entries: list[TimelineEntry]
    markers: list[Marker] = field(default_factory=list)

    @property
    def proposals(self) -> list[Verdict]:
        return [e.verdict for e in self.entries if e.state is VerdictState.PROPOSED]

    @property
    def summary(self) -> str:
        """A text alternative of the SVG picture."""
        if not self.entries:
            return "No verdicts yet."
        first = min(e.at for e in self.entries).strftime("%Y-%m-%d")
        last = max(e.at for e in self.entries).strftime("%Y-%m-%d")
        count = len(self.entries)
        text = f"Timeline of {count} verdict{'s' if count != 1 else ''}, {first} to {last}. "
        if self.current is not None:
            text += f"Current: {self.current.rating.label} (verdict #{self.current.id})."
        else:
            text += "No current verdict."
        return text


def build_timeline(verdicts: list[Verdict]) -> Timeline:
    """Classify each verdict and lay the markers out along a date axis."""
    concluded = sorted(
        (v for v in verdicts if v.is_concluded and v.retracted_at is None), key=_conclusion_key
    )
    current = concluded[-1] if concluded else None
    successor = {older.id: newer for older, newer in itertools.pairwise(concluded)}
    entries = []
    for verdict in verdicts:
        if verdict.retracted_at is not None:
            entries.append(TimelineEntry(verdict, VerdictState.RETRACTED))
        elif not verdict.is_concluded:
            entries.append(TimelineEntry(verdict, VerdictState.PROPOSED))
        elif verdict is current:
            entries.append(TimelineEntry(verdict, VerdictState.CURRENT))
        else:
            entries.append(
                TimelineEntry(verdict, VerdictState.CORRECTED, corrected_by=successor[verdict.id])
            )
    entries.sort(key=lambda e: (e.at, e.verdict.id), reverse=True)
    return Timeline(current=current, entries=entries, markers=_layout(entries))


def _layout(entries: list[TimelineEntry]) -> list[Marker]:
    """Markers oldest first, placed by time, then pushed apart so none hides another."""
    ordered = sorted(entries, key=lambda e: (e.at, e.verdict.id))
    if not ordered:
        return []
    left, right = SVG_MARGIN, SVG_WIDTH - SVG_MARGIN
    if len(ordered) == 1:
        return [Marker(ordered[0], (left + right) / 2)]
    start = ordered[0].at
    span = (ordered[-1].at - start).total_seconds()
    count = len(ordered)
    if span > 0:
        xs = [left + (right - left) * (e.at - start).total_seconds() / span for e in ordered]
    else:
        xs = [left + (right - left) * i / (count - 1) for i in range(count)]
    gap = min(SVG_MIN_GAP, (right - left) / (count - 1))
    for i in range(1, count):
        xs[i] = max(xs[i], xs[i - 1] + gap)
    xs[-1] = min(xs[-1], right)
    for i in range(count - 2, -1, -1):
        xs[i] = min(xs[i], xs[i + 1] - gap)
    return [Marker(entry, round(x, 1)) for entry, x in zip(ordered, xs, strict=True)]


def claim_verdicts(sess: Session, claim_id: int) -> list[Verdict]:
    """A claim's verdicts with everything the timeline shows, in as few queries as possible."""
    query = (
        select(Verdict)
        .where(Verdict.claim_id == claim_id)
        .options(
            selectinload(Verdict.rating).selectinload(RatingValue.scale),
            selectinload(Verdict.evidence),
            selectinload(Verdict.reviewer),
            selectinload(Verdict.created_by),
            selectinload(Verdict.concluded_by),
        )
        .order_by(Verdict.id)
    )
    return list(sess.scalars(query))


def claim_timeline(sess: Session, claim_id: int) -> Timeline:
    """The verdict timeline of one claim."""
    return build_timeline(claim_verdicts(sess, claim_id))


def claim_by_id(sess: Session, claim_id: int) -> Claim | None:
    """The claim with this id, retracted or not."""
    return sess.get(Claim, claim_id)


def verdict_by_id(sess: Session, verdict_id: int) -> Verdict | None:
    """The verdict with this id, retracted or not."""
    return sess.get(Verdict, verdict_id)


def scale_by_id(sess: Session, scale_id: int) -> RatingScale | None:
    """The rating scale with this id."""
    return sess.get(RatingScale, scale_id)


def rating_scales(sess: Session) -> list[RatingScale]:
    """Every scale with its values in order: the default scale first, then by name."""
    query = (
        select(RatingScale)
        .options(selectinload(RatingScale.values))
        .order_by(RatingScale.is_default.desc(), RatingScale.name, RatingScale.id)
    )
    return list(sess.scalars(query))


def active_users(sess: Session) -> list[User]:
    """Accounts that may review a verdict, by name."""
    return list(
        sess.scalars(select(User).where(User.active).order_by(User.display_name, User.email))
    )
