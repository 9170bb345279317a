"""facts.period_start, period_end, measure: figures covering several years

A result that sums or averages several years (五年累计完成投资…, 年均增长…,
"十三五"时期…) is stored as a fact of kind ``period`` with the years it covers
and what it measures (``total``, ``average_annual``, ``change``); its ``year``
is null, so no series of one year ever takes it in.  Facts stored before this
revision had no period figures (they were left out): nothing to fill in.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("facts") as batch_op:
        batch_op.add_column(sa.Column("period_start", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("period_end", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("measure", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("facts") as batch_op:
        batch_op.drop_column("measure")
        batch_op.drop_column("period_end")
        batch_op.drop_column("period_start")
