"""documents: indexes on parent_code and prefecture_code, for "this region and every place below it"

A region filter that includes the places below (a province's or a prefecture's page, a
comparison or tracking over it) is one OR over region, successor, parent, prefecture and
province codes.  SQLite answers such an OR through one index per term or not at all: without
these two it read every document.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_documents_parent_code", "documents", ["parent_code"], unique=False)
    op.create_index("ix_documents_prefecture_code", "documents", ["prefecture_code"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_documents_prefecture_code", table_name="documents")
    op.drop_index("ix_documents_parent_code", table_name="documents")
