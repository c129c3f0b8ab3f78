"""The whole desk workflow in a real browser, on both engines (issue: core domain, "done when").

A new user signs in, sees the demo desk, adds a source and a claim from the sample
article, concludes a verdict with evidence, corrects it, and sees both verdicts and
the complete history.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import browser_sign_in
from tests.conftest import DEFAULT_PASSWORD
from webapp import db
from webapp.core.permissions import Role
from webapp.verdicts.models import RatingScale, RatingValue


def rating_id(app, slug: str) -> str:
    with app.app_context():
        value = db.session().scalar(
            select(RatingValue.id)
            .join(RatingScale)
            .where(RatingScale.slug == "default", RatingValue.slug == slug)
        )
    return str(value)


def conclude_verdict(page, app, slug: str, rationale: str, evidence: str) -> None:
    page.get_by_role("link", name="Record and conclude").click()
    page.get_by_label("Rating").select_option(value=rating_id(app, slug))
    page.get_by_label("Credibility of the information").select_option(value="2")
    page.get_by_label("Rationale").fill(rationale)
    page.get_by_label("Link").first.fill(evidence)
    page.get_by_role("button", name="Conclude").click()


def test_new_user_runs_the_desk(page, app, runner, make_user) -> None:
    assert runner.invoke(args=["demo"]).exit_code == 0
    editor = make_user(Role.EDITOR)
    browser_sign_in(page, editor.email, DEFAULT_PASSWORD)

    # The demo desk is there.
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    page.get_by_role("link", name="Claims", exact=True).first.click()
    expect(page.get_by_text("10,000 fighters").first).to_be_visible()

    # A new source.
    page.get_by_role("link", name="Sources", exact=True).first.click()
    page.get_by_role("link", name="New source").click()
    page.get_by_label("Name", exact=True).fill("Tolo News")
    page.get_by_label("Kind").select_option("outlet")
    page.get_by_role("button", name="Add source").click()
    expect(page.get_by_role("heading", name="Tolo News")).to_be_visible()

    # A claim from the article, with Tolo News as claimant.
    page.goto("/claims/new")
    page.get_by_label("Statement").fill("The Taliban hold 33 of Afghanistan's 34 provinces.")
    page.get_by_label("Original quote").fill("33 of the 34 provinces")
    page.get_by_label("Claimant").fill("Tolo News")
    page.get_by_label("Tags").fill("Taliban, provinces")
    page.get_by_role("button", name="Record claim").click()
    expect(page.get_by_role("heading", name=re.compile("33 of Afghanistan"))).to_be_visible()
    claim_url = page.url

    # Conclude a verdict with evidence, then correct it.
    conclude_verdict(
        page,
        app,
        "mostly-true",
        "Matches the provincial count at the time.",
        "https://en.wikipedia.org/wiki/Provinces_of_Afghanistan",
    )
    expect(page.locator("main")).to_contain_text("Mostly true")
    page.goto(claim_url)
    conclude_verdict(
        page,
        app,
        "false",
        "Panjshir was not held; the count was 33 only later.",
        "https://en.wikipedia.org/wiki/Panjshir_conflict",
    )
    page.goto(claim_url)
    timeline = page.locator("main")
    expect(timeline).to_contain_text(re.compile(r"Corrected on \d{4}-\d{2}-\d{2}"))
    expect(timeline).to_contain_text("Mostly true")
    expect(timeline).to_contain_text("Panjshir was not held")

    # The complete history: creation, both verdicts, the status change.
    page.goto(claim_url + "#history")
    history = page.locator("#history")
    expect(history).to_contain_text("Recorded claim")
    expect(history).to_contain_text("Mostly true")
    expect(history).to_contain_text("False")
    expect(history).to_contain_text("Concluded")
