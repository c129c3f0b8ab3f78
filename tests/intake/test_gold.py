"""The assistant against hand-labelled sentences of the Panjshir sample (gold_panjshir.json).

Recall counts the gold claims found among the candidates; precision the candidates that
are gold claims, leaving out the sentences labelled borderline; claimant accuracy the gold
claims among the candidates whose suggested claimant is the labelled one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from webapp.core.text import fold
from webapp.intake.suggest import DEFAULT_THRESHOLD, Candidate, analyse

PUBLISHED = dt.date(2021, 8, 24)


def _label(gold: dict[str, Any], candidate: Candidate) -> dict[str, Any] | None:
    found = [s for s in gold["sentences"] if candidate.span.text.startswith(s["starts"])]
    assert len(found) <= 1, found
    return found[0] if found else None


def _claimant_right(candidate: Candidate, expected: dict[str, Any]) -> bool:
    guess = candidate.claimant
    if guess.kind != expected["kind"]:
        return False
    if expected["kind"] != "named":
        return True
    names = {fold(n) for n in [expected["name"], *expected.get("aliases", [])]}
    return fold(guess.name or "") in names


@pytest.fixture(scope="module")
def measured(sample_text: str, gold: dict[str, Any]) -> dict[str, float]:
    analysis = analyse(sample_text, PUBLISHED)
    labelled = [(c, _label(gold, c)) for c in analysis]
    claims = [(c, g) for c, g in labelled if g and g["label"] == "claim"]
    chosen = [(c, g) for c, g in labelled if c.score.total >= DEFAULT_THRESHOLD]
    found = [(c, g) for c, g in chosen if g and g["label"] == "claim"]
    judged = [(c, g) for c, g in chosen if not g or g["label"] == "claim"]
    right = [c for c, g in found if g is not None and _claimant_right(c, g["claimant"])]
    figures = {
        "gold claims": len(claims),
        "candidates": len(chosen),
        "recall": len(found) / len(claims),
        "precision": len(found) / len(judged),
        "precision counting borderline as wrong": len(found) / len(chosen),
        "claimant accuracy": len(right) / len(found),
    }
    print("\nintake on the Panjshir sample:", figures)
    return figures


def test_every_gold_sentence_is_one_sentence_of_the_sample(sample_text, gold):
    starts = [c.span.text for c in analyse(sample_text, PUBLISHED)]
    for labelled in gold["sentences"]:
        assert sum(text.startswith(labelled["starts"]) for text in starts) == 1, labelled


def test_the_domain_examples_are_gold_claims(gold):
    # The worked example of docs (shared/guide/domain.md) must agree with the labels.
    by_start = {s["starts"]: s for s in gold["sentences"]}
    assert by_start["According to reports coming from Afghanistan"]["claimant"]["kind"] == "unnamed"
    assert by_start["“The Puli Khesar, Deh Salah and Banu"]["relay"] == "Twitter"
    dostum = by_start["Former Afghan Vice-President Marshal"]
    assert dostum["checkable"] is False
    assert "Abdul Rashid Dostum" in dostum["claimant"]["aliases"]
    for start in (
        "Panjshir is one of 34 provinces",
        "This is a clear indication that, unlike",
        "However, Afghan Vice President Amrullah Saleh\u2019s",
    ):
        assert by_start[start]["label"] == "claim"
        assert by_start[start]["claimant"]["kind"] == "author"


def test_recall_of_gold_claims(measured):
    assert measured["recall"] >= 0.9


def test_precision_of_candidates(measured):
    assert measured["precision"] >= 0.6


def test_claimant_accuracy(measured):
    assert measured["claimant accuracy"] >= 0.8


def test_quantities_of_the_gold_claims(sample_text, gold):
    analysis = analyse(sample_text, PUBLISHED)
    expected = [s for s in gold["sentences"] if "quantity" in s]
    assert len(expected) == 3
    for labelled in expected:
        candidate = next(c for c in analysis if c.span.text.startswith(labelled["starts"]))
        quantity = candidate.quantity
        assert quantity is not None, labelled["starts"]
        want = labelled["quantity"]
        assert quantity.unit == want["unit"]
        assert quantity.value == want.get("value")
        assert quantity.low == want.get("low")


def test_relays_of_the_gold_claims(sample_text, gold):
    analysis = analyse(sample_text, PUBLISHED)
    for labelled in (s for s in gold["sentences"] if "relay" in s):
        candidate = next(c for c in analysis if c.span.text.startswith(labelled["starts"]))
        assert candidate.claimant.relay == labelled["relay"]


def test_dates_of_the_general_s_claim(sample_text):
    analysis = analyse(sample_text, PUBLISHED)
    general = next(c for c in analysis if c.span.text.startswith("Resistance forces against"))
    assert general.claim_date == dt.date(2021, 8, 20)
    assert general.place == "Baghlan province"
    kabul = next(c for c in analysis if c.span.text.startswith("After Taliban"))
    assert kabul.event_date == dt.date(2021, 8, 15)
