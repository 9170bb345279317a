#!/usr/bin/env python3
"""Extraction CPU time of two revisions of gwr, side by side in one run: ``--before REV`` against this checkout.

    PYTHONPATH=src python bench/extract_ab.py /tmp/speed-corpus --before HEAD~3 --rounds 3
    PYTHONPATH=src python bench/extract_ab.py ../shared/corpus --copies 20 --before main
    PYTHONPATH=src python bench/extract_ab.py ../shared/corpus --copies 4 --before HEAD~1 --stage facts

A 10 % change is below the noise of two separate runs on a shared machine (load 3 to 16 on two
cores), so both revisions run at once: two long-lived processes, one importing the "before"
``src/`` (exported with ``git archive``, bench/common.py ``source_of``) and one this checkout's,
take the same chunks of files in turn, A then B then B then A, and report the CPU seconds
(``time.process_time``) each chunk cost them.  A neighbour's burst then lands on both sides
alike, and CPU time leaves out the time spent waiting for a core.  The first pass over the files
is a warm-up (imports, gazetteer) and is not counted.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, source_of  # noqa: E402

# One side: reads a JSON list of paths per line, extracts them, answers the CPU seconds spent.
SIDE = r"""
import gc, json, sys, time
from gwr.errors import GwrError
from gwr.pipeline import extract_file
stage = sys.argv[1]


def prepared(path):
    # the facts' inputs, made outside the timer: (text, norm, document, its figures)
    from gwr.parse import parse
    from gwr.parse.normalize import normalize
    from gwr.parse.split import split
    from gwr.quantities import find_quantities
    from gwr.read import read_file

    s = read_file(path)
    n = normalize(s.text)
    return [(s.text, n, d, find_quantities(n, *d.span)) for d in (parse(n, p) for p in split(s.text, n))
            if d.kind in ("official_report", "report_excerpt")]


cache = {}
for line in sys.stdin:
    paths = json.loads(line)
    if stage == "facts":
        from gwr import facts
        for p in paths:
            if p not in cache:
                try:
                    cache[p] = prepared(p)
                except GwrError:
                    cache[p] = []
    gc.collect()
    t0 = time.process_time()
    n = 0
    for p in paths:
        if stage == "facts":
            for text, norm, doc, qs in cache[p]:
                facts.extract(text, norm, doc, qs)
                n += len(doc.actuals)
            continue
        try:
            n += len(extract_file(p).documents)
        except GwrError:
            pass
    print(json.dumps([time.process_time() - t0, n]), flush=True)
"""


def start(src: Path, stage: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", SIDE, stage], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(src)})


def ask(side: subprocess.Popen, paths: list[str]) -> tuple[float, int]:
    side.stdin.write(json.dumps(paths) + "\n")
    side.stdin.flush()
    cpu, n = json.loads(side.stdout.readline())
    return cpu, n


def files_of(top: str, copies: int) -> list[str]:
    """The files ``gwr extract DIR`` would read (gwr.read.iter_paths), each ``copies`` times."""
    from gwr.read import iter_paths

    return sorted(iter_paths([top])) * copies


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("top", help="directory of reports")
    ap.add_argument("--before", required=True, help="git revision to compare against (e.g. HEAD~1, main)")
    ap.add_argument("--after", default=str(ROOT / "src"), help="src/ of the 'after' side (default: this checkout)")
    ap.add_argument("--rounds", type=int, default=3, help="passes over all files (after one warm-up)")
    ap.add_argument("--chunk", type=int, default=40, help="files per alternating chunk")
    ap.add_argument("--copies", type=int, default=1, help="take each file this many times (small corpora)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N files")
    ap.add_argument("--stage", choices=("extract", "facts"), default="extract",
                    help="time extract_file (default), or only facts.extract on documents read and parsed "
                         "beforehand (a change to the facts alone, resolved more finely)")
    a = ap.parse_args()

    files = files_of(a.top, a.copies)
    if a.limit:
        files = files[: a.limit]
    chunks = [files[i:i + a.chunk] for i in range(0, len(files), a.chunk)]
    with tempfile.TemporaryDirectory(prefix="extract-ab-") as tmp:
        before_src = source_of(a.before, Path(tmp))
        sides = {"before": start(before_src, a.stage), "after": start(Path(a.after), a.stage)}
        for s in sides.values():  # warm-up: imports, gazetteer, caches
            ask(s, files[: a.chunk])
        totals = {"before": [], "after": []}
        for r in range(a.rounds):
            cpu = {"before": 0.0, "after": 0.0}
            for i, chunk in enumerate(chunks):
                order = ("before", "after") if (i + r) % 2 == 0 else ("after", "before")
                docs = {}
                for name in order:
                    t, docs[name] = ask(sides[name], chunk)
                    cpu[name] += t
                if docs["before"] != docs["after"]:
                    print(f"warning: document (or result) counts differ on chunk {i}: {docs}", file=sys.stderr)
            for k in cpu:
                totals[k].append(cpu[k])
            print(f"round {r + 1}: before {cpu['before']:.2f} s, after {cpu['after']:.2f} s CPU, "
                  f"before/after {cpu['before'] / cpu['after']:.3f}×", flush=True)
        for s in sides.values():
            s.stdin.close()
            s.wait()
    b, n = sum(totals["before"]), sum(totals["after"])
    mb = sum(os.path.getsize(p) for p in files) / 1e6
    print(f"{len(files)} files, {mb:.1f} MB × {a.rounds} rounds: before ({a.before}) {b:.2f} s, "
          f"after {n:.2f} s CPU: **{b / n:.3f}×** faster")


if __name__ == "__main__":
    main()
