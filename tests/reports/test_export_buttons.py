"""Export buttons on the claims and sources lists carry the page's filters, not its paging."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from webapp import db
from webapp.claims.models import Claim
from webapp.claims.operations import retract_claim
from webapp.core.permissions import Role
from webapp.sources.models import AdmiraltyGrade, Source, SourceKind
from webapp.sources.operations import grade_source, retract_source


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.exports: dict[str, str] = {}
        self.next: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("data-export"):
            self.exports[values["data-export"]] = values["href"] or ""
        if tag == "a" and values.get("rel") == "next":
            self.next = values["href"]


def links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def download(client, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    text = response.get_data().decode("utf-8")
    if "bom=1" in url:
        assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def every_page(client, url: str, id_pattern: str) -> tuple[set[int], list[_Links]]:
    """The record ids on every page of a list, and the links of each page."""
    ids: set[int] = set()
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        ids |= {int(i) for i in re.findall(id_pattern, html)}
        page = links(html)
        pages.append(page)
        url = page.next
    return ids, pages


@pytest.fixture
def panjshir_claims(app, make_claim, make_verdict) -> dict[str, int]:
    ids = {
        "fighters": make_claim(statement="About 10,000 fighters left.", tags=["Panjshir"]),
        "population": make_claim(statement="More than 140,000 people.", tags=["Panjshir"]),
        "districts": make_claim(statement="Three districts taken.", tags=["Panjshir", "Baghlan"]),
        "retracted": make_claim(statement="A duplicate.", tags=["Panjshir"]),
        "other": make_claim(statement="Ghani fled.", tags=["Kabul"]),
    }
    make_verdict(ids["fighters"], rating="mostly-false")
    make_verdict(ids["districts"], rating="true", conclude=False)
    make_verdict(ids["other"], rating="false")
    with app.app_context():
        sess = db.session()
        retract_claim(sess, actor=None, claim=sess.get(Claim, ids["retracted"]), reason="Duplicate")
        sess.commit()
    return ids


@pytest.mark.parametrize("show_retracted", [False, True])
def test_claims_buttons_carry_filters_across_pages(
    app, client, login, panjshir_claims, show_retracted
) -> None:
    login(Role.VIEWER)
    app.config["PAGE_SIZE"] = 2
    url = "/claims?tag=Panjshir&sort=oldest" + ("&show_retracted=y" if show_retracted else "")
    ids, pages = every_page(client, url, r'data-claim-id="(\d+)"')
    expected = {"fighters", "population", "districts"} | (
        {"retracted"} if show_retracted else set()
    )
    assert ids == {panjshir_claims[name] for name in expected}
    assert len(pages) == 2
    for page in pages:  # the second page's URL has a cursor; its buttons must not
        claims_url = page.exports["claims"]
        assert urlsplit(claims_url).path == "/exports/claims.csv"
        params = query(claims_url)
        assert params["tag"] == ["Panjshir"]
        assert params["sort"] == ["oldest"]
        assert "after" not in params
        assert "bom" not in params
        assert ("show_retracted" in params) is show_retracted
        assert query(page.exports["claims-bom"]) == {**params, "bom": ["1"]}
        assert page.exports["claimreview"] == "/exports/claimreview.json"
        rows = download(client, claims_url)
        assert {int(r["claim_id"]) for r in rows} == ids
        assert download(client, page.exports["claims-bom"]) == rows
        verdicts = download(client, page.exports["verdicts"])
        assert {int(r["claim_id"]) for r in verdicts} == {
            panjshir_claims["fighters"],
            panjshir_claims["districts"],
        }
        assert {r["state"] for r in verdicts} == {"current", "proposed"}
        assert query(page.exports["verdicts-bom"])["bom"] == ["1"]


def test_claims_search_and_status_filters(client, login, panjshir_claims) -> None:
    login(Role.VIEWER)
    ids, [page] = every_page(
        client, "/claims?q=fighters&status=concluded", r'data-claim-id="(\d+)"'
    )
    assert ids == {panjshir_claims["fighters"]}
    rows = download(client, page.exports["claims"])
    assert [int(r["claim_id"]) for r in rows] == [panjshir_claims["fighters"]]
    assert rows[0]["verdict"] == "Mostly false"


def test_query_names_stay_data(client, login, panjshir_claims) -> None:
    """Parameters such as _external are copied as text, never read as url_for options."""
    login(Role.VIEWER)
    response = client.get("/claims?tag=Kabul&_external=1&_anchor=x")
    href = links(response.get_data(as_text=True)).exports["claims"]
    assert href.startswith("/exports/claims.csv?")
    assert query(href) == {"tag": ["Kabul"], "_external": ["1"], "_anchor": ["x"]}
    assert [int(r["claim_id"]) for r in download(client, href)] == [panjshir_claims["other"]]


def test_no_claim_buttons_without_results(client, login, panjshir_claims) -> None:
    login(Role.VIEWER)
    empty = client.get("/claims?tag=Nowhere")
    assert empty.status_code == 200
    assert links(empty.get_data(as_text=True)).exports == {}
    invalid = client.get("/claims?claim_from=not-a-date")
    assert invalid.status_code == 400
    assert links(invalid.get_data(as_text=True)).exports == {}


@pytest.fixture
def outlets(app, make_source) -> dict[str, int]:
    ids = {
        "reuters": make_source("Reuters", kind=SourceKind.OUTLET),
        "factcheck": make_source("Reuters Fact Check", kind=SourceKind.OUTLET),
        "anadolu": make_source("Anadolu Agency", kind=SourceKind.OUTLET, aliases=["AA Reuters"]),
        "retracted": make_source("Reuters Old Desk", kind=SourceKind.OUTLET),
        "person": make_source("Reuters Person", kind=SourceKind.PERSON),
    }
    with app.app_context():
        sess = db.session()
        grade_source(
            sess,
            actor=None,
            source=sess.get(Source, ids["reuters"]),
            grade=AdmiraltyGrade.B,
            rationale="Long record.",
        )
        grade_source(
            sess,
            actor=None,
            source=sess.get(Source, ids["factcheck"]),
            grade=AdmiraltyGrade.C,
            rationale="Newer.",
        )
        retract_source(sess, actor=None, source=sess.get(Source, ids["retracted"]), reason="Dup")
        sess.commit()
    return ids


@pytest.mark.parametrize(
    ("page_query", "expected"),
    [
        ("q=reuters&kind=outlet", {"reuters", "factcheck", "anadolu"}),
        ("q=reuters&kind=outlet&retracted=y", {"reuters", "factcheck", "anadolu", "retracted"}),
        ("q=reuters&graded=yes&sort=newest", {"reuters", "factcheck"}),
        ("graded=no&kind=outlet", {"anadolu"}),
        ("grade=B", {"reuters"}),
        ("q=REUTÉRS&kind=person", {"person"}),
    ],
)
def test_sources_button_gives_the_page_rows(
    app, client, login, outlets, page_query, expected
) -> None:
    login(Role.VIEWER)
    app.config["PAGE_SIZE"] = 1
    ids, pages = every_page(client, f"/sources?{page_query}", r'href="/sources/(\d+)"')
    assert ids == {outlets[name] for name in expected}
    sent = parse_qs(page_query)
    for page in pages:
        href = page.exports["sources"]
        params = query(href)
        assert "cursor" not in params
        assert "retracted" not in params
        if "retracted" in sent:
            assert params["show_retracted"] == ["y"]
        assert {k: v for k, v in params.items() if k != "show_retracted"} == {
            k: v for k, v in sent.items() if k != "retracted"
        }
        rows = download(client, href)
        assert {int(r["source_id"]) for r in rows} == ids
        assert len(download(client, page.exports["sources-bom"])) == len(rows)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ("graded=maybe", "graded: &#39;maybe&#39; is not yes or no"),
        ("grade=Z", "grade: &#39;Z&#39; is not a letter from A to F"),
        ("q=" + "x" * 201, "q: at most 200 characters"),
    ],
)
def test_sources_export_refuses_bad_filters(client, login, params, message) -> None:
    login(Role.VIEWER)
    response = client.get(f"/exports/sources.csv?{params}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_no_sources_button_on_an_empty_list(client, login) -> None:
    login(Role.VIEWER)
    response = client.get("/sources?q=nobody")
    assert response.status_code == 200
    assert links(response.get_data(as_text=True)).exports == {}
