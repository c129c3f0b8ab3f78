"""The upload form: preview (dry run), confirm, the job page, and the list of past imports."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.imports.conftest import CLAIMS_CSV, SOURCES_CSV, csv_with_rows
from webapp import db
from webapp.claims.models import Claim
from webapp.core.audit import AuditEntry
from webapp.core.permissions import Role
from webapp.imports.models import ImportBatch
from webapp.sources.models import Source

CONFIRM = re.compile(r'action="(/imports/uploads/[^"]+/confirm)"')
CHECKSUM = re.compile(r'name="checksum" type="hidden" value="([0-9a-f]{64})"')


@pytest.fixture(autouse=True)
def inline_jobs(app) -> None:
    app.config["IMPORT_JOBS_INLINE"] = True


def confirm_target(page: str) -> tuple[str, str]:
    """The confirm form's action and checksum on a preview page."""
    action, checksum = CONFIRM.search(page), CHECKSUM.search(page)
    assert action, page
    assert checksum, page
    return action.group(1), checksum.group(1)


def test_upload_page_and_empty_history(client, login) -> None:
    login(Role.CHECKER)
    page = client.get("/imports").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    assert "Check only (dry run)" in page
    assert '<input checked id="dry_run" name="dry_run" type="checkbox" value="y">' in page
    assert "Nothing has been imported yet" in page
    assert '<a href="/imports" aria-current="page">Import</a>' in page


def test_preview_writes_nothing_then_confirm_imports(
    app, client, login, upload, table_counts
) -> None:
    user = login(Role.EDITOR)
    assert upload(SOURCES_CSV, kind="sources", name="sources.csv", dry_run=False).status_code == 302
    before = table_counts()
    preview = upload(CLAIMS_CSV)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page
    assert "All 4 rows are fine. Nothing has been written yet." in page
    assert "Would create claims</dt><dd>4</dd>" in page
    assert "Would create verdicts</dt><dd>2</dd>" in page
    assert "Import these rows" in page
    assert table_counts() == before

    action, checksum = confirm_target(page)
    uploads = list((Path(app.instance_path) / "uploads").glob("*.csv"))
    assert len(uploads) == 1
    assert uploads[0].read_bytes().startswith(b"external_id,")

    done = client.post(action, data={"checksum": checksum}, follow_redirects=True)
    text = done.get_data(as_text=True)
    assert done.status_code == 200, text
    assert "Imported: 4 claims, 3 sources, 1 document, 2 verdicts; 0 rows unchanged." in text
    assert 'href="/claims"' in text
    assert list(uploads[0].parent.glob("*.csv")) == []  # the upload is deleted afterwards
    with app.app_context():
        sess = db.session()
        assert len(sess.scalars(select(Claim)).all()) == 4
        batch = sess.scalars(select(ImportBatch).where(ImportBatch.kind == "csv-claims")).one()
        assert batch.created_by_id == user.id
        entries = sess.scalars(select(AuditEntry).where(AuditEntry.entity_type == "claim")).all()
        assert entries
        assert {e.actor_id for e in entries} == {user.id}

    history = client.get("/imports").get_data(as_text=True)
    assert "claims.csv" in history
    assert "sources.csv" in history
    assert batch.checksum[:12] in history
    assert "4 claims, 3 sources, 1 documents, 2 verdicts" in history
    assert "Test Editor" in history


def test_confirming_twice_or_with_a_wrong_checksum_is_refused(client, login, upload) -> None:
    login(Role.CHECKER)
    preview = upload(csv_with_rows("name,kind", ["Reuters,outlet"]), kind="sources")
    action, checksum = confirm_target(preview.get_data(as_text=True))
    wrong = client.post(action, data={"checksum": "0" * 64})
    assert wrong.status_code == 400
    assert "Upload the file again" in wrong.get_data(as_text=True)
    assert client.post(action, data={"checksum": checksum}).status_code == 302
    again = client.post(action, data={"checksum": checksum})
    assert again.status_code == 400
    bogus = client.post("/imports/uploads/..%2F..%2Fsecret/confirm", data={"checksum": checksum})
    assert bogus.status_code in (400, 404)


