"""Storing extracted files: one transaction per file, so a batch stopped at any point
(an error, Ctrl-C, a killed process) leaves every file either fully stored or as it was.

A file is known by its key (:func:`file_key`: a URL, a path relative to a root
the user names, else the absolute path).  The same bytes under the same key are
not read again; changed bytes replace the file's old rows in the same
transaction that writes the new ones.

Several processes may write one database at once (``gwr.scale`` on a Dask
cluster, two ``gwr ingest`` runs): each file's transaction holds the lock of its
key (``gwr.store.locks``), so the second writer of a file finds it stored and
reports it ``unchanged``; near-duplicates are linked under one lock just before
commit (``gwr.store.links``); the page caches' generation counter is bumped after
the commit, in a transaction of its own, so that no writer waits on it.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial
from operator import itemgetter
from typing import Any, Iterable, Iterator

from sqlalchemy import JSON, Connection, Engine, delete, func, select, text, update

from .. import __version__
from ..errors import GwrError
from . import dedupe, derived, links, locks, texts
from .rows import DocumentRows, file_row, prepared_rows
from .schema import corpus_state, document_bands, documents, facts, file_texts, files, paragraphs, projects, sections

log = logging.getLogger(__name__)


@dataclass(slots=True)
class FileOutcome:
    path: str
    status: str  # added, replaced, unchanged, failed
    file_id: int | None = None
    documents: int = 0
    facts: int = 0
    projects: int = 0
    duplicates: list[tuple[int, int, float]] = field(default_factory=list)  # (document, canonical, similarity)
    error: GwrError | None = None


def ingest(engine: Engine, paths: Iterable[str | os.PathLike[str]], *, jobs: int = 1,
           max_bytes: int | None = None, limits=None, root: str | os.PathLike[str] | None = None,
           workers_write: bool | None = None) -> Iterator[FileOutcome]:
    """Store every file under ``paths``; yields one outcome per file.

    Stored and failed files come in input order; an unchanged file's outcome comes as soon as it
    is recognised, which may be before files listed earlier that are still being extracted.
    ``root``: files are known by their path relative to it (see :func:`file_key`).
    ``workers_write``: each extracting worker writes its own files, with a connection of its own,
    instead of sending their rows to this process to write: the default on PostgreSQL with more
    than one worker, where one writing process would cap the batch at what it alone can store.
    SQLite takes one writer at a time whoever it is, so there this process writes.
    """
    from ..pipeline import extract_many
    from ..read import iter_paths

    if jobs == 0:
        jobs = os.cpu_count() or 1
    if workers_write is None:
        workers_write = engine.dialect.name != "sqlite" and jobs > 1
    known = _known_hashes(engine)
    roots = ingest_roots(paths) if isinstance(paths, (list, tuple)) else None
    skipped: list[FileOutcome] = []
    stored = unpaired = 0
    _warm()  # every extraction runs in forked workers (even -j 1): load once, before they fork

    def changed() -> Iterator[str]:
        for path in iter_paths(paths):
            key = file_key(path, root)
            digest = _sha256(path, max_bytes) if key in known else None
            if digest is not None and digest == known[key]:
                log.info("%s: unchanged, not read again", path)
                skipped.append(FileOutcome(path, "unchanged", file_id=None))
                continue
            yield path

    # extraction runs in supervised workers (gwr.workers, ``limits``): a file that crashes or
    # overruns its reader comes back as a failed outcome, the batch goes on
    work = partial(_prepare_and_store, engine, roots, root) if workers_write else \
        partial(_prepare_named, roots, engine.dialect.name == "sqlite")
    for path, prepared, error in extract_many(changed(), max_bytes=max_bytes, jobs=jobs, work=work,
                                              limits=limits):
        while skipped:
            yield skipped.pop(0)
        if error is not None:
            yield FileOutcome(path, "failed", error=error)
            continue
        try:
            if workers_write:
                outcome = prepared  # stored by the worker already
            else:
                source, docs, stored_text = prepared
                outcome = store_prepared(engine, source, docs, path, name=client_name(path, roots),
                                         key=file_key(path, root), repair=False, stored_text=stored_text)
            log.info("%s: %s, %d document(s), %d fact(s)", path, outcome.status, outcome.documents, outcome.facts)
            stored += outcome.status in ("added", "replaced")
            if outcome.status != "unchanged":
                unpaired += 1
                if unpaired >= REPAIR_EVERY:
                    repair_pairs(engine)
                    unpaired = 0
            yield outcome
        except GwrError as e:
            e.path = e.path or path
            yield FileOutcome(path, "failed", error=e)
    while skipped:
        yield skipped.pop(0)
    if unpaired:
        repair_pairs(engine)
    if stored:
        from ..search import compact

        compact(engine)
    derived.ensure(engine)  # files stored before migration 0007 or by another version of the rules


# Commitment pairs are computed once per this many stored files (and at the end of the batch): a
# region-year that several files of the batch touch is paired once, not once per file.
REPAIR_EVERY = 64


def _warm() -> None:
    """Load the segmenter's dictionary and the MinHash library before the workers fork, once."""
    from ..search import prepare
    from . import dedupe

    prepare("预热")
    dedupe.signature("预热" * dedupe.MIN_CHARS)


