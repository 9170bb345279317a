"""SQLite: a contentless FTS5 table of grams and tags without positions, keyed by paragraph id.

``detail='none'``: the index keeps which paragraphs hold a gram, not where —
a third of the size of positional postings (0.5× the text's bytes against
1.3×).  A query of one token (any two-character query, a single character, a
punctuation mark) is then answered by the index alone; a longer one is the
intersection of its grams, and each candidate is checked against its folded
text (:mod:`gwr.search.rank`), which only the bounded window ever reads.

The side table keeps, per paragraph, one compressed blob of the folded text
and its word starts (:mod:`gwr.search.stored`): ranking and the exact check read
it, and deleting from a contentless FTS5 table needs the grams that were
inserted, which are re-derived from it.  A paragraph's tags (the facets it is
filtered by) are shared by the rest of its document's section role, so the
side table points at a row of ``paragraph_tagsets`` instead of repeating them.
"""
from __future__ import annotations

from sqlalchemy.engine import Connection

from . import rank, stored
from .page import SearchPage
from .rank import Candidate, Query, Slices
from .tokens import folded_tokens

FTS = "paragraph_fts"
SIDE = "paragraph_search"
TAGSETS = "paragraph_tagsets"

DDL = (
    f"CREATE TABLE IF NOT EXISTS {TAGSETS} (id INTEGER PRIMARY KEY, tags TEXT NOT NULL UNIQUE)",
    f"CREATE TABLE IF NOT EXISTS {SIDE} (paragraph_id INTEGER PRIMARY KEY, "
    "data BLOB NOT NULL, tagset INTEGER NOT NULL)",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
    "terms, content='', tokenize='ascii', detail='none')",
)


MERGE_PAGES = 2000  # work per merge step of :func:`compact`, one short transaction each


def create_index(conn: Connection) -> None:
    for stmt in DDL:
        conn.exec_driver_sql(stmt)
    # No merging inside a file's transaction: FTS5's automatic merges made each commit cost more than
    # the file's own rows.  Segments are merged between batches instead (compact), and FTS5's
    # crisis merge still bounds the segments of a level if compact never runs.
    conn.exec_driver_sql(f"INSERT INTO {FTS} ({FTS}, rank) VALUES ('automerge', 0)")


def compact(engine) -> int:
    """Merge the index's segments (levels holding ≥ 4 of them) in short steps; returns the steps.

    Run after a batch: queries read one posting list per segment, so a batch of
    thousands of one-file transactions would otherwise leave searches slower.
    """
    steps = 0
    while True:
        with engine.begin() as conn:
            before = conn.exec_driver_sql("SELECT total_changes()").scalar()
            conn.exec_driver_sql(f"INSERT INTO {FTS} ({FTS}, rank) VALUES ('merge', {MERGE_PAGES})")
            done = conn.exec_driver_sql("SELECT total_changes()").scalar() - before < 2
        steps += 1
        if done:
            _release(engine)
            return steps


def _release(engine) -> None:
    """Give the pages the merges freed back to the file system (a database made with auto_vacuum =
    incremental; otherwise nothing).  By script: the driver steps a pragma once, which frees one page."""
    raw = engine.raw_connection()
    try:
        raw.driver_connection.executescript("BEGIN IMMEDIATE; PRAGMA incremental_vacuum; COMMIT;")
    finally:
        raw.close()


def index_paragraphs(conn: Connection, rows) -> int:
    from . import index

    return index_prepared(conn, [(pid, *index.prepare(text), tags) for pid, text, tags in rows])


def index_prepared(conn: Connection, rows) -> int:
    """Rows ``(id, body, grams, starts, tags)`` (:func:`gwr.search.prepare`), replacing earlier
    entries of the same ids; ``body`` may be its stored blob already (``stored.pack(body, starts)``,
    made where the file was extracted)."""
    rows = list(rows)
    if not rows:
        return 0
    delete_paragraphs(conn, [r[0] for r in rows])
    tagset = _tagsets(conn, {tags or "" for *_, tags in rows})
    conn.exec_driver_sql(f"INSERT INTO {SIDE} VALUES (?, ?, ?)",
                         [(int(pid), body if isinstance(body, bytes) else stored.pack(body, starts), tagset[tags or ""])
                          for pid, body, _, starts, tags in rows])
    conn.exec_driver_sql(f"INSERT INTO {FTS} (rowid, terms) VALUES (?, ?)",
                         [(int(pid), _terms(grams, tags)) for pid, _, grams, _, tags in rows])
    return len(rows)


def _terms(grams: str, tags: str | None) -> str:
    """Grams and tags in one column (``detail='none'`` has no column filters): a tag is ASCII of three
    characters or more, a gram at most two characters or a break token, so the two never meet."""
    return f"{grams} {tags}" if tags else grams


def _tagsets(conn: Connection, values: set[str]) -> dict[str, int]:
    values = sorted(values)
    conn.exec_driver_sql(f"INSERT OR IGNORE INTO {TAGSETS} (tags) VALUES (?)", [(v,) for v in values])
    out: dict[str, int] = {}
    for i in range(0, len(values), 500):
        chunk = values[i:i + 500]
        marks = ",".join("?" * len(chunk))
        out.update((t, i) for i, t in conn.exec_driver_sql(
            f"SELECT id, tags FROM {TAGSETS} WHERE tags IN ({marks})", tuple(chunk)))
    return out