def test_another_users_upload_cannot_be_confirmed(app, client, login, upload, make_user) -> None:
    login(Role.CHECKER)
    action, checksum = confirm_target(
        upload(csv_with_rows("name", ["Reuters"]), kind="sources").get_data(as_text=True)
    )
    client.post("/logout")
    login(Role.ADMIN)
    assert client.post(action, data={"checksum": checksum}).status_code == 400
    with app.app_context():
        assert db.session().scalars(select(Source)).all() == []


def test_unchecked_dry_run_imports_straight_away(app, client, login, upload) -> None:
    login(Role.CHECKER)
    response = upload(csv_with_rows("name,kind", ["Reuters,outlet"]), kind="sources", dry_run=False)
    assert response.status_code == 302
    assert "/imports/jobs/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Imported: 1 source, 0 grades; 0 rows unchanged." in page
    assert 'href="/sources"' in page
    with app.app_context():
        assert db.session().scalars(select(Source.name)).all() == ["Reuters"]


def test_problems_are_listed_and_nothing_is_kept(app, client, login, upload, table_counts) -> None:
    login(Role.CHECKER)
    rows = [f"r{i},Claim {i}.,2021-08-{10 + i:02d}" for i in range(10)]
    rows[3] = "r3,Claim 3.,24/08/2021"
    before = table_counts()
    response = upload(csv_with_rows("external_id,statement,claim_date", rows), dry_run=False)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "1 problem; nothing was imported." in page
    assert '<td class="numeric">5</td>' in page
    assert "<code>claim_date</code>" in page
    assert "&#39;24/08/2021&#39; is not a date like 2021-08-24" in page
    assert "Import these rows" not in page
    assert table_counts() == before


def test_checker_may_not_conclude_but_editor_may(app, client, login, upload) -> None:
    text = csv_with_rows(
        "external_id,statement,verdict,credibility,rationale,evidence_urls,verdict_conclude",
        [
            "c1,Taxes doubled.,False,2,Checked the budget.,https://example.org/b,true",
            "c2,Taxes fell.,False,2,Checked the budget.,https://example.org/b,false",
        ],
    )
    login(Role.CHECKER)
    refused = upload(text)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "<code>verdict_conclude</code>" in page
    assert "Concluding a verdict needs the Editor role or higher." in page
    client.post("/logout")
    login(Role.EDITOR)
    accepted = upload(text)
    assert accepted.status_code == 200, accepted.get_data(as_text=True)


def test_form_errors_answer_400(client, login) -> None:
    login(Role.CHECKER)
    missing = client.post("/imports", data={"kind": "claims"}, content_type="multipart/form-data")
    assert missing.status_code == 400
    assert "Choose a CSV file to upload." in missing.get_data(as_text=True)
    bad_kind = client.post(
        "/imports",
        data={"kind": "verdicts", "file": (io.BytesIO(b"name\nx\n"), "x.csv")},
        content_type="multipart/form-data",
    )
    assert bad_kind.status_code == 400
    assert "Not a valid choice" in bad_kind.get_data(as_text=True)


def test_hostile_file_name_is_only_shown(app, client, login, upload) -> None:
    login(Role.CHECKER)
    page = upload(
        csv_with_rows("name", ["Reuters"]), kind="sources", name="../../etc/passwd<i>.csv"
    )
    text = page.get_data(as_text=True)
    assert "Check of passwd&lt;i&gt;.csv" in text
    folder = Path(app.instance_path) / "uploads"
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{22}\.(csv|json)", p.name) for p in folder.iterdir())


def test_history_is_paged_newest_first(app, client, login, runner, write_csv) -> None:
    app.config["PAGE_SIZE"] = 2
    for i in range(3):
        path = write_csv(csv_with_rows("name", [f"Source {i}"]), f"file{i}.csv")
        assert runner.invoke(args=["import", "sources", str(path)]).exit_code == 0
    login(Role.CHECKER)
    first = client.get("/imports").get_data(as_text=True)
    assert "file2.csv" in first
    assert "file1.csv" in first
    assert "file0.csv" not in first
    assert "command line" in first
    next_url = re.search(r'href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    second = client.get(next_url).get_data(as_text=True)
    assert "file0.csv" in second
    assert "file2.csv" not in second
    assert "First page" in second


def test_checker_may_not_grade_sources(client, login, upload) -> None:
    login(Role.CHECKER)
    response = upload(SOURCES_CSV, kind="sources")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page.count("Grading a source needs the Editor role or higher.") == 2
    assert "<code>grade</code>" in page
