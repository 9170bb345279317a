"""What the benchmarks under bench/ share: the workload, timed rounds, the floor, the sampler, the doc writer.

Every benchmark copies the seed corpus (SHARED/corpus/*.txt) and the project's
samples round after round into a temp directory until about ``--mb`` MB, times
its passes in rounds next to a reference floor (read + decode + one compiled
regex pass), and writes its report between its own
``<!-- bench:NAME:start/end -->`` markers in docs/PERFORMANCE.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import glob
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parent.parent
SRC_GWR = (ROOT / "src" / "gwr").resolve()
# gwr from this checkout — unless PYTHONPATH names a tree of its own: a bench timing two revisions runs
# its "before" tree's passes with PYTHONPATH=that tree, and putting this checkout's src ahead of it made
# both trees' passes run this checkout's code
_CHOSEN = any(p and os.path.isfile(os.path.join(p, "gwr", "__init__.py"))
              for p in os.environ.get("PYTHONPATH", "").split(os.pathsep))
if not _CHOSEN and str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from gwr.errors import GwrError  # noqa: E402
from gwr.read import read_file  # noqa: E402
from gwr.read.paths import SUPPORTED_EXTENSIONS  # noqa: E402

REPORT_KINDS = ("official_report", "report_excerpt")
ISSUE_FLOOR_MBPS = 190.0  # decode + one regex pass on this machine, as the issue measured it
# The reference floor: decode the bytes, then one compiled regex pass.
BASELINE_RE = re.compile(r"\d+(?:\.\d+)?[%亿万]")
FLOOR_WHAT = ("read the file, decode it (`bytes.decode`, in the encoding gwr detected) and "
              f"run one compiled regex (`{BASELINE_RE.pattern}`, `findall`) over the text")

HEADER = """# Performance

Throughput figures for gwr's stages, each produced by a benchmark under
`bench/` and written between its own `<!-- bench:NAME:start/end -->` markers;
everything outside the markers is hand-written and kept across runs. Speed
targets are checked by these benchmarks, not by timed unit tests. The machine
is shared and noisy (2 cores), so every benchmark also measures a reference
floor in the same run, and figures are best compared as ratios to it.
"""


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def add_common_args(ap: argparse.ArgumentParser, *, repeat: int, budget: float) -> None:
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"),
                    help="folder holding corpus/ (default: ../shared beside the repo)")
    ap.add_argument("--samples", default=str(ROOT / "samples"), help=argparse.SUPPRESS)
    ap.add_argument("--mb", type=float, default=30.0, help="workload size in MB (10^6 bytes)")
    ap.add_argument("--repeat", type=int, default=repeat,
                    help="rounds; each pass runs once per round and its best round is kept")
    ap.add_argument("--out", default=str(ROOT / "docs" / "PERFORMANCE.md"))
    ap.add_argument("--no-write", action="store_true", help="print only; leave --out alone")
    ap.add_argument("--profile", action="store_true", help="add where the time goes")
    ap.add_argument("--budget", type=float, default=budget,
                    help="seconds; fewer repeats are run when a pass is slow enough to exceed it")


def run_bench(name: str, doc: str, measure: Callable[[argparse.Namespace, dict, Path], dict],
              render: Callable[[dict], str], *, repeat: int, budget: float,
              more_args: Callable[[argparse.ArgumentParser], None] | None = None,
              argv: list[str] | None = None) -> int:
    """A benchmark's frame: arguments, this process pinned to one core, the workload in a
    temp directory, ``measure(args, workload, its directory)``, and the rendered section to
    stdout and (unless ``--no-write``) between the ``bench:NAME`` markers of ``--out``."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    add_common_args(ap, repeat=repeat, budget=budget)
    if more_args:
        more_args(ap)
    args = ap.parse_args(argv)
    args.repeat = max(1, args.repeat)
    t_start = time.perf_counter()
    pinning = pin_one_core()
    tmp = Path(tempfile.mkdtemp(prefix="gwr-bench-"))
    try:
        w = build_workload(Path(args.shared), Path(args.samples), args.mb, tmp)
        log(f"{len(w['files'])} files, {w['bytes'] / 1e6:.3f} MB in {tmp}; {pinning}")
        if w["corpus_missing"]:
            log(f"{Path(args.shared) / 'corpus'} not found: samples only")
        r = measure(args, w, tmp)
        r.update({"workload": w, "bytes": w["bytes"], "nfiles": len(w["files"]), **run_info(pinning)})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    section = render(r)
    print(section)
    if not args.no_write:
        write_doc(Path(args.out), name, section)
        log(f"wrote {args.out}")
    log(f"total {time.perf_counter() - t_start:.1f} s")
    return 0


