"""SQLite: a contentless FTS5 table of grams and tags, keyed by paragraph id.

FTS5's phrase positions are exact at any length, so the gram phrase alone
decides a match, and the tags column intersects the filters inside the same
lookup.  The FTS table is contentless (the gram stream is twice the size of
the text in bytes); deleting from a contentless table needs the values that
were inserted, so a plain side table keeps each paragraph's folded text (the
grams are re-derived from it) and its tags; it also holds the word stream
and feeds the ranking (:mod:`gwr.search.rank`).  Words are not indexed in
FTS5: ranking reads them only for the bounded window of candidates, so an
FTS column of words would cost index space and buy nothing.
"""
from __future__ import annotations

from sqlalchemy.engine import Connection

from . import rank
from .page import SearchPage
from .tokens import Phrase, folded_tokens, normalize

FTS = "paragraph_fts"
SIDE = "paragraph_search"

DDL = (
    f"CREATE TABLE IF NOT EXISTS {SIDE} (paragraph_id INTEGER PRIMARY KEY, "
    "body TEXT NOT NULL, words TEXT NOT NULL, tags TEXT NOT NULL)",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
    "grams, tags, content='', tokenize='ascii', detail='full')",
)


def create_index(conn: Connection) -> None:
    for stmt in DDL:
        conn.exec_driver_sql(stmt)


def index_paragraphs(conn: Connection, rows) -> int:
    return insert_streams(conn, [stream_row(pid, text, tags) for pid, text, tags in rows])


def index_prepared(conn: Connection, rows) -> int:
    """Rows ``(id, body, grams, words, tags)`` whose streams were made elsewhere (an ingest worker)."""
    return insert_streams(conn, list(rows))


def stream_row(pid, text: str, tags: str | None) -> tuple[int, str, str, str, str]:
    """``(id, body, grams, words, tags)``: the pure, costly half of indexing one paragraph."""
    return (int(pid), *prepare(text), tags or "")


def prepare(text: str) -> tuple[str, str, str]:
    """``(body, grams, words)`` of one paragraph: the pure, costly part, the same for both dialects."""
    body = normalize(text)
    return body, folded_tokens(body), rank.padded_words(body, folded=True)


def insert_streams(conn: Connection, rows: list[tuple[int, str, str, str, str]]) -> int:
    """Write rows made by :func:`stream_row`, replacing earlier entries of the same ids."""
    if not rows:
        return 0
    delete_paragraphs(conn, [r[0] for r in rows])
    conn.exec_driver_sql(f"INSERT INTO {SIDE} VALUES (?, ?, ?, ?)",
                         [(pid, body, words, tags) for pid, body, _, words, tags in rows])
    conn.exec_driver_sql(f"INSERT INTO {FTS} (rowid, grams, tags) VALUES (?, ?, ?)",
                         [(pid, grams, tags) for pid, _, grams, _, tags in rows])
    return len(rows)


def delete_paragraphs(conn: Connection, ids: list[int]) -> int:
    removed = 0
    for i in range(0, len(ids), 500):
        chunk = [int(x) for x in ids[i:i + 500]]
        marks = ",".join("?" * len(chunk))
        old = conn.exec_driver_sql(
            f"SELECT paragraph_id, body, tags FROM {SIDE} WHERE paragraph_id IN ({marks})",
            tuple(chunk)).all()
        if not old:
            continue
        conn.exec_driver_sql(
            f"INSERT INTO {FTS} ({FTS}, rowid, grams, tags) VALUES ('delete', ?, ?, ?)",
            [(pid, folded_tokens(body), tags) for pid, body, tags in old])
        conn.exec_driver_sql(f"DELETE FROM {SIDE} WHERE paragraph_id IN ({marks})", tuple(chunk))
        removed += len(old)
    return removed


def _string(tokens) -> str:
    return '"' + " ".join(tokens).replace('"', '""') + '"'


def phrase_expr(phrase: Phrase) -> str:
    """An FTS5 phrase; a trailing ``*`` makes its last token a prefix."""
    return _string(phrase.tokens) + (" *" if phrase.prefix else "")


def match_expr(phrase: Phrase, groups: list[tuple[str, ...]]) -> str:
    """The exact match: the gram phrase, and for each filter group one of its tags."""
    parts = [f"grams : {phrase_expr(phrase)}"]
    parts += ["tags : (" + " OR ".join(_string([t]) for t in g) + ")" for g in groups]
    return " AND ".join(parts)


def search(conn: Connection, page: SearchPage, phrase: Phrase, words, groups, *,
           limit: int, offset: int, window: int) -> SearchPage:
    def candidates(below: bool) -> str:
        low = "AND rowid < :low " if below else ""
        return (f"SELECT rowid AS id FROM {FTS} WHERE {FTS} MATCH :match {low}"
                "ORDER BY rowid DESC LIMIT :w")

    params = {"match": match_expr(phrase, groups), "needle": normalize(page.query),
              "wneedle": rank.word_needle(words)}
    return rank.run(conn, page, candidates, params, real="REAL", limit=limit, offset=offset,
                    window=window)
