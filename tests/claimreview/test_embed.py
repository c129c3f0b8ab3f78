"""The claim page embeds its ClaimReview as JSON-LD, safely, and only once concluded."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from webapp import db
from webapp.claimreview.views import script_json
from webapp.claims.models import Claim
from webapp.claims.operations import retract_claim
from webapp.core.permissions import Role
from webapp.verdicts.models import Verdict
from webapp.verdicts.operations import retract_verdict

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "schemas" / "claimreview.schema.json").read_text()
)
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
HOSTILE = 'Ends early </script><script>alert("x")</script> & <!-- hides --> <b>bold</b>'


def embedded(client, claim_id: int) -> list[str]:
    response = client.get(f"/claims/{claim_id}")
    assert response.status_code == 200
    return LD_JSON.findall(response.get_data(as_text=True))


def test_concluded_claim_embeds_its_claimreview(
    client, login, make_source, make_claim, make_verdict
) -> None:
    login(Role.VIEWER)
    claim_id = make_claim(
        statement="About 10,000 fighters left for Panjshir.",
        claimant_id=make_source("Vladimir Danilov"),
    )
    make_verdict(claim_id, rating="mostly-false")
    [text] = embedded(client, claim_id)
    review = json.loads(text)
    jsonschema.Draft202012Validator(SCHEMA).validate(review)
    assert review == client.get(f"/claims/{claim_id}/claimreview.json").get_json(force=True)
    assert review["reviewRating"]["alternateName"] == "Mostly false"


def test_hostile_text_cannot_leave_the_script_element(
    client, login, make_source, make_claim, make_verdict
) -> None:
    login(Role.VIEWER)
    claim_id = make_claim(statement=HOSTILE, claimant_id=make_source("</script>&amp;"))
    make_verdict(claim_id, rating="false")
    [text] = embedded(client, claim_id)
    assert not set(text) & set("<>&")
    review = json.loads(text)
    jsonschema.Draft202012Validator(SCHEMA).validate(review)
    assert review["claimReviewed"] == HOSTILE
    assert review["itemReviewed"]["author"]["name"] == "</script>&amp;"


def test_script_json_escapes() -> None:
    assert str(script_json({"a": "</script>&"})) == '{"a": "\\u003c/script\\u003e\\u0026"}'
    assert json.loads(str(script_json(["<>&", "ü"]))) == ["<>&", "ü"]


@pytest.mark.parametrize("state", ["new", "proposed", "retracted-claim", "retracted-verdict"])
def test_no_review_until_concluded(app, client, login, make_claim, make_verdict, state) -> None:
    login(Role.VIEWER)
    claim_id = make_claim()
    if state == "proposed":
        make_verdict(claim_id, conclude=False)
    elif state in ("retracted-claim", "retracted-verdict"):
        verdict_id = make_verdict(claim_id)
        with app.app_context():
            sess = db.session()
            if state == "retracted-claim":
                retract_claim(sess, actor=None, claim=sess.get(Claim, claim_id), reason="Duplicate")
            else:
                retract_verdict(sess, actor=None, verdict=sess.get(Verdict, verdict_id), reason="x")
            sess.commit()
    assert embedded(client, claim_id) == []


def test_correction_under_review_keeps_no_embedded_review(
    client, login, make_claim, make_verdict
) -> None:
    """A claim back in review is not "concluded": nothing is published until it is again."""
    login(Role.VIEWER)
    claim_id = make_claim()
    make_verdict(claim_id, rating="false")
    assert len(embedded(client, claim_id)) == 1
    make_verdict(claim_id, rating="true", conclude=False)
    assert embedded(client, claim_id) == []
    make_verdict(claim_id, rating="true")
    [text] = embedded(client, claim_id)
    assert json.loads(text)["reviewRating"]["alternateName"] == "True"