def fit_repeat(repeat: int, budget: float, cost: Callable[[int], float]) -> int:
    """``repeat``, or fewer rounds when ``cost(rounds)`` (estimated seconds) exceeds ``budget``."""
    fitted = repeat
    while fitted > 1 and cost(fitted) > budget:
        fitted -= 1
    if fitted < repeat:
        log(f"slow: repeats cut to {fitted} to stay within --budget {budget:g} s")
    return fitted


# ---------------------------------------------------------------------------
# Workload


def build_workload(shared: Path, samples: Path, target_mb: float, dest: Path) -> dict:
    corpus = sorted(glob.glob(str(shared / "corpus" / "*.txt")))
    own = sorted(p for p in glob.glob(str(samples / "*"))
                 if os.path.isfile(p) and os.path.splitext(p)[1].lower() in SUPPORTED_EXTENSIONS)
    seed = corpus + own
    if not seed:
        raise SystemExit(f"no input: neither {shared / 'corpus'} nor {samples} holds any file")
    seed_bytes = sum(os.path.getsize(p) for p in seed)
    rounds = max(1, round(target_mb * 1e6 / seed_bytes))
    files: list[str] = []
    copies: list[str] = []  # of the seed corpus alone
    for r in range(rounds):
        for p in seed:
            base = os.path.basename(p)
            stem, ext = os.path.splitext(base)
            out = dest / f"r{r:03d}_{stem}{ext}"
            shutil.copyfile(p, out)
            files.append(str(out))
            if p in corpus:
                copies.append(str(out))
    total = sum(os.path.getsize(p) for p in files)
    return {"files": files, "bytes": total, "rounds": rounds, "seed_files": len(seed),
            "seed_bytes": seed_bytes, "corpus_files": len(corpus), "sample_files": len(own),
            "corpus_missing": not corpus, "corpus_copies": copies,
            "corpus_bytes": sum(os.path.getsize(p) for p in copies)}


def workload_line(w: dict, tail: str) -> str:
    src = (f"{w['corpus_files']} seed-corpus files + {w['sample_files']} samples"
           if not w["corpus_missing"] else
           f"**SHARED/corpus missing: samples only** ({w['sample_files']} files)")
    return (f"- workload: {src} = {w['seed_files']} files, {w['seed_bytes'] / 1e6:.3f} MB, "
            f"copied {w['rounds']}× → **{len(w['files'])} files, {w['bytes'] / 1e6:.3f} MB** ({tail})")


# ---------------------------------------------------------------------------
# Timed passes


def timed(fn) -> tuple[float, object]:
    gc.collect()
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def interleaved(passes: dict[str, object], repeat: int) -> tuple[dict[str, list[float]], dict[str, object]]:
    """Run every pass once per round, ``repeat`` rounds; all wall times and each pass's last result.

    Rounds rather than one pass ``repeat`` times in a row: a burst of load from
    a neighbour then hits the floor and gwr alike, so their ratio holds.
    """
    times: dict[str, list[float]] = {k: [] for k in passes}
    outs: dict[str, object] = {}
    for _ in range(repeat):
        for name, fn in passes.items():
            t, outs[name] = timed(fn)
            times[name].append(t)
    return times, outs


