"""Browser tests use the ``browser``, ``live_server`` and ``page`` fixtures of tests/conftest.py."""

from __future__ import annotations

from typing import Any


def browser_sign_in(page: Any, email: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
