"""Add external ids to sources

Imports (LIAR speakers, CSV source files) need a stable key to find the source they
created last time; names and aliases are for people and may be edited.

Revision ID: 20261130_0900
Revises: 20261130_0850
Create Date: 2026-11-30 09:00:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261130_0900"
down_revision: str | None = "20261130_0850"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("external_id", sa.String(length=200), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_sources_external_id"), ["external_id"])


def downgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_sources_external_id"), type_="unique")
        batch_op.drop_column("external_id")
