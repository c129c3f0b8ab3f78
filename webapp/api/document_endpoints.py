"""Appearances of claims in documents, and documents: ``/api/v1/claims/<id>/appearances``."""

from __future__ import annotations

from typing import Any

from flask import jsonify, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from webapp import db
from webapp.api import serialize
from webapp.api.blueprint import acting_user, bp, created, load, operation_failed
from webapp.api.bodies import as_date, body
from webapp.claims.models import Claim
from webapp.core.errors import OperationError
from webapp.documents import operations, queries
from webapp.documents.models import Appearance, Document
from webapp.users.models import User


def _document(sess: Session, actor: User, fields: dict[str, Any]) -> Document:
    """The recorded document the body names, or a new one it describes."""
    if "document_id" in fields:
        document = sess.get(Document, fields["document_id"])
        if document is None:
            raise OperationError(f"There is no document #{fields['document_id']}.", "document_id")
        return document
    described = dict(fields["document"])
    for name in ("published_on", "retrieved_on"):
        if name in described:
            described[name] = as_date(described[name], f"document.{name}")
    try:
        return operations.create_document(
            sess, actor=actor, data=operations.DocumentData(**described)
        )
    except OperationError as failure:
        raise operation_failed(failure, prefix="document.") from None


@bp.post("/claims/<api_id:claim_id>/appearances")
def add_appearance(claim_id: int) -> ResponseReturnValue:
    """Record where a claim appeared: in a recorded document or in a new one (both or neither)."""
    fields = body("appearance-create")
    claim = load(Claim, claim_id, "claim")
    sess, actor = db.session(), acting_user()
    document = _document(sess, actor, fields)
    appearance = operations.add_appearance(
        sess,
        actor=actor,
        claim=claim,
        document=document,
        quote=fields.get("quote", ""),
        is_first=fields.get("is_first", False),
        note=fields.get("note"),
    )
    location = url_for("api.get_appearance", appearance_id=appearance.id)
    return created(serialize.appearance(appearance), location)


@bp.get("/appearances/<api_id:appearance_id>")
def get_appearance(appearance_id: int) -> ResponseReturnValue:
    return jsonify(serialize.appearance(load(Appearance, appearance_id, "appearance")))


@bp.get("/documents/<api_id:document_id>")
def get_document(document_id: int) -> ResponseReturnValue:
    """A document and every claim that appeared in it (retracted appearances marked)."""
    document = load(Document, document_id, "document")
    appearances = queries.appearances_in_document(db.session(), document.id, True)
    return jsonify(serialize.document(document, appearances=appearances))
