"""Create sources, aliases and grades

Revision ID: 20261130_0830
Revises: 20261130_0814
Create Date: 2026-11-30 08:20:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import webapp.db

revision: str = "20261130_0830"
down_revision: str | None = "20261130_0814"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "person",
                "organisation",
                "outlet",
                "government",
                "social_account",
                "document",
                "dataset",
                "unnamed",
                name="sourcekind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("homepage_url", sa.String(length=500), nullable=True),
        sa.Column("country", sa.String(length=80), nullable=True),
        sa.Column("wikidata_id", sa.String(length=20), nullable=True),
        sa.Column("job_title", sa.String(length=200), nullable=True),
        sa.Column("state", sa.String(length=80), nullable=True),
        sa.Column("party", sa.String(length=80), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", webapp.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", webapp.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("retracted_at", webapp.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("retraction_reason", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_sources_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
    )
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sources_name_key"), ["name_key"], unique=False)

    op.create_table(
        "source_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.Column("alias_key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_source_aliases_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_aliases")),
    )
    with op.batch_alter_table("source_aliases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_source_aliases_alias_key"), ["alias_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_source_aliases_source_id"), ["source_id"], unique=False
        )

    op.create_table(
        "source_grades",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column(
            "grade",
            sa.Enum("A", "B", "C", "D", "E", "F", name="admiraltygrade", native_enum=False),
            nullable=False,
        ),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("graded_by_id", sa.Integer(), nullable=True),
        sa.Column("graded_at", webapp.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["graded_by_id"], ["users.id"], name=op.f("fk_source_grades_graded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_source_grades_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_grades")),
    )
    with op.batch_alter_table("source_grades", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_source_grades_source_id"), ["source_id"], unique=False)


def downgrade() -> None:
    op.drop_table("source_grades")
    op.drop_table("source_aliases")
    op.drop_table("sources")
