"""Bad CSV files from the command line: each gets a clear message and nothing is imported."""

from __future__ import annotations

import pytest

from tests.imports.conftest import BAD_FILE_IDS, BAD_FILES, GOOD_HEADER, GOOD_ROW


@pytest.mark.parametrize(("content", "message"), BAD_FILES, ids=BAD_FILE_IDS)
def test_bad_files_are_refused_whole(runner, write_csv, table_counts, content, message) -> None:
    before = table_counts()
    for extra in ([], ["--dry-run"]):
        result = runner.invoke(args=["import", "claims", *extra, str(write_csv(content))])
        assert result.exit_code == 1, result.output
        assert message in result.output
        assert "nothing was imported" in result.output
    assert table_counts() == before


def test_byte_order_mark_is_noted_and_ignored(runner, write_csv) -> None:
    content = b"\xef\xbb\xbf" + (GOOD_HEADER + GOOD_ROW).encode()
    result = runner.invoke(args=["import", "claims", str(write_csv(content))])
    assert result.exit_code == 0, result.output
    assert "byte-order mark" in result.output
    assert "created 1 claim," in result.output


def test_fifty_megabyte_line_is_refused(runner, write_csv, table_counts) -> None:
    before = table_counts()
    content = (GOOD_HEADER + GOOD_ROW).encode() + b"b2," + b"x" * 50_000_000 + b",2021-01-01\n"
    result = runner.invoke(args=["import", "claims", str(write_csv(content))])
    assert result.exit_code == 1
    assert "line 3: the line is longer than 1,000,000 bytes" in result.output
    assert table_counts() == before


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [("external_id,statement", ","), ("External_ID ; Statement", ";"), ("statement", ",")],
    ids=["comma", "semicolon-spaces-and-case", "single-column"],
)
def test_delimiters_and_header_spelling(runner, write_csv, header, delimiter) -> None:
    names = [n.strip().lower() for n in header.split(delimiter)]
    cells = {"external_id": "k1", "statement": "A claim."}
    row = delimiter.join(cells[n] for n in names)
    result = runner.invoke(args=["import", "claims", str(write_csv(f"{header}\r\n{row}\r\n"))])
    assert result.exit_code == 0, result.output
    assert "created 1 claim," in result.output


def test_tab_separated_file(runner, write_csv) -> None:
    content = "external_id\tstatement\tclaim_date\nt1\tA, claim; with both\t2021-01-01\n"
    result = runner.invoke(args=["import", "claims", str(write_csv(content, "claims.tsv"))])
    assert result.exit_code == 0, result.output
    assert "created 1 claim," in result.output
