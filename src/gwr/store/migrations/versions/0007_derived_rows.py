"""commitments, attention_tallies: computed once at ingest; files.name: the path a client sees

``/api/commitments`` read every stored report again on every request and the
attention indices counted every text again; now both are computed when a file
is stored (``gwr.store.derived``) and read by index.  Files stored before this
revision have ``derived`` null: ``gwr.store.derived.backfill`` (run by ``gwr
ingest``, ``gwr serve`` and the first query that needs the rows) computes
theirs from the stored text, the way ``gwr.store.commitments`` did per request.
The pipeline is not run here: a migration stays what it was when written.

``files.name`` is the path relative to the directory given at ingest; for
files stored before, relative to the deepest directory holding them all.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""
import os

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("files") as batch_op:
        batch_op.add_column(sa.Column("name", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("derived", sa.String(length=64), nullable=True))
    _names(op.get_bind())
    op.create_table(
        "commitments",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("document_id", Id, nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("region_key", sa.Text(), nullable=True),
        sa.Column("report_year", sa.Integer(), nullable=True),
        sa.Column("item", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=True),
        sa.Column("outcome", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name=op.f("fk_commitments_document_id_documents"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments")),
    )
    op.create_index(op.f("ix_commitments_document_id"), "commitments", ["document_id"])
    op.create_index("ix_commitments_region_key_report_year_kind", "commitments",
                    ["region_key", "report_year", "kind"])
    op.create_table(
        "commitment_repairs",
        sa.Column("region_key", sa.Text(), nullable=False),
        sa.Column("report_year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("region_key", "report_year", name=op.f("pk_commitment_repairs")),
    )
    op.create_table(
        "attention_tallies",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("document_id", Id, nullable=False),
        sa.Column("dictionary", sa.Text(), nullable=False),
        sa.Column("scope", sa.String(length=8), nullable=False),
        sa.Column("role", sa.Text(), nullable=True),
        sa.Column("chars", sa.Integer(), nullable=False),
        sa.Column("sentences", sa.Integer(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("sentences_with", sa.JSON(), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_attention_tallies_document_id_documents"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attention_tallies")),
    )
    op.create_index(op.f("ix_attention_tallies_document_id"), "attention_tallies", ["document_id"])


def _names(conn) -> None:
    files = sa.table("files", sa.column("id"), sa.column("path"), sa.column("name"))
    rows = conn.execute(sa.select(files.c.id, files.c.path)).all()
    if not rows:
        return
    dirs = [os.path.dirname(p) for _, p in rows]
    try:
        root = os.path.commonpath(dirs)
    except ValueError:  # paths on different drives
        root = None
    for file_id, path in rows:
        name = os.path.relpath(path, root) if root else os.path.basename(path)
        conn.execute(sa.update(files).where(files.c.id == file_id).values(name=name))


def downgrade() -> None:
    op.drop_table("attention_tallies")
    op.drop_table("commitment_repairs")
    op.drop_table("commitments")
    # plain ALTER TABLE (SQLite >= 3.35): a batch copy of ``files`` would drop the old table, and with
    # foreign keys on, that deletes every file's text (file_texts cascades)
    op.execute("ALTER TABLE files DROP COLUMN derived")
    op.execute("ALTER TABLE files DROP COLUMN name")
