"""Fixtures of the intake tests: the sample article from ../shared and its gold labels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[3] / "shared"
SAMPLE = SHARED / "samples" / "panjshir-resistance-2021-08-24.txt"
GOLD = Path(__file__).resolve().parent / "gold_panjshir.json"


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def gold() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GOLD.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def sample_document(make_document, make_source, sample_text):
    """``sample_document()`` → id of a document holding the sample, by a recorded author."""
    import datetime as dt

    def factory(**extra: Any) -> int:
        author_id = make_source("Vladimir Danilov")
        return make_document(
            "Does the Anti-Taliban Resistance in Afghanistan have a Future?",
            body=sample_text,
            author_id=author_id,
            published_on=dt.date(2021, 8, 24),
            **extra,
        )

    return factory


def sentence_at(text: str, starts: str) -> tuple[int, int]:
    """(start, end) of the sentence of ``text`` that starts with ``starts``."""
    from webapp.intake.sentences import split_sentences

    span = next(s for s in split_sentences(text) if s.text.startswith(starts))
    return span.start, span.end
