"""Creating and editing claims: valid and invalid input, stale versions, audit entries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from tests.conftest import sign_in
from webapp import db
from webapp.claims.models import Claim
from webapp.core.audit import AuditEntry
from webapp.core.forms import record_number
from webapp.core.permissions import Role
from webapp.documents.models import Document
from webapp.sources.models import Source


def _form(**values: str) -> dict[str, str]:
    """A submitted claim form: a statement, English, checkable, plus ``values``."""
    return {"statement": "About 10,000 fighters left for Panjshir.", "language": "en",
            "checkable": "y", **values}  # fmt: skip


def _claim_entries(app, claim_id: int) -> list[AuditEntry]:
    with app.app_context():
        return list(
            db.session().scalars(
                select(AuditEntry)
                .where(AuditEntry.entity_type == "claim", AuditEntry.entity_id == claim_id)
                .order_by(AuditEntry.id)
            )
        )


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html) or re.search(
        rf'type="hidden" name="{name}" value="([^"]*)"', html
    )
    assert match, f"no hidden {name} field"
    return match.group(1)


def test_new_claim_form_renders(client, login) -> None:
    login(Role.CHECKER)
    response = client.get("/claims/new")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-suggest-url="/claims/tags/suggest"' in html
    assert 'data-suggest-multi=","' in html
    assert 'data-suggest-url="/sources/suggest"' in html
    assert "Untick for opinions: they are recorded but not checked" in html
    assert re.search(r'<input checked id="checkable"|<input[^>]*checked[^>]*name="checkable"', html)
    assert re.search(r'name="language"[^>]*value="en"|value="en"[^>]*name="language"', html)
    assert "<fieldset" in html


def test_create_claim(app, client, login, make_source) -> None:
    checker = login(Role.CHECKER)
    claimant = make_source("Bismillah Khan Mohammadi")
    agency = make_source("Anadolu Agency")
    outlet = make_source("New Eastern Outlook")
    response = client.post(
        "/claims/new",
        data=_form(
            statement="  Resistance forces took three districts of Baghlan.  ",
            quote="Puli Khesar, Deh Salah and Banu are liberated.",
            claimant="bismillah khan mohammadi",
            relays=f"New Eastern Outlook #{outlet}\nAnadolu Agency",
            claim_date="2021-08-20",
            event_date="2021-08-19",
            place="Baghlan",
            tags="Panjshir, Taliban, , panjshir",
            language="ru",
            quantity_value="10,000",
            quantity_low="9000",
            quantity_high="11000.5",
            quantity_unit="fighters",
            quantity_as_of="2021-08-24",
        ),
    )
    assert response.status_code == 302
    with app.app_context():
        sess = db.session()
        claim = sess.scalar(select(Claim))
        assert response.headers["Location"] == f"/claims/{claim.id}"
        assert claim.statement == "Resistance forces took three districts of Baghlan."
        assert claim.claimant_id == claimant
        assert [relay.source_id for relay in claim.relays] == [outlet, agency]
        assert [tag.name for tag in claim.tags] == ["Panjshir", "Taliban"]
        assert claim.claim_date == dt.date(2021, 8, 20)
        assert claim.language == "ru"
        assert claim.checkable is True
        assert (claim.quantity_value, claim.quantity_low, claim.quantity_high) == (
            10000,
            9000,
            11000.5,
        )
        assert claim.quantity_as_of == dt.date(2021, 8, 24)
        assert claim.created_by_id == checker.id
    entries = _claim_entries(app, claim.id)
    assert [(e.action, e.actor_id) for e in entries] == [("create", checker.id)]
    assert entries[0].changes["claimant"] == [None, "Bismillah Khan Mohammadi"]
    assert entries[0].changes["relays"] == [None, ["New Eastern Outlook", "Anadolu Agency"]]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Claim #{claim.id} recorded." in page


def test_unticked_checkable_records_an_opinion(app, client, login) -> None:
    login(Role.CHECKER)
    data = _form(statement="There is no room for the Taliban in the north.")
    del data["checkable"]
    assert client.post("/claims/new", data=data).status_code == 302
    with app.app_context():
        assert db.session().scalar(select(Claim.checkable)) is False


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"statement": "   "}, "The statement is required."),
        ({"claimant": "Nobody We Know"}, "No source is called &#39;Nobody We Know&#39;."),
        ({"claimant": "Someone #99999"}, "There is no source #99999."),
        ({"relays": "Reuters\nNobody We Know"}, "Line 2: No source is called"),
        ({"quantity_low": "11000", "quantity_high": "9000", "quantity_unit": "fighters"},
         "The lower bound is above the upper bound."),
        ({"quantity_value": "12000", "quantity_high": "11000", "quantity_unit": "fighters"},
         "The value is above its upper bound."),
        ({"quantity_value": "10000"}, "Give the unit of the quantity"),
        ({"quantity_value": "lots", "quantity_unit": "fighters"}, "Not a valid float value."),
        ({"quantity_value": "nan", "quantity_unit": "fighters"}, "Enter a finite number."),
        ({"claim_date": (dt.date.today() + dt.timedelta(days=10)).isoformat()},
         "The claim date is in the future."),
        ({"claim_date": "24/08/2021"}, "Not a valid date value."),
        ({"language": "English language"}, "Use a language code such as en"),
        ({"statement": "x" * 2001}, "Field cannot be longer than 2000 characters."),
    ],
)  # fmt: skip
def test_create_refuses_bad_input(app, client, login, make_source, values, message) -> None:
    login(Role.CHECKER)
    make_source("Reuters")
    data = {**_form(statement="A statement the user typed."), **values}
    response = client.post("/claims/new", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert 'class="error"' in html
    assert data["statement"][:100] in html, "the user's input is kept"
    for name, value in values.items():
        if name not in ("statement", "relays"):
            assert f'value="{value}"' in html
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(Claim)) == 0
        assert db.session().scalar(select(func.count()).select_from(AuditEntry)) > 0  # users


def test_duplicate_relay_is_a_field_error(client, login, make_source) -> None:
    login(Role.CHECKER)
    reuters = make_source("Reuters")
    response = client.post("/claims/new", data=_form(relays=f"Reuters\nReuters #{reuters}"))
    assert response.status_code == 400
    assert re.search(r'id="relays-error" class="error">A relay is listed twice.', response.text)


def test_ambiguous_claimant_asks_for_the_number(client, login, make_source) -> None:
    login(Role.CHECKER)
    first, second = make_source("Ahmad Massoud"), make_source("Ahmad Massoud")
    response = client.post("/claims/new", data=_form(claimant="Ahmad Massoud"))
    assert response.status_code == 400
    assert f"Ahmad Massoud #{first}; Ahmad Massoud #{second}. Add the #number." in response.text


def test_edit_form_shows_stored_values(client, login, make_source, make_claim) -> None:
    login(Role.CHECKER)
    claimant = make_source("Abdul Rashid Dostum")
    relay = make_source("Anadolu Agency")
    claim_id = make_claim(
        statement="There is no room for the Taliban in the north.",
        claimant_id=claimant, relay_ids=[relay], tags=["Taliban", "North"],
        checkable=False, quantity_low=140000, quantity_unit="people",
    )  # fmt: skip
    response = client.get(f"/claims/{claim_id}/edit")
    assert response.status_code == 200
    html = response.text
    assert "There is no room for the Taliban in the north.</textarea>" in html
    assert f'value="Abdul Rashid Dostum #{claimant}"' in html
    assert f"Anadolu Agency #{relay}</textarea>" in html
    assert 'value="North, Taliban"' in html
    assert 'value="140000"' in html
    assert _hidden(html, "version") == "1"
    assert not re.search(r'<input[^>]*checked[^>]*name="checkable"', html)


def test_edit_writes_one_audit_entry_with_both_fields(app, client, login, make_claim) -> None:
    checker = login(Role.CHECKER)
    claim_id = make_claim("About 10,000 fighters left for Panjshir.", tags=["Panjshir"])
    response = client.post(
        f"/claims/{claim_id}/edit",
        data=_form(statement="About 9,000 fighters left for Panjshir.", tags="Panjshir, Taliban",
                   version="1"),
    )  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"] == f"/claims/{claim_id}"
    entries = _claim_entries(app, claim_id)
    assert [e.action for e in entries] == ["create", "update"]
    update = entries[1]
    assert update.actor_id == checker.id
    assert update.changes == {
        "statement": [
            "About 10,000 fighters left for Panjshir.",
            "About 9,000 fighters left for Panjshir.",
        ],
        "tags": [["Panjshir"], ["Panjshir", "Taliban"]],
    }


def test_saving_unchanged_writes_nothing(app, client, login, make_claim) -> None:
    login(Role.CHECKER)
    claim_id = make_claim("About 10,000 fighters left for Panjshir.")
    response = client.post(f"/claims/{claim_id}/edit", data=_form(version="1"))
    assert response.status_code == 302
    assert [e.action for e in _claim_entries(app, claim_id)] == ["create"]
    with app.app_context():
        assert db.session().get(Claim, claim_id).version == 1


def test_tag_only_edit_moves_the_version(app, client, login, make_claim) -> None:
    login(Role.CHECKER)
    claim_id = make_claim("About 10,000 fighters left for Panjshir.")
    assert (
        client.post(
            f"/claims/{claim_id}/edit", data=_form(tags="Panjshir", version="1")
        ).status_code
        == 302
    )
    with app.app_context():
        assert db.session().get(Claim, claim_id).version == 2
    stale = client.post(f"/claims/{claim_id}/edit", data=_form(tags="Other", version="1"))
    assert stale.status_code == 409


def test_invalid_edit_keeps_input_and_changes_nothing(app, client, login, make_claim) -> None:
    login(Role.CHECKER)
    claim_id = make_claim("About 10,000 fighters left for Panjshir.")
    response = client.post(
        f"/claims/{claim_id}/edit",
        data=_form(statement="Changed words", quantity_low="5", quantity_high="1",
                   quantity_unit="x", version="1"),
    )  # fmt: skip
    assert response.status_code == 400
    assert "The lower bound is above the upper bound." in response.text
    assert "Changed words</textarea>" in response.text
    with app.app_context():
        assert db.session().get(Claim, claim_id).statement.startswith("About 10,000")


def test_concurrent_edits_one_wins_one_conflicts(app, client, login, make_user, make_claim):
    login(Role.CHECKER)
    other_client = app.test_client()
    rival = make_user(Role.EDITOR)
    sign_in(other_client, rival)
    claim_id = make_claim("About 10,000 fighters left for Panjshir.", tags=["Panjshir"])
    first_page = client.get(f"/claims/{claim_id}/edit").text
    second_page = other_client.get(f"/claims/{claim_id}/edit").text
    version, seen = _hidden(first_page, "version"), _hidden(first_page, "seen_change")
    assert (_hidden(second_page, "version"), _hidden(second_page, "seen_change")) == (version, seen)

    first = other_client.post(
        f"/claims/{claim_id}/edit",
        data=_form(statement="About 12,000 fighters left for Panjshir.", tags="Panjshir, Taliban",
                   version=version, seen_change=seen),
    )  # fmt: skip
    second = client.post(
        f"/claims/{claim_id}/edit",
        data=_form(statement="My own careful rewording of the claim.", tags="Panjshir",
                   version=version, seen_change=seen),
    )  # fmt: skip
    assert sorted([first.status_code, second.status_code]) == [302, 409]
    assert (first.status_code, second.status_code) == (302, 409)
    html = second.text
    assert "Someone else changed this claim while you were editing it." in html
    assert "My own careful rewording of the claim.</textarea>" in html
    start = html.index('class="claim-conflict"')
    conflict = html[start : html.index("<form", start)]
    assert f"by {rival.display_name}" in conflict
    assert (
        '<dt>Statement</dt><dd class="prose">About 12,000 fighters left for Panjshir.</dd>'
        in conflict
    )
    assert '<dt>Tags</dt><dd class="prose">Panjshir, Taliban</dd>' in conflict
    assert "Quantity" not in conflict, "only the fields changed meanwhile are listed"
    with app.app_context():
        stored = db.session().get(Claim, claim_id)
        assert stored.statement == "About 12,000 fighters left for Panjshir."
        assert stored.version == 2
    assert _hidden(html, "version") == "2"
    assert [e.action for e in _claim_entries(app, claim_id)] == ["create", "update"]

    # The refreshed version lets the second user save over what they have now seen.
    retry = client.post(
        f"/claims/{claim_id}/edit",
        data=_form(statement="My own careful rewording of the claim.", tags="Panjshir",
                   version=_hidden(html, "version"), seen_change=_hidden(html, "seen_change")),
    )  # fmt: skip
    assert retry.status_code == 302
    with app.app_context():
        assert db.session().get(Claim, claim_id).statement.startswith("My own careful")


def test_unknown_claim_edit_is_404(client, login) -> None:
    login(Role.CHECKER)
    assert client.get("/claims/424242/edit").status_code == 404
    assert client.post("/claims/424242/edit", data=_form(version="1")).status_code == 404


# Each domain's edit form: (entity type, model, edit URL, a valid change, the field it changes).
EDIT_FORMS = [
    pytest.param("claim", Claim, "/claims/{id}/edit", _form(statement="Saved unseen."),
                 "statement", id="claim"),
    pytest.param("source", Source, "/sources/{id}/edit", {"name": "Saved unseen", "kind": "person"},
                 "name", id="source"),
    pytest.param("document", Document, "/documents/{id}/edit", {"title": "Saved unseen"},
                 "title", id="document"),
]  # fmt: skip

# What a form may carry instead of the version its page showed: nothing, or something garbled.
NO_VERSION = [None, "", "   ", "abc", "1.0", "-1", "0", "1e3", "\uff11", "1234567890"]


@pytest.mark.parametrize(("entity", "model", "url", "data", "column"), EDIT_FORMS)
def test_edit_without_a_usable_version_is_a_conflict(
    app, client, login, make_claim, make_source, make_document, version_of,
    entity, model, url, data, column,
) -> None:  # fmt: skip
    login(Role.CHECKER)
    record_id = {"claim": make_claim, "source": make_source, "document": make_document}[entity]()
    url = url.format(id=record_id)

    def stored() -> tuple[str, str, list[tuple[str, int]]]:
        with app.app_context():
            record = db.session().get(model, record_id)
            entries = db.session().scalars(
                select(AuditEntry)
                .where(AuditEntry.entity_type == entity, AuditEntry.entity_id == record_id)
                .order_by(AuditEntry.id)
            )
            return getattr(record, column), str(record.version), [(e.action, e.id) for e in entries]

    before = stored()
    for version in NO_VERSION:
        body = dict(data) if version is None else {**data, "version": version}
        response = client.post(url, data=body)
        assert response.status_code == 409, (version, response.text[:2000])
        # No usable version is not someone else's change: the message says what happened.
        stale = f"Someone else changed this {entity} while you were editing it."
        unknown = f"The form did not say which version of this {entity} it edits"
        number = record_number(version or "")
        assert (unknown if not number else stale) in response.text, version
        # The refused form comes back with the current version, so a second save can work.
        assert _hidden(response.text, "version") == before[1]
        assert stored() == before, f"version {version!r} saved over the {entity}"

    # With the version the edit page carries, the same change is saved.
    saved = client.post(url, data={**data, "version": version_of(model, record_id)})
    assert saved.status_code == 302, saved.text[:2000]
    value, version, entries = stored()
    assert (value, int(version)) == (data[column], int(before[1]) + 1)
    assert [action for action, _ in entries] == [action for action, _ in before[2]] + ["update"]
