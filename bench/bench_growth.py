#!/usr/bin/env python3
"""Growth of the store with the corpus: ingest time, database size and search latency on SQLite
and PostgreSQL at 1k, 10k (and on request 100k) generated reports, with a plot.

    make bench                       # --points 1000,10000
    make bench-100k                  # --points 1000,10000,100000 (hours; never in CI)
    python bench/bench_growth.py --points 300 --dialects sqlite --no-write   # a quick look

The corpus comes from ``bench/make_corpus.py`` (generated, cached in
``--corpus``, never committed); a point of N reports takes the corpus's first
N files, so each point contains the one before.  Per point and dialect:

* ingest (``gwr.store.ingest.ingest``, one extracting process per core) into a
  fresh database, timed;
* size: the SQLite file after a WAL checkpoint, or PostgreSQL's
  ``pg_database_size`` minus that of an empty database (the catalogs), per MB
  of stored report text (``file_texts``, UTF-8) — and the largest tables;
* search: ``Corpus.search`` (a page of 20 hits with snippets and citations,
  and the total) for two- to four-character queries drawn from the corpus
  text (so common words come up as often as they occur) plus the common
  two-character words of the issue, each without filter and with a level,
  year or province filter, first and second page; each timed ``--rounds``
  times after a warm-up; p50/p95/p99/max;
* "about N hits": for every query whose total is an estimate, the exact count
  (the same search with a window as large as the corpus) and the error.

A PostgreSQL server is started for the run (``tests/pg.py``) unless
``--pg-url`` names one.  The figures go to docs/PERFORMANCE.md (section
``growth``) and the curves to docs/store_growth.png.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, log, run_info, run_lines, sample_queries, source_of, write_doc  # noqa: E402

import gwr  # noqa: E402
from gwr.read import iter_paths  # noqa: E402
from gwr.store.ingest import ingest  # noqa: E402

COMMON = ("发展", "建设", "推进", "经济", "改革", "棚改", "加快", "提升")
TARGET_X, TARGET_SQLITE_MS, TARGET_PG_MS = 3.0, 20.0, 50.0


def corpus_files(args, n: int) -> list[str]:
    out = Path(args.corpus)
    manifest = out / "manifest.jsonl"
    if not (manifest.exists() and sum(1 for _ in manifest.open(encoding="utf-8")) >= n):
        import make_corpus

        shutil.rmtree(out, ignore_errors=True)
        log(f"generating {n} reports into {out}")
        make_corpus.generate(out, n, seed=0, shared=Path(args.shared))
    return sorted(p for p in iter_paths([out]) if not p.endswith(".jsonl"))


def queries(files: list[str], n: int, seed: int = 0) -> list[str]:
    return sample_queries(files, n, COMMON, seed)


def fresh_db(dialect: str, work: Path, n: int, pg_url: str | None) -> str:
    if dialect == "sqlite":
        path = work / f"growth-{n}.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return str(path)
    sys.path.insert(0, str(ROOT / "tests"))
    from pg import fresh_database

    return fresh_database(pg_url)


def db_size(corpus, dialect: str) -> tuple[int, int, list[tuple[str, int]]]:
    """Bytes of the database (PostgreSQL: above an empty one), of the stored text, and the largest tables."""
    with corpus.engine.connect() as conn:
        if dialect == "sqlite":
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            total = conn.exec_driver_sql("SELECT page_count * page_size FROM pragma_page_count(), "
                                         "pragma_page_size()").scalar()
            tables = conn.exec_driver_sql(
                "SELECT coalesce(t.tbl_name, d.name), sum(d.pgsize) FROM dbstat d "
                "LEFT JOIN sqlite_master t ON t.name = d.name GROUP BY 1 ORDER BY 2 DESC LIMIT 12").all()
        else:
            total = conn.exec_driver_sql("SELECT pg_database_size(current_database()) - "
                                         "pg_database_size('template1')").scalar()
            tables = conn.exec_driver_sql(
                "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n "
                "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' "
                "ORDER BY 2 DESC LIMIT 12").all()
        text = conn.exec_driver_sql("SELECT sum(octet_length(text)) FROM file_texts").scalar() \
            if dialect == "postgresql" else \
            conn.exec_driver_sql("SELECT sum(length(CAST(gwr_text(text) AS BLOB))) FROM file_texts").scalar()
    return total, text, [(name, size) for name, size in tables]


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def latency(corpus, qs: list[str], rounds: int, clock=time.perf_counter) -> dict:
    docs = corpus.documents()
    provinces = docs.province_code.dropna().value_counts().index.tolist()
    rnd = random.Random(1)
    filters = [{}, {"level": "county"}, {"year": (2019, None)}]
    if provinces:
        filters.append({"region": rnd.choice(provinces[:10])})
    times: list[float] = []
    common: list[float] = []
    per: dict[str, float] = {}
    totals: dict[str, tuple[int, bool]] = {}
    for q in qs:
        for f in filters:
            for page in (0, 1):
                corpus.search(q, limit=20, offset=20 * page, **f)  # warm-up
                for _ in range(rounds):
                    t0 = clock()
                    hits = corpus.search(q, limit=20, offset=20 * page, **f)
                    dt = (clock() - t0) * 1000
                    times.append(dt)
                    per[q] = max(per.get(q, 0.0), dt)
                    if q in COMMON:
                        common.append(dt)
                if not f and page == 0:
                    totals[q] = (hits.attrs.get("total", 0), bool(hits.attrs.get("total_is_estimate")))
    return {"n": len(times), "queries": len(qs), "filters": len(filters), **pcts(times),
            "common_p95": pcts(common)["p95"] if common else None, "totals": totals,
            "worst": sorted(per.items(), key=lambda kv: -kv[1])[:5]}


def pcts(times: list[float]) -> dict:
    s = sorted(times)

    def pct(p: float) -> float:
        return s[min(len(s) - 1, int(p / 100 * len(s)))]

    return {"p50": pct(50), "p95": pct(95), "p99": pct(99), "max": s[-1]}


def estimates(corpus, totals: dict[str, tuple[int, bool]]) -> dict:
    """Exact counts of the queries whose total was estimated, and the relative errors."""
    from sqlalchemy import text

    from gwr.search import search
    from gwr.search.tokens import normalize

    errors = []
    with corpus.engine.connect() as conn:
        for q, (total, estimated) in totals.items():
            if estimated and conn.dialect.name == "postgresql":
                # the same truth as a window as large as the corpus, without ranking every hit
                exact = conn.execute(text("SELECT count(*) FROM paragraph_search WHERE strpos(body, :n) > 0"),
                                     {"n": normalize(q)}).scalar()
            elif estimated:
                exact = search(conn, q, limit=1, window=10 ** 9).total
            if estimated:
                errors.append((q, total, exact, abs(total - exact) / exact))
    errs = [e for *_, e in errors]
    return {"estimated": len(errors), "of": len(totals),
            "median": statistics.median(errs) if errs else 0.0, "max": max(errs) if errs else 0.0,
            "worst": sorted(errors, key=lambda e: -e[3])[:3]}


def measure(args, dialect: str, n: int, files: list[str], qs: list[str], pg_url: str | None) -> dict:
    url = fresh_db(dialect, Path(args.work), n, pg_url)
    corpus = gwr.open(url)
    t0 = time.perf_counter()
    outcomes = list(ingest(corpus.engine, files, jobs=0))
    t_ingest = time.perf_counter() - t0
    log(f"{dialect} {n}: ingest {t_ingest:.0f} s")
    size, text, tables = db_size(corpus, dialect)
    if args.no_search:  # size only (the size goal measured without the long latency pass)
        log(f"{dialect} {n}: {size / text:.2f}× text")
        corpus.engine.dispose()
        return {"dialect": dialect, "reports": n, "files": len(files), "text_mb": text / 1e6, "db_mb": size / 1e6,
                "t_ingest": t_ingest, "tables": [(t, s / 1e6) for t, s in tables]}
    lat = latency(corpus, qs, args.rounds)
    log(f"{dialect} {n}: {size / text:.2f}× text, p95 {lat['p95']:.1f} ms")
    est = estimates(corpus, lat.pop("totals"))
    corpus.engine.dispose()
    return {"dialect": dialect, "url": url, "reports": n, "files": len(files),
            "failed": sum(o.status == "failed" for o in outcomes),
            "input_mb": sum(os.path.getsize(p) for p in files) / 1e6, "text_mb": text / 1e6, "db_mb": size / 1e6,
            "t_ingest": t_ingest, "tables": [(t, s / 1e6) for t, s in tables], "lat": lat, "est": est}


def plot(results: list[dict], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(13, 4))
    panels = (("ingest time (s)", lambda r: r["t_ingest"]),
              ("database size per MB of text", lambda r: r["db_mb"] / r["text_mb"]),
              ("search p95 (ms)", lambda r: r["lat"]["p95"]))
    for ax, (title, value) in zip(axes, panels):
        for dialect in sorted({r["dialect"] for r in results}):
            rs = sorted((r for r in results if r["dialect"] == dialect), key=lambda r: r["reports"])
            ax.plot([r["reports"] for r in rs], [value(r) for r in rs], marker="o", label=dialect)
        ax.set_xscale("log")
        if title.startswith("ingest"):
            ax.set_yscale("log")
        ax.set_title(title)
        ax.set_xlabel("reports")
        ax.grid(True, alpha=0.3)
    axes[1].axhline(TARGET_X, color="grey", ls="--", lw=1)
    axes[0].legend()
    fig.suptitle("gwr store growth (bench/bench_growth.py)")
    fig.tight_layout()
    fig.savefig(out, dpi=90)


def render(results: list[dict], args, info: dict) -> str:
    L = ["## growth: ingest, size and search from 1k reports up (`make bench`)", ""]
    L.append(" ".join((__doc__ or "").split("\n\n")[2:4]).replace("\n", " ").replace(" * ", "\n* "))
    L.append("")
    L.append(f"Reproduce: `make bench` (= `.venv/bin/python bench/bench_growth.py --points "
             f"{args.points}`); `make bench-100k` adds the 100k point.  Curves: "
             "[store_growth.png](store_growth.png).")
    L.append("")
    L += run_lines(info)
    L.append("")
    L.append("| dialect | reports | text MB | ingest s | DB MB | **× text** | p50 ms | **p95 ms** | p99 ms | max ms "
             "| common 2-char p95 | totals estimated | median / max error |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in sorted(results, key=lambda r: (r["dialect"], r["reports"])):
        lat, est = r["lat"], r["est"]
        L.append(f"| {r['dialect']} | {r['reports']:,} | {r['text_mb']:.1f} | {r['t_ingest']:.0f} | "
                 f"{r['db_mb']:.0f} | **{r['db_mb'] / r['text_mb']:.2f}** | {lat['p50']:.1f} | **{lat['p95']:.1f}** | "
                 f"{lat['p99']:.1f} | {lat['max']:.0f} | {lat['common_p95']:.1f} | {est['estimated']}/{est['of']} | "
                 f"{100 * est['median']:.1f} % / {100 * est['max']:.1f} % |")
    L.append("")
    L.append("Largest tables at the largest point (MB):")
    L.append("")
    top = max(r["reports"] for r in results)
    for r in results:
        if r["reports"] == top:
            L.append(f"- {r['dialect']}: " + ", ".join(f"{t} {s:.0f}" for t, s in r["tables"][:7]))
    L.append("")
    for r in results:
        if r["reports"] == top:
            L.append(f"- {r['dialect']} slowest queries (worst ms): " +
                     ", ".join(f"{q} {t:.0f}" for q, t in r["lat"]["worst"]))
    return "\n".join(L) + "\n"




def search_only(args, qs: list[str]) -> list[dict]:
    """Search latency on stores that exist (``--db``), no ingest: each store timed by this checkout and,
    with ``--before REV``, by gwr at REV, in alternating passes (one process per pass, so each tree
    imports its own gwr); the pass of each tree with the lower p95 is kept, the load being shared."""
    import tempfile

    trees = {"after": ROOT / "src"}
    with tempfile.TemporaryDirectory(prefix="gwr-growth-") as tmp:
        return _search_only(args, qs, trees, Path(tmp))


def _search_only(args, qs: list[str], trees: dict[str, Path], tmp: Path) -> list[dict]:
    import subprocess

    if args.before:
        trees = {"before": source_of(args.before, tmp / "before"), **trees}
    qfile = tmp / "queries.json"
    qfile.write_text(json.dumps(qs, ensure_ascii=False), encoding="utf-8")
    out = []
    for url in args.db:
        best: dict[str, dict] = {}
        for r in range(args.passes):
            for name, src in (trees.items() if r % 2 == 0 else reversed(trees.items())):
                env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{ROOT / 'bench'}"}
                proc = subprocess.run([sys.executable, __file__, "--time-db", url, "--queries-file", str(qfile),
                                       "--rounds", str(args.rounds), "--clock", args.clock],
                                      env=env, capture_output=True, text=True)
                if proc.returncode:
                    raise SystemExit(f"{name} on {url} failed:\n{proc.stderr[-3000:]}")
                res = json.loads(proc.stdout.strip().splitlines()[-1])
                log(f"{name} {res['reports']} ({res['dialect']}) pass {r + 1}: p50 {res['lat']['p50']:.1f} "
                    f"p95 {res['lat']['p95']:.1f} p99 {res['lat']['p99']:.1f} common p95 "
                    f"{res['lat']['common_p95']:.1f} ms; worst {res['lat']['worst'][:3]}")
                if name not in best or res["lat"]["p95"] < best[name]["lat"]["p95"]:
                    best[name] = {**res, "tree": name}
        out += list(best.values())
    return out


def time_db(args) -> None:
    """One pass of :func:`search_only` (in its own process): latency and estimate errors as JSON."""
    qs = json.loads(Path(args.queries_file).read_text(encoding="utf-8"))
    corpus = gwr.open(args.time_db)
    dialect = corpus.engine.dialect.name
    lat = latency(corpus, qs, args.rounds, CLOCKS[args.clock])
    est = estimates(corpus, lat.pop("totals"))
    reports = len(corpus.documents())
    corpus.engine.dispose()
    print(json.dumps({"dialect": dialect, "reports": reports, "lat": lat, "est": est}, ensure_ascii=False))


def render_search_only(results: list[dict], args) -> str:
    before = f" --before {args.before}" if args.before else ""
    L = [f"Search on existing stores (`bench/bench_growth.py --db URL ...{before}`), best of "
         f"{args.passes} alternating passes per tree, {args.queries} queries, {args.rounds} rounds, "
         f"{args.clock} time:", "",
         "| dialect | reports | tree | p50 ms | p95 ms | p99 ms | max ms | common 2-char p95 | estimated | median / max error |",
         "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        lat, est = r["lat"], r["est"]
        L.append(f"| {r['dialect']} | {r['reports']:,} | {r['tree']} | {lat['p50']:.1f} | {lat['p95']:.1f} | "
                 f"{lat['p99']:.1f} | {lat['max']:.0f} | {lat['common_p95']:.1f} | {est['estimated']}/{est['of']} | "
                 f"{100 * est['median']:.1f} % / {100 * est['max']:.1f} % |")
    return "\n".join(L) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--points", default="1000,10000")
    ap.add_argument("--dialects", default="sqlite,postgresql")
    ap.add_argument("--corpus", default="/tmp/gwr-bench-corpus")
    ap.add_argument("--work", default="/tmp/gwr-bench-growth")
    ap.add_argument("--pg-url", default=None, help="an existing server (default: start one for the run)")
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--no-search", action="store_true",
                    help="ingest and size only (prints the sizes; writes nothing to the doc)")
    ap.add_argument("--json", default=None, help="also write the raw results here, after each point")
    ap.add_argument("--render", default=None, metavar="JSON", help="only write the doc and plot of saved results")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--out", default=str(ROOT / "docs" / "PERFORMANCE.md"))
    ap.add_argument("--plot", default=str(ROOT / "docs" / "store_growth.png"))
    ap.add_argument("--db", action="append", metavar="URL",
                    help="time search on this existing store instead (no ingest, no size; repeatable)")
    ap.add_argument("--before", metavar="REV", help="with --db: also time gwr at git REV, passes alternating")
    ap.add_argument("--passes", type=int, default=2, help="with --db: passes per tree")
    ap.add_argument("--clock", choices=sorted(CLOCKS), default="wall",
                    help="with --db: time each search by the wall clock or by the searching process's CPU time "
                         "(SQLite's whole search runs in it, so a loaded machine's waits are left out; "
                         "PostgreSQL's server is another process, so cpu leaves its work out)")
    ap.add_argument("--time-db", help=argparse.SUPPRESS)
    ap.add_argument("--queries-file", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.time_db:
        time_db(args)
        return 0
    if args.db:
        files = corpus_files(args, args.queries)
        results = search_only(args, queries(files[:1000], args.queries))
        if args.json:
            Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))
        print(render_search_only(results, args))
        return 0
    if args.render:
        results = json.loads(Path(args.render).read_text())
        args.points = ",".join(str(n) for n in sorted({r["reports"] for r in results}))
        write_doc(Path(args.out), "growth", render(results, args, run_info("not pinned (ingest uses every core)")))
        plot(results, Path(args.plot))
        return 0
    points = sorted(int(p) for p in args.points.split(","))
    dialects = args.dialects.split(",")
    Path(args.work).mkdir(parents=True, exist_ok=True)
    files = corpus_files(args, points[-1])
    qs = queries(files[:points[0]], args.queries)
    results = []
    with ExitStack() as stack:
        pg_url = args.pg_url
        if "postgresql" in dialects and pg_url is None:
            sys.path.insert(0, str(ROOT / "tests"))
            from pg import postgres_server

            pg_url = stack.enter_context(postgres_server())
        for n in points:
            for dialect in dialects:
                results.append(measure(args, dialect, n, files[:n], qs, pg_url))
                if args.json:
                    Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))
    if args.no_search:
        for r in results:
            print(f"{r['dialect']} {r['reports']}: text {r['text_mb']:.1f} MB, database {r['db_mb']:.1f} MB = "
                  f"{r['db_mb'] / r['text_mb']:.2f}× text; ingest {r['t_ingest']:.0f} s; "
                  + ", ".join(f"{t} {s:.1f}" for t, s in r["tables"]))
        return 0
    section = render(results, args, run_info("not pinned (ingest uses every core)"))
    print(section)
    if not args.no_write:
        write_doc(Path(args.out), "growth", section)
        plot(results, Path(args.plot))
    return 0


if __name__ == "__main__":
    sys.exit(main())
