#!/usr/bin/env python3
"""Throughput of read + split + parse on one core, and where the time goes.

read + split + parse is the issue-2 pipeline without the facts stage:
``read_file`` → ``normalize`` → ``split`` → ``parse`` per piece, called here as
``gwr.pipeline.extract_source`` calls them (bench_extract.py measures the whole
extract stage, facts included).

    make bench                # = .venv/bin/python bench/bench_parse.py --shared ../shared --profile --repeat 5
    python bench/bench_parse.py --mb 5 --repeat 1 --no-write --profile

Workload: the seed corpus (SHARED/corpus/*.txt) and the project's own samples
(samples/*), copied whole, round after round under distinct names, into a temp
directory until about ``--mb`` MB (10^6 bytes).  Every figure is best-of-
``--repeat`` wall time in this one process, pinned to one core where the OS
allows.  The machine is shared and noisy, so next to gwr's figures the same run
measures a reference floor -- decode + one compiled regex pass over the same
bytes -- and gwr is also read as a ratio to it.

``--profile`` adds where the time goes: a sampling profile (SIGPROF every
timer tick, no per-call cost, C calls charged to the gwr function making them)
and a cProfile of one pass (top functions by own time, time per gwr module).

The report goes to stdout and, unless ``--no-write``, into docs/PERFORMANCE.md
between ``<!-- bench:parse:start -->`` and ``<!-- bench:parse:end -->``; text
outside those markers (hand-written notes, other benchmarks' sections) is kept.
"""
from __future__ import annotations

import cProfile
import gc
import os
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (FLOOR_WHAT, ISSUE_FLOOR_MBPS, REPORT_KINDS, fit_repeat, floor_encodings,  # noqa: E402
                    fmt_s, interleaved, label, log, met, module_of, pass_baseline, pass_read, run_bench,
                    run_lines, sample, sampled_section, sampled_tables, stage_rows, workload_line)

from gwr.errors import GwrError  # noqa: E402
from gwr.parse.normalize import normalize  # noqa: E402
from gwr.parse import parse  # noqa: E402
from gwr.read import read_file  # noqa: E402
from gwr.parse.split import split  # noqa: E402

TARGET_MBPS = 30.0
# Which pipeline stage each gwr module serves (for the profile's per-module table).
STAGE_OF = {
    "read": "read", "normalize": "normalize", "split": "split", "lines": "split",
    "parse": "parse", "sections": "parse", "meta": "parse", "regions": "parse",
    "genre": "shared (split + parse)", "model": "shared", "pipeline": "glue", "errors": "glue",
}
STAGES = {"read (`read_file`)": [("read", "read_file")],
          "normalize (`normalize`)": [("normalize", "normalize")],
          "split (`split`)": [("split", "split")],
          "parse (`parse`)": [("parse", "parse")]}


# ---------------------------------------------------------------------------
# Timed passes


def parse_file(path: str) -> list:
    """The issue-2 stages of one file, without the facts stage: read → normalize → split → parse."""
    src = read_file(path)
    norm = normalize(src.text)
    return [parse(norm, p) for p in split(src.text, norm)]


def pass_extract(files: list[str]) -> tuple[int, int, int]:
    docs = reports = errors = 0
    for p in files:
        try:
            got = parse_file(p)
        except GwrError:
            errors += 1
            continue
        docs += len(got)
        reports += sum(d.kind in REPORT_KINDS for d in got)
    return docs, reports, errors


# ---------------------------------------------------------------------------
# Profile


def sample_extract(files: list[str], passes: int = 3) -> dict | None:
    """Sampling profile of ``passes`` passes (see ``common.sample``)."""
    return sample(lambda: pass_extract(files), passes, STAGES)


