"""Commitments and attention tallies, computed once per document when it is stored, read by index.

``/api/commitments`` used to extract every stored report again on every request
(21 s on 52 files), and the attention indices counted every text again.  Both are
pure functions of what extraction already has in hand, so the processes that
extract a file also compute them (:func:`compute`), and the file's transaction
stores them (:func:`insert`).  The logic stays in ``gwr.commitments`` and
``gwr.attention``: rows here are exactly what their public functions return.

Pairs need two reports: a plan item of year *y* is paired (``gwr.commitments.pair``)
with the review items of the next report of its region (``region_key``, *y + 1*).
So a pair is computed again whenever a report of *y* or *y + 1* of that region
comes, goes or changes (becomes a near-duplicate): the file's transaction queues
the region-years (``commitment_repairs``), and :func:`repair` runs right after the
commit, under a lock, reading what is committed.  Whoever commits last pairs with
everything; a crash between the two leaves the queue, which the next
:func:`ensure` empties.

``VERSION`` fingerprints the code and data the rows come from; files stored by
another version (or before migration 0007) are computed again from their stored
text by :func:`backfill`, as ``gwr.store.commitments`` once did per request.
"""
from __future__ import annotations

import hashlib
import json
import logging
from functools import cache
from importlib import resources
from typing import Any, Callable, Iterable

from sqlalchemy import Connection, Engine, bindparam, delete, or_, select, text, update

from . import locks
from .compact import pack, pack_items, unpack_items
from .schema import attention_tallies, commitment_repairs, commitments, documents, file_texts, files

log = logging.getLogger(__name__)

EVIDENCE = 5  # sentences kept per document and topic (the region page shows 5; more are counted live)
ATTENTION_KINDS = ("official_report", "report_excerpt", "commentary", "news")
_LOCK = 0x67777264  # pg_advisory_xact_lock key of repairs ("gwrd"; gwr.store.locks.PAIRS: files' last steps take it too)


@cache
def dictionary():
    """The shipped dictionary whose tallies are stored."""
    from ..attention import load

    return load(None)


@cache
def version() -> str:
    """A fingerprint of what the stored rows come from: the commitments grammar and pairing, their
    vocabulary, the attention counting rules and the shipped dictionary."""
    from importlib import import_module

    h = hashlib.sha256(b"derived rows 1\n")
    for name in ("gwr.commitments", "gwr.commitment_pairs", "gwr.attention.score"):
        with open(import_module(name).__file__, "rb") as f:
            h.update(f.read())
    h.update(resources.files("gwr").joinpath("data/commitments.json").read_bytes())
    d = dictionary()
    h.update(repr((d.name, d.version, d.topics)).encode())
    return h.hexdigest()[:32]


def dictionary_key() -> str:
    d = dictionary()
    return f"{d.name}@{d.version}"


def key_text(region) -> str | None:
    """``gwr.commitments.region_key`` as a string for an index."""
    from ..commitments import region_key

    key = region_key(region)
    return json.dumps(list(key), ensure_ascii=False) if key is not None else None


# -- computing (pure: runs where the file is extracted) ------------------------------------------
def compute(result) -> list[dict[str, Any]]:
    """Per document of a ``FileResult`` (with its figures): plan and review items, attention tallies."""
    from ..attention import score
    from ..commitments import FACT_KINDS, REVIEW_ROLES, file_commitments
    from ..parse.normalize import normalize

    documents = result.documents
    text, d = result.source.text, dictionary()
    norm = normalize(text)
    plans, reviews = file_commitments(result, norm=norm), file_commitments(result, roles=REVIEW_ROLES, norm=norm)
    out = []
    for doc in documents:
        row: dict[str, Any] = {"region_key": key_text(doc.region), "report_year": doc.report_year,
                               "report": doc.kind in FACT_KINDS,
                               "plan": [r for r in plans if r["document_index"] == doc.index],
                               "outcome": [r for r in reviews if r["document_index"] == doc.index],
                               "attention": []}
        if doc.kind in ATTENTION_KINDS:
            row["attention"] = _tallies(text, score(text, doc.sections, d, span=doc.span, norm=norm), d)
        out.append(row)
    return out


def _tallies(text: str, s, d) -> list[dict[str, Any]]:
    from ..attention import evidence

    def as_row(scope, role, t, ev=None):
        return {"scope": scope, "role": role, "chars": t.chars, "sentences": t.sentences,
                "counts": {k: v for k, v in t.counts.items() if v},
                "sentences_with": {k: v for k, v in t.sentences_with.items() if v},
                "terms": {k: dict(c) for k, c in t.terms.items() if c}, "evidence": ev}

    ev = {}
    for topic in d.topics:
        if s.total.counts[topic.id]:
            ev[topic.id] = [[e["span"][0], e["span"][1], e["role"],
                             [[m["span"][0], m["span"][1], m["term"]] for m in e["matches"]]]
                            for e in evidence(text, s, topic.id, limit=EVIDENCE)]
    rows = [as_row("document", None, s.total, ev)]
    rows += [as_row("role", role, t) for role, t in s.by_role.items()]
    return rows


