"""The claim page: what it shows, and which buttons each role gets."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from webapp import db
from webapp.claims.models import Claim, ClaimRelation, RelationKind
from webapp.claims.operations import relate_claims, retract_claim
from webapp.core.permissions import Role
from webapp.sources.models import SourceKind


def _relate(app, claim_id: int, related_id: int, kind: RelationKind, note: str = "") -> int:
    with app.app_context():
        sess = db.session()
        relation = relate_claims(
            sess,
            actor=None,
            claim=sess.get(Claim, claim_id),
            related=sess.get(Claim, related_id),
            kind=kind,
            note=note,
        )
        sess.commit()
        return relation.id


def _retract(app, claim_id: int, reason: str) -> None:
    with app.app_context():
        sess = db.session()
        retract_claim(sess, actor=None, claim=sess.get(Claim, claim_id), reason=reason)
        sess.commit()


def _text(html: str) -> str:
    """The page's visible text with whitespace collapsed (tags removed)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_page_shows_the_claim(client, login, make_source, make_claim) -> None:
    login(Role.VIEWER)
    claimant = make_source("Bismillah Khan Mohammadi")
    twitter = make_source("Twitter", kind=SourceKind.SOCIAL_ACCOUNT)
    outlet = make_source("New Eastern Outlook", kind=SourceKind.OUTLET)
    claim_id = make_claim(
        statement="Resistance forces took three districts of Baghlan.",
        quote="The Puli Khesar, Deh Salah and Banu districts are liberated.",
        claimant_id=claimant,
        relay_ids=[twitter, outlet],
        claim_date=dt.date(2021, 8, 20),
        event_date=dt.date(2021, 8, 19),
        place="Baghlan",
        language="ru",
        tags=["Panjshir", "Taliban"],
    )
    response = client.get(f"/claims/{claim_id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = _text(html)
    assert (
        '<h1 class="claim-heading">Resistance forces took three districts of Baghlan.</h1>' in html
    )
    assert re.search(r"<blockquote[^>]*>The Puli Khesar, Deh Salah and Banu districts", html)
    assert f'<a href="/sources/{claimant}">Bismillah Khan Mohammadi</a>' in html
    assert "Bismillah Khan Mohammadi via Twitter → New Eastern Outlook" in text
    assert "Claim date 2021-08-20" in text
    assert "Event date 2021-08-19" in text
    assert "Place Baghlan" in text
    assert "Language ru" in text
    assert '<a class="tag" href="/claims?tag=Panjshir">Panjshir</a>' in html
    assert '<a class="tag" href="/claims?tag=Taliban">Taliban</a>' in html
    assert "Checkable" in text
    assert "not checkable" not in text
    assert '<span class="status-badge status-new">New</span>' in html
    # The tab-like navigation leads to sections on the same page.
    for anchor in ("overview", "verdicts", "appearances", "relations", "history"):
        assert f'href="#{anchor}"' in html
        assert f'id="{anchor}"' in html


def test_relays_keep_their_order(client, login, make_source, make_claim) -> None:
    login(Role.VIEWER)
    first, second = make_source("Zeta Agency"), make_source("Alpha Daily")
    claim_id = make_claim(relay_ids=[first, second])
    text = _text(client.get(f"/claims/{claim_id}").get_data(as_text=True))
    assert "via Zeta Agency → Alpha Daily" in text


def test_opinion_and_unknown_claimant(client, login, make_claim) -> None:
    login(Role.VIEWER)
    claim_id = make_claim(
        statement="There is no room for the Taliban in the north.", checkable=False
    )
    text = _text(client.get(f"/claims/{claim_id}").get_data(as_text=True))
    assert "Opinion \N{EN DASH} not checkable" in text
    assert "Claimant Unknown" in text


@pytest.mark.parametrize(
    ("quantity", "shown"),
    [
        ({"quantity_value": 10000, "quantity_unit": "fighters"}, "10,000 fighters"),
        ({"quantity_low": 140000, "quantity_unit": "people"}, "more than 140,000 people"),
        ({"quantity_high": 500, "quantity_unit": "tanks"}, "up to 500 tanks"),
        (
            {"quantity_low": 9000, "quantity_high": 11000, "quantity_unit": "fighters"},
            "9,000\N{EN DASH}11,000 fighters",
        ),
        (
            {"quantity_value": 10000, "quantity_low": 9000, "quantity_high": 11000,
             "quantity_unit": "fighters", "quantity_as_of": dt.date(2021, 8, 24)},
            "10,000 fighters (9,000\N{EN DASH}11,000), as of 2021-08-24",
        ),
        ({"quantity_value": 2.5, "quantity_unit": "per cent"}, "2.5 per cent"),
    ],
)  # fmt: skip
def test_quantity_formats(client, login, make_claim, quantity, shown) -> None:
    login(Role.VIEWER)
    claim_id = make_claim(**quantity)
    html = client.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert f'<dd class="claim-quantity">{shown}</dd>' in html


def test_relations_show_both_ways(app, client, login, make_claim) -> None:
    login(Role.VIEWER)
    original = make_claim("Panjshir has a population of more than 140,000.")
    copy = make_claim("Panjshir province has over 140,000 inhabitants.")
    rival = make_claim("Panjshir has about 170,000 inhabitants.")
    _relate(app, copy, original, RelationKind.DUPLICATE_OF, note="Same figure, reworded.")
    _relate(app, rival, original, RelationKind.CONTRADICTS)
    original_text = _text(client.get(f"/claims/{original}").get_data(as_text=True))
    assert f"duplicated by #{copy} Panjshir province has over 140,000 inhabitants." in original_text
    assert "Same figure, reworded." in original_text
    assert f"contradicted by #{rival} Panjshir has about 170,000 inhabitants." in original_text
    copy_text = _text(client.get(f"/claims/{copy}").get_data(as_text=True))
    assert f"duplicate of #{original} Panjshir has a population" in copy_text
    rival_text = _text(client.get(f"/claims/{rival}").get_data(as_text=True))
    assert f"contradicts #{original}" in rival_text


def test_retracted_relation_leaves_the_page_but_stays_in_history(
    app, client, login, make_claim
) -> None:
    login(Role.VIEWER)
    one, other = make_claim("One."), make_claim("Other.")
    relation_id = _relate(app, one, other, RelationKind.SUPPORTS)
    with app.app_context():
        sess = db.session()
        from webapp.claims.operations import retract_relation

        retract_relation(
            sess, actor=None, relation=sess.get(ClaimRelation, relation_id), reason="Mistaken link"
        )
        sess.commit()
    html = client.get(f"/claims/{one}").get_data(as_text=True)
    assert "Not related to other claims." in html
    assert f"claim relation #{relation_id}" in _text(html)
    assert "Retracted relation: Mistaken link" in html


def test_history_lists_changes_of_claim_verdicts_and_relations(
    app, client, login, make_claim, make_verdict
) -> None:
    editor = login(Role.EDITOR)
    claim_id = make_claim("About 10,000 fighters left for Panjshir.", tags=["Panjshir"])
    other = make_claim("Nobody left for Panjshir.")
    response = client.post(
        f"/claims/{claim_id}/edit",
        data={"statement": "About 9,000 fighters left.", "tags": "Panjshir, Taliban",
              "language": "en", "checkable": "y", "version": "1"},
    )  # fmt: skip
    assert response.status_code == 302
    verdict_id = make_verdict(claim_id, rating="false")
    _relate(app, other, claim_id, RelationKind.CONTRADICTS)
    html = client.get(f"/claims/{claim_id}").get_data(as_text=True)
    history = html[html.index('id="history"') :]
    text = _text(history)
    assert text.index("Recorded claim: About 10,000") < text.index(f"Edited claim #{claim_id}")
    assert text.index(f"Edited claim #{claim_id}") < text.index(f"verdict #{verdict_id}")
    assert f"Claim #{other} contradicts claim #{claim_id}" in text
    assert f"{editor.display_name} · update" in text
    assert "Tags Panjshir Panjshir, Taliban" in text
    assert re.search(r"Statement</th>\s*<td[^>]*>About <del>10,000</del> fighters", history)
    assert re.search(r"<td[^>]*>About <ins>9,000</ins> fighters <ins>left.</ins></td>", history)
    assert "Status New → Concluded" in text


def test_retracted_claim_shows_banner_and_leaves_lists(app, client, login, make_claim) -> None:
    login(Role.EDITOR)
    gone = make_claim("Ashraf Ghani took the party gold.")
    kept = make_claim("Saleh's forces recaptured Charikar.")
    _retract(app, gone, "Recorded twice by mistake")
    listing = client.get("/claims").get_data(as_text=True)
    assert "Saleh&#39;s forces recaptured Charikar." in listing
    assert "Ashraf Ghani took the party gold." not in listing
    response = client.get(f"/claims/{gone}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "This claim is retracted" in html
    assert "Recorded twice by mistake" in html
    assert f'action="/claims/{gone}/restore"' in html
    assert f'action="/claims/{gone}/retract"' not in html
    assert f'action="/claims/{gone}/submit"' not in html
    assert "This claim is retracted" not in client.get(f"/claims/{kept}").get_data(as_text=True)


def test_checker_sees_no_restore_button(app, client, login, make_claim) -> None:
    login(Role.CHECKER)
    gone = make_claim()
    _retract(app, gone, "Duplicate")
    html = client.get(f"/claims/{gone}").get_data(as_text=True)
    assert "This claim is retracted" in html
    assert "/restore" not in html


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        (Role.VIEWER, [], ["/edit", "/submit", "/retract", "/relations"]),
        (Role.CHECKER, ["/edit", "/submit", "/relations"], ['/retract"', "/reopen"]),
        (Role.EDITOR, ["/edit", "/submit", "/relations", '/retract"'], ["/reopen", "/restore"]),
    ],
    ids=lambda value: value.value if isinstance(value, Role) else None,
)
def test_buttons_follow_the_role(client, login, make_claim, role, visible, hidden) -> None:
    login(role)
    claim_id = make_claim()
    html = client.get(f"/claims/{claim_id}").get_data(as_text=True)
    for path in visible:
        assert f"/claims/{claim_id}{path}" in html
    for path in hidden:
        assert f"/claims/{claim_id}{path}" not in html


