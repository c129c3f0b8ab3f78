"""The verdict form: rendering, proposing, concluding, field errors, 403 and 409."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from tests.verdicts.conftest import EVIDENCE_URL, flashed, verdict_body
from webapp import db
from webapp.claims.models import Claim, ClaimStatus
from webapp.core.permissions import Role
from webapp.verdicts.models import Verdict
from webapp.verdicts.operations import EVIDENCE_REQUIRED, current_verdict


def verdict_count(app) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count(Verdict.id)))


def test_form_renders_grouped_ratings_and_defaults(client, login, make_claim) -> None:
    user = login(Role.CHECKER)
    claim_id = make_claim()
    response = client.get(f"/claims/{claim_id}/verdicts/new")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    default_group = html.index('<optgroup label="Claimdesk default">')
    politifact_group = html.index('<optgroup label="PolitiFact Truth-O-Meter">')
    assert default_group < politifact_group, "the default scale comes first"
    assert "Unverifiable (not scored)" in html
    assert "Pants on Fire" in html
    assert ">2 - Probably true</option>" in html
    assert ">6 - Truth cannot be judged</option>" in html
    for index in range(3):
        assert f'name="evidence-{index}-url"' in html
    assert 'name="evidence-3-url"' not in html
    assert re.search(rf'<option selected value="{user.id}">', html), "reviewer defaults to me"
    assert f'value="{dt.date.today().isoformat()}"' in html
    assert '<input id="version" name="version" type="hidden" value="1">' in html
    assert "Propose for review" in html
    assert 'name="conclude"' not in html, "checkers get no Conclude button"
    assert "Add another link" in html
    assert "data-add-evidence" in html
    assert "/static/evidence.js" in html


def test_editor_sees_conclude_button(client, login, make_claim) -> None:
    login(Role.EDITOR)
    claim_id = make_claim()
    html = client.get(f"/claims/{claim_id}/verdicts/new?conclude=1").get_data(as_text=True)
    assert 'name="conclude"' in html
    assert 'name="propose"' in html
    assert html.index('name="conclude"') < html.index('name="propose"')


def test_unknown_claim_is_404(client, login) -> None:
    login(Role.CHECKER)
    assert client.get("/claims/99999/verdicts/new").status_code == 404


def test_checker_proposes(app, client, login, make_claim, rating_id, claim_page) -> None:
    user = login(Role.CHECKER)
    claim_id = make_claim()
    response = client.post(
        f"/claims/{claim_id}/verdicts/new", data=verdict_body(rating_id("false"), user.id)
    )
    assert response.status_code == 302
    assert response.headers["Location"] == claim_page(claim_id)
    with app.app_context():
        claim = db.session().get(Claim, claim_id)
        assert claim.status is ClaimStatus.IN_REVIEW
        assert current_verdict(claim) is None
        (verdict,) = claim.verdicts
        assert verdict.concluded_at is None
        assert verdict.created_by_id == user.id
        assert verdict.reviewer_id == user.id
        assert verdict.credibility == 2
        assert [(e.url, e.note) for e in verdict.evidence] == [(EVIDENCE_URL, "Census table 3")]
    assert f"Verdict #{verdict.id} proposed (False); an editor will review it." in flashed(client)


def test_editor_concludes_directly(app, client, login, make_claim, make_user, rating_id) -> None:
    editor = login(Role.EDITOR)
    reviewer = make_user(Role.CHECKER)
    claim_id = make_claim()
    body = verdict_body(
        rating_id("mostly-false"),
        reviewer.id,
        button="conclude",
        credibility="1",
        speaks_for="2026-01-15",
    )
    response = client.post(f"/claims/{claim_id}/verdicts/new", data=body)
    assert response.status_code == 302
    with app.app_context():
        claim = db.session().get(Claim, claim_id)
        assert claim.status is ClaimStatus.CONCLUDED
        current = current_verdict(claim)
        assert current is not None
        assert current.rating.slug == "mostly-false"
        assert current.concluded_by_id == editor.id
        assert current.reviewer_id == reviewer.id
        assert current.credibility == 1
        assert current.speaks_for == dt.date(2026, 1, 15)


def test_checker_posting_conclude_is_403(app, client, login, make_claim, rating_id) -> None:
    user = login(Role.CHECKER)
    claim_id = make_claim()
    body = verdict_body(rating_id("false"), user.id, button="conclude")
    assert client.post(f"/claims/{claim_id}/verdicts/new", data=body).status_code == 403
    assert verdict_count(app) == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"rationale": "  "}, "The rationale is required."),
        ({"credibility": "7"}, "Credibility is a number from 1 to 6."),
        ({"credibility": ""}, "Credibility is a number from 1 to 6."),
        ({"rating_value_id": "99999"}, "Choose a rating from the scale."),
        ({"rating_value_id": "abc"}, "Choose a rating from the scale."),
        ({"rating_value_id": ""}, "Choose a rating from the scale."),
        (
            {"evidence-0-url": "not a link"},
            "Evidence links are web addresses starting with http:// or https:// (not a link).",
        ),
        (
            {"evidence-0-url": "javascript:alert(1)"},
            "Evidence links are web addresses starting with http:// or https://",
        ),
        ({"evidence-0-url": "", "evidence-0-note": "Table 3"}, "Give the link this note is about."),
        ({"speaks_for": "yesterday"}, "Not a valid date value."),
        ({"reviewer_id": "99999"}, "Choose an active account as the reviewer."),
    ],
)
def test_invalid_input_is_400_with_message(
    app, client, login, make_claim, rating_id, changes, message
) -> None:
    user = login(Role.CHECKER)
    claim_id = make_claim()
    body = {**verdict_body(rating_id("false"), user.id), **changes}
    response = client.post(f"/claims/{claim_id}/verdicts/new", data=body)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert 'class="error"' in html
    assert verdict_count(app) == 0


def test_future_speaks_for_date_is_refused(app, client, login, make_claim, rating_id) -> None:
    user = login(Role.CHECKER)
    claim_id = make_claim()
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    body = verdict_body(rating_id("false"), user.id, speaks_for=future)
    response = client.post(f"/claims/{claim_id}/verdicts/new", data=body)
    assert response.status_code == 400
    assert "The verdict cannot speak for a future date." in response.get_data(as_text=True)


def test_several_errors_show_at_once(client, login, make_claim, rating_id) -> None:
    user = login(Role.CHECKER)
    claim_id = make_claim()
    body = verdict_body(rating_id("false"), user.id, rationale="", evidence=[], credibility="9")
    response = client.post(f"/claims/{claim_id}/verdicts/new", data=body)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The rationale is required." in html
    assert "Credibility is a number from 1 to 6." in html
    assert EVIDENCE_REQUIRED in html
    assert '<p id="evidence-error" class="error" role="alert">' in html


def test_evidence_required_for_a_scored_rating(app, client, login, make_claim, rating_id) -> None:
    user = login(Role.CHECKER)
    claim_id = make_claim()
    body = verdict_body(rating_id("false"), user.id, evidence=[])
    response = client.post(f"/claims/{claim_id}/verdicts/new", data=body)
    assert response.status_code == 400
    assert EVIDENCE_REQUIRED in response.get_data(as_text=True)
    assert verdict_count(app) == 0


def test_no_evidence_needed_when_unverifiable(app, client, login, make_claim, rating_id) -> None:
    user = login(Role.CHECKER)
    claim_id = make_claim()
    body = verdict_body(rating_id("unverifiable"), user.id, evidence=[])
    assert client.post(f"/claims/{claim_id}/verdicts/new", data=body).status_code == 302
    assert verdict_count(app) == 1


def test_no_evidence_needed_when_claim_not_checkable(
    app, client, login, make_claim, rating_id
) -> None:
    user = login(Role.EDITOR)
    claim_id = make_claim("There is no room for the Taliban in the north.", checkable=False)
    body = verdict_body(rating_id("mixed"), user.id, evidence=[], button="conclude")
    assert client.post(f"/claims/{claim_id}/verdicts/new", data=body).status_code == 302
    with app.app_context():
        claim = db.session().get(Claim, claim_id)
        assert current_verdict(claim).evidence == []


def test_add_another_link_without_javascript(app, client, login, make_claim, rating_id) -> None:
    user = login(Role.CHECKER)
    claim_id = make_claim()
    body = verdict_body(rating_id("false"), user.id, button="add_evidence")
    body["rationale"] = "Half typed"
    response = client.post(f"/claims/{claim_id}/verdicts/new", data=body)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'name="evidence-3-url"' in html, "one more row"
    assert 'name="evidence-4-url"' not in html
    assert f'value="{EVIDENCE_URL}"' in html
    assert "Half typed" in html
    assert verdict_count(app) == 0
    body = {**body, "evidence-3-url": "https://example.org/second", "evidence-3-note": "Map"}
    del body["add_evidence"]
    body["propose"] = "1"
    assert client.post(f"/claims/{claim_id}/verdicts/new", data=body).status_code == 302
    with app.app_context():
        verdict = db.session().scalar(select(Verdict))
        assert [e.url for e in verdict.evidence] == [EVIDENCE_URL, "https://example.org/second"]


def test_stale_claim_version_is_409_and_keeps_input(
    app, client, login, make_claim, make_verdict, rating_id, claim_version
) -> None:
    user = login(Role.EDITOR)
    claim_id = make_claim()
    shown = claim_version(claim_id)
    make_verdict(claim_id, rating="mostly-true", conclude=True)  # someone else, meanwhile
    body = verdict_body(
        rating_id("false"), user.id, shown, rationale="My careful rationale", button="conclude"
    )
    response = client.post(f"/claims/{claim_id}/verdicts/new", data=body)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone else changed this claim while you were editing it." in html
    assert "status concluded" in html
    assert "current verdict Mostly true" in html
    assert "My careful rationale" in html
    new_version = claim_version(claim_id)
    assert new_version != shown
    assert f'name="version" type="hidden" value="{new_version}"' in html
    assert verdict_count(app) == 1
    body["version"] = str(new_version)
    assert client.post(f"/claims/{claim_id}/verdicts/new", data=body).status_code == 302
    assert verdict_count(app) == 2


def test_retracted_claim_refuses_verdicts(
    app, client, login, make_claim, rating_id, claim_version
) -> None:
    from webapp.claims.operations import retract_claim

    user = login(Role.EDITOR)
    claim_id = make_claim()
    with app.app_context():
        sess = db.session()
        retract_claim(sess, actor=None, claim=sess.get(Claim, claim_id), reason="Duplicate")
        sess.commit()
    page = client.get(f"/claims/{claim_id}/verdicts/new").get_data(as_text=True)
    assert "This claim is retracted; restore it before adding a verdict." in page
    body = verdict_body(rating_id("false"), user.id, version=claim_version(claim_id))
    response = client.post(f"/claims/{claim_id}/verdicts/new", data=body)
    assert response.status_code == 400
    assert verdict_count(app) == 0
