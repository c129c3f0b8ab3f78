"""Add full-text search of claims

SQLite: an FTS5 index kept in step with the claims table by triggers.
PostgreSQL: a GIN index over the claim's tsvector (no stored column, so the
models stay the same on both engines).

Revision ID: 20261130_0833
Revises: 20261130_0832
Create Date: 2026-11-30 08:33:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "20261130_0833"
down_revision: str | None = "20261130_0832"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = [
    """CREATE VIRTUAL TABLE claims_fts USING fts5(
        statement, quote, content='claims', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER claims_fts_after_insert AFTER INSERT ON claims BEGIN
        INSERT INTO claims_fts(rowid, statement, quote) VALUES (new.id, new.statement, new.quote);
    END""",
    """CREATE TRIGGER claims_fts_after_delete AFTER DELETE ON claims BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, statement, quote)
        VALUES ('delete', old.id, old.statement, old.quote);
    END""",
    """CREATE TRIGGER claims_fts_after_update AFTER UPDATE OF statement, quote ON claims BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, statement, quote)
        VALUES ('delete', old.id, old.statement, old.quote);
        INSERT INTO claims_fts(rowid, statement, quote) VALUES (new.id, new.statement, new.quote);
    END""",
    "INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER claims_fts_after_update",
    "DROP TRIGGER claims_fts_after_delete",
    "DROP TRIGGER claims_fts_after_insert",
    "DROP TABLE claims_fts",
]
POSTGRES_UP = [
    "CREATE INDEX ix_claims_search_vector ON claims "
    "USING gin (to_tsvector('english', statement || ' ' || quote))",
]
POSTGRES_DOWN = ["DROP INDEX ix_claims_search_vector"]


def upgrade() -> None:
    statements = SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRES_UP
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    statements = SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRES_DOWN
    for statement in statements:
        op.execute(statement)
