"""The sources list: search, filters, sorting, keyset pagination, counts and empty states."""

from __future__ import annotations

import re

import pytest

from webapp.core.permissions import Role
from webapp.sources.models import SourceKind


def names_in(body: str) -> list[str]:
    """The source names of the list's rows, in order."""
    table = body.split('<table class="table sources-table">', 1)
    if len(table) < 2:
        return []
    return re.findall(r'<a href="/sources/\d+">([^<]+)</a>', table[1].split("</table>", 1)[0])


def test_lists_sources_with_claim_counts(client, login, make_source, make_claim) -> None:
    dostum = make_source("Abdul Rashid Dostum", aliases=["General Dostum"])
    make_source("Anadolu Agency", kind=SourceKind.OUTLET)
    make_claim("There is no room for the Taliban in the north.", claimant_id=dostum)
    make_claim("Another statement.", claimant_id=dostum)
    login(Role.VIEWER)
    response = client.get("/sources")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert names_in(body) == ["Abdul Rashid Dostum", "Anadolu Agency"]
    assert "2 sources." in body
    assert "also General Dostum" in body
    assert "News outlet" in body
    row = body.split("Abdul Rashid Dostum</a>", 1)[1].split("</tr>", 1)[0]
    assert '<td class="numeric">2</td>' in row


def test_retracted_claims_do_not_count(app, client, login, make_source, make_claim, sess) -> None:
    from webapp.claims.models import Claim
    from webapp.claims.operations import retract_claim

    source = make_source("Spokesman")
    make_claim("Kept.", claimant_id=source)
    gone = make_claim("Withdrawn.", claimant_id=source)
    retract_claim(sess, actor=None, claim=sess.get(Claim, gone), reason="Duplicate")
    sess.commit()
    login(Role.VIEWER)
    body = client.get("/sources").get_data(as_text=True)
    assert '<td class="numeric">1</td>' in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dostum", ["Abdul Rashid Dóstum"]),  # accent- and case-insensitive
        ("DÓSTUM", ["Abdul Rashid Dóstum"]),
        ("rashid", ["Abdul Rashid Dóstum"]),  # substring, not only prefix
        ("Anadolu", ["Anadolu Agency"]),
        ("aa", ["Anadolu Agency"]),  # an alias
        ("general", ["Abdul Rashid Dóstum"]),  # a word inside an alias
        ("100%", []),  # LIKE wildcards are searched literally
        ("nobody", []),
    ],
)
def test_search_by_name_or_alias(client, login, make_source, query, expected) -> None:
    make_source("Abdul Rashid Dóstum", aliases=["General Dostum"])
    make_source("Anadolu Agency", kind=SourceKind.OUTLET, aliases=["AA"])
    make_source("Reuters", kind=SourceKind.OUTLET)
    login(Role.VIEWER)
    response = client.get("/sources", query_string={"q": query})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert names_in(body) == expected
    if not expected:
        assert "No source matches these filters." in body
        assert "add a new source" not in body  # a viewer may not add one


def test_filters_kind_grade_and_graded(client, login, make_source, grade) -> None:
    person = make_source("Bismillah Khan Mohammadi")
    outlet = make_source("New Eastern Outlook", kind=SourceKind.OUTLET)
    agency = make_source("Anadolu Agency", kind=SourceKind.OUTLET)
    grade(outlet, "B")
    grade(outlet, "E", "Repeated fabrications since.")  # the current grade is the latest
    grade(person, "B")
    login(Role.VIEWER)

    def listed(**args: str) -> list[str]:
        response = client.get("/sources", query_string=args)
        assert response.status_code == 200
        return names_in(response.get_data(as_text=True))

    assert listed(kind="outlet") == ["Anadolu Agency", "New Eastern Outlook"]
    assert listed(kind="person") == ["Bismillah Khan Mohammadi"]
    assert listed(graded="yes") == ["Bismillah Khan Mohammadi", "New Eastern Outlook"]
    assert listed(graded="no") == ["Anadolu Agency"]
    assert listed(grade="E") == ["New Eastern Outlook"]
    assert listed(grade="B") == ["Bismillah Khan Mohammadi"]
    assert listed(grade="B", kind="outlet") == []
    assert agency  # listed above as the only ungraded source


