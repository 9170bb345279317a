"""paragraph search index (FTS5 on SQLite, tsvector + GIN on PostgreSQL)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the tables as this revision made them (form 1); 0008 converts them to today's
    from gwr.search.migrate import FORM1_POSTGRES, FORM1_SQLITE

    for stmt in FORM1_SQLITE if op.get_bind().dialect.name == "sqlite" else FORM1_POSTGRES:
        op.execute(stmt)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS paragraph_fts")
    op.execute("DROP TABLE IF EXISTS paragraph_search")