def file_key(path: str, root: str | os.PathLike[str] | None = None) -> str:
    """What identifies a file in the database, the same on every machine of a cluster: a URL as
    given (``s3://bucket/x.pdf``), else the path relative to ``root`` (with ``/``), else — no root,
    or a file outside it — the absolute path.  With its content hash it decides whether a file is
    new, unchanged or replaced."""
    from ..read.remote import is_url, normalize

    if is_url(path):
        return normalize(path)
    full = os.path.abspath(path)
    if root is not None:
        rel = os.path.relpath(full, os.path.abspath(root))
        if rel != ".." and not rel.startswith(".." + os.sep):
            return rel.replace(os.sep, "/")
    return full



def _known_hashes(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        return dict(conn.execute(select(files.c.path, files.c.sha256)).all())


def _sha256(path: str, max_bytes: int | None) -> str | None:
    """The digest of a file's bytes, or None when it cannot be read (extraction will say why)."""
    from ..read.remote import is_url, sha256

    if is_url(path):
        return sha256(path, max_bytes)
    try:
        if max_bytes is not None and os.path.getsize(path) > max_bytes:
            return None
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None


def prepare_one(path: str, max_bytes: int | None = None, *, name: str | None = None, sqlite: bool = False):
    """Extract a file and make its rows: what an ingest worker process does (pure, picklable result
    ``(source, docs, stored_text)``).  ``name``, ``sqlite``: the rows are packed here for the file's
    name and SQLite's stored forms (:func:`gwr.store.rows.prepared_rows`), and so is the text
    (``stored_text``, else None): the compressing is then done by the workers, not by the writer."""
    from ..pipeline import extract_one

    path, result, error = extract_one(path, max_bytes)
    if error is not None:
        return path, None, error
    try:
        docs = prepared_rows(result, name=name, sqlite=sqlite)
        stored_text = texts.pack(result.source.text) if sqlite else None
    except Exception as e:  # a defect of ours: name the file, keep going
        err = GwrError(f"internal error: {type(e).__name__}: {e}", path=path)
        err.code = "E900"
        return path, None, err
    return path, (result.source, docs, stored_text), None


def _prepare_named(roots: dict[str, int] | None, sqlite: bool, path: str, max_bytes: int | None = None):
    """:func:`prepare_one` for the name :func:`client_name` gives the file (the parent stores it so)."""
    return prepare_one(path, max_bytes, name=client_name(path, roots), sqlite=sqlite)


def _prepare_and_store(engine: Engine, roots: dict[str, int] | None, root, path: str, max_bytes: int | None = None):
    """What a worker does when workers write: :func:`prepare_one`, then :func:`store_prepared` on a
    connection pool of the worker's own (the parent's, inherited through the fork, is left alone:
    ``dispose(close=False)`` forgets its connections without closing them under the parent)."""
    global _POOL_PID
    if _POOL_PID != os.getpid():
        engine.dispose(close=False)
        _POOL_PID = os.getpid()
    name = client_name(path, roots)
    path, prepared, error = prepare_one(path, max_bytes, name=name, sqlite=engine.dialect.name == "sqlite")
    if error is not None:
        return path, None, error
    try:
        source, docs, stored_text = prepared
        outcome = store_prepared(engine, source, docs, path, name=name, key=file_key(path, root), repair=False,
                                 stored_text=stored_text)
    except GwrError as e:
        e.path = e.path or path
        return path, None, e
    return path, outcome, None


_POOL_PID: int | None = None


def store_result(engine: Engine, result, path: str | None = None) -> FileOutcome:
    """Write one extracted file in one transaction (replacing an older version of it)."""
    return store_prepared(engine, result.source, prepared_rows(result), path)


def ingest_roots(paths: Iterable[str | os.PathLike[str]]) -> dict[str, int]:
    """The directories given at ingest, absolute, each with its place in the order given: what
    :func:`client_name` names files relative to.

    Why directories only, looked up by a file's parents: a file given by itself is named by its own
    name either way, and testing every file against every path given (a ``stat`` each) made a batch of
    N listed files cost N² — 90,000 listed files ingested at 3 files/s where 1,000 went at 28."""
    from ..read.remote import is_url

    out: dict[str, int] = {}
    for p in paths:
        p = os.fspath(p)
        if not is_url(p) and os.path.isdir(p):
            out.setdefault(os.path.abspath(p), len(out))
    return out


def client_name(path: str, roots: dict[str, int] | None) -> str:
    """The path a client may see: relative to the directory given at ingest that holds it (the first
    given, when they nest; ``roots`` from :func:`ingest_roots`), else the file's own name (the server's
    absolute paths stay on the server); a URL is its own name.  The file's parents are looked up, so
    the cost is its depth, whatever the number of roots."""
    from ..read.remote import is_url, normalize

    if is_url(path):
        return normalize(path)
    full = os.path.abspath(path)
    best: tuple[int, str] | None = None
    parent, d = full, os.path.dirname(full)
    while roots and d != parent:
        if d in roots and (best is None or roots[d] < best[0]):
            best = (roots[d], d)
        parent, d = d, os.path.dirname(d)
    return os.path.relpath(full, best[1]) if best else os.path.basename(full)


def store_prepared(engine: Engine, source, docs: list[DocumentRows], path: str | None = None, *,
                   name: str | None = None, key: str | None = None, repair: bool = True,
                   stored_text: bytes | None = None) -> FileOutcome:
    """Write a file's prepared rows in one transaction (replacing an older version of it), then pair
    the commitments its reports change (``gwr.store.derived``: after the commit, under a lock).
    ``key``: the file's key (:func:`file_key`), by default that of ``path``.  ``repair=False``: the
    caller pairs once for a batch (:func:`repair_pairs`); the queue of what to pair is in the
    database, so nothing is lost if it never does — the next ingest or ``derived.ensure`` will.
    ``stored_text``: the text packed as SQLite stores it (:func:`prepare_one`), else packed here."""
    outcome = _store(engine, source, docs, key or file_key(path or source.path), name, stored_text)
    if repair and outcome.status != "unchanged":
        repair_pairs(engine, outcome.path)
    return outcome


def repair_pairs(engine: Engine, what: str = "batch") -> None:
    """``derived.repair``, whose failure leaves the files stored and their region-years queued."""
    try:
        derived.repair(engine)
    except Exception as e:
        log.warning("%s: stored; commitment pairs left for the next ingest: %s", what,
                    str(e).splitlines()[0] if str(e) else type(e).__name__)


def _store(engine: Engine, source, docs: list[DocumentRows], key: str, name: str | None,
           stored_text: bytes | None = None) -> FileOutcome:
    try:
        with engine.connect() as conn:
            with _write(conn):
                locks.named(conn, key)  # a second writer of this file waits here, then finds it stored
                old = conn.execute(select(files.c.id, files.c.sha256).where(files.c.path == key)).first()
                if old is not None and old.sha256 == source.sha256:
                    return FileOutcome(key, "unchanged", file_id=old.id)
                if old is not None:
                    delete_file(conn, old.id, count=False)
                outcome = _insert(conn, source, docs, key, name or key.rstrip("/").rsplit("/", 1)[-1], stored_text)
                if conn.dialect.name == "sqlite":  # one writer at a time anyway: count it in the same commit
                    bump(conn)
                outcome.status = "replaced" if old is not None else "added"
        if conn.dialect.name != "sqlite":
            bump_after(engine)
        return outcome
    except GwrError:
        raise
    except Exception as e:  # a database refusing the rows: this file fails, the batch goes on
        msg = f"not stored: {type(e).__name__}: {e}".splitlines()[0]
        raise GwrError(msg, path=key) from e


def _write(conn: Connection):
    """A write transaction; on SQLite taken with BEGIN IMMEDIATE, so that the ids read inside it stay ours."""
    return conn.execution_options(sqlite_write=True).begin()


def bump(conn: Connection) -> None:
    """Count a write: caches of rendered pages key on this generation.  Every writer updates this
    one row, so on PostgreSQL it is done after the write's commit (:func:`bump_after`): a reader
    who renders the new rows under the old generation is outdated by the bump that follows."""
    conn.execute(update(corpus_state).where(corpus_state.c.id == 1)
                 .values(generation=corpus_state.c.generation + 1))


def bump_after(engine: Engine) -> None:
    """:func:`bump` in a transaction of its own, held for one statement."""
    try:
        with engine.connect() as conn:
            with _write(conn):
                bump(conn)
    except Exception as e:  # the rows are committed; stale page caches are the worst outcome
        log.warning("corpus generation not counted: %s", str(e).splitlines()[0] if str(e) else type(e).__name__)


def delete_file(conn: Connection, file_id: int, *, count: bool = True) -> None:
    """Remove a file and everything extracted from it; copies that pointed at its documents get a new
    canonical (under the duplicates' lock, which the transaction then holds to its end)."""
    from ..search import delete_paragraphs

    locks.shared(conn)
    doc_ids = list(conn.scalars(select(documents.c.id).where(documents.c.file_id == file_id)))
    if doc_ids:
        derived.forget(conn, doc_ids)
        para_ids = list(conn.scalars(select(paragraphs.c.id).where(paragraphs.c.document_id.in_(doc_ids))))
        delete_paragraphs(conn, para_ids)
        for table in (facts, projects, paragraphs, sections, document_bands):
            conn.execute(delete(table).where(table.c.document_id.in_(doc_ids)))
        links.promote(conn, doc_ids)
        conn.execute(delete(documents).where(documents.c.file_id == file_id))
    conn.execute(delete(file_texts).where(file_texts.c.file_id == file_id))
    conn.execute(delete(files).where(files.c.id == file_id))
    if count:
        bump(conn)


def _insert(conn: Connection, source, docs: list[DocumentRows], key: str, name: str,
            stored_text: bytes | None = None) -> FileOutcome:
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    file_id = conn.execute(files.insert().returning(files.c.id),
                           file_row(source, key, ingested_at=now, version=__version__)).scalar_one()
    sqlite = conn.dialect.name == "sqlite"
    conn.execute(file_texts.insert(), {"file_id": file_id,
                                       "text": stored_text if sqlite and stored_text is not None else source.text})
    outcome = FileOutcome(key, "added", file_id=file_id)
    doc_ids, sec_ids, par_ids = _reserve(conn, [(documents, len(docs)),
                                                (sections, sum(len(d.sections) for d in docs)),
                                                (paragraphs, sum(len(d.paragraphs) for d in docs))])
    doc_rows, sec_rows, par_rows, fact_rows, proj_rows = [], [], [], [], []
    si = pi = 0
    for d, doc_id in zip(docs, doc_ids):
        doc_rows.append({**d.document, "id": doc_id, "file_id": file_id, "minhash": d.signature})
        my_secs = sec_ids[si:si + len(d.sections)]
        si += len(d.sections)
        my_pars = par_ids[pi:pi + len(d.paragraphs)]
        pi += len(d.paragraphs)
        for s, sid in zip(d.sections, my_secs):
            parent = s["parent"]
            sec_rows.append({**_without(s, "parent"), "id": sid, "document_id": doc_id,
                             "parent_id": my_secs[parent] if parent is not None else None})
        for p, pid in zip(d.paragraphs, my_pars):
            sec = p["section"]
            par_rows.append({**_without(p, "section"), "id": pid, "document_id": doc_id,
                             "section_id": my_secs[sec] if sec is not None else None})
        for rows, out in ((d.facts, fact_rows), (d.projects, proj_rows)):
            for r in rows:
                n = r["paragraph"]
                out.append({**_without(r, "paragraph"), "document_id": doc_id,
                            "paragraph_id": my_pars[n - 1] if n is not None else None})
    # the MinHash goes in with its document; its band keys, by which later copies find it, with the rest
    band_rows = [{"band": k, "document_id": doc_id} for d, doc_id in zip(docs, doc_ids)
                 if d.signature is not None for k in dedupe.bands(dedupe.from_bytes(d.signature))]
    for table, rows in ((documents, doc_rows), (sections, sec_rows), (paragraphs, par_rows),
                        (facts, fact_rows), (projects, proj_rows), (document_bands, band_rows)):
        _bulk_insert(conn, table, rows)
    _index_for_search(conn, docs, doc_rows, par_rows)
    # From here to the commit, one writer at a time: the rows shared between files (the queue of
    # commitment pairs, other files' near-duplicate links) are written in one order by everyone.
    locks.shared(conn)
    derived.insert(conn, file_id, name, [d.derived for d in docs], doc_ids)
    outcome.duplicates = links.link(conn, docs, doc_ids)
    outcome.documents = len(doc_rows)
    outcome.facts = sum(1 for f in fact_rows if f["kind"] != "other")
    outcome.projects = len(proj_rows)
    return outcome


def _bulk_insert(conn: Connection, table, rows: list[dict[str, Any]]) -> None:
    """``executemany`` straight on the driver: SQLAlchemy's per-row parameter processing would cost
    more than the database itself (a report has hundreds of figures).  (psycopg sends the rows in one
    pipeline, one round trip; ``COPY`` and one statement over arrays per column were measured no
    faster, file by file in turn: ``bench/bench_write.py``.)"""
    if not rows:
        return
    cols = [c for c in table.c if c.name in rows[0]]
    quote = conn.dialect.identifier_preparer.quote
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c.name) for c in cols)}) "
           f"VALUES ({', '.join([mark] * len(cols))})")
    names = [c.name for c in cols]
    for c in cols:
        if isinstance(c.type, JSON):  # the driver takes text; None stays SQL NULL
            for r in rows:
                if r[c.name] is not None:
                    r[c.name] = json.dumps(r[c.name], ensure_ascii=False)
    row_of = itemgetter(*names) if len(names) > 1 else (lambda r: (r[names[0]],))
    conn.exec_driver_sql(sql, [row_of(r) for r in rows])


