"""Signing in and managing accounts in a real browser, CSRF tokens and all."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import browser_sign_in
from tests.conftest import DEFAULT_PASSWORD
from webapp.core.permissions import Role


def test_sign_in_with_keyboard_and_out(page, make_user) -> None:
    user = make_user(Role.VIEWER)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next=(/|%2F)$"))
    # The email field has focus on arrival: type, tab, type, Enter.
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(DEFAULT_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.get_by_text(f"Signed in as {user.display_name}.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_wrong_password_shows_message(page, make_user) -> None:
    user = make_user()
    browser_sign_in(page, user.email, "definitely wrong")
    expect(page.get_by_role("alert")).to_contain_text("Wrong email or password.")


def test_admin_creates_account_with_field_errors(page, make_user) -> None:
    admin = make_user(Role.ADMIN)
    browser_sign_in(page, admin.email, DEFAULT_PASSWORD)
    page.get_by_role("link", name="Accounts").click()
    page.get_by_role("link", name="New account").click()
    page.get_by_label("Email").fill("newbie@example.org")
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Use at least 12 and at most 256 characters.")).to_be_visible()
    page.get_by_label("Password").fill("a sturdy passphrase here")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Account newbie@example.org created.")).to_be_visible()
    expect(page.get_by_role("cell", name="newbie@example.org")).to_be_visible()
