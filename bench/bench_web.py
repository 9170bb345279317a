#!/usr/bin/env python3
"""Load test of ``gwr serve``: 50 concurrent clients on the report, region, search, compare and tracking pages.

    python bench/bench_web.py                      # ingest the seed corpus + samples into a temp SQLite
    python bench/bench_web.py /tmp/10k.sqlite --before HEAD~3 --rounds 6 --duration 120

Starts the real server (``gwr serve --workers N``, default one per core) on
127.0.0.1 and a free port, then runs ``--clients`` httpx.AsyncClient workers;
each worker cycles through the page kinds (``--kinds``), one URL drawn at random
per request.  With ``--before REV`` the same load also runs against gwr at git
``REV`` (its ``src/`` exported to a temp directory, its own ``gwr serve``
defaults), in alternating rounds, so that the two are compared as ratios under
the same machine load.  The whole server's memory (every process of its tree,
RSS and PSS) is sampled while it is loaded; the peak is reported.  Then a 1 MB
and a 10 MB report are rendered in the reader (in-process, uncached) and
compared as a ratio.  The clients run in this one process on the same machine,
so the figures are a floor of what the server does, not of the network.
Figures go between the ``bench:web`` markers of docs/PERFORMANCE.md.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402

from common import cpu_model, draw_substrings, git_rev, source_of, write_doc  # noqa: E402

NAMED = ("发展", "棚改", "地区生产总值", "增长", "GDP", "改革", "高质量发展", "乡村振兴", "招商引资", "民生")
INDICATORS = ("gdp", "fiscal_revenue", "fixed_asset_investment", "retail_sales", "urban_disposable_income", "rural_income")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_db(shared: Path, dest: Path) -> Path:
    import gwr

    db = dest / "bench-web.sqlite"
    out = gwr.open(db).ingest([*sorted((shared / "corpus").glob("*.txt")), ROOT / "samples"])
    print(f"ingested {len(out)} files into {db}", file=sys.stderr)
    return db


def queries(db: Path, n: int, seed: int = 7) -> list[str]:
    """The named queries and 2–4 character substrings of the stored texts (of at most 300 files)."""
    import gwr

    c = gwr.open(db)
    ids = sorted(int(i) for i in c.files().id)
    rng = random.Random(seed)
    texts = [c.text(i) for i in rng.sample(ids, min(300, len(ids)))]
    out = draw_substrings(texts, rng, NAMED, n)
    c.engine.dispose()
    return out




class Server:
    """``gwr serve`` of one source tree in a subprocess, with its process tree's memory sampled."""

    def __init__(self, name: str, src: Path, db: Path, args: list[str]):
        self.name, self.port = name, free_port()
        env = {**os.environ, "GWR_UPLOAD_TOKEN": "", "PYTHONPATH": str(src)}
        cmd = [sys.executable, "-m", "gwr", "serve", "--db", str(db), "--port", str(self.port), *args]
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.base = f"http://127.0.0.1:{self.port}"
        self.peak_rss = self.peak_pss = 0
        self.processes = 0
        self._sampling = False

    def wait(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gwr serve ({self.name}) exited: {self.proc.stderr.read().decode()[-2000:]}")
            try:
                if httpx.get(f"{self.base}/api/stats", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gwr serve ({self.name}) did not answer within {timeout:g} s")

    def memory(self) -> tuple[int, int, int]:
        """(RSS, PSS, processes) summed over the server's process tree (PSS counts a page shared by
        several processes once, RSS once per process)."""
        import psutil

        try:
            root = psutil.Process(self.proc.pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            return 0, 0, 0
        rss = pss = 0
        for p in procs:
            try:
                m = p.memory_full_info()
            except psutil.Error:
                continue
            rss += m.rss
            pss += getattr(m, "pss", m.rss)
        return rss, pss, len(procs)

    def sample(self):
        """A context in which the memory is sampled every 0.5 s (the peak is kept)."""
        server = self

        class _Sampling:
            def __enter__(self):
                server._sampling = True
                self.thread = threading.Thread(target=self.run, daemon=True)
                self.thread.start()

            def run(self):
                while server._sampling:
                    rss, pss, n = server.memory()
                    server.peak_rss, server.peak_pss = max(server.peak_rss, rss), max(server.peak_pss, pss)
                    server.processes = max(server.processes, n)
                    time.sleep(0.5)

            def __exit__(self, *exc):
                server._sampling = False
                self.thread.join()

        return _Sampling()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


KINDS = ("report", "region", "search", "compare", "track", "commitments", "attention")
DEFAULT_KINDS = ("report", "region", "search", "compare", "track")


async def load(base: str, targets: dict[str, list[str]], clients: int, duration: float, seed: int = 0) -> dict:
    """``clients`` workers, each cycling through the kinds (starting at its own), one URL drawn per request."""
    kinds = [k for k in targets if targets[k]]
    lat: dict[str, list[float]] = {k: [] for k in kinds}
    errors: dict[str, int] = {k: 0 for k in kinds}
    reasons: dict[str, int] = {}
    stop = time.monotonic() + duration
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    # a former region code answers with a redirect to today's page: followed, as a browser would
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits, follow_redirects=True) as client:
        async def worker(w: int) -> None:
            rng = random.Random(seed * 1000 + w)
            turn = w % len(kinds)
            while time.monotonic() < stop:
                kind = kinds[turn]
                turn = (turn + 1) % len(kinds)
                t0 = time.perf_counter()
                try:
                    r = await client.get(rng.choice(targets[kind]))
                    ok, why = r.status_code == 200, f"HTTP {r.status_code} ({kind})"
                except httpx.HTTPError as e:
                    ok, why = False, f"{type(e).__name__} ({kind})"
                if not ok:
                    reasons[why] = reasons.get(why, 0) + 1
                lat[kind].append(time.perf_counter() - t0)
                errors[kind] += not ok

        t0 = time.perf_counter()
        await asyncio.gather(*(worker(w) for w in range(clients)))
        wall = time.perf_counter() - t0
    return {"lat": lat, "errors": errors, "reasons": reasons, "wall": wall}


def targets_of(base: str, qs: list[str], kinds: tuple[str, ...], seed: int = 7) -> dict[str, list[str]]:
    """The URLs of each kind: official reports (at most 2,000, drawn with a fixed seed), their regions and
    the provinces above, search pages, comparisons of an indicator over a region (a province: every
    place below it), targets against outcomes per region, commitments and attention."""
    from urllib.parse import quote

    docs, offset = [], 0
    while True:
        page = httpx.get(f"{base}/api/documents", timeout=60,
                         params={"kind": "official_report", "limit": 500, "offset": offset}).json()
        docs += page["items"]
        offset += 500
        if offset >= page["total"]:
            break
    rng = random.Random(seed)
    docs = rng.sample(docs, min(2000, len(docs)))
    ids = [d["id"] for d in docs] or [1]
    codes = sorted({d["region_code"] for d in docs if d.get("region_code")})
    regions = codes + sorted({c[:2] + "0000" for c in codes})
    years = sorted({d["report_year"] for d in docs if d.get("report_year")}) + [1990]  # a year with nothing
    out = {
        "report": [f"/reports/{i}" for i in ids],
        "region": [f"/regions/{c}" for c in regions],
        "search": [f"/search?q={quote(q)}" for q in qs],
        "compare": [f"/compare?indicator={rng.choice(INDICATORS)}&region={c}" for c in regions],
        "track": [f"/api/track?region={c}&limit=50" for c in regions],
        "commitments": [f"/api/commitments?region={c}&limit=50" for c in regions]
        + [f"/api/commitments?year={y}&limit=50" for y in years],
        "attention": [f"/api/attention?by=region-year&region={c}&evidence=3" for c in regions]
        + [f"/attention?year={y}" for y in years],
    }
    return {k: out[k] for k in kinds}


def report_scaling(tmp: Path, sizes: tuple[int, ...] = (1, 10), rounds: int = 3) -> list[tuple[int, int, float, float]]:
    """A report of 1 MB and of 10 MB (``big_report``) in the reader, in-process, the page cache emptied
    before each request: (MB, pages, first page s, last page s), best of ``rounds``."""
    from fastapi.testclient import TestClient

    import gwr
    from big_report import write_big_report
    from gwr.web.app import Settings, create_app

    db = tmp / "big.sqlite"
    corpus = gwr.open(db)
    files = [write_big_report(tmp / f"report_{mb}mb.txt", mb * 10**6) for mb in sizes]
    # ingest's time budget per MB is for a machine of its own; a shared one may need more
    os.environ.setdefault("GWR_SECONDS_PER_MB", "120")
    out = corpus.ingest(files)
    assert (out.status == "added").all(), out.error.tolist()
    docs = corpus.documents(kind="official_report").sort_values("n_chars")
    app = create_app(Settings(db=str(db)))
    out = []
    with TestClient(app) as client:
        for mb, doc_id in zip(sizes, docs["id"]):
            n = int(client.get(f"/reports/{doc_id}").text.split('data-pages="', 1)[1].split('"', 1)[0])
            best = []
            for page in (1, n):
                times = []
                for _ in range(rounds):
                    app.state.page_cache.clear()
                    t0 = time.perf_counter()
                    r = client.get(f"/reports/{doc_id}?page={page}")
                    times.append(time.perf_counter() - t0)
                    assert r.status_code == 200, r.text[:300]
                best.append(min(times))
            out.append((mb, n, best[0], best[1]))
    return out


def pct(xs: list[float], q: float) -> float:
    return statistics.quantiles(xs, n=100)[int(q) - 1] * 1000 if len(xs) >= 2 else float("nan")


LABELS = {"report": "report `/reports/{id}`", "region": "region `/regions/{code}`",
          "search": "search `/search?q=…`", "compare": "compare `/compare?indicator=…&region=…`",
          "track": "tracking `/api/track?region=…`", "commitments": "`/api/commitments?region=…|year=…`",
          "attention": "`/api/attention?…&evidence=3`, `/attention?year=…`"}


def run(args: argparse.Namespace, db: Path, tmp: Path) -> tuple[dict, dict, list[str]]:
    """Both servers up, the rounds run alternately; per server: latencies per kind, errors, wall, memory."""
    qs = queries(db, args.queries)
    serve_args = [*(["--workers", str(args.workers)] if args.workers else [])]
    servers = {"after": Server("after", ROOT / "src", db, serve_args)}
    if args.before:
        servers["before"] = Server("before", source_of(args.before, tmp / "before"), args.before_db or db, [])
    res: dict[str, dict] = {}
    try:
        for s in servers.values():
            s.wait()
        kinds = tuple(k.strip() for k in args.kinds.split(",") if k.strip())
        targets = targets_of(servers["after"].base, qs, kinds)
        order = list(servers)[::-1]  # before first, if any
        for r in range(args.rounds):
            for name in order if r % 2 == 0 else order[::-1]:
                s = servers[name]
                with s.sample():
                    out = asyncio.run(load(s.base, targets, args.clients, args.duration / args.rounds, seed=r))
                acc = res.setdefault(name, {"lat": {k: [] for k in out["lat"]}, "errors": {}, "reasons": {},
                                            "wall": 0.0})
                for k, v in out["lat"].items():
                    acc["lat"][k] += v
                for k, v in out["errors"].items():
                    acc["errors"][k] = acc["errors"].get(k, 0) + v
                for k, v in out["reasons"].items():
                    acc["reasons"][k] = acc["reasons"].get(k, 0) + v
                acc["wall"] += out["wall"]
                n = sum(len(v) for v in out["lat"].values())
                print(f"round {r + 1}/{args.rounds} {name}: {n / out['wall']:.0f} requests/s, "
                      f"peak RSS {s.peak_rss / 2**20:.0f} MiB", file=sys.stderr, flush=True)
        for name, s in servers.items():
            res[name].update(rss=s.peak_rss, pss=s.peak_pss, processes=s.processes)
    finally:
        for s in servers.values():
            s.stop()
    return res, targets, qs


def table(res: dict, name: str) -> list[str]:
    lat, errs = res[name]["lat"], res[name]["errors"]
    lines = ["| page | requests | p50 ms | p95 ms | p99 ms | errors |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for kind in lat:
        xs = lat[kind]
        lines.append(f"| {LABELS[kind]} | {len(xs)} | {pct(xs, 50):.0f} | {pct(xs, 95):.0f} | {pct(xs, 99):.0f} | "
                     f"{errs[kind]} |")
    every = [x for v in lat.values() for x in v]
    lines.append(f"| all | {len(every)} | {pct(every, 50):.0f} | {pct(every, 95):.0f} | {pct(every, 99):.0f} | "
                 f"{sum(errs.values())} |")
    return lines


def rate(r: dict) -> float:
    return sum(len(v) for v in r["lat"].values()) / r["wall"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", nargs="?", type=Path, help="database to serve (default: seed corpus + samples, temp)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=float, default=60, help="seconds of load per server, over all rounds")
    ap.add_argument("--rounds", type=int, default=4, help="rounds per server (alternating with --before)")
    ap.add_argument("--workers", type=int, default=None, help="gwr serve --workers (default: its own, one per core)")
    ap.add_argument("--before", metavar="REV", help="also load gwr at git REV, in alternating rounds")
    ap.add_argument("--before-db", type=Path, help="a copy of DB for the server of --before (a DB that the code "
                    "after migrated further cannot be opened by the code before)")
    ap.add_argument("--kinds", default=",".join(DEFAULT_KINDS), help=f"of {', '.join(KINDS)}")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--no-write", action="store_true", help="print only; leave docs/PERFORMANCE.md alone")
    ap.add_argument("--no-scaling", action="store_true", help="skip the 1 MB / 10 MB report timing")
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="gwr-bench-web-")
    db = args.db or build_db(args.shared, Path(tmp.name))
    res, targets, qs = run(args, db, Path(tmp.name))
    scaling = report_scaling(Path(tmp.name)) if not args.no_scaling else []
    tmp.cleanup()

    import gwr

    c = gwr.open(db)
    n_docs = len(c.documents(kind="official_report"))
    c.engine.dispose()
    after = res["after"]
    workers = args.workers or os.cpu_count()
    lines = ["## Web server under load (`bench/bench_web.py`)", "",
             f"Reproduce: `.venv/bin/python bench/bench_web.py {'DB ' if args.db else ''}--clients {args.clients} "
             f"--duration {args.duration:g} --rounds {args.rounds}"
             f"{f' --before {args.before}' if args.before else ''}"
             f"{' --before-db COPY' if args.before_db else ''}`"
             f"{' (DB: ' + db.name + ')' if args.db else ''}.", "",
             f"`gwr serve --workers {workers}` over {'the seed corpus + samples' if not args.db else db.name} "
             f"({n_docs:,} official reports; URLs of {len(targets.get('report', []))} of them, their regions and "
             f"provinces); {args.clients} concurrent httpx clients in one process on the same machine, "
             f"{args.duration:g} s per server in {args.rounds} rounds, each client cycling through "
             f"{', '.join(targets)} ({len(qs)} search queries: named ones and 2–4 character substrings of the "
             "corpus, fixed seed). Every answer is kept gzipped per corpus generation (`gwr.web.page_cache`: an "
             "LRU per worker, shared between the workers through a directory), so a URL drawn again may be "
             "answered from memory; most URLs are drawn once or twice in a run, so most requests build their "
             "page.", ""]
    if "before" in res:
        before = res["before"]
        lines += [f"### Before: gwr at `{args.before}` (its own `gwr serve` and defaults)", "", *table(res, "before"),
                  "", f"Throughput: **{rate(before):.0f} requests/s**; peak memory of the server "
                  f"{before['rss'] / 2**20:.0f} MiB RSS ({before['pss'] / 2**20:.0f} MiB PSS), "
                  f"{before['processes']} process(es).", "", "### After", ""]
    lines += table(res, "after")
    lines += ["", (f"Errors: {', '.join(f'{n}× {k}' for k, n in sorted(after['reasons'].items()))}. "
                   if after["reasons"] else "") +
              f"Throughput: **{rate(after):.0f} requests/s**; peak memory of the whole server "
              f"{after['rss'] / 2**20:.0f} MiB RSS ({after['pss'] / 2**20:.0f} MiB PSS), {after['processes']} "
              f"processes (supervisor and workers); {cpu_model()}, {os.cpu_count()} cores, gwr {git_rev()}, "
              f"{time.strftime('%Y-%m-%d')}."]
    if "before" in res:
        before = res["before"]
        lines += ["", "After against before, same rounds alternating: throughput "
                  f"**{rate(after) / rate(before):.2f}×**; p95 per page: " + ", ".join(
                      f"{k} {pct(after['lat'][k], 95) / pct(before['lat'][k], 95):.2f}×" for k in after["lat"])
                  + f"; peak RSS {after['rss'] / max(1, before['rss']):.2f}×."]
    every = [x for v in after["lat"].values() for x in v]
    met = rate(after) >= 300 and pct(every, 95) <= 300
    lines += ["", f"Goal (issue 16: ≥ 300 requests/s with p95 ≤ 300 ms at 50 clients on 2 cores): "
              f"**{'met' if met else 'not met'}** ({rate(after):.0f} requests/s, p95 {pct(every, 95):.0f} ms)."]
    if scaling:
        (_, _, first1, last1), (_, _, first10, last10) = scaling[0], scaling[-1]
        ratio = max(first10, last10) / max(first1, last1)
        lines += ["", "### A very long report in the reader", "",
                  "One report (`bench/big_report.py`: a county report whose review paragraphs repeat with other "
                  "figures) of 1 MB and of 10 MB, rendered in-process with the page cache emptied before each "
                  "request (best of 3). A long report comes in pages of at most "
                  "400 paragraphs / 150,000 characters.", "",
                  "| report | pages | first page s | last page s |", "| --- | ---: | ---: | ---: |"]
        lines += [f"| {mb} MB | {n} | {a:.3f} | {b:.3f} |" for mb, n, a, b in scaling]
        lines += ["", f"10 MB against 1 MB: **{ratio:.2f}×** (slowest page of each; target ≤ 10×: "
                  f"**{'met' if ratio <= 10 else 'missed'}**)."]
    section = "\n".join(lines)
    print(section)
    if not args.no_write:
        write_doc(ROOT / "docs" / "PERFORMANCE.md", "web", section)


if __name__ == "__main__":
    main()