# -- storing (inside the file's transaction) -------------------------------------------------------
def pack_document(row: dict[str, Any], name: str) -> dict[str, Any]:
    """A document's computed rows (:func:`compute`) as :func:`insert` writes them, for a file stored
    under ``name``: run where the file is extracted, so that compressing them is not the one
    SQLite writer's work.  What pairs need later (the region-year) stays beside the blobs."""
    k, y = row["region_key"], row["report_year"]
    plan = [{**item, "path": name} for item in row["plan"]]
    review = [{**item, "path": name} for item in row["outcome"]]
    c_row = None
    if plan or review or row["report"]:
        c_row = {"region_key": k, "report_year": y, "report": bool(row["report"]),
                 "plan_items": pack_items(plan), "review_items": pack_items(review), "pairs": None}
    dkey = dictionary_key()
    a_rows = [{"dictionary": dkey, "scope": t["scope"], "role": t["role"], "chars": t["chars"],
               "sentences": t["sentences"], "data": pack([t["counts"], t["sentences_with"], t["terms"], t["evidence"]])}
              for t in row["attention"]]
    return {"packed_for": name, "region_key": k, "report_year": y, "commitment": c_row, "attention": a_rows}


def _renamed(packed: dict[str, Any], name: str) -> dict[str, Any]:
    """Packed rows made for another name (a caller that stores the file under a name of its own)."""
    c_row = packed["commitment"]
    if c_row is not None:
        c_row = {**c_row, **{col: pack_items([{**item, "path": name} for item in unpack_items(c_row[col])])
                             for col in ("plan_items", "review_items")}}
    return {**packed, "packed_for": name, "commitment": c_row}


def insert(conn: Connection, file_id: int, name: str, derived: list[dict[str, Any] | None],
           doc_ids: list[int]) -> None:
    """Store a file's computed rows (``derived[i]`` for ``doc_ids[i]``, as :func:`compute` made them or
    already packed by :func:`pack_document`; None: not computed) and queue the region-years whose
    pairs they change."""
    from .ingest import _bulk_insert

    c_rows, a_rows, keys = [], [], set()
    for row, doc_id in zip(derived, doc_ids):
        if row is None:
            continue
        if "packed_for" not in row:
            row = pack_document(row, name)
        elif row["packed_for"] != name:
            row = _renamed(row, name)
        k, y = row["region_key"], row["report_year"]
        if row["commitment"] is not None:
            c_rows.append({"document_id": doc_id, **row["commitment"]})
        a_rows += [{"document_id": doc_id, **t} for t in row["attention"]]
        if k is not None and y is not None:
            keys |= {(k, y), (k, y - 1)}
    _bulk_insert(conn, commitments, c_rows)
    _bulk_insert(conn, attention_tallies, a_rows)
    conn.execute(update(files).where(files.c.id == file_id).values(name=name, derived=version()))
    queue(conn, keys)


def forget(conn: Connection, doc_ids: list[int]) -> None:
    """Before a file's documents are deleted: drop their rows and queue the region-years they paired in."""
    if not doc_ids:
        return
    keys = _paired_keys(conn, doc_ids)
    conn.execute(delete(commitments).where(commitments.c.document_id.in_(doc_ids)))
    conn.execute(delete(attention_tallies).where(attention_tallies.c.document_id.in_(doc_ids)))
    queue(conn, keys)


def _paired_keys(conn: Connection, doc_ids: list[int]) -> set[tuple]:
    """The region-years the documents' items pair in: their own, and the year before (whose plans they answer)."""
    keys = set()
    for k, y in conn.execute(select(commitments.c.region_key, commitments.c.report_year).distinct()
                             .where(commitments.c.document_id.in_(doc_ids))):
        if k is not None and y is not None:
            keys |= {(k, y), (k, y - 1)}
    return keys


def relinked(conn: Connection, doc_ids: list[int]) -> None:
    """Documents that became a copy or stopped being one (``gwr.store.links``): pairs count canonical
    reports only, so their items go back to unpaired and their region-years are paired again —
    as if the files had come in the order that gives these links."""
    if not doc_ids:
        return
    keys = _paired_keys(conn, doc_ids)
    conn.execute(update(commitments).where(commitments.c.document_id.in_(doc_ids)).values(pairs=None))
    queue(conn, keys)


def queue(conn: Connection, keys: Iterable[tuple[str, int]]) -> None:
    rows = [{"region_key": k, "report_year": y, "n": 1} for k, y in sorted(keys)]
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    stmt = upsert(commitment_repairs)
    conn.execute(stmt.on_conflict_do_update(index_elements=["region_key", "report_year"],
                                            set_={"n": commitment_repairs.c.n + 1}), rows)


