"""Bad files through the upload form: a clear message on the page, 400 or 413, never a 500."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from tests.imports.conftest import BAD_FILE_IDS, BAD_FILES, GOOD_HEADER, GOOD_ROW
from webapp.core.permissions import Role


@pytest.fixture(autouse=True)
def checker(login, app) -> None:
    app.config["IMPORT_JOBS_INLINE"] = True
    login(Role.CHECKER)


def uploads_left(app) -> list[Path]:
    folder = Path(app.instance_path) / "uploads"
    return list(folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(("content", "message"), BAD_FILES, ids=BAD_FILE_IDS)
@pytest.mark.parametrize("dry_run", [True, False], ids=["check", "import"])
def test_bad_files_are_refused_on_the_page(
    app, upload, table_counts, content, message, dry_run
) -> None:
    before = table_counts()
    response = upload(content, dry_run=dry_run)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400, page
    # The CLI says "row 3, column x: reason"; the page shows row, column and reason in cells.
    where, _, reason = message.partition(": ") if message.startswith("row ") else ("", "", message)
    assert reason in page
    if where:
        assert f'<td class="numeric">{where.split(",")[0].removeprefix("row ")}</td>' in page
    assert "nothing was imported" in page
    assert "Import these rows" not in page
    assert table_counts() == before
    assert uploads_left(app) == []  # a refused upload is not kept


def test_byte_order_mark_is_noted(upload) -> None:
    response = upload(b"\xef\xbb\xbf" + (GOOD_HEADER + GOOD_ROW).encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert "byte-order mark" in page
    assert "All 1 rows are fine." in page


def test_long_line_gets_a_message(upload, table_counts) -> None:
    before = table_counts()
    content = (GOOD_HEADER + GOOD_ROW).encode() + b"b2," + b"x" * 2_000_000 + b",2021-01-01\n"
    response = upload(content)
    assert response.status_code == 400
    assert "line 3: the line is longer than 1,000,000 bytes" in response.get_data(as_text=True)
    assert table_counts() == before


def test_fifty_megabyte_upload_gets_a_clear_413(app, upload, table_counts) -> None:
    before = table_counts()
    content = (GOOD_HEADER + GOOD_ROW).encode() + b"b2," + b"x" * 50_000_000 + b",2021-01-01\n"
    response = upload(content, dry_run=False)
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "The file is larger than 20 MB, the most one upload may hold." in page
    assert "Nothing was imported." in page
    assert table_counts() == before
    assert uploads_left(app) == []
