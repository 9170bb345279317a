"""Ingest on a Dask cluster into a shared PostgreSQL database (``pip install 'gwr[dask]'``).

Dask distributed does the scheduling, the retries and the moving of work;
gwr brings the same pure functions a one-machine ingest runs
(``gwr.store.ingest.prepare_one`` then ``store_prepared``).  Each worker loads
the gazetteer, the taxonomy and the segmenter once (:class:`GwrPlugin`), holds
one database engine, and writes the files it extracted itself: prepared rows
are several times larger than the file they come from, so shipping them back
to one writer would make that writer the bottleneck.  What comes back is one
small outcome per file.

The store is safe under concurrent writers (``gwr.store.locks``): a task that
Dask retries after a worker died, or that runs twice, finds its file stored and
reports it ``unchanged``.  A partition whose task fails for good (its worker
killed past Dask's ``allowed-failures``) comes back as failed outcomes naming
the reason; running the same ingest again completes it.
"""
from __future__ import annotations

import logging
import os
from typing import Any, Iterable, Iterator

from distributed import WorkerPlugin

from .errors import GwrError

log = logging.getLogger(__name__)

PARTITION_FILES = 8  # files per task: small enough to spread, large enough to amortise a task's cost
OUTCOME_COLUMNS = ["path", "key", "status", "documents", "facts", "projects", "duplicates", "error"]


_ENGINES: dict[str, Any] = {}  # per worker process: one engine per database


def engine_for(db: str):
    """This process's engine on ``db``, opened once (the client migrated the schema, under a lock)."""
    engine = _ENGINES.get(db)
    if engine is None:
        from .store.db import connect

        engine = _ENGINES[db] = connect(db, migrate=False)
    return engine


class GwrPlugin(WorkerPlugin):
    """Once per worker: warm the extraction data (gazetteer, taxonomy, segmenter, MinHash), open the
    engine.  Tasks open the engine themselves if they run first (a plugin registered again by a
    second ingest is set up while the first one's tasks run)."""

    name = "gwr"

    def __init__(self, db: str | None = None):
        self.db = db

    def setup(self, worker):
        from .pipeline import _warm as warm_extract
        from .store.ingest import _warm as warm_store

        warm_extract()
        warm_store()
        if self.db is not None:
            engine_for(self.db)


def plugin(db: str | None = None) -> GwrPlugin:
    """The worker plugin (``client.register_plugin(plugin(db))``): what :func:`ingest` registers."""
    return GwrPlugin(db)


def _outcome(path: str, key: str, status: str, error: GwrError | str | None = None, o=None) -> dict[str, Any]:
    return {"path": path, "key": key, "status": status,
            "documents": o.documents if o else 0, "facts": o.facts if o else 0,
            "projects": o.projects if o else 0, "duplicates": len(o.duplicates) if o else 0,
            "error": str(error) if error is not None else None}


def ingest_file(db: str, path: str, key: str, name: str, max_bytes: int | None, *, repair: bool = True
                ) -> dict[str, Any]:
    """On a worker: extract one file and write it, unless the database has these bytes under its key.
    ``repair=False``: its commitment pairs are left queued for the caller to compute (once a partition)."""
    from sqlalchemy import select

    from .store.ingest import _sha256, prepare_one, store_prepared
    from .store.schema import files

    try:
        engine = engine_for(db)
        with engine.connect() as conn:
            stored = conn.execute(select(files.c.sha256).where(files.c.path == key)).scalar()
    except Exception as e:  # the database unreachable: this file fails, the next one tries again
        return _outcome(path, key, "failed", f"{path}: not stored: {type(e).__name__}: {str(e).splitlines()[0]}")
    if stored is not None and stored == _sha256(path, max_bytes):
        return _outcome(path, key, "unchanged")
    path, prepared, error = prepare_one(path, max_bytes, name=name, sqlite=engine.dialect.name == "sqlite")
    if error is not None:
        return _outcome(path, key, "failed", error)
    try:
        source, docs, stored_text = prepared
        o = store_prepared(engine, source, docs, path, name=name, key=key, repair=repair, stored_text=stored_text)
    except GwrError as e:
        e.path = e.path or path
        return _outcome(path, key, "failed", e)
    return _outcome(path, key, o.status, o=o)


def _ingest_partition(items: list[tuple[str, str, str]], db: str, max_bytes: int | None) -> list[dict[str, Any]]:
    """A partition's files, then their commitment pairs once: the pairing lock is taken once per
    partition, not once per file, so many workers do not queue on it."""
    from .store.ingest import repair_pairs

    out = [ingest_file(db, path, key, name, max_bytes, repair=False) for path, key, name in items]
    if any(o["status"] in ("added", "replaced") for o in out):
        repair_pairs(engine_for(db), f"partition of {len(items)} file(s)")
    return out


def _files(paths: Iterable[str | os.PathLike[str]], root) -> Iterator[tuple[str, str, str]]:
    """(path, key, name) of every file under ``paths``, lazily: what the tasks carry."""
    from .read import iter_paths
    from .store.ingest import client_name, file_key, ingest_roots

    paths = [os.fspath(p) for p in paths]
    roots = ingest_roots(paths)
    for path in iter_paths(paths):
        yield path, file_key(path, root), client_name(path, roots)


