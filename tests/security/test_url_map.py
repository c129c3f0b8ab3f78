"""Checks over the whole URL map: CSRF on every web write, a valid token on every API write,
and no GET that changes anything. New routes are covered without editing this file."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask

from tests.conftest import sign_in
from tests.security.conftest import Desk
from tests.security.routes import routes
from tests.security.test_role_table import API_BODIES
from webapp import db
from webapp.api import tokens
from webapp.api.models import ApiToken
from webapp.users.models import User


def web_writes(app: Flask) -> list[Any]:
    return [r for r in routes(app) if r.writes and not r.is_api]


def api_writes(app: Flask) -> list[Any]:
    return [r for r in routes(app) if r.writes and r.is_api]


@pytest.mark.parametrize("token", [None, "", "not-the-token"], ids=["absent", "empty", "forged"])
def test_every_web_write_needs_the_csrf_token(app: Flask, desk: Desk, state, token) -> None:
    client = app.test_client()
    sign_in(client, desk.users["admin"])  # the most powerful session there is
    app.config["WTF_CSRF_ENABLED"] = True
    before = state()
    checked = []
    for route in web_writes(app):
        data = {} if token is None else {"csrf_token": token}
        response = client.open(route.url(desk.ids), method=route.method, data=data)
        assert response.status_code == 400, route.key
        assert "security token" in response.get_data(as_text=True), route.key
        checked.append(route.endpoint)
    assert state() == before
    assert {"users.login", "users.logout", "claims.retract", "users.toggle_active"} <= set(checked)
    assert client.get("/account").status_code == 200, "still signed in: logout was refused too"


def test_a_real_csrf_token_is_accepted(app: Flask, desk: Desk) -> None:
    """The refusals above are about the token: the same form with its token goes through."""
    client = app.test_client()
    sign_in(client, desk.users["editor"])
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get(f"/claims/{desk.ids['claim_id']}").get_data(as_text=True)
    token = re.search(r'name="retract-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        f"/claims/{desk.ids['claim_id']}/retract",
        data={"retract-csrf_token": token, "retract-reason": "A duplicate."},
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def _revoked_and_deactivated(app: Flask, desk: Desk) -> dict[str, str]:
    """Secrets that once worked: a revoked token, and the token of a deactivated editor."""
    with app.app_context():
        sess = db.session()
        revoked = desk.tokens["editor"]
        tokens.revoke_token(
            sess, actor=sess.get(User, revoked.user.id), token=sess.get(ApiToken, revoked.token_id)
        )
        sess.get(User, desk.other["user"].id).active = False
        sess.commit()
    return {"revoked": revoked.secret, "deactivated": desk.other["token"].secret}


def test_every_api_write_needs_a_valid_token(app: Flask, desk: Desk, state) -> None:
    client = app.test_client()
    sign_in(client, desk.users["admin"])  # a session cookie is no API credential
    gone = _revoked_and_deactivated(app, desk)
    credentials: dict[str, dict[str, str]] = {
        "cookie only": {},
        "no bearer": {"Authorization": "Basic dXNlcjpwYXNz"},
        "empty bearer": {"Authorization": "Bearer "},
        "forged": {"Authorization": "Bearer cdk_" + "A" * 43},
        "prefix of a real one": {"Authorization": "Bearer " + desk.tokens["admin"].secret[:20]},
        "revoked": {"Authorization": "Bearer " + gone["revoked"]},
        "deactivated account": {"Authorization": "Bearer " + gone["deactivated"]},
    }
    before = state()
    for route in api_writes(app):
        body = API_BODIES[route.endpoint](desk.ids)
        for what, headers in credentials.items():
            response = client.open(
                route.url(desk.ids), method=route.method, json=body, headers=headers
            )
            assert response.status_code == 401, (route.key, what)
            assert response.mimetype == "application/problem+json", (route.key, what)
            assert response.get_json()["status"] == 401
    assert state() == before


@pytest.mark.parametrize("role", ["anonymous", "viewer", "admin"])
def test_no_get_changes_anything(app: Flask, desk: Desk, state, role: str) -> None:
    client = app.test_client()
    desk.sign_in(client, role)
    before = state()
    gets = [r for r in routes(app) if r.method == "GET"]
    token = desk.tokens[role]
    for route in gets:
        headers = token.headers if route.is_api and token is not None else {}
        for query in ("", "?q=panjshir&status=new&after=1&show_retracted=1&sort=title"):
            response = client.get(route.url(desk.ids) + query, headers=headers)
            assert response.status_code != 500, route.key
    assert state() == before, "a GET changed rows, versions or the audit log"
    assert len(gets) > 40
