"""Add match keys of claims

``claims.quantity_unit_key`` is the quantity's unit normalised ("Fighters" and "fighter"
alike) so figures of one unit are compared (indexed). ``claims.match_key`` holds the statement normalised for "checked before?" matching
(webapp/matching/normalize.py); it is filled here for existing rows and kept current by the
claim operations and the LIAR writer. Indexed for candidate retrieval:
SQLite: an FTS5 table over the key, kept in step by triggers (plain unicode61: the key is
already stemmed). PostgreSQL: a generated column ``match_vector`` (the key's 'simple'
tsvector, stored: computing it per row made a LIMITed scan of a common token cost ~8 us a
row, so the planner's seq-scan choice was slow) with a GIN index. The column is outside the
models, like the other search objects (migrations/env.py).

Revision ID: 20261201_1910
Revises: 20261201_1900
Create Date: 2026-12-01 19:10:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from webapp.matching.normalize import match_key, unit_key

revision: str = "20261201_1910"
down_revision: str | None = "20261201_1900"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = [
    """CREATE VIRTUAL TABLE claims_match_fts USING fts5(
        match_key, content='claims', content_rowid='id', tokenize='unicode61')""",
    """CREATE TRIGGER claims_match_fts_after_insert AFTER INSERT ON claims BEGIN
        INSERT INTO claims_match_fts(rowid, match_key) VALUES (new.id, new.match_key);
    END""",
    """CREATE TRIGGER claims_match_fts_after_delete AFTER DELETE ON claims BEGIN
        INSERT INTO claims_match_fts(claims_match_fts, rowid, match_key)
        VALUES ('delete', old.id, old.match_key);
    END""",
    """CREATE TRIGGER claims_match_fts_after_update AFTER UPDATE OF match_key ON claims BEGIN
        INSERT INTO claims_match_fts(claims_match_fts, rowid, match_key)
        VALUES ('delete', old.id, old.match_key);
        INSERT INTO claims_match_fts(rowid, match_key) VALUES (new.id, new.match_key);
    END""",
    "INSERT INTO claims_match_fts(claims_match_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER claims_match_fts_after_update",
    "DROP TRIGGER claims_match_fts_after_delete",
    "DROP TRIGGER claims_match_fts_after_insert",
    "DROP TABLE claims_match_fts",
]
POSTGRES_UP = [
    "ALTER TABLE claims ADD COLUMN match_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', match_key)) STORED",
    # fastupdate off: a pending list of unmerged entries made the planner cost the index
    # out of every lookup (a LIMITed query of a rare token scanned the table, 60 ms at 30k).
    "CREATE INDEX ix_claims_match_vector ON claims USING gin (match_vector) "
    "WITH (fastupdate = off)",
]
POSTGRES_DOWN = ["DROP INDEX ix_claims_match_vector", "ALTER TABLE claims DROP COLUMN match_vector"]


def _fill_keys() -> None:
    conn = op.get_bind()
    claims = sa.table(
        "claims",
        sa.column("id", sa.Integer),
        sa.column("statement", sa.Text),
        sa.column("quantity_unit", sa.String),
    )
    update = sa.text("UPDATE claims SET match_key = :key, quantity_unit_key = :unit WHERE id = :id")
    last = 0
    while True:
        rows = conn.execute(
            sa.select(claims.c.id, claims.c.statement, claims.c.quantity_unit)
            .where(claims.c.id > last)
            .order_by(claims.c.id)
            .limit(1000)
        ).all()
        if not rows:
            return
        conn.execute(
            update, [{"id": i, "key": match_key(s), "unit": unit_key(u)} for i, s, u in rows]
        )
        last = rows[-1][0]


def upgrade() -> None:
    # A plain ADD COLUMN (no batch rebuild), so the claims_fts triggers stay in place.
    op.add_column("claims", sa.Column("match_key", sa.Text(), nullable=False, server_default=""))
    op.add_column("claims", sa.Column("quantity_unit_key", sa.String(length=80), nullable=True))
    op.create_index("ix_claims_quantity_unit_key", "claims", ["quantity_unit_key"])
    _fill_keys()
    statements = SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRES_UP
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    statements = SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRES_DOWN
    for statement in statements:
        op.execute(statement)
    # SQLite 3.35+ drops a column in place; a batch rebuild would lose the claims_fts triggers.
    op.drop_index("ix_claims_quantity_unit_key", table_name="claims")
    op.execute("ALTER TABLE claims DROP COLUMN quantity_unit_key")
    op.execute("ALTER TABLE claims DROP COLUMN match_key")
