"""A scratch PostgreSQL database for a benchmark run: created fresh, dropped afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import make_url, text

from webapp.db import make_engine


@contextmanager
def postgres_database(server_url: str, name: str) -> Iterator[str]:
    """The URL of a new, empty database ``name`` on ``server_url``'s server; dropped after."""
    server = make_url(server_url.replace("postgresql://", "postgresql+psycopg://", 1))
    admin = make_engine(server.render_as_string(hide_password=False)).execution_options(
        isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
