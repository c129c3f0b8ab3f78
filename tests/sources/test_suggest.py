"""The suggestion endpoint behind the source pickers (static/suggest.js)."""

from __future__ import annotations

from webapp.core.permissions import Role
from webapp.sources.models import SourceKind


def test_suggest_json_shape_and_order(client, login, make_source) -> None:
    dostum = make_source("Abdul Rashid Dóstum", aliases=["General Dostum"], job_title="General")
    agency = make_source("Dostum Watch", kind=SourceKind.OUTLET)
    make_source("Reuters", kind=SourceKind.OUTLET)
    login(Role.VIEWER)
    response = client.get("/sources/suggest", query_string={"q": "DOSTUM"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    # A name prefix match ranks before a match inside a name or an alias.
    assert response.get_json() == [
        {"value": f"Dostum Watch #{agency}", "label": "Dostum Watch — News outlet"},
        {
            "value": f"Abdul Rashid Dóstum #{dostum}",
            "label": "Abdul Rashid Dóstum — Person (General)",
        },
    ]


def test_suggest_alias_prefix_and_accents(client, login, make_source) -> None:
    dostum = make_source("Abdul Rashid Dostum", aliases=["General Dóstum"])
    make_source("Generalitat de Catalunya", kind=SourceKind.GOVERNMENT)
    login(Role.VIEWER)
    found = client.get("/sources/suggest?q=general%20dos").get_json()
    assert [item["value"] for item in found] == [f"Abdul Rashid Dostum #{dostum}"]


def test_suggest_caps_at_ten_and_skips_retracted(client, login, make_source, retract) -> None:
    for n in range(12):
        make_source(f"Outlet {n:02d}", kind=SourceKind.OUTLET)
    gone = make_source("Outlet retracted", kind=SourceKind.OUTLET)
    retract(gone)
    login(Role.VIEWER)
    found = client.get("/sources/suggest?q=outlet").get_json()
    assert len(found) == 10
    assert [item["label"].split(" — ")[0] for item in found] == [
        f"Outlet {n:02d}" for n in range(10)
    ]


def test_suggest_empty_or_unmatched(client, login, make_source) -> None:
    make_source("Reuters")
    login(Role.VIEWER)
    assert client.get("/sources/suggest").get_json() == []
    assert client.get("/sources/suggest?q=%20%20").get_json() == []
    assert client.get("/sources/suggest?q=_").get_json() == []  # not a LIKE wildcard
    assert client.get("/sources/suggest?q=" + "x" * 5000).get_json() == []


def test_suggested_value_resolves_in_source_fields(app, client, login, make_source) -> None:
    """What the picker writes back ("Name #id") is what SourceField accepts."""
    from webapp.sources.fields import resolve_source

    first = make_source("Bismillah Khan")
    make_source("Bismillah Khan")  # a namesake: the #id tells them apart
    login(Role.VIEWER)
    value = client.get("/sources/suggest?q=bismillah").get_json()[0]["value"]
    assert value == f"Bismillah Khan #{first}"
    with app.test_request_context():
        assert resolve_source(value).id == first
