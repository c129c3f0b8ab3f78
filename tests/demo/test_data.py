"""Guards on the demo data itself: short quotes only, and internally consistent."""

from __future__ import annotations

import ast
from pathlib import Path

from webapp.demo import data

DATA_FILE = Path(data.__file__)
MAX_QUOTE = 300


def test_no_string_in_the_data_file_is_long() -> None:
    # Implicitly concatenated literals are one constant in the AST, so this also catches
    # a paragraph split over many source lines. Docstrings describe; they are not data.
    tree = ast.parse(DATA_FILE.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and ast.get_docstring(node) is not None
    }
    long = [
        node.value[:60]
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if len(node.value) > MAX_QUOTE and id(node) not in docstrings
    ]
    assert long == []


def test_quotes_are_short_excerpts() -> None:
    quotes = [c.quote for c in data.CLAIMS]
    assert all(0 < len(q) <= MAX_QUOTE for q in quotes)
    # The article has about 7,000 characters; the demo keeps well under a third of it.
    assert sum(len(q) for q in quotes) < 2500
    assert len(set(quotes)) == len(quotes)


def test_references_are_consistent() -> None:
    source_keys = {s.key for s in data.SOURCES}
    numbers = [c.n for c in data.CLAIMS]
    assert len(set(numbers)) == len(numbers) >= 12
    for item in data.CLAIMS:
        assert item.claimant in source_keys
        assert set(item.relays) <= source_keys
    assert {data.DOCUMENT.publisher, data.DOCUMENT.author} <= source_keys
    assert {g.source for g in data.GRADES} <= source_keys
    for relation in data.RELATIONS:
        assert {relation.claim, relation.related} <= set(numbers)
    for step in data.WORKFLOW:
        assert step.claim in numbers
        if isinstance(step, data.DemoVerdict):
            assert step.stage in {"proposed", "approved", "concluded"}
