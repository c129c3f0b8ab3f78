"""The admin's account pages and the role matrix for protected pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import sign_in
from webapp import db
from webapp.core.audit import AuditEntry
from webapp.core.permissions import Role
from webapp.users.models import User

# (method, path template, lowest role allowed)
PROTECTED_PAGES = [
    ("GET", "/", Role.VIEWER),
    ("GET", "/account", Role.VIEWER),
    ("GET", "/admin/users", Role.ADMIN),
    ("GET", "/admin/users/new", Role.ADMIN),
    ("GET", "/admin/users/{target}", Role.ADMIN),
]


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize(("method", "path", "needed"), PROTECTED_PAGES)
def test_role_matrix(client, make_user, role, method, path, needed) -> None:
    target = make_user(Role.VIEWER)
    url = path.format(target=target.id)
    assert client.open(url, method=method).status_code == 302, "anonymous users go to /login"
    sign_in(client, make_user(role))
    expected = 200 if role.includes(needed) else 403
    assert client.open(url, method=method).status_code == expected


@pytest.mark.parametrize("role", [Role.VIEWER, Role.CHECKER, Role.EDITOR], ids=lambda r: r.value)
def test_non_admins_cannot_post_admin_forms(client, make_user, role) -> None:
    target = make_user(Role.VIEWER)
    sign_in(client, make_user(role))
    assert client.post("/admin/users/new", data={"email": "x@example.org"}).status_code == 403
    assert client.post(f"/admin/users/{target.id}", data={"role": "admin"}).status_code == 403
    assert client.post(f"/admin/users/{target.id}/active").status_code == 403
    assert client.post(f"/admin/users/{target.id}/password").status_code == 403


def test_admin_creates_user(app, client, login) -> None:
    admin = login(Role.ADMIN)
    response = client.post(
        "/admin/users/new",
        data={
            "email": "New.Checker@example.org",
            "display_name": "Nia",
            "role": "checker",
            "password": "a long enough passphrase",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        session = db.session()
        user = session.scalar(select(User).where(User.email == "new.checker@example.org"))
        assert user.role is Role.CHECKER
        entry = session.scalar(
            select(AuditEntry).where(
                AuditEntry.entity_id == user.id, AuditEntry.entity_type == "user"
            )
        )
        assert entry.actor_id == admin.id
        assert entry.changes["role"] == [None, "checker"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-email", "password": "a long enough passphrase"}, "Invalid email"),
        ({"email": "ok@example.org", "password": "short"}, "at least 12"),
        ({"email": "ok@example.org", "password": "1qaz2wsx3edc4rfv"}, "commonly used"),
    ],
)
def test_admin_create_user_field_errors(client, login, data, message) -> None:
    login(Role.ADMIN)
    response = client.post("/admin/users/new", data={"role": "viewer", **data})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_duplicate_email_is_a_field_error(client, login, make_user) -> None:
    existing = make_user()
    login(Role.ADMIN)
    response = client.post(
        "/admin/users/new",
        data={
            "email": existing.email.upper(),
            "role": "viewer",
            "password": "a long enough passphrase",
        },
    )
    assert response.status_code == 400
    assert "already exists" in response.get_data(as_text=True)


def test_admin_changes_role_with_audit(app, client, login, make_user) -> None:
    login(Role.ADMIN)
    target = make_user(Role.VIEWER)
    response = client.post(
        f"/admin/users/{target.id}",
        data={"display_name": "Promoted", "role": "editor", "version": str(target.version)},
    )
    assert response.status_code == 302
    with app.app_context():
        session = db.session()
        assert session.get(User, target.id).role is Role.EDITOR
        entry = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_id == target.id)
            .order_by(AuditEntry.id.desc())
        ).first()
        assert entry.changes == {
            "display_name": ["Test Viewer", "Promoted"],
            "role": ["viewer", "editor"],
        }


def test_stale_edit_answers_409_and_keeps_input(client, login, make_user) -> None:
    login(Role.ADMIN)
    target = make_user(Role.VIEWER)
    first = client.post(
        f"/admin/users/{target.id}",
        data={"display_name": "First", "role": "checker", "version": str(target.version)},
    )
    assert first.status_code == 302
    second = client.post(
        f"/admin/users/{target.id}",
        data={"display_name": "Second", "role": "editor", "version": str(target.version)},
    )
    assert second.status_code == 409
    body = second.get_data(as_text=True)
    assert "changed this account meanwhile" in body
    assert 'value="Second"' in body
    assert "First" in body


def test_admin_deactivates_and_reactivates(app, client, login, make_user) -> None:
    login(Role.ADMIN)
    target = make_user(Role.VIEWER)
    response = client.post(f"/admin/users/{target.id}/active", data={"version": "1"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session().get(User, target.id).active is False
    response = client.post(f"/admin/users/{target.id}/active", data={"version": "2"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session().get(User, target.id).active is True
        actions = db.session().scalars(
            select(AuditEntry.action)
            .where(AuditEntry.entity_id == target.id)
            .order_by(AuditEntry.id)
        )
        assert list(actions) == ["create", "deactivate", "activate"]


def test_admin_cannot_deactivate_self(app, client, login) -> None:
    admin = login(Role.ADMIN)
    response = client.post(
        f"/admin/users/{admin.id}/active", data={"version": "1"}, follow_redirects=True
    )
    assert "cannot demote or deactivate your own account" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session().get(User, admin.id).active is True


def test_admin_resets_password(client, login, make_user) -> None:
    login(Role.ADMIN)
    target = make_user(Role.VIEWER)
    bad = client.post(
        f"/admin/users/{target.id}/password",
        data={"password": "new password 123", "confirm": "different"},
    )
    assert bad.status_code == 400
    assert "The two passwords differ." in bad.get_data(as_text=True)
    ok = client.post(
        f"/admin/users/{target.id}/password",
        data={"password": "new password 123", "confirm": "new password 123"},
    )
    assert ok.status_code == 302
    client.post("/logout")
    sign_in(client, target, password="new password 123")


def test_unknown_user_is_404(client, login) -> None:
    login(Role.ADMIN)
    assert client.get("/admin/users/99999").status_code == 404
