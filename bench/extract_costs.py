#!/usr/bin/env python3
"""Where extraction's time goes, without a profiler's distortion: stage shares, the facts' passes, per-call costs.

    PYTHONPATH=src python bench/extract_costs.py /tmp/speed-corpus --limit 300
    PYTHONPATH=src python bench/extract_costs.py ../shared/corpus --rounds 6

cProfile adds a fixed cost to every Python call, so it inflates the many small functions of
the facts and the parse (a heading test of 1 µs shows as 13 µs); a sampling profile run by a
signal handler charges the time of a long C call (a regex scan) to the next Python line that
runs.  Both misled speed work (docs/PERFORMANCE.md, "Issue 16, extraction speed, third
session").  This bench times with ``time.process_time`` only at coarse boundaries:

1. the stages of ``pipeline.extract_source`` (read, normalize, split, parse, quantities, facts,
   projects, records, repeats), each called as the pipeline calls it;
2. inside ``facts.extract``: the targets, the review pass and the second read of period
   paragraphs (``clause_facts`` by mode), the records and the rank claims;
3. the callees of ``clause_facts``, per call (the wrapper's own cost per call is measured and
   printed: the shares of cheap, frequent callees are overstated by that much).

The first round warms (gazetteer, taxonomy, memo tables) and is not counted.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from gwr import facts, projects, repeats  # noqa: E402
from gwr.errors import GwrError  # noqa: E402
from gwr.facts import clauses  # noqa: E402
from gwr.parse import parse  # noqa: E402
from gwr.parse.normalize import normalize  # noqa: E402
from gwr.parse.split import split  # noqa: E402
from gwr.pipeline import FACT_KINDS  # noqa: E402
from gwr.quantities import find_quantities  # noqa: E402
from gwr.read import iter_paths, read_file  # noqa: E402

CALLEES = ("_label", "_sign", "_split_labels", "indicator_of", "_is_milestone", "_previous_subject",
           "_complete_label", "_Bounds", "_attach", "_next_with_room")


class Timers:
    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    def add(self, key: str, dt: float) -> None:
        self.cpu[key] = self.cpu.get(key, 0.0) + dt
        self.calls[key] = self.calls.get(key, 0) + 1

    def wrap(self, owner, name: str, key: str | None = None) -> None:
        fn, key, add, clock = getattr(owner, name), key or name, self.add, time.process_time

        def timed(*a, **k):
            t0 = clock()
            try:
                return fn(*a, **k)
            finally:
                add(key, clock() - t0)

        setattr(owner, name, timed)


def one_file(path: str, t: Timers) -> None:
    clock = time.process_time
    t0 = clock()
    source = read_file(path)
    t1 = clock(); t.add("read", t1 - t0)  # noqa: E702
    norm = normalize(source.text)
    t0 = clock(); t.add("normalize", t0 - t1)  # noqa: E702
    pieces = split(source.text, norm)
    t1 = clock(); t.add("split", t1 - t0)  # noqa: E702
    docs = [parse(norm, p) for p in pieces]
    t0 = clock(); t.add("parse", t0 - t1)  # noqa: E702
    for doc in docs:
        qs = find_quantities(norm, *doc.span) if doc.kind in FACT_KINDS else []
        doc.quantities = qs
        t1 = clock(); t.add("quantities", t1 - t0)  # noqa: E702
        facts.extract(source.text, norm, doc, qs)
        t0 = clock(); t.add("facts", t0 - t1)  # noqa: E702
        projects.extract(source.text, norm, doc, qs)
        t1 = clock(); t.add("projects", t1 - t0)  # noqa: E702
        doc.as_records()
        t0 = clock(); t.add("records", t0 - t1)  # noqa: E702
    repeats.mark(docs, norm)
    t.add("repeats", clock() - t0)


def table(title: str, rows: dict[str, float], total: float, calls: dict[str, int] | None = None) -> None:
    print(f"\n{title}")
    for k, v in sorted(rows.items(), key=lambda kv: -kv[1]):
        per = f"  {calls[k]:8d} calls  {1e6 * v / calls[k]:8.2f} µs/call" if calls else ""
        print(f"  {k:22s} {100 * v / total:5.1f} %{per}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("top", help="directory of reports")
    ap.add_argument("--rounds", type=int, default=2, help="passes over the files; the first only warms")
    ap.add_argument("--limit", type=int, default=0, help="only the first N files")
    a = ap.parse_args()
    files = sorted(iter_paths([a.top]))
    files = files[: a.limit] if a.limit else files

    rounds = max(2, a.rounds)
    stages = Timers()
    run(files, stages, rounds)  # the stage shares first, with no wrapper installed
    total = sum(stages.cpu.values())
    print(f"{len(files)} files × {rounds - 1} counted round(s): {total:.2f} s CPU")
    table("stages (share of extraction)", stages.cpu, total)

    inner, callees, whole = Timers(), Timers(), Timers()
    real_cf = facts.clause_facts  # facts.extract looks its helpers up at call time

    def by_mode(norm, a_, b_, **kw):
        p = kw.get("periods")
        key = "targets (clause_facts)" if kw.get("target") else (
            "period paragraphs again" if p is not None and p.collect else "review (clause_facts)")
        t0 = time.process_time()
        try:
            return real_cf(norm, a_, b_, **kw)
        finally:
            inner.add(key, time.process_time() - t0)

    facts.clause_facts = by_mode
    for name in ("target_passages", "_attach_ranks", "_record", "table_targets"):
        inner.wrap(facts, name)
    for name in CALLEES:
        callees.wrap(clauses, name)
    callees.wrap(clauses._PeriodContext, "frame_of")
    run(files, whole, rounds, inner, callees)
    table("inside facts.extract (share of the facts stage)", inner.cpu, whole.cpu.get("facts", 1.0))
    table("callees of clause_facts (share of extraction with the wrappers on)", callees.cpu,
          sum(whole.cpu.values()), callees.calls)
    print(f"  (a wrapped call that does nothing costs {wrapper_cost():.2f} µs: subtract it from each µs/call)")


def wrapper_cost(n: int = 100_000) -> float:
    """µs a wrapper adds to one call (two CPU-clock reads and the bookkeeping)."""
    class Noop:
        @staticmethod
        def f() -> None:
            return None

    t = Timers()
    t.wrap(Noop, "f")
    f = Noop.f
    t0 = time.process_time()
    for _ in range(n):
        f()
    return 1e6 * (time.process_time() - t0) / n


def run(files: list[str], stages: Timers, rounds: int, *others: Timers) -> None:
    for r in range(rounds):
        if r == 1:
            for t in (stages, *others):
                t.cpu.clear()
                t.calls.clear()
        for p in files:
            try:
                one_file(p, stages)
            except GwrError:
                pass


if __name__ == "__main__":
    main()