def test_bogus_filter_values_fall_back_to_defaults(client, login, make_source) -> None:
    make_source("Reuters", kind=SourceKind.OUTLET)
    login(Role.VIEWER)
    response = client.get(
        "/sources", query_string={"kind": "planet", "grade": "Z", "sort": "random", "cursor": "%%"}
    )
    assert response.status_code == 200
    assert names_in(response.get_data(as_text=True)) == ["Reuters"]


def test_retracted_hidden_unless_asked_for(client, login, make_source, retract) -> None:
    make_source("Live outlet", kind=SourceKind.OUTLET)
    gone = make_source("Duplicate outlet", kind=SourceKind.OUTLET)
    retract(gone)
    login(Role.VIEWER)
    body = client.get("/sources").get_data(as_text=True)
    assert names_in(body) == ["Live outlet"]
    assert "1 source." in body
    body = client.get("/sources", query_string={"retracted": "y"}).get_data(as_text=True)
    assert names_in(body) == ["Duplicate outlet", "Live outlet"]
    assert "retracted ones included" in body
    assert '<span class="tag-retracted">retracted</span>' in body
    # Still reachable by its URL.
    page = client.get(f"/sources/{gone}")
    assert page.status_code == 200
    assert "Merged into another source." in page.get_data(as_text=True)


def test_sort_orders(client, login, make_source, make_claim) -> None:
    first = make_source("Charlie")
    second = make_source("alpha")  # sorts by the folded name, so before "Bravo"
    third = make_source("Bravo")
    make_claim("One.", claimant_id=third)
    make_claim("Two.", claimant_id=third)
    make_claim("Three.", claimant_id=first)
    login(Role.VIEWER)
    assert names_in(client.get("/sources").get_data(as_text=True)) == ["alpha", "Bravo", "Charlie"]
    newest = client.get("/sources", query_string={"sort": "newest"}).get_data(as_text=True)
    assert names_in(newest) == ["Bravo", "alpha", "Charlie"]
    most = client.get("/sources", query_string={"sort": "claims"}).get_data(as_text=True)
    assert names_in(most) == ["Bravo", "Charlie", "alpha"]
    assert second


@pytest.mark.parametrize("sort", ["name", "newest", "claims"])
def test_keyset_pagination_visits_every_source_once(
    app, client, login, make_source, make_claim, sort
) -> None:
    app.config["PAGE_SIZE"] = 2
    ids = [make_source(f"Source {letter}") for letter in "EDCBA"]
    for count, source_id in enumerate(ids):
        for n in range(count % 3):  # ties in the claims count exercise the id tie-break
            make_claim(f"Claim {n} of {source_id}.", claimant_id=source_id)
    login(Role.VIEWER)
    seen: list[str] = []
    url = f"/sources?sort={sort}"
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        assert "5 sources." in body  # the total counts every page, not only this one
        rows = names_in(body)
        assert 1 <= len(rows) <= 2
        seen.extend(rows)
        pages += 1
        found = re.search(r'<a href="([^"]+)" rel="next">Next page</a>', body)
        url = found.group(1).replace("&amp;", "&") if found else ""
        if pages > 1:
            assert "First page" in body
    assert pages == 3
    assert sorted(seen) == [f"Source {letter}" for letter in "ABCDE"]
    assert len(set(seen)) == 5
    if sort == "name":
        assert seen == sorted(seen)


def test_next_page_link_keeps_filters(app, client, login, make_source) -> None:
    app.config["PAGE_SIZE"] = 1
    make_source("Outlet one", kind=SourceKind.OUTLET)
    make_source("Outlet two", kind=SourceKind.OUTLET)
    make_source("A person")
    login(Role.VIEWER)
    body = client.get("/sources?kind=outlet&q=outlet").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)" rel="next">', body).group(1).replace("&amp;", "&")
    assert "kind=outlet" in link
    assert "q=outlet" in link
    second = client.get(link).get_data(as_text=True)
    assert names_in(second) == ["Outlet two"]
    assert 'rel="next"' not in second


def test_empty_state_offers_to_add_for_checkers(client, login) -> None:
    login(Role.CHECKER)
    body = client.get("/sources").get_data(as_text=True)
    assert "No sources are recorded yet." in body
    assert 'href="/sources/new">Add the first source</a>' in body


def test_empty_state_for_viewers(client, login) -> None:
    login(Role.VIEWER)
    body = client.get("/sources").get_data(as_text=True)
    assert "No sources are recorded yet." in body
    assert "/sources/new" not in body
    assert "Ask a checker to add one." in body
