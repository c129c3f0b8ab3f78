"""Check-worthiness features: what raises a sentence's score, what lowers it, and why."""

from __future__ import annotations

from webapp.intake.features import LABELS, WEIGHTS, score_sentence


def features(text: str) -> dict[str, str]:
    return {c.feature: c.evidence for c in score_sentence(text).contributions}


def test_every_weight_has_a_label():
    assert set(WEIGHTS) == set(LABELS)


def test_the_total_is_the_sum_of_the_contributions():
    score = score_sentence("Some 10,000 fighters have left for Panjshir, officials said on Monday.")
    assert score.total == round(sum(c.weight for c in score.contributions), 2)


def test_numbers_attribution_names_places_dates_comparisons():
    found = features(
        "Gen. Bismillah Khan Mohammadi said on August 20 that more than 3,000 fighters "
        "took Baghlan province."
    )
    assert found["quantity"] == "more than 3,000 fighters"
    assert found["attribution"] == "said"
    assert found["name"] == "Bismillah Khan Mohammadi"
    assert found["place"] == "Baghlan"
    assert found["date"] == "August 20"
    assert "comparison" in found


def test_attribution_phrases():
    for text, evidence in [
        ("According to reports coming from Afghanistan, they left.", "According to"),
        ("The general wrote on his Twitter that it fell.", "wrote"),
        ("Dostum told Anadolu there was no room.", "told"),
    ]:
        assert features(text)["attribution"] == evidence


def test_opinions_and_questions_score_lower_than_facts():
    fact = score_sentence("Ahmad Masood is a graduate of the Royal Military Academy Sandhurst.")
    opinion = score_sentence("I think he is charismatic and the West should help him.")
    question = score_sentence("Does the resistance in Afghanistan have a future?")
    assert fact.total > opinion.total
    assert fact.total > question.total
    assert "opinion" in features("I think the West should help him.")
    assert "question" in features("Does the resistance have a future?")
    assert "hedge" in features("Some assistance may be forthcoming.")


def test_bylines_and_headings_have_no_verb():
    found = features("Vladimir Danilov, political observer, for the online magazine.")
    assert "no_verb" in found
    assert score_sentence("Please select digest to download:").total < 0


def test_evaluative_words_count_at_most_twice():
    found = score_sentence("A ruthless, brutal, legendary, charismatic leader fled.").contributions
    evaluative = [c for c in found if c.feature == "evaluative"]
    assert len(evaluative) == 1
    assert evaluative[0].weight == 2 * WEIGHTS["evaluative"]
