"""The readable history partial (templates/_history.html) and its word-level diff."""

from __future__ import annotations

import re

from flask import render_template
from sqlalchemy import select

from webapp import db
from webapp.claims.display import history_cells, history_rows, word_diff
from webapp.core.audit import AuditEntry
from webapp.core.permissions import Role


def test_word_diff_marks_removed_and_inserted_words() -> None:
    before, after = word_diff(
        "About 10,000 fighters have left for Panjshir province.",
        "About 9,000 fighters have now left for Panjshir.",
    )
    assert (
        str(before)
        == "About <del>10,000</del> fighters have left for <del>Panjshir province.</del>"
    )
    assert (
        str(after)
        == "About <ins>9,000</ins> fighters have <ins>now</ins> left for <ins>Panjshir.</ins>"
    )


def test_word_diff_escapes_the_text() -> None:
    before, after = word_diff(
        "The <b>old</b> wording & more of the same words", "The <i>new</i> wording & more of it"
    )
    assert "<b>" not in before
    assert "<i>" not in after
    assert str(before).startswith("The <del>&lt;b&gt;old&lt;/b&gt;</del> wording &amp; more of")
    assert str(after).startswith("The <ins>&lt;i&gt;new&lt;/i&gt;</ins> wording &amp; more of")


def test_word_diff_of_equal_text_marks_nothing() -> None:
    text = "Panjshir has a population of more than 140,000."
    before, after = word_diff(text, text)
    assert str(before) == str(after) == text


def test_short_values_are_shown_whole() -> None:
    before, after = history_cells("new", "in_review")
    assert (str(before), str(after)) == ("new", "in_review")
    before, after = history_cells(None, ["Panjshir", "<Taliban>"])
    assert str(before) == '<span class="muted">(empty)</span>'
    assert str(after) == "Panjshir, &lt;Taliban&gt;"
    assert tuple(map(str, history_cells(True, False))) == ("yes", "no")
    assert tuple(map(str, history_cells(10000.0, 2.5))) == ("10,000", "2.5")


def test_rows_follow_the_labels_and_skip_empty_changes() -> None:
    rows = history_rows(
        {"quote": [None, ""], "tags": [None, ["A"]], "statement": [None, "S"], "zeta": [1, 2],
         "claimant_id": [None, 4], "claimant": [None, "Dostum"], "document_id": [None, 3]},
        {"statement": "Statement", "claimant": "Claimant", "tags": "Tags"},
    )  # fmt: skip
    assert [(label, str(before), str(after)) for label, before, after in rows] == [
        ("Statement", '<span class="muted">(empty)</span>', "S"),
        ("Claimant", '<span class="muted">(empty)</span>', "Dostum"),
        ("Tags", '<span class="muted">(empty)</span>', "A"),
        ("Document id", '<span class="muted">(empty)</span>', "3"),
        ("Zeta", "1", "2"),
    ]


def test_partial_renders_entries(app, make_user) -> None:
    user = make_user(Role.EDITOR)
    with app.test_request_context():
        sess = db.session()
        sess.add_all(
            [
                AuditEntry(
                    actor_id=user.id, action="update", entity_type="claim", entity_id=7,
                    summary="Edited <claim>",
                    changes={"statement": ["The old long statement about the <b>fighters</b>.",
                                           "The new long statement about the <b>fighters</b>."],
                             "place": [None, "Kabul"]},
                ),
                AuditEntry(actor_id=None, action="status", entity_type="claim", entity_id=7,
                           changes={}),
            ]
        )  # fmt: skip
        sess.flush()
        entries = list(sess.scalars(select(AuditEntry).where(AuditEntry.entity_id == 7)))
        html = render_template("_history.html", entries=entries)
    assert html.index(">update<") < html.index(">status<")
    assert "Test Editor" in html
    assert "System" in html
    assert "Edited &lt;claim&gt;" in html
    assert "The <del>old</del> long statement about the &lt;b&gt;fighters&lt;/b&gt;." in html
    assert "The <ins>new</ins> long statement" in html
    assert re.search(
        r"<th scope=\"row\">Place</th>\s*<td[^>]*><span class=\"muted\">\(empty\)", html
    )
    assert html.count("<table") == 1, "an entry without changes has no table"


def test_partial_without_entries(app) -> None:
    with app.test_request_context():
        assert "No recorded changes yet." in render_template("_history.html", entries=[])


def test_claim_history_marks_an_edited_quote(app, client, login, make_claim) -> None:
    login(Role.CHECKER)
    claim_id = make_claim(
        "Dostum says there is no room for the Taliban.",
        quote="There is no room for the Taliban in the north of Afghanistan.",
    )
    response = client.post(
        f"/claims/{claim_id}/edit",
        data={"statement": "Dostum says there is no room for the Taliban.", "language": "en",
              "quote": "There is no place for the Taliban in the north of Afghanistan, he said.",
              "checkable": "y", "version": "1"},
    )  # fmt: skip
    assert response.status_code == 302
    html = client.get(f"/claims/{claim_id}").text
    history = html[html.index('id="history"') :]
    assert (
        "There is no <del>room</del> for the Taliban in the north of <del>Afghanistan.</del>"
        in history
    )
    assert (
        "There is no <ins>place</ins> for the Taliban in the north of <ins>Afghanistan, he said.</ins>"
        in history
    )
    assert re.search(r"Original quote</th>", history)
