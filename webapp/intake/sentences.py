"""A rule-based sentence splitter that keeps character offsets into the original text.

Rules, in order: a line break before a capital, digit or quote ends a sentence (a break
before a lowercase word is a wrapped line); ``.``, ``!``, ``?`` and ``\u2026`` (with any closing
quotes or brackets) end one when whitespace and a capital, digit or opening quote follow,
except after a title ("Gen.", "Mr."), an initial ("J."), or inside a quotation that closes
later in the same paragraph. Other abbreviations ("U.S.", "Inc.") end a sentence only when
a word that usually starts one follows ("the U.S. The army" splits, "the U.S. Army" not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def word_set(text: str, separator: str | None = None) -> frozenset[str]:
    """A set of words written as one string (easier to read and to extend than a list)."""
    return frozenset(text.split(separator))


# Never end a sentence: they stand before a name.
TITLES = word_set(
    "mr mrs ms dr prof gen lt col maj capt cpt sgt cmdr adm gov sen rep pres rev fr st mt "
    "hon amb brig no nos fig vol pp art sec ch messrs mme mlle"
)
# May end a sentence, but usually do not.
ABBREVIATIONS = word_set(
    "etc inc ltd co corp jr sr vs approx est dept univ assn bros jan feb mar apr jun jul "
    "aug sep sept oct nov dec a.m p.m e.g i.e u.s u.k u.n u.s.a e.u"
)
# Words that usually begin a sentence: after an abbreviation they mean a new one.
STARTERS = word_set(
    "the a an this that these those he she it they we i you his her their its our but and "
    "however in on at as after before when while if there here what who why how meanwhile "
    "yet so then also according"
)
_END = re.compile(r"(?:\.\.\.|[.!?\u2026])+[\"\u201d\u2019')\]]*")
_OPEN_QUOTES = "\u201c\u2018"
_CLOSE_QUOTES = "\u201d\u2019"
_QUOTE_REACH = 1500  # a quotation that stays open longer than this is probably a stray mark


@dataclass(frozen=True)
class Span:
    """A sentence: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


_LINE_START = re.compile(r"[ \t]*(\S)")


def _blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph or line that must not run into the next one."""
    blocks, start = [], 0
    for match in re.finditer(r"\n", text):
        following = _LINE_START.match(text, match.end())
        wrapped = (
            following is not None
            and following.group(1).islower()
            and not text[max(start, match.start() - 200) : match.start()].isspace()
            and match.start() > start
        )
        if not wrapped:
            blocks.append((start, match.start()))
            start = match.end()
    blocks.append((start, len(text)))
    return blocks


_WORD_BEFORE = re.compile(r"([\w.]+)$")
_NEXT_WORD = re.compile(r"[\w']+")
_ACRONYM = re.compile(r"(?:[a-z]\.)+[a-z]")


def _word_before(block: str, end: int) -> str:
    """The token just before position ``end`` (the terminal's position), dots kept inside."""
    match = _WORD_BEFORE.search(block[max(0, end - 40) : end])
    return match.group(1) if match else ""


class _Quotes:
    """Counts quotation marks up to a position, moving forward only (linear in the block)."""

    def __init__(self, block: str) -> None:
        self.block, self.upto, self.opened, self.closed, self.straight = block, 0, 0, 0, 0

    def open_at(self, position: int) -> bool:
        """True when ``position`` is inside a double quotation that closes later in the block."""
        seen = self.block[self.upto : position]
        self.opened += seen.count("\u201c")
        self.closed += seen.count("\u201d")
        self.straight += seen.count('"')
        self.upto = position
        ahead = self.block[position : position + _QUOTE_REACH]
        if self.opened > self.closed:
            return "\u201d" in ahead
        return self.straight % 2 == 1 and '"' in ahead


def _is_boundary(block: str, match: re.Match[str], quotes: _Quotes) -> bool:
    # A bounded look ahead: slicing to the end of a long paragraph at every full stop would
    # make a one-paragraph megabyte quadratic.
    after = block[match.end() : match.end() + 200]
    spaces = len(after) - len(after.lstrip())
    if spaces == 0:
        return not after  # "3.5", "U.S.-backed": no space, no boundary (unless the end)
    following = after.lstrip()
    if not following:
        return True
    first = following[0]
    if not (
        first.isupper()
        or first.isdigit()
        or first in "\"\u201c\u2018'(["
        or first in "-\u2013\u2014"
    ):
        return False
    if quotes.open_at(match.start()) and not match.group().endswith(('"', "\u201d")):
        return False
    if not match.group().startswith("."):
        return True
    word = _word_before(block, match.start())
    key = word.lower().rstrip(".")
    if key in TITLES:
        return False
    if len(key) == 1 and key.isalpha() and word[0].isupper():
        return False  # an initial, as in "Ahmad S. Masood"
    if key in ABBREVIATIONS or _ACRONYM.fullmatch(key):
        next_word = _NEXT_WORD.match(following)
        return next_word is not None and next_word.group().lower() in STARTERS
    return True


def _split_block(text: str, start: int, end: int) -> list[Span]:
    block = text[start:end]
    spans, begin = [], 0
    quotes = _Quotes(block)
    for match in _END.finditer(block):
        if _is_boundary(block, match, quotes):
            spans.append((begin, match.end()))
            begin = match.end()
    spans.append((begin, len(block)))
    result = []
    for a, b in spans:
        piece = block[a:b]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            s = start + a + lead
            result.append(Span(s, s + len(stripped), stripped))
    return result


def split_sentences(text: str) -> list[Span]:
    """The sentences of ``text`` in order, each with its character offsets in ``text``."""
    spans: list[Span] = []
    for start, end in _blocks(text):
        spans.extend(_split_block(text, start, end))
    return spans
