"""Stored suggestions keep the emergency line they flag beside the payload, with a partial index of the flagged
ones: the emergency review finds them without parsing the JSON of every suggestion of its period.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FLAGGED = "emergency_line IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table("order_suggestions") as batch:
        batch.add_column(sa.Column("emergency_line", sa.String(length=8), nullable=True))
    # as suggestions.emergency_line: the rules' line, else the emergency model's second opinion
    suggestions = sa.table("order_suggestions", sa.column("payload", sa.JSON()), sa.column("emergency_line"))
    payload = suggestions.c.payload
    op.execute(suggestions.update().values(emergency_line=sa.func.coalesce(
        payload[("alerts", "transfer_to")].as_string(), payload[("alerts", "second_opinion", "line")].as_string())))
    op.create_index("ix_order_suggestions_emergency", "order_suggestions", ["order_id"],
                    sqlite_where=sa.text(FLAGGED), postgresql_where=sa.text(FLAGGED))


def downgrade() -> None:
    op.drop_index("ix_order_suggestions_emergency", table_name="order_suggestions")
    with op.batch_alter_table("order_suggestions") as batch:
        batch.drop_column("emergency_line")
