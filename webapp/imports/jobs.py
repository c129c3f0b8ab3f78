"""Web imports (and checks of large files) run in a background thread; progress in a JSON file.

The import holds one write transaction from start to end (all or nothing), which on
SQLite holds the database's write lock, and gunicorn runs several worker processes:
so progress is written to ``instance/imports/<job id>.json`` (atomically replaced),
which any worker can read, rather than to the database.

The job starts when the response that confirmed it is closed (after that request's own
session is closed), in a thread with its own app context and write session. With
``app.config["IMPORT_JOBS_INLINE"]`` it runs right there instead, so tests can read the
finished job straight after the request.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask

from webapp import db
from webapp.core.permissions import Role, has_role
from webapp.imports import csv_claims, csv_sources
from webapp.imports.csv_common import read_csv
from webapp.imports.csv_runner import ImportResult, ImportSpec, run_import
from webapp.imports.uploads import StoredUpload, discard, replace_json
from webapp.users.models import User

JOB_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")
SPECS: dict[str, ImportSpec[Any]] = {"claims": csv_claims.SPEC, "sources": csv_sources.SPEC}
RUNNING_STATES = ("queued", "running")
STALL_SECONDS = 300  # no progress for this long: the worker process probably died
WRITE_EVERY_SECONDS = 0.5
PROBLEMS_KEPT = 200
KEEP_JOB_SECONDS = 30 * 24 * 3600


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def job_path(instance_path: str, job_id: str) -> Path:
    folder = Path(instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{job_id}.json"


def read_job(instance_path: str, job_id: str) -> dict[str, Any] | None:
    """The job's progress document, or None for an unknown or malformed id.

    A job still "running" with no news for STALL_SECONDS is marked ``stalled``: its
    process ended mid-import, so its transaction was rolled back and nothing was written.
    """
    if not JOB_ID.match(job_id):
        return None
    try:
        job: dict[str, Any] = json.loads(job_path(instance_path, job_id).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    updated = dt.datetime.fromisoformat(job["updated_at"])
    age = (dt.datetime.now(dt.UTC) - updated).total_seconds()
    job["stalled"] = job["state"] in RUNNING_STATES and age > STALL_SECONDS
    job["percent"] = int(100 * job["processed"] / job["total"]) if job["total"] else 0
    return job


def _write(instance_path: str, job: dict[str, Any]) -> None:
    job["updated_at"] = _now()
    replace_json(job_path(instance_path, job["id"]), job)


def _sweep(instance_path: str) -> None:
    cutoff = time.time() - KEEP_JOB_SECONDS
    for path in job_path(instance_path, "sweep").parent.glob("*.json"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < cutoff:
                path.unlink()


def create_job(instance_path: str, upload: StoredUpload, mode: str = "import") -> str:
    """Record a queued job; returns its random id (job files older than 30 days go).

    ``mode`` "import" imports a taken upload; "check" dry-runs an upload that stays
    waiting for its confirmation (used for files too large to check within a request).
    """
    _sweep(instance_path)
    job_id = secrets.token_urlsafe(16)
    job = {
        "id": job_id,
        "mode": mode,
        "kind": upload.kind,
        "file_name": upload.file_name,
        "checksum": upload.checksum,
        "upload_id": upload.id,
        "user_id": upload.user_id,
        "state": "queued",
        "processed": 0,
        "total": 0,
        "message": "Waiting to start.",
        "counts": {},
        "summary": "",
        "problems": [],
        "problem_count": 0,
        "notes": [],
        "ok": False,
        "batch_id": None,
        "created_at": _now(),
        "finished_at": None,
    }
    _write(instance_path, job)
    return job_id


def launcher(app: Flask, job_id: str) -> Callable[[], None]:
    """What to call once the confirming response is closed: start (or run) the job."""

    def launch() -> None:
        if app.config.get("IMPORT_JOBS_INLINE"):
            run_job(app, job_id)
        else:
            thread = threading.Thread(
                target=run_job, args=(app, job_id), name=f"import-{job_id}", daemon=True
            )
            thread.start()

    return launch


class _Progress:
    """Writes processed/total to the job file, at most every WRITE_EVERY_SECONDS."""

    def __init__(self, instance_path: str, job: dict[str, Any]) -> None:
        self.instance_path, self.job = instance_path, job
        self.last_write = 0.0

    def start(self, total: int) -> None:
        doing = "Checking" if self.job["mode"] == "check" else "Importing"
        self.job.update(state="running", total=total, message=f"{doing}.")
        _write(self.instance_path, self.job)
        self.last_write = time.monotonic()

    def advance(self, rows: int) -> None:
        # Capped: when the database refuses a bulk write, the rows are written again one
        # by one (csv_runner._write_all), and their progress counts a second time.
        self.job["processed"] = min(self.job["processed"] + rows, self.job.get("total", 0))
        if time.monotonic() - self.last_write >= WRITE_EVERY_SECONDS:
            _write(self.instance_path, self.job)
            self.last_write = time.monotonic()


def _finish(instance_path: str, job: dict[str, Any], state: str, message: str) -> None:
    job.update(state=state, message=message, finished_at=_now())
    _write(instance_path, job)


def _import(app: Flask, job: dict[str, Any], progress: _Progress) -> ImportResult | str:
    """Run the import in one write transaction; a string is why it could not start."""
    instance_path = app.instance_path
    spec = SPECS[job["kind"]]
    path = Path(instance_path) / "uploads" / f"{job['upload_id']}.csv"
    with db.write_session(app) as sess:
        actor = sess.get(User, job["user_id"])
        if actor is None or not has_role(actor, Role.CHECKER):
            return "Your account may no longer import; nothing was imported."
        with path.open("rb") as stream:
            parsed = read_csv(
                stream, file_name=job["file_name"], columns=spec.columns, required=spec.required
            )
        if parsed.checksum and parsed.checksum != job["checksum"]:
            return "The uploaded file changed after the preview; nothing was imported."
        progress.start(len(parsed.rows))
        dry_run = job["mode"] == "check"
        return run_import(
            sess, spec, parsed, actor=actor, dry_run=dry_run, progress=progress.advance
        )
    # The write session commits here, when the block above ends without an exception.


def run_job(app: Flask, job_id: str) -> None:
    """Run a queued job to the end, recording done or failed (never raises)."""
    instance_path = app.instance_path
    job = read_job(instance_path, job_id)
    if job is None or job["state"] != "queued":
        return
    progress = _Progress(instance_path, job)
    outcome: ImportResult | str = "The import did not run."
    try:
        with app.app_context():
            outcome = _import(app, job, progress)
    except Exception:
        app.logger.exception("Import job %s failed", job_id)
        outcome = "The import stopped on an unexpected error (it is logged); nothing was imported."
    finally:
        # A checked file that passed waits for its confirmation; every other upload goes.
        keep = job["mode"] == "check" and isinstance(outcome, ImportResult) and outcome.ok
        if not keep:
            discard(instance_path, job["upload_id"])
    if isinstance(outcome, str):
        _finish(instance_path, job, "failed", outcome)
        return
    job.update(
        ok=outcome.ok,
        counts=outcome.counts,
        summary=outcome.summary(),
        notes=outcome.notes,
        problem_count=len(outcome.problems),
        problems=[
            {"row": p.row, "column": p.column, "reason": p.reason}
            for p in outcome.problems[:PROBLEMS_KEPT]
        ],
        batch_id=outcome.batch_id,
        processed=job["total"],
    )
    if not outcome.ok:
        late = " (the data changed since the preview?)" if job["mode"] == "import" else ""
        message = (
            f"{len(outcome.problems):,} row(s) could not be imported{late}; nothing was imported."
        )
        _finish(instance_path, job, "failed", message)
    elif job["mode"] == "check":
        _finish(instance_path, job, "done", f"All {outcome.rows_total:,} rows are fine.")
    else:
        _finish(instance_path, job, "done", f"Imported: {outcome.summary()}.")