def pass_baseline(files: list[str], encodings: dict[str, str]) -> int:
    hits = 0
    for p in files:
        with open(p, "rb") as fh:
            text = fh.read().decode(encodings.get(p, "utf-8"), errors="replace")
        hits += len(BASELINE_RE.findall(text))
    return hits


def pass_read(files: list[str]) -> list:
    out = []
    for p in files:
        try:
            out.append(read_file(p))
        except GwrError:
            pass
    return out


def floor_encodings(sources: list) -> dict[str, str]:
    return {s.path: s.encoding or "utf-8" for s in sources if s.format in ("txt", "md", "html")}


_ALLOWED: list[set[int]] = []


def pin_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (os.sched_setaffinity unavailable)"
    try:
        allowed = os.sched_getaffinity(0)
        _ALLOWED[:] = [set(allowed)]
        core = 0 if 0 in allowed else min(allowed)
        os.sched_setaffinity(0, {core})
        return f"pinned to CPU {core}"
    except OSError as err:
        return f"not pinned ({err})"


def unpin() -> None:
    """Give the process (and the processes it starts from now on) back every core it had."""
    if _ALLOWED and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, _ALLOWED[0])


# ---------------------------------------------------------------------------
# Sampling profile


def module_of(filename: str) -> str | None:
    try:
        rel = Path(filename).resolve().relative_to(SRC_GWR)
    except (ValueError, OSError):
        return None
    return rel.with_suffix("").as_posix().removesuffix("/__init__")


def label(func: tuple[str, int, str]) -> str:
    filename, line, name = func
    mod = module_of(filename)
    if mod is not None:
        return f"gwr/{Path(filename).resolve().relative_to(SRC_GWR).as_posix()}:{line} {name}"
    if filename == "~":
        return name  # a builtin, e.g. <method 'sub' of 're.Pattern' objects>
    parts = Path(filename).parts
    if "site-packages" in parts:
        short = "/".join(parts[parts.index("site-packages") + 1:])
    else:
        short = Path(filename).name
    return f"{short}:{line} {name}"


def sample(run: Callable[[], object], passes: int, stages: dict[str, Iterable[tuple[str, str]]],
           interval: float = 0.001) -> dict | None:
    """Statistical profile of ``passes`` calls of ``run``: the Python stack every ``interval`` s of CPU.

    Unlike cProfile it adds no cost per call, so it does not inflate small
    Python functions against long C calls (regex scans, Aho-Corasick).  A
    signal is handled between bytecodes, so a sample that falls inside a C call
    lands right after it, in the Python frame that made the call: C time is
    charged to its caller (or to a function the caller enters before the
    interpreter next checks for signals, e.g. a sort key lambda right after a
    long regex scan).  Each sample is charged to the innermost gwr
    function on the stack (time in stdlib helpers goes to the gwr code using them).

    ``stages`` maps a label to the (gwr module, function name) pairs that enter
    the stage; each stage gets its inclusive count (every sample with one of
    them on the stack) and its outermost count (samples whose outermost stage
    function is one of them: these do not overlap, a stage called inside
    another is charged to the outer one).
    """
    import signal

    if not hasattr(signal, "setitimer"):
        return None
    entry = {key: name for name, keys in stages.items() for key in keys}
    self_n: dict[tuple, int] = defaultdict(int)
    incl_n: dict[tuple, int] = defaultdict(int)
    incl_stage: dict[str, int] = defaultdict(int)
    outer_stage: dict[str, int] = defaultdict(int)
    n = 0

    def on_sample(_sig, frame) -> None:
        nonlocal n
        n += 1
        charged = False
        seen = set()
        in_stages = set()
        outer = None
        f = frame
        while f is not None:
            code = f.f_code
            mod = module_of(code.co_filename)
            if mod is not None:
                key = (code.co_filename, code.co_firstlineno, code.co_name)
                if not charged:
                    self_n[key] += 1
                    charged = True
                if key not in seen:
                    seen.add(key)
                    incl_n[key] += 1
                st = entry.get((mod, code.co_name))
                if st is not None:
                    in_stages.add(st)
                    outer = st
            f = f.f_back
        if not charged:
            self_n[("~", 0, "(outside gwr)")] += 1
        for st in in_stages:
            incl_stage[st] += 1
        outer_stage[outer or "(outside every stage)"] += 1

    gc.collect()
    cpu0 = time.process_time()
    old = signal.signal(signal.SIGPROF, on_sample)
    signal.setitimer(signal.ITIMER_PROF, interval, interval)
    try:
        for _ in range(passes):
            run()
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, old)
    cpu = time.process_time() - cpu0
    if not n:
        return None
    by_module: dict[str, int] = defaultdict(int)
    for k, c in self_n.items():
        by_module[module_of(k[0]) or "(outside gwr)"] += c
    return {
        "samples": n, "passes": passes, "interval": interval, "cpu": cpu,
        "stages": {name: incl_stage.get(name, 0) for name in stages},
        "outer": {name: outer_stage.get(name, 0) for name in [*stages, "(outside every stage)"]},
        "modules": sorted(by_module.items(), key=lambda kv: -kv[1]),
        "self": sorted(((label(k), c) for k, c in self_n.items()), key=lambda kv: -kv[1]),
        "incl": sorted(((label(k), c) for k, c in incl_n.items()), key=lambda kv: -kv[1]),
    }


