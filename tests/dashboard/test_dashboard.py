"""The dashboard: workflow counts, verdict counts and chart, claims to revisit, recent activity."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select, update

from tests.conftest import sign_in
from webapp import db
from webapp.claims.models import Claim
from webapp.claims.operations import reopen_claim, retract_claim
from webapp.core.audit import AuditEntry
from webapp.core.permissions import Role
from webapp.dashboard.chart import BAR_AREA, bar_chart
from webapp.db import utcnow
from webapp.verdicts.models import RatingValue, Verdict


def page_of(client) -> str:
    response = client.get("/")
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]
    return response.get_data(as_text=True)


def section(page: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by ``heading_id``."""
    start = page.index(f'aria-labelledby="{heading_id}"')
    return page[start : page.index("</section>", start)]


def change(app, fn) -> None:
    with app.app_context():
        sess = db.session()
        fn(sess)
        sess.commit()


def conclude_at(app, verdict_id: int, when: dt.datetime) -> None:
    change(
        app,
        lambda s: s.execute(
            update(Verdict).where(Verdict.id == verdict_id).values(concluded_at=when)
        ),
    )


def test_anonymous_goes_to_login(client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_role_sees_the_dashboard(client, make_user, make_claim, role) -> None:
    make_claim()
    sign_in(client, make_user(role))
    assert "Claims by workflow status" in page_of(client)


def test_new_desk_gets_a_helpful_empty_state(client, login) -> None:
    login(Role.VIEWER)
    page = page_of(client)
    assert "No claims yet." in page
    assert "claimdesk demo" in page
    assert "Claims by workflow status" not in page


def test_empty_state_offers_checkers_the_new_claim_form(app, client, login) -> None:
    login(Role.CHECKER)
    page = page_of(client)
    if "claims.create" in app.view_functions:
        assert 'href="/claims/new"' in page
    else:
        assert "/claims/new" not in page


def test_counts_by_status_link_to_the_filtered_list(app, client, login, make_claim, make_verdict):
    login(Role.VIEWER)
    make_claim("New one.")
    make_claim("New two.")
    make_verdict(make_claim("In review."), conclude=False)
    make_verdict(make_claim("Concluded."))
    reopened = make_claim("Reopened.")
    make_verdict(reopened)
    change(
        app,
        lambda s: reopen_claim(s, actor=None, claim=s.get(Claim, reopened), reason="New evidence"),
    )
    gone = make_claim("Retracted, not counted.")
    change(app, lambda s: retract_claim(s, actor=None, claim=s.get(Claim, gone), reason="Dup"))
    counts = section(page_of(client), "status-heading")
    found = dict(
        re.findall(
            r'href="/claims\?status=(\w+)"><span class="dashboard-number">(\d+)</span>', counts
        )
    )
    assert found == {"new": "2", "in_review": "1", "concluded": "1", "reopened": "1"}


def test_verdict_counts_chart_and_table(app, client, login, make_claim, make_verdict) -> None:
    login(Role.VIEWER)
    for n in range(3):
        make_verdict(make_claim(f"False {n}."), rating="false")
    corrected = make_claim("Corrected to true.")
    make_verdict(corrected, rating="false")
    make_verdict(corrected, rating="true")
    make_verdict(make_claim("Only proposed."), rating="true", conclude=False)
    make_claim("Untouched.")
    page = section(page_of(client), "verdict-heading")
    with app.app_context():
        query = select(RatingValue.slug, RatingValue.id).where(RatingValue.scale_id == 1)
        ids = {slug: value_id for slug, value_id in db.session().execute(query)}
    assert f'<a href="/claims?verdict={ids["false"]}">3</a>' in page
    assert f'<a href="/claims?verdict={ids["true"]}">1</a>' in page
    assert f'<a href="/claims?verdict={ids["mixed"]}">0</a>' in page
    assert '<a href="/claims?verdict=none">2 claims without a verdict yet</a>' in page
    # The chart: an accessible SVG whose longest bar is the largest count.
    assert '<svg class="bar-chart" role="img"' in page
    assert "<title>False: 3</title>" in page
    assert f'width="{BAR_AREA}" height="18" fill="#b3261e"' in page
    # Only scales in use are drawn.
    assert "PolitiFact" not in page


def test_verdict_counts_without_any_verdict(client, login, make_claim) -> None:
    login(Role.VIEWER)
    make_claim()
    page = section(page_of(client), "verdict-heading")
    assert "No verdict has been concluded yet." in page
    assert "1 claim without a verdict yet" in page


def test_bar_chart_layout() -> None:
    chart = bar_chart(
        [
            ("True", 1, "#1a7f37", None),
            ("False", 10_000, "#b3261e", "/x"),
            ("Mixed", 0, "#b58900", None),
        ]
    )
    widths = [bar.width for bar in chart.bars]
    assert widths == [2, BAR_AREA, 0]  # a 1 beside 10,000 still shows
    assert [bar.y for bar in chart.bars] == sorted(bar.y for bar in chart.bars)
    assert chart.height > chart.bars[-1].y
    assert bar_chart([]).bars == []
    assert (
        bar_chart([("A very long rating label indeed", 1, "#000000", None)])
        .bars[0]
        .short_label.endswith("…")
    )


def test_oldest_open_claims(app, client, login, make_claim, make_verdict) -> None:
    login(Role.VIEWER)
    ids = [make_claim(f"Open claim {n}.") for n in range(12)]
    base = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    change(
        app,
        lambda s: [
            s.execute(
                update(Claim)
                .where(Claim.id == i)
                .values(created_at=base + dt.timedelta(days=20 - n))
            )
            for n, i in enumerate(ids)
        ],
    )
    make_verdict(make_claim("Concluded claim."))
    part = section(page_of(client), "open-heading")
    shown = [int(i) for i in re.findall(r'data-open-claim="(\d+)"', part)]
    assert shown == list(reversed(ids))[:10]
    assert "2024-01-10" in part
    assert "Concluded claim." not in part


def test_stale_verdicts(app, client, login, make_claim, make_verdict) -> None:
    app.config["STALE_VERDICT_DAYS"] = 30
    login(Role.VIEWER)
    now = utcnow()
    old = make_claim("Checked long ago.")
    conclude_at(app, make_verdict(old, rating="false"), now - dt.timedelta(days=400))
    older = make_claim("Checked even longer ago.")
    conclude_at(app, make_verdict(older, rating="true"), now - dt.timedelta(days=500))
    fresh = make_claim("Checked last week.")
    conclude_at(app, make_verdict(fresh), now - dt.timedelta(days=7))
    # A recent correction makes a claim fresh again.
    corrected = make_claim("Corrected recently.")
    conclude_at(app, make_verdict(corrected), now - dt.timedelta(days=600))
    make_verdict(corrected, rating="true")
    # A reopened claim is already being checked again.
    reopened = make_claim("Reopened.")
    conclude_at(app, make_verdict(reopened), now - dt.timedelta(days=700))
    change(app, lambda s: reopen_claim(s, actor=None, claim=s.get(Claim, reopened), reason="News"))
    part = section(page_of(client), "stale-heading")
    assert "Verdicts older than 30 days" in part
    shown = [int(i) for i in re.findall(r'data-stale-claim="(\d+)"', part)]
    assert shown == [older, old]
    assert (now - dt.timedelta(days=500)).strftime("%Y-%m-%d") in part
    assert "True" in part
    app.config["STALE_VERDICT_DAYS"] = 450
    part = section(page_of(client), "stale-heading")
    assert [int(i) for i in re.findall(r'data-stale-claim="(\d+)"', part)] == [older]


def test_stale_verdict_days_defaults_to_a_year(app) -> None:
    assert app.config["STALE_VERDICT_DAYS"] == 365


def test_recent_activity(app, client, login, make_claim, make_verdict, make_source) -> None:
    login(Role.CHECKER)
    make_source("Anadolu Agency")
    claims = [make_claim(f"Claim {n}.") for n in range(20)]
    make_verdict(claims[-1])
    part = section(page_of(client), "activity-heading")
    rows = re.findall(r"<tr>(.*?)</tr>", part, flags=re.S)[1:]
    assert len(rows) == 20
    with app.app_context():
        latest = db.session().scalars(
            select(AuditEntry.summary)
            .where(AuditEntry.entity_type != "user")
            .order_by(AuditEntry.id.desc())
            .limit(20)
        )
        summaries = list(latest)
    assert [summary in row for summary, row in zip(summaries, rows, strict=True)] == [True] * 20
    assert f"Concluded False on claim #{claims[-1]}" in rows[1]
    assert f"(claim #{claims[-1]})" in rows[1]  # the verdict's entry points at its claim
    assert "Command line" in rows[0]
    assert "Created source Anadolu Agency" not in part  # older than the last 20
    if "claims.show" in app.view_functions:
        assert f'href="/claims/{claims[-1]}">Concluded False' in part


def test_activity_names_the_actor_and_hides_accounts_from_non_admins(
    app, client, make_user
) -> None:
    from webapp.claims.operations import ClaimData, create_claim

    checker = make_user(Role.CHECKER)
    with app.app_context():
        sess = db.session()
        create_claim(sess, actor=checker, data=ClaimData(statement="By a checker."))
        sess.commit()
    sign_in(client, make_user(Role.VIEWER))
    part = section(page_of(client), "activity-heading")
    assert "Test Checker" in part
    assert "Recorded claim: By a checker." in part
    assert "Created account" not in part
    client.post("/logout")
    sign_in(client, make_user(Role.ADMIN))
    assert "Created account" in section(page_of(client), "activity-heading")