def delete_paragraphs(conn: Connection, ids: list[int]) -> int:
    removed = 0
    for i in range(0, len(ids), 500):
        chunk = [int(x) for x in ids[i:i + 500]]
        marks = ",".join("?" * len(chunk))
        old = conn.exec_driver_sql(
            f"SELECT s.paragraph_id, s.data, t.tags FROM {SIDE} s JOIN {TAGSETS} t ON t.id = s.tagset "
            f"WHERE s.paragraph_id IN ({marks})", tuple(chunk)).all()
        if not old:
            continue
        conn.exec_driver_sql(
            f"INSERT INTO {FTS} ({FTS}, rowid, terms) VALUES ('delete', ?, ?)",
            [(pid, _terms(folded_tokens(stored.unpack(data)[0]), tags)) for pid, data, tags in old])
        conn.exec_driver_sql(f"DELETE FROM {SIDE} WHERE paragraph_id IN ({marks})", tuple(chunk))
        removed += len(old)
    return removed


def exact(q: Query) -> bool:
    """One token (a gram, a break character, a prefix): the index decides alone — unless an ASCII
    prefix, which may also name a tag (``y*`` reaches ``y2019``)."""
    toks = q.phrase.tokens
    return len(toks) == 1 and not (q.phrase.prefix and toks[0].isascii())


def _string(tokens) -> str:
    return '"' + " ".join(tokens).replace('"', '""') + '"'


def grams_expr(q: Query) -> str:
    """Every distinct token of the phrase (no positions to ask for), the last one as a prefix when
    the phrase says so."""
    toks = list(q.phrase.tokens)
    last = toks.pop() if q.phrase.prefix else None
    parts = [_string([t]) for t in dict.fromkeys(toks)]
    if last is not None:
        parts.append(_string([last]) + " *")
    return "(" + " AND ".join(parts) + ")"


def match_expr(q: Query) -> str:
    """The index's part of the match: the grams, and for each filter group one of its tags."""
    parts = [grams_expr(q)]
    parts += ["(" + " OR ".join(_string([t]) for t in g) + ")" for g in q.groups]
    return " AND ".join(parts)


def candidates(conn: Connection, q: Query, below: int | None, n: int) -> list[Candidate]:
    """At most ``n`` paragraphs holding every gram, ids below ``below``, in descending id."""
    low = f"AND rowid < {int(below)} " if below is not None else ""
    cur = conn.connection.cursor()  # the driver's own fetchall: SQLAlchemy's rows cost more than inflating
    try:
        rows = cur.execute(
            f"SELECT s.paragraph_id, s.data FROM (SELECT rowid AS id FROM {FTS} WHERE {FTS} MATCH ? {low}"
            f"ORDER BY rowid DESC LIMIT {int(n)}) c JOIN {SIDE} s ON s.paragraph_id = c.id "
            "ORDER BY s.paragraph_id DESC", (match_expr(q),)).fetchall()
    finally:
        cur.close()
    unpack = stored.unpack
    return [Candidate(pid, *unpack(data)) for pid, data in rows]


# Hits below the window up to which :func:`gwr.search.rank.total` counts them all (exactly, for a query
# the index decides alone) rather than on a sample: FTS5 counts a posting list at ~50 ns a hit, while
# each of the sample's 128 range counts parses the query and opens and seeks an iterator per segment
# per term.  At 10k reports (4 segments) 发展's 265,879 hits took 13.5 ms counted whole and 10 ms
# sampled; with a year filter (nine tags OR-ed) 14-17 against 167-280 ms; mid-ingest (27 segments)
# 9 against 54 ms.  Beyond this many (the commonest words from ~15k reports) the sample's cost, which
# does not grow with the posting lists, takes over.
WHOLE_HITS = 400_000


def sample(lo: int, hi: int, fraction: float, q: Query) -> Slices:
    """A count's sample: slices of consecutive ids, one FTS5 range each."""
    return rank.slices(lo, hi, fraction)


def count(conn: Connection, q: Query, part: Slices) -> tuple[int, bool]:
    """Paragraphs in the slices of ids ``part`` that the index matches, counted in the index alone:
    ``(n, True)`` when those are the hits (:func:`exact`), else ``(n, False)``, candidates, which
    :func:`gwr.search.rank.total` scales by the share of hits among the candidates it walked —
    checking each one's text would mean inflating thousands of paragraphs per query."""
    match = match_expr(q)
    n = 0
    cur = conn.connection.cursor()  # a sample is 128 ranges: SQLAlchemy's result set-up per statement cost more
    try:
        for lo, hi in part.ranges():
            n += cur.execute(f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH ? AND rowid >= ? AND rowid < ?",
                             (match, lo, hi)).fetchone()[0]
    finally:
        cur.close()
    return n, q.exact


def id_range(conn: Connection, q: Query | None = None) -> tuple[int, int]:
    # one aggregate per SELECT: SQLite answers a lone min() or max() from the primary key at once,
    # but min() and max() together make it scan the whole table
    lo, hi = conn.exec_driver_sql(f"SELECT (SELECT min(paragraph_id) FROM {SIDE}), "
                                  f"(SELECT max(paragraph_id) FROM {SIDE})").one()
    return int(lo or 0), int(hi or 0)


def search(conn: Connection, page: SearchPage, q: Query, *, limit: int, offset: int,
           window: int) -> SearchPage:
    import sys

    return rank.run(sys.modules[__name__], conn, page, q, limit=limit, offset=offset, window=window)
