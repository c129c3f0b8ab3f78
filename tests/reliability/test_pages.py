"""The reliability pages: roles, the source panel and its charts, the as-of page, the report."""

from __future__ import annotations

import re

import pytest

from tests.conftest import sign_in
from webapp.core.permissions import Role
from webapp.sources.models import SourceKind


def section(body: str, anchor: str) -> str:
    return body.split(f'<section id="{anchor}"', 1)[1].split("</section>", 1)[0]


def report_names(body: str) -> list[str]:
    table = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'#track-record">([^<]+)</a>', table)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_role_matrix(client, make_user, make_source, role) -> None:
    source = make_source("Reuters", kind=SourceKind.OUTLET)
    for path in ("/reliability/sources", f"/reliability/sources/{source}"):
        assert client.get(path).status_code == 302, "anonymous users go to /login"
    sign_in(client, make_user(role))
    for path in ("/reliability/sources", f"/reliability/sources/{source}"):
        assert client.get(path).status_code == 200, path


def test_nav_entry(client, login) -> None:
    login(Role.VIEWER)
    body = client.get("/reliability/sources").get_data(as_text=True)
    assert '<a href="/reliability/sources" aria-current="page">Reliability</a>' in body


def test_source_panel_with_charts(client, login, make_source, record_of, grade, at) -> None:
    source = make_source("Abdul Rashid Dostum")
    claims = record_of(source, ["true", "mostly-true", "false", "unverifiable"], tags=["Taliban"])
    grade(source, "C")
    login(Role.VIEWER)
    body = client.get(f"/sources/{source}").get_data(as_text=True)
    panel = section(body, "track-record")
    assert "Estimated reliability <strong>" in panel
    assert "from <strong>3</strong> scored claims it made" in panel
    assert "Suggested grade" in panel
    assert "Analyst's grade" in panel
    assert "F — Reliability cannot be judged" in panel  # fewer than five scored claims
    assert "C — Fairly reliable" in panel
    svg = panel.split('<svg class="reliability-chart bar-chart"', 1)[1].split("</svg>", 1)[0]
    assert f'<title id="verdicts-claimant-{source}-title">' in svg
    assert f'<desc id="verdicts-claimant-{source}-desc">True: 1; Mostly true: 1;' in svg
    assert "Unverifiable (no score): 1" in svg
    assert 'fill="#1a7f37"' in svg  # the scale's own colour for True
    assert ">Mostly true</text>" in svg  # every bar is labelled in text
    assert "<script" not in panel
    assert '<td>Taliban</td><td class="numeric">3</td>' in panel
    assert "As publisher or relay" in panel
    assert "reliability.css" in body
    # Two periods of history: the trend chart appears, with its own title and description.
    at(make_verdict_id(client, claims[0]), concluded="2021-01-10")
    body = client.get(f"/sources/{source}").get_data(as_text=True)
    trend = section(body, "track-record").split('<svg class="reliability-chart trend-chart"', 1)[1]
    assert f'<title id="trend-{source}-title">Reliability estimate of Abdul Rashid Dostum' in trend
    assert f'<desc id="trend-{source}-desc">From 2021 Q1: ' in trend
    assert "<polygon" in trend
    assert "<polyline" in trend


def make_verdict_id(client, claim_id: int) -> int:
    from webapp import db
    from webapp.claims.models import Claim

    with client.application.app_context():
        return db.session().get(Claim, claim_id).verdicts[0].id


def test_source_without_claims(client, login, make_source) -> None:
    source = make_source("Nobody checked")
    login(Role.VIEWER)
    panel = section(client.get(f"/sources/{source}").get_data(as_text=True), "track-record")
    assert "No scored claims" in panel
    assert "n = 0" in panel
    assert "No concluded verdicts." in panel
    assert "<svg" not in panel


def test_as_of_page(client, login, make_source, record_of, at) -> None:
    source = make_source("Amrullah Saleh")
    early, late = record_of(source, ["true", "false"])
    at(make_verdict_id(client, early), concluded="2021-01-10")
    at(make_verdict_id(client, late), concluded="2021-06-01")
    login(Role.VIEWER)
    body = client.get(f"/reliability/sources/{source}?as_of=2021-03-01").get_data(as_text=True)
    assert "As of 2021-03-01" in body
    assert "from <strong>1</strong> scored claim it made concluded by 2021-03-01" in body
    today = client.get(f"/reliability/sources/{source}").get_data(as_text=True)
    assert "from <strong>2</strong> scored claims" in today
    before = client.get(f"/reliability/sources/{source}?as_of=2020-01-01").get_data(as_text=True)
    assert "No scored claims by 2020-01-01" in before


