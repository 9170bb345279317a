"""Moving an index between its stored forms (migration 0008), in both directions.

Form 1 (migrations 0002–0008) kept per paragraph the folded text, a word
stream and the tags as plain text, beside a positional FTS5 index (SQLite) or
a stored gram ``tsvector`` (PostgreSQL).  Form 2 (:mod:`gwr.search._sqlite`,
:mod:`gwr.search._postgres`) keeps the folded text once with its word starts.
Both hold the folded text, so each is rebuilt from the other without the
report text and without running the pipeline; rows are read in id order, a
batch at a time (bounded memory on any size of index).
"""
from __future__ import annotations

from sqlalchemy import text as sql
from sqlalchemy.engine import Connection

from . import _postgres, _sqlite, stored
from .tokens import _rjieba_cut, folded_tokens, folded_word_tokens

BATCH = 2000
OLD = "paragraph_search_old"


def _batches(conn: Connection, query: str):
    """Rows of ``query`` (which selects ``paragraph_id`` first, from ``OLD``) by keyset pages."""
    last = -1
    while True:
        rows = conn.execute(sql(query.format(old=OLD) + " WHERE paragraph_id > :last "
                                "ORDER BY paragraph_id LIMIT :n"), {"last": last, "n": BATCH}).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _form2_row(pid, body: str, tags: str):
    return pid, body, folded_tokens(body), stored.word_starts(len(body), _rjieba_cut(body)), tags


def upgrade(conn: Connection) -> None:
    """Form 1 → form 2."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"ALTER TABLE paragraph_search RENAME TO {OLD}")
        conn.exec_driver_sql("DROP TABLE paragraph_fts")
        _sqlite.create_index(conn)
        for rows in _batches(conn, "SELECT paragraph_id, body, tags FROM {old}"):
            _sqlite.index_prepared(conn, [_form2_row(*r) for r in rows])
        conn.exec_driver_sql("INSERT INTO paragraph_fts (paragraph_fts) VALUES ('optimize')")
    else:
        _pg_set_aside(conn)
        _postgres.create_index(conn)
        for rows in _batches(conn, "SELECT paragraph_id, body, array_to_string(tsvector_to_array(tags), ' ') "
                                   "FROM {old}"):
            _postgres.index_prepared(conn, [_form2_row(*r) for r in rows])
    conn.exec_driver_sql(f"DROP TABLE {OLD}")


def downgrade(conn: Connection) -> None:
    """Form 2 → form 1."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"ALTER TABLE paragraph_search RENAME TO {OLD}")
        conn.exec_driver_sql("DROP TABLE paragraph_fts")
        for stmt in FORM1_SQLITE:
            conn.exec_driver_sql(stmt)
        for rows in _batches(conn, "SELECT paragraph_id, data, (SELECT tags FROM paragraph_tagsets t "
                                   "WHERE t.id = tagset) FROM {old}"):
            bodies = [(pid, stored.unpack(data)[0], tags) for pid, data, tags in rows]
            conn.exec_driver_sql("INSERT INTO paragraph_search VALUES (?, ?, ?, ?)",
                                 [(pid, body, _words(body), tags) for pid, body, tags in bodies])
            conn.exec_driver_sql("INSERT INTO paragraph_fts (rowid, grams, tags) VALUES (?, ?, ?)",
                                 [(pid, folded_tokens(body), tags) for pid, body, tags in bodies])
        conn.exec_driver_sql("DROP TABLE paragraph_tagsets")
    else:
        _pg_set_aside(conn)
        for stmt in FORM1_POSTGRES:
            conn.exec_driver_sql(stmt)
        for rows in _batches(conn, "SELECT paragraph_id, body, CAST(tags AS text) FROM {old}"):
            conn.execute(sql(
                "INSERT INTO paragraph_search (paragraph_id, body, grams, words, tags) VALUES "
                "(:id, :body, CAST(:grams AS tsvector), :words, CAST(:tags AS tsvector))"),
                [{"id": pid, "body": body, "grams": _postgres.set_vector(folded_tokens(body).split()),
                  "words": _words(body), "tags": tags} for pid, body, tags in rows])
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS gwr_grams(text)")
    conn.exec_driver_sql(f"DROP TABLE {OLD}")


def _words(body: str) -> str:
    return " " + folded_word_tokens(body) + " "


def _pg_set_aside(conn: Connection) -> None:
    """Rename the table and drop its indexes, so that the new ones can take their names."""
    conn.exec_driver_sql("DROP INDEX IF EXISTS paragraph_search_grams_idx")
    conn.exec_driver_sql("DROP INDEX IF EXISTS paragraph_search_tags_idx")
    conn.exec_driver_sql("DROP INDEX IF EXISTS paragraph_search_sample_idx")
    conn.exec_driver_sql(f"ALTER TABLE paragraph_search RENAME TO {OLD}")
    conn.exec_driver_sql(f"ALTER INDEX paragraph_search_pkey RENAME TO {OLD}_pkey")


FORM1_SQLITE = (
    "CREATE TABLE paragraph_search (paragraph_id INTEGER PRIMARY KEY, "
    "body TEXT NOT NULL, words TEXT NOT NULL, tags TEXT NOT NULL)",
    "CREATE VIRTUAL TABLE paragraph_fts USING fts5(grams, tags, content='', tokenize='ascii', detail='full')",
    "INSERT INTO paragraph_fts (paragraph_fts, rank) VALUES ('automerge', 0)",
)

FORM1_POSTGRES = (
    "CREATE TABLE paragraph_search (paragraph_id bigint PRIMARY KEY, body text NOT NULL, "
    "grams tsvector NOT NULL, words text NOT NULL, tags tsvector NOT NULL)",
    "CREATE INDEX paragraph_search_grams_idx ON paragraph_search USING gin (grams)",
    "CREATE INDEX paragraph_search_tags_idx ON paragraph_search USING gin (tags)",
)
