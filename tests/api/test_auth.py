"""Bearer-token authentication: who may call the API, and what a refusal looks like."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from tests.api.conftest import assert_problem
from tests.conftest import sign_in
from webapp import db
from webapp.api.models import ApiToken
from webapp.core.permissions import Role
from webapp.users.models import User


def test_missing_token_is_401_with_a_challenge(client) -> None:
    response = client.get("/api/v1/claims")
    problem = assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in problem["detail"]


@pytest.mark.parametrize(
    "header",
    [
        "Bearer cdk_not-a-real-token-at-all",
        "Bearer nonsense",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "cdk_without_a_scheme",
        "Bearer cdk_a cdk_b",
    ],
)
def test_wrong_tokens_are_401(client, make_token, header) -> None:
    make_token(Role.ADMIN)
    response = client.get("/api/v1/claims", headers={"Authorization": header})
    assert_problem(response, 401)


def test_a_token_works_and_its_use_is_stamped(app, client, make_token) -> None:
    token = make_token(Role.VIEWER)
    assert client.get("/api/v1/claims", headers=token.headers).status_code == 200
    with app.app_context():
        used = db.session().get(ApiToken, token.token_id).last_used_at
    assert used is not None
    # Stamped at most once a minute, so reads do not all turn into writes.
    assert client.get("/api/v1/claims", headers=token.headers).status_code == 200
    with app.app_context():
        assert db.session().get(ApiToken, token.token_id).last_used_at == used
        db.session().execute(update(ApiToken).values(last_used_at=used - dt.timedelta(minutes=5)))
        db.session().commit()
    client.get("/api/v1/claims", headers=token.headers)
    with app.app_context():
        assert db.session().get(ApiToken, token.token_id).last_used_at > used


def test_scheme_is_case_insensitive(client, make_token) -> None:
    token = make_token(Role.VIEWER)
    header = {"Authorization": f"bearer {token.secret}"}
    assert client.get("/api/v1/scales", headers=header).status_code == 200


def test_revoked_token_is_401(app, client, make_token) -> None:
    token = make_token(Role.EDITOR)
    with app.app_context():
        sess = db.session()
        from webapp.api import tokens

        tokens.revoke_token(
            sess, actor=sess.get(User, token.user.id), token=sess.get(ApiToken, token.token_id)
        )
        sess.commit()
    problem = assert_problem(client.get("/api/v1/claims", headers=token.headers), 401)
    assert "revoked" in problem["detail"]


def test_deactivated_users_tokens_stop_working(app, client, make_token) -> None:
    token = make_token(Role.EDITOR)
    assert client.get("/api/v1/claims", headers=token.headers).status_code == 200
    with app.app_context():
        db.session().get(User, token.user.id).active = False
        db.session().commit()
    assert_problem(client.get("/api/v1/claims", headers=token.headers), 401)
    assert_problem(
        client.post("/api/v1/claims", json={"statement": "x"}, headers=token.headers), 401
    )


def test_the_sign_in_cookie_is_not_accepted(app, client, make_user) -> None:
    """A signed-in browser cannot be tricked into API writes: the cookie alone is refused."""
    sign_in(client, make_user(Role.ADMIN))
    assert client.get("/claims").status_code == 200  # the cookie works on pages
    assert_problem(client.get("/api/v1/claims"), 401)
    assert_problem(client.post("/api/v1/claims", json={"statement": "Forged"}), 401)
    app.config["WTF_CSRF_ENABLED"] = True
    assert_problem(client.post("/api/v1/claims", json={"statement": "Forged"}), 401)


def test_api_needs_no_csrf_token(app, client, make_token) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    token = make_token(Role.CHECKER)
    response = client.post("/api/v1/claims", json={"statement": "A claim"}, headers=token.headers)
    assert response.status_code == 201, response.get_data(as_text=True)


def test_api_responses_set_no_session_cookie(client, make_token) -> None:
    token = make_token(Role.VIEWER)
    response = client.get("/api/v1/claims", headers=token.headers)
    assert "Set-Cookie" not in response.headers


def test_openapi_document_is_public(client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.get_json()["openapi"] == "3.1.0"


def test_unknown_path_and_method_are_problems(client, make_token) -> None:
    token = make_token(Role.VIEWER)
    assert_problem(client.get("/api/v1/nothing-here", headers=token.headers), 404)
    response = client.delete("/api/v1/claims", headers=token.headers)
    assert_problem(response, 405)
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_unknown_query_parameter_is_400(client, make_token) -> None:
    token = make_token(Role.VIEWER)
    problem = assert_problem(client.get("/api/v1/claims?stauts=new", headers=token.headers), 400)
    assert problem["errors"] == [
        {"field": "stauts", "message": "This endpoint has no such query parameter."}
    ]
    assert_problem(client.get("/api/v1/scales?x=1", headers=token.headers), 400)


def test_huge_record_numbers_are_404_for_every_method(client, make_token) -> None:
    token = make_token(Role.EDITOR)
    for number in ("2147483648", "9" * 30):
        assert_problem(client.get(f"/api/v1/claims/{number}", headers=token.headers), 404)
        response = client.patch(
            f"/api/v1/claims/{number}", json={"version": 1}, headers=token.headers
        )
        assert_problem(response, 404)
