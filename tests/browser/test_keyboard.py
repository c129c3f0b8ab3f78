"""The main forms with the keyboard only (Tab, Shift+Tab, Enter, typing), on both engines.

For each form: focus starts on the first field, Tab visits the fields in reading order,
every field reached has a label, focus is always visible (an outline), Shift+Tab goes
back, and Enter on the submit button saves. The skip link is the first stop of a page and
moves focus into the main content.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.conftest import DEFAULT_PASSWORD
from webapp.core.permissions import Role

# What the focused element is: its label (or text), whether it has one, and its outline.
DESCRIBE_FOCUS = """() => {
  const el = document.activeElement;
  const labels = el.labels ? Array.from(el.labels).map(l => l.textContent.trim()) : [];
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    name: labels[0] || el.getAttribute('aria-label') || el.textContent.trim(),
    labelled: labels.length > 0 || !!el.getAttribute('aria-label')
      || ['a', 'button', 'summary'].includes(el.tagName.toLowerCase()),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    inMain: !!el.closest('main'),
    left: el.getBoundingClientRect().left,
  };
}"""


def focused(page) -> dict:
    return page.evaluate(DESCRIBE_FOCUS)


def tab_to(page, name: str, limit: int = 40) -> list[str]:
    """Press Tab until the focused element's label starts with ``name``; return the path.

    Every stop on the way must be labelled and show a visible focus outline.
    """
    path = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        assert now["labelled"], f"unlabelled stop after {path}: {now}"
        assert now["outline"], f"no visible focus on {now}"
        path.append(now["name"])
        if now["name"].startswith(name):
            return path
    raise AssertionError(f"{name!r} not reached by Tab: {path}")


def in_order(path: list[str], expected: list[str]) -> bool:
    """``expected`` labels appear in ``path`` in this order (other stops may come between)."""
    stops = iter(path)
    return all(any(stop.startswith(label) for stop in stops) for label in expected)


def choose_by_keyboard(page, value: str, limit: int = 30) -> None:
    """Arrow down the focused <select> until it holds ``value``."""
    for _ in range(limit):
        if page.evaluate("() => document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"option {value!r} not reached with the arrow keys")


def keyboard_sign_in(page, email: str) -> None:
    page.goto("/login")
    assert focused(page)["name"] == "Email"  # autofocus
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "Password"
    page.keyboard.press("Shift+Tab")
    assert focused(page)["name"] == "Email"
    page.keyboard.press("Tab")
    page.keyboard.type(DEFAULT_PASSWORD)
    assert in_order(tab_to(page, "Sign in"), ["Keep me signed in", "Sign in"])
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def test_sign_in_and_skip_link(page, make_user) -> None:
    user = make_user(Role.CHECKER)
    keyboard_sign_in(page, user.email)
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["name"] == "Skip to content"
    assert first["left"] >= 0, "the skip link stays off screen when focused"
    page.keyboard.press("Enter")
    # Following the link moves focus to <main> (tabindex=-1); wait for it, not a timer.
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main'")
    page.keyboard.press("Tab")
    assert focused(page)["inMain"], "the skip link did not move focus to the content"


def test_new_source_and_new_claim(page, make_user) -> None:
    user = make_user(Role.CHECKER)
    keyboard_sign_in(page, user.email)

    page.goto("/sources/new")
    assert focused(page)["name"] == "Name"
    page.keyboard.type("Tolo News")
    path = tab_to(page, "Kind")
    choose_by_keyboard(page, "outlet")
    path += tab_to(page, "Add source")
    assert in_order(path, ["Kind", "Other names", "Description", "Homepage", "Add source"]), path
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Tolo News")).to_be_visible()

    page.goto("/claims/new")
    assert focused(page)["name"] == "Statement"
    page.keyboard.type("The Taliban hold 33 of Afghanistan's 34 provinces.")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "Original quote"
    page.keyboard.type("33 of the 34 provinces")
    path = tab_to(page, "Claimant")
    page.keyboard.type("Tolo News")
    path += tab_to(page, "Tags")
    page.keyboard.type("Taliban")
    path += tab_to(page, "Record claim")
    assert in_order(
        path, ["Claimant", "Relayed via", "Claim date", "Place", "Tags", "Checkable", "Value"]
    ), path
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("33 of Afghanistan"))).to_be_visible()
    expect(page.locator("main")).to_contain_text("Tolo News")


def test_verdict_form(page, app, make_user, make_claim) -> None:
    from tests.browser.test_desk_workflow import rating_id

    editor = make_user(Role.EDITOR)
    claim_id = make_claim(statement="Panjshir has a population of more than 140,000.")
    keyboard_sign_in(page, editor.email)
    page.goto(f"/claims/{claim_id}/verdicts/new?conclude=1")
    assert focused(page)["name"] == "Rating"
    choose_by_keyboard(page, rating_id(app, "mostly-true"))
    page.keyboard.press("Tab")
    assert focused(page)["name"].startswith("Credibility")
    choose_by_keyboard(page, "2")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "Rationale"
    page.keyboard.type("The 2020 estimate is about 173,000.")
    path = tab_to(page, "Link 1")
    page.keyboard.type("https://en.wikipedia.org/wiki/Panjshir_Province")
    path += tab_to(page, "Conclude")
    assert in_order(
        path,
        ["Link 1", "What link 1 shows", "Link 2", "Add another link", "Speaks for", "Conclude"],
    ), path
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".flashes")).to_contain_text("concluded")
    page.goto(f"/claims/{claim_id}")
    expect(page.locator("main")).to_contain_text("Mostly true")
    expect(page.locator("main")).to_contain_text("Concluded")
