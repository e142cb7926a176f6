"""The event log is append-only: the database itself refuses UPDATE and DELETE on order_events.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER order_events_no_{verb.lower()} BEFORE {verb} ON order_events
                BEGIN SELECT RAISE(ABORT, 'order_events is append-only'); END""")
        return
    op.execute("""
        CREATE FUNCTION order_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'order_events is append-only'; END $$""")
    op.execute("""
        CREATE TRIGGER order_events_append_only BEFORE UPDATE OR DELETE ON order_events
        FOR EACH ROW EXECUTE FUNCTION order_events_append_only()""")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS order_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS order_events_no_delete")
        return
    op.execute("DROP TRIGGER IF EXISTS order_events_append_only ON order_events")
    op.execute("DROP FUNCTION IF EXISTS order_events_append_only()")
