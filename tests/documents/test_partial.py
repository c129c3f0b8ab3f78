"""The appearances partial that the claim page includes, rendered on its own."""

from __future__ import annotations

import datetime as dt

from flask import render_template_string
from flask_login import login_user

from webapp import db
from webapp.claims.models import Claim
from webapp.core.permissions import Role
from webapp.sources.models import SourceKind

PARTIAL = '{% include "documents/_appearances.html" %}'
ARCHIVE = "https://web.archive.org/web/2021/https://example.org/repost"


def render_partial(app, claim_id: int, user=None, query: str = "") -> str:
    with app.test_request_context(f"/claims/{claim_id}{query}"):
        if user is not None:
            login_user(user)
        claim = db.session().get(Claim, claim_id)
        return render_template_string(PARTIAL, claim=claim)


def make_scene(make_claim, make_source, make_document, make_appearance, app) -> dict[str, int]:
    neo = make_source("New Eastern Outlook", kind=SourceKind.OUTLET)
    claim_id = make_claim("Panjshir has a population of more than 140,000.")
    original = make_document(
        "The original article", publisher_id=neo, published_on=dt.date(2021, 8, 24)
    )
    repost = make_document(
        "A later repost", published_on=dt.date(2021, 8, 30), archived_url=ARCHIVE
    )
    withdrawn = make_document("A misattributed piece")
    first = make_appearance(claim_id, original, quote="more than 140,000 people")
    second = make_appearance(claim_id, repost, quote="over 140,000 residents")
    gone = make_appearance(claim_id, withdrawn, quote="140k")
    from webapp.documents.models import Appearance
    from webapp.documents.operations import retract_appearance

    with app.app_context():
        session = db.session()
        retract_appearance(
            session, actor=None, appearance=session.get(Appearance, gone), reason="Misattributed"
        )
        session.commit()
    return {
        "claim": claim_id,
        "original": original,
        "repost": repost,
        "first": first,
        "second": second,
        "gone": gone,
    }


def test_partial_lists_live_appearances_first_one_marked(
    app, make_user, make_claim, make_source, make_document, make_appearance
) -> None:
    ids = make_scene(make_claim, make_source, make_document, make_appearance, app)
    body = render_partial(app, ids["claim"], make_user(Role.VIEWER))
    assert body.count("First appearance</span>") == 1
    first = body.index(f'id="appearance-{ids["first"]}"')
    second = body.index(f'id="appearance-{ids["second"]}"')
    assert first < body.index("First appearance</span>") < second
    assert "New Eastern Outlook" in body
    assert "Unknown publisher" in body
    assert "2021-08-24" in body
    assert f'<a href="/documents/{ids["original"]}">The original article</a>' in body
    assert "more than 140,000 people</blockquote>" in body
    assert f'<a href="{ARCHIVE}" rel="noopener noreferrer">Archived copy</a>' in body
    assert "A misattributed piece" not in body, "retracted appearances are hidden"
    assert "Show retracted appearances" in body
    # A viewer gets no buttons.
    for action in ("Mark as first", "Edit quote", "Retract appearance", "Add appearance"):
        assert action not in body


def test_partial_shows_retracted_on_request(
    app, make_user, make_claim, make_source, make_document, make_appearance
) -> None:
    ids = make_scene(make_claim, make_source, make_document, make_appearance, app)
    body = render_partial(app, ids["claim"], make_user(Role.CHECKER), "?show_retracted=1")
    assert "A misattributed piece" in body
    assert "Retracted: Misattributed" in body
    assert f'action="/appearances/{ids["gone"]}/retract"' not in body
    assert "Hide retracted appearances" in body


def test_partial_marks_retracted_documents(
    app, make_user, make_claim, make_document, make_appearance
) -> None:
    claim_id = make_claim()
    document_id = make_document("Later withdrawn")
    make_appearance(claim_id, document_id)
    from webapp.documents.models import Document
    from webapp.documents.operations import retract_document

    body = render_partial(app, claim_id, make_user(Role.VIEWER))
    assert "Document retracted" not in body
    with app.app_context():
        session = db.session()
        retract_document(
            session, actor=None, document=session.get(Document, document_id), reason="Fake"
        )
        session.commit()
    body = render_partial(app, claim_id, make_user(Role.VIEWER))
    assert "Later withdrawn" in body
    assert "Document retracted" in body


def test_partial_offers_checker_actions(
    app, make_user, make_claim, make_source, make_document, make_appearance
) -> None:
    ids = make_scene(make_claim, make_source, make_document, make_appearance, app)
    body = render_partial(app, ids["claim"], make_user(Role.CHECKER))
    assert body.count("Mark as first") == 1, "only the appearances that are not first"
    assert f'action="/appearances/{ids["second"]}/first"' in body
    assert f'action="/appearances/{ids["first"]}/first"' not in body
    for appearance in (ids["first"], ids["second"]):
        assert f'href="/appearances/{appearance}/edit">Edit quote</a>' in body
        assert f'action="/appearances/{appearance}/retract"' in body
    assert f'action="/claims/{ids["claim"]}/appearances/new"' in body
    for name in ('name="document"', 'name="quote"', 'name="is_first"', 'name="reason"'):
        assert name in body
    assert 'name="csrf_token"' in body


def test_partial_empty_state(app, make_user, make_claim) -> None:
    claim_id = make_claim()
    body = render_partial(app, claim_id, make_user(Role.EDITOR))
    assert "No appearances recorded" in body
    assert "Add appearance" in body


def test_inline_form_fields_post_to_the_add_route(
    app, client, login, make_claim, make_document, first_flags
) -> None:
    claim_id = make_claim()
    document_id = make_document("An article", url="https://example.org/a")
    login(Role.CHECKER)
    response = client.post(
        f"/claims/{claim_id}/appearances/new",
        data={"document": "https://example.org/a", "quote": "words", "is_first": "y"},
    )
    assert response.status_code == 302
    assert list(first_flags(claim_id).values()) == [True]
    assert document_id
