"""The application factory, configuration and error pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from webapp import create_app
from webapp.config import normalise_database_url
from webapp.core.permissions import Role


def test_factory_defaults_to_sqlite_in_instance_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLAIMDESK_DATABASE_URL", raising=False)
    monkeypatch.delenv("CLAIMDESK_SECRET_KEY", raising=False)
    app = Flask("probe", instance_path=str(tmp_path))
    from webapp import config

    config.load(app, None)
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'claimdesk.sqlite3'}"
    key = app.config["SECRET_KEY"]
    assert len(key) == 64
    assert (tmp_path / "secret_key").read_text() == key
    again = Flask("probe", instance_path=str(tmp_path))
    config.load(again, None)
    assert again.config["SECRET_KEY"] == key, "the generated key must persist across restarts"


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLAIMDESK_DATABASE_URL", "postgresql://u@h/db")
    monkeypatch.setenv("CLAIMDESK_SECRET_KEY", "from-env")
    app = Flask("probe", instance_path=str(tmp_path))
    from webapp import config

    config.load(app, None)
    assert app.config["DATABASE_URL"] == "postgresql+psycopg://u@h/db"
    assert app.config["SECRET_KEY"] == "from-env"


def test_normalise_database_url_leaves_others_alone() -> None:
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"
    assert normalise_database_url("postgres://a/b") == "postgresql+psycopg://a/b"


def test_factory_takes_config_override(app: Flask) -> None:
    assert app.testing
    assert app.config["SECRET_KEY"] == "test-secret-key"


def test_anonymous_user_is_sent_to_login(client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_friendly_404(client, login) -> None:
    login(Role.VIEWER)
    response = client.get("/no/such/page")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "Not Found" in body
    assert "Back to the dashboard" in body


def test_friendly_403(client, login) -> None:
    login(Role.VIEWER)
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "needs the Admin role" in response.get_data(as_text=True)


def test_500_page_rolls_back_and_hides_details(migrated, tmp_path) -> None:
    from tests.conftest import TEST_CONFIG

    app = create_app({**TEST_CONFIG, "TESTING": False, "DATABASE_URL": migrated.url})

    @app.route("/boom")
    def boom() -> str:
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "secret internals" not in body
    assert "Nothing was saved" in body


def test_session_cookie_flags(client, make_user) -> None:
    user = make_user()
    response = client.post(
        "/login", data={"email": user.email, "password": "correct horse battery staple"}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_secure_over_https(client, make_user) -> None:
    user = make_user()
    response = client.post(
        "/login",
        data={"email": user.email, "password": "correct horse battery staple"},
        base_url="https://localhost",
    )
    assert "Secure" in response.headers["Set-Cookie"]


def test_huge_record_numbers_are_404_not_500(client, login) -> None:
    login(Role.VIEWER)
    for path in (
        "/claims/99999999999999999999",
        "/sources/99999999999999999999",
        "/documents/99999999999999999999",
    ):
        assert client.get(path).status_code == 404


def test_record_number_bounds() -> None:
    from webapp.core.forms import record_number

    assert record_number("12") == 12
    assert record_number(" 7 ") == 7
    assert record_number("1234567890") is None
    assert record_number("١٢") is None  # non-ASCII digits
    assert record_number("") is None
