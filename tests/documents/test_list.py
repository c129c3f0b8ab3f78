"""The documents list: search, filters, sorting, keyset pagination, counts, empty states."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from webapp.core.permissions import Role
from webapp.sources.models import SourceKind

NEXT_LINK = re.compile(r'<a href="([^"]+)" rel="next">')


def titles_in(body: str, titles: list[str]) -> list[str]:
    """The given titles in the order the page shows them (absent ones left out)."""
    found = [(body.find(f">{t}</a>"), t) for t in titles]
    return [t for position, t in sorted(found) if position >= 0]


def test_empty_state_without_documents(client, login) -> None:
    login(Role.CHECKER)
    body = client.get("/documents").get_data(as_text=True)
    assert "No documents are recorded yet" in body
    assert 'href="/documents/new"' in body


def test_viewer_sees_no_new_document_button(client, login, make_document) -> None:
    make_document("Some article")
    login(Role.VIEWER)
    body = client.get("/documents").get_data(as_text=True)
    assert "Some article" in body
    assert 'href="/documents/new"' not in body


def test_search_by_title_or_url_ignores_case(client, login, make_document) -> None:
    make_document("Resistance in PANJSHIR grows")
    make_document("On the north", url="https://journal-neo.org/2021/08/24/panjshir-resistance/")
    make_document("Unrelated piece", url="https://example.org/other")
    login(Role.VIEWER)
    body = client.get("/documents?q=panjshir").get_data(as_text=True)
    assert "Resistance in PANJSHIR grows" in body
    assert "On the north" in body
    assert "Unrelated piece" not in body


def test_search_treats_wildcards_literally(client, login, make_document) -> None:
    make_document("Turnout was 100% in one district")
    make_document("Turnout was 1000 people")
    login(Role.VIEWER)
    body = client.get("/documents?q=100%25").get_data(as_text=True)
    assert "100% in one district" in body
    assert "1000 people" not in body


def test_filtered_empty_state(client, login, make_document) -> None:
    make_document("Some article")
    login(Role.VIEWER)
    body = client.get("/documents?q=nothing-like-this").get_data(as_text=True)
    assert "No documents match these filters" in body


def test_filter_by_publisher_text_or_id(client, login, make_source, make_document) -> None:
    neo = make_source("New Eastern Outlook", kind=SourceKind.OUTLET)
    other = make_source("Anadolu Agency", kind=SourceKind.OUTLET)
    make_document("From NEO", publisher_id=neo)
    make_document("From Anadolu", publisher_id=other)
    make_document("From nobody")
    login(Role.VIEWER)
    for query in (
        f"publisher=New+Eastern+Outlook+%23{neo}",
        "publisher=new+eastern+outlook",
        f"publisher_id={neo}",
    ):
        response = client.get(f"/documents?{query}")
        body = response.get_data(as_text=True)
        assert response.status_code == 200, query
        assert "From NEO" in body, query
        assert "From Anadolu" not in body, query
        assert "From nobody" not in body, query
    # The id form of the filter shows the publisher's name in the field.
    assert f'value="New Eastern Outlook #{neo}"' in body


def test_unknown_publisher_is_a_field_error(client, login, make_document) -> None:
    make_document("Some article")
    login(Role.VIEWER)
    response = client.get("/documents?publisher=Nobody+Known")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "No source is called &#39;Nobody Known&#39;" in body
    assert "Some article" not in body


def test_unknown_publisher_id_is_an_error_not_no_filter(client, login, make_document) -> None:
    make_document("Some article")
    login(Role.VIEWER)
    response = client.get("/documents?publisher_id=9999")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "There is no source #9999." in body
    assert "Some article" not in body


def test_filter_by_published_range(client, login, make_document) -> None:
    make_document("Early", published_on=dt.date(2021, 8, 1))
    make_document("Middle", published_on=dt.date(2021, 8, 20))
    make_document("Late", published_on=dt.date(2021, 9, 30))
    make_document("Undated")
    login(Role.VIEWER)
    body = client.get("/documents?published_from=2021-08-20&published_to=2021-09-01").get_data(
        as_text=True
    )
    assert titles_in(body, ["Early", "Middle", "Late", "Undated"]) == ["Middle"]
    body = client.get("/documents?published_from=2021-08-20").get_data(as_text=True)
    assert titles_in(body, ["Early", "Middle", "Late", "Undated"]) == ["Late", "Middle"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("published_from=2021-09-01&published_to=2021-08-01", "before its start"),
        ("published_from=yesterday", "Not a valid date value"),
        ("sort=random", "Not a valid choice"),
    ],
)
def test_invalid_filters_answer_400(client, login, query, message) -> None:
    login(Role.VIEWER)
    response = client.get(f"/documents?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_retracted_documents_hidden_unless_asked(
    client, login, make_document, retracted_document
) -> None:
    make_document("Live article")
    retracted_document("Withdrawn article")
    login(Role.VIEWER)
    body = client.get("/documents").get_data(as_text=True)
    assert "Live article" in body
    assert "Withdrawn article" not in body
    body = client.get("/documents?show_retracted=y").get_data(as_text=True)
    assert "Withdrawn article" in body
    assert "Retracted</span>" in body


def test_claim_counts_ignore_retracted_appearances(
    app, client, login, make_claim, make_document, make_appearance
) -> None:
    busy = make_document("Busy article")
    quiet = make_document("Quiet article")
    claims = [make_claim(f"Claim number {n}.") for n in range(3)]
    for claim_id in claims:
        make_appearance(claim_id, busy)
    from webapp import db
    from webapp.documents.models import Appearance
    from webapp.documents.operations import retract_appearance

    with app.app_context():
        session = db.session()
        appearance = session.query(Appearance).filter_by(claim_id=claims[0]).one()
        retract_appearance(session, actor=None, appearance=appearance, reason="Misread")
        session.commit()
    login(Role.VIEWER)
    body = client.get("/documents").get_data(as_text=True)
    rows = {
        title: count
        for title, count in re.findall(
            r">([A-Za-z ]+ article)</a>.*?<td class=\"claim-count\">(\d+)</td>", body, re.S
        )
    }
    assert rows == {"Busy article": "2", "Quiet article": "0"}
    assert quiet


@pytest.fixture
def three_documents(make_document) -> list[str]:
    make_document("Bravo", published_on=dt.date(2021, 8, 20))
    make_document("alpha", published_on=dt.date(2021, 8, 24))
    make_document("Charlie")
    return ["Bravo", "alpha", "Charlie"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["alpha", "Bravo", "Charlie"]),
        ("published", ["alpha", "Bravo", "Charlie"]),
        ("added", ["Charlie", "alpha", "Bravo"]),
        ("title", ["alpha", "Bravo", "Charlie"]),
    ],
)
def test_sort_orders(client, login, three_documents, sort, expected) -> None:
    login(Role.VIEWER)
    body = client.get(f"/documents?sort={sort}").get_data(as_text=True)
    assert titles_in(body, three_documents) == expected


@pytest.mark.parametrize("sort", ["published", "added", "title"])
def test_keyset_pagination_walks_every_document_once(
    app, client, login, make_document, sort
) -> None:
    app.config["PAGE_SIZE"] = 2
    dates = [dt.date(2021, 8, 3), None, dt.date(2021, 8, 3), dt.date(2021, 7, 1), None]
    titles = [f"Doc {letter}" for letter in "EBDAC"]
    for title, published in zip(titles, dates, strict=True):
        make_document(title, published_on=published)
    login(Role.VIEWER)
    url: str | None = f"/documents?sort={sort}&q=Doc"
    seen: list[str] = []
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        page_titles = titles_in(body, titles)
        assert 1 <= len(page_titles) <= 2
        seen.extend(page_titles)
        match = NEXT_LINK.search(body)
        url = html.unescape(match.group(1)) if match else None
        if url:
            assert "q=Doc" in url, "filters survive paging"
            assert f"sort={sort}" in url
        pages += 1
    assert pages == 3
    assert sorted(seen) == sorted(titles), "each document exactly once"
    expected = {
        "published": ["Doc D", "Doc E", "Doc A", "Doc C", "Doc B"],
        "added": list(reversed(titles)),
        "title": sorted(titles),
    }[sort]
    assert seen == expected


def test_garbled_cursor_shows_first_page(client, login, make_document) -> None:
    make_document("Only one")
    login(Role.VIEWER)
    response = client.get("/documents?after=not-a-cursor!!")
    assert response.status_code == 200
    assert "Only one" in response.get_data(as_text=True)
