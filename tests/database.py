"""Test databases: one migrated schema per engine and session, emptied after every test.

Each test sees exactly the seed rows the migrations ship. Tests commit for real
(the app's one-commit-per-request is part of what they check), so isolation comes
from emptying the tables afterwards instead of from an outer rolled-back transaction.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, Integer, insert, make_url, select, text

from webapp.db import Base, make_engine
from webapp.migrations_cli import alembic_config
from webapp.registry import import_models

POSTGRES_ENV = "CLAIMDESK_TEST_POSTGRES_URL"
POSTGRES_MISSING = f"{POSTGRES_ENV} is not set: PostgreSQL tests skipped"
ENGINES = ["sqlite", "postgresql"]


@dataclass
class TestDatabase:
    """A migrated database and the seed rows to restore after each test."""

    url: str
    engine: Engine
    seeds: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name


def postgres_server_url() -> str:
    url = os.environ.get(POSTGRES_ENV, "")
    if not url:
        pytest.skip(POSTGRES_MISSING)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def fresh_postgres_database(name: str) -> str:
    """Drop and recreate database ``name`` on the test server; return its URL."""
    server = make_url(postgres_server_url())
    admin = make_engine(server.render_as_string(hide_password=False)).execution_options(
        isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


def fresh_database_url(engine_name: str, tmp_dir: Path, name: str) -> str:
    """A URL to an empty database of the given engine."""
    if engine_name == "sqlite":
        return f"sqlite:///{tmp_dir / (name + '.sqlite3')}"
    return fresh_postgres_database(f"claimdesk_test_{name}_{os.getpid()}")


def migrate(url: str) -> TestDatabase:
    """Upgrade ``url`` to head and remember the seed rows."""
    import_models()
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    db = TestDatabase(url=url, engine=engine)
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = [dict(row._mapping) for row in conn.execute(select(table))]
            if rows:
                db.seeds[table.name] = rows
    return db


def reset(db: TestDatabase) -> None:
    """Empty every table and put the seed rows back."""
    tables = Base.metadata.sorted_tables
    with db.engine.begin() as conn:
        if db.dialect == "postgresql":
            # A connection a test leaked (an unclosed streamed response, a server thread)
            # would hold locks that TRUNCATE waits on forever: end those sessions first.
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
            # DELETE, not TRUNCATE: on tables this small it is much faster (TRUNCATE swaps
            # each table's files); the sequences are rewound too. One round trip for all.
            statements = [f'DELETE FROM "{t.name}"' for t in reversed(tables)]
            statements += [
                f"SELECT setval(pg_get_serial_sequence('\"{t.name}\"', 'id'), 1, false)"
                for t in tables
                if "id" in t.c and isinstance(t.c.id.type, Integer)
            ]
            conn.exec_driver_sql("; ".join(statements))
        else:
            for table in reversed(tables):
                conn.execute(table.delete())
            if _has_sqlite_sequence(conn):
                conn.execute(text("DELETE FROM sqlite_sequence"))
        for table in tables:
            rows = db.seeds.get(table.name)
            if rows:
                conn.execute(insert(table), rows)
                if db.dialect == "postgresql" and "id" in table.c:
                    conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                            f'(SELECT max(id) FROM "{table.name}"))'
                        )
                    )


def _has_sqlite_sequence(conn: Any) -> bool:
    return bool(
        conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")).first()
    )


def drop(db: TestDatabase) -> None:
    db.engine.dispose()
    if db.dialect == "postgresql":
        fresh = make_url(db.url)
        server = make_url(postgres_server_url())
        admin = make_engine(server.render_as_string(hide_password=False)).execution_options(
            isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{fresh.database}" WITH (FORCE)'))
        admin.dispose()
