"""Migrations: one head, up/down/up on both engines with data kept, models match DDL."""

from __future__ import annotations

import datetime as dt

from pytest_alembic.tests import (  # noqa: F401  (pytest-alembic's built-in checks)
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy import inspect, text

from webapp.migrations_cli import MIGRATIONS_DIR

USER_ROW = {
    "email": "kept@example.org",
    "display_name": "Kept",
    "password_hash": "$argon2id$v=19$m=8,t=1,p=1$x$y",
    "role": "editor",
    "active": True,
    "created_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    "version": 1,
}


def _users(engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT email FROM users")).scalars())


def test_up_down_up_keeps_data(alembic_runner, alembic_engine) -> None:
    """Rows inserted at head survive stepping down and back up through every revision."""
    alembic_runner.migrate_up_to("heads")
    alembic_runner.insert_into("users", USER_ROW)
    revisions = [r for r in alembic_runner.history.revisions if r not in ("base", "heads")]
    first = revisions[0]
    # Step down one revision at a time to the first one (the users table lives there),
    # then back to head; the row must be there at every step.
    for _ in range(len(revisions) - 1):
        alembic_runner.migrate_down_one()
        assert _users(alembic_engine) == ["kept@example.org"]
    assert alembic_runner.current == first
    alembic_runner.migrate_up_to("heads")
    assert _users(alembic_engine) == ["kept@example.org"]


def test_table_rebuild_keeps_rows_that_point_at_it(alembic_runner, alembic_engine) -> None:
    """On SQLite, adding sources.external_id rebuilds the sources table under claims."""
    alembic_runner.migrate_up_to("20261130_0850")
    alembic_runner.insert_into(
        "sources",
        {
            "name": "Dostum",
            "name_key": "dostum",
            "kind": "person",
            "description": "",
            "version": 1,
            "created_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            "updated_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        },
    )
    with alembic_engine.connect() as conn:
        source_id = conn.execute(text("SELECT id FROM sources")).scalar_one()
    alembic_runner.insert_into(
        "claims",
        {
            "statement": "No room for the Taliban.",
            "quote": "",
            "claimant_id": source_id,
            "language": "en",
            "checkable": False,
            "status": "new",
            "version": 1,
            "created_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            "updated_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        },
    )
    alembic_runner.migrate_up_to("heads")
    alembic_runner.migrate_down_to("20261130_0850")
    alembic_runner.migrate_up_to("heads")
    with alembic_engine.connect() as conn:
        assert conn.execute(text("SELECT claimant_id FROM claims")).scalar_one() == source_id
        assert conn.execute(text("SELECT name FROM sources")).scalar_one() == "Dostum"


def test_base_head_base_head(alembic_runner, alembic_engine) -> None:
    alembic_runner.migrate_up_to("heads")
    alembic_runner.migrate_down_to("base")
    assert set(inspect(alembic_engine).get_table_names()) <= {"alembic_version"}
    alembic_runner.migrate_up_to("heads")
    assert "users" in inspect(alembic_engine).get_table_names()


def test_revision_files_are_date_prefixed() -> None:
    import re

    names = [p.name for p in (MIGRATIONS_DIR / "versions").glob("*.py")]
    assert names
    for name in names:
        assert re.match(r"^\d{8}_\d{4}_[a-z0-9_]+\.py$", name), name
