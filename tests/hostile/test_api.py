"""The hostile corpus through the API: every write endpoint gets malformed JSON, hostile
text goes into the main text fields, hostile values into query parameters."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask

from tests.hostile.corpus import DATES, JSON_BODIES, NUMBERS, TEXT
from tests.hostile.helpers import counts
from tests.security.routes import routes
from webapp.claims.models import Claim
from webapp.core.audit import AuditEntry
from webapp.core.permissions import Role
from webapp.sources.models import Source

REFUSED = {400, 404, 409, 413, 415, 422}


@pytest.fixture
def editor(make_token) -> dict[str, str]:
    return make_token(Role.EDITOR).headers


@pytest.fixture
def records(make_claim, make_source, make_document, make_verdict) -> dict[str, int]:
    claim_id = make_claim()
    return {
        "claim_id": claim_id,
        "source_id": make_source(),
        "document_id": make_document(),
        "verdict_id": make_verdict(make_claim("Another claim."), conclude=False),
        "appearance_id": 1,
    }


def test_malformed_json_through_every_write_endpoint(app: Flask, client, editor, records) -> None:
    writes = [r for r in routes(app) if r.is_api and r.writes]
    assert len(writes) >= 9
    for route in writes:
        # Every body through claim creation, every third through the other endpoints.
        bodies = JSON_BODIES if route.endpoint == "api.create_claim" else JSON_BODIES[::3]
        for name, raw in bodies:
            before = counts(app, AuditEntry)
            response = client.open(
                route.url(records),
                method=route.method,
                data=raw.encode("utf-8", "surrogatepass"),
                content_type="application/json",
                headers=editor,
            )
            where = f"{route.key} {name}"
            assert response.status_code < 500, where
            assert response.mimetype == "application/problem+json" or response.status_code < 300
            if response.status_code >= 400:
                assert response.status_code in REFUSED, where
                assert response.get_json()["detail"], where
                assert counts(app, AuditEntry) == before, f"refused but written: {where}"


def test_wrong_content_types_are_refused(app: Flask, client, editor) -> None:
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        response = client.post(
            "/api/v1/claims", data='{"statement": "x"}', content_type=content_type, headers=editor
        )
        assert response.status_code in (400, 415), content_type


@pytest.mark.parametrize(
    ("path", "key", "model"),
    [("/api/v1/claims", "statement", Claim), ("/api/v1/sources", "name", Source)],
)
def test_hostile_text_is_stored_exactly_or_refused(
    app: Flask, client, editor, path: str, key: str, model: Any
) -> None:
    for kind, value in TEXT[::3]:  # every third entry: each class, a third of the time
        body = {key: value}
        if key == "name":
            body["allow_duplicate"] = True
        before = counts(app, model)
        raw = json.dumps(body).encode()  # \\ud800 escapes: valid JSON, invalid Unicode
        response = client.post(path, data=raw, content_type="application/json", headers=editor)
        where = f"{path} {kind} {value[:40]!r}"
        assert response.status_code < 500, where
        if response.status_code == 201:
            stored = response.get_json()[key]
            assert stored in {value, value.strip()}, where
            again = client.get(response.headers["Location"], headers=editor).get_json()[key]
            assert again == stored, where
        else:
            assert response.status_code in REFUSED, where
            problem = response.get_json()
            assert problem["errors"] or problem["detail"], where
            assert counts(app, model) == before, where


def test_hostile_numbers_and_dates_in_bodies(app: Flask, client, editor) -> None:
    for value in NUMBERS + DATES:
        for key in ("quantity_value", "claim_date"):
            raw = '{"statement": "A claim", "%s": "%s"}' % (key, value.replace('"', ""))  # noqa: UP031
            response = client.post(
                "/api/v1/claims", data=raw, content_type="application/json", headers=editor
            )
            assert response.status_code in {201, *REFUSED}, (key, value)


QUERY_PARAMS = {
    "/api/v1/claims": ["q", "tag", "status", "claimant_id", "after", "limit", "claim_from"],
    "/api/v1/sources": ["q", "kind", "after", "limit"],
    "/api/v1/claims/1/verdicts": ["limit"],
}


def test_hostile_query_parameters(app: Flask, client, editor, make_claim) -> None:
    make_claim()
    sample = [v for _, v in TEXT[::40] if len(v) < 5000] + NUMBERS[::6] + DATES[::6]
    sample += ["nul\x00inside", "\ud800"]
    for path, params in QUERY_PARAMS.items():
        for param in [*params, "unknown_param"]:
            for value in sample:
                response = client.get(
                    path,
                    query_string={param: value.encode("utf-8", "surrogatepass")},
                    headers=editor,
                )
                assert response.status_code in (200, 400), (path, param, value[:40])
