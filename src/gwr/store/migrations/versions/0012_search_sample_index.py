"""PostgreSQL: an index on each indexed paragraph's run of 4 ids modulo 1024, for sampled totals

A query with more hits than its ranked window has its total estimated on a
sample of the ids below the window.  Slices of consecutive ids sample a filter
(a level, a span of years) by whole reports, a few dozen of them; runs of ids
whose run numbers have a few remainders modulo 1024 take some paragraphs of
every report, and this index lets the sample be AND-ed with the gram index
instead of read row by row (gwr.search._postgres.sample).  SQLite samples slices of its FTS5 index: nothing
to do there.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        from gwr.search._postgres import SAMPLE_INDEX

        op.execute(SAMPLE_INDEX)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS paragraph_search_sample_idx")
