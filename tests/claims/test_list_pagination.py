"""Sort orders and keyset pages of the claims list: no duplicates, no gaps, filters kept."""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import update

from webapp import db
from webapp.claims.models import Claim
from webapp.claims.operations import ClaimData, create_claim
from webapp.core.pagination import encode_cursor
from webapp.core.permissions import Role

BASE = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def listed(response) -> list[int]:
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]
    return [int(i) for i in re.findall(r'data-claim-id="(\d+)"', response.get_data(as_text=True))]


def next_link(response) -> str | None:
    found = re.search(
        r'<a class="button" href="([^"]+)" rel="next">', response.get_data(as_text=True)
    )
    return html.unescape(found.group(1)) if found else None


def walk(client, url: str) -> list[list[int]]:
    """Every page from ``url`` on, following the "Next page" links."""
    pages = []
    while url:
        response = client.get(url)
        pages.append(listed(response))
        url = next_link(response)
        assert len(pages) < 20, "the pages never end"
    return pages


@pytest.fixture
def many_claims(app):
    """``many_claims(n, **fields)``: record n claims in one session; return their ids in order."""

    def factory(n: int, statement: str = "Claim number {n} about Panjshir.", **fields) -> list[int]:
        with app.app_context():
            sess = db.session()
            ids = []
            for number in range(n):
                data = ClaimData(statement=statement.format(n=number), **fields)
                ids.append(create_claim(sess, actor=None, data=data).id)
            sess.commit()
            return ids

    return factory


def backdate(app, values: dict[int, dict]) -> None:
    """Set columns directly: ``{claim_id: {"created_at": ..., "claim_date": ...}}``."""
    with app.app_context():
        sess = db.session()
        for claim_id, columns in values.items():
            sess.execute(update(Claim).where(Claim.id == claim_id).values(**columns))
        sess.commit()


def test_pages_cover_every_claim_once(app, client, login, many_claims) -> None:
    login(Role.VIEWER)
    ids = many_claims(120)
    # Many share one timestamp, so the id must break ties.
    backdate(app, {claim_id: {"created_at": BASE} for claim_id in ids[30:90]})
    pages = walk(client, "/claims")
    assert [len(page) for page in pages] == [50, 50, 20]
    flat = [claim_id for page in pages for claim_id in page]
    assert len(set(flat)) == 120
    assert sorted(flat) == sorted(ids)
    expected = sorted(ids, key=lambda i: (i not in ids[30:90], i), reverse=True)
    assert flat == expected
    assert "120 claims." in client.get("/claims").get_data(as_text=True)


def test_next_page_keeps_the_filters(app, client, login, many_claims) -> None:
    login(Role.VIEWER)
    tagged = many_claims(60, tags=["Panjshir"], checkable=True)
    many_claims(30, statement="Other claim {n}.", tags=["Kabul"])
    response = client.get("/claims?tag=Panjshir&checkable=yes&q=claim&sort=oldest&status=")
    url = next_link(response)
    query = parse_qs(urlsplit(url).query)
    assert query["tag"] == ["Panjshir"]
    assert query["checkable"] == ["yes"]
    assert query["q"] == ["claim"]
    assert query["sort"] == ["oldest"]
    assert "status" not in query  # empty fields are left out
    pages = walk(client, "/claims?tag=Panjshir&checkable=yes&q=claim&sort=oldest")
    assert [claim_id for page in pages for claim_id in page] == tagged
    assert "60 claims match." in response.get_data(as_text=True)


def test_first_page_link(client, login, many_claims) -> None:
    login(Role.VIEWER)
    many_claims(51)
    second = client.get(next_link(client.get("/claims?tag=")))
    assert len(listed(second)) == 1
    assert 'href="/claims">First page</a>' in second.get_data(as_text=True)
    assert next_link(second) is None


@pytest.mark.parametrize("sort", ["newest", "oldest", "claim_date", "updated", "relevance"])
def test_every_sort_pages_without_gaps(app, client, login, many_claims, sort) -> None:
    app.config["PAGE_SIZE"] = 7
    login(Role.VIEWER)
    ids = many_claims(40, statement="Fighters {n} " + "fighters " * 3)
    extra = many_claims(10, statement="Fighters {n} were seen, with many other words around.")
    ids += extra
    # Dated and undated claims, with ties, so claim-date pages cross the NULL boundary.
    backdate(app, {i: {"claim_date": dt.date(2021, 8, 1 + i % 5)} for i in ids[::2]})
    backdate(app, {i: {"updated_at": BASE + dt.timedelta(minutes=i % 3)} for i in ids})
    pages = walk(client, f"/claims?q=fighters&sort={sort}")
    flat = [claim_id for page in pages for claim_id in page]
    assert len(flat) == 50
    assert set(flat) == set(ids)
    assert all(len(page) == 7 for page in pages[:-1])


def test_sort_orders(app, client, login, many_claims) -> None:
    login(Role.VIEWER)
    a, b, c, d = many_claims(4)
    backdate(
        app,
        {
            a: {"claim_date": dt.date(2021, 8, 20), "updated_at": BASE + dt.timedelta(days=3)},
            b: {"claim_date": None, "updated_at": BASE + dt.timedelta(days=1)},
            c: {"claim_date": dt.date(2021, 8, 24), "updated_at": BASE},
            d: {"claim_date": dt.date(2021, 8, 20), "updated_at": BASE + dt.timedelta(days=2)},
        },
    )
    assert listed(client.get("/claims")) == [d, c, b, a]
    assert listed(client.get("/claims?sort=newest")) == [d, c, b, a]
    assert listed(client.get("/claims?sort=oldest")) == [a, b, c, d]
    assert listed(client.get("/claims?sort=claim_date")) == [c, d, a, b]
    assert listed(client.get("/claims?sort=updated")) == [a, d, b, c]
    assert listed(client.get("/claims?sort=whatever")) == [d, c, b, a]


def test_sort_select_shows_the_order_used(client, login, many_claims) -> None:
    login(Role.VIEWER)
    many_claims(2)
    page = client.get("/claims?q=Panjshir").get_data(as_text=True)
    assert '<option selected value="relevance">' in page
    page = client.get("/claims").get_data(as_text=True)
    assert '<option selected value="newest">' in page


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "!!!",
        encode_cursor(["newest"]),
        encode_cursor(["oldest", "2026-01-01T00:00:00+00:00", 5]),  # another sort's cursor
        encode_cursor(["newest", "2026-01-01T00:00:00", 5]),  # a time without a zone
        encode_cursor(["newest", "2026-01-01T00:00:00+00:00", 10**30]),
        encode_cursor(["newest", "not a time", 5]),
        encode_cursor(["newest", None, None]),
        encode_cursor(["claim_date", "2021-02-30", 1]),
        encode_cursor(["relevance", "NaN", 1]),
        encode_cursor({"newest": 1}),
    ],
)
def test_odd_cursors_start_at_the_first_page(client, login, many_claims, cursor) -> None:
    login(Role.VIEWER)
    ids = many_claims(3)
    for sort in ("newest", "claim_date", "relevance"):
        response = client.get("/claims", query_string={"after": cursor, "sort": sort, "q": "x"})
        assert response.status_code == 200
    assert listed(client.get("/claims", query_string={"after": cursor})) == ids[::-1]


def test_query_string_cannot_steer_url_building(client, login, many_claims) -> None:
    login(Role.VIEWER)
    many_claims(51)
    response = client.get("/claims?_external=1&_scheme=javascript&_anchor=x")
    assert response.status_code == 200
    assert next_link(response).startswith("/claims?")
