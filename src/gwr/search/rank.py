"""Ranking shared by both dialects: a bounded window of candidates, scored in SQL.

Why not FTS5's ``bm25`` or PostgreSQL's ``ts_rank`` over every hit: on a
500k-paragraph index 发展 matches 40 % of the paragraphs, and ranking all of
them costs 0.4 s on SQLite (bm25 looks up each hit's column sizes and scans
the whole phrase once for its IDF).  With a single query phrase the IDF does
not change the order anyway.  So:

* candidates are taken in descending paragraph id (newest ingested first),
  at most ``window`` of them — the index walks its own posting lists in that
  order and stops;
* they are scored by a saturating term frequency, BM25's shape without the
  IDF, where a whole-word occurrence counts three times (once as a
  substring, twice more as a segmented word), normalised by paragraph length:
  ``t / (t + K1 * (1 - B + B * len / AVG_LEN))`` with
  ``t = substrings + WORD_BONUS * whole_words``;
* the hits beyond the window follow in descending id, unranked, so paging
  through ``offset`` walks one stable order: the ranked window, then the rest.

The trade-off: a query with more than ``window`` hits is ranked only among
its newest ``window`` hits, and its total is estimated from their density
over the id range (``total_is_estimate``).  Both dialects evaluate the same
expression in double precision, so they return the same order.
"""
from __future__ import annotations

from .tokens import folded_word_tokens, word_tokens

DEFAULT_WINDOW = 1000
K1, B, AVG_LEN = 1.2, 0.75, 150.0
WORD_BONUS = 2.0
SCORED_CHARS = 1000  # a pasted 20,000-character block is scored on its start


def scored_sql(candidates: str, real: str) -> str:
    """CTEs ``c`` (candidate ids) and ``g`` (id, score), each costly term evaluated once.

    ``:needle`` is the folded query and ``:wneedle`` the query's words
    between spaces (``' 地区 生产总值 '``).  Counting is ``length``/``replace``
    arithmetic, the one way both dialects share; on SQLite it costs about
    10 µs per ordinary candidate, which is what bounds the window, and only
    the first ``SCORED_CHARS`` characters are counted (``len`` stays whole).
    """
    needle, wneedle = "CAST(:needle AS TEXT)", "CAST(:wneedle AS TEXT)"

    def count(hay: str, pat: str) -> str:
        return f"CAST(length({hay}) - length(replace({hay}, {pat}, '')) AS {real}) / length({pat})"

    norm = f"{K1} * ({1 - B} + {B} * CAST(len AS {real}) / {AVG_LEN})"
    return (f"WITH c AS MATERIALIZED ({candidates}), "
            f"t AS MATERIALIZED (SELECT p.paragraph_id AS id, length(p.body) AS len, "
            f"{count(f'substr(p.body, 1, {SCORED_CHARS})', needle)} + "
            f"{WORD_BONUS} * {count(f'substr(p.words, 1, {2 * SCORED_CHARS})', wneedle)} AS tf "
            "FROM c JOIN paragraph_search p ON p.paragraph_id = c.id), "
            f"g AS (SELECT id, tf / (tf + {norm}) AS score FROM t) ")


def page_sql(candidates: str, real: str) -> str:
    """The ranked window: one page of it, with the window's size and lowest id on every row."""
    return (scored_sql(candidates, real) +
            "SELECT id, score, count(*) OVER () AS n, min(id) OVER () AS low FROM g "
            "ORDER BY score DESC, id DESC LIMIT :limit OFFSET :offset")


def tail_sql(candidates: str, real: str) -> str:
    """Hits below the window (``c`` restricted to ids < ``:low``), in descending id."""
    return (scored_sql(candidates, real) +
            "SELECT id, score FROM g ORDER BY id DESC LIMIT :limit OFFSET :offset")


def word_needle(words: tuple[str, ...]) -> str:
    """Whole-word pattern in the stored word stream (:func:`padded_words`); a tab never occurs."""
    return " " + " ".join(words) + " " if words else "\t"


def padded_words(text: str, *, folded: bool = False) -> str:
    """The word stream as stored for ranking: spaces at both ends, so every word is `` w ``."""
    return " " + (folded_word_tokens(text) if folded else word_tokens(text)) + " "


def window_size_sql(candidates: str) -> str:
    return f"WITH c AS MATERIALIZED ({candidates}) SELECT count(*), min(id) FROM c"


def estimate_total(window: int, low: int, id_min: int, id_max: int) -> int:
    """Hits over the whole id range, assuming the window's density holds below it."""
    covered = max(1, id_max - low + 1)
    return max(window, round(window * (id_max - id_min + 1) / covered))


def run(conn, page, candidates, params: dict, *, real: str, limit: int, offset: int,
        window: int):
    """Fill ``page`` from ``candidates(below)``: SQL yielding ``id`` in descending order,
    ``LIMIT :w``, restricted to ``id < :low`` when ``below``."""
    from sqlalchemy import text as sql

    from .page import Hit

    p = dict(params, w=window, limit=limit, offset=offset)
    rows = conn.execute(sql(page_sql(candidates(False), real)), p).all() if offset < window else []
    if rows:
        n, low = rows[0].n, rows[0].low
    else:
        n, low = conn.execute(sql(window_size_sql(candidates(False))), p).one()
    page.hits = [Hit(int(r.id), float(r.score)) for r in rows]
    page.total = n
    if n < window or not n:
        return page
    page.ranked = window
    # one aggregate per SELECT: SQLite answers a lone min() or max() from the primary key at once,
    # but min() and max() together make it scan the whole table
    id_min, id_max = conn.execute(sql(
        "SELECT (SELECT min(paragraph_id) FROM paragraph_search), "
        "(SELECT max(paragraph_id) FROM paragraph_search)")).one()
    page.total, page.total_is_estimate = estimate_total(window, low, id_min, id_max), True
    need = limit - len(page.hits)
    if need > 0:
        skip = max(0, offset - window)
        tail = conn.execute(sql(tail_sql(candidates(True), real)),
                            dict(params, w=skip + need, low=low, limit=need, offset=skip)).all()
        page.hits += [Hit(int(r.id), float(r.score)) for r in tail]
    return page