def profile_extract(files: list[str], top: int = 25) -> dict:
    prof = cProfile.Profile()
    gc.collect()
    prof.enable()
    pass_extract(files)
    prof.disable()
    st = pstats.Stats(prof)
    stats = st.stats  # func -> (cc, nc, tt, ct, callers{func: (cc, nc, tt, ct)})
    total = sum(v[2] for v in stats.values()) or 1e-12

    rows = sorted(stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    top_rows = [{"func": label(f), "ncalls": v[1], "tottime": v[2], "cumtime": v[3],
                 "share": v[2] / total} for f, v in rows]

    # Own time per gwr module, and the same with the time of non-gwr callees
    # (regex engine, str methods, stdlib) charged to the gwr module that called them.
    own: dict[str, float] = defaultdict(float)
    charged: dict[str, float] = defaultdict(float)
    memo: dict[tuple, dict[str, float]] = {}

    def owner_dist(func, seen=frozenset()) -> dict[str, float]:
        if func in memo:
            return memo[func]
        mod = module_of(func[0])
        if mod is not None:
            return {mod: 1.0}
        callers = stats.get(func, (0, 0, 0, 0, {}))[4]
        weight = sum(e[2] for e in callers.values())
        if not callers or func in seen:
            return {"(outside gwr)": 1.0}
        dist: dict[str, float] = defaultdict(float)
        for caller, edge in callers.items():
            w = edge[2] / weight if weight > 0 else 1.0 / len(callers)
            for m, f in owner_dist(caller, seen | {func}).items():
                dist[m] += w * f
        if not seen:
            memo[func] = dict(dist)
        return dist

    for func, v in stats.items():
        mod = module_of(func[0])
        if mod is not None:
            own[mod] += v[2]
        for m, f in owner_dist(func).items():
            charged[m] += v[2] * f

    def cum(module: str, name: str) -> float:
        return sum(v[3] for f, v in stats.items() if module_of(f[0]) == module and f[2] == name)

    stage_cum = {"read (read_file)": cum("read", "read_file"),
                 "normalize (normalize)": cum("normalize", "normalize"),
                 "split (split)": cum("split", "split"),
                 "parse (parse)": cum("parse", "parse")}
    code = parse_file.__code__
    whole = stats.get((code.co_filename, code.co_firstlineno, code.co_name))
    extract_cum = whole[3] if whole else total
    modules = sorted(set(own) | set(charged), key=lambda m: -charged.get(m, 0.0))
    by_module = [{"module": m, "stage": STAGE_OF.get(m.split("/")[0], "—"),
                  "own": own.get(m, 0.0), "charged": charged.get(m, 0.0),
                  "share": charged.get(m, 0.0) / total} for m in modules]
    return {"total": total, "top": top_rows, "by_module": by_module,
            "stage_cum": stage_cum, "extract_cum": extract_cum}


# ---------------------------------------------------------------------------
# Report


def render(r: dict) -> str:
    mb = r["bytes"] / 1e6
    w = r["workload"]
    L: list[str] = []
    L.append("## read + split + parse (`make bench`)")
    L.append("")
    L.append(
        "What is measured: `gwr.read.read_file` (read), and read + split + parse: "
        "`read_file` → `normalize` → `split` → `parse` per piece, called by the bench as "
        "`gwr.pipeline.extract_source` calls them but without the facts stage "
        "(`find_quantities`, `facts.extract`, `projects.extract`: see the extract section), "
        "over every file of the workload, in one Python process pinned to one "
        f"core; best of {r['repeat']} round(s) after one warm-up pass, every pass running once "
        "per round so that a burst of load hits the floor and gwr alike. MB = 10^6 bytes of input "
        "files; documents = documents `split` found. The reference floor is measured in the "
        "same run: " + FLOOR_WHAT + ". The machine is shared and noisy: compare the ratios, "
        "not absolute figures across runs.")
    L.append("")
    L.append("Reproduce: `make bench` (= `.venv/bin/python bench/bench_parse.py --shared ../shared "
             "--profile --repeat 5`); `--mb`, `--repeat` size the run, `--no-write` leaves this file alone.")
    L.append("")
    L.extend(run_lines(r))
    L.append(workload_line(w, f"{r['docs']} documents, {r['reports']} of them reports or excerpts; "
                              f"{r['errors']} files refused"))
    L.append("")
    L.append("### Figures")
    L.append("")
    L.append("| pass | best time (s) | MB/s | files/s | documents/s | × floor (median of rounds) |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    base = r["t_baseline"]
    times = r["times"]

    def vs_floor(*names: str) -> float:
        """Median over rounds of floor time / pass time, both from the same round."""
        per_round = [f / sum(times[n][i] for n in names) for i, f in enumerate(times["floor"])]
        return statistics.median(per_round)

    def row(name: str, t: float, ratio: float, docs: bool = True) -> str:
        d = f"{r['docs'] / t:,.0f}" if docs else "—"
        return (f"| {name} | {fmt_s(t)} | {mb / t:.1f} | {r['nfiles'] / t:,.0f} | {d} | "
                f"{ratio:.3f} |")

    L.append(row("floor: decode + 1 regex pass", base, 1.0, docs=False))
    L.append(row("read (`read_file`)", r["t_read"], vs_floor("read"), docs=False))
    L.append(row("**read + split + parse** (`read_file` → `normalize` → `split` → `parse`)",
                 r["t_extract"], vs_floor("extract")))
    L.append(row("normalize + split + parse on in-memory text", r["t_stages"],
                 vs_floor("normalize", "split", "parse")))
    L.append("")
    L.append(f"read + split + parse runs at **{mb / r['t_extract']:.1f} MB/s** (best round) and at "
             f"**{100 * r['share']:.1f} % of the decode + regex floor** (median of the rounds' "
             f"ratios; the floor's best round ran at {mb / base:.0f} MB/s). The first, cold pass "
             f"(lazy imports, gazetteer and pattern loading) took {fmt_s(r['t_cold'])} s.")
    ext, flo = times["extract"], times["floor"]
    L.append("")
    L.append("Noise, round by round: extract " + ", ".join(f"{t:.3f}" for t in ext) + " s; floor "
             + ", ".join(f"{t:.3f}" for t in flo) + " s; extract as % of floor "
             + ", ".join(f"{100 * f / e:.1f}" for f, e in zip(flo, ext)) + ".")
    L.append("")
    L.append("### Per stage")
    L.append("")
    L.append("Each stage timed on its own over the in-memory `Source`s (best of "
             f"{r['repeat']} rounds); `read` is the `read_file` pass above.")
    L.append("")
    L.append("| stage | function | best time (s) | MB/s | share of the sum |")
    L.append("| --- | --- | ---: | ---: | ---: |")
    stages = [("read", "`gwr.read.read_file`", r["t_read"]),
              ("normalize", "`gwr.parse.normalize.normalize`", r["t_norm"]),
              ("split", "`gwr.parse.split.split(text, norm)`", r["t_split"]),
              ("parse", "`gwr.parse.parse(norm, piece)` per piece", r["t_parse"])]
    ssum = sum(t for _, _, t in stages)
    L.extend(stage_rows(stages + [("sum", "", ssum)], mb, ssum))
    L.append("")
    samp = r.get("sampled")
    if samp:
        n = samp["samples"]
        L.extend(sampled_section(samp, "read + split + parse passes", " The cProfile is below."))
        L.append("| stage (inclusive) | share |")
        L.append("| --- | ---: |")
        for name, c in samp["stages"].items():
            L.append(f"| {name} | {100 * c / n:.1f} % |")
        L.append("")
        L.extend(sampled_tables(samp))
    prof = r.get("profile")
    if prof:
        L.append("### cProfile (one extract pass)")
        L.append("")
        L.append(f"Profiled total {prof['total']:.2f} s. cProfile charges a cost to every Python "
                 "call, so it overstates code made of many small calls and understates long C "
                 "calls (a regex `findall` over a whole document); read the shares next to the "
                 "sampling profile above. Stage share by cumulative time of the stage's entry "
                 "function:")
        L.append("")
        L.append("| stage | cumulative (s) | share |")
        L.append("| --- | ---: | ---: |")
        for name, t in prof["stage_cum"].items():
            L.append(f"| {name} | {t:.3f} | {100 * t / prof['extract_cum']:.1f} % |")
        L.append("")
        L.append("Per gwr module: *own* is the time in the module's Python code; *charged* adds "
                 "the time of the C and library calls it makes (regex engine, str methods, "
                 "selectolax, …), split between callers by cProfile's caller edges.")
        L.append("")
        L.append("| module | stage | own (s) | charged (s) | share |")
        L.append("| --- | --- | ---: | ---: | ---: |")
        for m in prof["by_module"]:
            if m["charged"] < 0.0005 * prof["total"] and m["own"] < 0.0005 * prof["total"]:
                continue
            name = m["module"] if m["module"].startswith("(") else f"`gwr/{m['module']}`"
            L.append(f"| {name} | {m['stage']} | {m['own']:.3f} | {m['charged']:.3f} | "
                     f"{100 * m['share']:.1f} % |")
        L.append("")
        L.append(f"Top {len(prof['top'])} functions by own time (tottime):")
        L.append("")
        L.append("| # | function | calls | tottime (s) | cumtime (s) | share |")
        L.append("| ---: | --- | ---: | ---: | ---: | ---: |")
        for i, t in enumerate(prof["top"], 1):
            func = t["func"].replace("|", "\\|")
            L.append(f"| {i} | `{func}` | {t['ncalls']:,} | {t['tottime']:.3f} | "
                     f"{t['cumtime']:.3f} | {100 * t['share']:.1f} % |")
        L.append("")
    else:
        L.append("(Run with `--profile` for where the time goes.)")
        L.append("")
    L.append("### Targets")
    L.append("")
    L.append("| target | measured | status |")
    L.append("| --- | ---: | --- |")
    got = mb / r["t_extract"]
    L.append(f"| read + split + parse ≥ {TARGET_MBPS:g} MB/s on one core | {got:.1f} MB/s "
             f"({100 * r['share']:.1f} % of floor) | "
             f"{met(got >= TARGET_MBPS)} |")
    share = 100 * r["share"]
    want = 100 * TARGET_MBPS / ISSUE_FLOOR_MBPS
    L.append(f"| the same as a ratio: ≥ {want:.1f} % of the floor ({TARGET_MBPS:g} of the "
             f"{ISSUE_FLOOR_MBPS:g} MB/s the issue quotes for it; steadier on a noisy machine) | "
             f"{share:.1f} % | {met(share >= want)} |")
    L.append("")
    return "\n".join(L)


def measure(args, w: dict, _tmp: Path) -> dict:
    files = w["files"]
    t0 = time.perf_counter()
    docs, reports, errors = pass_extract(files)  # cold: imports, gazetteer, patterns
    t_cold = time.perf_counter() - t0
    log(f"cold extract pass {t_cold:.2f} s")
    # Budget, in cold extract passes (an upper bound on a warm one): a round of
    # floor, read, extract and stages costs about 2.5; the profiles about 5 once.
    fixed = 5 * t_cold if args.profile else 0.0
    repeat = fit_repeat(args.repeat, args.budget, lambda rounds: fixed + 2.5 * t_cold * rounds)

    sources = pass_read(files)
    encodings = floor_encodings(sources)
    # Stages on their own over the in-memory sources: inputs prepared untimed.
    texts = [s.text for s in sources]
    norms = [normalize(t) for t in texts]
    pairs = list(zip(texts, norms))
    jobs = [(n, p) for (t, n) in pairs for p in split(t, n)]
    times, outs = interleaved({
        "floor": lambda: pass_baseline(files, encodings),
        "read": lambda: pass_read(files),
        "extract": lambda: pass_extract(files),
        "normalize": lambda: [normalize(t) for t in texts],
        "split": lambda: [split(t, n) for t, n in pairs],
        "parse": lambda: [parse(n, p) for n, p in jobs],
    }, repeat)
    best = {k: min(v) for k, v in times.items()}
    share = statistics.median(f / e for f, e in zip(times["floor"], times["extract"]))
    got = outs["extract"]
    for k, v in times.items():
        log(f"{k:<9} " + "  ".join(f"{t:.3f}" for t in v) + f"  s   (best {min(v):.3f})")
    if (docs, reports, errors) != got:
        log(f"warning: the cold pass found {docs} documents, later passes {got[0]}")

    prof = profile_extract(files) if args.profile else None
    samp = sample_extract(files) if args.profile else None
    return {"repeat": repeat, "docs": got[0], "reports": got[1], "errors": got[2],
            "t_cold": t_cold, "t_baseline": best["floor"], "t_read": best["read"],
            "t_extract": best["extract"], "t_norm": best["normalize"], "t_split": best["split"],
            "t_parse": best["parse"], "t_stages": best["normalize"] + best["split"] + best["parse"],
            "profile": prof, "sampled": samp, "times": times, "share": share}


def main(argv: list[str] | None = None) -> int:
    return run_bench("parse", __doc__, measure, render, repeat=3, budget=90.0, argv=argv)


if __name__ == "__main__":
    sys.exit(main())
