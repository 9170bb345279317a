#!/usr/bin/env python3
"""Load test of ``gwr serve``: many concurrent clients on the report view and on search.

    python bench/bench_web.py                      # ingest the seed corpus + samples into a temp SQLite
    python bench/bench_web.py /tmp/api-demo.sqlite --clients 50 --duration 30 --no-write

Starts the real server (uvicorn, one process) on 127.0.0.1 and a free port,
then runs ``--clients`` httpx.AsyncClient workers for ``--duration`` seconds;
each worker alternates a report (``/reports/{id}`` when the dashboard pages
exist, else ``/api/documents/{id}``) and a search (``/api/search``) with a
query drawn from named ones and 2–4 character substrings of the corpus
(fixed seed).  The clients run in this one process on the same machine, so
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


async def load(base: str, report_paths: list[str], qs: list[str], clients: int, duration: float) -> dict:
    lat: dict[str, list[float]] = {"report": [], "search": []}
    errors: dict[str, int] = {"report": 0, "search": 0}
    reasons: dict[str, int] = {}
    stop = time.monotonic() + duration
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        async def worker(w: int) -> None:
            rng = random.Random(w)
            turn = w % 2
            while time.monotonic() < stop:
                kind = ("report", "search")[turn]
                turn ^= 1
                if kind == "report":
                    req = client.get(rng.choice(report_paths))
                else:
                    req = client.get("/api/search", params={"q": rng.choice(qs), "limit": 20})
                t0 = time.perf_counter()
                try:
                    r = await req
                    ok, why = r.status_code == 200, f"HTTP {r.status_code}"
                except httpx.HTTPError as e:
                    ok, why = False, type(e).__name__
                if not ok:
                    reasons[why] = reasons.get(why, 0) + 1
                lat[kind].append(time.perf_counter() - t0)
                errors[kind] += not ok

        t0 = time.perf_counter()
        await asyncio.gather(*(worker(w) for w in range(clients)))
        wall = time.perf_counter() - t0
    return {"lat": lat, "errors": errors, "reasons": reasons, "wall": wall}


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
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="gwr-bench-web-")
    db = args.db or build_db(args.shared, Path(tmp.name))
    qs = queries(db, args.queries)
    port = free_port()
    proc = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        docs = httpx.get(f"{base}/api/documents", params={"kind": "official_report", "limit": 500}).json()["items"]
        ids = [d["id"] for d in docs] or [1]
        pages = httpx.get(f"{base}/reports/{ids[0]}").status_code == 200
        report_paths = [f"/reports/{i}" if pages else f"/api/documents/{i}" for i in ids]
        res = asyncio.run(load(base, report_paths, qs, args.clients, args.duration))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    tmp.cleanup()

    lat, errs, wall = res["lat"], res["errors"], res["wall"]
    total = sum(len(v) for v in lat.values())
    view = "/reports/{id} (HTML page)" if pages else "/api/documents/{id} (JSON)"
    lines = ["## Web server under load (`bench/bench_web.py`)", "",
             f"`gwr serve` (uvicorn, one process) over {'the seed corpus + samples' if not args.db else db.name} "
             f"({len(ids)} official reports); {args.clients} concurrent httpx clients in one process on the same "
             f"machine for {args.duration:g} s, alternating a report view and a search ({len(qs)} queries: named "
             "ones and 2–4 character substrings of the corpus, fixed seed).", "",
             "| endpoint | requests | p50 ms | p95 ms | errors |", "| --- | --- | --- | --- | --- |"]
    for kind, label in (("report", view), ("search", "/api/search?q=…&limit=20")):
        lines.append(f"| {label} | {len(lat[kind])} | {pct(lat[kind], 50):.1f} | {pct(lat[kind], 95):.1f} | "
                     f"{errs[kind]} |")
    both = lat["report"] + lat["search"]
    lines += [f"| all | {total} | {pct(both, 50):.1f} | {pct(both, 95):.1f} | {sum(errs.values())} |", "",
              (f"Errors: {', '.join(f'{n}× {k}' for k, n in sorted(res['reasons'].items()))}. "
               if res["reasons"] else "") +
              f"Throughput: **{total / wall:.0f} requests/s** over {wall:.1f} s; "
              f"{cpu_model()}, {os.cpu_count()} cores, gwr {git_rev()}, {time.strftime('%Y-%m-%d')}."]
    section = "\n".join(lines)
    print(section)
    if not args.no_write:
        write_doc(ROOT / "docs" / "PERFORMANCE.md", "web", section)


if __name__ == "__main__":
    main()
