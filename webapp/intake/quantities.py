"""Quantities in text: "10,000 fighters", "more than 140,000 people", "ten thousand", "10k".

Pure functions, no database: :func:`parse_quantity` is the one to call from elsewhere.
Years ("in 1996"), dates ("August 20", "24.08.2021") and "one of" are not quantities.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from webapp.intake.dates import MONTHS as DATE_MONTHS
from webapp.intake.sentences import word_set

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}  # fmt: skip
SUFFIXES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000}
CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
LOWER = ("more than", "over", "above", "at least", "upwards of", "in excess of", "no fewer than",
         "no less than", "exceeding")  # fmt: skip
UPPER = ("less than", "fewer than", "under", "below", "up to", "at most", "no more than")
ABOUT = ("about", "around", "some", "roughly", "approximately", "nearly", "almost", "close to",
         "an estimated", "estimated", "circa", "approx.", "~")  # fmt: skip
MONTHS = tuple(DATE_MONTHS)
# Words after a number that are not its unit.
NOT_UNITS = word_set(
    "and or of the a an in on at to for by with from as than that which who is are was "
    "were has have had be been will would it its this these those their his her they we "
    "he she i you ago"
)

_WORD = "|".join(sorted([*UNITS_WORDS, *SCALES, "dozen"], key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER = re.compile(
    rf"(?:(?P<cur>[$€£¥])\s?)?(?P<digits>{_DIGITS})"
    rf"(?:\s?(?P<suffix>k|K|mn|bn|m|b)\b|\s+(?P<dscale>{'|'.join(SCALES)})s?\b)?"
    rf"|\b(?P<words>(?:(?:{_WORD})(?:[\s-]+(?:and[\s-]+)?)?)*(?:{_WORD}))\b",
    re.IGNORECASE,
)
_QUALIFIER = re.compile(
    r"(?P<q>"
    + "|".join(re.escape(q) for q in sorted((*LOWER, *UPPER, *ABOUT), key=len, reverse=True))
    + r")\s+$",
    re.IGNORECASE,
)
_RANGE = re.compile(r"^\s*(?:-|\u2013|to|and)\s*", re.IGNORECASE)
_UNIT = re.compile(r"^\s*(%|percent\b|per cent\b|(?:[A-Z][\w\u2019'-]+\s+)?[a-z][\w\u2019'-]*)")


@dataclass(frozen=True)
class Quantity:
    """A number as a claim states it: exact (``value``), a bound or a range, with a unit."""

    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    text: str
    start: int = 0
    end: int = 0
    approximate: bool = False

    @property
    def qualified(self) -> bool:
        """True when the text says "more than", "about", "up to", or gives a range."""
        return self.approximate or self.value is None


def _words_value(words: str) -> float | None:
    """The value of spelled-out numbers ("ten thousand", "two hundred and five")."""
    total, current, seen = 0.0, 0.0, False
    for word in re.split(r"[\s-]+", words.lower()):
        if word == "and" or not word:
            continue
        if word in UNITS_WORDS:
            current += UNITS_WORDS[word]
            seen = True
        elif word in ("hundred", "dozen"):
            current = (current or 1) * (100 if word == "hundred" else 12)
            seen = True
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current, seen = 0.0, True
    return total + current if seen else None


def _number(match: re.Match[str]) -> float | None:
    if match.group("words"):
        words = match.group("words")
        if words.lower() in ("a", "an"):
            return None
        return _words_value(words)
    value = float(match.group("digits").replace(",", ""))
    suffix = (match.group("suffix") or "").lower()
    if suffix in ("m", "b", "mn", "bn") and not match.group("cur") and suffix != "bn":
        return None  # "5m" is five metres unless it is money
    scale = match.group("dscale")
    value *= SUFFIXES.get(suffix) or SCALES.get((scale or "").lower(), 1)
    return value if math.isfinite(value) else None  # 400 digits are a typo, not a quantity


def _is_date_or_year(text: str, match: re.Match[str]) -> bool:
    digits = match.group("digits")
    before = text[max(0, match.start() - 12) : match.start()].lower()
    after = text[match.end() : match.end() + 12].lower()
    if digits and re.match(r"^[./]\d", text[match.end() :]):
        return True  # 24.08.2021
    if digits and match.start() > 0 and text[match.start() - 1] in "./":
        return True
    month_near = any(re.search(rf"\b{m}\.?\s*$", before) for m in MONTHS) or any(
        re.match(rf"^\s*(?:of\s+)?{m}\b", after) for m in MONTHS
    )
    if digits and month_near:
        return True
    plain_year = digits and re.fullmatch(r"1[89]\d\d|20\d\d", digits) and not match.group("cur")
    if not plain_year or match.group("suffix") or match.group("dscale"):
        return False
    if re.search(r"\b(?:in|since|by|from|until|till|of|before|after|year)\s+$", before):
        return True
    return _unit(text, match.end(), None)[0] is None


def _unit(text: str, position: int, currency: str | None) -> tuple[str | None, int]:
    """The unit after ``position`` and where it ends."""
    if currency:
        return currency, position
    match = _UNIT.match(text[position:])
    if not match:
        return None, position
    unit = match.group(1).strip()
    if unit.lower() in ("%", "percent", "per cent"):
        return "percent", position + match.end()
    first = unit.split()[0].lower()
    if first in NOT_UNITS or unit.lower().split()[-1] in NOT_UNITS:
        return None, position
    cleaned = unit.rstrip("\u2019'")
    return cleaned, position + match.end() - (len(unit) - len(cleaned))


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order."""
    return list(_quantities(text))


