"""Claimant and relay guesses: attributions, pronouns, roles, surnames, unnamed sources."""

from __future__ import annotations

from webapp.intake.attribution import Context, guess_claimant
from webapp.intake.names import find_mentions


def guesses(*sentences: str) -> list[tuple[str, str | None, str | None]]:
    context = Context()
    return [(g.kind, g.name, g.relay) for g in (guess_claimant(s, context) for s in sentences)]


def test_the_general_on_twitter():
    assert guesses(
        "Resistance forces took three districts, Gen. Bismillah Khan Mohammadi, the former "
        "head of the Ministry of Defense, said on August 20.",
        "“The districts are occupied. The resistance is alive!” the general wrote on his Twitter.",
    ) == [
        ("named", "Bismillah Khan Mohammadi", None),
        ("named", "Bismillah Khan Mohammadi", "Twitter"),
    ]


def test_a_statement_to_an_outlet_then_a_pronoun_then_a_surname():
    assert guesses(
        "Former Afghan Vice-President Marshal Raşid Dostum said in a statement to the Turkish "
        "publication Anadolu that there was no room for the Taliban.",
        "According to him, the Taliban had tried several times before.",
        "Dostum noted that people would rise up.",
    ) == [
        ("named", "Raşid Dostum", "Anadolu"),
        ("named", "Raşid Dostum", None),
        ("named", "Raşid Dostum", None),
    ]


def test_told_an_outlet():
    assert guesses("The minister told Reuters that 200 people died.")[0][2] == "Reuters"


def test_own_admission_finds_the_full_name_mentioned_before():
    assert guesses(
        "Their head Ahmad Masood said fighters are on their way.",
        "Masood controls emerald mines.",
        "But by Masood\u2019s own admission, it is not enough.",
    )[2] == ("named", "Ahmad Masood", None)


def test_unnamed_reports_and_no_attribution():
    assert guesses(
        "According to reports coming from Afghanistan in recent days, some 10,000 fighters left.",
        "Amrullah Saleh\u2019s forces recaptured the Charikar district.",
    ) == [("unnamed", "reports coming from Afghanistan", None), ("author", None, None)]


def test_names_drop_titles_and_keep_places_whole():
    names = [(m.name, m.is_place) for m in find_mentions(
        "Former Afghan Vice-President Marshal Raşid Dostum met al-Qaeda envoys in the "
        "Russian Federation and in Baghlan province."
    )]  # fmt: skip
    assert names == [
        ("Raşid Dostum", False),
        ("al-Qaeda", False),
        ("Russian Federation", True),
        ("Baghlan", True),
    ]
