#!/usr/bin/env python3
"""Issue 16's goals, every row measured in one run, as ratios to what the same run measured.

    make bench                                          # --reports 2000 (about 15 minutes when quiet)
    python bench/bench_goals.py --reports 10000         # the goals' own size (an hour and more)
    python bench/bench_goals.py --reports 300 --no-write   # a quick look

The other benchmarks each look at one stage in depth; the goals table at the top of
docs/PERFORMANCE.md was assembled from their runs, on different days and loads.  This one runs
them all against one generated corpus (``bench/make_corpus.py``, cached in ``--corpus``), in one
process, one after the other, so that a row's ratio is between figures of the same run:

1. extraction as a share of the floor (read + decode + one regex pass), CPU time, this process
   pinned to one core, floor and extraction alternating: the first ``--ratio-reports`` generated
   reports, and the real reports of ``../shared/corpus`` listed ``--copies`` times;
2. ``gwr extract -j 2 --format json`` over all the generated reports: the parent's share of all
   CPU, and without its start-up (the same command on one file);
3. storing against extracting: the same reports extracted alone (``extract_many``, ``jobs=1``),
   then ingested with ``jobs=1`` into a fresh SQLite file and a fresh PostgreSQL database,
   extracted alone again (so that a change of load shows); wall time and CPU time of this process
   and its workers (PostgreSQL's own server processes are not counted in the CPU figure);
4. the database's size per MB of stored text, after ingesting all ``--reports`` with one
   extracting process per core into SQLite and into PostgreSQL;
5. search latency (p50/p95/p99) and the error of estimated totals on both stores
   (``bench_growth.latency``/``estimates``: sampled two- to four-character queries and the
   common words, four filters, two pages; ``bench/search_estimates.py``: the common words'
   totals with a level or a span of years as well);
6. ``gwr serve`` (its default workers) on the SQLite store under ``--clients`` clients for
   ``--serve-seconds`` (``bench_web``): requests/s, p95 over all pages, peak memory.

PostgreSQL is a throwaway server (``tests/pg.py``) unless ``--pg-url`` names one.  The table goes
between the ``bench:goals`` markers of docs/PERFORMANCE.md; ``--json`` keeps the raw figures.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, floor_encodings, log, pass_baseline, pass_read, pin_one_core, run_info, run_lines, \
    unpin, write_doc  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))

import gwr  # noqa: E402
from gwr.read import iter_paths  # noqa: E402

import bench_growth  # noqa: E402
import bench_scale  # noqa: E402
import extract_ratio  # noqa: E402

GOAL_FLOOR_GENERATED, GOAL_FLOOR_REAL = 12.0, 15.0  # % of the floor
GOAL_PARENT = 5.0  # % of all CPU
GOAL_STORE_X = 1.5  # ingest time / extraction time
GOAL_SIZE_X = 3.0  # database bytes / text bytes
GOAL_P95 = {"sqlite": 20.0, "postgresql": 50.0}  # ms
GOAL_ESTIMATE = 0.05
GOAL_RPS, GOAL_SERVE_P95 = 300.0, 300.0


def cpu_now() -> float:
    """CPU seconds of this process and of its reaped children (the extraction workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn) -> tuple[float, float, object]:
    w, c = time.perf_counter(), cpu_now()
    out = fn()
    return time.perf_counter() - w, cpu_now() - c, out


