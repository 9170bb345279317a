"""PostgreSQL: GIN over gram sets, then an exact ``strpos`` check on the folded text.

Why not a phrase query (``<->``) over positioned grams, as on SQLite: a
``tsvector`` keeps at most 256 positions per lexeme and none above 16383, so
in a long paragraph (a compilation page pasted as one block, a table flattened
into one line) the later occurrences of 发展 or of ``，`` lose their positions
and a phrase query would miss them.  Instead the ``grams`` vector is a plain
set (no positions, so no limits): the GIN index returns the paragraphs that
contain every gram of the query — a superset of the answer — and
``strpos(body, needle)`` on the NFKC-folded text keeps exactly those that
contain the query.  ``body`` is folded in Python, not with PostgreSQL's
``normalize``/``lower``, whose case mapping depends on the server's locale.

The word stream is plain text: ranking reads it like SQLite does
(:mod:`gwr.search.rank`), so both dialects order hits the same way.
Vectors are written as literals (``'tok' 'tok2'``) cast to ``tsvector``, never
through ``to_tsvector``, so PostgreSQL's parser cannot re-split a token.
"""
from __future__ import annotations

from sqlalchemy import text as sql
from sqlalchemy.engine import Connection

from . import rank
from .page import SearchPage
from .tokens import Phrase, normalize

TABLE = "paragraph_search"

DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (paragraph_id bigint PRIMARY KEY, body text NOT NULL, "
    "grams tsvector NOT NULL, words text NOT NULL, tags tsvector NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_grams_idx ON {TABLE} USING gin (grams)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_tags_idx ON {TABLE} USING gin (tags)",
)


def create_index(conn: Connection) -> None:
    for stmt in DDL:
        conn.exec_driver_sql(stmt)


def _lexeme(tok: str) -> str:
    return "'" + tok.replace("\\", "\\\\").replace("'", "''") + "'"


def set_vector(tokens) -> str:
    """A ``tsvector`` literal of distinct tokens without positions."""
    return " ".join(_lexeme(t) for t in dict.fromkeys(tokens))


def and_query(phrase: Phrase) -> str:
    """Every gram of the phrase, the last one as a prefix when the phrase says so."""
    toks = list(phrase.tokens)
    last = toks.pop() if phrase.prefix else None
    parts = [_lexeme(t) for t in dict.fromkeys(toks)]
    if last is not None:
        parts.append(_lexeme(last) + ":*")
    return " & ".join(parts)


def or_query(tokens) -> str:
    return " | ".join(_lexeme(t) for t in dict.fromkeys(tokens))


def tags_query(groups: list[tuple[str, ...]]) -> str:
    return " & ".join(f"({or_query(g)})" for g in groups)


def index_paragraphs(conn: Connection, rows) -> int:
    from ._sqlite import prepare

    return index_prepared(conn, [(pid, *prepare(text), tags) for pid, text, tags in rows])


def index_prepared(conn: Connection, rows) -> int:
    """Rows ``(id, body, grams, words, tags)``; the gram stream becomes a set of lexemes here."""
    params = [{"id": int(pid), "body": body, "grams": set_vector(grams.split()), "words": words,
               "tags": set_vector((tags or "").split())} for pid, body, grams, words, tags in rows]
    if not params:
        return 0
    conn.execute(sql(
        f"INSERT INTO {TABLE} (paragraph_id, body, grams, words, tags) VALUES "
        "(:id, :body, CAST(:grams AS tsvector), :words, CAST(:tags AS tsvector)) "
        "ON CONFLICT (paragraph_id) DO UPDATE SET body = excluded.body, grams = excluded.grams, "
        "words = excluded.words, tags = excluded.tags"), params)
    return len(params)


def delete_paragraphs(conn: Connection, ids: list[int]) -> int:
    if not ids:
        return 0
    res = conn.execute(sql(f"DELETE FROM {TABLE} WHERE paragraph_id = ANY(CAST(:ids AS bigint[]))"),
                       {"ids": [int(i) for i in ids]})
    return res.rowcount


def search(conn: Connection, page: SearchPage, phrase: Phrase, words, groups, *,
           limit: int, offset: int, window: int) -> SearchPage:
    where = "grams @@ CAST(:gq AS tsquery) AND strpos(body, :needle) > 0"
    params = {"gq": and_query(phrase), "needle": normalize(page.query),
              "wneedle": rank.word_needle(words)}
    if groups:
        where += " AND tags @@ CAST(:tq AS tsquery)"
        params["tq"] = tags_query(groups)

    def candidates(below: bool) -> str:
        low = " AND paragraph_id < :low" if below else ""
        return (f"SELECT paragraph_id AS id FROM {TABLE} WHERE {where}{low} "
                "ORDER BY paragraph_id DESC LIMIT :w")

    return rank.run(conn, page, candidates, params, real="double precision", limit=limit,
                    offset=offset, window=window)
