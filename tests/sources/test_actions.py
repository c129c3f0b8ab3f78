"""Grading, retracting and restoring sources from the source page."""

from __future__ import annotations

import html

from webapp.core.permissions import Role
from webapp.sources.models import AdmiraltyGrade, SourceKind


def test_grade_form_shown_to_editors_only(client, login, make_source, make_user) -> None:
    from tests.conftest import sign_in

    source = make_source("Reuters", kind=SourceKind.OUTLET)
    login(Role.CHECKER)
    body = client.get(f"/sources/{source}").get_data(as_text=True)
    assert f'action="/sources/{source}/grade"' not in body
    assert f'action="/sources/{source}/retract"' not in body
    assert f'href="/sources/{source}/edit"' in body
    client.post("/logout")
    sign_in(client, make_user(Role.EDITOR))
    body = client.get(f"/sources/{source}").get_data(as_text=True)
    assert f'action="/sources/{source}/grade"' in body
    assert '<option value="B">B — Usually reliable</option>' in body
    assert f'action="/sources/{source}/retract"' in body


def test_viewer_sees_no_action_buttons(client, login, make_source) -> None:
    source = make_source("Reuters", kind=SourceKind.OUTLET)
    login(Role.VIEWER)
    body = client.get(f"/sources/{source}").get_data(as_text=True)
    assert f"/sources/{source}/edit" not in body
    assert f"/sources/{source}/grade" not in body
    assert f"/sources/{source}/retract" not in body


def test_grade_twice_keeps_history(client, login, make_source, source_row, audit_entries) -> None:
    source = make_source("New Eastern Outlook", kind=SourceKind.OUTLET)
    editor = login(Role.EDITOR)
    first = client.post(f"/sources/{source}/grade", data={"grade": "C", "rationale": "Mixed."})
    assert first.status_code == 302
    assert first.headers["Location"].endswith(f"/sources/{source}#reliability")
    second = client.post(
        f"/sources/{source}/grade", data={"grade": "E", "rationale": "Fabricated quotes."}
    )
    assert second.status_code == 302
    stored = source_row(source)
    assert [g.grade for g in stored.grades] == [AdmiraltyGrade.E, AdmiraltyGrade.C]
    assert stored.grades[0].graded_by_id == editor.id
    grades = [e for e in audit_entries(source) if e.action == "grade"]
    assert [e.changes["grade"] for e in grades] == [[None, "C"], ["C", "E"]]
    assert grades[1].changes["grade_rationale"] == ["Mixed.", "Fabricated quotes."]
    assert all(e.actor_id == editor.id for e in grades)
    page = html.unescape(client.get(f"/sources/{source}").get_data(as_text=True))
    assert "New Eastern Outlook graded E (Unreliable)." in page
    assert f"by {editor.display_name}" in page
    assert '<option selected value="E">' in page  # the form starts at the current grade


def test_grade_needs_a_rationale(client, login, make_source, source_row) -> None:
    source = make_source("Reuters", kind=SourceKind.OUTLET)
    login(Role.EDITOR)
    response = client.post(f"/sources/{source}/grade", data={"grade": "A", "rationale": "  "})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Say why the source deserves this grade." in body
    assert '<details class="grade-form" open>' in body
    assert '<option selected value="A">' in body
    assert source_row(source).grades == []


def test_grade_refuses_an_unknown_letter(client, login, make_source) -> None:
    source = make_source("Reuters", kind=SourceKind.OUTLET)
    login(Role.EDITOR)
    response = client.post(f"/sources/{source}/grade", data={"grade": "G", "rationale": "x"})
    assert response.status_code == 400
    assert "Not a valid choice." in response.get_data(as_text=True)


def test_retract_and_restore(client, login, make_source, source_row, audit_entries) -> None:
    source = make_source("Duplicate Reuters", kind=SourceKind.OUTLET)
    editor = login(Role.EDITOR)
    response = client.post(f"/sources/{source}/retract", data={"reason": "Duplicate of #1."})
    assert response.status_code == 302
    stored = source_row(source)
    assert stored.is_retracted
    assert stored.retraction_reason == "Duplicate of #1."
    page = client.get(f"/sources/{source}").get_data(as_text=True)
    assert "<strong>Retracted</strong>" in page
    assert f'action="/sources/{source}/restore"' in page
    assert f'action="/sources/{source}/retract"' not in page
    assert "Duplicate Reuters" not in client.get("/sources").get_data(as_text=True)
    assert client.get("/sources/suggest?q=duplicate").get_json() == []

    assert client.post(f"/sources/{source}/restore").status_code == 302
    assert not source_row(source).is_retracted
    assert "Duplicate Reuters" in client.get("/sources").get_data(as_text=True)
    entries = audit_entries(source)
    assert [e.action for e in entries] == ["create", "retract", "restore"]
    assert entries[1].actor_id == editor.id
    assert entries[1].changes == {
        "retracted": [False, True],
        "retraction_reason": [None, "Duplicate of #1."],
    }


def test_retract_needs_a_reason(client, login, make_source, source_row) -> None:
    source = make_source("Reuters", kind=SourceKind.OUTLET)
    login(Role.EDITOR)
    response = client.post(f"/sources/{source}/retract", data={"reason": ""})
    assert response.status_code == 400
    assert '<p id="reason-error" class="error">Give a reason.</p>' in response.get_data(
        as_text=True
    )
    assert not source_row(source).is_retracted


def test_retract_twice_and_restore_live_are_refused(client, login, make_source, retract) -> None:
    live = make_source("Live")
    login(Role.EDITOR)
    response = client.post(f"/sources/{live}/restore")
    assert response.status_code == 400
    assert "This source is not retracted." in response.get_data(as_text=True)
    gone = make_source("Gone")
    retract(gone)
    again = client.post(f"/sources/{gone}/retract", data={"reason": "Again."})
    assert again.status_code == 400
    assert "This source is already retracted." in again.get_data(as_text=True)
