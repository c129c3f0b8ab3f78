"""The sentence splitter: abbreviations, initials, decimals, quotations, offsets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webapp.intake.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [span.text for span in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ("Gen. Bismillah Khan Mohammadi said so. He left.", ["Gen. Bismillah Khan Mohammadi said so.", "He left."]),
        ("Mr. Smith and Dr. Jones met. They talked.", ["Mr. Smith and Dr. Jones met.", "They talked."]),
        ("J. K. Rowling wrote it. It sold.", ["J. K. Rowling wrote it.", "It sold."]),
        ("It grew 3.5 percent. Then it fell.", ["It grew 3.5 percent.", "Then it fell."]),
        ("Troops left the U.S. Army base. The base closed.", ["Troops left the U.S. Army base.", "The base closed."]),
        ("They flew to the U.S. The talks began.", ["They flew to the U.S.", "The talks began."]),
        ("“We won. They lost!” the general wrote. Others agreed.", ["“We won. They lost!” the general wrote.", "Others agreed."]),
        ('"Go home." He left.', ['"Go home."', "He left."]),
        ("Title line\n\nFirst sentence. Second one.", ["Title line", "First sentence.", "Second one."]),
        ("A line that wraps\nin the middle. Next.", ["A line that wraps\nin the middle.", "Next."]),
        ("Wait... What happened?", ["Wait...", "What happened?"]),
        ("apples etc. and pears.", ["apples etc. and pears."]),
        ("", []),
        ("   \n\n  ", []),
    ],
)  # fmt: skip
def test_splits(text, expected):
    assert texts(text) == expected


def test_offsets_point_into_the_text():
    text = "  Gen. Smith said on Aug. 20 that 10,000 left.\n\nAnother one.  "
    spans = split_sentences(text)
    assert [text[s.start : s.end] for s in spans] == [s.text for s in spans]
    assert spans[0].start == 2
    assert spans[1].text == "Another one."


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n“”\"'U.S3,")), max_size=200))
def test_spans_are_ordered_exact_and_cover_every_visible_character(text):
    spans = split_sentences(text)
    previous_end = 0
    covered = set()
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text == span.text.strip()
        covered.update(range(span.start, span.end))
        previous_end = span.end
    visible = {i for i, char in enumerate(text) if not char.isspace()}
    assert visible <= covered
