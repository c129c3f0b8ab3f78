"""static/suggest.js in a real browser: datalists for inputs, a listbox for textarea lines."""

from __future__ import annotations

import re

import pytest
from flask import render_template_string
from playwright.sync_api import expect

from tests.browser.conftest import browser_sign_in
from tests.conftest import DEFAULT_PASSWORD
from webapp.core.permissions import Role
from webapp.sources.models import SourceKind

# The page under test is a route added for the test, so the app must be its own.
pytestmark = [pytest.mark.browser, pytest.mark.fresh_app]

# A stand-in for the claim and document forms that will use the source pickers.
PICKER_PAGE = """{% extends "base.html" %}{% block content %}
<form>
  <div class="field"><label for="claimant">Claimant</label>
    <input id="claimant" name="claimant" type="text" data-suggest-url="/sources/suggest"></div>
  <div class="field"><label for="relays">Relayed by</label>
    <textarea id="relays" name="relays" data-suggest-url="/sources/suggest"
      data-suggest-lines="1"></textarea></div>
  <div class="field"><label for="tags">Tags</label>
    <input id="tags" name="tags" type="text" data-suggest-url="/sources/suggest"
      data-suggest-multi=","></div>
</form>{% endblock %}"""


@pytest.fixture
def picker(app, page, make_user, make_source):
    """The stand-in page, signed in, with three sources to find."""
    app.add_url_rule("/test-picker", "test_picker", lambda: render_template_string(PICKER_PAGE))
    ids = {
        "dostum": make_source("Abdul Rashid Dóstum", aliases=["General Dostum"]),
        "reuters": make_source("Reuters", kind=SourceKind.OUTLET),
        "anadolu": make_source("Anadolu Agency", kind=SourceKind.OUTLET, aliases=["AA"]),
    }
    user = make_user(Role.VIEWER)
    browser_sign_in(page, user.email, DEFAULT_PASSWORD)
    page.goto("/test-picker")
    return ids


def test_textarea_line_suggestions_by_keyboard(page, picker) -> None:
    relays = page.get_by_label("Relayed by", exact=True)
    relays.click()
    page.keyboard.type(f"Reuters #{picker['reuters']}\ngeneral dos")
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    options = listbox.get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_have_text("Abdul Rashid Dóstum — Person")
    expect(page.get_by_role("status").last).to_contain_text("1 suggestion")
    page.keyboard.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(relays).to_have_attribute("aria-activedescendant", re.compile(r"^suggest-\d+-0$"))
    page.keyboard.press("Enter")
    expect(listbox).to_be_hidden()
    expect(relays).to_have_value(
        f"Reuters #{picker['reuters']}\nAbdul Rashid Dóstum #{picker['dostum']}"
    )
    # The caret sits after the pick: typing a new line suggests for that line only.
    page.keyboard.type("\nana")
    expect(options).to_have_count(1)
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(relays).to_have_value(
        f"Reuters #{picker['reuters']}\nAbdul Rashid Dóstum #{picker['dostum']}\nana"
    )


def test_textarea_pick_with_mouse_replaces_the_middle_line(page, picker) -> None:
    relays = page.get_by_label("Relayed by", exact=True)
    relays.fill("first line\nreu\nlast line")
    # Put the caret at the end of "reu" and type, as a person editing the middle line would.
    relays.evaluate("area => area.setSelectionRange(14, 14)")
    page.keyboard.type("t")
    option = page.get_by_role("option", name="Reuters — News outlet")
    option.click()
    expect(relays).to_have_value(f"first line\nReuters #{picker['reuters']}\nlast line")
    expect(relays).to_be_focused()


def test_input_fills_a_datalist(page, picker) -> None:
    claimant = page.get_by_label("Claimant", exact=True)
    claimant.click()
    page.keyboard.type("aa")
    datalist = page.locator(f"datalist#{claimant.get_attribute('list')}")
    expect(datalist.locator("option")).to_have_count(1)
    expect(datalist.locator("option")).to_have_attribute(
        "value", f"Anadolu Agency #{picker['anadolu']}"
    )
    expect(datalist.locator("option")).to_have_attribute("label", "Anadolu Agency — News outlet")


def test_multi_input_suggests_for_the_last_term(page, picker) -> None:
    tags = page.get_by_label("Tags", exact=True)
    tags.click()
    page.keyboard.type("Panjshir,reut")
    options = page.locator(f"datalist#{tags.get_attribute('list')} option")
    expect(options).to_have_count(1)
    expect(options).to_have_attribute("value", f"Panjshir, Reuters #{picker['reuters']}")


def test_typing_is_debounced(page, picker) -> None:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/sources/suggest" in r.url else None)
    page.get_by_label("Claimant", exact=True).click()
    page.keyboard.type("anadolu agency", delay=10)
    options = page.locator("datalist option")
    expect(options).to_have_count(1)
    assert 1 <= len(asked) <= 3, asked  # not one request per keystroke (14 keys)
    assert asked[-1].endswith("q=anadolu+agency")
