"""``claimdesk users ...`` and ``claimdesk bootstrap``."""

from __future__ import annotations

from webapp.core.permissions import Role


def test_users_create_and_list(runner) -> None:
    result = runner.invoke(
        args=["users", "create", "--email", "cli@example.org", "--role", "editor"]
    )
    assert result.exit_code == 0, result.output
    assert "Created cli@example.org (editor)." in result.output
    assert "Password (shown once):" in result.output
    listing = runner.invoke(args=["users", "list"])
    assert "cli@example.org\teditor\tactive" in listing.output


def test_users_create_refuses_weak_password(runner) -> None:
    result = runner.invoke(
        args=["users", "create", "--email", "w@example.org", "--password", "password"]
    )
    assert result.exit_code != 0
    assert "at least 12" in result.output


def test_bootstrap_only_on_empty_database(runner, make_user) -> None:
    first = runner.invoke(args=["bootstrap"])
    assert first.exit_code == 0, first.output
    assert "admin@example.org" in first.output
    password = first.output.split("password: ")[1].split()[0]
    assert len(password) >= 16
    second = runner.invoke(args=["bootstrap"])
    assert "Accounts exist already" in second.output


def test_bootstrap_password_signs_in(runner, client) -> None:
    output = runner.invoke(args=["bootstrap"]).output
    password = output.split("password: ")[1].split()[0]
    response = client.post("/login", data={"email": "admin@example.org", "password": password})
    assert response.status_code == 302
    assert client.get("/admin/users").status_code == 200


def test_two_bootstraps_give_different_passwords(app, runner, migrated) -> None:
    from tests.database import reset

    first = runner.invoke(args=["bootstrap"]).output.split("password: ")[1].split()[0]
    reset(migrated)
    second = runner.invoke(args=["bootstrap"]).output.split("password: ")[1].split()[0]
    assert first != second


def test_db_current_and_check(runner) -> None:
    assert runner.invoke(args=["db", "check"]).exit_code == 0
    assert "No drift" in runner.invoke(args=["db", "check"]).output
    assert Role.ADMIN.includes(Role.VIEWER)
