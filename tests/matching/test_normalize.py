"""Match keys: numbers, case, accents, contractions, stop words and stems written alike."""

from __future__ import annotations

import pytest

from webapp.matching.normalize import match_key, stem, tokens, unit_key


@pytest.mark.parametrize(
    "text",
    [
        "10,000 fighters",
        "ten thousand fighters",
        "10k fighters",
        "10 000 fighters",
        "10000 Fighters",
        "About 10,000 of the fighters",
    ],
)
def test_number_formats_meet(text: str) -> None:
    assert tokens(text) == ["10000", "fighter"]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.5 million", "1500000"),
        ("1,500,000", "1500000"),
        ("one and a half", "1"),  # "half" is a word, not a number
        ("a million", "1000000"),
        ("twenty-five", "25"),
        ("one hundred and twenty three", "123"),
        ("3bn", "3000000000"),
        ("2.5", "2p5"),
        ("in 2021", "2021"),
    ],
)
def test_numbers_become_digits(text: str, number: str) -> None:
    assert number in tokens(text)


def test_percent_signs_and_words_meet() -> None:
    assert (
        tokens("25% of taxes")
        == tokens("twenty-five percent of the tax")
        == [
            "25",
            "percent",
            "tax",
        ]
    )


def test_contractions_accents_case_and_order() -> None:
    assert set(tokens("Dóstum doesn't support it")) == set(tokens("dostum does NOT support"))
    assert set(tokens("Taxes were raised by Obama")) == set(tokens("Obama raised the taxes"))


def test_stems_are_light_and_consistent() -> None:
    assert stem("taxes") == stem("taxed") == stem("taxing") == stem("tax")
    assert stem("policies") == stem("policy")
    assert stem("increase") == stem("increased") == stem("increasing")
    assert stem("bus") == "bus"  # short words stay


def test_key_is_plain_words_once_each() -> None:
    key = match_key('Says the "Obama" plan -- the OBAMA plan! -- costs $1.5 billion.')
    assert key == "obama plan cost dollar 1500000000"
    assert all(part.isalnum() and part.isascii() for part in key.split())
    assert match_key("") == match_key("the and of") == ""


def test_units_normalise() -> None:
    assert unit_key("Fighters") == unit_key(" fighter ") == "fighter"
    assert unit_key("%") == unit_key("percent")
    assert unit_key("US dollars") == "us dollar"
    assert unit_key(None) is None
    assert unit_key("  ") is None
