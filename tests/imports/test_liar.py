"""`claimdesk import liar`: every row of the real data set, and bad files refused whole."""

from __future__ import annotations

import collections
import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from webapp import db
from webapp.claims.models import Claim
from webapp.imports.models import ImportBatch
from webapp.sources.models import Source
from webapp.verdicts.models import RatingValue, Verdict

LIAR_DIR = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "liar"
GOOD_ROW = (
    "2635.json\tfalse\tSays the Annies List political group supports third-trimester abortions "
    "on demand.\tabortion\tdwayne-bohac\tState representative\tTexas\trepublican\t0\t1\t0\t0\t0\t"
    "a mailer\n"
)


def tsv_counts() -> tuple[collections.Counter[str], collections.Counter[str]]:
    """Counts per label and per speaker, read independently of the importer."""
    labels: collections.Counter[str] = collections.Counter()
    speakers: collections.Counter[str] = collections.Counter()
    for name in ("train.tsv", "valid.tsv", "test.tsv"):
        with (LIAR_DIR / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                labels[row[1]] += 1
                speakers[row[4]] += 1
    return labels, speakers


def claim_count(app) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(Claim)) or 0


def test_whole_data_set_imports_with_exact_counts(app, runner) -> None:
    assert LIAR_DIR.is_dir(), f"the LIAR data set is expected at {LIAR_DIR}"
    result = runner.invoke(args=["import", "liar", str(LIAR_DIR)])
    assert result.exit_code == 0, result.output
    assert "12,836 claims" in result.output
    labels, speakers = tsv_counts()
    assert sum(labels.values()) == 12_836
    with app.app_context():
        sess = db.session()
        by_label = dict(
            sess.execute(
                select(RatingValue.slug, func.count(Verdict.id))
                .join(Verdict, Verdict.rating_value_id == RatingValue.id)
                .group_by(RatingValue.slug)
            ).all()
        )
        assert by_label == dict(labels)
        by_speaker = dict(
            sess.execute(
                select(Source.external_id, func.count(Claim.id))
                .join(Claim, Claim.claimant_id == Source.id)
                .group_by(Source.external_id)
            ).all()
        )
        assert by_speaker == {f"liar-speaker:{slug}": n for slug, n in speakers.items()}
        batch = sess.scalar(select(ImportBatch))
        assert batch.rows_total == 12_836
        assert batch.created_counts["claims"] == 12_836

    again = runner.invoke(args=["import", "liar", str(LIAR_DIR / "valid.tsv")])
    assert again.exit_code == 0, again.output
    assert "0 claims" in again.output
    assert "1,284 rows already present" in again.output
    assert claim_count(app) == 12_836


def test_single_file_and_progress(app, runner, tmp_path: Path) -> None:
    path = tmp_path / "one.tsv"
    path.write_text(GOOD_ROW, encoding="utf-8")
    result = runner.invoke(args=["import", "liar", str(path)])
    assert result.exit_code == 0, result.output
    assert "Importing" in result.output
    with app.app_context():
        claim = db.session().scalar(select(Claim))
        assert claim.external_id == "liar:2635.json"
        assert claim.claimant.name == "Dwayne Bohac"
        assert claim.claimant.job_title == "State representative"
        assert claim.claimant.party == "republican"
        assert [t.name for t in claim.tags] == ["abortion"]
        assert claim.appearances[0].document.title == "a mailer"
        assert claim.verdicts[0].rating.label == "False"
        assert claim.verdicts[0].evidence[0].url.startswith("https://www.politifact.com/")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            GOOD_ROW.replace("\t", ","),
            "expected 14 tab-separated columns, found 1 (is it tab-separated?)",
        ),
        (GOOD_ROW.replace("\ta mailer", ""), "expected 14 tab-separated columns, found 13"),
        (GOOD_ROW.encode() + b"9.json\tfalse\t\xff\xfe bad\n", "not valid UTF-8"),
        (b"", "the file is empty"),
        ("\n\n", "the file is empty"),
        (GOOD_ROW + GOOD_ROW, "id 2635.json appears twice"),
        (GOOD_ROW.replace("\tfalse\t", "\tfalsish\t"), "'falsish' is not one of"),
        (GOOD_ROW.replace("2635.json", "abc"), "'abc' is not a LIAR id"),
    ],
    ids=["commas", "missing-column", "bad-utf8", "empty", "blank", "duplicate", "label", "id"],
)
def test_bad_files_are_refused(app, runner, tmp_path: Path, content, message) -> None:
    path = tmp_path / "bad.tsv"
    good = tmp_path / "good.tsv"
    good.write_text(GOOD_ROW.replace("2635", "1"), encoding="utf-8")
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = runner.invoke(args=["import", "liar", str(good), str(path)])
    assert result.exit_code == 1
    assert message in result.output
    assert "nothing was imported" in result.output
    assert claim_count(app) == 0, "a bad file must not leave a partial import"


def test_bom_is_noted_and_ignored(app, runner, tmp_path: Path) -> None:
    path = tmp_path / "bom.tsv"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD_ROW.encode())
    result = runner.invoke(args=["import", "liar", str(path)])
    assert result.exit_code == 0, result.output
    assert "byte-order mark" in result.output
    assert claim_count(app) == 1


def test_fifty_megabyte_line_is_refused_without_reading_it_all(app, runner, tmp_path: Path) -> None:
    path = tmp_path / "huge.tsv"
    with path.open("wb") as handle:
        handle.write(GOOD_ROW.encode())
        handle.write(b"x" * 50_000_000 + b"\n")
    result = runner.invoke(args=["import", "liar", str(path)])
    assert result.exit_code == 1
    assert "longer than 1,000,000 bytes" in result.output
    assert claim_count(app) == 0


def test_dry_run_writes_nothing(app, runner, tmp_path: Path) -> None:
    path = tmp_path / "one.tsv"
    path.write_text(GOOD_ROW, encoding="utf-8")
    result = runner.invoke(args=["import", "liar", "--dry-run", str(path)])
    assert result.exit_code == 0
    assert "Dry run: nothing was written." in result.output
    assert claim_count(app) == 0


def test_reimport_finds_speakers_by_external_id(app, runner, tmp_path: Path) -> None:
    """A one-word speaker ("obama") has no alias apart from its name; the key still matches."""
    first = tmp_path / "a.tsv"
    first.write_text(GOOD_ROW.replace("dwayne-bohac", "obama"), encoding="utf-8")
    second = tmp_path / "b.tsv"
    second.write_text(
        GOOD_ROW.replace("dwayne-bohac", "obama").replace("2635", "77"), encoding="utf-8"
    )
    assert runner.invoke(args=["import", "liar", str(first)]).exit_code == 0
    result = runner.invoke(args=["import", "liar", str(second)])
    assert "0 sources" in result.output
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(Source)) == 1
