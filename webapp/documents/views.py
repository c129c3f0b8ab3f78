"""Pages of the documents domain: the list, a document, and its create and edit forms.

The appearance pages (a claim's appearances in documents) live in ``appearance_views``,
which adds its routes to the same blueprint.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from webapp import db
from webapp.core import audit
from webapp.core.errors import ConflictError, OperationError
from webapp.core.forms import show_operation_error, submitted_version
from webapp.core.permissions import Role, require_role
from webapp.documents import operations, queries
from webapp.documents.forms import ActionForm, DocumentFilterForm, DocumentForm, RetractForm
from webapp.documents.models import Document

bp = Blueprint("documents", __name__, template_folder="templates")

# Operations name model attributes; the forms name what the user picks.
FIELD_FOR = {"publisher_id": "publisher", "author_id": "author", "document_id": "document"}


def show_error(form: Any, error: OperationError) -> None:
    """Show an operation's error on the form, linking to the document that holds a taken URL."""
    field = FIELD_FOR.get(error.field or "", error.field)
    taken_url = (form.url.data or "").strip() if field == "url" and hasattr(form, "url") else ""
    other = operations.document_with_url(db.session(), taken_url) if taken_url else None
    if other is not None:
        link = url_for("documents.show", document_id=other.id)
        message = Markup('{} See <a href="{}">{} (#{})</a>.').format(
            error.message, link, other.title, other.id
        )
        form.url.errors = [*form.url.errors, message]
        return
    show_operation_error(form, OperationError(error.message, field=field))


def load_document(document_id: int) -> Document:
    document = queries.document_by_id(db.session(), document_id)
    if document is None:
        abort(404, description="No document with this number.")
    return document


def _filter_from(form: DocumentFilterForm) -> queries.DocumentFilter:
    return queries.DocumentFilter(
        text=form.q.data or "",
        publisher_id=form.publisher.source_id,
        published_from=form.published_from.data,
        published_to=form.published_to.data,
        show_retracted=bool(form.show_retracted.data),
        sort=queries.DocumentSort(form.sort.data),
    )


@bp.route("/documents")
@require_role(Role.VIEWER)
def index() -> ResponseReturnValue:
    # An empty parameter ("?sort=") means the same as a missing one: the default.
    given = MultiDict([(k, v) for k, v in request.args.items(multi=True) if v.strip()])
    publisher_id = request.args.get("publisher_id", type=int)
    form = DocumentFilterForm(formdata=given, meta={"csrf": False}, publisher=publisher_id)
    if publisher_id is not None and not form.publisher.data:
        # An unknown id must not silently drop the filter: let validation name it.
        form.publisher.data = f"#{publisher_id}"
    if not form.validate():
        return render_template("documents/index.html", form=form, page=None, counts={}), 400
    sess = db.session()
    flt = _filter_from(form)
    page = queries.document_page(
        sess, flt, request.args.get("after"), current_app.config["PAGE_SIZE"]
    )
    counts = queries.claim_counts(sess, [document.id for document in page.items])
    args: dict[str, Any] = {
        k: v for k, v in request.args.items() if k not in ("after", "publisher_id") and v
    }
    if form.publisher.data:
        args["publisher"] = form.publisher.data
    return render_template(
        "documents/index.html",
        form=form,
        page=page,
        counts=counts,
        filtered=any(k != "sort" for k in args),
        next_url=url_for("documents.index", **args, after=page.next_cursor)
        if page.next_cursor
        else None,
        first_url=url_for("documents.index", **args) if request.args.get("after") else None,
    )


def _render_show(document: Document, retract_form: RetractForm | None = None) -> str:
    sess = db.session()
    show_retracted = bool(request.args.get("show_retracted"))
    return render_template(
        "documents/show.html",
        document=document,
        appearances=queries.appearances_in_document(sess, document.id, show_retracted),
        show_retracted=show_retracted,
        history=audit.history(sess, "document", document.id),
        retract_form=retract_form or RetractForm(),
        restore_form=ActionForm(),
    )


@bp.route("/documents/<int:document_id>")
@require_role(Role.VIEWER)
def show(document_id: int) -> ResponseReturnValue:
    return _render_show(load_document(document_id))


