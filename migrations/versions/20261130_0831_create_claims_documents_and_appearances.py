"""Create claims, documents and appearances

Revision ID: 20261130_0831
Revises: 20261130_0830
Create Date: 2026-11-30 08:20:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import webapp.db

revision: str = "20261130_0831"
down_revision: str | None = "20261130_0830"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
        sa.UniqueConstraint("name_key", name=op.f("uq_tags_name_key")),
    )

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("claimant_id", sa.Integer(), nullable=True),
        sa.Column("claim_date", sa.Date(), nullable=True),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("language", sa.String(length=12), nullable=False),
        sa.Column("checkable", sa.Boolean(), nullable=False),
        sa.Column("quantity_value", sa.Double(), nullable=True),
        sa.Column("quantity_low", sa.Double(), nullable=True),
        sa.Column("quantity_high", sa.Double(), nullable=True),
        sa.Column("quantity_unit", sa.String(length=80), nullable=True),
        sa.Column("quantity_as_of", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "new",
                "in_review",
                "concluded",
                "reopened",
                name="claimstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", webapp.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", webapp.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("retracted_at", webapp.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("retraction_reason", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["claimant_id"], ["sources.id"], name=op.f("fk_claims_claimant_id_sources")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_claims_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
        sa.UniqueConstraint("external_id", name=op.f("uq_claims_external_id")),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_claim_date"), ["claim_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_claimant_id"), ["claimant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_status"), ["status"], unique=False)

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("publisher_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("retrieved_on", sa.Date(), nullable=True),
        sa.Column("archived_url", sa.String(length=500), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", webapp.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", webapp.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("retracted_at", webapp.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("retraction_reason", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["sources.id"], name=op.f("fk_documents_author_id_sources")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_documents_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["publisher_id"], ["sources.id"], name=op.f("fk_documents_publisher_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_documents_publisher_id"), ["publisher_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_documents_url"), ["url"], unique=False)

    op.create_table(
        "appearances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("is_first", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("created_at", webapp.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("retracted_at", webapp.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("retraction_reason", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_appearances_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_appearances_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_appearances_document_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appearances")),
        sa.UniqueConstraint(
            "claim_id", "document_id", name=op.f("uq_appearances_claim_id_document_id")
        ),
    )
    with op.batch_alter_table("appearances", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appearances_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_appearances_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "claim_relations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("related_claim_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "duplicate_of",
                "contradicts",
                "supports",
                "supersedes",
                name="relationkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", webapp.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("retracted_at", webapp.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("retraction_reason", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_relations_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_claim_relations_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["related_claim_id"],
            ["claims.id"],
            name=op.f("fk_claim_relations_related_claim_id_claims"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_relations")),
    )
    with op.batch_alter_table("claim_relations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_relations_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_claim_relations_related_claim_id"), ["related_claim_id"], unique=False
        )

    op.create_table(
        "claim_relays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_relays_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_claim_relays_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_relays")),
        sa.UniqueConstraint("claim_id", "position", name=op.f("uq_claim_relays_claim_id_position")),
    )
    with op.batch_alter_table("claim_relays", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_relays_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_relays_source_id"), ["source_id"], unique=False)

    op.create_table(
        "claim_tags",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_tags_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name=op.f("fk_claim_tags_tag_id_tags")),
        sa.PrimaryKeyConstraint("claim_id", "tag_id", name=op.f("pk_claim_tags")),
    )
    with op.batch_alter_table("claim_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_tags_tag_id"), ["tag_id"], unique=False)


def downgrade() -> None:
    op.drop_table("claim_tags")
    op.drop_table("claim_relays")
    op.drop_table("claim_relations")
    op.drop_table("appearances")
    op.drop_table("documents")
    op.drop_table("claims")
    op.drop_table("tags")
