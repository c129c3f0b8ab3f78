"""``/api/v1/claims``: reading, filters, pagination, create, edit, 409, retract, audit."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from tests.api.conftest import assert_matches, assert_problem
from webapp import db
from webapp.core.permissions import Role
from webapp.imports import csv_claims
from webapp.imports.csv_common import read_csv
from webapp.imports.csv_runner import run_import

PANJSHIR = "About 10,000 fighters have left for Panjshir province."


def test_list_is_empty_at_first(api) -> None:
    response = api.get("/api/v1/claims")
    assert response.status_code == 200
    assert response.get_json() == {"items": [], "next": None, "total": 0, "total_capped": False}


def test_get_claim_with_everything(api, make_source, make_claim, make_document, make_verdict):
    dostum = make_source("Abdul Rashid Dostum")
    anadolu = make_source("Anadolu Agency")
    claim_id = make_claim(
        "There is no room for the Taliban in the north.",
        claimant_id=dostum,
        relay_ids=[anadolu],
        tags=["Afghanistan", "Taliban"],
        checkable=False,
        claim_date=dt.date(2021, 8, 20),
    )
    document = make_document("Panjshir resistance", publisher_id=anadolu)
    appeared = api.post(
        f"/api/v1/claims/{claim_id}/appearances", {"document_id": document, "quote": "No room"}
    )
    assert appeared.status_code == 201
    corrected = make_verdict(claim_id, rating="false")
    current = make_verdict(claim_id, rating="unverifiable", evidence=[])
    response = api.get(f"/api/v1/claims/{claim_id}")
    assert response.status_code == 200
    claim = response.get_json()
    assert_matches("claim", claim)
    assert claim["claimant"] == {"id": dostum, "name": "Abdul Rashid Dostum"}
    assert claim["relays"] == [{"id": anadolu, "name": "Anadolu Agency"}]
    assert claim["relay_ids"] == [anadolu]
    assert claim["tags"] == ["Afghanistan", "Taliban"]
    assert claim["claim_date"] == "2021-08-20"
    assert claim["checkable"] is False
    assert claim["status"] == "concluded"
    [appearance] = claim["appearances"]
    assert appearance["is_first"] is True
    assert appearance["quote"] == "No room"
    assert appearance["document"]["publisher"] == {"id": anadolu, "name": "Anadolu Agency"}
    assert [v["id"] for v in claim["verdicts"]] == [corrected, current]
    assert [v["state"] for v in claim["verdicts"]] == ["corrected", "current"]
    assert claim["current_verdict"]["id"] == current
    assert claim["current_verdict"]["rating"]["slug"] == "unverifiable"


def test_get_missing_claim_is_404(api) -> None:
    problem = assert_problem(api.get("/api/v1/claims/4242"), 404)
    assert problem["detail"] == "There is no claim #4242."


def test_pagination_follows_next_across_pages(api, make_claim) -> None:
    ids = [make_claim(f"Claim number {n}") for n in range(5)]
    seen, url, pages = [], "/api/v1/claims?limit=2", 0
    while url:
        response = api.get(url)
        assert response.status_code == 200
        page = response.get_json()
        assert_matches("claim-list", page)
        assert page["total"] == 5
        seen += [item["id"] for item in page["items"]]
        url, pages = page["next"], pages + 1
        if url:
            assert url.startswith("http://localhost/api/v1/claims?")
            assert "limit=2" in url
    assert pages == 3
    assert seen == list(reversed(ids))  # newest first, each claim once


def test_total_stops_counting_at_two_thousand(app, api) -> None:
    # 2,001 claims (written by the bulk import: through the API this would take minutes).
    rows = "".join(f"many-{n},Claim {n} of many.\n" for n in range(2_000))
    content = "external_id,statement\n" + rows + "rare-1,A rare word: quokka.\n"
    with app.app_context():
        sess = db.session()
        parsed = read_csv(
            io.BytesIO(content.encode()),
            file_name="many.csv",
            columns=csv_claims.COLUMNS,
            required=csv_claims.REQUIRED,
        )
        assert run_import(sess, csv_claims.SPEC, parsed, actor=None, dry_run=False).ok
        sess.commit()
    page = api.get("/api/v1/claims?limit=1").get_json()
    assert_matches("claim-list", page)
    assert (page["total"], page["total_capped"]) == (2_000, True)
    narrow = api.get("/api/v1/claims?q=quokka").get_json()
    assert (narrow["total"], narrow["total_capped"]) == (1, False)


def test_pagination_keeps_filters_and_sort(api, make_claim) -> None:
    for n in range(3):
        make_claim(f"Panjshir claim {n}", tags=["Panjshir"])
    make_claim("Something else")
    first = api.get("/api/v1/claims?tag=Panjshir&sort=oldest&limit=2").get_json()
    assert first["total"] == 3
    assert "tag=Panjshir" in first["next"]
    assert "sort=oldest" in first["next"]
    second = api.get(first["next"]).get_json()
    statements = [i["statement"] for i in first["items"] + second["items"]]
    assert statements == ["Panjshir claim 0", "Panjshir claim 1", "Panjshir claim 2"]
    assert second["next"] is None


@pytest.mark.parametrize("limit", ["0", "201", "-1", "ten", "1.5"])
def test_invalid_limit_is_400(api, limit) -> None:
    problem = assert_problem(api.get(f"/api/v1/claims?limit={limit}"), 400)
    assert problem["errors"][0]["field"] == "limit"


def test_filters_match_the_list_page(api, make_source, make_claim, make_verdict, rating_id):
    dostum = make_source("Dostum")
    opinion = make_claim("No room for the Taliban.", claimant_id=dostum, checkable=False)
    fighters = make_claim(PANJSHIR, tags=["Panjshir"], claim_date=dt.date(2021, 8, 24))
    population = make_claim("Panjshir has more than 140,000 people.", tags=["Panjshir"])
    make_verdict(population, rating="false")
    retracted = make_claim("Withdrawn claim.")
    assert (
        api.post(f"/api/v1/claims/{retracted}/retract", {"reason": "Duplicate"}).status_code == 200
    )

    def ids(query: str) -> list[int]:
        response = api.get(f"/api/v1/claims?{query}")
        assert response.status_code == 200, response.get_data(as_text=True)
        return sorted(item["id"] for item in response.get_json()["items"])

    assert ids("") == sorted([opinion, fighters, population])
    assert ids("show_retracted=true") == sorted([opinion, fighters, population, retracted])
    assert ids("show_retracted=false") == sorted([opinion, fighters, population])
    assert ids("q=fighters") == [fighters]
    assert ids("tag=panjshir") == sorted([fighters, population])
    assert ids(f"claimant_id={dostum}") == [opinion]
    assert ids("claimant=Dostum") == [opinion]
    assert ids("checkable=no") == [opinion]
    assert ids("status=concluded") == [population]
    assert ids("verdict=none") == sorted([opinion, fighters])
    assert ids(f"verdict={rating_id('false')}") == [population]
    assert ids("claim_from=2021-08-01&claim_to=2021-08-31") == [fighters]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=bogus", "status"),
        ("checkable=maybe", "checkable"),
        ("claim_from=2021-02-30", "claim_from"),
        ("claimant_id=abc", "claimant_id"),
        ("show_retracted=perhaps", "show_retracted"),
        ("verdict=some", "verdict"),
        ("sort=random", "sort"),
    ],
)
def test_malformed_filters_are_400(api, query, field) -> None:
    problem = assert_problem(api.get(f"/api/v1/claims?{query}"), 400)
    assert [e["field"] for e in problem["errors"]] == [field]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("claim_from=2021-08-31&claim_to=2021-08-01", "claim_to"),
        ("claimant_id=999", "claimant_id"),
        ("claimant=Nobody+at+all", "claimant"),
        ("verdict=999999", "verdict"),
    ],
)
def test_filters_the_desk_cannot_apply_are_422(api, query, field) -> None:
    problem = assert_problem(api.get(f"/api/v1/claims?{query}"), 422)
    assert [e["field"] for e in problem["errors"]] == [field]


def test_create_claim(api, make_source, audit_entries) -> None:
    dostum = make_source("Dostum")
    body = {
        "statement": PANJSHIR,
        "quote": "reports coming from Afghanistan say 10,000 fighters",
        "claimant_id": dostum,
        "claim_date": "2021-08-24",
        "tags": ["Panjshir", "Afghanistan"],
        "quantity_value": 10000,
        "quantity_unit": "fighters",
    }
    response = api.post("/api/v1/claims", body)
    assert response.status_code == 201, response.get_data(as_text=True)
    claim = response.get_json()
    assert_matches("claim", claim)
    assert response.headers["Location"] == f"/api/v1/claims/{claim['id']}"
    assert claim["statement"] == PANJSHIR
    assert claim["status"] == "new"
    assert claim["quantity_value"] == 10000
    assert claim["tags"] == ["Afghanistan", "Panjshir"]
    assert claim.pop("similar") == []  # only the create answer says what it resembles
    assert api.get(response.headers["Location"]).get_json() == claim
    [entry] = audit_entries("claim", claim["id"])
    assert entry.action == "create"
    assert entry.actor_id == api.who.user.id


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "statement"),
        ({"statement": ""}, "statement"),
        ({"statement": 42}, "statement"),
        ({"statement": "x" * 2001}, "statement"),
        ({"statement": "x", "colour": "red"}, ""),
        ({"statement": "x", "claimant_id": "7"}, "claimant_id"),
        ({"statement": "x", "claimant_id": 2**40}, "claimant_id"),
        ({"statement": "x", "claim_date": "24/08/2021"}, "claim_date"),
        ({"statement": "x", "relay_ids": [1, 1]}, "relay_ids"),
        ({"statement": "x", "tags": ["ok", 3]}, "tags.1"),
        ({"statement": "x", "quantity_value": 1e300}, "quantity_value"),
        ({"statement": "x", "place": "p" * 201}, "place"),
    ],
)
def test_create_refuses_bodies_that_break_the_schema(api, body, field) -> None:
    problem = assert_problem(api.post("/api/v1/claims", body), 400)
    assert problem["type"].endswith("/invalid-request")
    assert field in [e["field"] for e in problem["errors"]]


def test_create_refuses_malformed_json_and_wrong_content_type(api) -> None:
    headers = {"Content-Type": "application/json"}
    for raw in ('{"statement": ', "[1, 2", '{"statement": NaN}', "\xff"):
        response = api.post("/api/v1/claims", data=raw.encode("latin-1"), headers=headers)
        problem = assert_problem(response, 400)
        assert problem["type"].endswith("/invalid-json")
    response = api.post("/api/v1/claims", data='{"statement": "x"}')
    problem = assert_problem(response, 400)
    assert "Content-Type: application/json" in problem["detail"]
    problem = assert_problem(api.post("/api/v1/claims", []), 400)
    assert problem["errors"][0]["message"] == "[] is not of type 'object'"


def test_create_refuses_nul_characters_with_422(api) -> None:
    problem = assert_problem(api.post("/api/v1/claims", {"statement": "a\u0000b"}), 422)
    assert problem["errors"] == [
        {"field": "statement", "message": "Contains a NUL character (\\u0000)."}
    ]


def test_create_refused_by_the_operation_is_422(api) -> None:
    problem = assert_problem(api.post("/api/v1/claims", {"statement": "x", "claimant_id": 99}), 422)
    assert problem["errors"] == [{"field": "claimant_id", "message": "There is no source #99."}]
    problem = assert_problem(
        api.post("/api/v1/claims", {"statement": "x", "quantity_value": 5}), 422
    )
    assert problem["errors"][0]["field"] == "quantity_unit"
    problem = assert_problem(api.post("/api/v1/claims", {"statement": "   "}), 422)
    assert problem["errors"][0]["field"] == "statement"


def test_viewer_token_cannot_write(client, make_token, make_claim) -> None:
    viewer = make_token(Role.VIEWER)
    claim_id = make_claim()
    response = client.post("/api/v1/claims", json={"statement": "x"}, headers=viewer.headers)
    problem = assert_problem(response, 403)
    assert "Checker role" in problem["detail"]
    response = client.patch(
        f"/api/v1/claims/{claim_id}", json={"version": 1, "statement": "y"}, headers=viewer.headers
    )
    assert_problem(response, 403)
    assert client.get(f"/api/v1/claims/{claim_id}", headers=viewer.headers).status_code == 200


def test_update_claim(api, make_claim, make_source, audit_entries) -> None:
    claim_id = make_claim(PANJSHIR, tags=["Panjshir"])
    relay = make_source("Anadolu")
    response = api.patch(
        f"/api/v1/claims/{claim_id}",
        {"version": 1, "statement": "About 9,000 fighters left.", "relay_ids": [relay]},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    claim = response.get_json()
    assert claim["statement"] == "About 9,000 fighters left."
    assert claim["tags"] == ["Panjshir"]  # fields left out keep their value
    assert claim["relay_ids"] == [relay]
    assert claim["version"] == 2
    update = [e for e in audit_entries("claim", claim_id) if e.action == "update"]
    assert update[0].actor_id == api.who.user.id
    assert update[0].changes["statement"] == [PANJSHIR, "About 9,000 fighters left."]


def test_update_keeps_an_imported_claims_external_id(api, make_claim) -> None:
    claim_id = make_claim(external_id="liar:1.json")
    response = api.patch(f"/api/v1/claims/{claim_id}", {"version": 1, "place": "Panjshir"})
    assert response.get_json()["external_id"] == "liar:1.json"


def test_stale_version_is_409_with_the_current_version(api, make_claim) -> None:
    claim_id = make_claim(PANJSHIR)
    assert (
        api.patch(f"/api/v1/claims/{claim_id}", {"version": 1, "place": "Kabul"}).status_code == 200
    )
    response = api.patch(f"/api/v1/claims/{claim_id}", {"version": 1, "place": "Bazarak"})
    problem = assert_problem(response, 409)
    assert problem["current_version"] == 2
    assert problem["current"]["place"] == "Kabul"
    assert "version 2" in problem["detail"]
    # Resent with the current version, the change goes through.
    response = api.patch(f"/api/v1/claims/{claim_id}", {"version": 2, "place": "Bazarak"})
    assert response.get_json()["place"] == "Bazarak"


def test_update_needs_a_version(api, make_claim) -> None:
    claim_id = make_claim()
    problem = assert_problem(api.patch(f"/api/v1/claims/{claim_id}", {"place": "Kabul"}), 400)
    assert problem["errors"] == [
        {"field": "version", "message": "'version' is a required property"}
    ]
    assert_problem(api.patch("/api/v1/claims/999", {"version": 1}), 404)


def test_retract_claim(client, make_token, make_claim, audit_entries) -> None:
    claim_id = make_claim()
    checker, editor = make_token(Role.CHECKER), make_token(Role.EDITOR)
    url = f"/api/v1/claims/{claim_id}/retract"
    assert_problem(client.post(url, json={"reason": "Dup"}, headers=checker.headers), 403)
    assert_problem(client.post(url, json={}, headers=editor.headers), 400)
    response = client.post(url, json={"reason": "A duplicate of #1"}, headers=editor.headers)
    assert response.status_code == 200
    assert response.get_json()["retracted"] is True
    assert response.get_json()["retraction_reason"] == "A duplicate of #1"
    [entry] = [e for e in audit_entries("claim", claim_id) if e.action == "retract"]
    assert entry.actor_id == editor.user.id
    problem = assert_problem(client.post(url, json={"reason": "x"}, headers=editor.headers), 422)
    assert "already retracted" in problem["detail"]


def test_refused_writes_leave_nothing_behind(api, make_claim) -> None:
    """A 4xx rolls the whole request back (the new tags of a refused edit are not kept)."""
    claim_id = make_claim()
    response = api.patch(
        f"/api/v1/claims/{claim_id}", {"version": 1, "tags": ["Brand new"], "claimant_id": 99}
    )
    assert_problem(response, 422)
    assert api.get("/api/v1/claims?tag=Brand+new").get_json()["total"] == 0
    assert api.get(f"/api/v1/claims/{claim_id}").get_json()["version"] == 1
