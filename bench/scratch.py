"""Shared pieces of the benchmarks: a scratch PostgreSQL database, bulk inserts, ANALYZE."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, insert, make_url, text

from webapp.db import make_engine


def _admin(server_url: str) -> tuple[Any, Engine]:
    server = make_url(server_url.replace("postgresql://", "postgresql+psycopg://", 1))
    admin = make_engine(server.render_as_string(hide_password=False)).execution_options(
        isolation_level="AUTOCOMMIT"
    )
    return server, admin


def _drop(admin: Engine, name: str) -> None:
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def recreate_postgres(server_url: str, name: str) -> str:
    """Drop database ``name`` on ``server_url``'s server if it exists, create it empty; its URL."""
    server, admin = _admin(server_url)
    _drop(admin, name)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return str(server.set(database=name).render_as_string(hide_password=False))


@contextmanager
def postgres_database(server_url: str, name: str) -> Iterator[str]:
    """The URL of a new, empty database ``name`` on ``server_url``'s server; dropped after."""
    url = recreate_postgres(server_url, name)
    try:
        yield url
    finally:
        _, admin = _admin(server_url)
        _drop(admin, name)
        admin.dispose()


def insert_in_batches(conn: Connection, table: Any, rows: Iterable[dict[str, Any]]) -> None:
    """Insert ``rows`` (a generator is fine) 10,000 at a time with Core."""
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == 10_000:
            conn.execute(insert(table), batch)
            batch = []
    if batch:
        conn.execute(insert(table), batch)


def analyze(engine: Engine) -> None:
    """Planner statistics, as a live database has them (autovacuum, or SQLite's ANALYZE); a
    freshly bulk-loaded one has none, and PostgreSQL then misjudges joins and indexes."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE")
