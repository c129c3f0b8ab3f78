"""Verdicts through the API: propose, conclude, correct; roles, 409, scales."""

from __future__ import annotations

import pytest

from tests.api.conftest import assert_matches, assert_problem
from webapp.core.permissions import Role

EVIDENCE = [{"url": "https://example.org/census", "note": "The 2020 estimate", "title": "Census"}]


def proposal(rating: object, **extra: object) -> dict[str, object]:
    return {
        "rating": rating,
        "credibility": 3,
        "rationale": "The provincial census says otherwise.",
        "evidence": EVIDENCE,
        **extra,
    }


def test_checker_proposes_and_editor_concludes(
    client, make_token, make_claim, rating_id, audit_entries
) -> None:
    checker, editor = make_token(Role.CHECKER), make_token(Role.EDITOR)
    claim_id = make_claim()
    response = client.post(
        f"/api/v1/claims/{claim_id}/verdicts",
        json=proposal(rating_id("mostly-false")),
        headers=checker.headers,
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    verdict = response.get_json()
    assert_matches("verdict", verdict)
    assert verdict["state"] == "proposed"
    assert verdict["concluded_at"] is None
    assert verdict["rating"]["slug"] == "mostly-false"
    assert verdict["rating"]["scale"] == "default"
    assert verdict["evidence"] == [{**EVIDENCE[0], "archived_url": None}]
    assert verdict["reviewer_id"] == checker.user.id
    assert response.headers["Location"] == f"/api/v1/verdicts/{verdict['id']}"
    claim = client.get(f"/api/v1/claims/{claim_id}", headers=checker.headers).get_json()
    assert claim["status"] == "in_review"
    assert claim["current_verdict"] is None

    url = f"/api/v1/verdicts/{verdict['id']}/conclude"
    problem = assert_problem(client.post(url, headers=checker.headers), 403)
    assert "Editor role" in problem["detail"]
    response = client.post(url, headers=editor.headers)  # no body: the body is optional
    assert response.status_code == 200, response.get_data(as_text=True)
    concluded = response.get_json()
    assert concluded["state"] == "current"
    assert concluded["concluded_by_id"] == editor.user.id
    claim = client.get(f"/api/v1/claims/{claim_id}", headers=checker.headers).get_json()
    assert claim["status"] == "concluded"
    assert claim["current_verdict"]["id"] == verdict["id"]

    entries = audit_entries("verdict", verdict["id"])
    assert [(e.action, e.actor_id) for e in entries] == [
        ("create", checker.user.id),
        ("update", editor.user.id),
    ]
    problem = assert_problem(client.post(url, json={}, headers=editor.headers), 422)
    assert "concluded already" in problem["detail"]


def test_editor_concludes_at_once_by_slug_and_corrects(api, make_claim, make_verdict) -> None:
    claim_id = make_claim()
    first = make_verdict(claim_id, rating="false")
    body = proposal({"scale": "politifact", "value": "half-true"}, conclude=True)
    response = api.post(f"/api/v1/claims/{claim_id}/verdicts", body)
    assert response.status_code == 201, response.get_data(as_text=True)
    verdict = response.get_json()
    assert verdict["state"] == "current"
    assert verdict["rating"] == {**verdict["rating"], "scale": "politifact", "slug": "half-true"}
    listing = api.get(f"/api/v1/claims/{claim_id}/verdicts").get_json()
    assert_matches("verdict-list", listing)
    assert listing["current_verdict_id"] == verdict["id"]
    assert [(v["id"], v["state"]) for v in listing["items"]] == [
        (verdict["id"], "current"),
        (first, "corrected"),
    ]
    assert api.get(f"/api/v1/verdicts/{first}").get_json()["state"] == "corrected"


def test_checker_cannot_conclude_at_once(client, make_token, make_claim, rating_id) -> None:
    checker = make_token(Role.CHECKER)
    claim_id = make_claim()
    response = client.post(
        f"/api/v1/claims/{claim_id}/verdicts",
        json=proposal(rating_id("false"), conclude=True),
        headers=checker.headers,
    )
    assert_problem(response, 403)
    viewer = make_token(Role.VIEWER)
    response = client.post(
        f"/api/v1/claims/{claim_id}/verdicts",
        json=proposal(rating_id("false")),
        headers=viewer.headers,
    )
    assert_problem(response, 403)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"credibility": 2, "rationale": "x"}, "rating"),
        (proposal(True), "rating"),
        (proposal({"scale": "default"}), "rating"),
        (proposal(1, credibility=7), "credibility"),
        (proposal(1, evidence=[{"note": "no url"}]), "evidence.0.url"),
        (proposal(1, speaks_for="tomorrow"), "speaks_for"),
        (proposal(1, conclude="yes"), "conclude"),
    ],
)
def test_verdict_bodies_breaking_the_schema_are_400(api, make_claim, body, field) -> None:
    claim_id = make_claim()
    problem = assert_problem(api.post(f"/api/v1/claims/{claim_id}/verdicts", body), 400)
    assert field in [e["field"] for e in problem["errors"]]


