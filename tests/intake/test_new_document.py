"""The "New document from text" page: pasted text, uploads, and bad input as field errors."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from webapp import db
from webapp.core.audit import AuditEntry
from webapp.core.permissions import Role
from webapp.documents.models import Document


def documents(app) -> list[Document]:
    with app.app_context():
        found = list(db.session().scalars(select(Document).order_by(Document.id)))
        for document in found:
            db.session().expunge(document)
        return found


def audit_count(app) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(AuditEntry)) or 0


def test_the_page_is_linked_from_the_documents_list_and_the_menu(client, login):
    login(Role.CHECKER)
    page = client.get("/documents").get_data(as_text=True)
    assert page.count('href="/documents/new/text"') == 2


def test_paste_the_sample(client, login, app, make_source, sample_text):
    login(Role.CHECKER)
    author = make_source("Vladimir Danilov")
    response = client.post(
        "/documents/new/text",
        data={
            "title": "Does the Anti-Taliban Resistance in Afghanistan have a Future?",
            "url": "https://journal-neo.org/2021/08/24/panjshir/",
            "author": "Vladimir Danilov",
            "published_on": "2021-08-24",
            "body": sample_text.replace("\n", "\r\n"),
        },
    )
    assert response.status_code == 302
    [document] = documents(app)
    assert response.headers["Location"] == f"/documents/{document.id}/intake"
    assert document.body == sample_text.strip("\n")  # line endings normalised
    assert document.author_id == author
    with app.app_context():
        entry = db.session().scalar(select(AuditEntry).where(AuditEntry.entity_type == "document"))
        assert entry.changes["body_length"] == [None, len(document.body)]
    shown = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert f'href="/documents/{document.id}/intake"' in shown


def test_upload_html(client, login, app):
    login(Role.CHECKER)
    html = b"<html><body><script>evil()</script><p>Some 10,000 fighters left, he said.</p></body></html>"
    response = client.post(
        "/documents/new/text",
        data={"title": "Upload", "body": "", "upload": (io.BytesIO(html), "article.html")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert documents(app)[0].body == "Some 10,000 fighters left, he said."


def field_error(page: str, field: str) -> str:
    match = re.search(rf'id="{field}-error" class="error">([^<]*)<', page)
    assert match, page
    return match.group(1)


@pytest.mark.parametrize(
    ("data", "field", "reason"),
    [
        ({"title": "T", "body": "   "}, "body", "Paste the article"),
        ({"title": "", "body": "Text."}, "title", "required"),
        ({"title": "T", "body": "x" * 1_000_001}, "body", "at most 1,000,000"),
        ({"title": "T", "body": "Text.", "url": "ftp://x"}, "url", "http"),
        ({"title": "T", "body": "Text.", "author": "Nobody Known"}, "author", "No source"),
        ({"title": "T", "body": "Text.", "upload": (b"x", "a.txt")}, "upload", "not both"),
        ({"title": "T", "upload": (b"%PDF", "a.pdf")}, "upload", ".txt or .html"),
        ({"title": "T", "upload": (b"\xff\xfe", "a.txt")}, "upload", "UTF-8"),
        ({"title": "T", "upload": (b"x" * 1_000_001, "a.txt")}, "upload", "1 MB"),
    ],
)  # fmt: skip
def test_bad_input_is_a_field_error_and_nothing_is_kept(client, login, app, data, field, reason):
    login(Role.CHECKER)
    before = audit_count(app)
    if "upload" in data:  # a fresh stream for each engine's run
        raw, name = data["upload"]
        data = {**data, "upload": (io.BytesIO(raw), name)}
    response = client.post("/documents/new/text", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert reason in field_error(response.get_data(as_text=True), field)
    assert documents(app) == []
    assert audit_count(app) == before


def test_roles(client, login, app):
    assert client.get("/documents/new/text").status_code == 302  # to the sign-in page
    login(Role.VIEWER)
    assert client.get("/documents/new/text").status_code == 403
    assert client.post("/documents/new/text", data={"title": "T", "body": "x"}).status_code == 403
    assert documents(app) == []
