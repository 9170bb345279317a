#!/usr/bin/env python3
"""The extract stage as a share of the read + decode + regex floor, on any directory of reports.

    PYTHONPATH=src python bench/extract_ratio.py /tmp/speed-corpus --rounds 5          # generated corpus
    PYTHONPATH=src python bench/extract_ratio.py ../shared/corpus --copies 20 --rounds 5  # real reports
    PYTHONPATH=src python bench/extract_ratio.py /tmp/speed-corpus --jobs 2             # + gwr extract -j 2

bench_extract.py measures the seed corpus copied to ~30 MB; issue 16 also sets its goal on the
generated corpus (bench/make_corpus.py), and speed work needs a quick loop.  In one process
pinned to one core, rounds alternate the floor (bench/common.py: read, decode, one regex) and
``extract_file`` over the same files, so a neighbour's load hits both; the figure is the median
of the rounds' floor / extract ratios.  ``--jobs N`` also runs ``gwr extract -j N --format json``
over the directory (unpinned) and reports the parent's share of all CPU (the workers' own
rusage against the parent's), the point of sending finished JSON from the workers.
"""
from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import floor_encodings, pass_baseline, pass_read, pin_one_core, unpin  # noqa: E402

from gwr.errors import GwrError  # noqa: E402
from gwr.pipeline import extract_file  # noqa: E402
from gwr.read import iter_paths  # noqa: E402

# `gwr extract` in this driver process: its own CPU (the parent's) and its reaped workers' CPU
CLI_CPU = """
import resource, sys, time
from gwr.cli import main
sys.argv = ["gwr", "extract", *sys.argv[1:]]
t0 = time.perf_counter()
try:
    main()
except SystemExit:
    pass
wall = time.perf_counter() - t0
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime, file=sys.stderr)
"""


def cpu_rounds(passes: dict, rounds: int) -> dict[str, list[float]]:
    """CPU seconds of each pass, once per round: on a machine shared by several people
    (load 5 on 2 cores) wall time measures the neighbours; this process's CPU time far less."""
    times: dict[str, list[float]] = {k: [] for k in passes}
    for _ in range(rounds):
        for name, fn in passes.items():
            gc.collect()
            t0 = time.process_time()
            fn()
            times[name].append(time.process_time() - t0)
    return times


def pass_extract(files: list[str]) -> int:
    n = 0
    for p in files:
        try:
            n += len(extract_file(p).documents)
        except GwrError:
            pass
    return n


def cli_cpu(top: str, jobs: int) -> tuple[float, float, float]:
    """Wall seconds, the parent's CPU seconds and its workers' of ``gwr extract -j jobs`` (to /dev/null)."""
    out = subprocess.run([sys.executable, "-c", CLI_CPU, top, "--format", "json", "-j", str(jobs), "-o", os.devnull],
                         capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")})
    wall, parent, workers = out.stderr.split()[-3:]
    return float(wall), float(parent), float(workers)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--copies", type=int, default=1, help="list every file this many times (small corpora)")
    ap.add_argument("--jobs", type=int, default=0, help="also time `gwr extract -j JOBS` (0: skip)")
    a = ap.parse_args(argv)
    files = sorted(iter_paths([a.dir])) * a.copies
    size = sum(os.path.getsize(p) for p in files)
    pinned = pin_one_core()
    encodings = floor_encodings(pass_read(files))
    pass_extract(files[: max(1, len(files) // 20)])  # warm: gazetteer, taxonomy, patterns
    times = cpu_rounds({"floor": lambda: pass_baseline(files, encodings),
                        "extract": lambda: pass_extract(files)}, a.rounds)
    ratios = [f / e for f, e in zip(times["floor"], times["extract"])]
    best = min(times["extract"])
    print(f"{len(files)} files, {size / 1e6:.1f} MB ({pinned}); extract best {best:.2f} s CPU = "
          f"{size / 1e6 / best:.1f} MB/s; floor best {min(times['floor']):.2f} s; "
          f"extract = {100 * statistics.median(ratios):.1f} % of the floor (median of "
          + ", ".join(f"{100 * r:.1f}" for r in ratios) + ")")
    if a.jobs:
        unpin()
        for jobs in (1, a.jobs):
            wall, parent, workers = cli_cpu(a.dir, jobs)
            print(f"gwr extract -j {jobs}: {wall:.2f} s wall, {size / 1e6 / wall:.1f} MB/s; CPU: parent "
                  f"{parent:.2f} s, workers {workers:.2f} s: the parent is {100 * parent / (parent + workers):.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
