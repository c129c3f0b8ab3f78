"""Adding and editing sources: validation, deduplication, stale versions and the audit log."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from webapp.core.permissions import Role
from webapp.sources.models import Source, SourceKind

VALID = {"name": "Anadolu Agency", "kind": "outlet", "aliases": "Anadolu\nAA\n\n anadolu "}


def created_id(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_form_pages_render(client, login, make_source) -> None:
    source = make_source("Reuters", kind=SourceKind.OUTLET, aliases=["Reuters News"])
    login(Role.CHECKER)
    new = client.get("/sources/new")
    assert new.status_code == 200
    body = new.get_data(as_text=True)
    assert '<option selected value="person">Person</option>' in body
    assert '<option value="social_account">Social-media account</option>' in body
    assert "This is a different source" not in body  # only offered when a look-alike exists
    edit = client.get(f"/sources/{source}/edit").get_data(as_text=True)
    assert 'value="Reuters"' in edit
    assert '<option selected value="outlet">News outlet</option>' in edit
    assert ">\r\nReuters News</textarea>" in edit
    assert 'name="version" type="hidden" value="1"' in edit


def test_create_with_audit(app, client, login, source_row, audit_entries) -> None:
    checker = login(Role.CHECKER)
    response = client.post(
        "/sources/new",
        data={
            **VALID,
            "description": "Turkish state news agency.",
            "homepage_url": "https://www.aa.com.tr",
            "country": "Türkiye",
            "wikidata_id": " q1130185 ",
        },
    )
    source_id = created_id(response)
    source = source_row(source_id)
    assert source.name == "Anadolu Agency"
    assert source.name_key == "anadolu agency"
    assert source.kind is SourceKind.OUTLET
    assert source.alias_names == ["AA", "Anadolu"]  # blank and repeated lines dropped
    assert source.wikidata_id == "Q1130185"
    assert source.created_by_id == checker.id
    [entry] = audit_entries(source_id)
    assert entry.action == "create"
    assert entry.actor_id == checker.id
    assert entry.changes["name"] == [None, "Anadolu Agency"]
    assert entry.changes["country"] == [None, "Türkiye"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Source Anadolu Agency added." in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": "x" * 201}, "name", "Field cannot be longer than 200 characters."),
        ({"kind": "planet"}, "kind", "Not a valid choice."),
        ({"wikidata_id": "42"}, "wikidata_id", "A Wikidata id looks like Q42."),
        ({"homepage_url": "ftp://aa.com.tr"}, "homepage_url", "starts with http:// or https://"),
        ({"country": "c" * 81}, "country", "Field cannot be longer than 80 characters."),
        ({"party": "p" * 81}, "party", "Field cannot be longer than 80 characters."),
    ],
)
def test_create_invalid_input(client, login, data, field, message) -> None:
    login(Role.CHECKER)
    response = client.post("/sources/new", data={**VALID, **data})
    assert response.status_code == 400
    body = html.unescape(response.get_data(as_text=True))
    assert f'<p id="{field}-error" class="error">' in body
    assert message in body
    if "name" not in data:
        assert 'value="Anadolu Agency"' in body  # what the user typed stays


def test_invalid_create_writes_nothing(app, client, login, sess) -> None:
    login(Role.CHECKER)
    client.post("/sources/new", data={**VALID, "wikidata_id": "nope"})
    assert sess.scalar(select(Source).where(Source.name == "Anadolu Agency")) is None


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        ({"name": "Abdul Rashid Dóstum"}, {"name": "abdul rashid dostum"}),
        ({"name": "abdul rashid dostum"}, {"name": "  ABDUL  Rashid Dóstum "}),
        (
            {"name": "Abdul Rashid Dostum", "aliases": ["General Dóstum"]},
            {"name": "general dostum"},
        ),
        ({"name": "General Dostum"}, {"name": "Abdul Rashid Dostum", "aliases": "GENERAL DÓSTUM"}),
    ],
)
def test_dedup_warning_then_confirm(client, login, make_source, sess, existing, typed) -> None:
    extra = dict(existing)  # parameters are shared by both engines' runs: do not mutate
    name = extra.pop("name")
    other = make_source(name, **extra)
    login(Role.CHECKER)
    data = {"kind": "person", **typed}
    warned = client.post("/sources/new", data=data)
    assert warned.status_code == 400
    body = html.unescape(warned.get_data(as_text=True))
    assert f"This looks like an existing source: {name} (#{other})" in body
    assert '<p id="name-error" class="error">' in body
    assert f'<a href="/sources/{other}">{name}</a>' in body
    assert 'name="allow_duplicate"' in body
    assert "This is a different source" in body
    assert sess.scalar(select(Source).where(Source.id != other)) is None

    confirmed = client.post("/sources/new", data={**data, "allow_duplicate": "y"})
    new_id = created_id(confirmed)
    assert new_id != other


def test_retracted_sources_do_not_block_a_name(client, login, make_source, retract) -> None:
    old = make_source("Khaama Press")
    retract(old)
    login(Role.CHECKER)
    created_id(client.post("/sources/new", data={"name": "Khaama Press", "kind": "outlet"}))


def test_confirmed_duplicate_keeps_checkbox_on_other_errors(client, login, make_source) -> None:
    make_source("Reuters")
    login(Role.CHECKER)
    response = client.post(
        "/sources/new",
        data={"name": "Reuters", "kind": "outlet", "allow_duplicate": "y", "wikidata_id": "x"},
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "A Wikidata id looks like Q42." in body
    assert re.search(r'<input checked id="allow_duplicate" name="allow_duplicate"', body)


def test_edit_with_audit(client, login, make_source, source_row, audit_entries) -> None:
    source = make_source("Reuters", kind=SourceKind.OUTLET, aliases=["Reuters News"])
    checker = login(Role.CHECKER)
    response = client.post(
        f"/sources/{source}/edit",
        data={
            "name": "Reuters",
            "kind": "outlet",
            "aliases": "Reuters News\nThomson Reuters",
            "country": "United Kingdom",
            "version": "1",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/sources/{source}")
    stored = source_row(source)
    assert stored.country == "United Kingdom"
    assert stored.alias_names == ["Reuters News", "Thomson Reuters"]
    assert stored.version == 2
    entry = audit_entries(source)[-1]
    assert entry.action == "update"
    assert entry.actor_id == checker.id
    assert entry.changes == {
        "aliases": [["Reuters News"], ["Reuters News", "Thomson Reuters"]],
        "country": [None, "United Kingdom"],
    }


def test_edit_keeping_own_name_is_not_a_duplicate(client, login, make_source) -> None:
    source = make_source("Reuters", kind=SourceKind.OUTLET)
    login(Role.CHECKER)
    response = client.post(
        f"/sources/{source}/edit", data={"name": "REUTERS", "kind": "outlet", "version": "1"}
    )
    assert response.status_code == 302


def test_edit_dedup_against_another_source(client, login, make_source, source_row) -> None:
    other = make_source("Anadolu Agency", kind=SourceKind.OUTLET)
    source = make_source("AA News", kind=SourceKind.OUTLET)
    login(Role.CHECKER)
    data = {"name": "AA News", "kind": "outlet", "aliases": "Anadolu Agency", "version": "1"}
    warned = client.post(f"/sources/{source}/edit", data=data)
    assert warned.status_code == 400
    assert f'<a href="/sources/{other}">Anadolu Agency</a>' in warned.get_data(as_text=True)
    assert source_row(source).alias_names == []
    confirmed = client.post(f"/sources/{source}/edit", data={**data, "allow_duplicate": "y"})
    assert confirmed.status_code == 302
    assert source_row(source).alias_names == ["Anadolu Agency"]


def test_edit_invalid_input(client, login, make_source) -> None:
    source = make_source("Reuters", kind=SourceKind.OUTLET)
    login(Role.CHECKER)
    response = client.post(
        f"/sources/{source}/edit",
        data={"name": "", "kind": "outlet", "homepage_url": "reuters.com", "version": "1"},
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert '<p id="name-error" class="error">This field is required.</p>' in body
    assert 'value="reuters.com"' in body


def test_stale_edit_answers_409_and_keeps_input(client, login, make_source, source_row) -> None:
    source = make_source("Reuters", kind=SourceKind.OUTLET)
    login(Role.CHECKER)
    first = client.post(
        f"/sources/{source}/edit",
        data={"name": "Reuters", "kind": "outlet", "country": "United Kingdom", "version": "1"},
    )
    assert first.status_code == 302
    stale = client.post(
        f"/sources/{source}/edit",
        data={"name": "Reuters News Agency", "kind": "outlet", "party": "None", "version": "1"},
    )
    assert stale.status_code == 409
    body = html.unescape(stale.get_data(as_text=True))
    assert "Someone else changed this source while you were editing it." in body
    assert 'value="Reuters News Agency"' in body  # what the user typed
    assert "What the source says now" in body
    assert "<dt>Country</dt><dd>United Kingdom</dd>" in body  # what changed meanwhile
    assert 'name="version" type="hidden" value="2"' in body  # a second save works
    assert source_row(source).name == "Reuters"
    again = client.post(
        f"/sources/{source}/edit",
        data={"name": "Reuters News Agency", "kind": "outlet", "version": "2"},
    )
    assert again.status_code == 302
    assert source_row(source).name == "Reuters News Agency"


def test_unknown_source_edit_is_404(client, login) -> None:
    login(Role.CHECKER)
    assert client.get("/sources/424242/edit").status_code == 404
    assert client.post("/sources/424242/edit", data={"name": "x"}).status_code == 404
