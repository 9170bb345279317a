"""statistics: outcomes from official statistics, with their provenance

``gwr outcomes import FILE`` stores the figures of a statistics office (统计公报,
年鉴) beside the ones the reports claim: region (the code valid in the year
and today's successor), year, indicator, growth or level, unit, source, and
where each row came from (file name and path, sha256, line, time of import).
One row per (file sha256, line): importing the same file again adds nothing.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    id_type = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "statistics",
        sa.Column("id", id_type, autoincrement=True, nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("successor_code", sa.String(length=6), nullable=True),
        sa.Column("region_name", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=True),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=True),
        sa.Column("value_base", sa.Float(), nullable=True),
        sa.Column("unit_base", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("file_path", sa.Text(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statistics")),
    )
    op.create_index("ix_statistics_region_year", "statistics", ["region_code", "year", "indicator"])
    op.create_index("ix_statistics_successor", "statistics", ["successor_code"])
    op.create_index("uq_statistics_file_sha256_line", "statistics", ["file_sha256", "line"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_statistics_file_sha256_line", table_name="statistics")
    op.drop_index("ix_statistics_successor", table_name="statistics")
    op.drop_index("ix_statistics_region_year", table_name="statistics")
    op.drop_table("statistics")
