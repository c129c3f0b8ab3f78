"""Fixtures of the CSV import tests: sample files, table counts, uploads through the form."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from webapp import db
from webapp.db import Base

SOURCES_CSV = (
    "external_id,name,kind,aliases,description,homepage_url,country,wikidata_id,grade,grade_rationale\n"
    "src-neo,New Eastern Outlook,outlet,NEO; journal-neo.org,A Russian journal,"
    "https://journal-neo.org,RU,,D,Often repeats state positions without evidence.\n"
    "src-anadolu,Anadolu Agency,outlet,Anadolu,Turkish state news agency,"
    "https://www.aa.com.tr,TR,Q1277869,B,Usually accurate on Turkish sources.\n"
    "src-dostum,Abdul Rashid Dostum,person,Dostum,Uzbek Afghan general,,AF,,,\n"
)

# Four claims of the Panjshir article: a new unnamed claimant, a relayed tweet, an opinion
# relayed through two sources, a quantity; one verdict concluded, one proposed.
CLAIMS_CSV = (
    "external_id,statement,quote,claimant,claimant_kind,relays,claim_date,place,tags,checkable,"
    "quantity_value,quantity_low,quantity_unit,quantity_as_of,appearance_url,appearance_title,"
    "appearance_publisher,appearance_published_on,appearance_quote,verdict,credibility,"
    "rationale,evidence_urls,verdict_conclude\n"
    'neo-1,"About 10,000 fighters have left for Panjshir province to fight the Taliban.",'
    '"according to reports coming from Afghanistan, about 10,000 fighters have left",'
    "Unnamed reports from Afghanistan,unnamed,,2021-08-24,Panjshir,Afghanistan; Panjshir,true,"
    "10000,,fighters,2021-08-24,https://journal-neo.org/2021/08/24/panjshir/,"
    'The Panjshir resistance,New Eastern Outlook,2021-08-24,"about 10,000 fighters",'
    'False,3,"Other counts put the fighters at a few thousand.",'
    "https://example.org/count-1 | https://example.org/count-2,true\n"
    'neo-2,"Resistance forces took the Puli Khesar, Deh Salah and Banu districts of Baghlan.",,'
    "Bismillah Khan Mohammadi,person,New Eastern Outlook,2021-08-20,Baghlan,Afghanistan,yes,"
    ",,,,https://journal-neo.org/2021/08/24/panjshir/,,,,took three districts,"
    "mostly true,2,Local reporters confirmed two of the three.,https://example.org/baghlan,no\n"
    'neo-3,"There is no room for the Taliban in the north of Afghanistan.",,'
    "Dostum,,Anadolu Agency > New Eastern Outlook,2021-08-24,,Afghanistan; opinion,false,"
    ",,,,,,,,,,,,,\n"
    'neo-4,"Panjshir has a population of more than 140,000.",,Vladimir Danilov,person,,'
    "2021-08-24,Panjshir,Panjshir,1,,140000,people,2021-08-24,,,,,,,,,,\n"
)


TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


def without_times(value: Any) -> Any:
    """An audit entry's changes with every timestamp as "<time>" (two runs differ there)."""
    if isinstance(value, str) and TIMESTAMP.match(value):
        return "<time>"
    if isinstance(value, list):
        return [without_times(v) for v in value]
    if isinstance(value, dict):
        return {k: without_times(v) for k, v in value.items()}
    return value


def csv_with_rows(header: str, rows: list[str]) -> str:
    """A CSV text: the header line and one line per row."""
    return "".join(line + "\n" for line in [header, *rows])


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """``write_csv(text_or_bytes, name="claims.csv")`` → the path of a new file."""

    def write(content: str | bytes, name: str = "claims.csv") -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return path

    return write


@pytest.fixture
def table_counts(app: Flask) -> Callable[[], dict[str, int]]:
    """Rows in every table, to prove a dry run or a refused import wrote nothing."""

    def count() -> dict[str, int]:
        with app.app_context():
            sess = db.session()
            return {
                table.name: sess.scalar(select(func.count()).select_from(table)) or 0
                for table in Base.metadata.sorted_tables
            }

    return count


@pytest.fixture
def upload(client: FlaskClient) -> Callable[..., Any]:
    """``upload(content, kind="claims", dry_run=True)``: post a file to the upload form."""

    def post(
        content: str | bytes,
        kind: str = "claims",
        dry_run: bool = True,
        name: str = "claims.csv",
        **kwargs: Any,
    ) -> Any:
        raw = content.encode() if isinstance(content, str) else content
        data: dict[str, Any] = {"file": (io.BytesIO(raw), name), "kind": kind}
        if dry_run:
            data["dry_run"] = "y"
        return client.post("/imports", data=data, content_type="multipart/form-data", **kwargs)

    return post


GOOD_ROW = "b1,About 10000 fighters left.,2021-08-24\n"
GOOD_HEADER = "external_id,statement,claim_date\n"

# (file content, the message it must get); each is refused whole, on the page and the CLI.
BAD_FILES: list[tuple[bytes, str]] = [
    (
        (GOOD_HEADER + GOOD_ROW).replace(",", "|").encode(),
        "could not tell the delimiter",
    ),
    (
        b"external_id,statement;claim_date\n",
        "could not tell the delimiter: the first row holds both commas and semicolons",
    ),
    (b"external_id,claim_date\nb1,2021-08-24\n", "missing required column: statement"),
    (
        b"external_id,statement,colour,Size \nb1,x,red,2\n",
        "unknown columns: colour, Size (the columns are: external_id, statement,",
    ),
    (b"statement,Statement\nx,y\n", "column named twice: statement"),
    ((GOOD_HEADER + GOOD_ROW).encode() + b"b2,caf\xe9,2021-01-01\n", "line 3: not valid UTF-8"),
    (b"", "the file is empty"),
    (b"\r\n\r\n", "the file is empty"),
    (GOOD_HEADER.encode(), "the file has a header but no rows to import"),
    (
        (GOOD_HEADER + GOOD_ROW + GOOD_ROW.replace("fighters", "soldiers")).encode(),
        "row 3, column external_id: the same claim as row 2 (external_id 'b1')",
    ),
    (
        (GOOD_HEADER + GOOD_ROW + "b2,One more,cell,too many\n").encode(),
        "row 3: this row has 4 cells but the header has 3 columns",
    ),
    (
        (GOOD_HEADER + GOOD_ROW + 'b2,"never closed,2021-01-01\n').encode(),
        "row 3: the file cannot be read from this row on",
    ),
    (
        ("\n" + GOOD_HEADER + GOOD_ROW).encode(),
        "the first row must hold the column names, but it is blank",
    ),
]
BAD_FILE_IDS = [
    "wrong-delimiter",
    "ambiguous-delimiter",
    "missing-required-column",
    "unknown-columns",
    "repeated-column",
    "invalid-utf8",
    "empty",
    "blank-lines-only",
    "header-only",
    "duplicate-rows",
    "too-many-cells",
    "unclosed-quote",
    "blank-header",
]
