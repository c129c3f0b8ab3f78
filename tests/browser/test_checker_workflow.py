"""The rest of a checker's day in a real browser, on both engines (issue: trust, real browser).

Complements test_desk_workflow.py (sign-in, demo desk, record-and-conclude, correction):
a checker records a claim quoted from the sample article with its appearance and
proposes a verdict; an editor concludes it, then corrects it; the history shows every
step; the list is filtered, exported to CSV (the downloaded file is read back) and a CSV
import is checked in a dry run, then run for real.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.browser.conftest import browser_sign_in
from tests.browser.test_desk_workflow import conclude_verdict, rating_id
from tests.conftest import DEFAULT_PASSWORD
from webapp import db
from webapp.claims.models import Claim
from webapp.core.permissions import Role

SAMPLE = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "samples"
    / "panjshir-resistance-2021-08-24.txt"
)
STATEMENT = "Amrullah Saleh's forces recaptured Charikar district in Parwan."
ARTICLE_URL = "https://journal-neo.org/2021/08/24/does-the-anti-taliban-resistance-have-a-future/"


def article_sentence(word: str) -> str:
    """The sentence of the sample article that holds ``word``, exactly as published."""
    text = " ".join(SAMPLE.read_text(encoding="utf-8").split())
    match = re.search(r"[^.]*\b" + re.escape(word) + r"\b[^.]*\.", text)
    assert match, f"{word!r} is not in the sample article"
    return match.group(0).strip()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_checker_proposes_editor_concludes_then_list_export_import(
    page, app, make_user, make_claim, tmp_path
) -> None:
    checker = make_user(Role.CHECKER)
    editor = make_user(Role.EDITOR)
    make_claim(statement="An unrelated claim about the weather in Kabul.", tags=["Weather"])
    quote = article_sentence("Charikar")
    browser_sign_in(page, checker.email, DEFAULT_PASSWORD)

    # The publisher, then the claim with the article's own words as its quote.
    page.goto("/sources/new")
    page.get_by_label("Name", exact=True).fill("New Eastern Outlook")
    page.get_by_label("Kind").select_option("outlet")
    page.get_by_role("button", name="Add source").click()
    expect(page.get_by_role("heading", name="New Eastern Outlook")).to_be_visible()
    page.goto("/claims/new")
    page.get_by_label("Statement").fill(STATEMENT)
    page.get_by_label("Original quote").fill(quote)
    page.get_by_label("Claim date").fill("2021-08-24")
    page.get_by_label("Tags").fill("Parwan, Resistance")
    page.get_by_role("button", name="Record claim").click()
    expect(page.get_by_role("heading", name=STATEMENT)).to_be_visible()
    claim_url = page.url

    # Where it appeared: the article, recorded as a new document on the way.
    page.goto(claim_url + "/appearances/new")
    page.get_by_label("Title").fill(
        "Does the Anti-Taliban Resistance in Afghanistan have a Future?"
    )
    page.get_by_label("URL").fill(ARTICLE_URL)
    page.get_by_label("Publisher").fill("New Eastern Outlook")
    page.get_by_label("Published on").fill("2021-08-24")
    page.get_by_label("Quote").fill(quote)
    with page.expect_navigation():
        page.get_by_role("button", name="Add appearance").click()
    page.goto(claim_url)
    expect(page.locator("main")).to_contain_text("Does the Anti-Taliban Resistance")

    # The checker proposes; a checker cannot conclude.
    page.get_by_role("link", name="Propose a verdict").click()
    expect(page.get_by_role("button", name="Conclude")).to_have_count(0)
    page.get_by_label("Rating").select_option(value=rating_id(app, "mostly-true"))
    page.get_by_label("Credibility of the information").select_option(value="3")
    page.get_by_label("Rationale").fill("Reported by several outlets on 23 August.")
    page.get_by_label("Link").first.fill("https://en.wikipedia.org/wiki/Panjshir_conflict")
    with page.expect_navigation():
        page.get_by_role("button", name="Propose for review").click()
    page.goto(claim_url)
    expect(page.locator("main")).to_contain_text("In review")
    sign_out(page)

    # The editor concludes the proposal, then corrects it.
    browser_sign_in(page, editor.email, DEFAULT_PASSWORD)
    page.goto(claim_url)
    with page.expect_navigation():
        page.get_by_role("button", name="Conclude").click()
    page.goto(claim_url)
    expect(page.locator("main")).to_contain_text("Concluded")
    conclude_verdict(
        page,
        app,
        "misleading",
        "Charikar changed hands twice that week.",
        "https://example.org/charikar",
    )
    page.goto(claim_url)
    expect(page.locator("main")).to_contain_text(re.compile(r"Corrected on \d{4}-\d{2}-\d{2}"))

    history = page.locator("#history")
    for step in ("Recorded claim", "appearance", "Mostly true", "Misleading", "Concluded"):
        expect(history).to_contain_text(step, ignore_case=True)

    # Filter the list by tag: only this claim is left.
    page.goto("/claims")
    page.locator("summary", has_text="Filters").click()
    page.get_by_label("Tag").fill("Parwan")
    page.get_by_role("button", name="Apply filters").click()
    results = page.locator("main")
    expect(results).to_contain_text(STATEMENT)
    expect(results).not_to_contain_text("weather in Kabul")

    # Export the filtered list and read the file back.
    with page.expect_download() as download_info:
        page.locator("[data-export=claims]").click()
    download = download_info.value
    assert re.fullmatch(r"claimdesk-claims-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert [row["statement"] for row in rows] == [STATEMENT]
    assert rows[0]["quote"] == quote
    assert "Misleading" in rows[0].values()

    # A CSV import: checked first (nothing written), then imported.
    upload = tmp_path / "more-claims.csv"
    upload.write_text(
        "external_id,statement,claimant,claimant_kind,tags\n"
        "neo-7,Panjshir has a population of more than 140000.,Vladimir Danilov,person,Panjshir\n"
        '=cmd,"=HYPERLINK(""https://evil.example"")",,,Panjshir\n',
        encoding="utf-8",
    )
    count_before = claim_count(app)
    page.goto("/imports")
    page.get_by_label("CSV file").set_input_files(str(upload))
    expect(page.get_by_label("Check only (dry run)")).to_be_checked()
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator("main")).to_contain_text("All 2 rows are fine")
    assert claim_count(app) == count_before
    page.get_by_role("button", name="Import these rows").click()
    expect(page.locator("main")).to_contain_text("2 claims")
    assert claim_count(app) == count_before + 2


def claim_count(app) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(Claim)) or 0