def stage_rows(stages: list[tuple[str, str, float]], mb: float, whole: float) -> list[str]:
    """Rows ``| stage | function | best time (s) | MB/s | share |`` of a per-stage table."""
    return [f"| {name} | {fn} | {fmt_s(t)} | {mb / t:.1f} | {100 * t / whole:.1f} % |" for name, fn, t in stages]


def sampled_section(samp: dict, what: str, more: str) -> list[str]:
    """The heading and first paragraph of a sampling profile's section."""
    return ["### Where the time goes (sampling profile)", "", sampled_intro(samp, what) + more, ""]


def sampled_intro(samp: dict, what: str) -> str:
    n = samp["samples"]
    return (f"{n:,} samples over {samp['passes']} {what} ({samp['cpu']:.2f} s of CPU; "
            f"one every {1000 * samp['cpu'] / n:.1f} ms, as the kernel's timer tick allows). "
            "Sampling adds no cost per call, so unlike "
            "cProfile it does not inflate small Python functions against long C "
            "calls; the time of a C call (regex scan, Aho-Corasick, `str` method) and of "
            "library code is charged to the innermost gwr function that made it (strictly: to the "
            "frame running when the interpreter next checks for signals, which can be a small "
            "function called right after a long C call: a whole-text regex scan followed by "
            "`sort(key=lambda …)` shows up as the lambda).")


def sampled_tables(samp: dict, top: int = 20, skip_incl: tuple[str, ...] = ("gwr/pipeline",)) -> list[str]:
    """The per-module table and the top functions (self | inclusive) of a sampling profile."""
    n = samp["samples"]
    L = ["| module (self, with the C calls it makes) | share |", "| --- | ---: |"]
    for m, c in samp["modules"]:
        if c / n >= 0.005:
            name = m if m.startswith("(") else f"`gwr/{m}`"
            L.append(f"| {name} | {100 * c / n:.1f} % |")
    L.append("")
    L.append("| # | function: self (with its C calls) | share | | function: inclusive | share |")
    L.append("| ---: | --- | ---: | --- | --- | ---: |")
    incl = [(f, c) for f, c in samp["incl"] if not f.startswith(skip_incl)]
    for i in range(top):
        a = samp["self"][i] if i < len(samp["self"]) else ("", 0)
        b = incl[i] if i < len(incl) else ("", 0)
        fa = f"`{a[0]}`" if a[0] else ""
        fb = f"`{b[0]}`" if b[0] else ""
        L.append(f"| {i + 1} | {fa} | {100 * a[1] / n:.1f} % | | {fb} | {100 * b[1] / n:.1f} % |")
    L.append("")
    return L