def local_client(workers: int | None = None):
    """A ``distributed.LocalCluster`` of one single-threaded worker process per core (``--scheduler local``)."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster)


def ingest(paths: Iterable[str | os.PathLike[str]], db: str, client=None, *,
           root: str | os.PathLike[str] | None = None, max_bytes: int | None = 64 * 2**20,
           partition_files: int = PARTITION_FILES):
    """Store every file under ``paths`` into ``db`` from the workers of ``client`` (default: the
    current Dask client); a pandas DataFrame of one outcome per file, in input order
    (``OUTCOME_COLUMNS``: status added, replaced, unchanged or failed, and the error's line).

    ``db`` must be reachable from every worker: a PostgreSQL URL (a SQLite file only with workers
    on this machine).  ``root``: files are known by their path relative to it (every worker must
    see the same tree there), URLs by themselves (``gwr.store.ingest.file_key``)."""
    import pandas as pd
    from distributed import as_completed, get_client

    from .store import db as store_db
    from .store import derived

    client = client or get_client()
    engine = store_db.connect(db)  # create or migrate once, here, before any worker writes
    try:
        parts = _ingest_parts(client, _files(paths, root), db, max_bytes, max(1, partition_files), as_completed)
        rows = [row for n in sorted(parts) for row in parts[n]]
        if any(r["status"] in ("added", "replaced") for r in rows):
            from .search import compact

            compact(engine)
        derived.ensure(engine)  # pairs a worker's repair could not finish (a dropped connection)
    finally:
        engine.dispose()
    return pd.DataFrame(rows, columns=OUTCOME_COLUMNS)


def _ingest_parts(client, items: Iterator[tuple[str, str, str]], db: str, max_bytes: int | None, size: int,
                  as_completed) -> dict[int, list[dict[str, Any]]]:
    """Partitions of ``size`` files submitted as workers free up, a few per worker in flight, so
    that a million-file listing is never all in the scheduler at once; outcomes by partition."""
    registered = False
    in_flight = max(4, 4 * len(client.scheduler_info().get("workers", {})))
    chunks: dict[Any, tuple[int, list]] = {}
    out: dict[int, list[dict[str, Any]]] = {}
    pending = as_completed()

    def submit(n: int, chunk: list) -> None:
        fut = client.submit(_ingest_partition, chunk, db, max_bytes, pure=False)
        chunks[fut.key] = (n, chunk)
        pending.add(fut)

    it = iter(items)
    n = 0
    while True:
        while pending.count() < in_flight:
            chunk = [x for _, x in zip(range(size), it)]
            if not chunk:
                break
            if not registered:
                client.register_plugin(plugin(db), name="gwr")
                registered = True
            submit(n, chunk)
            n += 1
        if pending.is_empty():
            return out
        fut = next(pending)
        k, chunk = chunks.pop(fut.key)
        try:
            out[k] = fut.result()
        except Exception as e:  # the task failed for good (its workers killed): its files fail, the rest stand
            reason = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
            out[k] = [_outcome(p, key, "failed", f"{p}: not stored: task failed ({reason})") for p, key, _ in chunk]
        fut.release()


def extractions(paths: Iterable[str | os.PathLike[str]], *, max_bytes: int | None = 64 * 2**20,
                partition_files: int = PARTITION_FILES):
    """A Dask bag of ``(path, FileResult or None, GwrError or None)``, one per file, for analyses
    that need no database (compute it with any client, or none)."""
    import dask.bag as dbag

    from .pipeline import extract_one
    from .read import iter_paths

    files = list(iter_paths([os.fspath(p) for p in paths]))
    return dbag.from_sequence(files, partition_size=max(1, partition_files)).map(extract_one, max_bytes)


FACT_COLUMNS = ["path", "document", "region_code", "region_name", "report_year", "kind", "indicator", "label",
                "year", "period_start", "period_end", "measure", "value", "unit", "growth_pct", "growth_unit",
                "growth_low", "growth_high", "start", "end", "quote"]


def _fact_rows(result) -> list[dict[str, Any]]:
    from .store.rows import document_rows

    path, r, _error = result
    if r is None:
        return []
    out = []
    for d in document_rows(r):
        doc = d.document
        for f in d.facts:
            if f["kind"] == "other":
                continue
            out.append({"path": path, "document": doc["index"], "region_code": doc.get("region_code"),
                        "region_name": doc.get("region_name"), "report_year": doc.get("report_year"),
                        **{c: f.get(c) for c in FACT_COLUMNS[5:]}})
    return out


def facts(paths: Iterable[str | os.PathLike[str]], **kw):
    """The targets and actuals of every file as a Dask DataFrame (``FACT_COLUMNS``), extracted on
    the workers: ``gwr.scale.facts(paths).groupby("indicator").value.mean().compute()``."""
    import pandas as pd

    meta = pd.DataFrame({c: pd.Series(dtype="float64" if c in _FLOATS else "Int64" if c in _INTS else "object")
                         for c in FACT_COLUMNS})
    return extractions(paths, **kw).map(_fact_rows).flatten().to_dataframe(meta=meta)


_FLOATS = {"value", "growth_pct", "growth_low", "growth_high"}
_INTS = {"document", "report_year", "year", "period_start", "period_end", "start", "end"}

__all__ = ["FACT_COLUMNS", "OUTCOME_COLUMNS", "extractions", "facts", "ingest", "engine_for", "ingest_file",
           "local_client", "plugin", "GwrPlugin"]
