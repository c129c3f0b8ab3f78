"""Who may open the import pages: checkers and above; viewers get 403, strangers sign in."""

from __future__ import annotations

import io

import pytest

from webapp.core.permissions import Role

JOB = "A" * 22
ROUTES = [
    ("GET", "/imports"),
    ("POST", "/imports"),
    ("POST", f"/imports/uploads/{JOB}/confirm"),
    ("GET", f"/imports/jobs/{JOB}"),
    ("GET", f"/imports/jobs/{JOB}.json"),
]


def _send(client, method: str, path: str):
    if method == "GET":
        return client.get(path)
    data = {"file": (io.BytesIO(b"name\nReuters\n"), "s.csv"), "kind": "sources", "dry_run": "y"}
    return client.post(path, data=data, content_type="multipart/form-data")


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_anonymous_goes_to_login(client, method, path) -> None:
    response = _send(client, method, path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_viewer_is_refused(client, login, method, path) -> None:
    login(Role.VIEWER)
    response = _send(client, method, path)
    assert response.status_code == 403
    assert "This page needs the Checker role or higher." in response.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.CHECKER, Role.EDITOR, Role.ADMIN])
def test_checkers_and_above_may_check_a_file(client, login, role) -> None:
    login(role)
    assert client.get("/imports").status_code == 200
    preview = _send(client, "POST", "/imports")
    assert preview.status_code == 200, preview.get_data(as_text=True)
    assert "Import these rows" in preview.get_data(as_text=True)


def test_navigation_shows_import_from_checker_up(client, login) -> None:
    login(Role.VIEWER)
    assert 'href="/imports"' not in client.get("/claims").get_data(as_text=True)
    client.post("/logout")
    login(Role.CHECKER)
    assert 'href="/imports"' in client.get("/claims").get_data(as_text=True)


def test_upload_needs_the_csrf_token(app, client, login) -> None:
    login(Role.CHECKER)
    app.config["WTF_CSRF_ENABLED"] = True
    response = _send(client, "POST", "/imports")
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
