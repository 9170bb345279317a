"""PostgreSQL: a GIN index over the folded text's character bigrams, computed in SQL.

The table keeps each paragraph's folded text (``body``), its word starts
(``starts``, :mod:`gwr.search.stored`) and its tags; the gram set is not
stored but derived by ``gwr_grams(body)``, an immutable SQL function that an
expression index covers: every two consecutive characters, and the last one
alone.  Why bigrams of any characters rather than the run-aware grams of
:mod:`gwr.search.tokens` (SQLite's): they are what plain SQL can compute
without depending on the server's locale, and the index only has to return a
superset — ``strpos`` on ``body`` (or the same check in Python) keeps exactly
the paragraphs containing the query.  A query of one or two characters is one
lexeme (``c:*`` or ``cd``), which the index decides alone.

Why no phrase query over positions: a ``tsvector`` keeps at most 256
positions per lexeme and none above 16383, so later occurrences in a long
paragraph would be lost; a set of lexemes has no such limit.

GIN cannot return rows in id order, so candidates are read in slices of the id
range from the top (:func:`candidates`), each slice an index scan AND-ed with
an id range: a common query reads a bounded number of rows instead of sorting
all of its matches.  ``gwr_grams`` is declared costly so that the planner
never evaluates it row by row as a filter.
"""
from __future__ import annotations

import math
from typing import NamedTuple

from sqlalchemy import text as sql
from sqlalchemy.engine import Connection

from . import rank
from .page import SearchPage
from .rank import Candidate, Query

TABLE = "paragraph_search"

