"""Create rating scales, verdicts and evidence

Revision ID: 20261130_0832
Revises: 20261130_0831
Create Date: 2026-11-30 08:20:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import webapp.db

revision: str = "20261130_0832"
down_revision: str | None = "20261130_0831"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rating_scales",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_scales")),
        sa.UniqueConstraint("slug", name=op.f("uq_rating_scales_slug")),
    )

    op.create_table(
        "rating_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scale_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("truth_score", sa.Double(), nullable=True),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "truth_score IS NULL OR (truth_score >= 0 AND truth_score <= 1)",
            name=op.f("ck_rating_values_truth_score_range"),
        ),
        sa.ForeignKeyConstraint(
            ["scale_id"], ["rating_scales.id"], name=op.f("fk_rating_values_scale_id_rating_scales")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_values")),
        sa.UniqueConstraint("scale_id", "slug", name=op.f("uq_rating_values_scale_id_slug")),
    )
    with op.batch_alter_table("rating_values", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rating_values_scale_id"), ["scale_id"], unique=False)

    op.create_table(
        "verdicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("rating_value_id", sa.Integer(), nullable=False),
        sa.Column("credibility", sa.Integer(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("speaks_for", sa.Date(), nullable=True),
        sa.Column("created_at", webapp.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("concluded_at", webapp.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("concluded_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("retracted_at", webapp.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("retraction_reason", sa.String(length=1000), nullable=True),
        sa.CheckConstraint(
            "credibility BETWEEN 1 AND 6", name=op.f("ck_verdicts_credibility_range")
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_verdicts_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["concluded_by_id"], ["users.id"], name=op.f("fk_verdicts_concluded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_verdicts_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["rating_value_id"],
            ["rating_values.id"],
            name=op.f("fk_verdicts_rating_value_id_rating_values"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["users.id"], name=op.f("fk_verdicts_reviewer_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verdicts")),
    )
    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_verdicts_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_verdicts_concluded_at"), ["concluded_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_verdicts_rating_value_id"), ["rating_value_id"], unique=False
        )

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("verdict_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("archived_url", sa.String(length=500), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["verdict_id"], ["verdicts.id"], name=op.f("fk_evidence_verdict_id_verdicts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_verdict_id"), ["verdict_id"], unique=False)

    seed_rating_scales()


# Seed data, frozen here so later model changes cannot alter what this revision wrote.
DEFAULT_SCALE = [
    # slug, label, truth score (None: cannot be checked), colour
    ("true", "True", 1.0, "#1a7f37"),
    ("mostly-true", "Mostly true", 0.8, "#4c9a2a"),
    ("mixed", "Mixed", 0.5, "#b58900"),
    ("misleading", "Misleading", 0.3, "#d9822b"),
    ("mostly-false", "Mostly false", 0.2, "#d2561e"),
    ("false", "False", 0.0, "#b3261e"),
    ("unverifiable", "Unverifiable", None, "#6e7781"),
]
POLITIFACT_SCALE = [
    # The six labels of PolitiFact's Truth-O-Meter; slugs are the LIAR data set's labels.
    ("true", "True", 1.0, "#1a7f37"),
    ("mostly-true", "Mostly True", 0.8, "#4c9a2a"),
    ("half-true", "Half True", 0.6, "#b58900"),
    ("barely-true", "Mostly False", 0.4, "#d9822b"),
    ("false", "False", 0.2, "#d2561e"),
    ("pants-fire", "Pants on Fire", 0.0, "#8b1a1a"),
]


def seed_rating_scales() -> None:
    scales = sa.table(
        "rating_scales",
        sa.column("id", sa.Integer),
        sa.column("slug", sa.String),
        sa.column("name", sa.String),
        sa.column("description", sa.Text),
        sa.column("is_default", sa.Boolean),
    )
    values = sa.table(
        "rating_values",
        sa.column("scale_id", sa.Integer),
        sa.column("slug", sa.String),
        sa.column("label", sa.String),
        sa.column("position", sa.Integer),
        sa.column("truth_score", sa.Float),
        sa.column("colour", sa.String),
        sa.column("description", sa.Text),
    )
    op.bulk_insert(
        scales,
        [
            {
                "id": 1,
                "slug": "default",
                "name": "Claimdesk default",
                "description": "Seven values used by many desks; Unverifiable has no score.",
                "is_default": True,
            },
            {
                "id": 2,
                "slug": "politifact",
                "name": "PolitiFact Truth-O-Meter",
                "description": "PolitiFact's six labels, as in the LIAR data set.",
                "is_default": False,
            },
        ],
    )
    rows = []
    for scale_id, scale in ((1, DEFAULT_SCALE), (2, POLITIFACT_SCALE)):
        for position, (slug, label, score, colour) in enumerate(scale, start=1):
            rows.append(
                {
                    "scale_id": scale_id,
                    "slug": slug,
                    "label": label,
                    "position": position,
                    "truth_score": score,
                    "colour": colour,
                    "description": "",
                }
            )
    op.bulk_insert(values, rows)
    if op.get_bind().dialect.name == "postgresql":
        # Explicit ids above leave the sequence behind; move it past them.
        op.execute(
            "SELECT setval(pg_get_serial_sequence('rating_scales', 'id'), "
            "(SELECT max(id) FROM rating_scales))"
        )


def downgrade() -> None:
    op.drop_table("evidence")
    op.drop_table("verdicts")
    op.drop_table("rating_values")
    op.drop_table("rating_scales")
