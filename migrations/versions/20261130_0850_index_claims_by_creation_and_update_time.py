"""Index claims by creation and update time

The claims list sorts by (created_at, id) or (updated_at, id) and pages with a keyset
on the same columns; without these indexes a large desk's first page scans the table.

Revision ID: 20261130_0850
Revises: 20261130_0840
Create Date: 2026-11-30 08:50:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "20261130_0850"
down_revision: str | None = "20261130_0840"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index("ix_claims_created_at_id", ["created_at", "id"], unique=False)
        batch_op.create_index("ix_claims_updated_at_id", ["updated_at", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_updated_at_id")
        batch_op.drop_index("ix_claims_created_at_id")
