"""Intake pages: a document from text, its candidate claims, and a claim from a candidate."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from webapp import db
from webapp.core.errors import OperationError, PermissionDenied
from webapp.core.forms import show_operation_error
from webapp.core.permissions import Role, has_role, require_role
from webapp.documents import operations as document_operations
from webapp.documents.models import Document
from webapp.documents.views import document_data, load_document, show_error
from webapp.intake import display, operations, queries, suggest
from webapp.intake.forms import CandidateForm, TextDocumentForm, ThresholdForm
from webapp.intake.prefill import candidate_form
from webapp.intake.textfile import MAX_UPLOAD_BYTES, UnreadableFile, normalise_text, read_upload
from webapp.matching.queries import LIKELY_SCORE, Match, similar_claims
from webapp.sources.models import SourceKind

bp = Blueprint("intake", __name__, template_folder="templates")

MAX_SHOWN = 150  # candidates listed at once (each has a form); a higher threshold shows fewer
# "Checked before?" costs one bounded lookup per candidate (tens of ms at a million claims):
# the first ones shown get it, so a long document's page still opens quickly.
MAX_MATCH_LOOKUPS = 40
FORM_FIELDS = {"claimant_id": "claimant", "relay_ids": "relays", "quote": None}


def _text(form: TextDocumentForm) -> str | None:
    """The pasted or uploaded text; None (with a field error) when there is none or it is bad."""
    upload: Any = form.upload.data
    pasted = form.body.data or ""
    file_name = str(getattr(upload, "filename", None) or "")
    if file_name:
        if pasted.strip():
            form.upload.errors = ["Paste the text or upload a file, not both."]
            return None
        try:
            return read_upload(file_name, upload.stream.read(MAX_UPLOAD_BYTES + 1))
        except UnreadableFile as error:
            form.upload.errors = [str(error)]
            return None
    text = normalise_text(pasted)
    if not text.strip():
        form.body.errors = [*form.body.errors, "Paste the article's text, or upload a file."]
        return None
    return text


@bp.route("/documents/new/text", methods=["GET", "POST"])
@require_role(Role.CHECKER)
def new_document() -> ResponseReturnValue:
    form = TextDocumentForm()
    if request.method == "GET":
        form.retrieved_on.data = dt.date.today()
    if form.validate_on_submit():
        text = _text(form)
        if text is not None:
            data = dataclasses.replace(document_data(form), body=text)
            try:
                document = document_operations.create_document(
                    db.session(), actor=current_user, data=data
                )
            except OperationError as error:
                show_error(form, error)
            else:
                flash(f"Document “{document.title}” added; pick its claims below.", "success")
                return redirect(url_for("intake.show", document_id=document.id))
    status = 400 if form.errors else 200
    return render_template("intake/new.html", form=form), status


@dataclass
class Row:
    """One candidate on the page: its suggestions, and its form or the claim made from it."""

    candidate: suggest.Candidate
    number: int
    claim_id: int | None
    form: CandidateForm | None
    notes: list[str]
    matches: list[Match] = dataclasses.field(default_factory=list)


def _controls() -> tuple[ThresholdForm, float, str]:
    controls = ThresholdForm(request.args)
    if request.args and not controls.validate():
        return controls, suggest.DEFAULT_THRESHOLD, "text"
    threshold = controls.threshold.data
    if threshold is None:
        controls.threshold.data = suggest.DEFAULT_THRESHOLD  # shown in the field
    return (
        controls,
        suggest.DEFAULT_THRESHOLD if threshold is None else threshold,
        controls.order.data or "text",
    )


def _page(
    document: Document, failed: tuple[int, CandidateForm] | None = None
) -> ResponseReturnValue:
    sess = db.session()
    controls, threshold, order = _controls()
    created = queries.claims_by_offsets(sess, document.id)
    analysis = suggest.analyse(document.body, document.published_on)
    numbers = {c.span.start: number for number, c in enumerate(analysis, start=1)}
    shown = [
        c
        for c in analysis
        if c.score.total >= threshold
        or (c.span.start, c.span.end) in created
        or (failed and failed[0] == c.span.start)
    ]
    if order == "score":
        shown.sort(key=lambda c: -c.score.total)
    more = max(0, len(shown) - MAX_SHOWN)
    shown = shown[:MAX_SHOWN]
    may_create = has_role(current_user, Role.CHECKER) and document.retracted_at is None
    rows = []
    lookups = 0
    for candidate in shown:
        claim_id = created.get((candidate.span.start, candidate.span.end))
        form: CandidateForm | None = None
        notes: list[str] = []
        if claim_id is None and may_create:
            if failed and failed[0] == candidate.span.start:
                form = failed[1]
            else:
                form, notes = candidate_form(sess, document, candidate)
        matches: list[Match] = []
        if claim_id is None and lookups < MAX_MATCH_LOOKUPS:
            lookups += 1
            matches = similar_claims(sess, candidate.span.text, limit=2, min_score=LIKELY_SCORE)
        rows.append(Row(candidate, numbers[candidate.span.start], claim_id, form, notes, matches))
    status = 400 if controls.errors or failed else 200
    return render_template(
        "intake/show.html",
        document=document,
        controls=controls,
        rows=rows,
        more=more,
        sentence_count=len(analysis),
        paragraphs=display.paragraphs(document.body, shown),
        level=display.level,
        created=created,
        query={"threshold": request.args.get("threshold"), "order": request.args.get("order")},
    ), status


@bp.route("/documents/<int:document_id>/intake")
@require_role(Role.VIEWER)
def show(document_id: int) -> ResponseReturnValue:
    return _page(load_document(document_id))


def _show_error(form: CandidateForm, error: OperationError) -> None:
    name = FORM_FIELDS.get(error.field or "", error.field)
    show_operation_error(form, OperationError(error.message, field=name))


@bp.route("/documents/<int:document_id>/intake/<int:start>-<int:end>/claim", methods=["POST"])
@require_role(Role.CHECKER)
def create_claim(document_id: int, start: int, end: int) -> ResponseReturnValue:
    document = load_document(document_id)
    if document.retracted_at is not None:
        abort(400, description="This document is retracted; restore it before adding claims.")
    form = CandidateForm(prefix=f"c{start}")
    if form.validate_on_submit():
        candidate = operations.CandidateClaim(
            data=form.claim_data(),
            start=start,
            end=end,
            new_claimant=form.claimant.new_name,
            claimant_kind=SourceKind(form.claimant_kind.data),
            relays=list(form.relays.entries),
        )
        try:
            claim = operations.create_claim_from_sentence(
                db.session(), actor=current_user, document=document, candidate=candidate
            )
        except PermissionDenied as error:
            abort(403, description=str(error))
        except OperationError as error:
            _show_error(form, error)
        else:
            flash(f"Claim #{claim.id} created.", "success")
            if similar_claims(
                db.session(), claim.statement, exclude_id=claim.id, limit=1, min_score=LIKELY_SCORE
            ):
                flash(
                    f"Claim #{claim.id} looks checked before: see “Checked before?” on its page.",
                    "warning",
                )
            args: dict[str, Any] = {
                k: v for k, v in request.args.items() if k in ("threshold", "order") and v
            }
            target = url_for("intake.show", document_id=document.id, **args)
            return redirect(f"{target}#candidate-{start}")
    csrf = getattr(form, "csrf_token", None)
    if csrf is not None and csrf.errors:
        form.form_errors.append("The form expired; reload the page and try again.")
    return _page(document, failed=(start, form))