def _without(row: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != key}


def _reserve(conn: Connection, wanted: list[tuple[Any, int]]) -> list[list[int]]:
    """Ids for ``n`` new rows of each ``(table, n)``, known before inserting so that children can point
    at their parents in one batch; on PostgreSQL drawn from the tables' sequences in one round trip."""
    if conn.dialect.name == "postgresql":
        parts = [f"ARRAY(SELECT nextval(pg_get_serial_sequence(:t{i}, 'id')) FROM generate_series(1, :n{i}))"
                 for i in range(len(wanted))]
        params = {k: v for i, (table, n) in enumerate(wanted) for k, v in ((f"t{i}", table.name), (f"n{i}", n))}
        return [list(ids) for ids in conn.execute(text(f"SELECT {', '.join(parts)}"), params).one()]
    # SQLite: the write transaction (BEGIN IMMEDIATE) excludes other writers until commit
    out = []
    for table, n in wanted:
        top = (conn.execute(select(func.max(table.c.id))).scalar() or 0) if n else 0
        out.append(list(range(top + 1, top + 1 + n)))
    return out


def _index_for_search(conn: Connection, docs: list[DocumentRows], doc_rows, par_rows) -> None:
    from ..search import index_prepared, tags

    streams = [s for d in docs for s in d.streams]
    by_doc = {r["id"]: r for r in doc_rows}
    # a file's second print of a report (gwr.repeats) would only give every hit twice
    repeated = {r["id"] for d, r in zip(docs, doc_rows) if d.duplicate_of is not None}
    rows = []
    facets: dict[tuple, str] = {}  # a document's paragraphs share all but their role
    for p, (body, grams, starts) in zip(par_rows, streams):
        if p["document_id"] in repeated:
            continue
        key = (p["document_id"], p["role"])
        if key not in facets:
            d = by_doc[p["document_id"]]
            facets[key] = tags(region_code=d["region_code"], parent_code=d["parent_code"],
                               region_name=d["region_name"], level=d["level"], year=d["report_year"],
                               role=p["role"], kind=d["kind"])
        rows.append((p["id"], body, grams, starts, facets[key]))
    if rows:
        index_prepared(conn, rows)
