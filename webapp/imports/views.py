"""Import pages: upload a CSV file, preview it (a dry run), confirm, follow the job."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from webapp import db
from webapp.core.permissions import Role, has_role, require_role
from webapp.imports import jobs, queries, uploads
from webapp.imports.csv_common import read_csv
from webapp.imports.csv_runner import ImportResult, run_import
from webapp.imports.forms import ConfirmForm, UploadForm

bp = Blueprint("imports", __name__, template_folder="templates")

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Rows a request may check itself (the operations take some 20-50 ms a row); larger files
# are checked by a background job, like the import, so no request runs into a timeout.
DEFAULT_INLINE_CHECK_ROWS = 300
PROBLEMS_SHOWN = 1000


@bp.record_once
def _configure(state: BlueprintSetupState) -> None:
    config = state.app.config
    if config.get("MAX_CONTENT_LENGTH") is None:
        config["MAX_CONTENT_LENGTH"] = DEFAULT_MAX_BYTES
    config.setdefault("IMPORT_JOBS_INLINE", False)
    config.setdefault("IMPORT_INLINE_CHECK_ROWS", DEFAULT_INLINE_CHECK_ROWS)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error: RequestEntityTooLarge) -> ResponseReturnValue:
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    return render_template("imports/too_large.html", limit_mb=limit // (1024 * 1024)), 413


def _index(form: UploadForm, status: int = 200) -> ResponseReturnValue:
    sess = db.session()
    cursor = request.args.get("cursor")
    page = queries.list_batches(sess, cursor, current_app.config["PAGE_SIZE"])
    names = queries.user_names(sess, {b.created_by_id for b in page.items if b.created_by_id})
    next_url = url_for(".index", cursor=page.next_cursor) if page.next_cursor else None
    return render_template(
        "imports/index.html",
        form=form,
        page=page,
        names=names,
        next_url=next_url,
        first_url=url_for(".index") if cursor else None,
    ), status


@bp.route("/imports")
@require_role(Role.CHECKER)
def index() -> ResponseReturnValue:
    return _index(UploadForm())


def _preview(
    result: ImportResult, upload: uploads.StoredUpload | None, status: int
) -> ResponseReturnValue:
    return render_template(
        "imports/preview.html",
        result=result,
        upload=upload,
        problems=result.problems[:PROBLEMS_SHOWN],
        more=max(0, len(result.problems) - PROBLEMS_SHOWN),
        confirm_form=ConfirmForm(checksum=upload.checksum if upload else ""),
    ), status


def _start(upload: uploads.StoredUpload, mode: str = "import") -> ResponseReturnValue:
    job_id = jobs.create_job(current_app.instance_path, upload, mode)
    flash(f"{'Checking' if mode == 'check' else 'Importing'} {upload.file_name}.", "info")
    response = redirect(url_for(".job", job_id=job_id))
    # Start once this request's own session is closed, so the two never wait on each other.
    response.call_on_close(jobs.launcher(current_app._get_current_object(), job_id))  # type: ignore[attr-defined]
    return response


@bp.route("/imports", methods=["POST"])
@require_role(Role.CHECKER)
def upload() -> ResponseReturnValue:
    form = UploadForm()
    if not form.validate_on_submit():
        return _index(form, 400)
    instance_path = current_app.instance_path
    spec = jobs.SPECS[form.kind.data]
    stored = uploads.save_upload(
        instance_path,
        form.file.data.stream,
        file_name=form.file.data.filename,
        kind=form.kind.data,
        user_id=current_user.id,
    )
    with stored.path(instance_path).open("rb") as stream:
        parsed = read_csv(
            stream, file_name=stored.file_name, columns=spec.columns, required=spec.required
        )
    if parsed.readable and len(parsed.rows) > current_app.config["IMPORT_INLINE_CHECK_ROWS"]:
        # Too many rows to check within this request: check (or import) in the background.
        return _start(stored, "check") if form.dry_run.data else _take_and_start(stored)
    result = run_import(db.session(), spec, parsed, actor=current_user, dry_run=True)
    if not result.ok:
        uploads.discard(instance_path, stored.id)
        return _preview(result, None, 400)
    if form.dry_run.data:
        return _preview(result, stored, 200)
    return _take_and_start(stored)


def _take_and_start(stored: uploads.StoredUpload) -> ResponseReturnValue:
    taken = uploads.take_upload(
        current_app.instance_path, stored.id, stored.checksum, current_user.id
    )
    if taken is None:
        abort(400, description="The upload could not be kept; try again.")
    return _start(taken)


@bp.route("/imports/uploads/<upload_id>/confirm", methods=["POST"])
@require_role(Role.CHECKER)
def confirm(upload_id: str) -> ResponseReturnValue:
    form = ConfirmForm()
    taken = None
    if form.validate_on_submit():
        taken = uploads.take_upload(
            current_app.instance_path, upload_id, form.checksum.data, current_user.id
        )
    if taken is None:
        abort(
            400,
            description="This upload cannot be imported: it was imported already, it expired, "
            "or it changed since the preview. Upload the file again.",
        )
    return _start(taken)


def _load_job(job_id: str) -> dict[str, Any]:
    job = jobs.read_job(current_app.instance_path, job_id)
    if job is None or (
        job["user_id"] != current_user.id and not has_role(current_user, Role.ADMIN)
    ):
        abort(404, description="No import job with this number.")
    return job


@bp.route("/imports/jobs/<job_id>")
@require_role(Role.CHECKER)
def job(job_id: str) -> ResponseReturnValue:
    found = _load_job(job_id)
    return render_template(
        "imports/job.html", job=found, confirm_form=ConfirmForm(checksum=found["checksum"])
    )


@bp.route("/imports/jobs/<job_id>.json")
@require_role(Role.CHECKER)
def job_status(job_id: str) -> ResponseReturnValue:
    return jsonify(_load_job(job_id))
