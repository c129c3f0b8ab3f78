"""Stored XSS in a real browser: hostile text saved through forms and the API shows as text
on every page that displays it; no dialog opens, no injected script runs, and the pages
raise no Content-Security-Policy violation (so the app's own scripts are all from /static).
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import browser_sign_in
from tests.conftest import DEFAULT_PASSWORD
from webapp.core.permissions import Role

# Each payload would set window.__xss or open a dialog if it ever ran as markup.
PAYLOAD = (
    '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'
    "\"'><svg onload=alert(1)></textarea></title>"
)
WATCH = """
window.__xss = 0;
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""
INJECTED = """() => document.querySelectorAll(
  'script:not([src]):not([type="application/ld+json"]), [onerror], [onload], iframe, object'
).length"""


def hostile(field: str) -> str:
    return f"{field}: {PAYLOAD}"


def seed_through_the_api(client: Any, headers: dict[str, str]) -> dict[str, Any]:
    def post(path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = client.post(path, json=body, headers=headers)
        assert response.status_code == 201, response.get_data(as_text=True)
        return response.get_json()

    source = post(
        "/api/v1/sources",
        {
            "name": hostile("source name"),
            "aliases": [hostile("alias")],
            "description": hostile("source description"),
            "kind": "outlet",
        },
    )
    claim = post(
        "/api/v1/claims",
        {
            "statement": hostile("statement"),
            "quote": hostile("quote"),
            "place": hostile("place"),
            "tags": [hostile("tag")],
            "claimant_id": source["id"],
        },
    )
    post(
        f"/api/v1/claims/{claim['id']}/appearances",
        {
            "document": {
                "title": hostile("document title"),
                "url": "https://example.org/hostile",
                "description": hostile("document description"),
                "publisher_id": source["id"],
            },
            "quote": hostile("appearance quote"),
        },
    )
    post(
        f"/api/v1/claims/{claim['id']}/verdicts",
        {
            "rating": {"scale": "default", "value": "false"},
            "credibility": 2,
            "rationale": hostile("rationale"),
            "evidence": [{"url": "https://example.org/evidence", "note": hostile("evidence")}],
            "conclude": True,
        },
    )
    current = client.get(f"/api/v1/claims/{claim['id']}", headers=headers).get_json()
    edited = client.patch(
        f"/api/v1/claims/{claim['id']}",
        json={"version": current["version"], "statement": hostile("edited statement")},
        headers=headers,
    )
    assert edited.status_code == 200, edited.get_data(as_text=True)
    return {"claim": claim["id"], "source": source["id"]}


def fill_through_forms(page: Any) -> None:
    page.goto("/sources/new")
    page.get_by_label("Name", exact=True).fill(hostile("form source"))
    page.get_by_role("button", name="Add source").click()
    page.goto("/claims/new")
    page.get_by_label("Statement").fill(hostile("form claim"))
    page.get_by_role("button", name="Record claim").click()
    expect(page.locator("h1")).to_contain_text("form claim")
    page.goto("/account")
    page.get_by_label("Name", exact=True).fill(hostile("token name"))
    page.get_by_role("button", name="Create token").click()
    page.goto("/admin/users/new")
    page.get_by_label("Email").fill("hostile@example.org")
    page.get_by_label("Name", exact=True).fill(hostile("user name"))
    page.get_by_label("Password").fill("a long passphrase nobody guesses 42")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("main")).to_contain_text("user name: <script>")


def test_hostile_text_renders_as_text_everywhere(app, page, make_user, make_token) -> None:
    admin = make_user(Role.ADMIN)
    ids = seed_through_the_api(app.test_client(), make_token(user=admin).headers)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCH)
    browser_sign_in(page, admin.email, DEFAULT_PASSWORD)
    fill_through_forms(page)
    claim, source = ids["claim"], ids["source"]
    pages = {
        f"/claims/{claim}": ["edited statement", "quote", "place", "tag", "source name",
                             "rationale", "evidence", "document title", "appearance quote"],
        f"/claims/{claim}/verdicts": ["rationale", "evidence"],
        f"/claims/{claim}/edit": ["edited statement"],
        "/claims": ["edited statement", "form claim"],
        "/claims?q=statement": ["edited statement"],
        "/claims?q=" + "<script>": [],
        "/": ["form claim"],
        f"/sources/{source}": ["source name", "alias", "source description"],
        "/sources": ["source name", "form source"],
        f"/reliability/sources/{source}": ["source name"],
        "/reliability/sources": ["source name"],
        "/documents": ["document title"],
        "/account": ["token name"],
        "/admin/users": ["user name"],
        "/imports": [],
        "/scales": [],
    }  # fmt: skip
    for path, fields in pages.items():
        page.goto(path)
        text = page.locator("body").inner_text()
        # Form fields hold the text as their value (a textarea's text is not inner text).
        text += "\n".join(page.locator("input, textarea").evaluate_all("e => e.map(x => x.value)"))
        for field in fields:
            assert f"{field}: <script>window.__xss=1</script>" in text, (path, field)
        assert page.evaluate(INJECTED) == 0, path
        assert page.evaluate("window.__xss") == 0, path
        assert page.evaluate("window.__csp") == [], path
    assert dialogs == []

    # The claim page's ClaimReview JSON-LD holds the text as data, not as markup.
    page.goto(f"/claims/{claim}")
    embedded = page.evaluate(
        "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)"
    )
    assert embedded["claimReviewed"] == hostile("edited statement")
    # The history tab shows the old and new statement as text.
    expect(page.locator("main")).to_contain_text(re.compile(r"statement: <script>"))


def test_the_evidence_rows_script_runs_under_the_policy(app, page, make_user, make_claim) -> None:
    checker = make_user(Role.CHECKER)
    claim_id = make_claim()
    page.add_init_script(WATCH)
    browser_sign_in(page, checker.email, DEFAULT_PASSWORD)
    page.goto(f"/claims/{claim_id}/verdicts/new")
    rows = page.locator("[data-evidence-row]")
    before = rows.count()
    page.get_by_role("button", name="Add another link").click()
    expect(rows).to_have_count(before + 1)
    assert page.evaluate("window.__csp") == []
