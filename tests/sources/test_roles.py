"""Who may open and post what, on every sources route."""

from __future__ import annotations

import pytest

from tests.conftest import sign_in
from webapp.core.permissions import Role

SOURCE_FORM = {"name": "Fresh source {n}", "kind": "person", "version": "1"}

# (method, path, form data, lowest role allowed, status when allowed)
ROUTES = [
    ("GET", "/sources", None, Role.VIEWER, 200),
    ("GET", "/sources/{id}", None, Role.VIEWER, 200),
    ("GET", "/sources/suggest?q=a", None, Role.VIEWER, 200),
    ("GET", "/sources/new", None, Role.CHECKER, 200),
    ("POST", "/sources/new", SOURCE_FORM, Role.CHECKER, 302),
    ("GET", "/sources/{id}/edit", None, Role.CHECKER, 200),
    ("POST", "/sources/{id}/edit", SOURCE_FORM, Role.CHECKER, 302),
    ("POST", "/sources/{id}/grade", {"grade": "B", "rationale": "Why."}, Role.EDITOR, 302),
    ("POST", "/sources/{id}/retract", {"reason": "Duplicate."}, Role.EDITOR, 302),
    ("POST", "/sources/{retracted}/restore", {}, Role.EDITOR, 302),
]


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize(
    ("method", "path", "data", "needed", "allowed"), ROUTES, ids=lambda v: str(v)
)
def test_role_matrix(
    client, make_user, make_source, retract, source_row, role, method, path, data, needed, allowed
) -> None:
    source = make_source("Target source")
    gone = make_source("Retracted source")
    retract(gone)
    url = path.format(id=source, retracted=gone)
    form = {k: v.format(n=role.value) for k, v in data.items()} if data else None
    anonymous = client.open(url, method=method, data=form)
    assert anonymous.status_code == 302
    assert "/login" in anonymous.headers["Location"]
    sign_in(client, make_user(role))
    response = client.open(url, method=method, data=form)
    assert response.status_code == (allowed if role.includes(needed) else 403)
    if not role.includes(needed) and method == "POST":
        stored = source_row(source)
        assert stored.version == 1
        assert stored.grades == []
        assert not stored.is_retracted
        assert source_row(gone).is_retracted


@pytest.mark.parametrize(
    "path", ["/sources/new", "/sources/{id}/edit", "/sources/{id}/grade", "/sources/{id}/retract"]
)
def test_posts_need_the_csrf_token(app, client, login, make_source, source_row, path) -> None:
    source = make_source("Target source")
    login(Role.ADMIN)
    app.config["WTF_CSRF_ENABLED"] = True
    data = {"name": "Changed", "kind": "person", "grade": "A", "rationale": "x", "reason": "x"}
    response = client.post(path.format(id=source), data=data)
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    stored = source_row(source)
    assert (stored.name, stored.grades, stored.is_retracted) == ("Target source", [], False)
    # The list's filter form is a GET form: no token needed, and it still filters.
    listed = client.get("/sources", query_string={"q": "target", "kind": "person"})
    assert listed.status_code == 200
    assert ">Target source</a>" in listed.get_data(as_text=True)