def test_concluded_claim_offers_reopen_to_editors_only(client, login, make_claim, make_verdict):
    claim_id = make_claim()
    make_verdict(claim_id, rating="true")
    login(Role.EDITOR)
    html = client.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert f'action="/claims/{claim_id}/reopen"' in html
    assert f'action="/claims/{claim_id}/submit"' not in html
    assert '<span class="status-badge status-concluded">Concluded</span>' in html


def test_values_are_escaped(client, login, make_source, make_claim) -> None:
    login(Role.VIEWER)
    source = make_source("<b>Bold</b> source")
    claim_id = make_claim(
        statement="<script>alert(1)</script> said so", quote="<i>quoted</i>", claimant_id=source,
        tags=["<em>tag</em>"],
    )  # fmt: skip
    html = client.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; said so" in html
    assert "<i>quoted</i>" not in html
    assert "<b>Bold</b>" not in html
    assert "<em>tag</em>" not in html


def test_unknown_claim_is_404(client, login) -> None:
    login(Role.VIEWER)
    assert client.get("/claims/999999").status_code == 404


def test_history_includes_appearances_but_not_other_claims(
    app, client, login, make_claim, make_document
) -> None:
    from webapp.documents.models import Document
    from webapp.documents.operations import add_appearance

    login(Role.VIEWER)
    one, two = make_claim("One."), make_claim("Two.")
    document_id = make_document("Panjshir resistance", url="https://example.org/article")
    with app.app_context():
        sess = db.session()
        appearance = add_appearance(
            sess, actor=None, claim=sess.get(Claim, one), document=sess.get(Document, document_id),
            quote="about 10,000 fighters",
        )  # fmt: skip
        appearance_id = appearance.id
        sess.commit()
    text = _text(client.get(f"/claims/{one}").get_data(as_text=True))
    assert f"appearance #{appearance_id}" in text
    assert "about 10,000 fighters" in text
    assert f"claim #{two}" not in text
    assert "Two." not in text
