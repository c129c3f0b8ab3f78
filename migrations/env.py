"""Alembic environment: runs migrations on the engine Claimdesk itself would use."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection, Engine

from webapp.db import Base, make_engine
from webapp.registry import import_models

import_models()
config = context.config
target_metadata = Base.metadata


# Search indexes are engine-specific (SQLite FTS5 tables, a PostgreSQL expression index, the
# PostgreSQL-only generated column claims.match_vector) and live outside the models on
# purpose; autogenerate must not propose to drop them.
SEARCH_OBJECT_PREFIXES = (
    "claims_fts",
    "ix_claims_search",
    "claims_match_fts",
    "ix_claims_match",
    "match_vector",
)


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    return not (name and name.startswith(SEARCH_OBJECT_PREFIXES))


def run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch migrations rebuild a table (copy, drop, rename). With foreign keys enforced,
        # dropping a table other rows point at fails, so they are off while migrating and
        # checked afterwards. The pragma only takes effect outside a transaction.
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_name=include_name,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        compare_server_default=False,
    )
    with context.begin_transaction():
        context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"Migration left rows pointing nowhere: {broken[:5]}")
    if sqlite:
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def run_online() -> None:
    given = config.attributes.get("connection")
    if isinstance(given, Connection):
        run(given)
        return
    if isinstance(given, Engine):  # pytest-alembic hands over an engine
        with given.connect() as connection:
            run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("No database URL: run migrations through `claimdesk db ...`.")
    engine = make_engine(url).execution_options(claimdesk_write=True)
    with engine.connect() as connection:
        run(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; connect to a database.")
run_online()
