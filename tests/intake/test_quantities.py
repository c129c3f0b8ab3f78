"""Quantities: digits, separators, words, suffixes, bounds, ranges, and what is not one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webapp.intake.quantities import find_quantities, main_quantity, parse_quantity

ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
ONES += "fifteen sixteen seventeen eighteen nineteen"
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spelled(n: int) -> str:
    """English words for 1 <= n < 1,000,000 (the test's own, independent spelling)."""
    if n >= 1000:
        rest = n % 1000
        return spelled(n // 1000) + " thousand" + (" " + spelled(rest) if rest else "")
    if n >= 100:
        rest = n % 100
        return spelled(n // 100) + " hundred" + (" and " + spelled(rest) if rest else "")
    if n >= 20:
        return TENS[n // 10] + ("-" + ONES.split()[n % 10] if n % 10 else "")
    return ONES.split()[n]


@pytest.mark.parametrize(
    ("text", "value", "low", "high", "unit"),
    [
        ("10,000 fighters", 10000, None, None, "fighters"),
        ("some 10,000 fighters have left", 10000, None, None, "fighters"),
        ("more than 140,000 people", None, 140000, None, "people"),
        ("at least three Afghan soldiers", None, 3, None, "Afghan soldiers"),
        ("up to 5,000 troops", None, None, 5000, "troops"),
        ("between 10 and 20 soldiers", None, 10, 20, "soldiers"),
        ("10-20 soldiers", None, 10, 20, "soldiers"),
        ("ten thousand fighters", 10000, None, None, "fighters"),
        ("10k fighters", 10000, None, None, "fighters"),
        ("1.5 million people", 1500000, None, None, "people"),
        ("$5 million", 5000000, None, None, "USD"),
        ("$5m", 5000000, None, None, "USD"),
        ("15% of voters", 15, None, None, "percent"),
        ("3.5 percent", 3.5, None, None, "percent"),
        ("three districts in Baghlan", 3, None, None, "districts"),
        ("two hundred and five votes", 205, None, None, "votes"),
        ("a dozen eggs", 12, None, None, "eggs"),
    ],
)
def test_parse_quantity(text, value, low, high, unit):
    quantity = parse_quantity(text)
    assert quantity is not None
    assert (quantity.value, quantity.low, quantity.high, quantity.unit) == (value, low, high, unit)


@pytest.mark.parametrize(
    "text",
    ["On August 19, fighters", "24.08.2021 Author", "born in 1989", "in 1996 they came", "5m tall", "no number"],
)  # fmt: skip
def test_not_quantities(text):
    assert parse_quantity(text) is None


def test_approximate_and_qualified():
    some = parse_quantity("some 10,000 fighters")
    assert some is not None
    assert some.approximate
    assert some.qualified
    exact = parse_quantity("10,000 fighters")
    assert exact is not None
    assert not exact.qualified


def test_text_and_offsets():
    text = "It had a population of more than 140,000 people and 34 provinces."
    first = find_quantities(text)[0]
    assert text[first.start : first.end] == first.text == "more than 140,000 people"


def test_main_quantity_prefers_the_qualified_one():
    text = "Panjshir is one of 34 provinces with a population of more than 140,000 people."
    quantity = main_quantity(text)
    assert quantity is not None
    assert quantity.low == 140000
    assert main_quantity("The assault, one manifestation of which is displacement.") is None


@given(st.integers(min_value=1, max_value=999_999_999))
def test_grouped_digits(n):
    quantity = parse_quantity(f"{n:,} fighters")
    assert quantity is not None
    assert (quantity.value, quantity.unit) == (n, "fighters")


@given(st.integers(min_value=2, max_value=999_999))
def test_spelled_out(n):
    quantity = parse_quantity(f"They counted {spelled(n)} fighters")
    assert quantity is not None
    assert (quantity.value, quantity.unit) == (n, "fighters")


@given(st.integers(min_value=1, max_value=999))
def test_thousands_suffix(n):
    quantity = parse_quantity(f"{n}k people")
    assert quantity is not None
    assert quantity.value == n * 1000


def test_same_number_three_ways():
    values = [
        parse_quantity(t) for t in ("10,000 fighters", "ten thousand fighters", "10k fighters")
    ]
    assert {q.value for q in values if q} == {10000}