# -- pairing -------------------------------------------------------------------------------------
def repair(engine: Engine) -> int:
    """Pair again every queued region-year, in one write transaction under a lock; how many."""
    with engine.connect() as conn:
        with conn.execution_options(sqlite_write=True).begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK})
            pending = conn.execute(select(commitment_repairs.c.region_key, commitment_repairs.c.report_year,
                                          commitment_repairs.c.n)).all()
            for k, y, _n in pending:
                _pair(conn, k, y)
            for k, y, n in pending:  # a key queued again meanwhile (n changed) stays for its writer
                conn.execute(delete(commitment_repairs).where(commitment_repairs.c.region_key == k,
                                                             commitment_repairs.c.report_year == y,
                                                             commitment_repairs.c.n == n))
            if pending and conn.dialect.name == "sqlite":
                from .ingest import bump

                bump(conn)
    if pending and engine.dialect.name != "sqlite":  # the counter row every writer updates: after commit
        from .ingest import bump_after

        bump_after(engine)
    return len(pending)


def _canonical(column, k: str, y: int):
    return (select(commitments.c.document_id, column)
            .join(documents, documents.c.id == commitments.c.document_id)
            .where(commitments.c.region_key == k, commitments.c.report_year == y,
                   documents.c.canonical_id.is_(None))
            .order_by(commitments.c.document_id))


def _pair(conn: Connection, k: str, y: int) -> None:
    """The plan items of region ``k``'s reports of year ``y`` against its reports of ``y + 1``, as
    ``gwr.commitments.pair_documents`` pairs them (each plan report on its own, the next year's
    review items of every report in order; no next report: status null)."""
    from ..commitments import pair

    plans = [(doc, unpack_items(blob)) for doc, blob in
             conn.execute(_canonical(commitments.c.plan_items, k, y).where(commitments.c.plan_items.is_not(None)))]
    if not plans:
        return
    nxt = conn.execute(_canonical(commitments.c.report, k, y + 1).where(commitments.c.report.is_(True))
                       .limit(1)).first()
    achieved = [i for _doc, blob in conn.execute(_canonical(commitments.c.review_items, k, y + 1))
                for i in unpack_items(blob)] if nxt is not None else []
    updates = []
    for doc, items in plans:
        if nxt is None:
            paired = [{**i, "status": None, "outcome": None} for i in items]
        else:
            paired = pair(items, achieved)
        extras = [{key: v for key, v in p.items() if key not in item or item[key] != v}
                  for item, p in zip(items, paired)]
        updates.append({"doc": doc, "new_pairs": pack(extras)})
    conn.execute(update(commitments).where(commitments.c.document_id == bindparam("doc"))
                 .values(pairs=bindparam("new_pairs")), updates)


# -- files stored before (or by another version) ---------------------------------------------------
def stale(engine: Engine) -> bool:
    """Whether any file lacks this version's rows, or any pair waits to be computed (two small queries)."""
    with engine.connect() as conn:
        if conn.execute(select(files.c.id).where(or_(files.c.derived.is_(None), files.c.derived != version()))
                        .limit(1)).first() is not None:
            return True
        return conn.execute(select(commitment_repairs.c.region_key).limit(1)).first() is not None


def ensure(engine: Engine, progress: Callable[[int, int], None] | None = None) -> None:
    """Compute what is missing: rows of files stored before, then the queued pairs."""
    if stale(engine):
        backfill(engine, progress)
        repair(engine)


def backfill(engine: Engine, progress: Callable[[int, int], None] | None = None) -> int:
    """Compute the rows of every file stored without this version's, from its stored text; how many."""
    from ..model import FileResult, Source
    from ..pipeline import extract_source

    with engine.connect() as conn:
        todo = list(conn.scalars(select(files.c.id).where(or_(files.c.derived.is_(None),
                                                              files.c.derived != version()))
                                 .order_by(files.c.id)))
    for n, file_id in enumerate(todo, 1):
        with engine.connect() as conn:
            with conn.execution_options(sqlite_write=True).begin():
                # the locks a file's own transaction takes for these rows, taken first and in its
                # order: a repair or a replacement of this file meanwhile waits, never deadlocks
                locks.shared(conn)
                stmt = select(files).where(files.c.id == file_id)
                if conn.dialect.name == "postgresql":
                    stmt = stmt.with_for_update()
                f = conn.execute(stmt).first()
                if f is None or f.derived == version():
                    continue  # deleted, or done by another process meanwhile
                stored = dict(conn.execute(select(documents.c.index, documents.c.id)
                                           .where(documents.c.file_id == file_id)).all())
                body = conn.execute(select(file_texts.c.text).where(file_texts.c.file_id == file_id)).scalar_one()
                source = Source(path=f.path, format=f.format, encoding=f.encoding, sha256=f.sha256,
                                size=int(f.size), text=body)
                result = extract_source(source)
                result = FileResult(result.source, [d for d in result.documents if d.index in stored])
                forget(conn, list(stored.values()))
                insert(conn, file_id, f.name or f.path, compute(result),
                       [stored[d.index] for d in result.documents])
        if progress is not None:
            progress(n, len(todo))
    if todo:
        log.info("computed commitments and attention of %d stored file(s)", len(todo))
    return len(todo)


__all__ = ["EVIDENCE", "backfill", "compute", "ensure", "forget", "insert", "queue", "relinked", "repair", "stale", "version"]
