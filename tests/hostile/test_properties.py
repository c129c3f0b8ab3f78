"""Property tests: generated text through a form, generated JSON through the API, generated
CSV files through the importer. Whatever comes in: never a 500 or a traceback, and either a
reasoned refusal that wrote nothing or the text stored exactly."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.hostile.helpers import blank, counts, explains_refusal, post_form, stored_forms
from webapp import db
from webapp.claims.models import Claim
from webapp.core.audit import AuditEntry
from webapp.core.permissions import Role
from webapp.sources.models import Source

SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Any code point, surrogates and NUL included: the forms must cope with all of them.
ANY_TEXT = st.text(st.characters(codec=None), max_size=300)
CSV_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=12,
)
CLAIM_KEYS = st.sampled_from(
    ["statement", "quote", "place", "tags", "claim_date", "quantity_value", "claimant_id",
     "checkable", "language", "relay_ids", "external_id"]
)  # fmt: skip


@SETTINGS
@given(statement=ANY_TEXT, place=ANY_TEXT)
def test_claim_form_with_any_text(app, client, login, statement: str, place: str) -> None:
    login(Role.CHECKER)
    before = counts(app, Claim)
    response = post_form(client, "/claims/new", {"statement": statement, "place": place})
    assert response.status_code < 500
    if counts(app, Claim) == before:
        assert response.status_code in (200, 400), response.status_code
        assert explains_refusal(response)
        return
    with app.app_context():
        stored = db.session().scalars(select(Claim).order_by(Claim.id.desc())).first()
    assert stored.statement in stored_forms(statement)
    assert blank(place) or stored.place in stored_forms(place)


@SETTINGS
@given(name=ANY_TEXT, aliases=ANY_TEXT)
def test_source_form_with_any_text(app, client, login, name: str, aliases: str) -> None:
    login(Role.CHECKER)
    before = counts(app, Source)
    data = {"name": name, "aliases": aliases, "kind": "person", "allow_duplicate": "y"}
    response = post_form(client, "/sources/new", data)
    assert response.status_code < 500
    if counts(app, Source) == before:
        assert explains_refusal(response)
    else:
        with app.app_context():
            stored = db.session().scalars(select(Source).order_by(Source.id.desc())).first()
        assert stored.name in stored_forms(name)


@SETTINGS
@given(body=st.dictionaries(CLAIM_KEYS, JSON_VALUES, max_size=6) | JSON_VALUES)
def test_api_claim_bodies(app, client, make_token, body: Any) -> None:
    headers = make_token(Role.CHECKER).headers
    before = counts(app, AuditEntry)
    response = client.post(
        "/api/v1/claims", data=json.dumps(body), content_type="application/json", headers=headers
    )
    assert response.status_code in (201, 400, 404, 422), response.get_data(as_text=True)
    if response.status_code != 201:
        assert response.get_json()["detail"]
        assert counts(app, AuditEntry) == before, "refused but written"


@settings(SETTINGS, max_examples=10)
@given(rows=st.lists(st.tuples(CSV_TEXT, CSV_TEXT), min_size=1, max_size=8))
def test_importer_with_any_cells(app, runner, tmp_path, rows: list[tuple[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["statement", "place"])
    writer.writerows(rows)
    path = tmp_path / "generated.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    before = counts(app, Claim)
    result = runner.invoke(args=["import", "claims", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    if result.exit_code != 0:
        assert "nothing was imported" in result.output or "Error" in result.output
        assert counts(app, Claim) == before
        return
    with app.app_context():
        statements = set(db.session().scalars(select(Claim.statement)))
    for statement, place in rows:
        if not (statement.strip() or place.strip()):
            continue  # a blank line, skipped like in a spreadsheet
        # A row with a blank statement is refused above, so every imported one is there.
        assert statement.strip() in statements or statement in statements


@settings(SETTINGS, max_examples=10)
@given(content=st.binary(max_size=400))
def test_importer_with_any_bytes(app, upload, login, content: bytes) -> None:
    login(Role.CHECKER)
    response = upload(content, kind="claims", dry_run=True)
    assert response.status_code in (200, 400), response.status_code
