"""Rewordings of LIAR statements for the "checked before?" recall test (and the benchmark).

Every rewording applies, in this order, the transformations that fit the statement, and
records their names:

- ``says``: drop or reword the PolitiFact prefix "Says" ("Says X" -> "X" or "Claims X");
- ``synonyms``: swap words from :data:`SYNONYMS`, a small hand-written table;
- ``numbers``: write each number another way (10,000 -> "ten thousand" / "10k" / "10 000";
  1.5 million -> 1,500,000; 45 percent <-> 45%);
- ``contractions``: "does not" <-> "doesn't" and the like;
- ``fillers``: drop filler words ("the", "a", "that", "very", "just", "really", "also");
- ``order``: move a trailing "in <year>" / "since <year>" to the front, or swap two
  clauses around "because" or a comma, or else move the last prepositional phrase to the
  front ("X provided guns to cartels" -> "To cartels, X provided guns").

The normaliser never sees this table: a synonym swap must be survived through the other words.
"""

from __future__ import annotations

import random
import re

SYNONYMS = {
    "about": "roughly",
    "almost": "nearly",
    "more than": "over",
    "less than": "under",
    "increase": "rise",
    "increased": "rose",
    "largest": "biggest",
    "big": "large",
    "jobs": "positions",
    "children": "kids",
    "money": "funds",
    "buy": "purchase",
    "help": "assist",
    "started": "began",
    "cut": "reduced",
    "cuts": "reductions",
    "voted": "cast a vote",
    "illegal immigrants": "undocumented immigrants",
    "health care": "healthcare",
    "government": "administration",
    "country": "nation",
    "nearly": "almost",
    "average": "typical",
    "double": "twice",
    "every": "each",
    "raise": "hike",
    "spending": "outlays",
    "wants to": "would like to",
    "because": "since",
    "never": "not once",
}
FILLERS = ("the", "a", "that", "very", "just", "really", "also")
CONTRACTIONS = {
    "does not": "doesn't",
    "do not": "don't",
    "is not": "isn't",
    "did not": "didn't",
    "will not": "won't",
    "has not": "hasn't",
    "have not": "haven't",
    "are not": "aren't",
    "was not": "wasn't",
    "cannot": "can't",
}
_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(n: int) -> str:
    """``n`` (0 <= n < 10**9) in English words: 10000 -> "ten thousand"."""
    if n < 20:
        return _UNITS[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else "-" + _UNITS[n % 10])
    for size, name in ((10**6, "million"), (1000, "thousand"), (100, "hundred")):
        if n >= size:
            head, rest = divmod(n, size)
            return f"{words(head)} {name}" + ("" if rest == 0 else " " + words(rest))
    raise AssertionError(n)


def _renumber(match: re.Match[str], choice: int) -> str:
    raw = match.group(0)
    value = float(raw.replace(",", ""))
    if not value.is_integer() or value < 10 or 1900 <= value <= 2030:
        return raw  # decimals and years are written one way in practice
    n = int(value)
    forms = [words(n) if n < 10**9 else raw, f"{n:,}".replace(",", " ")]
    if n >= 1000 and n % 1000 == 0:
        forms.append(f"{n // 1000}k")
    if n >= 10**6 and n % 10**5 == 0:
        forms.append(f"{n / 10**6:g} million")
    return forms[choice % len(forms)]


def _numbers(text: str, choice: int) -> str:
    text = re.sub(r"(\d+(?:\.\d+)?) million\b", lambda m: f"{float(m.group(1)) * 1e6:,.0f}", text)
    text = re.sub(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+\b", lambda m: _renumber(m, choice), text)
    if choice % 2:
        return re.sub(r"(\d)%", r"\1 percent", text)
    return re.sub(r"(\d) percent\b", r"\1%", text)


def _swap(text: str, table: dict[str, str]) -> str:
    for old, new in table.items():
        text = re.sub(rf"\b{re.escape(old)}\b", new, text, flags=re.IGNORECASE)
    return text


_PREPOSITION = re.compile(r" (?:to|for|in|on|from|with|at|during|over|under|after|by|as) ")


def _order(text: str) -> str:
    body = text.rstrip(".")
    year = re.search(r"^(.*\S) ((?:in|since) (?:19|20)\d\d)$", body)
    if year:
        return f"{year.group(2).capitalize()}, {year.group(1)}."
    if " because " in body:
        first, second = body.split(" because ", 1)
        return f"Because {second}, {first[:1].lower()}{first[1:]}."
    if ", " in body:
        first, second = body.split(", ", 1)
        return f"{second[:1].upper()}{second[1:]}, {first[:1].lower()}{first[1:]}."
    phrase = list(_PREPOSITION.finditer(body))
    if phrase and phrase[-1].start() > len(body) // 3:
        cut = phrase[-1].start()
        head, tail = body[:cut], body[cut + 1 :]
        return f"{tail[:1].upper()}{tail[1:]}, {head[:1].lower()}{head[1:]}."
    return text


def reword(statement: str, seed: int) -> tuple[str, list[str]]:
    """A rewording of ``statement`` and the names of the transformations applied."""
    rng = random.Random(seed)
    text, applied = statement.strip(), []
    steps = [
        ("says", lambda t: re.sub(r"^Says ", rng.choice(["", "Claims "]), t)),
        ("synonyms", lambda t: _swap(t, SYNONYMS)),
        ("numbers", lambda t: _numbers(t, rng.randrange(4))),
        ("contractions", lambda t: _swap(t, CONTRACTIONS)),
        ("fillers", lambda t: re.sub(rf"\b(?:{'|'.join(FILLERS)}) ", "", t, flags=re.IGNORECASE)),
        ("order", _order),
    ]
    for name, step in steps:
        changed = step(text)
        if changed != text:
            text, applied = changed, [*applied, name]
    return text[:1].upper() + text[1:], applied
