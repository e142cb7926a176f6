"""A partial index of the orders merged into another (并单): the kept order lists the repeats merged into it.

Few orders are merged, so the index holds only those (merged_into_id IS NOT NULL) and costs next to nothing;
without it, listing an order's merged repeats would read every order.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MERGED = "merged_into_id IS NOT NULL"


def upgrade() -> None:
    op.create_index("ix_orders_merged_into", "orders", ["merged_into_id"], sqlite_where=sa.text(MERGED),
                    postgresql_where=sa.text(MERGED))


def downgrade() -> None:
    op.drop_index("ix_orders_merged_into", table_name="orders")
