"""The document's text as paragraphs of plain and highlighted pieces, for the template."""

from __future__ import annotations

import re
from dataclasses import dataclass

from webapp.intake.suggest import Candidate


@dataclass(frozen=True)
class Piece:
    """Text of a paragraph; ``candidate`` is set when the piece is a candidate sentence."""

    text: str
    candidate: Candidate | None = None


def level(score: float) -> str:
    """A CSS class for how strongly a sentence scored."""
    return "high" if score >= 3 else "mid" if score >= 2 else "low"


def paragraphs(body: str, shown: list[Candidate]) -> list[list[Piece]]:
    """``body`` split at blank lines, each candidate sentence of ``shown`` as its own piece."""
    result: list[list[Piece]] = [[]]
    position = 0

    def plain(text: str) -> None:
        parts = re.split(r"\n[ \t]*\n\s*", text)
        for number, part in enumerate(parts):
            if number:
                result.append([])
            if part:
                result[-1].append(Piece(part))

    for candidate in sorted(shown, key=lambda c: c.span.start):
        plain(body[position : candidate.span.start])
        result[-1].append(Piece(candidate.span.text, candidate))
        position = candidate.span.end
    plain(body[position:])
    return [paragraph for paragraph in result if any(p.text.strip() for p in paragraph)]
