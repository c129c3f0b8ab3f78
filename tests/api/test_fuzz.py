"""Schemathesis fuzzes every operation of the app's own OpenAPI document, on both engines.

Authenticated as an editor; every response must be documented and match its schema, and no
input may produce a server error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation

from tests.api.conftest import Api, TokenUser
from webapp.api.params import MAX_ID
from webapp.core.permissions import Role


@pytest.fixture
def editor(make_token: Callable[..., TokenUser]) -> TokenUser:
    return make_token(Role.EDITOR)


@pytest.fixture
def fuzzed_api(
    app: Flask,
    editor: TokenUser,
    make_source: Callable[..., int],
    make_claim: Callable[..., int],
    make_document: Callable[..., int],
    make_verdict: Callable[..., int],
) -> Any:
    """The API's schema, loaded from the app, over a desk with one record of each kind."""
    for number in range(1, RECORDS + 1):
        source = make_source(f"Source {number}")
        claim = make_claim(f"Claim number {number} about Panjshir.", claimant_id=source)
        document = make_document(f"Article {number}", publisher_id=source)
        api = Api(app.test_client(), editor)
        appeared = api.post(f"/api/v1/claims/{claim}/appearances", {"document_id": document})
        assert appeared.status_code == 201, appeared.get_data(as_text=True)
        make_verdict(claim, conclude=number % 2 == 0)
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=CONFIG)


# Data valid under the schema may still break a rule of the desk (an unknown claimant, a
# claim dated in the future): that is a 422, which the positive-data check must accept.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "401", "403", "404", "409", "422"]
            }
        }
    }
)
schema = schemathesis.pytest.from_fixture("fuzzed_api")
RECORDS = 3


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_document(case: Any, editor: TokenUser) -> None:
    # Random record numbers almost never exist; send half of them to a seeded record so the
    # writes run their operations, and keep the rest to exercise the 404s.
    for name, value in (case.path_parameters or {}).items():
        if isinstance(value, int) and 1 <= value <= MAX_ID and value % 2 == 0:
            case.path_parameters[name] = 1 + value % RECORDS
    case.call_and_validate(headers=None if _auth_negated(case) else editor.headers)


def _auth_negated(case: Any) -> bool:
    """Whether schemathesis meant this case's headers (the bearer token) to be invalid.

    Then the case is sent as generated, without the editor's token, and must be refused
    (401); adding the token would make it valid and the negative-data check a false alarm.
    """
    header = case.meta.components.get(ParameterLocation.HEADER) if case.meta else None
    return bool(header is not None and header.mode.is_negative)
