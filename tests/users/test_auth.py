"""Sign-in, sign-out, throttling, deactivation, CSRF and rehashing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import DEFAULT_PASSWORD, sign_in
from webapp import db
from webapp.core.permissions import Role
from webapp.users.models import LoginAttempt, User


def test_login_page_renders(client) -> None:
    response = client.get("/login")
    assert response.status_code == 200
    assert 'name="email"' in response.get_data(as_text=True)


def test_login_and_logout(client, make_user) -> None:
    user = make_user(Role.VIEWER)
    sign_in(client, user)
    assert client.get("/").status_code == 200
    response = client.post("/logout")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_login_is_case_insensitive_on_email(client, make_user) -> None:
    user = make_user(Role.VIEWER, email="Mixed.Case@Example.org")
    response = client.post(
        "/login", data={"email": "MIXED.case@example.ORG", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert user.email == "mixed.case@example.org"


def test_wrong_password(client, make_user) -> None:
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": "not the password!"})
    assert response.status_code == 200
    assert "Wrong email or password." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_unknown_email_gives_the_same_message(client) -> None:
    response = client.post(
        "/login", data={"email": "ghost@example.org", "password": "whatever123456"}
    )
    assert "Wrong email or password." in response.get_data(as_text=True)


def test_throttling_per_account(app, client, make_user) -> None:
    user = make_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        client.post("/login", data={"email": user.email, "password": "wrong password!!"})
    # Even the right password is refused while the account is locked.
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    assert "Too many failed sign-in attempts for this account" in response.get_data(as_text=True)
    with app.app_context():
        attempts = db.session().scalars(
            select(LoginAttempt).where(LoginAttempt.email == user.email)
        )
        assert [a.succeeded for a in attempts] == [False] * 5


def test_success_resets_the_account_counter(app, client, make_user) -> None:
    user = make_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] - 1):
        client.post("/login", data={"email": user.email, "password": "wrong password!!"})
    sign_in(client, user)
    client.post("/logout")
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] - 1):
        client.post("/login", data={"email": user.email, "password": "wrong password!!"})
    sign_in(client, user)


def test_throttling_per_client_address(app, client, make_user) -> None:
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    victim = make_user()
    for n in range(3):
        client.post(
            "/login", data={"email": f"guess{n}@example.org", "password": "wrong password!!"}
        )
    response = client.post("/login", data={"email": victim.email, "password": DEFAULT_PASSWORD})
    assert "from your network address" in response.get_data(as_text=True)
    other_address = app.test_client()
    response = other_address.post(
        "/login",
        data={"email": victim.email, "password": DEFAULT_PASSWORD},
        environ_base={"REMOTE_ADDR": "10.9.9.9"},
    )
    assert response.status_code == 302


def test_deactivated_user_cannot_sign_in(client, make_user) -> None:
    user = make_user(active=False)
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    assert "deactivated" in response.get_data(as_text=True)


def test_deactivation_ends_open_sessions(app, client, make_user) -> None:
    user = make_user(Role.VIEWER)
    sign_in(client, user)
    with app.app_context():
        session = db.session()
        session.get(User, user.id).active = False
        session.commit()
    assert client.get("/").status_code == 302


def test_password_change_ends_open_sessions(app, client, make_user) -> None:
    from webapp.users import operations

    user = make_user(Role.VIEWER)
    sign_in(client, user)
    with app.app_context():
        session = db.session()
        operations.set_password(
            session, actor=None, user=session.get(User, user.id), password="a brand new passphrase"
        )
        session.commit()
    assert client.get("/").status_code == 302


def test_login_redirects_only_to_local_paths(client, make_user) -> None:
    user = make_user(Role.ADMIN)
    response = client.post(
        "/login?next=https://evil.example.com/",
        data={"email": user.email, "password": DEFAULT_PASSWORD},
    )
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post(
        "/login?next=/admin/users", data={"email": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.headers["Location"] == "/admin/users"


def test_rehash_on_login_when_parameters_change(app, client, make_user) -> None:
    user = make_user()
    old_hash = user.password_hash
    app.config["ARGON2_TIME_COST"] = 2
    sign_in(client, user)
    with app.app_context():
        new_hash = db.session().get(User, user.id).password_hash
    assert new_hash != old_hash
    assert new_hash.startswith("$argon2id$")
    assert ",t=2," in new_hash
    client.post("/logout")
    sign_in(client, user)


def test_csrf_rejects_post_without_token(app, make_user) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    user = make_user()
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)


def test_csrf_accepts_post_with_token(app, make_user) -> None:
    import re

    app.config["WTF_CSRF_ENABLED"] = True
    user = make_user()
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"email": user.email, "password": DEFAULT_PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short", "at least 12"),
        ("x" * 257, "at most 256"),
        ("QAZWSXEDCRFV", "commonly used"),
        ("1qaz2wsx3edc", "commonly used"),
    ],
)
def test_password_policy(sess, password: str, reason: str) -> None:
    from webapp.core.errors import OperationError
    from webapp.users import operations

    with pytest.raises(OperationError, match=reason):
        operations.create_user(
            sess,
            actor=None,
            email="p@example.org",
            display_name="P",
            role=Role.VIEWER,
            password=password,
        )
