"""The API tokens section of the account pages: create, list, revoke; the admin's revoke."""

from __future__ import annotations

import hashlib
import re

import pytest
from sqlalchemy import select

from tests.conftest import sign_in
from webapp import db
from webapp.api.models import ApiToken
from webapp.core.permissions import Role

SECRET = re.compile(r'<code id="new-token-secret">(cdk_[A-Za-z0-9_-]{43})</code>')


def stored_tokens(app, user_id: int) -> list[ApiToken]:
    with app.app_context():
        query = select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)
        return list(db.session().scalars(query))


def test_account_page_shows_an_empty_tokens_section(client, login) -> None:
    login(Role.VIEWER)
    page = client.get("/account").get_data(as_text=True)
    assert "API tokens" in page
    assert "You have no API tokens yet." in page
    assert 'action="/account/tokens"' in page


def test_create_shows_the_secret_once_and_stores_only_its_hash(app, client, login) -> None:
    user = login(Role.VIEWER)
    response = client.post("/account/tokens", data={"name": "newsroom importer"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    secret = SECRET.search(page).group(1)
    assert "shown only this once" in page

    [token] = stored_tokens(app, user.id)
    assert token.name == "newsroom importer"
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:8]
    assert token.revoked_at is None
    assert token.last_used_at is None
    with app.app_context():
        # The secret itself is nowhere in the database row.
        assert secret not in repr(db.session().get(ApiToken, token.id).__dict__)

    # Listed by name and prefix; the secret is never shown again.
    again = client.get("/account").get_data(as_text=True)
    assert "newsroom importer" in again
    assert f"{secret[:8]}…" in again
    assert secret not in again
    assert "never" in again  # not used yet


def test_the_new_secret_works_on_the_api(client, login) -> None:
    login(Role.VIEWER)
    page = client.post("/account/tokens", data={"name": "script"}).get_data(as_text=True)
    secret = SECRET.search(page).group(1)
    response = client.get("/api/v1/scales", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200


def test_create_refuses_an_empty_or_long_name(app, client, login) -> None:
    user = login(Role.CHECKER)
    response = client.post("/account/tokens", data={"name": "   "})
    assert response.status_code == 400
    assert "Give the token a name" in response.get_data(as_text=True)
    response = client.post("/account/tokens", data={"name": "x" * 201})
    assert response.status_code == 400
    assert "200 characters" in response.get_data(as_text=True)
    assert stored_tokens(app, user.id) == []


def test_create_is_audited(client, login, audit_entries) -> None:
    user = login(Role.EDITOR)
    client.post("/account/tokens", data={"name": "bot"})
    [entry] = audit_entries("api_token")
    assert entry.action == "create"
    assert entry.actor_id == user.id
    assert entry.changes["name"] == [None, "bot"]


def test_revoke_own_token(app, client, login, make_token, audit_entries) -> None:
    user = login(Role.CHECKER)
    token = make_token(user=user)
    response = client.post(f"/account/tokens/{token.token_id}/revoke")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account")
    [stored] = stored_tokens(app, user.id)
    assert stored.revoked_at is not None
    page = client.get("/account").get_data(as_text=True)
    assert "revoked; it no longer works" in page
    assert "Revoked " in page
    revoke = [e for e in audit_entries("api_token", token.token_id) if e.action == "revoke"]
    assert revoke
    assert revoke[0].actor_id == user.id
    # Revoked tokens stay (never deleted), and revoking twice only says so.
    client.post(f"/account/tokens/{token.token_id}/revoke")
    assert "revoked already" in client.get("/account").get_data(as_text=True)
    assert len(stored_tokens(app, user.id)) == 1


def test_cannot_revoke_someone_elses_token(app, client, login, make_token) -> None:
    login(Role.ADMIN)  # even an admin uses the admin page for other people's tokens
    other = make_token(Role.VIEWER)
    assert client.post(f"/account/tokens/{other.token_id}/revoke").status_code == 404
    assert client.post("/account/tokens/999999/revoke").status_code == 404
    assert stored_tokens(app, other.user.id)[0].revoked_at is None


def test_anonymous_is_sent_to_login(client, make_token) -> None:
    token = make_token(Role.VIEWER)
    for url in ("/account/tokens", f"/account/tokens/{token.token_id}/revoke"):
        response = client.post(url, data={"name": "x"})
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_admin_page_lists_and_revokes_a_users_tokens(app, client, login, make_token) -> None:
    admin = login(Role.ADMIN)
    target = make_token(Role.CHECKER, name="their importer")
    page = client.get(f"/admin/users/{target.user.id}").get_data(as_text=True)
    assert "their importer" in page
    url = f"/admin/users/{target.user.id}/tokens/{target.token_id}/revoke"
    assert f'action="{url}"' in page
    response = client.post(url)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/users/{target.user.id}")
    assert stored_tokens(app, target.user.id)[0].revoked_at is not None
    with app.app_context():
        from webapp.core.audit import AuditEntry

        entry = db.session().scalar(select(AuditEntry).where(AuditEntry.action == "revoke"))
        assert entry.actor_id == admin.id
    # The token no longer works.
    assert client.get("/api/v1/scales", headers=target.headers).status_code == 401


def test_admin_revoke_checks_the_token_belongs_to_the_account(client, login, make_token) -> None:
    login(Role.ADMIN)
    one, other = make_token(Role.VIEWER), make_token(Role.VIEWER)
    url = f"/admin/users/{one.user.id}/tokens/{other.token_id}/revoke"
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("role", [Role.VIEWER, Role.CHECKER, Role.EDITOR], ids=lambda r: r.value)
def test_only_admins_revoke_other_peoples_tokens(app, client, make_user, make_token, role) -> None:
    target = make_token(Role.VIEWER)
    sign_in(client, make_user(role))
    url = f"/admin/users/{target.user.id}/tokens/{target.token_id}/revoke"
    assert client.post(url).status_code == 403
    assert stored_tokens(app, target.user.id)[0].revoked_at is None


def test_token_forms_need_their_csrf_token(app, client, login, make_token) -> None:
    user = login(Role.VIEWER)
    token = make_token(user=user)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/account/tokens", data={"name": "x"}).status_code == 400
    assert client.post(f"/account/tokens/{token.token_id}/revoke").status_code == 400
    page = client.get("/account").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/account/tokens", data={"name": "x", "csrf_token": csrf})
    assert response.status_code == 200
    assert len(stored_tokens(app, user.id)) == 2
