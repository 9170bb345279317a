"""search index: the folded text stored once (compressed on SQLite), no positions, no word stream

Form 1 of the search tables (0002) kept each paragraph's folded text, a word
stream and its tags as plain text, beside a positional FTS5 index (SQLite) or
a stored gram ``tsvector`` (PostgreSQL): together 4–7× the report's bytes.
Form 2 keeps the folded text once with where its words start — on SQLite one
compressed blob, an FTS5 index without positions and the tags shared through
``paragraph_tagsets``; on PostgreSQL the plain folded text with a GIN index
over bigrams that SQL derives from it (``gwr_grams``).  Both forms hold the
folded text, so the rows are converted from the old tables (``gwr.search.
migrate``) without the report text or the pipeline.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from gwr.search import migrate

    migrate.upgrade(op.get_bind())


def downgrade() -> None:
    from gwr.search import migrate

    migrate.downgrade(op.get_bind())
