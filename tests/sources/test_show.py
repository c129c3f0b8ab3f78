"""The source page: details, reliability and its history, the claims linked to the source."""

from __future__ import annotations

import html
import re

import pytest

from webapp.core.permissions import Role
from webapp.sources.models import SourceKind


def section(body: str, anchor: str) -> str:
    """The HTML of one <section id=...> of the page."""
    return body.split(f'<section id="{anchor}"', 1)[1].split("</section>", 1)[0]


def test_details(client, login, make_source) -> None:
    source = make_source(
        "Abdul Rashid Dostum",
        aliases=["General Dostum", "Dostum"],
        description="Afghan general and politician.",
        homepage_url="https://example.org/dostum",
        country="Afghanistan",
        wikidata_id="Q311144",
        job_title="First Vice President",
        state="Jowzjan",
        party="Junbish",
    )
    login(Role.VIEWER)
    response = client.get(f"/sources/{source}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    for text in [
        "<h1>Abdul Rashid Dostum",
        "Person",
        "Dostum, General Dostum",
        "Afghan general and politician.",
        'href="https://example.org/dostum"',
        "Afghanistan",
        'href="https://www.wikidata.org/wiki/Q311144"',
        "First Vice President",
        "Jowzjan",
        "Junbish",
        "Not graded yet.",
    ]:
        assert text in body, text


def test_optional_fields_are_left_out(client, login, make_source) -> None:
    source = make_source("Unnamed reports", kind=SourceKind.UNNAMED)
    login(Role.VIEWER)
    body = client.get(f"/sources/{source}").get_data(as_text=True)
    assert "Unnamed source" in body
    for label in ["Wikidata", "Job title", "Party", "Homepage", "Other names"]:
        assert f"<dt>{label}</dt>" not in body


def test_unknown_source_is_404(client, login) -> None:
    login(Role.VIEWER)
    assert client.get("/sources/999999").status_code == 404


def test_grade_and_history_shown(client, login, make_source, grade) -> None:
    source = make_source("New Eastern Outlook", kind=SourceKind.OUTLET)
    grade(source, "C", "Mixed record.")
    grade(source, "E", "Several fabricated quotes in 2021.")
    login(Role.VIEWER)
    body = client.get(f"/sources/{source}").get_data(as_text=True)
    reliability = section(body, "reliability")
    assert "<strong>E — Unreliable</strong>" in reliability
    assert "Several fabricated quotes in 2021." in reliability
    history = reliability.split("Grade history", 1)[1]
    assert history.index("E — Unreliable") < history.index("C — Fairly reliable")
    assert "Mixed record." in history
    assert '<span class="grade-badge grade-e" title="Unreliable">E' in body


def test_claims_made_published_and_relayed(
    client, login, make_source, make_claim, make_document, make_verdict, appear
) -> None:
    outlet = make_source("New Eastern Outlook", kind=SourceKind.OUTLET)
    author = make_source("Vladimir Danilov")
    general = make_source("Bismillah Khan Mohammadi")
    agency = make_source("Anadolu Agency", kind=SourceKind.OUTLET)
    made = make_claim("Panjshir has a population of more than 140,000.", claimant_id=author)
    relayed = make_claim(
        "Resistance forces took three districts of Baghlan.",
        claimant_id=general,
        relay_ids=[agency],
    )
    make_verdict(made, rating="mostly-true")
    article = make_document(title="Panjshir resistance", publisher_id=outlet)
    appear(made, article)
    appear(relayed, article)
    login(Role.VIEWER)

    author_page = client.get(f"/sources/{author}").get_data(as_text=True)
    made_section = section(author_page, "made")
    assert 'Claims made <span class="count">(1)</span>' in made_section
    assert "Panjshir has a population of more than 140,000." in made_section
    assert "Concluded" in made_section
    assert "Mostly true" in made_section
    assert "No claim appears in a document" in section(author_page, "published")

    outlet_page = client.get(f"/sources/{outlet}").get_data(as_text=True)
    published = section(outlet_page, "published")
    assert '<span class="count">(2)</span>' in published
    assert "Panjshir has a population" in published
    assert "Resistance forces took three districts" in published
    assert "No verdict yet" in published
    assert "No recorded claim names this source" in section(outlet_page, "made")

    agency_page = client.get(f"/sources/{agency}").get_data(as_text=True)
    relayed_section = section(agency_page, "relayed")
    assert "Resistance forces took three districts of Baghlan." in relayed_section
    assert "New" in relayed_section
    assert "Panjshir" not in relayed_section


