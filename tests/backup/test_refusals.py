"""What ``claimdesk restore`` and ``claimdesk backup`` refuse, and how they say so."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from sqlalchemy import func, select

from webapp import db
from webapp.backup import postgres
from webapp.backup.operations import BackupError, describe
from webapp.claims.models import Claim

CLAIM_COUNT = select(func.count()).select_from(Claim)


def test_backup_refuses_to_overwrite_a_file_unless_forced(runner, tmp_path) -> None:
    target = tmp_path / "desk.backup"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    refused = runner.invoke(args=["backup", str(target)])
    assert refused.exit_code == 1
    assert "exists already" in refused.output
    assert runner.invoke(args=["backup", "--force", str(target)]).exit_code == 0
    info = describe(target)
    assert info.engine == db.database(runner.app).engine.dialect.name
    assert info.revision is not None


def test_restore_refuses_a_database_with_content_unless_forced(
    runner, make_claim, tmp_path
) -> None:
    target = tmp_path / "desk.backup"
    claim_id = make_claim(statement="Kept in the backup.")
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    make_claim(statement="Written after the backup.")

    refused = runner.invoke(args=["restore", str(target)])
    assert refused.exit_code == 1
    assert "not empty" in refused.output
    assert "--force" in refused.output
    with runner.app.app_context():
        assert db.session().scalar(CLAIM_COUNT) == 2

    forced = runner.invoke(args=["restore", "--force", str(target)])
    assert forced.exit_code == 0, forced.output
    with runner.app.app_context():
        assert db.session().scalar(CLAIM_COUNT) == 1
        assert db.session().get(Claim, claim_id) is not None


def test_restore_refuses_an_unknown_revision_and_the_other_engine(runner, tmp_path) -> None:
    engine = db.database(runner.app).engine
    if engine.dialect.name == "sqlite":
        foreign = tmp_path / "newer.sqlite3"
        with closing(sqlite3.connect(foreign)) as conn, conn:
            conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
            conn.execute("INSERT INTO alembic_version VALUES ('29991231_2359')")
        expected = "does not know"
    else:
        foreign = tmp_path / "other-engine.sqlite3"
        with closing(sqlite3.connect(foreign)) as conn, conn:
            conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        expected = "sqlite backup; the database is postgresql"
    result = runner.invoke(args=["restore", "--force", str(foreign)])
    assert result.exit_code == 1
    assert expected in result.output
    garbage = tmp_path / "notes.txt"
    garbage.write_text("not a backup")
    result = runner.invoke(args=["restore", "--force", str(garbage)])
    assert result.exit_code == 1
    assert "neither a Claimdesk SQLite backup nor a pg_dump archive" in result.output


def test_missing_postgres_tools_are_named(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(postgres.TOOLS_ENV, str(tmp_path))
    with pytest.raises(BackupError, match="pg_dump was not found in CLAIMDESK_PG_BIN"):
        postgres.tool("pg_dump")
