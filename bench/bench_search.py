#!/usr/bin/env python3
"""Latency of ``gwr.search.search`` on SQLite over a synthetic index of many paragraphs.

    python bench/bench_search.py --paragraphs 500000            # build (cached) + measure
    python bench/bench_search.py --paragraphs 20000 --db /tmp/s.db --rounds 1

Workload: the seed corpus (SHARED/corpus/*.txt) split into non-empty lines,
repeated under new ids until ``--paragraphs``; every copy gets its own
synthetic facets (region code, level, year, role, kind), so filters cut the
hit lists as they would in a real store.  Token streams of a repeated text
are computed once (the index is the same as indexing each copy).  Queries:
named common ones (发展 hits about four paragraphs in ten), then 2–4 character
substrings sampled from the corpus with a fixed seed, with and without
filters.  Figures are wall times of ``search(limit=20)`` (rank, page, count)
in one process, first round discarded.
"""
from __future__ import annotations

import argparse
import glob
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

import sqlalchemy as sa  # noqa: E402

from gwr.read import read_file  # noqa: E402
from gwr.search import create_index, index_prepared, prepare, search, tags  # noqa: E402
from gwr.search import _sqlite  # noqa: E402

NAMED = ("发展", "棚改", "地区生产总值", "增长", "GDP", "改革", "6.6%", "高质量发展", "乡村振兴")
LEVELS = ("province", "prefecture", "county", "district")
ROLES = ("review", "plan", "targets", "problems", "other")


def corpus_paragraphs(shared: Path) -> list[str]:
    out: list[str] = []
    for path in sorted(glob.glob(str(shared / "corpus" / "*.txt"))):
        out += [line.strip() for line in read_file(path).text.splitlines() if line.strip()]
    return out


def synthetic_tags(copy: int, rng: random.Random) -> str:
    """One report per copy: a county code under one of 31 provinces, a year, a kind."""
    province = 11 + copy % 55
    code = f"{province:02d}{1 + copy // 55 % 20:02d}{1 + copy // 1100 % 30:02d}"
    return tags(region_code=code, level=LEVELS[copy % 4], year=2005 + copy % 20,
                role=rng.choice(ROLES), kind="official_report" if copy % 7 else "news")


def build(db: Path, paragraphs: list[str], n: int) -> None:
    engine = sa.create_engine(f"sqlite:///{db}")
    streams = {}
    rng = random.Random(7)
    t0 = time.perf_counter()
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        create_index(conn)
        batch, pid, copy = [], 0, 0
        while pid < n:
            tag = synthetic_tags(copy, rng)
            for text in paragraphs:
                if pid >= n:
                    break
                pid += 1
                if text not in streams:
                    streams[text] = prepare(text)
                batch.append((pid, *streams[text], tag))
                if len(batch) >= 5000:
                    index_prepared(conn, batch)
                    batch = []
            copy += 1
        index_prepared(conn, batch)
        conn.exec_driver_sql(f"INSERT INTO {_sqlite.FTS}({_sqlite.FTS}) VALUES ('optimize')")
    print(f"built {n} paragraphs in {time.perf_counter() - t0:.0f} s, "
          f"{db.stat().st_size / 1e6:.0f} MB", flush=True)


def sample_queries(paragraphs: list[str], k: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    out = []
    while len(out) < k:
        text = rng.choice(paragraphs)
        size = rng.randint(2, 4)
        if len(text) > size:
            at = rng.randrange(len(text) - size)
            out.append(text[at:at + size])
    return out


def timed(conn, query: str, **filters) -> tuple[float, object]:
    t = time.perf_counter()
    page = search(conn, query, limit=20, **filters)
    return (time.perf_counter() - t) * 1000, page


def report(label: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    print(f"{label:<34} n={len(ms):<4} p50={statistics.median(ms):6.1f} ms  "
          f"p95={p95:6.1f} ms  max={ms[-1]:6.1f} ms", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--paragraphs", type=int, default=500_000)
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    paragraphs = corpus_paragraphs(args.shared)
    db = args.db or Path(f"/tmp/gwr-bench-search-{args.paragraphs}.db")
    if not db.exists():
        build(db, paragraphs, args.paragraphs)
    engine = sa.create_engine(f"sqlite:///{db}")
    sampled = sample_queries(paragraphs, args.queries)
    with engine.connect() as conn:
        for query in NAMED:
            ms = []
            for _ in range(args.rounds + 1):
                t, page = timed(conn, query)
                ms.append(t)
            print(f"  {query:<10} total={page.total}{'~' if page.total_is_estimate else ''} "
                  f"ranked={page.ranked} best={min(ms[1:]):.1f} ms", flush=True)
        for label, filters in (("sampled 2-4 chars", {}),
                               ("sampled + year", {"year": 2018}),
                               ("sampled + province + years", {"region": "430000",
                                                               "year": (2015, 2020)})):
            for _ in range(1):
                [timed(conn, q, **filters) for q in sampled[:20]]  # warm the page cache
            report(label, [timed(conn, q, **filters)[0] for q in sampled])
        named = [timed(conn, q)[0] for _ in range(args.rounds) for q in NAMED]
        report("named common queries", named)
        report("all unfiltered", named + [timed(conn, q)[0] for q in sampled])


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