def floor_share(files: list[str], rounds: int) -> dict:
    """Extraction's CPU time against the floor's on the same files, pinned, alternating rounds."""
    encodings = floor_encodings(pass_read(files))
    extract_ratio.pass_extract(files[: max(1, len(files) // 20)])  # warm: gazetteer, taxonomy, patterns
    times = extract_ratio.cpu_rounds({"floor": lambda: pass_baseline(files, encodings),
                                      "extract": lambda: extract_ratio.pass_extract(files)}, rounds)
    ratios = [100 * f / e for f, e in zip(times["floor"], times["extract"])]
    mb = sum(os.path.getsize(p) for p in files) / 1e6
    return {"files": len(files), "mb": mb, "pct": statistics.median(ratios), "rounds": ratios,
            "mbps": mb / min(times["extract"])}


def linked_dir(files: list[str], dest: Path) -> Path:
    """A directory of links to ``files`` (``gwr extract`` takes a directory; the corpus holds more)."""
    dest.mkdir(parents=True, exist_ok=True)
    for p in files:
        link = dest / os.path.basename(p)
        if not link.exists():
            link.symlink_to(os.path.abspath(p))
    return dest


def storing(files: list[str], work: Path, pg_server: str | None) -> dict:
    """Extraction alone, ingest into SQLite, into PostgreSQL, extraction alone again (``jobs=1``)."""
    from pg import fresh_database

    from gwr.pipeline import extract_many
    from gwr.store import db as store_db
    from gwr.store.ingest import ingest

    def extract_alone():
        return sum(e is not None for _, _, e in extract_many(files, jobs=1))

    def ingest_into(url: str):
        engine = store_db.connect(url)
        out = list(ingest(engine, files, jobs=1))
        engine.dispose()
        return sum(o.status == "failed" for o in out)

    r: dict = {"files": len(files)}
    r["extract_1"] = timed(extract_alone)[:2]
    db = work / "storing.sqlite"
    for s in ("", "-wal", "-shm"):
        Path(str(db) + s).unlink(missing_ok=True)
    r["sqlite"] = timed(lambda: ingest_into(str(db)))[:2]
    if pg_server:
        r["postgresql"] = timed(lambda: ingest_into(fresh_database(pg_server)))[:2]
    r["extract_2"] = timed(extract_alone)[:2]
    wall = (r["extract_1"][0] + r["extract_2"][0]) / 2
    cpu = (r["extract_1"][1] + r["extract_2"][1]) / 2
    for d in ("sqlite", "postgresql"):
        if d in r:
            r[f"{d}_x_wall"], r[f"{d}_x_cpu"] = r[d][0] / wall, r[d][1] / cpu
    return r


def store_and_search(dialect: str, files: list[str], qs: list[str], work: Path, pg_server: str | None,
                     rounds: int) -> dict:
    """All the reports into a fresh store (one extracting process per core): size, search, totals."""
    args = SimpleNamespace(work=str(work), no_search=False, rounds=rounds)
    return bench_growth.measure(args, dialect, len(files), files, qs, pg_server)


def filtered_estimates(url: str) -> dict:
    """``bench/search_estimates.py``'s check: every estimated total of the common words, with no filter
    and with a level or a span of years (a filter that holds for whole reports makes a sample noisier)."""
    import search_estimates

    corpus = gwr.open(url)
    errors = []
    for q in search_estimates.COMMON.split(","):
        for f in search_estimates.FILTERS:
            page = corpus.search(q, limit=1, **f)
            if page.attrs["total_is_estimate"]:
                with corpus.engine.connect() as conn:
                    n = search_estimates.exact(conn, q, f)
                errors.append(abs(page.attrs["total"] - n) / max(1, n))
    corpus.engine.dispose()
    return {"estimated": len(errors), "of": len(search_estimates.COMMON.split(",")) * len(search_estimates.FILTERS),
            "median": statistics.median(errors) if errors else 0.0, "max": max(errors) if errors else 0.0,
            "over": sum(e > GOAL_ESTIMATE for e in errors)}


def serve(db: str, clients: int, seconds: float, work: Path) -> dict:
    import bench_web

    args = SimpleNamespace(queries=200, workers=None, before=None, before_db=None, clients=clients,
                           duration=seconds, rounds=2, kinds=",".join(bench_web.DEFAULT_KINDS))
    res, targets, _ = bench_web.run(args, Path(db), work)
    after = res["after"]
    every = [x for v in after["lat"].values() for x in v]
    return {"rps": bench_web.rate(after), "p95": bench_web.pct(every, 95), "p50": bench_web.pct(every, 50),
            "per_page_p95": {k: bench_web.pct(v, 95) for k, v in after["lat"].items()},
            "errors": sum(after["errors"].values()), "reasons": after["reasons"], "requests": len(every),
            "rss_mb": after["rss"] / 2**20, "pss_mb": after["pss"] / 2**20, "processes": after["processes"],
            "kinds": list(targets)}


def _reasons(sv: dict) -> str:
    """What the failed requests were (``HTTP 500 (region)``, ``ReadTimeout (track)``): a count alone
    cannot tell a slow page from a broken one."""
    why = sv.get("reasons") or {}
    return (": " + ", ".join(f"{n}× {k}" for k, n in sorted(why.items()))) if why else ""


def yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


def render(r: dict, a: argparse.Namespace, info: dict) -> str:
    gen, real, st = r["floor_generated"], r["floor_real"], r["storing"]
    lines = ["## Issue 16's goals, measured in one run (`make bench`)", "",
             "Every row below comes from one run of `bench/bench_goals.py` (its docstring says what each "
             "step does), over one generated corpus, so that each figure is a ratio between figures of the "
             "same run; the other sections measure each stage in depth.", "",
             f"Reproduce: `.venv/bin/python bench/bench_goals.py --reports {a.reports} --ratio-reports "
             f"{a.ratio_reports}` (`make bench`).", "", *run_lines(info),
             f"- corpus: {r['reports']:,} generated reports (`bench/make_corpus.py`), {r['input_mb']:.1f} MB; "
             f"run took {r['t_run'] / 60:.0f} min; load average {r['load'][0]:.1f} at the start, "
             f"{r['load'][1]:.1f} at the end", "",
             "| goal | measured in this run | met? |", "| --- | --- | --- |"]
    lines.append(f"| extraction ≥ {GOAL_FLOOR_GENERATED:g} % of the floor, generated reports | "
                 f"{gen['pct']:.1f} % ({gen['files']} reports, {gen['mb']:.1f} MB, CPU, median of "
                 + ", ".join(f"{x:.1f}" for x in gen["rounds"]) + f"; {gen['mbps']:.1f} MB/s) | "
                 f"{yes(gen['pct'] >= GOAL_FLOOR_GENERATED)} |")
    lines.append(f"| extraction ≥ {GOAL_FLOOR_REAL:g} % of the floor, real reports | {real['pct']:.1f} % "
                 f"(the seed corpus × {a.copies}, {real['mb']:.1f} MB, median of "
                 + ", ".join(f"{x:.1f}" for x in real["rounds"]) + f"; {real['mbps']:.1f} MB/s) | "
                 f"{yes(real['pct'] >= GOAL_FLOOR_REAL)} |")
    p = r["parent"]
    lines.append(f"| `gwr extract -j 2`: parent ≤ {GOAL_PARENT:g} % of CPU ({p['files']:,} reports) | "
                 f"{p['pct']:.1f} % ({p['parent']:.2f} of {p['parent'] + p['workers']:.2f} CPU s; "
                 f"{p['wall']:.1f} s wall); of which start-up {p['start_up']:.2f} s (`gwr extract` of one "
                 f"file); per file {p['per_file_pct']:.1f} % | {yes(p['pct'] <= GOAL_PARENT)} |")
    ex = f"extraction alone {st['extract_1'][0]:.1f} / {st['extract_2'][0]:.1f} s wall before / after"
    for d in ("sqlite", "postgresql"):
        if d in st:
            lines.append(f"| storing ≤ {GOAL_STORE_X:g}× extraction, {d} (`jobs=1`, {st['files']} reports) | "
                         f"**{st[f'{d}_x_wall']:.1f}×** wall ({st[d][0]:.1f} s; {ex}), "
                         f"{st[f'{d}_x_cpu']:.1f}× CPU | {yes(st[f'{d}_x_wall'] <= GOAL_STORE_X)} |")
    for d, s in r["stores"].items():
        x = s["db_mb"] / s["text_mb"]
        lines.append(f"| database ≤ {GOAL_SIZE_X:g}× text, {d} | **{x:.2f}×** ({s['db_mb']:.0f} MB for "
                     f"{s['text_mb']:.1f} MB of text; largest: "
                     + ", ".join(f"{t} {m:.0f}" for t, m in s["tables"][:4]) + f") | {yes(x <= GOAL_SIZE_X)} |")
    for d, s in r["stores"].items():
        lat = s["lat"]
        lines.append(f"| search p95 ≤ {GOAL_P95[d]:g} ms, {d}, {s['reports']:,} reports | **{lat['p95']:.0f} ms** "
                     f"(p50 {lat['p50']:.0f}, p99 {lat['p99']:.0f}, max {lat['max']:.0f}; {lat['n']} searches; "
                     f"common words p95 {lat['common_p95']:.0f}) | {yes(lat['p95'] <= GOAL_P95[d])}"
                     f"{'' if s['reports'] >= 10000 else ' (at 10k: see growth)'} |")
    for d, s in r["stores"].items():
        e, fe = s["est"], s["filtered"]
        lines.append(f"| \"about N hits\" within {100 * GOAL_ESTIMATE:g} %, {d} | sampled queries: {e['estimated']} of "
                     f"{e['of']} totals estimated (labelled), median error {100 * e['median']:.1f} %, max "
                     f"{100 * e['max']:.1f} %; common words with no filter, a level or years: {fe['estimated']} of "
                     f"{fe['of']} estimated, median {100 * fe['median']:.1f} %, max {100 * fe['max']:.1f} %, "
                     f"{fe['over']} above {100 * GOAL_ESTIMATE:g} % | "
                     f"{yes(e['max'] <= GOAL_ESTIMATE and fe['max'] <= GOAL_ESTIMATE)} |")
    if r.get("serve"):
        sv = r["serve"]
        lines.append(f"| `gwr serve` ≥ {GOAL_RPS:g} requests/s, p95 ≤ {GOAL_SERVE_P95:g} ms, {a.clients} clients | "
                     f"**{sv['rps']:.0f} requests/s**, p95 {sv['p95']:.0f} ms (p50 {sv['p50']:.0f}; per page: "
                     + ", ".join(f"{k} {v:.0f}" for k, v in sv["per_page_p95"].items())
                     + f"; {sv['errors']} errors of {sv['requests']}{_reasons(sv)}); peak memory {sv['pss_mb']:.0f} MiB PSS, "
                     f"{sv['processes']} processes | {yes(sv['rps'] >= GOAL_RPS and sv['p95'] <= GOAL_SERVE_P95)} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--corpus", default="/tmp/gwr-bench-corpus")
    ap.add_argument("--work", default="/tmp/gwr-bench-goals")
    ap.add_argument("--reports", type=int, default=2000, help="reports stored for the size, search and serve rows")
    ap.add_argument("--ratio-reports", type=int, default=500,
                    help="reports for the extraction and storing rows (one core)")
    ap.add_argument("--copies", type=int, default=10, help="the seed corpus listed this many times (real reports)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--serve-seconds", type=float, default=60)
    ap.add_argument("--pg-url", default=None, help="an existing server (default: start one for the run)")
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--json", default=None, help="also write the raw figures here")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--out", default=str(ROOT / "docs" / "PERFORMANCE.md"))
    a = ap.parse_args(argv)
    t_run, load0 = time.perf_counter(), os.getloadavg()[0]
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    files = bench_growth.corpus_files(SimpleNamespace(corpus=a.corpus, shared=a.shared), a.reports)[: a.reports]
    few = files[: a.ratio_reports]
    real = sorted(iter_paths([str(Path(a.shared) / "corpus")])) * a.copies
    r: dict = {"reports": len(files), "input_mb": sum(os.path.getsize(p) for p in files) / 1e6}

    pinned = pin_one_core()
    log(f"extraction against the floor ({pinned})")
    r["floor_generated"] = floor_share(few, a.rounds)
    r["floor_real"] = floor_share(real, a.rounds)
    unpin()
    log(f"generated {r['floor_generated']['pct']:.1f} %, real {r['floor_real']['pct']:.1f} % of the floor")
    with tempfile.TemporaryDirectory(prefix="gwr-goals-") as tmp:
        wall, parent, workers = extract_ratio.cli_cpu(str(linked_dir(files, Path(tmp) / "all")), 2)
        _, parent_1, workers_1 = extract_ratio.cli_cpu(str(linked_dir(files[:1], Path(tmp) / "one")), 2)
    # the start-up (imports, gazetteer, taxonomy: paid once a run) apart from what each file costs
    per_file = 100 * (parent - parent_1) / max(1e-9, parent - parent_1 + workers - workers_1)
    r["parent"] = {"wall": wall, "parent": parent, "workers": workers, "pct": 100 * parent / (parent + workers),
                   "start_up": parent_1, "per_file_pct": per_file, "files": len(files)}
    log(f"gwr extract -j 2: parent {r['parent']['pct']:.1f} %")

    qs = bench_growth.queries(files[:1000], a.queries)
    with ExitStack() as stack:
        pg = None
        if not a.no_postgres:
            pg = a.pg_url or stack.enter_context(bench_scale.postgres(None))
        r["storing"] = storing(few, work, pg)
        log("storing: " + ", ".join(f"{d} {r['storing'][f'{d}_x_wall']:.1f}×" for d in ("sqlite", "postgresql")
                                    if d in r["storing"]))
        r["stores"] = {}
        for d in ("sqlite", *(("postgresql",) if pg else ())):
            r["stores"][d] = store_and_search(d, files, qs, work, pg, a.rounds)
            r["stores"][d]["filtered"] = filtered_estimates(r["stores"][d]["url"])
    if a.serve_seconds > 0:
        with tempfile.TemporaryDirectory(prefix="gwr-goals-web-") as tmp:
            r["serve"] = serve(str(work / f"growth-{len(files)}.sqlite"), a.clients, a.serve_seconds, Path(tmp))
        log(f"serve: {r['serve']['rps']:.0f} requests/s")
    r["t_run"] = time.perf_counter() - t_run
    r["load"] = (load0, os.getloadavg()[0])
    if a.json:
        Path(a.json).write_text(json.dumps(r, ensure_ascii=False, indent=1, default=str))
    section = render(r, a, run_info("extraction rows pinned to one core; the rest not pinned"))
    print(section)
    if not a.no_write:
        write_doc(Path(a.out), "goals", section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
