"""Ranking, paging and counting shared by both dialects: a bounded window of candidates.

Why not FTS5's ``bm25`` or PostgreSQL's ``ts_rank`` over every hit: on a
700k-paragraph index 发展 matches a third of the paragraphs, and ranking (or
even sorting) all of them costs hundreds of milliseconds, growing with the
corpus.  So:

* candidates come from the index in descending paragraph id (newest ingested
  first), a bounded number at a time (:func:`walk`); each dialect module says
  how (FTS5 walks its posting lists in rowid order; PostgreSQL's GIN cannot,
  so it reads growing slices of the id range);
* a candidate is a hit when the index alone decides it (a query of one gram)
  or when its folded text contains the query (``Query.exact``);
* the newest ``window`` hits are scored in Python from the stored folded text
  and word starts (:mod:`gwr.search.stored`) by a saturating term frequency,
  BM25's shape without the IDF (one phrase: the IDF would not change the
  order): ``t / (t + K1 * (1 - B + B * len / AVG_LEN))`` with
  ``t = occurrences + WORD_BONUS * whole-word occurrences``; an occurrence is
  whole when it starts and ends where the segmenter put word ends;
* hits beyond the window follow in descending id, unranked, so paging through
  ``offset`` walks one stable order: the ranked window, then the rest.

Totals: exact when the walk ran out; otherwise counted over the whole id range
below the window when the dialect says that costs no more than a sample (fewer
than its ``WHOLE_HITS`` hits expected there), else counted on a sample
of the ids below the window, grown until about :data:`SAMPLE_HITS` hits fall in
it (or the whole range when that is as cheap), and labelled an estimate.  The
dialect draws the sample (``sample``): :data:`SLICES` evenly spaced narrow
slices, or on PostgreSQL with a filter runs of 4 ids whose run numbers have a few
remainders modulo 1024, spread through every report, which a filter's totals need
(``_postgres.sample``).  Where the index only gives
candidates (SQLite, three characters or more) they are counted in the index and
scaled by the share of hits among the candidates walked, also an estimate.  Scoring in Python keeps both
dialects' order identical.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import NamedTuple

from .page import Hit
from .stored import is_start
from .tokens import Phrase

DEFAULT_WINDOW = 1000
K1, B, AVG_LEN = 1.2, 0.75, 150.0
WORD_BONUS = 2.0
SCORED_CHARS = 1000  # a pasted 20,000-character block is scored on its start
SAMPLE_HITS = 4000  # a sampled count's relative standard error is about 1/sqrt(this): 1.6 %
SLICES = 128  # many narrow slices: hits cluster by report, and the error falls with the reports sampled


@dataclass
class Query:
    phrase: Phrase
    needle: str  # the folded query
    groups: list[tuple[str, ...]]
    exact: bool = False  # the index alone decides a match (the dialect says when): no text to check
    state: dict = field(default_factory=dict)  # a dialect's notes between calls (PostgreSQL's slice width)


class Candidate(NamedTuple):
    id: int
    body: str  # folded text
    starts: bytes  # where words start (gwr.search.stored.word_starts)


def score(c: Candidate, needle: str) -> float:
    hay = c.body[:SCORED_CHARS]
    n = len(needle)
    subs = whole = 0
    at = hay.find(needle)
    while at >= 0:
        subs += 1
        whole += is_start(c.starts, at) and is_start(c.starts, at + n)
        at = hay.find(needle, at + n)
    tf = subs + WORD_BONUS * whole
    return tf / (tf + K1 * (1 - B + B * len(c.body) / AVG_LEN))


def walk(backend, conn, q: Query, below: int | None, chunk: int):
    """Hits in descending id, below ``below``; the index is asked ``chunk`` candidates at a time."""
    while True:
        rows = backend.candidates(conn, q, below, chunk)
        for r in rows:
            q.state["seen"] = q.state.get("seen", 0) + 1
            if q.exact or q.needle in r.body:
                yield r
        if len(rows) < chunk:
            return
        below = rows[-1].id


def run(backend, conn, page, q: Query, *, limit: int, offset: int, window: int):
    """Fill ``page``: the ranked window, then the hits below it in descending id, and the total."""
    hits = walk(backend, conn, q, None, window + 1)
    ranked = list(islice(hits, window))
    more = next(hits, None) is not None
    hits.close()
    scored = sorted(((score(c, q.needle), c.id) for c in ranked), key=lambda t: (-t[0], -t[1]))
    page.hits = [Hit(i, s) for s, i in scored[offset:offset + limit]]
    page.total = len(ranked)
    if not more:
        return page
    page.ranked = window
    low = ranked[-1].id
    page.total, page.total_is_estimate = total(backend, conn, q, ranked, low)
    need = limit - len(page.hits)
    if need > 0:
        skip = max(0, offset - window)
        tail = walk(backend, conn, q, low, skip + need + 1)
        page.hits += [Hit(c.id, score(c, q.needle)) for c in islice(tail, skip, skip + need)]
        tail.close()
    return page


def total(backend, conn, q: Query, ranked: list[Candidate], low: int) -> tuple[int, bool]:
    """``(total, is_estimate)`` of a query with more hits than the window."""
    id_min, id_max = backend.id_range(conn, q)
    rest = low - id_min  # ids below the window: [id_min, low)
    known = len(ranked)
    if rest <= 0:
        return known, False
    # hits below the window, at the density the dialect probed over the whole range (PostgreSQL's),
    # else at the window's: the newest reports' density oversized PostgreSQL's samples up to five times
    density = q.state.get("density") or known / max(1, id_max - low + 1)
    # the share of hits among the candidates walked so far (the window and one more hit)
    precision = (known + 1) / max(known + 1, q.state.get("seen", known + 1))
    expected = density * rest
    fraction = min(1.0, SAMPLE_HITS / max(1.0, expected))
    if expected <= backend.WHOLE_HITS:  # counting them all costs no more than the sample's slices
        fraction = 1.0
    while True:
        sample = whole(id_min, low) if fraction >= 1.0 or rest <= SLICES else backend.sample(id_min, low, fraction, q)
        counted, checked = backend.count(conn, q, sample)
        if not checked:
            counted *= precision
        if sample.whole:
            return known + round(counted), not checked
        if counted >= SAMPLE_HITS // 2:
            return known + round(counted * rest / sample.rows), True
        fraction *= max(2.0, 1.2 * SAMPLE_HITS / max(1.0, counted))  # sized by the shortfall seen


class Slices(NamedTuple):
    """The ids ``lo <= id < hi`` with ``(id - lo) % step < width``: slices of ``width`` ids every
    ``step`` ids, each read by a range of the index; the whole range when ``width == step``.
    A dialect's ``sample`` may be another kind with ``whole`` and ``rows`` (PostgreSQL's)."""
    lo: int
    hi: int
    step: int
    width: int

    @property
    def whole(self) -> bool:
        return self.width >= self.step

    @property
    def rows(self) -> int:
        """How many ids it holds."""
        full, part = divmod(self.hi - self.lo, self.step)
        return full * self.width + min(self.width, part)

    def ranges(self) -> list[tuple[int, int]]:
        """Its slices as half-open id ranges."""
        return [(a, min(self.hi, a + self.width)) for a in range(self.lo, self.hi, self.step)]


def slices(lo: int, hi: int, fraction: float) -> Slices:
    """About :data:`SLICES` slices evenly spread over [lo, hi), covering ``fraction`` of it."""
    step = max(1, (hi - lo) // SLICES)
    return Slices(lo, hi, step, min(step, max(1, round(step * fraction))))


def whole(lo: int, hi: int) -> Slices:
    """Every id of [lo, hi)."""
    return Slices(lo, hi, hi - lo, hi - lo)
