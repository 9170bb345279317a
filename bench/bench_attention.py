#!/usr/bin/env python3
"""Throughput of the attention indices (gwr.attention) on one core.

    .venv/bin/python bench/bench_attention.py --shared ../shared            # writes docs/PERFORMANCE.md
    .venv/bin/python bench/bench_attention.py --mb 5 --repeat 1 --no-write

Workload: the seed corpus and the samples copied to about ``--mb`` MB (see
bench/common.py).  Each distinct seed file is extracted once, untimed, for its
documents and section spans (every copy of it has the same ones).  Timed passes,
best of ``--repeat`` rounds, interleaved with the reference floor:

* count: ``gwr.attention.score`` over every document of every file (all kinds),
  with its section spans, the text already in memory -- normalised view,
  sentence split, the one Aho–Corasick pass for all topics, each topic's
  leftmost-longest choice, the tallies per role.  Not included: reading,
  extraction (split/parse), turning scores into rows.
* read + count: ``read_file`` then ``score`` over the whole text as one
  document (no sections: they would need the parse stage, which bench_parse.py
  measures).

The report goes to stdout and, unless ``--no-write``, between
``<!-- bench:attention:start -->`` and ``<!-- bench:attention:end -->`` in docs/PERFORMANCE.md.
"""
from __future__ import annotations

import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (FLOOR_WHAT, fit_repeat, floor_encodings, fmt_s, interleaved, log, met,  # noqa: E402
                    pass_baseline, pass_read, run_bench, run_lines, timed, workload_line)

from gwr.attention import load, score  # noqa: E402
from gwr.pipeline import extract_source  # noqa: E402

TARGET_MBPS = 20.0
_COPY = re.compile(r"^r\d{3}_")


def measure(args, w: dict, tmp) -> dict:
    d = load(args.dictionary)
    files = w["files"]
    sources = pass_read(files)
    encodings = floor_encodings(sources)
    layout: dict[str, list] = {}  # seed file name → [(span, sections)]
    jobs = []
    for src in sources:
        seed = _COPY.sub("", os.path.basename(src.path))
        if seed not in layout:
            layout[seed] = [(doc.span, doc.sections) for doc in extract_source(src).documents]
        jobs.append((src.text, layout[seed]))
    ndocs = sum(len(docs) for _, docs in jobs)
    nchars = sum(len(t) for t, _ in jobs)
    log(f"{len(jobs)} texts, {ndocs} documents, {nchars:,} characters; dictionary {d.name} {d.version} "
        f"({len(d.topics)} topics, {len(d.matcher[1])} patterns)")

    def count() -> int:
        n = 0
        for text, docs in jobs:
            for span, sections in docs:
                n += sum(score(text, sections, d, span=span).total.counts.values())
        return n

    def read_count() -> int:
        return sum(sum(score(s.text, (), d).total.counts.values()) for s in pass_read(files))

    t_cold, matches = timed(count)
    repeat = fit_repeat(args.repeat, args.budget, lambda n: n * 3 * t_cold)
    times, outs = interleaved({"floor": lambda: pass_baseline(files, encodings), "count": count,
                               "read_count": read_count}, repeat)
    return {"times": times, "repeat": repeat, "docs": ndocs, "chars": nchars, "matches": outs["count"],
            "matches_whole": outs["read_count"], "dictionary": f"{d.name} {d.version}", "topics": len(d.topics),
            "patterns": len(d.matcher[1]), "t_cold": t_cold}


def render(r: dict) -> str:
    mb = r["bytes"] / 1e6
    times = r["times"]
    best = {k: min(v) for k, v in times.items()}

    def vs_floor(name: str) -> float:
        return statistics.median(f / t for f, t in zip(times["floor"], times[name]))

    L = ["## attention indices (`bench/bench_attention.py`)", "",
         "What is measured, in one Python process pinned to one core, best of "
         f"{r['repeat']} round(s), every pass once per round next to the floor ({FLOOR_WHAT}): "
         "**count** = `gwr.attention.score` over every document of every file with its section spans, the "
         "text already in memory (normalised view, sentence split, one overlapping Aho–Corasick pass for "
         "all topics, each topic's leftmost-longest choice, tallies per section role); extraction (which "
         "gives the documents and sections), reading and turning scores into rows are not included. "
         "**read + count** = `read_file` then `score` over each whole text as one document (no sections). "
         "MB = 10^6 bytes of input files.", "",
         "Reproduce: `.venv/bin/python bench/bench_attention.py --shared ../shared` (`--mb`, `--repeat`, "
         "`--dictionary`, `--no-write`).", ""]
    L.extend(run_lines(r))
    L.append(workload_line(r["workload"], f"{r['docs']} documents, {r['chars']:,} characters; dictionary "
                                          f"{r['dictionary']}: {r['topics']} topics, {r['patterns']} patterns"))
    L += ["", "| pass | best time (s) | MB/s | × floor (median of rounds) |", "| --- | ---: | ---: | ---: |",
          f"| floor: decode + 1 regex pass | {fmt_s(best['floor'])} | {mb / best['floor']:.1f} | 1.000 |",
          f"| **count** (text in memory) | {fmt_s(best['count'])} | {mb / best['count']:.1f} | "
          f"{vs_floor('count'):.3f} |",
          f"| read + count (whole files) | {fmt_s(best['read_count'])} | {mb / best['read_count']:.1f} | "
          f"{vs_floor('read_count'):.3f} |", ""]
    L.append(f"Counting runs at **{mb / best['count']:.1f} MB/s** against a target of {TARGET_MBPS:.0f} MB/s: "
             f"{met(mb / best['count'] >= TARGET_MBPS)}; {r['matches']:,} counted matches "
             f"({r['matches_whole']:,} over whole files). The first, cold pass (loading the dictionary, "
             "building the automaton) took "
             f"{fmt_s(r['t_cold'])} s. Rounds (count): " + ", ".join(f"{t:.3f}" for t in times["count"]) + " s.")
    return "\n".join(L) + "\n"


def more_args(ap) -> None:
    ap.add_argument("--dictionary", default=None, help="dictionary name or file (default: gwr's own)")


if __name__ == "__main__":
    sys.exit(run_bench("attention", __doc__, measure, render, repeat=5, budget=120, more_args=more_args))
