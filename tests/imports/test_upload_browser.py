"""The import pages in a real browser: upload, confirm, and a progress bar that moves by itself."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import browser_sign_in
from tests.conftest import DEFAULT_PASSWORD
from tests.imports.conftest import csv_with_rows
from webapp.core.permissions import Role
from webapp.imports import jobs
from webapp.imports.uploads import StoredUpload

pytestmark = pytest.mark.browser


@pytest.fixture
def checker(app, page, make_user):
    user = make_user(Role.CHECKER)
    browser_sign_in(page, user.email, DEFAULT_PASSWORD)
    return user


def test_upload_check_and_import_in_the_background(app, page, checker, tmp_path) -> None:
    path = tmp_path / "sources.csv"
    path.write_text(csv_with_rows("name,kind", ["Reuters,outlet", "Anadolu Agency,outlet"]))
    page.goto("/imports")
    page.get_by_label("CSV file").set_input_files(str(path))
    page.get_by_label("The file holds").select_option("sources")
    expect(page.get_by_label("Check only (dry run)")).to_be_checked()
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_text("All 2 rows are fine.")).to_be_visible()
    page.get_by_role("button", name="Import these rows").click()
    expect(page.get_by_text("Imported: 2 sources, 0 grades; 0 rows unchanged.")).to_be_visible()
    page.get_by_role("link", name="Go to the sources").click()
    expect(page.get_by_role("link", name="Anadolu Agency")).to_be_visible()


def test_progress_bar_moves_without_reloading(app, page, checker) -> None:
    upload = StoredUpload("U" * 22, "big.csv", "claims", "0" * 64, 10, checker.id)
    job_id = jobs.create_job(app.instance_path, upload)
    path = jobs.job_path(app.instance_path, job_id)

    def update(**fields) -> None:
        document = json.loads(path.read_text())
        document.update(fields)
        path.write_text(json.dumps(document))

    update(state="running", processed=40, total=160, message="Importing.")
    page.goto(f"/imports/jobs/{job_id}")
    bar = page.locator("progress")
    expect(bar).to_have_attribute("value", "40")
    page.evaluate("window.stillTheSamePage = true")
    update(processed=120)
    expect(bar).to_have_attribute("value", "120")
    expect(page.get_by_text("120 of 160 rows")).to_be_visible()
    page.wait_for_timeout(2500)  # longer than the no-JavaScript refresh interval
    assert page.evaluate("window.stillTheSamePage") is True
    update(
        state="done",
        processed=160,
        message="Imported: 160 claims, 0 sources, 0 documents, 0 verdicts; 0 rows unchanged.",
        counts={"claims": 160, "sources": 0, "documents": 0, "verdicts": 0, "unchanged": 0},
    )
    expect(page.get_by_text("Imported: 160 claims")).to_be_visible()
    expect(page.get_by_role("link", name="Go to the claims")).to_be_visible()
    assert page.evaluate("window.stillTheSamePage") is None  # reloaded to show the outcome
