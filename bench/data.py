"""Built desks, cached under the bench data folder so repeated runs reuse them.

``BENCH_DATA`` (default ``bench/data/``) holds ``desk-<N>.sqlite3`` and, per engine, a
``desk-<N>-<engine>.json`` that records the :class:`~bench.desk.DeskInfo` once a build has
finished (a build that died leaves no JSON and is redone). PostgreSQL desks are databases
``claimdesk_bench_<N>`` on the server given by ``BENCH_POSTGRES_URL`` or
``CLAIMDESK_TEST_POSTGRES_URL``.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import event, make_url, text

from bench.desk import VERSION, DeskInfo, populate
from bench.scratch import recreate_postgres
from webapp.db import make_engine
from webapp.migrations_cli import alembic_config
from webapp.registry import import_models

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("BENCH_DATA", ROOT / "bench" / "data"))


def postgres_server() -> str:
    url = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("CLAIMDESK_TEST_POSTGRES_URL")
    url = url or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def _cached(meta: Path, url: str) -> DeskInfo | None:
    """The desk recorded in ``meta``, migrated to the app's newest schema; None: build it."""
    if not meta.exists():
        return None
    info = DeskInfo(**json.loads(meta.read_text()))
    if info.version != VERSION:
        return None
    command.upgrade(alembic_config(url), "head")  # e.g. a new index since it was built
    return info


def build(url: str, claims: int) -> DeskInfo:
    """Migrate the empty database at ``url`` and write a desk of ``claims`` claims into it."""
    import_models()
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url).execution_options(claimdesk_write=True)
    if engine.dialect.name == "sqlite":  # a build that dies is redone: no need to sync

        @event.listens_for(engine, "connect")
        def _fast(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA synchronous = OFF")

    started = time.perf_counter()
    with engine.connect() as conn:
        info = populate(conn, claims)
    # A live PostgreSQL has planner statistics (autovacuum); a fresh bulk load has none.
    # SQLite gets none: the app never runs ANALYZE, so the bench must not either.
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()
    print(f"  built a desk of {claims:,} claims in {time.perf_counter() - started:.0f} s: {url}")
    return info


def _build(url: str, claims: int, meta: Path) -> DeskInfo:
    info = build(url, claims)
    meta.write_text(info.as_json())
    return info


def sqlite_desk(claims: int) -> tuple[Path, DeskInfo]:
    """The SQLite file of a desk of ``claims`` claims, built once."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"desk-{claims}.sqlite3"
    meta = DATA / f"desk-{claims}-sqlite.json"
    info = _cached(meta, f"sqlite:///{path}") if path.exists() else None
    if info is None:
        meta.unlink(missing_ok=True)
        for stale in DATA.glob(f"desk-{claims}.sqlite3*"):
            stale.unlink()
        info = _build(f"sqlite:///{path}", claims, meta)
    return path, info


def postgres_desk(claims: int) -> tuple[str, DeskInfo]:
    """The URL of a PostgreSQL database holding a desk of ``claims`` claims, built once."""
    DATA.mkdir(parents=True, exist_ok=True)
    server = make_url(postgres_server())
    name = f"claimdesk_bench_{claims}"
    url = server.set(database=name).render_as_string(hide_password=False)
    meta = DATA / f"desk-{claims}-postgresql.json"
    admin = make_engine(server.render_as_string(hide_password=False)).execution_options(
        isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
    admin.dispose()
    info = _cached(meta, url) if exists else None
    if info is None:
        meta.unlink(missing_ok=True)
        info = _build(fresh_postgres(name), claims, meta)
    return url, info


def fresh_postgres(name: str) -> str:
    """An empty PostgreSQL database ``name`` on the bench server (dropped first); its URL."""
    return recreate_postgres(postgres_server(), name)


def plain_postgres_url(url: str) -> str:
    """``url`` as libpq (psql) spells it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
