"""``similar_claims``: the existing claims most like a statement, scored and with verdicts.

Retrieval (:mod:`webapp.matching.retrieval`) returns a bounded set of claims sharing tokens
with the statement's match key; the best :data:`SHORTLIST` of them by summed token weights
are re-scored here on their full keys:

    score = W(shared) / (W(query) + 0.5 * W(only in the candidate))  (+/- number agreement)

A token's weight is ``log(1 + 2000 / df)``, df being the number of claims that hold it as
counted by retrieval; tokens seen only in the candidate get a middling weight. When both
texts hold numbers, a shared number adds :data:`NUMBER_BONUS` and disjoint numbers take it
off. Scores lie between 0 and 1 (an identical key scores 1).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from webapp.claims.models import Claim
from webapp.claims.queries import current_verdicts
from webapp.matching import retrieval
from webapp.matching.normalize import is_number, tokens
from webapp.verdicts.models import Verdict

SHORTLIST = 40
MIN_SCORE = 0.3
LIKELY_SCORE = 0.5  # a new claim this close to an old one is flagged as checked before
MAX_ROWS_MATCHED = 500  # an import compares its first rows only (about 20 ms a row)
NUMBER_BONUS = 0.1
_WEIGHT_SCALE = 20 * retrieval.PER_TERM
COMMON_WEIGHT = math.log(1 + _WEIGHT_SCALE / (5 * retrieval.PER_TERM))
UNSEEN_WEIGHT = math.log(1 + _WEIGHT_SCALE / 50)


@dataclass(frozen=True)
class Match:
    """One similar claim: its score and what a checker needs to judge it."""

    claim: Claim
    score: float
    verdict: Verdict | None

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def term_weight(hits: retrieval.Hits, term: str) -> float:
    """The IDF-like weight of a query token from its counted frequency."""
    if term not in hits.by_term:
        return UNSEEN_WEIGHT
    frequency = hits.frequency(term)
    if frequency is None:
        return COMMON_WEIGHT
    return math.log(1 + _WEIGHT_SCALE / max(frequency, 1))


def score(query: list[str], candidate: list[str], weights: dict[str, float]) -> float:
    """The similarity of two token lists (see the module docstring)."""
    if not query or not candidate:
        return 0.0
    mine, theirs = set(query), set(candidate)
    shared = sum(weights.get(t, UNSEEN_WEIGHT) for t in mine & theirs)
    total = sum(weights.get(t, UNSEEN_WEIGHT) for t in mine)
    extra = sum(weights.get(t, UNSEEN_WEIGHT) for t in theirs - mine)
    value = shared / (total + 0.5 * extra)
    numbers, their_numbers = {t for t in mine if is_number(t)}, {t for t in theirs if is_number(t)}
    if numbers and their_numbers:
        value += NUMBER_BONUS if numbers & their_numbers else -NUMBER_BONUS
    return max(0.0, min(1.0, value))


def _shortlist(
    hits: retrieval.Hits, weights: dict[str, float], exclude_id: int | None
) -> list[int]:
    """The ids with the most weight among the tokens they were found by."""
    summed: dict[int, float] = defaultdict(float)
    for term, ids in hits.by_term.items():
        for claim_id in ids:
            summed[claim_id] += weights[term]
    together = sum(weights[t] for t in hits.common_terms()[: retrieval.COMMON_AND_TERMS])
    for claim_id in hits.common_together:
        summed[claim_id] = max(summed[claim_id], together)
    summed.pop(exclude_id or 0, None)
    return sorted(summed, key=lambda i: (-summed[i], -i))[:SHORTLIST]


def claim_verdicts(sess: Session, ids: list[int]) -> dict[int, Verdict]:
    """The current verdict of each of these claims that has one."""
    if not ids:
        return {}
    cv = current_verdicts(ids)
    found = sess.scalars(
        select(Verdict)
        .options(joinedload(Verdict.rating))
        .where(Verdict.id.in_(select(cv.c.verdict_id)))
    )
    return {v.claim_id: v for v in found}


def similar_claims(
    session: Session,
    text: str,
    *,
    exclude_id: int | None = None,
    limit: int = 5,
    min_score: float = MIN_SCORE,
) -> list[Match]:
    """The live claims most similar to ``text``, best first (at most ``limit``)."""
    query = tokens(text)
    if not query or limit < 1:
        return []
    hits = retrieval.candidates(session, query)
    weights = {t: term_weight(hits, t) for t in query}
    ids = _shortlist(hits, weights, exclude_id)
    if not ids:
        return []
    # Score on the keys alone (one light query); load the claims shown only.
    keys = session.execute(
        select(Claim.id, Claim.match_key).where(Claim.id.in_(ids), Claim.retracted_at.is_(None))
    )
    scored = [(score(query, key.split(), weights), claim_id) for claim_id, key in keys]
    kept = sorted(((s, i) for s, i in scored if s >= min_score), key=lambda si: (-si[0], -si[1]))
    top = {i: s for s, i in kept[:limit]}
    if not top:
        return []
    claims = session.scalars(
        select(Claim).options(joinedload(Claim.claimant)).where(Claim.id.in_(top))
    ).all()
    best = sorted(((top[c.id], c) for c in claims), key=lambda sc: (-sc[0], -sc[1].id))
    verdicts = claim_verdicts(session, [c.id for _, c in best])
    return [Match(c, round(s, 3), verdicts.get(c.id)) for s, c in best]


@dataclass(frozen=True)
class RowMatch:
    """An import row whose statement is like an existing claim."""

    row: int
    claim_id: int
    score: float


def likely_duplicates(session: Session, statements: list[tuple[int, str]]) -> list[RowMatch]:
    """(row number, statement) pairs that look like claims on the desk, with the best match;
    only the first :data:`MAX_ROWS_MATCHED` are compared."""
    found = []
    for row, statement in statements[:MAX_ROWS_MATCHED]:
        best = similar_claims(session, statement, limit=1, min_score=LIKELY_SCORE)
        if best:
            found.append(RowMatch(row, best[0].claim.id, best[0].score))
    return found


def similar_to_claim(session: Session, claim: Claim, limit: int = 5) -> list[Match]:
    """The claims most similar to ``claim`` itself (it is left out)."""
    return similar_claims(session, claim.statement, exclude_id=claim.id, limit=limit)
