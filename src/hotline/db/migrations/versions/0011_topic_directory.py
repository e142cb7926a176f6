"""The centre's topic directory (问题分类目录): the level-1 and level-2 topics staff pick from.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from hotline.db.base import UTCDateTime

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "topic_directory",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=128), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("added_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=True),
        sa.Column("retired_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("retired_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["added_by"], ["users.id"], name=op.f("fk_topic_directory_added_by_users")),
        sa.ForeignKeyConstraint(["retired_by"], ["users.id"], name=op.f("fk_topic_directory_retired_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic_directory")),
        sa.UniqueConstraint("path", name=op.f("uq_topic_directory_path")),
    )


def downgrade() -> None:
    op.drop_table("topic_directory")