@lru_cache(maxsize=4096)  # scoring and the suggestion both ask
def _quantities(text: str) -> tuple[Quantity, ...]:
    found: list[Quantity] = []
    matches = list(_NUMBER.finditer(text))
    index = 0
    while index < len(matches):
        match = matches[index]
        index += 1
        number = _number(match)
        if number is None or _is_date_or_year(text, match):
            continue
        if match.group("words") and re.match(r"^\s+of\b", text[match.end() :]):
            continue  # "one of 34 provinces", "two of them"
        start, end = match.start(), match.end()
        low = high = None
        value: float | None = number
        approximate = False
        qualifier = _QUALIFIER.search(text[max(0, start - 20) : start])
        if qualifier:
            word = qualifier.group("q").lower()
            start -= len(text[max(0, start - 20) : start]) - qualifier.start()
            if word in LOWER:
                low, value = number, None
            elif word in UPPER:
                high, value = number, None
            else:
                approximate = True
        ranged = _RANGE.match(text[end:])
        if ranged and index < len(matches) and matches[index].start() == end + ranged.end():
            second = _number(matches[index])
            if second is not None and second > number and value is not None:
                low, high, value = number, second, None
                end = matches[index].end()
                index += 1
                if re.search(r"\bbetween\s+$", text[max(0, start - 10) : start]):
                    start = text.rindex("between", 0, start)
        currency = CURRENCIES.get(match.group("cur") or "")
        unit, unit_end = _unit(text, end, currency)
        found.append(
            Quantity(
                value=value,
                low=low,
                high=high,
                unit=unit,
                text=text[start:unit_end].strip(),
                start=start,
                end=unit_end,
                approximate=approximate,
            )
        )
    return tuple(found)


def parse_quantity(text: str) -> Quantity | None:
    """The first quantity in ``text`` ("about 10k fighters" → value 10000, "fighters")."""
    quantities = find_quantities(text)
    return quantities[0] if quantities else None


def notable(quantity: Quantity) -> bool:
    """False for a lone spelled-out "one" or "a" ("one manifestation"): rarely a claim's point."""
    has_digit = any(c.isdigit() for c in quantity.text)
    return has_digit or quantity.qualified or (quantity.value or 0) >= 2


def main_quantity(text: str) -> Quantity | None:
    """The quantity a claim is most likely about: a qualified one with a unit, else the largest."""
    with_unit = [q for q in find_quantities(text) if q.unit and notable(q)]
    if not with_unit:
        return None

    def size(q: Quantity) -> float:
        return q.value if q.value is not None else (q.low or q.high or 0.0)

    return max(with_unit, key=lambda q: (q.qualified, size(q)))
