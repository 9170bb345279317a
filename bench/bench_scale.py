#!/usr/bin/env python3
"""Ingest beyond one process: serial into SQLite, serial into PostgreSQL, Dask (2 workers) into
PostgreSQL, over the same generated reports in one run, as ratios.

    make bench                                         # runs this after bench_store.py
    python bench/bench_scale.py --reports 10000        # the figures of docs/PERFORMANCE.md
    python bench/bench_scale.py --reports 300 --no-write   # a quick look

The corpus is ``bench/make_corpus.py``'s (cached in ``--corpus``, shared with
bench_store.py).  PostgreSQL is a throwaway server started like the tests'
(``tests/pg.py``: fsync off, Unix socket) unless ``--pg URL`` names one.
Measured per pass: wall time, files/s, MB/s of input, and the database's size
per MB of stored text (SQLite: the file and its WAL; PostgreSQL:
``pg_database_size`` less that of the empty database).
"""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, log, run_info, run_lines, write_doc  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))

from sqlalchemy import text  # noqa: E402

from gwr.store import db as store_db  # noqa: E402
from gwr.store.ingest import ingest  # noqa: E402

WORKERS = 2


def text_mb(engine) -> float:
    size = "octet_length(text)" if engine.dialect.name == "postgresql" else "length(CAST(gwr_text(text) AS BLOB))"
    with engine.connect() as conn:
        return (conn.execute(text(f"SELECT sum({size}) FROM file_texts")).scalar() or 0) / 1e6


def db_mb(engine, path: Path | None, empty: int) -> float:
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            return (conn.execute(text("SELECT pg_database_size(current_database())")).scalar() - empty) / 1e6
    with engine.connect() as conn:  # the WAL's pages into the file, as bench_growth measures it
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(os.path.getsize(str(path) + s) for s in ("", "-wal") if os.path.exists(str(path) + s)) / 1e6


def empty_size(url: str) -> int:
    engine = store_db.connect(url, migrate=False)
    with engine.connect() as conn:
        n = conn.execute(text("SELECT pg_database_size(current_database())")).scalar()
    engine.dispose()
    return n


def extract_only(files: list[str]) -> dict:
    """The same files through the same supervised worker (``jobs=1``) with nothing stored: the
    yardstick of issue 16's "storing no slower than extracting"."""
    from gwr.pipeline import extract_many

    t0 = time.perf_counter()
    failed = sum(error is not None for _, _, error in extract_many(files, jobs=1))
    return {"t": time.perf_counter() - t0, "failed": failed}


def serial(files: list[str], url: str, path: Path | None, empty: int, *, jobs: int = 1,
           workers_write: bool | None = None) -> dict:
    engine = store_db.connect(url)
    t0 = time.perf_counter()
    outcomes = list(ingest(engine, files, jobs=jobs, workers_write=workers_write))
    t = time.perf_counter() - t0
    out = {"t": t, "failed": sum(o.status == "failed" for o in outcomes),
           "added": sum(o.status == "added" for o in outcomes),
           "text_mb": text_mb(engine), "db_mb": db_mb(engine, path, empty)}
    engine.dispose()
    return out


