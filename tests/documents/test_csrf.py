"""With CSRF protection on (as in production), forms need their token; GET filters do not."""

from __future__ import annotations

import re

from webapp.core.permissions import Role

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def test_forms_need_the_token_and_filters_do_not(
    app, client, login, make_claim, make_document, make_appearance
) -> None:
    claim_id = make_claim()
    make_appearance(claim_id, make_document("First"))
    second = make_appearance(claim_id, make_document("Second"))
    login(Role.CHECKER)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.get("/documents?q=First&sort=title").status_code == 200
    assert client.post("/documents/new", data={"title": "No token"}).status_code == 400
    assert client.post(f"/appearances/{second}/first").status_code == 400
    token = TOKEN.search(client.get("/documents/new").get_data(as_text=True)).group(1)
    created = client.post("/documents/new", data={"title": "With token", "csrf_token": token})
    assert created.status_code == 302
    marked = client.post(f"/appearances/{second}/first", data={"csrf_token": token})
    assert marked.status_code == 302