def test_as_of_page_refuses_a_bad_date(client, login, make_source) -> None:
    source = make_source("Amrullah Saleh")
    login(Role.VIEWER)
    response = client.get(f"/reliability/sources/{source}?as_of=yesterday")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert 'class="error"' in body
    assert "Not a valid date value." in body
    assert 'value="yesterday"' in body  # what the user typed stays in the field
    assert client.get("/reliability/sources/999999").status_code == 404


def test_report_sorts(client, login, make_source, record_of, grade) -> None:
    good = make_source("Census bureau", kind=SourceKind.GOVERNMENT)
    bad = make_source("Serial fabricator")
    thin = make_source("One-off speaker")
    record_of(good, ["true"] * 8)
    record_of(bad, ["false"] * 10)
    record_of(thin, ["mixed"])
    grade(bad, "A")
    login(Role.VIEWER)

    def order(sort: str) -> list[str]:
        return report_names(client.get(f"/reliability/sources?sort={sort}").get_data(as_text=True))

    assert order("claims") == ["Serial fabricator", "Census bureau", "One-off speaker"]
    assert order("estimate_high") == ["Census bureau", "One-off speaker", "Serial fabricator"]
    assert order("estimate_low") == ["Serial fabricator", "One-off speaker", "Census bureau"]
    assert order("width_wide")[0] == "One-off speaker"
    assert order("width_narrow")[-1] == "One-off speaker"
    assert order("disagreement")[0] == "Serial fabricator"
    body = client.get("/reliability/sources").get_data(as_text=True)
    assert "3 sources." in body
    assert "How the figures are worked out" in body


def test_report_filters(client, login, make_source, record_of, retract_source) -> None:
    outlet = make_source("Anadolu Agency", kind=SourceKind.OUTLET)
    person = make_source("Abdul Rashid Dostum")
    gone = make_source("Merged duplicate")
    record_of(outlet, ["true", "true", "false"], tags=["Panjshir"])
    record_of(person, ["false"], tags=["Taliban"])
    retract_source(gone)
    login(Role.VIEWER)

    def names(query: str) -> list[str]:
        response = client.get(f"/reliability/sources?{query}")
        assert response.status_code == 200
        return sorted(report_names(response.get_data(as_text=True)))

    assert names("") == ["Abdul Rashid Dostum", "Anadolu Agency"]
    assert names("kind=outlet") == ["Anadolu Agency"]
    assert names("tag=panjshir") == ["Anadolu Agency"]
    assert names("min_claims=2") == ["Anadolu Agency"]
    assert names("show_retracted=y") == [
        "Abdul Rashid Dostum",
        "Anadolu Agency",
        "Merged duplicate",
    ]
    empty = client.get("/reliability/sources?tag=nothing-like-this").get_data(as_text=True)
    assert "No source matches these filters." in empty
    body = client.get("/reliability/sources?kind=outlet&tag=Panjshir&min_claims=2").get_data(
        as_text=True
    )
    assert 'href="/exports/sources.csv?kind=outlet&amp;tag=Panjshir&amp;min_claims=2"' in body


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("min_claims=lots", "Not a valid integer value."),
        ("min_claims=-1", "A number from 0."),
        ("sort=random", "Not a valid choice."),
        ("kind=wizard", "Not a valid choice."),
    ],
)
def test_report_refuses_bad_filters(client, login, query, message) -> None:
    login(Role.VIEWER)
    response = client.get(f"/reliability/sources?{query}")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert message in body
    assert "correct the fields marked above" in body


def test_report_pages_follow_a_cursor(app, client, login, make_source, record_of) -> None:
    app.config["PAGE_SIZE"] = 2
    for index in range(5):
        record_of(make_source(f"Speaker {index}"), ["true"] * (index + 1))
    login(Role.VIEWER)
    seen = []
    url = "/reliability/sources?sort=claims"
    while url:
        body = client.get(url).get_data(as_text=True)
        seen.extend(report_names(body))
        found = re.search(r'href="([^"]+)" rel="next"', body)
        url = found.group(1).replace("&amp;", "&") if found else None
    assert seen == [f"Speaker {i}" for i in (4, 3, 2, 1, 0)]
    garbled = client.get("/reliability/sources?cursor=not-a-cursor").get_data(as_text=True)
    assert len(report_names(garbled)) == 2  # a garbled cursor shows the first page


def test_report_empty_desk(client, login) -> None:
    login(Role.VIEWER)
    body = client.get("/reliability/sources").get_data(as_text=True)
    assert "No sources are recorded yet." in body
