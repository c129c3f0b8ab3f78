"""Security headers on every kind of response, no inline script or style, cookie flags."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask

from tests.conftest import DEFAULT_PASSWORD, TEST_CONFIG
from webapp import create_app
from webapp.core.headers import CONTENT_SECURITY_POLICY
from webapp.core.permissions import Role

WEBAPP = Path(__file__).resolve().parents[2] / "webapp"
EXPECTED = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def assert_security_headers(response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (name, response.status_code)


def test_policy_allows_no_inline_script_or_framing() -> None:
    directives = dict(d.strip().split(" ", 1) for d in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY


def test_headers_on_pages_redirects_errors_api_and_static(client, login, app: Flask) -> None:
    anonymous = [
        client.get("/"),  # 302 to the login page
        client.get("/login"),
        client.get("/static/claimdesk.css"),
        client.get("/api/v1/claims"),  # 401 problem+json
        client.get("/api/v1/openapi.json"),
    ]
    login(Role.VIEWER)
    signed_in = [
        client.get("/"),
        client.get("/claims"),
        client.get("/no/such/page"),
        client.get("/admin/users"),  # 403
        client.post("/claims/new"),  # 403 (viewer)
        client.get("/exports/claims.csv"),
    ]
    app.config["WTF_CSRF_ENABLED"] = True
    csrf_refused = client.post("/logout")
    statuses = [r.status_code for r in [*anonymous, *signed_in, csrf_refused]]
    assert statuses == [302, 200, 200, 401, 200, 200, 200, 404, 403, 403, 200, 400]
    for response in [*anonymous, *signed_in, csrf_refused]:
        assert_security_headers(response)
    assert "Strict-Transport-Security" not in anonymous[1].headers


def test_headers_on_a_500_and_hsts_over_https(migrated) -> None:
    app = create_app({**TEST_CONFIG, "TESTING": False, "DATABASE_URL": migrated.url})

    @app.route("/boom")
    def boom() -> str:
        raise RuntimeError("boom")

    client = app.test_client()
    response = client.get("/boom")
    assert response.status_code == 500
    assert_security_headers(response)
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"


_INLINE = {
    "inline <script> (only <script src=...> or JSON-LD data)": re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.I
    ),
    "event-handler attribute": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    "style= attribute": re.compile(r"<[^>]*\sstyle\s*=", re.I),
    "<style> element": re.compile(r"<style[\s>]", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


@pytest.mark.parametrize("template", sorted(WEBAPP.rglob("templates/**/*.html")), ids=str)
def test_templates_have_no_inline_script_or_style(template: Path) -> None:
    text = template.read_text()
    found = [what for what, pattern in _INLINE.items() if pattern.search(text)]
    assert not found, f"{template.relative_to(WEBAPP)}: {found}"


def _cookie(response, name: str) -> str:
    found = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(name + "=")]
    assert len(found) == 1, response.headers.getlist("Set-Cookie")
    return found[0]


@pytest.mark.parametrize("https", [False, True], ids=["http", "https"])
def test_session_and_remember_cookies(client, make_user, https: bool) -> None:
    user = make_user()
    response = client.post(
        "/login",
        data={"email": user.email, "password": DEFAULT_PASSWORD, "remember": "y"},
        base_url="https://localhost" if https else "http://localhost",
    )
    assert response.status_code == 302
    for name in ("session", "remember_token"):
        cookie = _cookie(response, name)
        assert "HttpOnly" in cookie, name
        assert "SameSite=Lax" in cookie, name
        assert ("; Secure" in cookie) is https, (name, cookie)


def test_https_only_setting_marks_cookies_secure_even_over_http(
    migrated, make_user, monkeypatch
) -> None:
    monkeypatch.setenv("CLAIMDESK_HTTPS_ONLY", "1")
    app = create_app({**TEST_CONFIG, "DATABASE_URL": migrated.url})
    user = make_user()
    response = app.test_client().post(
        "/login", data={"email": user.email, "password": DEFAULT_PASSWORD, "remember": "y"}
    )
    assert response.status_code == 302
    assert "; Secure" in _cookie(response, "session")
    assert "; Secure" in _cookie(response, "remember_token")