def document_data(form: DocumentForm) -> operations.DocumentData:
    """What a document form says, for create_document and update_document."""
    return operations.DocumentData(
        title=form.title.data or "",
        url=form.url.data,
        publisher_id=form.publisher.source_id,
        author_id=form.author.source_id,
        published_on=form.published_on.data,
        retrieved_on=form.retrieved_on.data,
        archived_url=form.archived_url.data,
        description=form.description.data or "",
    )


@bp.route("/documents/new", methods=["GET", "POST"])
@require_role(Role.CHECKER)
def create() -> ResponseReturnValue:
    form = DocumentForm()
    if request.method == "GET":
        # Most documents are recorded the day they are read.
        form.retrieved_on.data = dt.date.today()
    if form.validate_on_submit():
        try:
            document = operations.create_document(
                db.session(), actor=current_user, data=document_data(form)
            )
        except OperationError as error:
            show_error(form, error)
        else:
            flash(f"Document “{document.title}” added.", "success")
            return redirect(url_for("documents.show", document_id=document.id))
    status = 400 if form.errors else 200
    return render_template("documents/form.html", form=form, document=None), status


def _comparable(field: Any) -> Any:
    # A source typed as "Reuters" and shown as "Reuters #3" is the same choice.
    value = getattr(field, "source_id", field.data)
    return (value.strip() or None) if isinstance(value, str) else value


def _changed_meanwhile(form: DocumentForm, document: Document) -> list[tuple[str, str]]:
    """(label, current value) of each field where the saved document differs from the input."""
    current = DocumentForm(formdata=None, obj=document, meta={"csrf": False})
    return [
        (field.label.text, str(current[field.name].data or "—"))
        for field in form
        if field.name not in ("version", "csrf_token")
        and _comparable(current[field.name]) != _comparable(field)
    ]


@bp.route("/documents/<int:document_id>/edit", methods=["GET", "POST"])
@require_role(Role.CHECKER)
def edit(document_id: int) -> ResponseReturnValue:
    document = load_document(document_id)
    form = DocumentForm(obj=document if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = str(document.version)
    status, changed = 200, []
    if form.validate_on_submit():
        try:
            operations.update_document(
                db.session(),
                actor=current_user,
                document=document,
                data=document_data(form),
                expected_version=submitted_version(form),
            )
        except ConflictError as error:
            form.form_errors.append(f"{error.message} Review its current values and save again.")
            changed = _changed_meanwhile(form, document)
            form.version.data = str(document.version)
            status = 409
        except OperationError as error:
            show_error(form, error)
            status = 400
        else:
            flash(f"Document “{document.title}” saved.", "success")
            return redirect(url_for("documents.show", document_id=document.id))
    elif form.errors:
        status = 400
    return render_template(
        "documents/form.html", form=form, document=document, changed=changed
    ), status


@bp.route("/documents/<int:document_id>/retract", methods=["POST"])
@require_role(Role.EDITOR)
def retract(document_id: int) -> ResponseReturnValue:
    document = load_document(document_id)
    form = RetractForm()
    if form.validate_on_submit():
        try:
            operations.retract_document(
                db.session(), actor=current_user, document=document, reason=form.reason.data
            )
        except OperationError as error:
            show_operation_error(form, error)
        else:
            flash(f"Document “{document.title}” retracted.", "success")
            return redirect(url_for("documents.show", document_id=document.id))
    return _render_show(document, retract_form=form), 400


@bp.route("/documents/<int:document_id>/restore", methods=["POST"])
@require_role(Role.EDITOR)
def restore(document_id: int) -> ResponseReturnValue:
    document = load_document(document_id)
    if not ActionForm().validate_on_submit():
        abort(400, description="The form expired; reload the page and try again.")
    try:
        operations.restore_document(db.session(), actor=current_user, document=document)
    except OperationError as error:
        abort(400, description=error.message)
    flash(f"Document “{document.title}” restored.", "success")
    return redirect(url_for("documents.show", document_id=document.id))


# The appearance routes join this blueprint; imported last because they import ``bp``.
from webapp.documents import appearance_views  # noqa: E402, F401
