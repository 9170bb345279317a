"""documents.successor_code: today's division continuing a former one

A report of 清苑县 (130622, a county until 2015) is stored with 130608 (清苑区)
here, so that region filters, tracking and the region page join the two
names.  Documents stored before this revision are filled in from the
gazetteer: a code that names a former division in the report's year gets its
successor.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch_op:
        batch_op.add_column(sa.Column("successor_code", sa.String(length=6), nullable=True))
        batch_op.create_index(batch_op.f("ix_documents_successor_code"), ["successor_code"], unique=False)
    _backfill(op.get_bind())


def _backfill(conn) -> None:
    from gwr.regions import gazetteer

    g = gazetteer()
    former = {p.code for p in g.former() if p.successor}
    docs = sa.table("documents", sa.column("id"), sa.column("region_code"), sa.column("region_name"),
                    sa.column("report_year"), sa.column("successor_code"))
    rows = conn.execute(sa.select(docs.c.id, docs.c.region_code, docs.c.region_name, docs.c.report_year)
                        .where(docs.c.region_code.in_(sorted(former)))).all() if former else []
    for doc_id, code, name, year in rows:
        place = g.get(code, year) if year is not None else None
        if place is not None and place.valid_to is not None and place.successor and place.name == name:
            conn.execute(sa.update(docs).where(docs.c.id == doc_id).values(successor_code=place.successor))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_successor_code"))
        batch_op.drop_column("successor_code")
