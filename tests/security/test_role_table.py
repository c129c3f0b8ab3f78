"""The role x route table: every route of the URL map, for every role, anonymous included.

The table is data: a route that is not in it fails the test, so a new route must be
classified here before it ships. Each role walks every route once against its own freshly
seeded desk (web routes, then the API with valid bodies, then signing out).
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from tests.security.conftest import ROLES, Desk
from tests.security.routes import Route, routes

LOGIN = "login"  # a 302 to the sign-in page (anonymous on a web page)
OK = "ok"  # a write the role may make: done (200/201/302) or refused for its content (400/422)
OK_STATUSES = {200, 201, 302, 400, 409, 422}

# anonymous, viewer, checker, editor, admin
V = (LOGIN, 200, 200, 200, 200)  # any signed-in user may read it
C = (LOGIN, 403, 200, 200, 200)  # a checker's page
WC = (LOGIN, 403, OK, OK, OK)  # a checker's write
WE = (LOGIN, 403, 403, OK, OK)  # an editor's write
A = (LOGIN, 403, 403, 403, 200)  # an admin's page
WA = (LOGIN, 403, 403, 403, OK)  # an admin's write
API_READ = (401, 200, 200, 200, 200)
API_WC = (401, 403, OK, OK, OK)
API_WE = (401, 403, 403, OK, OK)

TABLE: dict[str, tuple[Any, ...]] = {
    # pages anyone reaches
    "GET static": (200, 200, 200, 200, 200),
    "GET users.login": (200, 302, 302, 302, 302),  # signed in: on to the dashboard
    "POST users.login": (200, 302, 302, 302, 302),  # anonymous: the form again, no data
    "POST users.logout": (LOGIN, 302, 302, 302, 302),
    "GET api.openapi_document": (200, 200, 200, 200, 200),
    # reading: every signed-in role
    "GET dashboard.index": V,
    "GET users.account": V,
    "GET claims.index": V,
    "GET claims.show": V,
    "GET claims.tag_suggest": V,
    "GET claimreview.one": V,
    "GET claimreview.feed": V,
    "GET verdicts.claim_verdicts": V,
    "GET documents.index": V,
    "GET documents.show": V,
    "GET sources.index": V,
    "GET sources.show": V,
    "GET sources.suggest": V,
    "GET reliability.sources": V,
    "GET reliability.source": V,
    "GET verdicts.scales": V,
    "GET intake.show": V,
    "GET matching.conflicting_figures": V,
    "GET reports.export_csv": V,
    # tokens: any account has its own; the seeded token is someone else's (404, not 403:
    # a guessed id does not even learn that the token exists)
    "POST api_tokens.create": (LOGIN, OK, OK, OK, OK),
    "POST api_tokens.revoke": (LOGIN, 404, 404, 404, 404),
    # checkers' pages and writes
    "GET claims.create": C,
    "POST claims.create": WC,
    "GET claims.edit": C,
    "POST claims.edit": WC,
    "POST claims.submit": WC,
    "POST claims.relate": WC,
    "POST claims.retract_relation": WC,
    "GET sources.create": C,
    "POST sources.create": WC,
    "GET sources.edit": C,
    "POST sources.edit": WC,
    "GET documents.create": C,
    "POST documents.create": WC,
    "GET documents.edit": C,
    "POST documents.edit": WC,
    "GET documents.add_appearance": C,
    "POST documents.add_appearance": WC,
    "GET documents.edit_appearance": C,
    "POST documents.edit_appearance": WC,
    "POST documents.mark_first": WC,
    "POST documents.retract_appearance": WC,
    "GET verdicts.create": C,
    "POST verdicts.create": WC,
    "GET imports.index": C,
    "GET intake.new_document": C,
    "POST intake.new_document": WC,
    "POST intake.create_claim": WC,
    "POST matching.mark_duplicate": WC,
    "POST imports.upload": WC,
    "POST imports.confirm": WC,
    # the seeded import job is the checker's: another checker or an editor gets 404
    "GET imports.job": (LOGIN, 403, 200, 404, 200),
    "GET imports.job_status": (LOGIN, 403, 200, 404, 200),
    # editors' writes
    "POST claims.reopen": WE,
    "POST claims.retract": WE,
    "POST claims.restore": WE,
    "POST sources.grade": WE,
    "POST sources.retract": WE,
    "POST sources.restore": WE,
    "POST documents.retract": WE,
    "POST documents.restore": WE,
    "POST verdicts.conclude": WE,
    "GET verdicts.retract": (LOGIN, 403, 403, 200, 200),
    "POST verdicts.retract": WE,
    # admins only
    "GET users.index": A,
    "GET users.create": A,
    "POST users.create": WA,
    "GET users.edit": A,
    "POST users.edit": WA,
    "POST users.toggle_active": WA,
    "POST users.reset_password": WA,
    "POST api_tokens.admin_revoke": WA,
    "POST verdicts.create_scale": WA,
    "POST verdicts.add_value": WA,
    # the API: a token of any role reads; writing needs a checker, some writes an editor
    "GET api.list_claims": API_READ,
    "GET api.get_claim": API_READ,
    "GET api.claim_verdicts": API_READ,
    "GET api.get_appearance": API_READ,
    "GET api.get_document": API_READ,
    "GET api.list_scales": API_READ,
    "GET api.list_sources": API_READ,
    "GET api.get_source": API_READ,
    "GET api.get_verdict": API_READ,
    "GET api.similar_claims": API_READ,
    "POST api.create_claim": API_WC,
    "PATCH api.update_claim": API_WC,
    "POST api.add_appearance": API_WC,
    "POST api.record_verdict": API_WC,
    "POST api.create_source": API_WC,
    "PATCH api.update_source": API_WC,
    "POST api.retract_claim": API_WE,
    "POST api.grade_source": API_WE,
    "POST api.conclude_verdict": API_WE,
}

# Valid API bodies, so a refusal is about the role and not about the content.
API_BODIES: dict[str, Any] = {
    "api.create_claim": lambda ids: {"statement": "A new claim through the API."},
    "api.update_claim": lambda ids: {"version": ids["claim_version"], "place": "Kabul"},
    "api.add_appearance": lambda ids: {
        "document": {"title": "Another article", "url": "https://example.org/another"}
    },
    "api.record_verdict": lambda ids: {
        "rating": {"scale": "default", "value": "true"},
        "credibility": 2,
        "rationale": "Checked.",
        "evidence": [{"url": "https://example.org/evidence"}],
    },
    "api.create_source": lambda ids: {"name": "A new source through the API"},
    "api.update_source": lambda ids: {"version": ids["source_version"], "description": "New."},
    "api.retract_claim": lambda ids: {"reason": "Duplicate."},
    "api.grade_source": lambda ids: {"grade": "B", "rationale": "Usually right."},
    "api.conclude_verdict": lambda ids: {},
}


def request_route(client: Any, desk: Desk, role: str, route: Route) -> Any:
    """Send ``route`` as ``role`` (a web page with the session, the API with the token)."""
    kwargs: dict[str, Any] = {"method": route.method}
    token = desk.tokens[role]
    if route.is_api and token is not None:
        kwargs["headers"] = token.headers
    if route.is_api and route.writes:
        kwargs["json"] = API_BODIES[route.endpoint](desk.ids)
    return client.open(route.url(desk.ids), **kwargs)


def matches(expected: Any, response: Any) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and response.location.startswith("/login")
    if expected == OK:
        return response.status_code in OK_STATUSES
    return bool(response.status_code == expected)


def test_every_route_is_in_the_table(app: Flask) -> None:
    keys = {route.key for route in routes(app)}
    assert sorted(keys - TABLE.keys()) == [], "classify these new routes in TABLE"
    assert sorted(TABLE.keys() - keys) == [], "these routes no longer exist"
    assert {r.endpoint for r in routes(app) if r.is_api and r.writes} == API_BODIES.keys()


@pytest.mark.parametrize("role", ROLES)
def test_role_table(app: Flask, desk: Desk, role: str) -> None:
    client = app.test_client()
    desk.sign_in(client, role)
    column = ROLES.index(role)
    wrong = []
    for route in routes(app):
        expected = TABLE[route.key][column]
        response = request_route(client, desk, role, route)
        if not matches(expected, response):
            wrong.append(
                f"{route.key} {route.url(desk.ids)}: {response.status_code}, expected {expected}"
            )
        assert response.status_code != 500, route.key
    assert wrong == []
