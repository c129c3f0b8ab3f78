"""``/api/v1/sources``: list, filters, pagination, create, look-alikes, edit, 409, grades."""

from __future__ import annotations

import pytest

from tests.api.conftest import assert_matches, assert_problem
from webapp.core.permissions import Role
from webapp.sources.models import SourceKind


def test_list_sources_with_filters_and_pages(api, make_source, make_claim) -> None:
    dostum = make_source("Abdul Rashid Dostum", aliases=["Dostum"])
    anadolu = make_source("Anadolu Agency", kind=SourceKind.OUTLET)
    make_source("Bismillah Khan Mohammadi")
    make_claim("No room for the Taliban.", claimant_id=dostum)
    api.post(f"/api/v1/sources/{anadolu}/grades", {"grade": "B", "rationale": "Wire service"})

    page = api.get("/api/v1/sources?limit=2").get_json()
    assert_matches("source-list", page)
    assert page["total"] == 3
    assert [s["name"] for s in page["items"]] == ["Abdul Rashid Dostum", "Anadolu Agency"]
    assert page["items"][0]["claims_made"] == 1
    rest = api.get(page["next"]).get_json()
    assert [s["name"] for s in rest["items"]] == ["Bismillah Khan Mohammadi"]
    assert rest["next"] is None

    def names(query: str) -> list[str]:
        response = api.get(f"/api/v1/sources?{query}")
        assert response.status_code == 200, response.get_data(as_text=True)
        return [s["name"] for s in response.get_json()["items"]]

    assert names("q=dostum") == ["Abdul Rashid Dostum"]
    assert names("kind=outlet") == ["Anadolu Agency"]
    assert names("graded=true") == ["Anadolu Agency"]
    assert names("grade=B") == ["Anadolu Agency"]
    assert len(names("graded=false")) == 2
    assert names("sort=claims&limit=1") == ["Abdul Rashid Dostum"]


@pytest.mark.parametrize(
    "query", ["kind=planet", "graded=sometimes", "grade=Z", "sort=age", "q=%00", "limit=500"]
)
def test_malformed_source_filters_are_400(api, query) -> None:
    problem = assert_problem(api.get(f"/api/v1/sources?{query}"), 400)
    assert problem["errors"][0]["field"] == query.split("=")[0]


def test_create_and_read_a_source(api, audit_entries) -> None:
    body = {
        "name": "Anadolu Agency",
        "kind": "outlet",
        "aliases": ["Anadolu", "AA"],
        "homepage_url": "https://www.aa.com.tr",
        "country": "Turkey",
    }
    response = api.post("/api/v1/sources", body)
    assert response.status_code == 201, response.get_data(as_text=True)
    source = response.get_json()
    assert_matches("source", source)
    assert source["kind"] == "outlet"
    assert sorted(source["aliases"]) == ["AA", "Anadolu"]
    assert source["grades"] == []
    assert source["current_grade"] is None
    assert api.get(response.headers["Location"]).get_json() == source
    [entry] = audit_entries("source", source["id"])
    assert entry.actor_id == api.who.user.id


def test_look_alike_source_is_refused_until_confirmed(api, make_source) -> None:
    existing = make_source("Anadolu Agency", aliases=["Anadolu"])
    problem = assert_problem(api.post("/api/v1/sources", {"name": "anadolu"}), 422)
    assert problem["type"].endswith("/duplicate-source")
    assert problem["similar"] == [{"id": existing, "name": "Anadolu Agency"}]
    assert "allow_duplicate" in problem["detail"]
    response = api.post("/api/v1/sources", {"name": "anadolu", "allow_duplicate": True})
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"kind": "person"}, 400, "name"),
        ({"name": "X", "kind": "planet"}, 400, "kind"),
        ({"name": "X", "aliases": "Y"}, 400, "aliases"),
        ({"name": "X", "wikidata_id": "42"}, 422, "wikidata_id"),
        ({"name": "X", "homepage_url": "ftp://x"}, 422, "homepage_url"),
    ],
)
def test_create_source_validation(api, body, status, field) -> None:
    problem = assert_problem(api.post("/api/v1/sources", body), status)
    assert problem["errors"][0]["field"] == field


def test_update_source_and_stale_version(api, make_source, audit_entries) -> None:
    source_id = make_source("Dostum")
    response = api.patch(f"/api/v1/sources/{source_id}", {"version": 1, "party": "Junbish"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["party"] == "Junbish"
    assert response.get_json()["name"] == "Dostum"
    problem = assert_problem(
        api.patch(f"/api/v1/sources/{source_id}", {"version": 1, "party": "Other"}), 409
    )
    assert problem["current_version"] == 2
    assert problem["current"]["party"] == "Junbish"
    update = [e for e in audit_entries("source", source_id) if e.action == "update"]
    assert [e.actor_id for e in update] == [api.who.user.id]


def test_grade_source(client, make_token, make_source, audit_entries) -> None:
    source_id = make_source("Anadolu Agency")
    checker, editor = make_token(Role.CHECKER), make_token(Role.EDITOR)
    url = f"/api/v1/sources/{source_id}/grades"
    body = {"grade": "B", "rationale": "A wire service, usually right."}
    assert_problem(client.post(url, json=body, headers=checker.headers), 403)
    response = client.post(url, json=body, headers=editor.headers)
    assert response.status_code == 201, response.get_data(as_text=True)
    grade = response.get_json()
    assert_matches("grade", grade)
    assert grade["grade"] == "B"
    assert grade["label"] == "Usually reliable"
    assert grade["graded_by_id"] == editor.user.id
    client.post(url, json={"grade": "C", "rationale": "Slipped."}, headers=editor.headers)
    source = client.get(f"/api/v1/sources/{source_id}", headers=checker.headers).get_json()
    assert source["current_grade"]["grade"] == "C"
    assert [g["grade"] for g in source["grades"]] == ["C", "B"]  # history kept, newest first
    grades = [e for e in audit_entries("source", source_id) if e.action == "grade"]
    assert [e.actor_id for e in grades] == [editor.user.id, editor.user.id]
    problem = assert_problem(
        client.post(url, json={"grade": "G", "rationale": "x"}, headers=editor.headers), 400
    )
    assert problem["errors"][0]["field"] == "grade"
    assert_problem(
        client.post("/api/v1/sources/999/grades", json=body, headers=editor.headers), 404
    )
