"""Store document text and quote offsets

The intake assistant keeps an article's text on its document (documents.body) and the
character offsets of each appearance's quote in that text (appearances.quote_start and
quote_end, both null for appearances recorded without a stored text).

Revision ID: 20261201_1900
Revises: 20261130_0930
Create Date: 2026-12-01 19:00:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261201_1900"
down_revision: str | None = "20261130_0930"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("body", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("appearances", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quote_start", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("quote_end", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("appearances", schema=None) as batch_op:
        batch_op.drop_column("quote_end")
        batch_op.drop_column("quote_start")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("body")
