#!/usr/bin/env python3
"""Time and memory of the pathological inputs of issue 13, each at two sizes: linear means ≈ 2×.

    make bench                                   # runs this with the default sizes
    python bench/bench_hostile.py --no-write     # print only
    python bench/bench_hostile.py --scale 0.25 --compare /work/main/src --no-write   # before/after

Each input (bench/hostile_corpus.py) is extracted by ``gwr.pipeline.extract_file`` in a fresh
interpreter (warmed: gazetteer and taxonomy loaded before the clock starts), which reports the
wall time and its peak resident set above the warmed baseline.  The figures are the time
ratio between the two sizes (≈ 2 for linear, ≈ 4 for quadratic) and the peak memory per MB of
input at the larger size.  A refused input (deep HTML) is timed until its one-line refusal.
``--compare SRC`` runs the same files with another checkout's ``src`` too (e.g. main before
the fix); inputs that take longer than ``--timeout`` there are reported as such.
The report goes between ``<!-- bench:hostile:start/end -->`` in docs/PERFORMANCE.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile_corpus as hostile  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "PERFORMANCE.md"
# name, builder, small size (scaled), what the size counts
INPUTS = [
    ("`全年完成投资` + `1亿元、` × n, one line", hostile.investment_list, 10_000, "n"),
    ("`第N号产业园项目总投资X亿元、` × n, one line", hostile.park_list, 10_000, "n"),
    ("multi-line report, MB", hostile.many_lines, 4.0, "MB"),
    ("the same on one line, MB", hostile.one_line, 2.0, "MB"),
    ("unclosed nested HTML, levels", hostile.deep_html, 50_000, "levels"),
]
CHILD = """
import json, resource, sys, time
from gwr.errors import GwrError
from gwr.pipeline import extract_file, _warm
_warm()
extract_file(sys.argv[2])
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
try:
    extract_file(sys.argv[1])
    outcome = "read"
except GwrError as e:
    outcome = e.code
print(json.dumps({"s": time.perf_counter() - t, "mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024,
                  "outcome": outcome}))
"""


def measure(path: Path, src: Path, timeout: float) -> dict | None:
    small = ROOT / "samples" / "bailu_town_2022.md"
    env = {**os.environ, "PYTHONPATH": str(src)}
    try:
        r = subprocess.run([sys.executable, "-c", CHILD, str(path), str(small)], capture_output=True, text=True,
                           env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if r.returncode != 0:
        return {"s": float("nan"), "mb": float("nan"), "outcome": f"died ({r.returncode})"}
    return json.loads(r.stdout.strip().splitlines()[-1])


def run(scale: float, srcs: list[tuple[str, Path]], timeout: float) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, build, size, unit in INPUTS:
            a = size * scale if unit == "MB" else max(1, int(size * scale))
            sizes = (a, a * 2)
            files = []
            for k, s in enumerate(sizes):
                ext = ".html" if build is hostile.deep_html else ".txt"
                files.append(build(Path(tmp) / f"{build.__name__}_{k}{ext}", s))
            row = {"input": label, "sizes": sizes, "unit": unit, "bytes": [f.stat().st_size for f in files]}
            for name, src in srcs:
                got = [measure(f, src, timeout) for f in files]
                row[name] = got
                print(label, name, got, file=sys.stderr)
            rows.append(row)
    return rows


def _cell(got: list[dict | None], nbytes: list[int], timeout: float) -> tuple[str, str, str, str]:
    a, b = got
    t = lambda g: f"> {timeout:g}" if g is None else f"{g['s']:.2f}"  # noqa: E731
    ratio = f"{b['s'] / a['s']:.2f}" if a and b and a["s"] > 0 else "—"
    per_mb = f"{b['mb'] / (nbytes[1] / 1e6):.0f}" if b else "—"
    outcome = b["outcome"] if b else "timed out"
    return f"{t(a)} / {t(b)}", ratio, per_mb, outcome


def report(rows: list[dict], names: list[str], timeout: float, scale: float) -> str:
    lines = ["## Hostile inputs: time and memory against size (`make bench`)", "",
             "What is measured: `gwr.pipeline.extract_file` on each pathological input of issue 13 "
             "(written by `bench/hostile_corpus.py`), at two sizes, each in a fresh warmed interpreter: "
             "wall time, the ratio of the two times (linear ≈ 2, quadratic ≈ 4) and the peak resident "
             "memory above the warmed baseline per MB of input (larger size). A refused input is timed "
             "to its one-line refusal (E110).", "",
             f"Reproduce: `make bench` (= `.venv/bin/python bench/bench_hostile.py`); `--scale {scale:g}` here; "
             "`--compare OTHER/src` adds another checkout (before/after), `--no-write` leaves this file alone.", "",
             f"- date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
             f"- machine: {os.cpu_count()} CPU(s), {platform.processor() or platform.machine()}; Python "
             f"{platform.python_version()}", ""]
    head = "| input | sizes | MB |"
    sep = "| --- | --- | ---: |"
    for n in names:
        head += f" {n}: s (small / large) | {n}: ratio | {n}: MB per MB | {n}: outcome |"
        sep += " ---: | ---: | ---: | --- |"
    lines += [head, sep]
    for r in rows:
        sizes = " / ".join(f"{s:g}" if isinstance(s, float) else f"{s:,}" for s in r["sizes"])
        cells = [f"{r['input']}", f"{sizes} {r['unit']}", " / ".join(f"{b / 1e6:.2f}" for b in r["bytes"])]
        for n in names:
            cells += list(_cell(r[n], r["bytes"], timeout))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every input size (default 1)")
    ap.add_argument("--compare", type=Path, help="another checkout's src/ to measure too (before the fix)")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds before a run counts as not finishing")
    ap.add_argument("--no-write", action="store_true", help="print only; leave docs/PERFORMANCE.md alone")
    args = ap.parse_args()
    srcs = [("this", ROOT / "src")] + ([("compared", args.compare)] if args.compare else [])
    rows = run(args.scale, srcs, args.timeout)
    text = report(rows, [n for n, _ in srcs], args.timeout, args.scale)
    print(text)
    if not args.no_write:
        sys.path.insert(0, str(ROOT / "bench"))
        from common import write_doc

        write_doc(DOC, "hostile", text)


if __name__ == "__main__":
    main()