def on_dask(files: list[str], url: str, empty: int) -> dict:
    from distributed import Client, LocalCluster

    from gwr import scale

    with LocalCluster(n_workers=WORKERS, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        scale.ingest([], url, client)  # the schema, and the workers' start-up, outside the timing
        client.register_plugin(scale.plugin(url), name="gwr")
        t0 = time.perf_counter()
        out = scale.ingest(files, url, client)
        t = time.perf_counter() - t0
        t1 = time.perf_counter()
        again = scale.ingest(files, url, client)
        t_again = time.perf_counter() - t1
    engine = store_db.connect(url, migrate=False)
    r = {"t": t, "failed": int((out.status == "failed").sum()), "added": int((out.status == "added").sum()),
         "t_rerun": t_again, "rerun_unchanged": int((again.status == "unchanged").sum()),
         "text_mb": text_mb(engine), "db_mb": db_mb(engine, None, empty)}
    engine.dispose()
    return r


@contextlib.contextmanager
def postgres(url: str | None):
    if url:
        yield url
        return
    from pg import postgres_server

    with postgres_server() as u:
        yield u


def compare_writers(files: list[str], pg: str | None) -> int:
    """``ingest(jobs=2)`` into PostgreSQL twice, alternating which process writes, printed as a ratio."""
    from pg import fresh_database

    t = {"parent": [], "workers": []}
    with postgres(pg) as server:
        for _round in range(2):
            for who in ("parent", "workers"):
                url = fresh_database(server)
                r = serial(files, url, None, empty_size(url), jobs=2, workers_write=who == "workers")
                assert r["failed"] == 0, r
                t[who].append(r["t"])
                log(f"{who} writes: {r['t']:.1f} s")
    best = {k: min(v) for k, v in t.items()}
    print(f"| ingest -j 2 into PostgreSQL, {len(files):,} files | parent writes | workers write |")
    print("| --- | ---: | ---: |")
    print(f"| best of 2 (s) | {best['parent']:.1f} | {best['workers']:.1f} |")
    print(f"| files/s | {len(files) / best['parent']:.2f} | {len(files) / best['workers']:.2f} |")
    print(f"\nWorkers writing: **{best['parent'] / best['workers']:.2f}×** the parent writing.")
    return 0


def render(r: dict) -> str:
    n, mb = r["files"], r["mb"]
    L = ["## scale: serial SQLite, serial PostgreSQL, Dask into PostgreSQL (`make bench`)", ""]
    L.append(f"What is measured: `bench/bench_scale.py` ingests the same {n:,} generated reports ({mb:.1f} MB, "
             "`bench/make_corpus.py`) three times in one run: `gwr.store.ingest.ingest(jobs=1)` into a SQLite file, "
             "the same into PostgreSQL, and `gwr.scale.ingest` on a `distributed.LocalCluster` of "
             f"{WORKERS} single-threaded worker processes into PostgreSQL (workers extract and write; the "
             "cluster's start-up is not timed). PostgreSQL is a local throwaway server (fsync off, as in the "
             "tests) unless `--pg` names one.")
    L.append("")
    L.append(f"Reproduce: `make bench` (= `.venv/bin/python bench/bench_scale.py --shared ../shared "
             f"--reports {r['reports']}`).")
    L.append("")
    L += run_lines(r)
    L.append("")
    L.append("| pass | time (s) | files/s | MB/s | × serial SQLite | DB MB per MB of text | failed |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    base = r["sqlite"]["t"]
    for name, key in (("serial, SQLite (`jobs=1`)", "sqlite"), ("serial, PostgreSQL (`jobs=1`)", "pg"),
                      (f"**Dask, {WORKERS} workers, PostgreSQL**", "dask")):
        p = r[key]
        L.append(f"| {name} | {p['t']:.1f} | {n / p['t']:.2f} | {mb / p['t']:.3f} | {base / p['t']:.2f}× | "
                 f"{p['db_mb'] / p['text_mb']:.2f} | {p['failed']} |")
    x = r["extract"]
    L.append(f"| extraction alone (`extract_many(jobs=1)`, nothing stored) | {x['t']:.1f} | {n / x['t']:.2f} | "
             f"{mb / x['t']:.3f} | {base / x['t']:.2f}× | — | {x['failed']} |")
    d = r["dask"]
    L.append("")
    L.append(f"Ingest takes **{base / x['t']:.2f}×** the time of extraction alone into SQLite and "
             f"**{r['pg']['t'] / x['t']:.2f}×** into PostgreSQL (one extracting worker each; issue 16's "
             "goal: ≤ 1.5×).")
    L.append("")
    L.append(f"Dask with {WORKERS} workers runs at **{r['pg']['t'] / d['t']:.2f}×** serial PostgreSQL and "
             f"{base / d['t']:.2f}× serial SQLite; serial PostgreSQL runs at {base / r['pg']['t']:.2f}× serial "
             f"SQLite. Stored text: {d['text_mb']:.1f} MB. A rerun of the Dask ingest found "
             f"{d['rerun_unchanged']:,} of {n:,} files unchanged in {d['t_rerun']:.1f} s "
             f"({n / d['t_rerun']:.0f} files/s: a hash and one indexed lookup per file).")
    return "\n".join(L) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--corpus", default="/tmp/gwr-bench-corpus")
    ap.add_argument("--work", default="/tmp/gwr-bench-scale")
    ap.add_argument("--pg", default=None, help="a PostgreSQL server URL (default: a throwaway one)")
    ap.add_argument("--writers", action="store_true",
                    help="only compare `ingest -j 2` into PostgreSQL with the parent writing and with the workers writing")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--out", default=str(ROOT / "docs" / "PERFORMANCE.md"))
    args = ap.parse_args(argv)
    from bench_store import corpus_dir, files_of, fresh, mb_of

    top = corpus_dir(args)
    files = files_of(top)[: args.reports]
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    if args.writers:
        return compare_writers(files, args.pg)
    r = {"files": len(files), "mb": mb_of(files), "reports": args.reports,
         **run_info(f"not pinned (Dask: {WORKERS} worker processes)")}
    log(f"{len(files)} files, {r['mb']:.1f} MB")
    r["extract"] = extract_only(files)
    log(f"extraction alone: {r['extract']['t']:.1f} s")
    path = work / "serial.sqlite"
    fresh(path)
    r["sqlite"] = serial(files, str(path), path, 0)
    log(f"serial SQLite: {r['sqlite']['t']:.1f} s")
    with postgres(args.pg) as server:
        from pg import fresh_database

        url = fresh_database(server)
        r["pg"] = serial(files, url, None, empty_size(url))
        log(f"serial PostgreSQL: {r['pg']['t']:.1f} s")
        url = fresh_database(server)
        r["dask"] = on_dask(files, url, empty_size(url))
        log(f"Dask: {r['dask']['t']:.1f} s")
    section = render(r)
    print(section)
    if not args.no_write:
        write_doc(Path(args.out), "scale", section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
