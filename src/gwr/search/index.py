"""Paragraph search over a SQLAlchemy ``Connection``: one interface, one module per dialect.

The index lives beside the store's ``paragraphs`` table but does not read it:
callers hand over ``(paragraph_id, text, tags)`` rows, so the search layer
depends on no ORM model and can be rebuilt or tested on its own.  Matching is
exact (see :mod:`gwr.search.tokens`); ranking, counting and paging stay
inside the database so that a query hitting half the corpus never brings
those rows into Python.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy.engine import Connection

from . import _postgres, _sqlite
from .page import Hit, SearchError, SearchPage
from .rank import DEFAULT_WINDOW
from .rank import Query
from .stored import word_starts
from .tokens import _rjieba_cut, facet_token, folded_tokens, normalize, query_phrase

__all__ = ["Hit", "SearchPage", "SearchError", "create_index", "index_paragraphs",
           "delete_paragraphs", "search", "filter_groups", "index_prepared", "prepare", "compact"]


def _backend(conn: Connection):
    name = conn.dialect.name
    if name == "sqlite":
        return _sqlite
    if name == "postgresql":
        return _postgres
    raise SearchError(f"full-text search is not available on {name!r}")


def create_index(conn: Connection) -> None:
    """Create the search tables if missing (idempotent; safe inside a migration)."""
    _backend(conn).create_index(conn)


def index_paragraphs(conn: Connection, rows: Iterable[tuple[int, str, str]]) -> int:
    """Index ``(paragraph_id, text, tags)`` rows, replacing any earlier entry of the same id.

    ``tags`` is the string :func:`gwr.search.tokens.tags` builds.  Returns the
    number of rows indexed.
    """
    return _backend(conn).index_paragraphs(conn, rows)


def index_prepared(conn: Connection, rows: Iterable[tuple[int, str, str, bytes, str]]) -> int:
    """Index ``(paragraph_id, body, grams, starts, tags)`` rows whose streams :func:`prepare` made,
    so that the costly, pure part of indexing can run in the processes that extract."""
    return _backend(conn).index_prepared(conn, rows)


def compact(engine) -> int:
    """Tidy the index after a batch of writes (SQLite: merge FTS5 segments); safe to interrupt."""
    backend = _sqlite if engine.dialect.name == "sqlite" else _postgres
    return backend.compact(engine)


def prepare(text: str) -> tuple[str, str, bytes]:
    """``(body, grams, starts)`` of a paragraph's text, for :func:`index_prepared`: the folded text,
    SQLite's gram stream and the word starts (:mod:`gwr.search.stored`) — the pure, costly part of
    indexing, which can run in the processes that extract."""
    body = normalize(text)
    return body, folded_tokens(body), word_starts(len(body), _rjieba_cut(body))


def delete_paragraphs(conn: Connection, ids: Iterable[int]) -> int:
    """Remove paragraphs from the index; unknown ids are ignored.  Returns how many were removed."""
    return _backend(conn).delete_paragraphs(conn, list(ids))


def _as_tuple(value) -> tuple:
    if value is None:
        return ()
    if isinstance(value, (str, int)):
        return (value,)
    return tuple(value)


def _years(year) -> tuple[int, ...]:
    if year is None:
        return ()
    if isinstance(year, int):
        return (year,)
    if isinstance(year, tuple) and len(year) == 2 and all(isinstance(y, int) for y in year):
        lo, hi = year
        if hi < lo or hi - lo > 200:
            raise SearchError(f"bad year range {year!r}")
        return tuple(range(lo, hi + 1))
    return tuple(int(y) for y in year)


def _region_token(region: str) -> str:
    region = str(region).strip()
    if re.fullmatch(r"\d{6}", region):
        return facet_token("region", region)
    return facet_token("name", region)


def filter_groups(*, region=None, level=None, year=None, role=None,
                  kind=None) -> list[tuple[str, ...]]:
    """Filters as tag groups: tokens inside a group are alternatives, groups must all hold.

    ``region`` is a six-digit code (matching the region and everything under
    it) or, for regions without a code, a name; each filter also takes a list.
    ``year`` is an int, an inclusive ``(from, to)`` pair or a list.
    """
    groups = [
        tuple(_region_token(r) for r in _as_tuple(region)),
        tuple(facet_token("level", v) for v in _as_tuple(level)),
        tuple(facet_token("year", y) for y in _years(year)),
        tuple(facet_token("role", v) for v in _as_tuple(role)),
        tuple(facet_token("kind", v) for v in _as_tuple(kind)),
    ]
    return [tuple(dict.fromkeys(g)) for g in groups if g]


def search(conn: Connection, query: str, *, region=None, level=None, year=None, role=None,
           kind=None, limit: int = 20, offset: int = 0,
           window: int = DEFAULT_WINDOW) -> SearchPage:
    """Paragraphs containing ``query`` (exactly, after NFKC and case folding), best first.

    A paragraph where the query is a whole segmented word ranks above one
    where it sits inside a longer word.  At most ``window`` hits (the newest)
    are ranked; past that the order is descending id and the total may be an
    estimate (``total_is_estimate``) — see :mod:`gwr.search.rank` for why.
    """
    if limit < 0 or offset < 0 or window < 1:
        raise SearchError("limit and offset must not be negative, window must be positive")
    phrase = query_phrase(query)
    page = SearchPage(query=query)
    if not phrase or limit == 0:
        return page
    backend = _backend(conn)
    q = Query(phrase, normalize(query),
              filter_groups(region=region, level=level, year=year, role=role, kind=kind))
    q.exact = backend.exact(q)
    return backend.search(conn, page, q, limit=limit, offset=offset, window=window)
