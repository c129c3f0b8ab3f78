"""Taking and restoring a backup of the whole database, on SQLite and PostgreSQL.

A SQLite backup is a copy of the database made with SQLite's online backup API in one
step, so it is the snapshot of one read transaction: in WAL mode the app keeps writing
meanwhile and nothing it commits later is in the copy. A PostgreSQL backup is a
``pg_dump`` archive in custom format, which is also one snapshot (pg_dump reads in a
single repeatable-read transaction). The kind of a backup file is told by its first bytes.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, literal, make_url, select, table

from webapp.backup import postgres
from webapp.backup.postgres import BackupError
from webapp.migrations_cli import alembic_config

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
# A database holding a row in any of these has been used: restoring over it would lose data.
CONTENT_TABLES = ("users", "sources", "claims", "documents", "verdicts", "audit_log")

__all__ = ["BackupError", "BackupInfo", "backup", "backup_kind", "restore"]


@dataclass(frozen=True)
class BackupInfo:
    """What a backup holds: its engine, migration revision and size."""

    path: Path
    engine: str  # "sqlite" or "postgresql"
    revision: str | None
    size: int


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(database)


def backup_kind(path: Path) -> str:
    """``"sqlite"`` or ``"postgresql"`` from the file's first bytes; BackupError otherwise."""
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is neither a Claimdesk SQLite backup nor a pg_dump archive.")


def _read_only_uri(path: Path) -> str:
    # as_uri() percent-encodes "?" and "#", which a plain f"file:{path}" would misread.
    return path.resolve().as_uri() + "?mode=ro"


def _sqlite_revision(path: Path) -> str | None:
    with closing(sqlite3.connect(_read_only_uri(path), uri=True)) as conn:
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            return None
    return str(row[0]) if row else None


def _check_integrity(conn: sqlite3.Connection, what: str) -> None:
    result = conn.execute("PRAGMA integrity_check").fetchall()
    if result != [("ok",)]:
        raise BackupError(f"{what} failed SQLite's integrity check: {result[:5]}")


def _backup_sqlite(url: str, target: Path) -> None:
    source = sqlite3.connect(_sqlite_path(url), timeout=30)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    copy = sqlite3.connect(partial)
    try:
        # pages=-1: the whole database in one step, i.e. one consistent snapshot; a stepped
        # copy would restart every time the app commits.
        source.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside
        _check_integrity(copy, "The new backup")
    finally:
        copy.close()
        source.close()
    os.replace(partial, target)


def backup(
    engine: Engine, target: Path, *, overwrite: bool = False, pg_snapshot: str | None = None
) -> BackupInfo:
    """Write a backup of the database behind ``engine`` to ``target`` (a new file).

    ``pg_snapshot`` (PostgreSQL only) dumps the snapshot another transaction exported with
    ``pg_export_snapshot()``, so that transaction and the backup see the very same data.
    """
    if target.exists() and not overwrite:
        raise BackupError(f"{target} exists already; choose a new file or pass --force.")
    url = engine.url.render_as_string(hide_password=False)
    if engine.dialect.name == "sqlite":
        _backup_sqlite(url, target)
    else:
        postgres.dump(url, target, snapshot=pg_snapshot)
    return describe(target)


def describe(path: Path) -> BackupInfo:
    """Read a backup file's engine and migration revision."""
    kind = backup_kind(path)
    revision = _sqlite_revision(path) if kind == "sqlite" else postgres.archive_revision(path)
    return BackupInfo(path=path, engine=kind, revision=revision, size=path.stat().st_size)


def is_empty(engine: Engine) -> bool:
    """True when the database has none of Claimdesk's content (a fresh or migrated one)."""
    tables = set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        for name in CONTENT_TABLES:
            first_row = select(literal(1)).select_from(table(name)).limit(1)
            if name in tables and conn.execute(first_row).first():
                return False
    return True


def _check_revision(info: BackupInfo) -> str:
    """Refuse a backup this code's migrations do not know; return a note when it is older."""
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    head = scripts.get_current_head()
    if info.revision is None:
        raise BackupError(f"{info.path} has no migration revision: it is not a Claimdesk backup.")
    if info.revision == head:
        return ""
    known = {script.revision for script in scripts.walk_revisions()}
    if info.revision not in known:
        raise BackupError(
            f"{info.path} was made at migration {info.revision}, which this version of "
            f"Claimdesk does not know (its newest is {head}): restore it with the newer "
            "version that made it."
        )
    return f"The backup is at migration {info.revision}; run `claimdesk db upgrade` next."


def _restore_sqlite(url: str, source: Path) -> None:
    backup_conn = sqlite3.connect(_read_only_uri(source), uri=True)
    target = sqlite3.connect(_sqlite_path(url), timeout=30)
    try:
        _check_integrity(backup_conn, str(source))
        # The backup API replaces the target's pages in one locked step: other
        # connections see the old database or the restored one, never a mixture.
        backup_conn.backup(target, pages=-1)
        target.execute("PRAGMA journal_mode=WAL")
        _check_integrity(target, "The restored database")
    finally:
        target.close()
        backup_conn.close()


def restore(engine: Engine, source: Path, *, force: bool = False) -> str:
    """Replace the database behind ``engine`` by the backup ``source``; return a note.

    Refuses a database with content unless ``force``, a backup of the other engine, and a
    backup made at a migration this code does not know.
    """
    info = describe(source)
    if info.engine != engine.dialect.name:
        raise BackupError(
            f"{source} is a {info.engine} backup; the database is {engine.dialect.name}. "
            "Move data between engines with the CSV exports and imports."
        )
    note = _check_revision(info)
    if not force and not is_empty(engine):
        raise BackupError(
            "The database is not empty: restoring would replace what it holds. Restore into "
            "an empty database, or pass --force to overwrite it."
        )
    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()  # our own pooled connections must not hold the old database
    if info.engine == "sqlite":
        _restore_sqlite(url, source)
    else:
        postgres.restore(url, source)
    return note
