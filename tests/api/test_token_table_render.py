"""The shared token table points each revoke button at the right route."""

from __future__ import annotations

from tests.conftest import sign_in
from webapp.core.permissions import Role


def test_rendered_revoke_actions(client, make_user) -> None:
    admin = make_user(Role.ADMIN)
    sign_in(client, admin)
    client.post("/account/tokens", data={"name": "script"})
    page = client.get("/account").get_data(as_text=True)
    assert 'action="/account/tokens/1/revoke"' in page
    page = client.get(f"/admin/users/{admin.id}").get_data(as_text=True)
    assert f'action="/admin/users/{admin.id}/tokens/1/revoke"' in page
