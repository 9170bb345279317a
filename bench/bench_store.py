#!/usr/bin/env python3
"""Ingest throughput and search latency over a generated corpus of ≥ 10,000 reports.

    make bench                                   # runs this after the extract benchmarks
    python bench/bench_store.py --reports 10000  # the figures of docs/PERFORMANCE.md
    python bench/bench_store.py --reports 500 --no-write   # a quick look

The corpus comes from ``bench/make_corpus.py`` (reports rebuilt from the seed
corpus and the samples with other regions, years and numbers; about 2 % are
re-posts) and is cached in ``--corpus`` between runs.  Measured:

* ingest on one core (``ingest(jobs=1)``) over the first ``--one-core`` files,
  next to ``extract_file`` alone over the same files in the same run, so the
  cost of storing (rows, search index, MinHash) reads as a ratio;
* ingest of the whole corpus with one extracting process per core, into the
  SQLite file that the search runs on;
* search latency: ``Corpus.search`` (one page of 20 hits with snippets and
  citations, and the total) for two- to four-character queries drawn from the
  corpus text at every frequency (and 发展, the issue's example of a common one),
  without filters and with region, level and year filters; each query timed
  ``--rounds`` times after one warm-up, p50 and p95 over all of them.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, log, run_info, run_lines, sample_queries, write_doc  # noqa: E402

import gwr  # noqa: E402
from gwr.pipeline import extract_file  # noqa: E402
from gwr.read import iter_paths  # noqa: E402
from gwr.store.ingest import ingest  # noqa: E402

TARGET_P95_MS = 50.0
ISSUE_EXAMPLES = ("发展",)


def corpus_dir(args) -> Path:
    out = Path(args.corpus)
    manifest = out / "manifest.jsonl"
    if manifest.exists() and sum(1 for _ in manifest.open(encoding="utf-8")) >= args.reports:
        return out
    import make_corpus

    shutil.rmtree(out, ignore_errors=True)
    log(f"generating {args.reports} reports into {out}")
    t = time.perf_counter()
    make_corpus.generate(out, args.reports, seed=0, shared=Path(args.shared))
    log(f"generated in {time.perf_counter() - t:.1f} s")
    return out


def files_of(top: Path) -> list[str]:
    return [p for p in iter_paths([top]) if not p.endswith(".jsonl")]


def mb_of(paths: list[str]) -> float:
    return sum(os.path.getsize(p) for p in paths) / 1e6


def fresh(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def one_core(files: list[str], work: Path) -> dict:
    db = work / "one-core.sqlite"
    fresh(db)
    engine = gwr.open(db).engine
    extract_t0 = time.perf_counter()
    for p in files:
        extract_file(p)
    t_extract = time.perf_counter() - extract_t0
    t0 = time.perf_counter()
    outcomes = list(ingest(engine, files, jobs=1))
    t_ingest = time.perf_counter() - t0
    failed = sum(o.status == "failed" for o in outcomes)
    docs = sum(o.documents for o in outcomes)
    return {"files": len(files), "mb": mb_of(files), "t_extract": t_extract, "t_ingest": t_ingest,
            "failed": failed, "documents": docs}


def all_cores(files: list[str], db: Path) -> dict:
    fresh(db)
    engine = gwr.open(db).engine
    t0 = time.perf_counter()
    outcomes = list(ingest(engine, files, jobs=0))
    t = time.perf_counter() - t0
    stats = gwr.open(db).stats()
    return {"files": len(files), "mb": mb_of(files), "t": t, "failed": sum(o.status == "failed" for o in outcomes),
            "dups": sum(len(o.duplicates) for o in outcomes), "stats": stats, "cores": os.cpu_count(),
            "db_mb": sum(os.path.getsize(str(db) + s) for s in ("", "-wal") if os.path.exists(str(db) + s)) / 1e6}


def queries(files: list[str], n: int, seed: int = 0) -> list[str]:
    return sample_queries(files, n, ISSUE_EXAMPLES, seed)


def latency(db: Path, qs: list[str], rounds: int) -> dict:
    corpus = gwr.open(db)
    docs = corpus.documents()
    provinces = docs.province_code.dropna().value_counts().index.tolist()
    rnd = random.Random(1)
    filters = [{}, {"level": "county"}, {"year": (2019, None)}]
    if provinces:
        filters.append({"region": rnd.choice(provinces[:10])})
    times: list[float] = []
    per: dict[str, list[float]] = {}
    totals: dict[str, int] = {}
    for q in qs:
        for f in filters:
            for page in (0, 1):
                corpus.search(q, limit=20, offset=20 * page, **f)  # warm-up
                for _ in range(rounds):
                    t0 = time.perf_counter()
                    hits = corpus.search(q, limit=20, offset=20 * page, **f)
                    dt = (time.perf_counter() - t0) * 1000
                    times.append(dt)
                    per.setdefault(q, []).append(dt)
                if not f and page == 0:
                    totals[q] = hits.attrs.get("total", 0)
    times.sort()

    def pct(p: float) -> float:
        return times[min(len(times) - 1, int(p / 100 * len(times)))]

    worst = sorted(per, key=lambda q: -max(per[q]))[:5]
    return {"n": len(times), "queries": len(qs), "filters": len(filters), "p50": pct(50), "p95": pct(95),
            "p99": pct(99), "max": times[-1], "totals": totals,
            "worst": [(q, max(per[q]), totals.get(q, 0)) for q in worst],
            "common": sorted(totals.items(), key=lambda kv: -kv[1])[:5]}


def render(r: dict) -> str:
    one, allc, lat = r["one"], r["all"], r["lat"]
    L = ["## store: ingest and search (`make bench`)", ""]
    L.append("What is measured: `bench/bench_store.py` generates a corpus with `bench/make_corpus.py` (reports "
             "rebuilt from the seed corpus and the samples under other real regions, years and numbers, "
             "about 2 % re-posted copies), ingests it into a SQLite file (`gwr.store.ingest.ingest`: extract, "
             "rows, the search index, MinHash near-duplicates, one transaction per file), then times "
             "`Corpus.search` (a page of 20 hits with snippet and citation, plus the total) for two- to "
             "four-character queries drawn from the corpus text at random positions (so common words come up "
             "as often as they occur), and 发展; each without filter and with a region, level or year filter, "
             "first and second page.")
    L.append("")
    L.append(f"Reproduce: `make bench` (= `.venv/bin/python bench/bench_store.py --shared ../shared "
             f"--reports {r['reports']}`).")
    L.append("")
    L += run_lines(r)
    L.append("")
    L.append("### Ingest")
    L.append("")
    L.append("| pass | files | MB | time (s) | MB/s | files/s |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    L.append(f"| `extract_file` alone, one core | {one['files']:,} | {one['mb']:.1f} | {one['t_extract']:.1f} | "
             f"{one['mb'] / one['t_extract']:.2f} | {one['files'] / one['t_extract']:.1f} |")
    L.append(f"| **ingest, one core** (`jobs=1`) | {one['files']:,} | {one['mb']:.1f} | {one['t_ingest']:.1f} | "
             f"{one['mb'] / one['t_ingest']:.2f} | {one['files'] / one['t_ingest']:.1f} |")
    L.append(f"| **ingest, {allc['cores']} cores** (`jobs=0`), whole corpus | {allc['files']:,} | {allc['mb']:.1f} | "
             f"{allc['t']:.1f} | {allc['mb'] / allc['t']:.2f} | {allc['files'] / allc['t']:.1f} |")
    L.append("")
    s = allc["stats"]
    L.append(f"Storing costs {one['t_ingest'] / one['t_extract']:.2f}× the time of extraction alone on one core. "
             f"The database holds {s['documents']:,} documents ({s['documents_by']['kind'].get('official_report', 0):,} "
             f"official reports counted once), {s['near_duplicates']:,} near-duplicates linked "
             f"({allc['dups']:,} at ingest), {s['paragraphs']:,} paragraphs, {s['targets']:,} targets, "
             f"{s['actuals']:,} actuals, {s['other_figures']:,} other figures and {s['projects']:,} projects, in "
             f"{allc['db_mb']:.0f} MB; {allc['failed']} file(s) failed.")
    L.append("")
    L.append("### Search latency (SQLite)")
    L.append("")
    L.append(f"{lat['n']:,} timed searches: {lat['queries']} queries × {lat['filters']} filter settings × 2 pages "
             f"× {r['rounds']} rounds.")
    L.append("")
    L.append("| p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |")
    L.append("| ---: | ---: | ---: | ---: |")
    L.append(f"| {lat['p50']:.1f} | **{lat['p95']:.1f}** | {lat['p99']:.1f} | {lat['max']:.1f} |")
    L.append("")
    L.append("Most frequent queries (paragraphs containing them): " +
             ", ".join(f"{q} {n:,}" for q, n in lat["common"]) + ".")
    L.append("Slowest queries (worst time, ms; hits): " +
             ", ".join(f"{q} {t:.0f} ({n:,})" for q, t, n in lat["worst"]) + ".")
    L.append("")
    ok = lat["p95"] < TARGET_P95_MS
    L.append(f"Target: p95 under {TARGET_P95_MS:g} ms on SQLite for two- to four-character queries: "
             f"**{'met' if ok else 'not met'}** ({lat['p95']:.1f} ms) over {s['documents_by']['kind'].get('official_report', 0):,} reports.")
    return "\n".join(L) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--corpus", default="/tmp/gwr-bench-corpus")
    ap.add_argument("--work", default="/tmp/gwr-bench-store")
    ap.add_argument("--one-core", type=int, default=500, help="files ingested on one core")
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--out", default=str(ROOT / "docs" / "PERFORMANCE.md"))
    args = ap.parse_args(argv)
    top = corpus_dir(args)
    files = files_of(top)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    log(f"{len(files)} files, {mb_of(files):.1f} MB")
    one = one_core(files[: args.one_core], work)
    log(f"one core: extract {one['t_extract']:.1f} s, ingest {one['t_ingest']:.1f} s")
    db = work / "bench.sqlite"
    allc = all_cores(files, db)
    log(f"all cores: {allc['t']:.1f} s")
    lat = latency(db, queries(files, args.queries), args.rounds)
    log(f"search p50 {lat['p50']:.1f} ms, p95 {lat['p95']:.1f} ms")
    r = {"one": one, "all": allc, "lat": lat, "reports": args.reports, "rounds": args.rounds,
         **run_info("not pinned (ingest uses every core)")}
    section = render(r)
    print(section)
    if not args.no_write:
        write_doc(Path(args.out), "store", section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
