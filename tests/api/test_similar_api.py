"""``GET /api/v1/claims/<id>/similar`` and the similar claims in the create answer."""

from __future__ import annotations

from tests.api.conftest import assert_matches

PANJSHIR = "About 10,000 fighters have left for Panjshir province to fight the Taliban."
REWORDED = "Ten thousand fighters left for the province of Panjshir to fight Taliban"


def test_similar_claims_with_score_claimant_and_verdict(
    api, make_claim, make_source, make_verdict
) -> None:
    original = make_claim(PANJSHIR, claimant_id=make_source("Dostum"))
    make_verdict(original, rating="false")
    other = make_claim("Panjshir has a population of more than 140,000.")
    new = make_claim(REWORDED)
    response = api.get(f"/api/v1/claims/{new}/similar")
    assert response.status_code == 200
    document = response.get_json()
    assert_matches("similar-list", document)
    [best, *rest] = document["items"]
    assert best["id"] == original
    assert best["url"] == f"/api/v1/claims/{original}"
    assert best["claimant"]["name"] == "Dostum"
    assert best["current_verdict"]["rating"]["slug"] == "false"
    assert 0.8 < best["score"] <= 1
    assert new not in [item["id"] for item in document["items"]]
    assert all(item["score"] <= best["score"] for item in rest)
    assert other not in [
        item["id"] for item in api.get(f"/api/v1/claims/{new}/similar?limit=1").get_json()["items"]
    ]


def test_bad_limit_and_unknown_claim(api, make_claim) -> None:
    claim = make_claim(PANJSHIR)
    for limit in ("0", "21", "many"):
        response = api.get(f"/api/v1/claims/{claim}/similar?limit={limit}")
        assert response.status_code == 400, limit
        assert response.mimetype == "application/problem+json"
    assert api.get("/api/v1/claims/99999/similar").status_code == 404
    assert api.get(f"/api/v1/claims/{claim}/similar?sort=x").status_code == 400
    assert api.as_(None).get(f"/api/v1/claims/{claim}/similar").status_code == 401


def test_create_answer_says_what_was_checked_before(api, make_claim, make_verdict) -> None:
    original = make_claim(PANJSHIR)
    make_verdict(original, rating="mostly-false")
    response = api.post("/api/v1/claims", {"statement": REWORDED})
    assert response.status_code == 201
    claim = response.get_json()
    assert_matches("claim", claim)
    [match] = claim["similar"]
    assert match["id"] == original
    assert match["current_verdict"]["rating"]["label"] == "Mostly false"
