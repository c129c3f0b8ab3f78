"""Who may open each documents page and send each form."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import sign_in
from webapp.core.permissions import Role
from webapp.documents.models import Appearance, Document

# (method, path, form data, lowest role allowed, status for an allowed role)
ROUTES: list[tuple[str, str, dict[str, str] | None, Role, int]] = [
    ("GET", "/documents", None, Role.VIEWER, 200),
    ("GET", "/documents/{document}", None, Role.VIEWER, 200),
    ("GET", "/documents/new", None, Role.CHECKER, 200),
    ("POST", "/documents/new", {"title": "A new article"}, Role.CHECKER, 302),
    ("GET", "/documents/{document}/edit", None, Role.CHECKER, 200),
    (
        "POST",
        "/documents/{document}/edit",
        {"title": "Renamed", "version": "{document_version}"},
        Role.CHECKER,
        302,
    ),
    ("POST", "/documents/{document}/retract", {"reason": "Spam"}, Role.EDITOR, 302),
    ("POST", "/documents/{retracted}/restore", {}, Role.EDITOR, 302),
    ("GET", "/claims/{claim}/appearances/new", None, Role.CHECKER, 200),
    (
        "POST",
        "/claims/{claim}/appearances/new",
        {"document": "#{spare}", "quote": "q"},
        Role.CHECKER,
        302,
    ),
    ("POST", "/appearances/{second}/first", {}, Role.CHECKER, 302),
    ("GET", "/appearances/{first}/edit", None, Role.CHECKER, 200),
    (
        "POST",
        "/appearances/{first}/edit",
        {"quote": "new", "note": "", "version": "{first_version}"},
        Role.CHECKER,
        302,
    ),
    ("POST", "/appearances/{first}/retract", {"reason": "Misread"}, Role.CHECKER, 302),
]


@pytest.fixture
def records(
    make_claim, make_document, make_appearance, retracted_document, version_of
) -> dict[str, Any]:
    claim = make_claim()
    document = make_document("An article", url="https://example.org/article")
    first = make_appearance(claim, document)
    second = make_appearance(claim, make_document("Another article"))
    return {
        "claim": claim,
        "document": document,
        "first": first,
        "second": second,
        "spare": make_document("A spare article"),
        "retracted": retracted_document(),
        # The hidden version fields of the edit pages.
        "document_version": version_of(Document, document),
        "first_version": version_of(Appearance, first),
    }


def _fill(data: dict[str, str] | None, ids: dict[str, Any]) -> dict[str, str] | None:
    return None if data is None else {k: v.format(**ids) for k, v in data.items()}


@pytest.mark.parametrize(("method", "path", "data", "needed", "allowed"), ROUTES)
def test_anonymous_goes_to_login(client, records, method, path, data, needed, allowed) -> None:
    response = client.open(path.format(**records), method=method, data=_fill(data, records))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize(("method", "path", "data", "needed", "allowed"), ROUTES)
def test_role_matrix(client, make_user, records, role, method, path, data, needed, allowed) -> None:
    sign_in(client, make_user(role))
    response = client.open(path.format(**records), method=method, data=_fill(data, records))
    expected = allowed if role.includes(needed) else 403
    assert response.status_code == expected, response.get_data(as_text=True)[:2000]
