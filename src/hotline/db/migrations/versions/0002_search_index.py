"""Full-text search index: FTS5 on SQLite, GIN over to_tsvector on PostgreSQL (written by hand).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        from hotline.db.search import create_sqlite_fts

        create_sqlite_fts(bind)
    else:
        op.execute("CREATE INDEX ix_order_search_terms ON order_search USING gin (to_tsvector('simple', terms))")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS order_search_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_order_search_terms")