def test_claim_lists_are_capped(client, login, make_source, make_claim, monkeypatch) -> None:
    from webapp.sources import queries

    monkeypatch.setattr(queries, "CLAIMS_SHOWN", 2)
    source = make_source("Prolific")
    for n in range(3):
        make_claim(f"Statement number {n}.", claimant_id=source)
    login(Role.VIEWER)
    made = section(client.get(f"/sources/{source}").get_data(as_text=True), "made")
    assert "The 2 newest of 3." in made
    assert "Statement number 2." in made
    assert "Statement number 1." in made
    assert "Statement number 0." not in made
    older = re.search(r'href="\?made_before=(\d+)#made"', made)
    assert older, "a link to the older claims"
    page = client.get(f"/sources/{source}?made_before={older.group(1)}")
    older_made = section(page.get_data(as_text=True), "made")
    assert "Statement number 0." in older_made
    assert "Statement number 1." not in older_made
    assert "Older claims: 1 shown of 3." in older_made
    assert "made_before=" not in older_made, "no page after the oldest"
    bad = client.get(f"/sources/{source}?made_before=12x")
    assert bad.status_code == 400
    assert "made_before must be a claim number." in bad.get_data(as_text=True)


def test_claims_link_to_claim_pages_when_served(app, client, login, make_source, make_claim):
    source = make_source("Speaker")
    claim = make_claim("A linked statement.", claimant_id=source)
    if "claims.show" not in app.view_functions:
        # The claims pages are not installed in this tree yet: serve a stand-in.
        app.add_url_rule("/claims/<int:claim_id>", "claims.show", lambda claim_id: "claim")
    login(Role.VIEWER)
    body = client.get(f"/sources/{source}").get_data(as_text=True)
    assert f'<a href="/claims/{claim}">A linked statement.</a>' in body


@pytest.mark.fresh_app  # it removes a view from the app
def test_claims_are_text_without_claim_pages(app, client, login, make_source, make_claim):
    source = make_source("Speaker")
    make_claim("An unlinked statement.", claimant_id=source)
    app.view_functions.pop("claims.show", None)
    login(Role.VIEWER)
    body = client.get(f"/sources/{source}").get_data(as_text=True)
    assert "<td>An unlinked statement.</td>" in body


def test_history_is_a_readable_diff(client, login, make_source, grade, retract) -> None:
    checker = login(Role.EDITOR)
    response = client.post(
        "/sources/new", data={"name": "Reuters", "kind": "outlet", "aliases": "Reuters News"}
    )
    source = int(response.headers["Location"].rsplit("/", 1)[1])
    client.post(
        f"/sources/{source}/edit",
        data={"name": "Reuters", "kind": "outlet", "country": "United Kingdom", "version": "1"},
    )
    grade(source, "B", "Usually right.")
    retract(source, "Duplicate of Thomson Reuters.")
    body = html.unescape(client.get(f"/sources/{source}").get_data(as_text=True))
    history = section(body, "history")
    actions = [history.index(word) for word in ["Retracted", "Graded", "Edited", "Created"]]
    assert actions == sorted(actions), "newest first"
    assert f"Edited</strong> by {checker.display_name}" in history
    assert "Graded</strong> by System (command line or import)" in history
    edited = history.split("Edited", 1)[1].split("</table>", 1)[0]
    assert (
        '<th scope="row">Country</th><td class="old">—</td><td class="new">United Kingdom</td>'
        in edited
    )
    assert (
        '<th scope="row">Other names</th><td class="old">Reuters News</td><td class="new">—</td>'
        in edited
    )
    graded = history.split("Graded", 1)[1].split("</table>", 1)[0]
    assert '<td class="old">—</td><td class="new">B (Usually reliable)</td>' in graded
    created = history.split("Created", 1)[1].split("</table>", 1)[0]
    assert (
        '<th scope="row">Kind</th><td class="old">—</td><td class="new">News outlet</td>' in created
    )
    assert "Description" not in created  # empty fields of a new source are left out
    retracted = history.split("Retracted", 1)[1].split("</table>", 1)[0]
    assert "Duplicate of Thomson Reuters." in retracted