def test_verdict_refusals_are_422(api, make_claim, rating_id) -> None:
    url = f"/api/v1/claims/{make_claim()}/verdicts"
    problem = assert_problem(api.post(url, proposal({"scale": "default", "value": "pants"})), 422)
    assert problem["errors"][0]["field"] == "rating"
    problem = assert_problem(api.post(url, proposal(999999)), 422)
    assert problem["errors"] == [{"field": "rating", "message": "Choose a rating from the scale."}]
    problem = assert_problem(api.post(url, proposal(rating_id("false"), evidence=[])), 422)
    assert problem["errors"][0]["field"] == "evidence"
    bad_link = [{"url": "javascript:alert(1)"}]
    problem = assert_problem(api.post(url, proposal(rating_id("false"), evidence=bad_link)), 422)
    assert problem["errors"][0]["field"] == "evidence"
    # An unverifiable rating needs no evidence.
    response = api.post(url, proposal(rating_id("unverifiable"), evidence=[]))
    assert response.status_code == 201


def test_stale_versions_are_409(api, make_claim, make_verdict, rating_id) -> None:
    claim_id = make_claim()
    url = f"/api/v1/claims/{claim_id}/verdicts"
    assert (
        api.patch(f"/api/v1/claims/{claim_id}", {"version": 1, "place": "Kabul"}).status_code == 200
    )
    problem = assert_problem(api.post(url, proposal(rating_id("false"), claim_version=1)), 409)
    assert problem["current_version"] == 2
    assert api.post(url, proposal(rating_id("false"), claim_version=2)).status_code == 201

    proposed = make_verdict(make_claim(), conclude=False)
    response = api.post(f"/api/v1/verdicts/{proposed}/conclude", {"version": 7})
    problem = assert_problem(response, 409)
    assert problem["current_version"] == 1
    assert api.post(f"/api/v1/verdicts/{proposed}/conclude", {"version": 1}).status_code == 200


def test_conclude_body_is_checked(api, make_claim, make_verdict) -> None:
    proposed = make_verdict(make_claim(), conclude=False)
    url = f"/api/v1/verdicts/{proposed}/conclude"
    assert_problem(api.post(url, {"version": "1"}), 400)
    assert_problem(api.post(url, {"concluded": True}), 400)
    assert_problem(api.post("/api/v1/verdicts/999/conclude"), 404)


def test_missing_claim_or_verdict_is_404(api) -> None:
    assert_problem(api.get("/api/v1/claims/999/verdicts"), 404)
    assert_problem(api.post("/api/v1/claims/999/verdicts", proposal(1)), 404)
    assert_problem(api.get("/api/v1/verdicts/999"), 404)


def test_scales(client, make_token) -> None:
    viewer = make_token(Role.VIEWER)
    response = client.get("/api/v1/scales", headers=viewer.headers)
    assert response.status_code == 200
    scales = response.get_json()
    assert_matches("scale-list", scales)
    default = scales["items"][0]
    assert default["slug"] == "default"
    assert default["is_default"] is True
    assert [v["slug"] for v in default["values"]][:2] == ["true", "mostly-true"]
    assert {s["slug"] for s in scales["items"]} >= {"default", "politifact"}
