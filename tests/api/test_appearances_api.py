"""Appearances of claims in documents through the API, and reading documents."""

from __future__ import annotations

import pytest

from tests.api.conftest import assert_matches, assert_problem
from webapp.core.permissions import Role


def test_add_appearance_in_a_recorded_document(api, make_claim, make_document, audit_entries):
    claim_id = make_claim()
    document_id = make_document("Panjshir resistance", url="https://example.org/a")
    response = api.post(
        f"/api/v1/claims/{claim_id}/appearances",
        {"document_id": document_id, "quote": "10,000 fighters", "note": "second paragraph"},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    appearance = response.get_json()
    assert_matches("appearance", appearance)
    assert appearance["is_first"] is True  # a claim's only appearance is its first
    assert appearance["document"]["id"] == document_id
    assert api.get(response.headers["Location"]).get_json() == appearance
    [entry] = audit_entries("appearance", appearance["id"])
    assert entry.actor_id == api.who.user.id


def test_add_appearance_with_a_new_document(api, make_claim, make_source, audit_entries) -> None:
    claim_id = make_claim()
    outlet = make_source("New Eastern Outlook")
    body = {
        "document": {
            "title": "Panjshir resistance",
            "url": "https://journal-neo.org/2021/08/24/panjshir",
            "publisher_id": outlet,
            "published_on": "2021-08-24",
        },
        "quote": "About 10,000 fighters",
    }
    response = api.post(f"/api/v1/claims/{claim_id}/appearances", body)
    assert response.status_code == 201, response.get_data(as_text=True)
    document = response.get_json()["document"]
    assert document["published_on"] == "2021-08-24"
    assert document["publisher"] == {"id": outlet, "name": "New Eastern Outlook"}
    [created] = audit_entries("document", document["id"])
    assert created.actor_id == api.who.user.id

    shown = api.get(f"/api/v1/documents/{document['id']}").get_json()
    assert_matches("document", shown)
    assert shown["appearances"] == [
        {
            "id": response.get_json()["id"],
            "claim_id": claim_id,
            "is_first": True,
            "retracted": False,
        }
    ]
    claim = api.get(f"/api/v1/claims/{claim_id}").get_json()
    assert [a["document"]["id"] for a in claim["appearances"]] == [document["id"]]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"quote": "x"},
        {"document_id": 1, "document": {"title": "Both"}},
        {"document": {}},
        {"document": {"title": "x", "colour": "red"}},
        {"document_id": "1"},
    ],
)
def test_appearance_bodies_breaking_the_schema_are_400(api, make_claim, body) -> None:
    claim_id = make_claim()
    assert_problem(api.post(f"/api/v1/claims/{claim_id}/appearances", body), 400)


def test_appearance_refusals_are_422_naming_the_field(api, make_claim, make_document) -> None:
    claim_id = make_claim()
    url = f"/api/v1/claims/{claim_id}/appearances"
    problem = assert_problem(api.post(url, {"document_id": 999}), 422)
    assert problem["errors"][0]["field"] == "document_id"
    problem = assert_problem(api.post(url, {"document": {"title": "x", "url": "ftp://x"}}), 422)
    assert problem["errors"][0]["field"] == "document.url"
    document_id = make_document("Once", url="https://example.org/once")
    assert api.post(url, {"document_id": document_id}).status_code == 201
    problem = assert_problem(api.post(url, {"document_id": document_id}), 422)
    assert "recorded already" in problem["detail"]
    # The refused new document was rolled back with its request.
    problem = assert_problem(
        api.post(url, {"document": {"title": "Again", "url": "https://example.org/once"}}), 422
    )
    assert problem["errors"][0]["field"] == "document.url"


def test_viewer_cannot_add_appearances(client, make_token, make_claim, make_document) -> None:
    viewer, checker = make_token(Role.VIEWER), make_token(Role.CHECKER)
    claim_id, document_id = make_claim(), make_document()
    url = f"/api/v1/claims/{claim_id}/appearances"
    body = {"document_id": document_id}
    assert_problem(client.post(url, json=body, headers=viewer.headers), 403)
    assert client.post(url, json=body, headers=checker.headers).status_code == 201
    assert_problem(
        client.post("/api/v1/claims/999/appearances", json=body, headers=checker.headers), 404
    )


def test_missing_documents_and_appearances_are_404(api) -> None:
    assert_problem(api.get("/api/v1/documents/999"), 404)
    assert_problem(api.get("/api/v1/appearances/999"), 404)
