#!/usr/bin/env python3
"""Load test of ``gwr serve``: many concurrent clients on the report view and on search.

    python bench/bench_web.py                      # ingest the seed corpus + samples into a temp SQLite
    python bench/bench_web.py /tmp/api-demo.sqlite --clients 50 --duration 30 --no-write

Starts the real server (uvicorn, one process) on 127.0.0.1 and a free port,
then runs ``--clients`` httpx.AsyncClient workers for ``--duration`` seconds;
each worker cycles through a region page, a report, a search, commitments and
attention (by region and by year).  Then a 1 MB and a 10 MB report are
rendered in the reader (in-process, uncached) and compared as a ratio.  The clients run in this one process on the same machine, so
the figures are a floor of what the server does, not of the network.
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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402

from common import cpu_model, git_rev, write_doc  # noqa: E402

NAMED = ("发展", "棚改", "地区生产总值", "增长", "GDP", "改革", "高质量发展", "乡村振兴", "招商引资", "民生")


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
    import gwr

    c = gwr.open(db)
    texts = [c.text(int(i)) for i in c.files().id]
    rng = random.Random(seed)
    out = list(NAMED)
    while len(out) < n:
        t = rng.choice(texts)
        k = rng.randint(2, 4)
        i = rng.randrange(0, max(1, len(t) - k))
        q = t[i:i + k]
        if q.strip() and all(ch.isalnum() for ch in q):
            out.append(q)
    return out


def start_server(db: Path, port: int) -> subprocess.Popen:
    gwr_bin = Path(sys.executable).with_name("gwr")
    cmd = [str(gwr_bin) if gwr_bin.exists() else "gwr", "serve", "--db", str(db), "--port", str(port)]
    env = {**os.environ, "GWR_UPLOAD_TOKEN": ""}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gwr serve exited: {proc.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gwr serve did not answer within 60 s")


KINDS = ("region", "report", "search", "commitments", "attention")


async def load(base: str, targets: dict[str, list[str]], clients: int, duration: float) -> dict:
    """``clients`` workers, each cycling through the kinds (starting at its own), one URL drawn per request."""
    kinds = [k for k in KINDS if targets.get(k)]
    lat: dict[str, list[float]] = {k: [] for k in kinds}
    errors: dict[str, int] = {k: 0 for k in kinds}
    reasons: dict[str, int] = {}
    stop = time.monotonic() + duration
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        async def worker(w: int) -> None:
            rng = random.Random(w)
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


def targets_of(base: str, qs: list[str]) -> dict[str, list[str]]:
    """The URLs of each kind: every official report, its region and the provinces above, searches,
    commitments and attention by region and by year."""
    from urllib.parse import quote

    docs = httpx.get(f"{base}/api/documents", params={"kind": "official_report", "limit": 500}).json()["items"]
    ids = [d["id"] for d in docs] or [1]
    codes = sorted({d["region_code"] for d in docs if d.get("region_code")})
    regions = codes + sorted({c[:2] + "0000" for c in codes})
    years = sorted({d["report_year"] for d in docs if d.get("report_year")}) + [1990]  # a year with nothing
    return {
        "region": [f"/regions/{c}" for c in regions],
        "report": [f"/reports/{i}" for i in ids],
        "search": [f"/api/search?q={quote(q)}&limit=20" for q in qs],
        "commitments": [f"/api/commitments?region={c}&limit=50" for c in regions]
        + [f"/api/commitments?year={y}&limit=50" for y in years],
        "attention": [f"/api/attention?by=region-year&region={c}&evidence=3" for c in regions]
        + [f"/attention?year={y}" for y in years],
    }


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
    corpus.ingest(files)
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
                    app.state.report_cache.items.clear()
                    t0 = time.perf_counter()
                    r = client.get(f"/reports/{doc_id}?page={page}")
                    times.append(time.perf_counter() - t0)
                    assert r.status_code == 200, r.text[:300]
                best.append(min(times))
            out.append((mb, n, best[0], best[1]))
    return out


def pct(xs: list[float], q: float) -> float:
    return statistics.quantiles(xs, n=100)[int(q) - 1] * 1000 if len(xs) >= 2 else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", nargs="?", type=Path, help="database to serve (default: seed corpus + samples, temp)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=float, default=30)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--no-write", action="store_true", help="print only; leave docs/PERFORMANCE.md alone")
    ap.add_argument("--no-scaling", action="store_true", help="skip the 1 MB / 10 MB report timing")
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="gwr-bench-web-")
    db = args.db or build_db(args.shared, Path(tmp.name))
    qs = queries(db, args.queries)
    port = free_port()
    proc = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        targets = targets_of(base, qs)
        res = asyncio.run(load(base, targets, args.clients, args.duration))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    scaling = report_scaling(Path(tmp.name)) if not args.no_scaling else []
    tmp.cleanup()

    lat, errs, wall = res["lat"], res["errors"], res["wall"]
    total = sum(len(v) for v in lat.values())
    labels = {"region": "/regions/{code} (HTML; reports' regions and their provinces)",
              "report": "/reports/{id} (HTML reader)", "search": "/api/search?q=…&limit=20",
              "commitments": "/api/commitments?region=…|year=… (incl. a year with nothing)",
              "attention": "/api/attention?by=region-year&region=…&evidence=3, /attention?year=…"}
    lines = ["## Web server under load (`bench/bench_web.py`)", "",
             f"`gwr serve` (uvicorn, one process) over {'the seed corpus + samples' if not args.db else db.name} "
             f"({len(targets['report'])} official reports); {args.clients} concurrent httpx clients in one process "
             f"on the same machine for {args.duration:g} s, each cycling through region page, report, search, "
             f"commitments and attention ({len(qs)} search queries: named ones and 2–4 character substrings of "
             "the corpus, fixed seed).", "",
             "| endpoint | requests | p50 ms | p95 ms | errors |", "| --- | --- | --- | --- | --- |"]
    for kind in lat:
        lines.append(f"| {labels[kind]} | {len(lat[kind])} | {pct(lat[kind], 50):.1f} | {pct(lat[kind], 95):.1f} | "
                     f"{errs[kind]} |")
    every = [x for v in lat.values() for x in v]
    lines += [f"| all | {total} | {pct(every, 50):.1f} | {pct(every, 95):.1f} | {sum(errs.values())} |", "",
              (f"Errors: {', '.join(f'{n}× {k}' for k, n in sorted(res['reasons'].items()))}. "
               if res["reasons"] else "") +
              f"Throughput: **{total / wall:.0f} requests/s** over {wall:.1f} s; "
              f"{cpu_model()}, {os.cpu_count()} cores, gwr {git_rev()}, {time.strftime('%Y-%m-%d')}."]
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
