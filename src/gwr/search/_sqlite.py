"""SQLite: a contentless FTS5 table of grams, words and tags, keyed by paragraph id.

FTS5's phrase positions are exact at any length, so the gram phrase alone
decides a match.  The table is contentless (the token streams are three
times the size of the text); deleting from a contentless table needs the
values that were inserted, so a plain side table keeps each paragraph's text
(grams are recomputed from it: they depend on NFKC tables only), its word
stream (stored, because a new segmenter dictionary would segment differently)
and its tags.  With SQLite ≥ 3.43 ``contentless_delete=1`` would make the side
table unnecessary.
"""
from __future__ import annotations

from sqlalchemy.engine import Connection

from .page import Hit, SearchPage
from .tokens import Phrase, index_tokens, word_tokens

FTS = "paragraph_fts"
SIDE = "paragraph_search"
# bm25 weights of the columns grams, words, tags: a whole-word match counts
# twice in the score (once as grams, once as a word) and weighs more.
WEIGHTS = (1.0, 4.0, 0.0)

DDL = (
    f"CREATE TABLE IF NOT EXISTS {SIDE} (paragraph_id INTEGER PRIMARY KEY, "
    "text TEXT NOT NULL, words TEXT NOT NULL, tags TEXT NOT NULL)",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
    "grams, words, tags, content='', tokenize='ascii', detail='full')",
)


def create_index(conn: Connection) -> None:
    for stmt in DDL:
        conn.exec_driver_sql(stmt)


def index_paragraphs(conn: Connection, rows) -> int:
    return insert_streams(conn, [stream_row(pid, text, tags) for pid, text, tags in rows])


def stream_row(pid, text: str, tags: str | None) -> tuple[int, str, str, str, str]:
    """``(id, text, grams, words, tags)``: the pure, costly half of indexing one paragraph."""
    return int(pid), text, index_tokens(text), word_tokens(text), tags or ""


def insert_streams(conn: Connection, rows: list[tuple[int, str, str, str, str]]) -> int:
    """Write rows made by :func:`stream_row`, replacing earlier entries of the same ids."""
    if not rows:
        return 0
    delete_paragraphs(conn, [r[0] for r in rows])
    conn.exec_driver_sql(f"INSERT INTO {SIDE} VALUES (?, ?, ?, ?)",
                         [(pid, text, words, tags) for pid, text, _, words, tags in rows])
    conn.exec_driver_sql(f"INSERT INTO {FTS} (rowid, grams, words, tags) VALUES (?, ?, ?, ?)",
                         [(pid, grams, words, tags) for pid, _, grams, words, tags in rows])
    return len(rows)


def delete_paragraphs(conn: Connection, ids: list[int]) -> int:
    removed = 0
    for i in range(0, len(ids), 500):
        chunk = [int(x) for x in ids[i:i + 500]]
        marks = ",".join("?" * len(chunk))
        old = conn.exec_driver_sql(
            f"SELECT paragraph_id, text, words, tags FROM {SIDE} WHERE paragraph_id IN ({marks})",
            tuple(chunk)).all()
        if not old:
            continue
        conn.exec_driver_sql(
            f"INSERT INTO {FTS} ({FTS}, rowid, grams, words, tags) VALUES ('delete', ?, ?, ?, ?)",
            [(pid, index_tokens(text), words, tags) for pid, text, words, tags in old])
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


def rank_expr(match: str, phrase: Phrase, words: tuple[str, ...]) -> str:
    """The match again, plus an always-true branch that lets bm25 see whole-word hits."""
    if not words:
        return match
    return f"{match} AND (grams : {phrase_expr(phrase)} OR words : {_string(words)})"


def search(conn: Connection, page: SearchPage, phrase: Phrase, words, groups, *,
           limit: int, offset: int) -> SearchPage:
    match = match_expr(phrase, groups)
    weights = ", ".join(str(w) for w in WEIGHTS)
    rows = conn.exec_driver_sql(
        f"SELECT rowid, bm25({FTS}, {weights}) AS s FROM {FTS} WHERE {FTS} MATCH ? "
        "ORDER BY s LIMIT ? OFFSET ?", (rank_expr(match, phrase, words), limit, offset)).all()
    page.hits = [Hit(int(pid), -float(s)) for pid, s in rows]
    page.total = conn.exec_driver_sql(
        f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH ?", (match,)).scalar_one()
    return page
