"""The OpenAPI 3.1 document and the JSON Schemas of the API bodies."""

from __future__ import annotations

import json
import re

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from webapp.api.bodies import SCHEMA_BASE, SCHEMA_DIR, schema_files
from webapp.api.openapi_paths import component_name

SCHEMA_FILES = sorted(SCHEMA_DIR.glob("*.json"))


@pytest.fixture
def document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def test_document_is_valid_openapi_3_1(document) -> None:
    assert document["openapi"] == "3.1.0"
    validate(document)  # raises on any violation of the OpenAPI 3.1 schema


def test_every_api_route_is_documented_and_nothing_else(app, document) -> None:
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            routes |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(path, method) for path, item in document["paths"].items() for method in item}
    assert routes == documented


def test_every_operation_declares_auth_errors_and_its_problems(document) -> None:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            if path.endswith("/openapi.json"):
                assert operation["security"] == []
                continue
            assert {"400", "401"} <= set(responses), (method, path)
            if method != "get":
                assert {"403", "404", "422"} & set(responses), (method, path)
                assert "requestBody" in operation
            for code, response in responses.items():
                if code.startswith("4"):
                    assert response == {"$ref": f"#/components/responses/Problem{code}"}
    problem = document["components"]["responses"]["Problem422"]["content"]
    assert list(problem) == ["application/problem+json"]
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert document["security"] == [{"bearerAuth": []}]


def test_component_schemas_are_the_schema_files(document) -> None:
    components = document["components"]["schemas"]
    assert set(components) == {component_name(path.stem) for path in SCHEMA_FILES}
    claim_create = components["ClaimCreate"]
    on_disk = json.loads((SCHEMA_DIR / "claim-create.json").read_text())
    assert claim_create["properties"] == on_disk["properties"]
    # File references became component references.
    assert components["Claim"]["properties"]["relays"]["items"] == {
        "$ref": "#/components/schemas/SourceRef"
    }
    assert "$id" not in claim_create


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_files_are_valid_2020_12_schemas(path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_BASE + path.name
    assert schema["title"]
    assert schema["description"]
    Draft202012Validator.check_schema(schema)
    for ref in re.findall(r'"\$ref": "([^"]+)"', path.read_text()):
        assert ref[: -len(".json")] in schema_files(), f"{path.name} refers to missing {ref}"


def test_every_request_body_names_a_schema_file(document) -> None:
    bodies = {
        op["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        for item in document["paths"].values()
        for op in item.values()
        if "requestBody" in op
    }
    assert bodies == {
        "ClaimCreate",
        "ClaimUpdate",
        "Retraction",
        "AppearanceCreate",
        "VerdictCreate",
        "VerdictConclude",
        "SourceCreate",
        "SourceUpdate",
        "GradeCreate",
    }
