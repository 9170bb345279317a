"""commitments: one row per document, items packed; attention_tallies: the JSON fields in one blob

0007 stored a row per plan or review item with the item as a JSON object
(its keys, the file's path, region and years, the quote every time) and a
``report`` row per report: 2.7× the bytes of the reports' text at 1,000
reports, more than everything else in the database.  Now a document's items
are two blobs (``gwr.store.compact.pack_items``: keys once, zstd with the
search side's dictionary) and its pairs a third; an attention tally's four
JSON fields are one blob.  The rows are converted both ways, a batch of
documents at a time, without the report text or the pipeline: what readers
get back is unchanged.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""
import json
from itertools import groupby

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
OLD = "{}_0009"  # a table set aside while its rows are converted
BATCH = 500  # documents per batch: bounded memory on any size of database


def upgrade() -> None:
    from gwr.store.compact import pack, pack_items

    conn = op.get_bind()
    _set_aside(conn, "commitments")
    op.create_table(
        "commitments",
        sa.Column("document_id", Id, autoincrement=False, nullable=False),
        sa.Column("region_key", sa.Text(), nullable=True),
        sa.Column("report_year", sa.Integer(), nullable=True),
        sa.Column("report", sa.Boolean(), nullable=False),
        sa.Column("plan_items", sa.LargeBinary(), nullable=True),
        sa.Column("review_items", sa.LargeBinary(), nullable=True),
        sa.Column("pairs", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name=op.f("fk_commitments_document_id_documents"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_commitments")),
    )
    old = sa.table(OLD.format("commitments"), *map(sa.column, ("document_id", "ordinal", "kind", "region_key",
                                                              "report_year", "item", "outcome")))
    new = sa.table("commitments", *map(sa.column, ("document_id", "region_key", "report_year", "report")),
                   sa.column("plan_items", sa.LargeBinary), sa.column("review_items", sa.LargeBinary),
                   sa.column("pairs", sa.LargeBinary))
    for rows in _by_document(conn, old, [old.c.ordinal]):
        out = []
        for doc, group in groupby(rows, key=lambda r: r.document_id):
            group = list(group)
            plan = [r for r in group if r.kind == "plan"]
            extras = [_json(r.outcome) for r in plan]
            out.append({"document_id": doc, "region_key": group[0].region_key, "report_year": group[0].report_year,
                        "report": any(r.kind == "report" for r in group),
                        "plan_items": pack_items([_json(r.item) for r in plan]),
                        "review_items": pack_items([_json(r.item) for r in group if r.kind == "outcome"]),
                        "pairs": pack(extras) if any(e is not None for e in extras) else None})
        conn.execute(new.insert(), out)
    op.drop_table(OLD.format("commitments"))
    op.create_index("ix_commitments_region_key_report_year", "commitments", ["region_key", "report_year"])

    _set_aside(conn, "attention_tallies")
    _create_tallies(sa.Column("data", sa.LargeBinary(), nullable=False))
    fields = ("counts", "sentences_with", "terms", "evidence")
    old = sa.table(OLD.format("attention_tallies"), *map(sa.column, ("id", "document_id", "dictionary", "scope",
                                                                    "role", "chars", "sentences", *fields)))
    new = sa.table("attention_tallies", *map(sa.column, ("document_id", "dictionary", "scope", "role", "chars",
                                                         "sentences")), sa.column("data", sa.LargeBinary))
    for rows in _by_document(conn, old, [old.c.id]):
        conn.execute(new.insert(), [{"document_id": r.document_id, "dictionary": r.dictionary, "scope": r.scope,
                                     "role": r.role, "chars": r.chars, "sentences": r.sentences,
                                     "data": pack([_json(getattr(r, f)) for f in fields])} for r in rows])
    op.drop_table(OLD.format("attention_tallies"))
    op.create_index(op.f("ix_attention_tallies_document_id"), "attention_tallies", ["document_id"])


def downgrade() -> None:
    from gwr.store.compact import unpack, unpack_items

    conn = op.get_bind()
    _set_aside(conn, "commitments")
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
    old = sa.table(OLD.format("commitments"), *map(sa.column, ("document_id", "region_key", "report_year", "report",
                                                              "plan_items", "review_items", "pairs")))
    new = sa.table("commitments", *map(sa.column, ("document_id", "ordinal", "kind", "region_key", "report_year",
                                                   "status")), sa.column("item", sa.JSON), sa.column("outcome", sa.JSON(none_as_null=True)))
    for rows in _by_document(conn, old, []):
        out = []
        for r in rows:
            plan = unpack_items(r.plan_items)
            extras = unpack(r.pairs) if r.pairs is not None else [None] * len(plan)
            items = [("plan", i, e) for i, e in zip(plan, extras)]
            items += [("outcome", i, None) for i in unpack_items(r.review_items)]
            items += [("report", {}, None)] if r.report else []
            out += [{"document_id": r.document_id, "ordinal": n, "kind": kind, "region_key": r.region_key,
                     "report_year": r.report_year, "item": item, "status": (extra or {}).get("status"),
                     "outcome": extra} for n, (kind, item, extra) in enumerate(items)]
        if out:
            conn.execute(new.insert(), out)
    op.drop_table(OLD.format("commitments"))
    op.create_index(op.f("ix_commitments_document_id"), "commitments", ["document_id"])
    op.create_index("ix_commitments_region_key_report_year_kind", "commitments",
                    ["region_key", "report_year", "kind"])

    _set_aside(conn, "attention_tallies")
    _create_tallies(sa.Column("counts", sa.JSON(), nullable=False), sa.Column("sentences_with", sa.JSON(), nullable=False),
                    sa.Column("terms", sa.JSON(), nullable=False), sa.Column("evidence", sa.JSON(), nullable=True))
    old = sa.table(OLD.format("attention_tallies"), *map(sa.column, ("id", "document_id", "dictionary", "scope", "role",
                                                                    "chars", "sentences", "data")))
    fields = ("counts", "sentences_with", "terms", "evidence")
    new = sa.table("attention_tallies", *map(sa.column, ("document_id", "dictionary", "scope", "role", "chars",
                                                         "sentences")), *(sa.column(f, sa.JSON(none_as_null=True)) for f in fields))
    for rows in _by_document(conn, old, [old.c.id]):
        conn.execute(new.insert(), [{"document_id": r.document_id, "dictionary": r.dictionary, "scope": r.scope,
                                     "role": r.role, "chars": r.chars, "sentences": r.sentences,
                                     **dict(zip(fields, unpack(r.data)))} for r in rows])
    op.drop_table(OLD.format("attention_tallies"))
    op.create_index(op.f("ix_attention_tallies_document_id"), "attention_tallies", ["document_id"])


def _create_tallies(*data: sa.Column) -> None:
    op.create_table(
        "attention_tallies",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("document_id", Id, nullable=False),
        sa.Column("dictionary", sa.Text(), nullable=False),
        sa.Column("scope", sa.String(length=8), nullable=False),
        sa.Column("role", sa.Text(), nullable=True),
        sa.Column("chars", sa.Integer(), nullable=False),
        sa.Column("sentences", sa.Integer(), nullable=False),
        *data,
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_attention_tallies_document_id_documents"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attention_tallies")),
    )


def _set_aside(conn, table: str) -> None:
    """Rename ``table`` out of the way and (PostgreSQL) free its schema-wide names.  Its indexes stay
    until it is dropped (the batches read it by document); the new table's come after."""
    op.rename_table(table, OLD.format(table))
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"ALTER TABLE {OLD.format(table)} RENAME CONSTRAINT pk_{table} TO pk_{OLD.format(table)}")
        seq = conn.exec_driver_sql(f"SELECT pg_get_serial_sequence('{OLD.format(table)}', 'id')").scalar() \
            if "id" in {c["name"] for c in sa.inspect(conn).get_columns(OLD.format(table))} else None
        if seq:
            conn.exec_driver_sql(f"ALTER SEQUENCE {seq} RENAME TO {OLD.format(table)}_id_seq")


def _by_document(conn, old, order: list):
    """The rows of ``old`` a batch of documents at a time, in document order (then ``order``)."""
    last = None
    while True:
        ids = sa.select(old.c.document_id).distinct().order_by(old.c.document_id).limit(BATCH)
        if last is not None:
            ids = ids.where(old.c.document_id > last)
        docs = list(conn.scalars(ids))
        if not docs:
            return
        yield conn.execute(sa.select(old).where(old.c.document_id.in_(docs))
                           .order_by(old.c.document_id, *order)).all()
        last = docs[-1]


def _json(v):
    return json.loads(v) if isinstance(v, str) else v
