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

Vectors are written as literals (``'tok' 'tok2'``) cast to ``tsvector``, never
through ``to_tsvector``, so PostgreSQL's parser cannot re-split a token.
"""
from __future__ import annotations

from sqlalchemy import text as sql
from sqlalchemy.engine import Connection

from .page import Hit, SearchPage
from .tokens import Phrase, index_tokens, normalize, word_tokens

TABLE = "paragraph_search"
MAX_POS = 16383          # tsvector's largest position
MAX_POSITIONS = 256      # positions kept per lexeme

DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (paragraph_id bigint PRIMARY KEY, body text NOT NULL, "
    "grams tsvector NOT NULL, words tsvector NOT NULL, tags tsvector NOT NULL)",
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


def positioned_vector(tokens) -> str:
    """A ``tsvector`` literal with positions, clipped to what ``tsvector`` keeps (ranking only)."""
    where: dict[str, list[int]] = {}
    for pos, tok in enumerate(tokens, start=1):
        seen = where.setdefault(tok, [])
        if len(seen) < MAX_POSITIONS and pos <= MAX_POS:
            seen.append(pos)
    return " ".join(_lexeme(t) + (":" + ",".join(map(str, p)) if p else "")
                    for t, p in where.items())


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
    params = [{"id": int(pid), "body": normalize(text),
               "grams": set_vector(index_tokens(text).split()),
               "words": positioned_vector(word_tokens(text).split()),
               "tags": set_vector((tags or "").split())} for pid, text, tags in rows]
    if not params:
        return 0
    conn.execute(sql(
        f"INSERT INTO {TABLE} (paragraph_id, body, grams, words, tags) VALUES "
        "(:id, :body, CAST(:grams AS tsvector), CAST(:words AS tsvector), CAST(:tags AS tsvector)) "
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
           limit: int, offset: int) -> SearchPage:
    params = {"gq": and_query(phrase), "needle": normalize(page.query),
              "limit": limit, "offset": offset}
    where = "grams @@ CAST(:gq AS tsquery) AND strpos(body, :needle) > 0"
    if groups:
        where += " AND tags @@ CAST(:tq AS tsquery)"
        params["tq"] = tags_query(groups)
    score = "CAST(0 AS real)"
    if words:
        score = "ts_rank(words, CAST(:wq AS tsquery), 1)"
        params["wq"] = or_query(words)
    rows = conn.execute(sql(
        f"SELECT paragraph_id, {score} AS score FROM {TABLE} WHERE {where} "
        "ORDER BY score DESC, paragraph_id LIMIT :limit OFFSET :offset"), params).all()
    page.hits = [Hit(int(pid), float(s)) for pid, s in rows]
    page.total = conn.execute(sql(f"SELECT count(*) FROM {TABLE} WHERE {where}"),
                              params).scalar_one()
    return page
