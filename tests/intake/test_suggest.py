"""The whole analysis on arbitrary text: never an exception, offsets always exact."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.intake.quantities import parse_quantity
from webapp.intake.suggest import analyse, candidates

PIECES = [
    "Gen.", "Mr.", "U.S.", "“", "”", '"', "\u2019s", "10,000", "1" * 400, "k", "ten", "thousand",
    "more than", "said", "according to him", "the general wrote", "on Twitter", "August 99",
    "0000-01-01", "?", "!", ".", "\n", "\n\n", " ", "Panjshir province", "al-", "\x00", "é",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60).map("".join),
    st.one_of(st.none(), st.dates()),
)
def test_analyse_never_fails_and_keeps_offsets(text, published):
    for candidate in analyse(text, published):
        assert text[candidate.span.start : candidate.span.end] == candidate.span.text
        quantity = candidate.quantity
        if quantity is not None:
            assert candidate.span.text[quantity.start : quantity.end] == quantity.text


def test_a_huge_number_is_not_a_quantity():
    assert parse_quantity("1" * 400 + " fighters") is None


def test_candidates_respect_the_threshold(sample_text):
    published = dt.date(2021, 8, 24)
    every = analyse(sample_text, published)
    chosen = candidates(sample_text, published, threshold=2.0)
    assert chosen == [c for c in every if c.score.total >= 2.0]
    assert 0 < len(chosen) < len(every)
