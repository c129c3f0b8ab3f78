"""In a real browser: paste the sample article, accept suggested claims, see them created."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import browser_sign_in
from tests.conftest import DEFAULT_PASSWORD
from webapp import db
from webapp.claims.models import Claim
from webapp.core.permissions import Role


def test_paste_the_sample_and_accept_suggestions(page, app, make_user, sample_text) -> None:
    checker = make_user(Role.CHECKER)
    browser_sign_in(page, checker.email, DEFAULT_PASSWORD)
    page.get_by_role("link", name="Documents", exact=True).first.click()
    page.get_by_role("link", name="New document from text").click()
    page.get_by_label("Title").fill(
        "Does the Anti-Taliban Resistance in Afghanistan have a Future?"
    )
    page.get_by_label("Published on").fill("2021-08-24")
    page.get_by_label("Text").fill(sample_text)
    page.get_by_role("button", name="Add document and find claims").click()
    expect(page.get_by_role("heading", name=re.compile("Claims in"))).to_be_visible()

    accepted = [
        "According to reports coming from Afghanistan",
        "Resistance forces against Taliban militants",
        "Panjshir is one of 34 provinces",
    ]
    for starts in accepted:
        card = page.locator("article.candidate", has_text=starts).first
        card.get_by_role("button", name="Create claim").click()
        expect(page.get_by_text(re.compile(r"Claim #\d+ created"))).to_be_visible()
        card = page.locator("article.candidate", has_text=starts).first
        expect(card.get_by_text(re.compile(r"Created as claim #\d+"))).to_be_visible()

    with app.app_context():
        claims = {c.quote[:30]: c for c in db.session().scalars(select(Claim))}
        assert len(claims) == 3
        fighters = next(c for q, c in claims.items() if q.startswith("According"))
        assert (fighters.quantity_value, fighters.quantity_unit) == (10000, "fighters")
        assert fighters.claimant.name == "reports coming from Afghanistan"
        general = next(c for q, c in claims.items() if q.startswith("Resistance"))
        assert general.claimant.name == "Bismillah Khan Mohammadi"
        panjshir = next(c for q, c in claims.items() if q.startswith("Panjshir"))
        assert (panjshir.quantity_low, panjshir.quantity_unit) == (140000, "people")
        assert all(c.appearances[0].quote_start is not None for c in claims.values())
