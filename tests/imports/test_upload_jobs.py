"""Background import jobs: a real thread, progress pages with and without JavaScript."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

from sqlalchemy import select

from tests.imports.conftest import csv_with_rows
from tests.imports.test_upload import confirm_target
from webapp import db
from webapp.core.permissions import Role
from webapp.imports import jobs
from webapp.imports.uploads import StoredUpload
from webapp.sources.models import Source

SOURCES = csv_with_rows("name,kind", ["Reuters,outlet", "Agence France-Presse,outlet"])


def queued_job(app, user_id: int, state: str = "running", **fields) -> str:
    """A job file as a worker would leave it mid-import."""
    upload = StoredUpload("U" * 22, "sources.csv", "sources", "0" * 64, 10, user_id)
    job_id = jobs.create_job(app.instance_path, upload)
    path = jobs.job_path(app.instance_path, job_id)
    document = json.loads(path.read_text())
    document.update({"state": state, "processed": 40, "total": 160, "message": "Importing."})
    document.update(fields)
    path.write_text(json.dumps(document))
    return job_id


def test_real_thread_imports_and_reports_progress(app, client, login, upload) -> None:
    app.config["IMPORT_JOBS_INLINE"] = False
    login(Role.CHECKER)
    action, checksum = confirm_target(upload(SOURCES, kind="sources").get_data(as_text=True))
    started = client.post(action, data={"checksum": checksum})
    assert started.status_code == 302
    status_url = started.headers["Location"] + ".json"
    deadline = time.monotonic() + 60
    while True:
        job = client.get(status_url).get_json()
        if job["state"] in ("done", "failed") or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert job["state"] == "done", job
    assert (job["processed"], job["total"]) == (2, 2)
    assert job["counts"] == {"sources": 2, "grades": 0, "unchanged": 0}
    assert job["batch_id"] is not None
    with app.app_context():
        names = set(db.session().scalars(select(Source.name)))
    assert names == {"Reuters", "Agence France-Presse"}


def test_running_job_page_refreshes_with_and_without_javascript(app, client, login) -> None:
    user = login(Role.CHECKER)
    job_id = queued_job(app, user.id)
    page = client.get(f"/imports/jobs/{job_id}").get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert '<progress max="160" value="40"' in page
    assert "40 of 160 rows" in page
    assert f'data-job-status-url="/imports/jobs/{job_id}.json"' in page
    assert "/static/imports.js" in page
    status = client.get(f"/imports/jobs/{job_id}.json")
    assert status.status_code == 200
    assert status.get_json()["percent"] == 25


def test_finished_job_page_stops_refreshing(app, client, login) -> None:
    user = login(Role.CHECKER)
    job_id = queued_job(
        app,
        user.id,
        state="done",
        message="Imported: 2 sources, 0 grades; 0 rows unchanged.",
        counts={"sources": 2, "grades": 0, "unchanged": 0},
    )
    page = client.get(f"/imports/jobs/{job_id}").get_data(as_text=True)
    assert "http-equiv" not in page
    assert "imports.js" not in page
    assert "Created sources</dt><dd>2</dd>" in page
    assert 'href="/sources"' in page


def test_stalled_job_says_nothing_was_imported(app, client, login) -> None:
    user = login(Role.CHECKER)
    job_id = queued_job(app, user.id)
    path = jobs.job_path(app.instance_path, job_id)
    document = json.loads(path.read_text())
    old = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=jobs.STALL_SECONDS + 60)
    document["updated_at"] = old.isoformat()
    path.write_text(json.dumps(document))
    page = client.get(f"/imports/jobs/{job_id}").get_data(as_text=True)
    assert "The import stopped without finishing" in page
    assert "http-equiv" not in page


def test_jobs_are_private_to_their_user_and_admins(app, client, login, make_user) -> None:
    owner = make_user(Role.CHECKER)
    job_id = queued_job(app, owner.id)
    login(Role.EDITOR)
    assert client.get(f"/imports/jobs/{job_id}").status_code == 404
    assert client.get(f"/imports/jobs/{job_id}.json").status_code == 404
    assert client.get("/imports/jobs/" + "B" * 22).status_code == 404
    assert client.get("/imports/jobs/not-a-job").status_code == 404
    client.post("/logout")
    login(Role.ADMIN)
    assert client.get(f"/imports/jobs/{job_id}").status_code == 200


def test_rows_refused_after_the_preview_fail_the_job(app, client, login, upload, make_source):
    app.config["IMPORT_JOBS_INLINE"] = True
    login(Role.CHECKER)
    action, checksum = confirm_target(upload(SOURCES, kind="sources").get_data(as_text=True))
    make_source("Reuters")  # someone adds it between the preview and the confirmation
    page = client.post(action, data={"checksum": checksum}, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "1 row(s) could not be imported" in text
    assert "nothing was imported" in text
    assert "looks like an existing source" in text
    with app.app_context():
        assert list(db.session().scalars(select(Source.name))) == ["Reuters"]


def test_unexpected_error_fails_the_job_and_writes_nothing(
    app, client, login, upload, monkeypatch
) -> None:
    app.config["IMPORT_JOBS_INLINE"] = True
    login(Role.CHECKER)
    action, checksum = confirm_target(upload(SOURCES, kind="sources").get_data(as_text=True))

    def explode(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(jobs, "run_import", explode)
    page = client.post(action, data={"checksum": checksum}, follow_redirects=True)
    assert "The import stopped on an unexpected error" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session().scalars(select(Source)).all() == []
    assert list((Path(app.instance_path) / "uploads").glob("*.csv")) == []


def test_account_demoted_before_the_job_runs_imports_nothing(app, client, login, upload) -> None:
    from webapp.imports.uploads import take_upload
    from webapp.users.models import User

    user = login(Role.CHECKER)
    _action, checksum = confirm_target(upload(SOURCES, kind="sources").get_data(as_text=True))
    upload_id = next((Path(app.instance_path) / "uploads").glob("*.csv")).stem
    taken = take_upload(app.instance_path, upload_id, checksum, user.id)
    assert taken is not None
    job_id = jobs.create_job(app.instance_path, taken)
    with app.app_context():
        sess = db.session()
        sess.get(User, user.id).role = Role.VIEWER
        sess.commit()
    jobs.run_job(app, job_id)
    job = jobs.read_job(app.instance_path, job_id)
    assert job["state"] == "failed"
    assert job["message"] == "Your account may no longer import; nothing was imported."
    with app.app_context():
        assert db.session().scalars(select(Source)).all() == []


def test_large_file_is_checked_in_the_background(app, client, login, upload, table_counts):
    app.config.update(IMPORT_JOBS_INLINE=True, IMPORT_INLINE_CHECK_ROWS=1)
    login(Role.CHECKER)
    before = table_counts()
    response = upload(SOURCES, kind="sources")
    assert response.status_code == 302
    check_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Check of claims.csv" in check_page
    assert "All 2 rows are fine. Nothing has been written yet." in check_page
    assert "Would create sources</dt><dd>2</dd>" in check_page
    assert table_counts() == before
    action, checksum = confirm_target(check_page)
    done = client.post(action, data={"checksum": checksum}, follow_redirects=True)
    assert "Imported: 2 sources, 0 grades; 0 rows unchanged." in done.get_data(as_text=True)
    with app.app_context():
        assert len(db.session().scalars(select(Source)).all()) == 2


def test_large_file_with_problems_fails_its_check(app, client, login, upload, table_counts):
    app.config.update(IMPORT_JOBS_INLINE=True, IMPORT_INLINE_CHECK_ROWS=1)
    login(Role.CHECKER)
    before = table_counts()
    bad = csv_with_rows("name,kind", ["Reuters,outlet", "Someone,wizard", "AFP,outlet"])
    page = upload(bad, kind="sources", follow_redirects=True).get_data(as_text=True)
    assert "1 row(s) could not be imported; nothing was imported." in page
    assert "<code>kind</code>" in page
    assert "&#39;wizard&#39; is not one of person" in page
    assert "Import these rows" not in page
    assert table_counts() == before
    assert list((Path(app.instance_path) / "uploads").iterdir()) == []


def test_large_file_without_dry_run_imports_straight_away(app, client, login, upload) -> None:
    app.config.update(IMPORT_JOBS_INLINE=True, IMPORT_INLINE_CHECK_ROWS=1)
    login(Role.CHECKER)
    page = upload(SOURCES, kind="sources", dry_run=False, follow_redirects=True)
    assert "Imported: 2 sources, 0 grades" in page.get_data(as_text=True)


def test_forgotten_uploads_and_old_job_files_are_swept(app, client, login, upload) -> None:
    user = login(Role.CHECKER)
    upload(SOURCES, kind="sources")
    folder = Path(app.instance_path) / "uploads"
    forgotten = sorted(folder.iterdir())
    assert [p.suffix for p in forgotten] == [".csv", ".json"]
    old_job = queued_job(app, user.id)
    long_ago = time.time() - 40 * 24 * 3600
    for path in [*forgotten, jobs.job_path(app.instance_path, old_job)]:
        os.utime(path, (long_ago, long_ago))
    upload(SOURCES, kind="sources")  # the next upload sweeps the forgotten one
    assert not any(p.exists() for p in forgotten)
    assert len(list(folder.glob("*.csv"))) == 1
    queued_job(app, user.id)  # the next job sweeps month-old job files
    assert jobs.read_job(app.instance_path, old_job) is None
