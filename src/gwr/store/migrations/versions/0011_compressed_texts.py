"""file_texts: the report text compressed on SQLite; ``gwr_text(text)`` on both dialects

SQLite kept every report's text plain, as many bytes again as the reports
(PostgreSQL's TOAST compresses it to 0.7×).  Now it is stored as zstd frames
(``gwr.store.texts``: 0.4×), read through the column's type, ``text_slice`` or,
in SQL written by hand, ``gwr_text(text)`` — which PostgreSQL gets here as the
identity, so the same SQL runs on both.  Rows are converted a few files at a
time; the pages freed return to the file system at the next ``VACUUM``.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

BATCH = 20  # files per batch: memory bounded by a few texts


def upgrade() -> None:
    from gwr.store.texts import pack

    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("CREATE OR REPLACE FUNCTION gwr_text(text) RETURNS text LANGUAGE sql IMMUTABLE "
                             "PARALLEL SAFE AS 'SELECT $1'")
        return
    _convert(conn, "text", pack)


def downgrade() -> None:
    from gwr.store.texts import unpack

    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS gwr_text(text)")
        return
    _convert(conn, "blob", unpack)


def _convert(conn, stored: str, convert) -> None:
    """Rewrite every text stored as ``stored`` (SQLite's ``typeof``) by ``convert``, in file order."""
    last = -1
    while True:
        rows = conn.exec_driver_sql("SELECT file_id, text FROM file_texts WHERE file_id > ? AND typeof(text) = ? "
                                    "ORDER BY file_id LIMIT ?", (last, stored, BATCH)).all()
        if not rows:
            return
        conn.exec_driver_sql("UPDATE file_texts SET text = ? WHERE file_id = ?",
                             [(convert(body), file_id) for file_id, body in rows])
        last = rows[-1][0]