# ---------------------------------------------------------------------------
# Report


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def fmt_s(x: float) -> str:
    return f"{x:.3f}"


def git_rev() -> str:
    """The checkout's commit, through git itself (a worktree's ``.git`` is a file, not a directory)."""
    import subprocess

    try:
        rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short=7", "HEAD"], capture_output=True,
                             text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (rev + (" + uncommitted changes" if dirty else "")) if rev else "unknown"


def run_info(pinning: str) -> dict:
    return {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "nproc": os.cpu_count(), "cpu": cpu_model(), "pinning": pinning,
            "python": platform.python_version(), "git": git_rev()}


def run_lines(r: dict) -> list[str]:
    """The date / machine / Python lines every section starts with."""
    return [f"- date: {r['date']}",
            f"- machine: {r['nproc']} CPU(s), {r['cpu']}; {r['pinning']}",
            f"- Python {r['python']} ({platform.python_implementation()}), gwr at git `{r['git']}`"]


def met(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def write_doc(path: Path, name: str, section: str) -> None:
    """Put ``section`` between the ``bench:NAME`` markers of ``path``, keeping everything else."""
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    block = f"{start}\n{section.rstrip()}\n{end}"
    if path.exists():
        old = path.read_text(encoding="utf-8")
        a, b = old.find(start), old.find(end)
        if a != -1 and b != -1 and b > a:
            new = old[:a] + block + old[b + len(end):]
        else:
            new = old.rstrip() + "\n\n" + block + "\n"
    else:
        new = HEADER + "\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(new, encoding="utf-8")
    tmp.replace(path)


def sample_queries(files: list[str], n: int, first: tuple[str, ...] = (), seed: int = 0) -> list[str]:
    """``first``, then two- to four-character strings of Chinese characters from the corpus, common and
    rare alike: drawn at random positions of random files, so that frequent words come up as often as
    they occur."""
    import random

    rnd = random.Random(seed)
    out: list[str] = list(first)
    texts = [Path(p).read_text(encoding="utf-8", errors="ignore") for p in rnd.sample(files, min(200, len(files)))
             if p.endswith((".txt", ".md"))]
    while len(out) < n:
        t = rnd.choice(texts)
        k = rnd.choice((2, 2, 3, 4))
        i = rnd.randrange(0, max(1, len(t) - k))
        q = t[i:i + k]
        if all("\u4e00" <= c <= "\u9fff" for c in q) and q not in out:
            out.append(q)
    return out


def draw_substrings(texts: list[str], rng, first: tuple[str, ...] | list[str], n: int) -> list[str]:
    """``first``, then 2–4 character runs of letters or digits drawn at random places of ``texts``
    until there are ``n``: the web benchmarks' search queries."""
    out = list(first)
    while len(out) < n:
        t = rng.choice(texts)
        k = rng.randint(2, 4)
        i = rng.randrange(0, max(1, len(t) - k))
        q = t[i:i + k]
        if q.strip() and all(ch.isalnum() for ch in q):
            out.append(q)
    return out


def source_of(rev: str, dest: Path) -> Path:
    """``src/`` of gwr at git ``rev``, exported into ``dest``: the "before" tree of a bench that
    compares two revisions in one run."""
    import subprocess
    import tarfile

    dest.mkdir(parents=True, exist_ok=True)
    archive = dest / "src.tar"
    with open(archive, "wb") as f:
        subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], stdout=f, check=True)
    with tarfile.open(archive) as t:
        t.extractall(dest, filter="data")
    return dest / "src"
