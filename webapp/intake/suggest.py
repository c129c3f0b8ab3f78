"""Candidates of a document: its check-worthy sentences with suggested claim fields."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from webapp.intake.attribution import ClaimantGuess, Context, guess_claimant
from webapp.intake.dates import find_dates
from webapp.intake.features import Score, score_sentence
from webapp.intake.names import PLACE_WORDS, find_mentions
from webapp.intake.quantities import Quantity, main_quantity
from webapp.intake.sentences import Span, split_sentences

DEFAULT_THRESHOLD = 1.0


@dataclass(frozen=True)
class Candidate:
    """A sentence of the document with its score and what a claim made from it would say."""

    span: Span
    score: Score
    claimant: ClaimantGuess
    quantity: Quantity | None
    claim_date: dt.date | None
    event_date: dt.date | None
    place: str | None
    checkable: bool

    @property
    def opinion_weight(self) -> float:
        return sum(c.weight for c in self.score.contributions if c.weight < 0)


def suggest_place(sentence: str) -> str | None:
    """The most specific place named: "Charikar district" before "Afghanistan"."""
    # Not from an aside in brackets: "(banned in the Russian Federation)".
    places = [
        m
        for m in find_mentions(sentence)
        if m.is_place and sentence[: m.start].count("(") <= sentence[: m.start].count(")")
    ]
    for mention in places:
        word = sentence[mention.end : mention.end + 20].split()
        if word and word[0].lower() in PLACE_WORDS:
            return f"{mention.name} {word[0].lower()}"
    return places[0].name if places else None


def _dates(
    sentence: str, claimant: ClaimantGuess, published: dt.date | None
) -> tuple[dt.date | None, dt.date | None]:
    """(claim date, event date): a date right after the attribution verb is when it was said."""
    claim_date, event_date = None, None
    for mention in find_dates(sentence, published):
        if mention.date is None:
            continue
        said = re.search(r"\b(?:said|wrote|told|stated|announced|tweeted)\s+on\s+$",
                         sentence[: mention.start])  # fmt: skip
        if said and claim_date is None:
            claim_date = mention.date
        elif event_date is None:
            event_date = mention.date
    if claim_date is None and claimant.kind == "author":
        claim_date = published
    return claim_date, event_date


@lru_cache(maxsize=8)  # a document's text never changes; its page is opened again and again
def analyse(text: str, published: dt.date | None = None) -> tuple[Candidate, ...]:
    """Every sentence of ``text`` with its score and suggestions, in text order."""
    context = Context()
    candidates = []
    for span in split_sentences(text):
        score = score_sentence(span.text)
        claimant = guess_claimant(span.text, context)
        claim_date, event_date = _dates(span.text, claimant, published)
        opinion = sum(c.weight for c in score.contributions if c.feature == "opinion")
        candidates.append(
            Candidate(
                span=span,
                score=score,
                claimant=claimant,
                quantity=main_quantity(span.text),
                claim_date=claim_date,
                event_date=event_date,
                place=suggest_place(span.text),
                checkable=opinion == 0,
            )
        )
    return tuple(candidates)


def candidates(
    text: str, published: dt.date | None = None, threshold: float = DEFAULT_THRESHOLD
) -> list[Candidate]:
    """The sentences scoring at least ``threshold``, in text order."""
    return [c for c in analyse(text, published) if c.score.total >= threshold]