# Every bigram is a pair at an even or at an odd offset: the text cut in pairs (and a last single
# character) from its first character and from its second, by two regexp_replace calls — six times
# faster than a generate_series over the characters.  U+001F cuts the pairs, so one in the text is
# read as U+001E (the query's grams likewise: SEP_IN_TEXT); strpos still checks the real text.
GRAMS_FN = (
    "CREATE OR REPLACE FUNCTION gwr_grams(body text) RETURNS tsvector "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 100000 AS $$ SELECT array_to_tsvector(array_remove("
    "string_to_array(regexp_replace(translate(body, E'\\x1f', E'\\x1e'), '(..)', E'\\\\1\\x1f', 'g'), "
    "E'\\x1f') || string_to_array(regexp_replace(substr(translate(body, E'\\x1f', E'\\x1e'), 2), '(..)', "
    "E'\\\\1\\x1f', 'g'), E'\\x1f'), '')) $$"
)
SEP_IN_TEXT = str.maketrans("\x1f", "\x1e")

# a count's sample (:func:`sample`): runs of RUN consecutive ids, those whose run number has one of some
# remainders modulo PERIOD
RUN, PERIOD = 4, 1024
UNIT = f"(paragraph_id / {RUN}) % {PERIOD}"
SAMPLE_INDEX = f"CREATE INDEX IF NOT EXISTS {TABLE}_sample_idx ON {TABLE} (({UNIT}))"

DDL = (
    GRAMS_FN,
    f"CREATE TABLE IF NOT EXISTS {TABLE} (paragraph_id bigint PRIMARY KEY, body text NOT NULL, "
    "starts bytea NOT NULL, tags tsvector NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_grams_idx ON {TABLE} USING gin (gwr_grams(body))",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_tags_idx ON {TABLE} USING gin (tags)",
    SAMPLE_INDEX,
)

GRAMS = "gwr_grams(body) @@ CAST(:gq AS tsquery)"


def create_index(conn: Connection) -> None:
    for stmt in DDL:
        conn.exec_driver_sql(stmt.replace("%", "%%"))


def compact(engine) -> int:
    """Nothing to do: GIN's pending list is merged by autovacuum."""
    return 0


def _lexeme(tok: str) -> str:
    return "'" + tok.replace("\\", "\\\\").replace("'", "''") + "'"


def set_vector(tokens) -> str:
    """A ``tsvector`` literal of distinct tokens without positions."""
    return " ".join(_lexeme(t) for t in dict.fromkeys(tokens))


def grams_query(needle: str) -> str:
    """Every bigram of the folded query; a single character as a prefix (it may end a paragraph)."""
    needle = needle.translate(SEP_IN_TEXT)
    if len(needle) == 1:
        return _lexeme(needle) + ":*"
    return " & ".join(_lexeme(g) for g in dict.fromkeys(needle[i:i + 2] for i in range(len(needle) - 1)))


def or_query(tokens) -> str:
    return " | ".join(_lexeme(t) for t in dict.fromkeys(tokens))


def tags_query(groups: list[tuple[str, ...]]) -> str:
    return " & ".join(f"({or_query(g)})" for g in groups)


def index_paragraphs(conn: Connection, rows) -> int:
    from . import index

    return index_prepared(conn, [(pid, *index.prepare(text), tags) for pid, text, tags in rows])


def index_prepared(conn: Connection, rows) -> int:
    """Rows ``(id, body, grams, starts, tags)``; the grams are SQLite's and not needed here."""
    params = [{"id": int(pid), "body": body, "starts": starts,
               "tags": set_vector((tags or "").split())} for pid, body, _, starts, tags in rows]
    if not params:
        return 0
    conn.execute(sql(
        f"INSERT INTO {TABLE} (paragraph_id, body, starts, tags) VALUES "
        "(:id, :body, :starts, CAST(:tags AS tsvector)) "
        "ON CONFLICT (paragraph_id) DO UPDATE SET body = excluded.body, starts = excluded.starts, "
        "tags = excluded.tags"), params)
    return len(params)


def delete_paragraphs(conn: Connection, ids: list[int]) -> int:
    if not ids:
        return 0
    res = conn.execute(sql(f"DELETE FROM {TABLE} WHERE paragraph_id = ANY(CAST(:ids AS bigint[]))"),
                       {"ids": [int(i) for i in ids]})
    return res.rowcount


def exact(q: Query) -> bool:
    """One or two characters: one lexeme, which the index decides alone."""
    return len(q.needle) <= 2


def _where(q: Query) -> tuple[str, dict]:
    where, params = GRAMS, {"gq": grams_query(q.needle)}
    if q.groups:
        where += " AND tags @@ CAST(:tq AS tsquery)"
        params["tq"] = tags_query(q.groups)
    return where, params


def _text_where(q: Query) -> tuple[str, dict]:
    """The query checked on the text itself (``strpos``) and the filters: what a walk in id order
    tests row by row, without the gram index."""
    where, params = "strpos(body, :needle) > 0", {"needle": q.needle}
    if q.groups:
        where += " AND tags @@ CAST(:tq AS tsquery)"
        params["tq"] = tags_query(q.groups)
    return where, params


def density(conn: Connection, q: Query) -> float:
    """The share of :data:`PROBE` indexed paragraphs, at ids spread evenly over the whole range, that
    match (text and filters): a guess at how many rows a walk in id order must read per hit.  Spread,
    not the newest: paragraphs cluster by report, and a filter holds for a few newest reports or none.
    ``q.state["text_density"]``: the share holding the text, filters aside.  The same round trip
    notes the id range (``q.state["ids"]``)."""
    if "density" not in q.state:
        where, params = _text_where(q)
        params["probe_at"] = PROBE_AT
        # PROBE_RUNS runs of consecutive ids: a few index descents and heap pages each
        lo, hi, hits, text_hits, seen = conn.execute(sql(
            f"WITH r AS (SELECT min(paragraph_id) AS lo, max(paragraph_id) AS hi FROM {TABLE}), "
            f"s AS (SELECT r.lo + floor(f * (r.hi - r.lo + 1))::bigint AS a FROM r, "
            f"unnest(CAST(:probe_at AS float8[])) f) "
            f"SELECT (SELECT lo FROM r), (SELECT hi FROM r), count(*) FILTER (WHERE {where}), "
            f"count(*) FILTER (WHERE strpos(body, :needle) > 0), count(*) FROM s JOIN {TABLE} "
            f"ON paragraph_id >= s.a AND paragraph_id < s.a + {PROBE // PROBE_RUNS}"), params).one()
        q.state["density"] = hits / max(1, seen)
        q.state["text_density"] = text_hits / max(1, seen)
        q.state.setdefault("ids", (int(lo or 0), int(hi or 0)))
    return q.state["density"]


def candidates(conn: Connection, q: Query, below: int | None, n: int) -> list[Candidate]:
    """At most ``n`` paragraphs matching the query, ids below ``below``, in descending id.

    A query that matches often (:func:`density`) is found by walking the
    primary key down from ``below`` and testing each row's text, at most
    :data:`SCAN_ROWS` ids per call: GIN would read the gram's whole posting
    list (a third of the corpus for 发展) to return the same rows.  The rest
    comes from the gram index, the id range read in slices from the top,
    each one ``GROWTH`` times the last when it came back short; the width is
    remembered in ``q.state`` for the next call of the same search.
    """
    d = density(conn, q)
    id_min, id_max = q.state["ids"]
    hi = id_max + 1 if below is None else min(int(below), id_max + 1)
    out: list[Candidate] = []
    need = n / d if d else float("inf")  # rows a walk should read
    if q.state.get("scan", True) and 3 * need <= SCAN_ROWS and need * ROW_COST <= d * (id_max - id_min + 1):
        where, params = _text_where(q)
        lo = max(id_min, hi - int(3 * need))  # room to spare; fewer hits there: the index goes on
        # OFFSET 0 fences the walk: the planner would otherwise read a filter's whole posting list
        got = conn.execute(sql(f"SELECT paragraph_id, body, starts FROM (SELECT paragraph_id, body, starts, "
                               f"tags FROM {TABLE} WHERE paragraph_id >= :lo AND paragraph_id < :hi "
                               f"ORDER BY paragraph_id DESC OFFSET 0) walk WHERE {where} "
                               "ORDER BY paragraph_id DESC LIMIT :n"), dict(params, lo=lo, hi=hi, n=n)).all()
        out = [Candidate(int(i), b, bytes(w)) for i, b, w in got]
        if len(out) >= n or lo <= id_min:
            return out
        q.state["scan"] = False  # sparser below than it looked: the index takes over
        hi = lo
    # the first slice sized to hold about n matches, at the probed density
    width = q.state.get("width") or max(int(1.5 * n / max(d, 1 / PROBE)), 1)
    where, params = _where(q)
    text_d = max(q.state["text_density"], 1 / PROBE)
    # the filters' rows in the first slice, at the share of the text's rows they hold (as probed)
    fetched = width * max(d, 1 / PROBE) / text_d
    if q.groups and text_d * (id_max - id_min + 1) > FETCH_COST * fetched:
        # common text, selective filters: the filters' index finds the rows and their text is checked,
        # rather than reading the gram's long posting list to AND it with them.  Priced by the slice's
        # rows, not by the n / text_d a perfect slice would hold: a slice 1.5× that (its margin)
        # fetched 20.7k rows of a province for 1,001 hits of 规划 at 10k, 122 ms against 18 by the grams
        where, params = _text_where(q)
    # ``paragraph_id + 0``: ordered by the primary key, the planner would walk it backwards and
    # compute gwr_grams for every row it passes; the slice's matches are few enough to sort
    stmt = sql(f"SELECT paragraph_id, body, starts FROM {TABLE} WHERE {where} "
               "AND paragraph_id >= :lo AND paragraph_id < :hi ORDER BY paragraph_id + 0 DESC LIMIT :n")
    if q.groups and where.startswith(GRAMS) and _filters_dense(q):
        # a filter that holds for many rows: checked on the rows the gram index gives, rather than
        # AND-ing its own long posting list
        stmt = sql(f"SELECT paragraph_id, body, starts FROM (SELECT paragraph_id, body, starts, tags FROM {TABLE} "
                   f"WHERE {GRAMS} AND paragraph_id >= :lo AND paragraph_id < :hi OFFSET 0) s "
                   "WHERE tags @@ CAST(:tq AS tsquery) ORDER BY paragraph_id + 0 DESC LIMIT :n")
    while len(out) < n and hi > id_min:
        lo = max(id_min, hi - width)
        got = conn.execute(stmt, dict(params, lo=lo, hi=hi, n=n - len(out))).all()
        out += [Candidate(int(i), b, bytes(w)) for i, b, w in got]
        if len(out) >= n:
            break
        # the next slice sized by the shortfall at the density this one showed (with a margin), at most
        # GROWTH times wider: ×8 alone read 323k ids for the last 185 hits of 规划 in counties at 10k
        # (28k rows fetched, 100 ms), where the density of the first slice asked for 11k
        width = max(1, int(width * (min(GROWTH, SHORTFALL_MARGIN * (n - len(out)) / len(got)) if got
                                    else GROWTH)))
        hi = lo
    q.state["width"] = width
    return out


GROWTH = 8
SHORTFALL_MARGIN = 1.5
PROBE = 512  # rows read to guess a query's density
PROBE_RUNS = 128
# where the runs start, as shares of the id range: a Weyl sequence (k × the golden ratio, modulo 1),
# spread as evenly as a fixed step but never in step with a corpus's own period; a fixed step met the
# same few years of every region's run of reports in the generated corpus, and sized a span of years'
# samples 1.6× too large
PROBE_AT = [(k * 0.6180339887498949) % 1.0 for k in range(PROBE_RUNS)]
SCAN_ROWS = 32768  # ids a walk in id order reads per call, at most
# A row's text checked costs about as much as this many entries of a posting list read (measured
# with EXPLAIN ANALYZE: 0.6 µs against 0.2 µs): a walk reads n / density rows, the gram index
# reads density × all rows, so the walk wins for common queries, more of them as the corpus grows.
ROW_COST = 3
FETCH_COST = 5  # a row fetched by a bitmap scan and its text checked, in the same unit


def _filters_dense(q: Query, share: float | None = None) -> bool:
    """Whether the filters hold for more than ``share`` (:data:`DENSE_FILTER`) of the rows holding
    the text (as probed)."""
    text_d = q.state.get("text_density") or 0.0
    return text_d > 0 and q.state.get("density", 0.0) / text_d > (DENSE_FILTER if share is None else share)


DENSE_FILTER = 0.1
# A sampled count checks the filter on the rows above this share: below it (a province holding 6-14 % of
# a common word's paragraphs at 10k) reading the filter's posting list cost 56-81 ms against 150-270
# for the rows (with a filter always checked on the rows, a province's counts took 2.7× as long);
# above it (a level, a span of years: 21-42 %) the rows cost a little less (52-140 ms against
# 61-152), the gram index and the remainders having already cut them to the sample.
DENSE_FILTER_SAMPLED = 0.2


WHOLE_HITS = 0  # a sample always: counting every hit reads the gram's posting list or every row


class Residues(NamedTuple):
    """The ids ``lo <= id < hi`` in runs of :data:`RUN` whose run number ``id // RUN`` has one of
    ``residues`` as its remainder modulo :data:`PERIOD`."""
    lo: int
    hi: int
    residues: tuple[int, ...]

    whole = False

    def holds(self, i: int) -> bool:
        return self.lo <= i < self.hi and (i // RUN) % PERIOD in self.residues

    @property
    def rows(self) -> int:
        def below(x: int, r: int) -> int:  # ids in [0, x) of remainder r
            full, part = divmod(x, RUN * PERIOD)
            return full * RUN + min(RUN, max(0, part - r * RUN))
        return sum(below(self.hi, r) - below(self.lo, r) for r in self.residues)


def sample(lo: int, hi: int, fraction: float, q: Query) -> Residues | rank.Slices:
    """About ``fraction`` of the ids of [lo, hi): for a filtered query, runs of :data:`RUN` ids whose
    run numbers have evenly spread remainders modulo :data:`PERIOD` (:class:`Residues`), read through
    an index on the remainder AND-ed with the gram index; else :data:`rank.SLICES` slices of
    consecutive ids, as SQLite reads.

    Why remainders with a filter: a filter (a level, a span of years, a region) holds for whole
    reports, runs of ~70 ids, so a slice's hits count or not by the report it falls in; 128 slices
    met a county filter's reports in ~40 of them, and its totals were off by up to 13.5 % at 10k
    reports (simulated over every offset: 7.6 % rms; 4,096 slices 2.7 %, but each one an index
    descent).  Spread remainders take a few ids of every report, so the error is about that of the
    hits counted alone (simulated over every offset at 10k, 10 words × 3 filters: rms 1.2 % for
    single ids, 1.4 % for runs of 4, 1.5 % for runs of 8; worst 4.8, 5.4, 6.3 %).  Why runs of 4: a
    sampled hit costs a heap page of its own, and 4 consecutive ids share one; single ids made
    search's p95 1.37× that of slices at 10k, runs of 4 1.23×.  Why not without a filter too: a
    common word's hits are spread over every report, the slices' error stays within that of their
    hits (1.2-2.5 % rms simulated), and consecutive rows are the cheapest to read."""
    if not q.groups:
        return rank.slices(lo, hi, fraction)
    m = min(PERIOD, max(1, math.ceil(PERIOD * fraction)))
    return Residues(lo, hi, tuple(sorted({k * PERIOD // m for k in range(m)})))


def count(conn: Connection, q: Query, part) -> tuple[int, bool]:
    """``(hits, True)`` with ids in ``part`` (:func:`sample`'s), checked in SQL (``strpos``): by the
    gram index — or, when the part holds fewer rows than the gram's posting list would give (a
    common query), on the text of its rows alone, slice by slice."""
    lo, hi = int(part.lo), int(part.hi)
    if isinstance(part, Residues):
        where, params = _where(q)
        if not q.exact:
            where += " AND strpos(body, :needle) > 0"
            params["needle"] = q.needle
        params["residues"] = list(part.residues)
        # the range as a filter of the rows fetched (+ 0): as an index condition it was one more bitmap
        # AND-ed in, the primary key's over the whole range (26 ms of 80 at 10k)
        spans = (f"paragraph_id + 0 >= {lo} AND paragraph_id + 0 < {hi} "
                 f"AND {UNIT} = ANY(CAST(:residues AS int[]))")
        stmt = f"SELECT count(*) FROM {TABLE} WHERE {where} AND {spans}"
        if _filters_dense(q, DENSE_FILTER_SAMPLED):  # the filter checked on the rows
            inner = where.replace(" AND tags @@ CAST(:tq AS tsquery)", "")
            stmt = (f"SELECT count(*) FROM (SELECT tags FROM {TABLE} WHERE {inner} AND {spans} OFFSET 0) s "
                    "WHERE tags @@ CAST(:tq AS tsquery)")
        return conn.execute(sql(stmt), params).scalar(), True
    ranges = part.ranges()
    rows = sum(b - a for a, b in ranges)
    id_min, id_max = id_range(conn, q)
    spans = " OR ".join(f"(paragraph_id >= {int(a)} AND paragraph_id < {int(b)})" for a, b in ranges)
    if rows * ROW_COST <= density(conn, q) * (id_max - id_min + 1):
        where, params = _text_where(q)  # the rows of the slices (fenced, as in the walk), checked
        stmt = f"SELECT count(*) FROM (SELECT body, tags FROM {TABLE} WHERE {spans} OFFSET 0) s WHERE {where}"
    else:
        where, params = _where(q)
        if not q.exact:
            where += " AND strpos(body, :needle) > 0"
            params["needle"] = q.needle
        stmt = f"SELECT count(*) FROM {TABLE} WHERE {where} AND ({spans})"
        if q.groups and _filters_dense(q):  # as in candidates: the filter checked on the rows
            inner = where.replace(" AND tags @@ CAST(:tq AS tsquery)", "")
            stmt = (f"SELECT count(*) FROM (SELECT tags FROM {TABLE} WHERE {inner} AND ({spans}) OFFSET 0) s "
                    "WHERE tags @@ CAST(:tq AS tsquery)")
    return conn.execute(sql(stmt), params).scalar(), True


def id_range(conn: Connection, q: Query | None = None) -> tuple[int, int]:
    """The indexed ids' least and greatest: as :func:`density` noted them for ``q`` (a round trip
    fewer per search: on a loaded server each one waits for a time slice), else asked."""
    if q is not None and "ids" in q.state:
        return q.state["ids"]
    lo, hi = conn.execute(sql(f"SELECT (SELECT min(paragraph_id) FROM {TABLE}), "
                              f"(SELECT max(paragraph_id) FROM {TABLE})")).one()
    return int(lo or 0), int(hi or 0)


SETTINGS = "set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)"


def search(conn: Connection, page: SearchPage, q: Query, *, limit: int, offset: int,
           window: int) -> SearchPage:
    import sys

    # gwr_grams's declared cost makes every plan look expensive enough to JIT-compile, which took
    # 70 ms per query; these plans are index scans that need no compiling (until the transaction ends)
    # — nor parallel workers: starting them cost more than the bounded scans they would share (15-40
    # ms of a 50 ms count under load), and a server answering many clients has no idle cores to lend
    # — in a statement of their own: set in the density probe's, they came too late for its own plan,
    # which JIT-compiled for 200-600 ms
    conn.exec_driver_sql(f"SELECT {SETTINGS}")
    return rank.run(sys.modules[__name__], conn, page, q, limit=limit, offset=offset, window=window)

