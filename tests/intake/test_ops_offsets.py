"""Appearances located by character offsets in a document's stored text (the operation)."""

from __future__ import annotations

import pytest

from webapp.claims.models import Claim
from webapp.core.errors import OperationError
from webapp.documents.models import Document
from webapp.documents.operations import DocumentData, add_appearance, update_document


def test_offsets_give_the_exact_quote(sess, make_claim, make_document):
    # Rows first (the factories commit in their own sessions), then the session under test.
    document_id, claim_id = (
        make_document("T", body="One. Some 10,000 fighters left. Two."),
        make_claim(),
    )
    document, claim = sess.get(Document, document_id), sess.get(Claim, claim_id)
    appearance = add_appearance(
        sess, actor=None, claim=claim, document=document, quote_start=5, quote_end=31
    )
    assert appearance.quote == "Some 10,000 fighters left."


@pytest.mark.parametrize(
    ("quote", "start", "end", "reason"),
    [
        ("", 5, None, "offsets"),
        ("", 10, 5, "offsets"),
        ("", -1, 4, "offsets"),
        ("", 0, 999, "offsets"),
        ("Something else.", 5, 31, "differs"),
    ],
)
def test_offsets_that_do_not_fit_are_refused(
    sess, make_claim, make_document, quote, start, end, reason
):
    # Rows first (the factories commit in their own sessions), then the session under test.
    document_id, claim_id = (
        make_document("T", body="One. Some 10,000 fighters left. Two."),
        make_claim(),
    )
    document, claim = sess.get(Document, document_id), sess.get(Claim, claim_id)
    with pytest.raises(OperationError, match=reason) as raised:
        add_appearance(
            sess,
            actor=None,
            claim=claim,
            document=document,
            quote=quote,
            quote_start=start,
            quote_end=end,
        )
    assert raised.value.field == "quote"


def test_editing_a_document_keeps_its_text(make_document, sess):
    document = sess.get(Document, make_document("T", body="The text."))
    update_document(
        sess,
        actor=None,
        document=document,
        data=DocumentData(title="New title"),
        expected_version=None,
    )
    assert (document.title, document.body) == ("New title", "The text.")
