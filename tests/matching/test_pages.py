""" "Checked before?" on the claim page, the one-click duplicate button, and the create form."""

from __future__ import annotations

import re

from sqlalchemy import select

from webapp import db
from webapp.claims.models import ClaimRelation
from webapp.core.audit import AuditEntry
from webapp.core.permissions import Role

PANJSHIR = "About 10,000 fighters have left for Panjshir province to fight the Taliban."
REWORDED = "Ten thousand fighters left for the province of Panjshir to fight Taliban"
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _relations(app) -> list[tuple[int, int, str, str]]:
    with app.app_context():
        return [
            (r.claim_id, r.related_claim_id, r.kind.value, r.note)
            for r in db.session().scalars(select(ClaimRelation))
        ]


def test_claim_page_lists_matches_with_verdict_and_button(
    app, client, login, make_claim, make_source, make_verdict
) -> None:
    original = make_claim(PANJSHIR, claimant_id=make_source("Dostum"))
    make_verdict(original, rating="false")
    new = make_claim(REWORDED)
    login(Role.CHECKER)
    page = client.get(f"/claims/{new}").get_data(as_text=True)
    section = page.split('id="checked-before"', 1)[1].split("</section>", 1)[0]
    assert f'href="/claims/{original}"' in section
    assert "False" in section
    assert "Dostum" in section
    assert f'action="/claims/{new}/duplicate-of/{original}"' in section
    assert "Mark as duplicate" in section
    assert 'href="#checked-before"' in page


def test_viewer_sees_matches_without_the_button(app, client, login, make_claim) -> None:
    original = make_claim(PANJSHIR)
    new = make_claim(REWORDED)
    login(Role.VIEWER)
    page = client.get(f"/claims/{new}").get_data(as_text=True)
    assert f'href="/claims/{original}"' in page
    assert "Mark as duplicate" not in page
    assert client.post(f"/claims/{new}/duplicate-of/{original}").status_code == 403
    assert _relations(app) == []


def test_empty_state(client, login, make_claim) -> None:
    alone = make_claim(PANJSHIR)
    login(Role.VIEWER)
    assert "No similar claim on the desk yet." in client.get(f"/claims/{alone}").get_data(
        as_text=True
    )


def test_mark_as_duplicate_uses_the_relation_operation(app, client, login, make_claim) -> None:
    original = make_claim(PANJSHIR)
    new = make_claim(REWORDED)
    user = login(Role.CHECKER)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(f"/claims/{new}/duplicate-of/{original}").status_code == 400  # no token
    token = TOKEN.search(client.get(f"/claims/{new}").get_data(as_text=True)).group(1)
    done = client.post(f"/claims/{new}/duplicate-of/{original}", data={"csrf_token": token})
    assert done.status_code == 302
    assert done.headers["Location"].endswith(f"/claims/{new}#checked-before")
    assert _relations(app) == [(new, original, "duplicate_of", 'Marked from "Checked before?".')]
    with app.app_context():
        entry = db.session().scalar(
            select(AuditEntry).where(AuditEntry.entity_type == "claim_relation")
        )
        assert entry.actor_id == user.id
        assert entry.summary == f"Claim #{new} duplicate of claim #{original}"
    page = client.get(f"/claims/{new}").get_data(as_text=True)
    assert "Recorded as a duplicate of this claim." in page
    again = client.post(f"/claims/{new}/duplicate-of/{original}", data={"csrf_token": token})
    assert again.status_code == 400
    assert "already related" in again.get_data(as_text=True)
    assert (
        client.post(f"/claims/{new}/duplicate-of/99999", data={"csrf_token": token}).status_code
        == 404
    )
    assert (
        client.post(f"/claims/{new}/duplicate-of/{new}", data={"csrf_token": token}).status_code
        == 400
    )
    assert len(_relations(app)) == 1


def test_new_claim_from_the_form_highlights_matches(app, client, login, make_claim) -> None:
    original = make_claim(PANJSHIR)
    login(Role.CHECKER)
    created = client.post("/claims/new", data={"statement": REWORDED, "language": "en"})
    assert created.status_code == 302, created.get_data(as_text=True)
    location = created.headers["Location"]
    assert location.endswith("?checked=1#checked-before")
    page = client.get(location).get_data(as_text=True)
    assert "checked-before-new" in page
    assert "This claim looks like 1 claim already on the desk." in page
    assert f'href="/claims/{original}"' in page
    alone = client.post("/claims/new", data={"statement": "The library opens on Sundays."})
    assert "checked" not in alone.headers["Location"]
    # A faint resemblance is listed on the page but does not count as checked before.
    faint = client.post("/claims/new", data={"statement": "Panjshir fighters planted trees."})
    assert "checked" not in faint.headers["Location"]
    page = client.get(faint.headers["Location"] + "?checked=1").get_data(as_text=True)
    assert f'href="/claims/{original}"' in page
    assert "checked-before-new" not in page
