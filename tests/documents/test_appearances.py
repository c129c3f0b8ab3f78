"""Adding, editing, ordering and retracting the appearances of a claim in documents."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from webapp import db
from webapp.claims.models import Claim
from webapp.claims.operations import retract_claim
from webapp.core.audit import AuditEntry
from webapp.core.permissions import Role
from webapp.documents.models import Appearance, Document
from webapp.sources.models import SourceKind

NEO_URL = "https://journal-neo.org/2021/08/24/panjshir-resistance/"


def landing(app, claim_id: int, document_id: int) -> str:
    """Where an appearance action returns: the claim page once it exists, else the document."""
    if "claims.show" in app.view_functions:
        return f"/claims/{claim_id}"
    return f"/documents/{document_id}"


def counts(app) -> dict[str, int]:
    with app.app_context():
        session = db.session()
        return {
            model.__name__: session.scalar(select(func.count()).select_from(model))
            for model in (Document, Appearance, AuditEntry)
        }


def audit_of(app, entity_type: str, entity_id: int) -> list[tuple[str, dict, int | None]]:
    with app.app_context():
        entries = db.session().scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_type == entity_type, AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.id)
        )
        return [(e.action, e.changes, e.actor_id) for e in entries]


def appearance_row(app, appearance_id: int) -> dict:
    with app.app_context():
        a = db.session().get(Appearance, appearance_id)
        return {
            "quote": a.quote,
            "note": a.note,
            "is_first": a.is_first,
            "retracted": a.retracted_at is not None,
            "reason": a.retraction_reason,
            "version": a.version,
        }


def test_add_appearance_in_recorded_document_by_url(
    app, client, login, make_claim, make_document
) -> None:
    claim_id = make_claim()
    document_id = make_document("Panjshir resistance", url=NEO_URL)
    checker = login(Role.CHECKER)
    response = client.post(
        f"/claims/{claim_id}/appearances/new",
        data={"document": f"  {NEO_URL} ", "quote": " 10,000 fighters have left "},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == landing(app, claim_id, document_id)
    with app.app_context():
        [appearance] = db.session().get(Claim, claim_id).appearances
        assert appearance.document_id == document_id
        assert appearance.quote == "10,000 fighters have left"
        assert appearance.is_first, "a claim's only appearance is its first"
        assert appearance.created_by_id == checker.id
        appearance_id = appearance.id
    [created] = audit_of(app, "appearance", appearance_id)
    assert created[0] == "create"
    assert created[2] == checker.id
    assert created[1]["claim_id"] == [None, claim_id]
    assert created[1]["document_id"] == [None, document_id]
    assert audit_of(app, "claim", claim_id)[-1][1] == {"first_appearance_id": [None, appearance_id]}


def test_add_appearance_by_number(app, client, login, make_claim, make_document) -> None:
    claim_id = make_claim()
    document_id = make_document("A post")
    login(Role.CHECKER)
    response = client.post(
        f"/claims/{claim_id}/appearances/new", data={"document": f"#{document_id}"}
    )
    assert response.status_code == 302
    assert counts(app)["Appearance"] == 1


def test_add_appearance_with_new_document(app, client, login, make_claim, make_source) -> None:
    claim_id = make_claim()
    neo = make_source("New Eastern Outlook", kind=SourceKind.OUTLET)
    danilov = make_source("Vladimir Danilov")
    checker = login(Role.CHECKER)
    response = client.post(
        f"/claims/{claim_id}/appearances/new",
        data={
            "title": "Panjshir resistance",
            "url": NEO_URL,
            "publisher": "New Eastern Outlook",
            "author": f"Vladimir Danilov #{danilov}",
            "published_on": "2021-08-24",
            "quote": "about 10,000 fighters",
            "is_first": "y",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        session = db.session()
        document = session.scalars(select(Document)).one()
        assert (document.title, document.url) == ("Panjshir resistance", NEO_URL)
        assert (document.publisher_id, document.author_id) == (neo, danilov)
        assert document.published_on == dt.date(2021, 8, 24)
        assert document.created_by_id == checker.id
        [appearance] = document.appearances
        assert appearance.claim_id == claim_id
        assert appearance.is_first
        document_id = document.id
    assert response.headers["Location"] == landing(app, claim_id, document_id)
    assert [a for a, _, _ in audit_of(app, "document", document_id)] == ["create"]


def test_second_appearance_is_not_first_unless_asked(
    app, client, login, make_claim, make_document, first_flags
) -> None:
    claim_id = make_claim()
    docs = [make_document(f"Article {n}") for n in range(3)]
    login(Role.CHECKER)
    for document_id in docs[:2]:
        client.post(f"/claims/{claim_id}/appearances/new", data={"document": f"#{document_id}"})
    flags = first_flags(claim_id)
    assert sorted(flags.values()) == [False, True]
    first_id = next(a for a, first in flags.items() if first)
    response = client.post(
        f"/claims/{claim_id}/appearances/new", data={"document": f"#{docs[2]}", "is_first": "y"}
    )
    assert response.status_code == 302
    flags = first_flags(claim_id)
    assert flags[first_id] is False, "the previous first is unmarked"
    assert sum(flags.values()) == 1
    assert flags[max(flags)] is True


def test_mark_as_first_unmarks_previous_with_audit(
    app, client, login, make_claim, make_document, make_appearance, first_flags
) -> None:
    claim_id = make_claim()
    first = make_appearance(claim_id, make_document("Later repost"))
    earlier = make_appearance(claim_id, make_document("The original tweet"))
    assert first_flags(claim_id) == {first: True, earlier: False}
    checker = login(Role.CHECKER)
    response = client.post(f"/appearances/{earlier}/first")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(("/claims/", "/documents/"))
    assert first_flags(claim_id) == {first: False, earlier: True}
    action, changes, actor = audit_of(app, "claim", claim_id)[-1]
    assert (action, changes, actor) == (
        "update",
        {"first_appearance_id": [first, earlier]},
        checker.id,
    )
    entries_before = len(audit_of(app, "claim", claim_id))
    again = client.post(f"/appearances/{earlier}/first")
    assert again.status_code == 302
    assert len(audit_of(app, "claim", claim_id)) == entries_before, "no change, no entry"


def test_retracting_the_first_promotes_the_earliest_published(
    app, client, login, make_claim, make_document, make_appearance, first_flags
) -> None:
    claim_id = make_claim()
    first = make_appearance(claim_id, make_document("Repost", published_on=dt.date(2021, 8, 24)))
    undated = make_appearance(claim_id, make_document("Undated copy"))
    earliest = make_appearance(
        claim_id, make_document("Original", published_on=dt.date(2021, 8, 20))
    )
    checker = login(Role.CHECKER)
    response = client.post(f"/appearances/{first}/retract", data={"reason": "Wrong article"})
    assert response.status_code == 302
    assert first_flags(claim_id) == {first: False, undated: False, earliest: True}
    row = appearance_row(app, first)
    assert row["retracted"]
    assert row["reason"] == "Wrong article"
    retracted = audit_of(app, "appearance", first)[-1]
    assert retracted[0] == "retract"
    assert retracted[2] == checker.id
    assert audit_of(app, "claim", claim_id)[-1][1] == {"first_appearance_id": [first, earliest]}
    # Retracting one that is not the first leaves the first alone.
    client.post(f"/appearances/{undated}/retract", data={"reason": "Duplicate"})
    assert first_flags(claim_id)[earliest] is True


def test_retracting_the_only_appearance_leaves_no_first(
    app, client, login, make_claim, make_document, make_appearance, first_flags
) -> None:
    claim_id = make_claim()
    only = make_appearance(claim_id, make_document("Only article"))
    login(Role.CHECKER)
    assert (
        client.post(f"/appearances/{only}/retract", data={"reason": "Misread"}).status_code == 302
    )
    assert first_flags(claim_id) == {only: False}
    assert audit_of(app, "claim", claim_id)[-1][1] == {"first_appearance_id": [only, None]}


def test_retract_needs_a_reason_and_happens_once(
    app, client, login, make_claim, make_document, make_appearance
) -> None:
    appearance_id = make_appearance(make_claim(), make_document("An article"))
    login(Role.CHECKER)
    response = client.post(f"/appearances/{appearance_id}/retract", data={"reason": " "})
    assert response.status_code == 400
    assert "Say why." in response.get_data(as_text=True)
    assert not appearance_row(app, appearance_id)["retracted"]
    assert (
        client.post(f"/appearances/{appearance_id}/retract", data={"reason": "Misread"}).status_code
        == 302
    )
    again = client.post(f"/appearances/{appearance_id}/retract", data={"reason": "Twice"})
    assert again.status_code == 400
    assert "already retracted" in again.get_data(as_text=True)
    refused = client.post(f"/appearances/{appearance_id}/first")
    assert refused.status_code == 400
    assert "A retracted appearance cannot be the first." in refused.get_data(as_text=True)


def test_all_or_nothing_when_the_appearance_is_refused(app, client, login, make_claim) -> None:
    claim_id = make_claim()
    login(Role.CHECKER)
    before = counts(app)
    response = client.post(
        f"/claims/{claim_id}/appearances/new",
        data={"title": "A valid new document", "url": NEO_URL, "quote": "x" * 5001},
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "A quote must be at most 5000 characters." in body
    assert 'value="A valid new document"' in body, "the user's input is kept"
    assert counts(app) == before, "no document, appearance or audit entry was written"


def test_all_or_nothing_for_a_retracted_claim(app, client, login, make_claim) -> None:
    claim_id = make_claim()
    with app.app_context():
        session = db.session()
        retract_claim(session, actor=None, claim=session.get(Claim, claim_id), reason="Dup")
        session.commit()
    login(Role.CHECKER)
    before = counts(app)
    response = client.post(
        f"/claims/{claim_id}/appearances/new", data={"title": "A valid new document"}
    )
    assert response.status_code == 400
    assert "This claim is retracted" in response.get_data(as_text=True)
    assert counts(app) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Give the new document&#39;s title, or pick a recorded document above."),
        (
            {"document": "#1", "title": "Also new"},
            "Pick a recorded document or describe a new one, not both.",
        ),
        ({"document": "https://example.org/unknown"}, "No document is recorded as"),
        ({"document": "#9999"}, "No document is recorded as &#39;#9999&#39;"),
        ({"title": "New", "url": "ftp://example.org"}, "A URL starts with http:// or https://."),
        ({"title": "New", "publisher": "Nobody Known"}, "No source is called"),
        ({"title": "New", "published_on": "last week"}, "Not a valid date value."),
    ],
)
def test_add_appearance_invalid_input(app, client, login, make_claim, data, message) -> None:
    claim_id = make_claim()
    login(Role.CHECKER)
    before = counts(app)
    response = client.post(f"/claims/{claim_id}/appearances/new", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert counts(app) == before


def test_add_appearance_refuses_duplicates_and_retracted_documents(
    app, client, login, make_claim, make_document, make_appearance, retracted_document
) -> None:
    claim_id = make_claim()
    document_id = make_document("An article", url=NEO_URL)
    make_appearance(claim_id, document_id)
    gone = retracted_document("Withdrawn")
    login(Role.CHECKER)
    twice = client.post(f"/claims/{claim_id}/appearances/new", data={"document": NEO_URL})
    assert twice.status_code == 400
    assert "recorded already" in twice.get_data(as_text=True)
    retracted = client.post(f"/claims/{claim_id}/appearances/new", data={"document": f"#{gone}"})
    assert retracted.status_code == 400
    assert f"Document #{gone} is retracted" in retracted.get_data(as_text=True)
    taken = client.post(
        f"/claims/{claim_id}/appearances/new", data={"title": "Same URL", "url": NEO_URL}
    )
    assert taken.status_code == 400
    assert f'<a href="/documents/{document_id}">An article (#{document_id})</a>' in (
        taken.get_data(as_text=True)
    )


def test_add_appearance_page(client, login, make_claim) -> None:
    claim_id = make_claim("Panjshir has a population of more than 140,000.")
    login(Role.CHECKER)
    response = client.get(f"/claims/{claim_id}/appearances/new")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Panjshir has a population of more than 140,000." in body
    for name in ("document", "title", "url", "publisher", "author", "published_on", "quote"):
        assert f'name="{name}"' in body
    assert client.get("/claims/9999/appearances/new").status_code == 404


def test_edit_quote_with_audit(
    app, client, login, make_claim, make_document, make_appearance
) -> None:
    appearance_id = make_appearance(make_claim(), make_document("An article"), quote="old")
    checker = login(Role.CHECKER)
    page = client.get(f"/appearances/{appearance_id}/edit")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "old</textarea>" in body
    version = re.search(r'name="version" type="hidden" value="(\d+)"', body).group(1)
    response = client.post(
        f"/appearances/{appearance_id}/edit",
        data={"quote": " the exact words ", "note": "paragraph 3", "version": version},
    )
    assert response.status_code == 302
    row = appearance_row(app, appearance_id)
    assert (row["quote"], row["note"]) == ("the exact words", "paragraph 3")
    action, changes, actor = audit_of(app, "appearance", appearance_id)[-1]
    assert action == "update"
    assert actor == checker.id
    assert changes == {"note": [None, "paragraph 3"], "quote": ["old", "the exact words"]}


def test_edit_quote_invalid_and_stale(
    app, client, login, make_claim, make_document, make_appearance
) -> None:
    appearance_id = make_appearance(make_claim(), make_document("An article"), quote="old")
    version = appearance_row(app, appearance_id)["version"]
    login(Role.CHECKER)
    too_long = client.post(
        f"/appearances/{appearance_id}/edit",
        data={"quote": "q", "note": "n" * 201, "version": str(version)},
    )
    assert too_long.status_code == 400
    assert "Field cannot be longer than 200 characters." in too_long.get_data(as_text=True)
    saved = client.post(
        f"/appearances/{appearance_id}/edit",
        data={"quote": "theirs", "note": "", "version": str(version)},
    )
    assert saved.status_code == 302
    stale = client.post(
        f"/appearances/{appearance_id}/edit",
        data={"quote": "mine", "note": "my note", "version": str(version)},
    )
    assert stale.status_code == 409
    body = stale.get_data(as_text=True)
    assert "Someone else changed this appearance" in body
    assert "<dt>Quote</dt><dd>theirs</dd>" in body
    assert "mine</textarea>" in body
    assert 'value="my note"' in body
    assert appearance_row(app, appearance_id)["quote"] == "theirs"
    fresh = re.search(r'name="version" type="hidden" value="(\d+)"', body).group(1)
    assert int(fresh) == version + 1
    again = client.post(
        f"/appearances/{appearance_id}/edit",
        data={"quote": "mine", "note": "my note", "version": fresh},
    )
    assert again.status_code == 302
    assert appearance_row(app, appearance_id)["quote"] == "mine"


def test_unknown_appearance_is_404(client, login) -> None:
    login(Role.CHECKER)
    assert client.get("/appearances/9999/edit").status_code == 404
    assert client.post("/appearances/9999/first").status_code == 404
    assert client.post("/appearances/9999/retract", data={"reason": "x"}).status_code == 404
