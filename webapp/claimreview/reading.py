"""Reading a ClaimReview file: JSON, the wrappers publishers use, and the import schema.

A file holds one ClaimReview, a JSON array of them (Claimdesk's own feed), a
``{"@graph": [...]}`` wrapper, or a schema.org ``DataFeed`` whose ``dataFeedElement``
items carry ClaimReviews in ``item``. Every review found is numbered (``item 1`` is the
first) and checked against ``schemas/claimreview-import.schema.json``; problems name the
item and the property, e.g. "item 3: reviewRating.alternateName is missing".
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]

from webapp.imports.reading import UTF8_BOM, Problem
from webapp.reports.schemas import load_schema

SCHEMA_NAME = "claimreview-import.schema.json"
MAX_FILE_BYTES = 200_000_000
# What a missing top-level property stands for: the label is what the import needs.
REQUIRED_NAMES = {"reviewRating": "reviewRating.alternateName"}
JSON_TYPES = {
    "str": "string",
    "dict": "object",
    "list": "array",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "NoneType": "null",
}


class ItemProblem(Problem):
    """A problem of one review (``row`` is the 1-based item number; 0: the whole file)."""

    def __str__(self) -> str:
        return f"item {self.row}: {self.reason}" if self.row else f"file: {self.reason}"


@dataclass(frozen=True)
class Review:
    """One ClaimReview of the file and its position (``item <index>``)."""

    index: int
    data: dict[str, Any]

    @property
    def url(self) -> str:
        return str(self.data["url"]).strip()


@dataclass
class ParsedFile:
    """The reviews of a file, or the problems that stop it being imported."""

    reviews: list[Review] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checksum: str = ""


def types_of(node: Any) -> list[str]:
    """The ``@type`` of a JSON-LD node as a list (it may be a string or a list)."""
    value = node.get("@type") if isinstance(node, dict) else None
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _feed_items(feed: dict[str, Any], skipped: list[str]) -> Iterator[Any]:
    elements = feed.get("dataFeedElement") or []
    for element in elements if isinstance(elements, list) else [elements]:
        if isinstance(element, dict) and "item" in element:
            items = element["item"]
            yield from items if isinstance(items, list) else [items]
        elif "ClaimReview" in types_of(element):
            yield element
        else:
            skipped.append(", ".join(types_of(element)) or "untyped element")


def _candidates(document: Any, skipped: list[str], in_graph: bool = False) -> Iterator[Any]:
    """Every node that should be a ClaimReview, in file order."""
    if isinstance(document, list):
        for node in document:
            yield from _candidates(node, skipped, in_graph)
    elif isinstance(document, dict) and "@graph" in document:
        yield from _candidates(document["@graph"], skipped, in_graph=True)
    elif isinstance(document, dict) and (
        "dataFeedElement" in document or "DataFeed" in types_of(document)
    ):
        yield from _feed_items(document, skipped)
    elif in_graph and "ClaimReview" not in types_of(document):
        # A graph also describes the page, the publisher, breadcrumbs...: not ours to import.
        skipped.append(", ".join(types_of(document)) or "untyped node")
    else:
        yield document


def _path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _wrong_type(error: Any) -> bool:
    """True when ``error`` only says the value is of another type than a branch wants."""
    if error.validator == "anyOf":
        return all(_wrong_type(e) for e in error.context)
    return bool(error.validator == "type")


def _describe(error: Any) -> list[str]:
    """Plain-language reasons for one schema error."""
    path = _path(error.absolute_path)
    where = path or "the item"
    kind = error.validator
    if kind == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        prefix = f"{path}." if path else ""
        return [f"{prefix}{REQUIRED_NAMES.get(name, name)} is missing" for name in missing]
    if kind == "anyOf" and error.context:
        # Report the branch the value was meant for: the one whose type it has.
        meant = [e for e in error.context if not _wrong_type(e)]
        return _describe(meant[0] if meant else jsonschema.exceptions.best_match(error.context))
    if kind == "type":
        wanted = error.validator_value
        wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
        found = JSON_TYPES.get(type(error.instance).__name__, "something else")
        return [f"{where} should be {'an' if wanted[0] in 'aeiou' else 'a'} {wanted}, not {found}"]
    if kind == "pattern":
        value = str(error.instance)
        if "http" in error.validator_value:
            return [f"{where} {value[:80]!r} is not a web address (http:// or https://)"]
        if "[0-9]{4}" in error.validator_value:
            return [f"{where} {value[:40]!r} is not a date like 2021-08-24"]
        return [f"{where} is blank"]
    if kind == "minLength":
        return [f"{where} is empty"]
    if kind == "maxLength":
        return [f"{where} is longer than {error.validator_value:,} characters"]
    return [f"{where}: {error.message}"]


def check(items: list[tuple[int, Any]]) -> tuple[list[Review], list[Problem]]:
    """The items (number, node) that pass the import schema, and the problems of the others."""
    validator = jsonschema.Draft202012Validator(load_schema(SCHEMA_NAME))
    reviews: list[Review] = []
    problems: list[Problem] = []
    for index, node in items:
        errors = sorted(validator.iter_errors(node), key=lambda e: list(map(str, e.path)))
        # One "required" error comes per missing property, each naming all of them.
        reasons = {
            reason: _path(error.absolute_path) for error in errors for reason in _describe(error)
        }
        problems.extend(ItemProblem(index, column, reason) for reason, column in reasons.items())
        if not errors:
            reviews.append(Review(index, node))
    return reviews, problems


def drop_repeats(reviews: list[Review], parsed: ParsedFile) -> list[Review]:
    """Keep one of reviews repeated whole; refuse two claims under one url."""
    seen: dict[str, Review] = {}
    kept = []
    for review in reviews:
        earlier = seen.get(review.url)
        if earlier is None:
            seen[review.url] = review
            kept.append(review)
        elif earlier.data == review.data:
            parsed.notes.append(f"item {review.index} repeats item {earlier.index}; read once.")
        else:
            parsed.problems.append(
                ItemProblem(
                    review.index,
                    "url",
                    f"item {earlier.index} has the same url ({review.url}); imported claims are "
                    "known by their fact-check's url, so give each its own (e.g. a #fragment)",
                )
            )
    return kept


def parse_bytes(raw: bytes) -> ParsedFile:
    """Decode, parse and check a file's content; nothing is written."""
    parsed = ParsedFile(checksum=hashlib.sha256(raw).hexdigest())
    if raw.startswith(UTF8_BOM):
        raw = raw[len(UTF8_BOM) :]
        parsed.notes.append("The file starts with a UTF-8 byte-order mark; it was ignored.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        reason = f"not valid UTF-8 (byte {error.start + 1}); save the file as UTF-8"
        parsed.problems.append(ItemProblem(0, "", reason))
        return parsed
    if not text.strip():
        parsed.problems.append(ItemProblem(0, "", "the file is empty"))
        return parsed
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        reason = f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        parsed.problems.append(ItemProblem(0, "", reason))
        return parsed
    except RecursionError:
        parsed.problems.append(ItemProblem(0, "", "the JSON is nested too deeply"))
        return parsed
    except ValueError as error:  # an integer of more than 4,300 digits (Python's own limit)
        parsed.problems.append(ItemProblem(0, "", f"not valid JSON: {str(error)[:120]}"))
        return parsed
    if not isinstance(document, dict | list):
        kind = JSON_TYPES.get(type(document).__name__, "value")
        reason = f"the file holds a JSON {kind}, not a ClaimReview, a list of them or a feed"
        parsed.problems.append(ItemProblem(0, "", reason))
        return parsed
    skipped: list[str] = []
    items = list(enumerate(_candidates(document, skipped), start=1))
    if skipped:
        parsed.notes.append(f"{len(skipped)} node(s) that are not ClaimReviews were skipped.")
    if not items:
        parsed.problems.append(ItemProblem(0, "", "no ClaimReview was found in the file"))
        return parsed
    reviews, problems = check(items)
    parsed.problems.extend(problems)
    parsed.reviews = drop_repeats(reviews, parsed)
    return parsed


def read_file(path: Path) -> ParsedFile:
    """:func:`parse_bytes` of the file at ``path``, refusing absurdly large files unread."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        reason = f"the file is {size:,} bytes; files above {MAX_FILE_BYTES:,} bytes are refused"
        return ParsedFile(problems=[ItemProblem(0, "", reason)])
    return parse_bytes(path.read_bytes())
