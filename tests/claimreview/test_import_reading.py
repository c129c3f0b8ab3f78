"""Reading ClaimReview files: the wrappers publishers use, and problems named by item."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from webapp.claimreview.importer import external_id, party, rationale
from webapp.claimreview.reading import Review, parse_bytes
from webapp.reports.schemas import load_schema
from webapp.sources.models import SourceKind


def review(n: int = 1, **overrides: Any) -> dict[str, Any]:
    """A complete ClaimReview, as another desk would publish it."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://factcheck.example/reviews/{n}",
        "claimReviewed": f"Claim number {n}.",
        "datePublished": "2021-09-01",
        "author": {"@type": "Organization", "name": "Example Checks"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Someone"}},
    }
    data.update(overrides)
    return data


def parsed(document: Any):
    return parse_bytes(json.dumps(document).encode())


def statements(document: Any) -> list[str]:
    result = parsed(document)
    assert result.problems == []
    return [r.data["claimReviewed"] for r in result.reviews]


def test_import_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(load_schema("claimreview-import.schema.json"))


def test_claimdesk_output_passes_the_import_schema() -> None:
    """What Claimdesk publishes (its own schema's example shape) is importable."""
    validator = jsonschema.Draft202012Validator(load_schema("claimreview-import.schema.json"))
    published = review(
        itemReviewed={
            "@type": "Claim",
            "author": {
                "@type": "Person",
                "name": "A",
                "sameAs": "https://www.wikidata.org/wiki/Q1",
            },
            "datePublished": "2021-08-20",
            "appearance": [{"@type": "CreativeWork", "headline": "H", "url": "https://a.example"}],
            "firstAppearance": {"@type": "CreativeWork", "headline": "H"},
        },
        reviewRating={
            "@type": "Rating",
            "alternateName": "False",
            "ratingValue": 1,
            "bestRating": 6,
            "worstRating": 1,
        },
    )
    assert list(validator.iter_errors(published)) == []


@pytest.mark.parametrize(
    "document",
    [
        review(1),
        [review(1), review(2)],
        {
            "@context": "https://schema.org",
            "@graph": [{"@type": "WebPage", "name": "page"}, review(1)],
        },
        {
            "@context": "https://schema.org",
            "@type": "DataFeed",
            "dataFeedElement": [
                {"@type": "DataFeedItem", "item": [review(1), review(2)]},
                {"@type": "DataFeedItem", "item": review(3)},
            ],
        },
        [{"@graph": [review(1)]}, review(2)],
    ],
    ids=["one", "list", "graph", "datafeed", "list-of-graph"],
)
def test_wrappers(document: Any) -> None:
    found = statements(document)
    assert found[0] == "Claim number 1."
    assert found == sorted(found)


def test_graph_skips_other_nodes_with_a_note() -> None:
    result = parsed({"@graph": [{"@type": "Organization", "name": "x"}, review(1)]})
    assert [r.index for r in result.reviews] == [1]
    assert result.notes == ["1 node(s) that are not ClaimReviews were skipped."]


def test_problems_name_the_item_and_property() -> None:
    no_label = review(2, reviewRating={"@type": "Rating"})
    no_rating = review(3)
    del no_rating["reviewRating"]
    result = parsed(
        [
            review(1),
            no_label,
            no_rating,
            review(4, url="ftp://example.org/x"),
            review(5, claimReviewed="   "),
            review(6, itemReviewed={"datePublished": "24 August 2021"}),
            "just text",
            review(8, itemReviewed={"appearance": [{"url": "javascript:alert(1)"}]}),
            review(9, reviewRating={"alternateName": 3}),
        ]
    )
    assert [str(p) for p in result.problems] == [
        "item 2: reviewRating.alternateName is missing",
        "item 3: reviewRating.alternateName is missing",
        "item 4: url 'ftp://example.org/x' is not a web address (http:// or https://)",
        "item 5: claimReviewed is blank",
        "item 6: itemReviewed.datePublished '24 August 2021' is not a date like 2021-08-24",
        "item 7: the item should be an object, not string",
        "item 8: itemReviewed.appearance[0].url 'javascript:alert(1)' is not a web address "
        "(http:// or https://)",
        "item 9: reviewRating.alternateName should be a string, not integer",
    ]
    assert [r.index for r in result.reviews] == [1]


