"""Dates in a sentence ("on August 20", "15 August", "24.08.2021", "in 1996"), resolved
against the document's publication date when the year is left out."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})\.?(?:,?\s+(?P<y2>\d{{4}}))?"
    rf"|(?P<d3>\d{{1,2}})[./](?P<m3>\d{{1,2}})[./](?P<y3>\d{{4}})"
    rf"|(?P<y4>\d{{4}})-(?P<m4>\d{{2}})-(?P<d4>\d{{2}}))\b"
    r"|\b(?:in|since|until|by|from|of)\s+(?P<year>1[89]\d\d|20\d\d)\b"
    r"|\b(?P<relative>yesterday|today|last (?:week|month|year)|this (?:week|month|year)"
    r"|(?:in )?recent (?:days|weeks|months)|\d+ (?:days|weeks|months|years) ago)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    """A date in text; ``date`` is None for a year alone or a relative phrase."""

    text: str
    start: int
    end: int
    date: dt.date | None


def _resolve(day: int, month: int, year: int | None, reference: dt.date | None) -> dt.date | None:
    if year is None:
        if reference is None:
            return None
        year = reference.year
        # "On August 20" in an article of 5 January means last year's August.
        try:
            if dt.date(year, month, day) > reference + dt.timedelta(days=1):
                year -= 1
        except ValueError:
            return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str, reference: dt.date | None = None) -> list[DateMention]:
    """Every date-like phrase in ``text``, with the calendar date when it can be told."""
    found = []
    for match in _DATE.finditer(text):
        g = match.groupdict()
        date = None
        if g["m1"]:
            date = _resolve(int(g["d1"]), MONTHS[g["m1"].lower()], _int(g["y1"]), reference)
        elif g["m2"]:
            date = _resolve(int(g["d2"]), MONTHS[g["m2"].lower()], _int(g["y2"]), reference)
        elif g["m3"]:
            date = _resolve(int(g["d3"]), int(g["m3"]), int(g["y3"]), reference)
        elif g["m4"]:
            date = _resolve(int(g["d4"]), int(g["m4"]), int(g["y4"]), reference)
        found.append(DateMention(match.group(), match.start(), match.end(), date))
    return found


def _int(value: str | None) -> int | None:
    return int(value) if value else None
