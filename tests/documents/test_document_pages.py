"""A document's page, its create and edit forms, retraction, and the audit they write."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from webapp import db
from webapp.core.audit import AuditEntry
from webapp.core.permissions import Role
from webapp.documents.models import Document
from webapp.sources.models import SourceKind

NEO_URL = "https://journal-neo.org/2021/08/24/panjshir-resistance/"


def audit_entries(app, entity_type: str, entity_id: int) -> list[AuditEntry]:
    with app.app_context():
        session = db.session()
        entries = list(
            session.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity_type == entity_type, AuditEntry.entity_id == entity_id)
                .order_by(AuditEntry.id)
            )
        )
        for entry in entries:
            session.expunge(entry)
        return entries


def only_document(app) -> Document:
    with app.app_context():
        session = db.session()
        document = session.scalars(select(Document)).one()
        session.expunge(document)
        return document


def document_count(app) -> int:
    with app.app_context():
        return len(list(db.session().scalars(select(Document.id))))


def test_document_page_shows_details_claims_and_history(
    client, login, make_source, make_document, make_claim, make_appearance
) -> None:
    neo = make_source("New Eastern Outlook", kind=SourceKind.OUTLET)
    danilov = make_source("Vladimir Danilov")
    document_id = make_document(
        "Panjshir resistance",
        url=NEO_URL,
        archived_url="https://web.archive.org/web/2021/" + NEO_URL,
        publisher_id=neo,
        author_id=danilov,
        published_on=dt.date(2021, 8, 24),
        retrieved_on=dt.date(2021, 9, 1),
        description="An opinion article.",
    )
    fighters = make_claim("About 10,000 fighters have left for Panjshir.")
    population = make_claim("Panjshir has a population of more than 140,000.")
    make_appearance(fighters, document_id, quote="reports coming from Afghanistan")
    other = make_document("An earlier report", published_on=dt.date(2021, 8, 1))
    make_appearance(population, other)
    make_appearance(population, document_id, quote="more than 140,000 people")
    login(Role.VIEWER)
    response = client.get(f"/documents/{document_id}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<h1>Panjshir resistance</h1>" in body
    assert f'<a href="{NEO_URL}" rel="noopener noreferrer">' in body
    assert 'href="https://web.archive.org/web/2021/' in body
    assert "New Eastern Outlook" in body
    assert "Vladimir Danilov" in body
    assert "2021-08-24" in body
    assert "2021-09-01" in body
    assert "An opinion article." in body
    assert "About 10,000 fighters have left for Panjshir." in body
    assert "reports coming from Afghanistan" in body
    assert "more than 140,000 people" in body
    # Only the fighters claim first appeared here; the population claim appeared earlier.
    assert body.count("First appearance</span>") == 1
    first = body.index("First appearance</span>")
    assert body.index("About 10,000 fighters") > first > body.index("Claims that appeared here")
    history = body[body.index("<h2>History</h2>") :]
    assert "Added document Panjshir resistance" in history
    assert "system" in history
    assert "publisher_id" in history


def test_unknown_document_is_404(client, login) -> None:
    login(Role.VIEWER)
    assert client.get("/documents/9999").status_code == 404
    assert client.get("/documents/9999/edit").status_code == 403
    client.post("/logout")
    login(Role.CHECKER)
    assert client.get("/documents/9999/edit").status_code == 404


def test_new_document_form_defaults_retrieved_on_to_today(client, login) -> None:
    login(Role.CHECKER)
    body = client.get("/documents/new").get_data(as_text=True)
    assert f'value="{dt.date.today().isoformat()}"' in body
    assert 'name="retrieved_on"' in body


def test_checker_creates_document_with_audit(app, client, login, make_source) -> None:
    neo = make_source("New Eastern Outlook", kind=SourceKind.OUTLET)
    checker = login(Role.CHECKER)
    response = client.post(
        "/documents/new",
        data={
            "title": "  Panjshir resistance ",
            "url": NEO_URL,
            "publisher": "new eastern outlook",
            "published_on": "2021-08-24",
            "retrieved_on": "2021-08-25",
            "description": "An opinion article.",
        },
    )
    assert response.status_code == 302
    document = only_document(app)
    assert response.headers["Location"] == f"/documents/{document.id}"
    assert document.title == "Panjshir resistance"
    assert document.publisher_id == neo
    assert document.author_id is None
    assert document.published_on == dt.date(2021, 8, 24)
    assert document.created_by_id == checker.id
    [entry] = audit_entries(app, "document", document.id)
    assert entry.action == "create"
    assert entry.actor_id == checker.id
    assert entry.changes["url"] == [None, NEO_URL]
    assert entry.changes["publisher_id"] == [None, neo]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"url": "ftp://example.org/file"}, "A URL starts with http:// or https://."),
        ({"url": "javascript:alert(1)"}, "A URL starts with http:// or https://."),
        ({"archived_url": "example.org/snapshot"}, "A URL starts with http:// or https://."),
        (
            {"published_on": "2021-08-24", "retrieved_on": "2021-08-20"},
            "Retrieved before it was published?",
        ),
        ({"publisher": "Nobody Known"}, "No source is called &#39;Nobody Known&#39;"),
        ({"author": "Someone #9999"}, "There is no source #9999."),
        ({"published_on": "24/08/2021"}, "Not a valid date value."),
        ({"url": "https://example.org/" + "a" * 500}, "Field cannot be longer than 500"),
    ],
)
def test_create_refuses_invalid_input(app, client, login, data, message) -> None:
    login(Role.CHECKER)
    response = client.post("/documents/new", data={"title": "An article", **data})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert message in body
    assert 'class="error"' in body
    assert document_count(app) == 0


def test_duplicate_url_links_to_the_existing_document(app, client, login, make_document) -> None:
    existing = make_document("The original", url=NEO_URL)
    login(Role.CHECKER)
    response = client.post("/documents/new", data={"title": "A copy", "url": NEO_URL})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "A document with this URL is recorded already." in body
    assert f'<a href="/documents/{existing}">The original (#{existing})</a>' in body
    assert f'value="{NEO_URL}"' in body, "the user's input is kept"
    assert document_count(app) == 1


def test_duplicate_url_on_edit(app, client, login, make_document) -> None:
    existing = make_document("The <original>", url=NEO_URL)
    other = make_document("Another", url="https://example.org/another")
    login(Role.CHECKER)
    response = client.post(
        f"/documents/{other}/edit", data={"title": "Another", "url": NEO_URL, "version": "1"}
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Another document has this URL." in body
    assert f'<a href="/documents/{existing}">The &lt;original&gt; (#{existing})</a>' in body


def test_edit_form_shows_current_values(client, login, make_source, make_document) -> None:
    neo = make_source("New Eastern Outlook", kind=SourceKind.OUTLET)
    document_id = make_document("Panjshir", url=NEO_URL, publisher_id=neo)
    login(Role.CHECKER)
    body = client.get(f"/documents/{document_id}/edit").get_data(as_text=True)
    assert f'value="New Eastern Outlook #{neo}"' in body
    assert f'value="{NEO_URL}"' in body
    assert 'name="version" type="hidden" value="1"' in body
    assert 'name="retrieved_on" type="date" value=""' in body, "no default when editing"


def test_checker_edits_document_with_audit(app, client, login, make_document, make_source) -> None:
    danilov = make_source("Vladimir Danilov")
    document_id = make_document("Panjshir", url=NEO_URL)
    checker = login(Role.CHECKER)
    response = client.post(
        f"/documents/{document_id}/edit",
        data={
            "title": "Panjshir resistance",
            "url": NEO_URL,
            "author": f"Vladimir Danilov #{danilov}",
            "version": "1",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/documents/{document_id}"
    entries = audit_entries(app, "document", document_id)
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].actor_id == checker.id
    assert entries[1].changes == {
        "author_id": [None, danilov],
        "title": ["Panjshir", "Panjshir resistance"],
    }


def test_stale_edit_answers_409_keeps_input_and_shows_changes(
    app, client, login, make_document
) -> None:
    document_id = make_document("Original title", url=NEO_URL)
    login(Role.CHECKER)
    first = client.post(
        f"/documents/{document_id}/edit",
        data={"title": "Saved by someone else", "url": NEO_URL, "version": "1"},
    )
    assert first.status_code == 302
    stale = client.post(
        f"/documents/{document_id}/edit",
        data={"title": "My title", "url": NEO_URL, "description": "Mine", "version": "1"},
    )
    assert stale.status_code == 409
    body = stale.get_data(as_text=True)
    assert "Someone else changed this document while you were editing it." in body
    assert 'value="My title"' in body, "the user's input is kept"
    assert "Mine</textarea>" in body
    changed = body[body.index("Saved meanwhile") : body.index("</dl>")]
    assert "<dt>Title</dt><dd>Saved by someone else</dd>" in changed
    assert "<dt>Description</dt><dd>—</dd>" in changed
    assert "URL" not in changed, "unchanged fields are not listed"
    assert only_document(app).title == "Saved by someone else"
    version = re.search(r'name="version" type="hidden" value="(\d+)"', body).group(1)
    assert version == "2"
    again = client.post(
        f"/documents/{document_id}/edit",
        data={"title": "My title", "url": NEO_URL, "version": version},
    )
    assert again.status_code == 302
    assert only_document(app).title == "My title"


def test_editor_retracts_and_restores_document(app, client, login, make_document) -> None:
    document_id = make_document("Fake article", url=NEO_URL)
    editor = login(Role.EDITOR)
    refused = client.post(f"/documents/{document_id}/retract", data={"reason": "  "})
    assert refused.status_code == 400
    assert "Say why." in refused.get_data(as_text=True)
    assert only_document(app).retracted_at is None
    response = client.post(f"/documents/{document_id}/retract", data={"reason": "Fabricated"})
    assert response.status_code == 302
    body = client.get(f"/documents/{document_id}").get_data(as_text=True)
    assert "Retracted</strong>" in body
    assert "Fabricated" in body
    assert "Restore document" in body
    assert client.post(f"/documents/{document_id}/retract", data={"reason": "x"}).status_code == 400
    assert client.post(f"/documents/{document_id}/restore").status_code == 302
    assert only_document(app).retracted_at is None
    entries = audit_entries(app, "document", document_id)
    assert [e.action for e in entries] == ["create", "retract", "restore"]
    assert entries[1].actor_id == editor.id
    assert entries[1].changes["retraction_reason"] == [None, "Fabricated"]


def test_restore_refused_when_url_taken_again(
    app, client, login, retracted_document, make_document
) -> None:
    retracted = retracted_document("Old copy", url=NEO_URL)
    make_document("New copy", url=NEO_URL)
    login(Role.EDITOR)
    response = client.post(f"/documents/{retracted}/restore")
    assert response.status_code == 400
    assert "has this URL now" in response.get_data(as_text=True)


def test_checker_sees_no_retract_form(client, login, make_document) -> None:
    document_id = make_document("An article")
    login(Role.CHECKER)
    body = client.get(f"/documents/{document_id}").get_data(as_text=True)
    assert "Retract document" not in body
    assert f'href="/documents/{document_id}/edit"' in body