def test_missing_url_and_statement() -> None:
    result = parsed([{"reviewRating": {"alternateName": "False"}}])
    assert [str(p) for p in result.problems] == [
        "item 1: claimReviewed is missing",
        "item 1: url is missing",
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "file: the file is empty"),
        (b"  \n", "file: the file is empty"),
        (b'[{"url": ', "file: not valid JSON: Expecting value (line 1, column 10)"),
        (b"42", "file: the file holds a JSON integer, not a ClaimReview"),
        (b"[]", "file: no ClaimReview was found in the file"),
        (b'{"@graph": [{"@type": "WebPage"}]}', "file: no ClaimReview was found"),
        (b'["\xff"]', "file: not valid UTF-8 (byte 3)"),
        (b"[" * 100_000 + b"]" * 100_000, "file: "),
    ],
    ids=["empty", "blank", "truncated", "number", "empty-list", "no-review", "utf8", "deep"],
)
def test_file_problems(raw: bytes, message: str) -> None:
    result = parse_bytes(raw)
    assert len(result.problems) == 1
    assert str(result.problems[0]).startswith(message)
    assert result.reviews == []


def test_byte_order_mark_is_noted() -> None:
    result = parse_bytes(b"\xef\xbb\xbf" + json.dumps(review(1)).encode())
    assert result.problems == []
    assert "byte-order mark" in result.notes[0]


def test_repeats() -> None:
    same = parsed([review(1), review(1)])
    assert [r.index for r in same.reviews] == [1]
    assert same.notes == ["item 2 repeats item 1; read once."]
    clash = parsed([review(1), review(1, claimReviewed="Another claim.")])
    assert [str(p) for p in clash.problems] == [
        "item 2: item 1 has the same url (https://factcheck.example/reviews/1); imported claims "
        "are known by their fact-check's url, so give each its own (e.g. a #fragment)"
    ]


def test_external_id_hashes_long_urls() -> None:
    assert external_id("https://a.example/1") == "claimreview:https://a.example/1"
    long_url = "https://a.example/" + "x" * 300
    hashed = external_id(long_url)
    assert hashed.startswith("claimreview:sha256:")
    assert len(hashed) == len("claimreview:sha256:") + 64
    assert hashed == external_id(long_url)


def test_party_reading() -> None:
    assert party(None) is None
    assert party({"@type": "Person"}) is None
    assert party("  Dostum ").name == "Dostum"
    found = party(
        [
            {
                "@type": "Organization",
                "name": " Anadolu Agency ",
                "url": "https://www.aa.com.tr/",
                "sameAs": ["https://twitter.com/aa", "https://www.wikidata.org/wiki/Q379000"],
            },
            {"@type": "Person", "name": "ignored"},
        ]
    )
    assert found is not None
    assert (found.name, found.url, found.wikidata_id) == (
        "Anadolu Agency",
        "https://www.aa.com.tr/",
        "Q379000",
    )
    assert found.kind() is SourceKind.ORGANISATION
    assert found.kind(publisher=True) is SourceKind.OUTLET
    assert party({"@type": "GovernmentOrganization", "name": "x"}).kind() is SourceKind.GOVERNMENT
    assert party({"@type": "NewsMediaOrganization", "name": "x"}).kind() is SourceKind.OUTLET
    assert party({"@type": "Person", "name": "x", "url": "ftp://x"}).url is None


def test_rationale() -> None:
    assert rationale(Review(1, review(1))) == (
        "Imported from the ClaimReview published by Example Checks at "
        "https://factcheck.example/reviews/1 on 2021-09-01."
    )
    bare = review(2)
    del bare["author"], bare["datePublished"]
    assert rationale(Review(2, bare)) == (
        "Imported from the ClaimReview published at https://factcheck.example/reviews/2."
    )
