#!/usr/bin/env python3
"""The writer's part of ingest alone: the same prepared files stored into SQLite and PostgreSQL,
as ratios within one run (and against gwr at ``--before REV``).

    python bench/bench_write.py --reports 300 --before HEAD~1          # before/after, both databases
    python bench/bench_write.py --reports 300 --profile postgresql     # where a transaction's time goes

Extraction is done once (``gwr.store.ingest.prepare_one``, one process per core)
and its results pickled; each pass then loads them in one writer process per
source tree (this checkout, or ``git archive REV src``), each with a fresh
database (SQLite file; a new database on a throwaway PostgreSQL server started
like the tests', fsync off, unless ``--pg URL`` names one), and times only
``store_prepared``.  The writers take the files in turn, one file each (before,
after, after, before …), so that the machine's bursts of load fall on both
alike; the median of the rounds is kept.
"""
from __future__ import annotations

import argparse
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, log, run_info, run_lines, source_of, write_doc  # noqa: E402


def prepared(files: list[str], cache: Path) -> Path:
    """The files' prepared rows, pickled once (the cache is keyed on the file list and sizes)."""
    from concurrent.futures import ProcessPoolExecutor

    from gwr.store.ingest import _warm, prepare_one

    import hashlib

    key = hashlib.sha256(repr([(f, os.path.getsize(f)) for f in files]).encode()).hexdigest()[:16]
    path = cache / f"prepared-{len(files)}-{key}.pickle"
    if path.exists():
        return path
    _warm()
    log(f"extracting {len(files)} files once")
    with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
        out = [r for r in pool.map(prepare_one, files, chunksize=8) if r[2] is None]
    # (source, docs): what store_prepared of any tree takes (its rows unpacked: the writer packs them)
    path.write_bytes(pickle.dumps([(p, prep[:2]) for p, prep, _ in out], protocol=pickle.HIGHEST_PROTOCOL))
    return path




def child(pickled: str, url: str, profile: str | None) -> None:
    """One writer, in its own process: reads a file's number per line on stdin, stores that prepared
    file, answers the writer's seconds; ``--profile``: stores them all and prints a profile."""
    from gwr.store import db as store_db
    from gwr.store.ingest import store_prepared

    items = pickle.loads(Path(pickled).read_bytes())
    engine = store_db.connect(url)

    def store(k: int) -> float:
        path, (source, docs) = items[k]
        t = time.perf_counter()
        store_prepared(engine, source, docs, path, name=os.path.basename(path), key=path)
        return time.perf_counter() - t

    if profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.runcall(lambda: [store(k) for k in range(len(items))])
        pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(45)
        pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(30)
        return
    print(len(items), flush=True)
    for line in sys.stdin:
        print(store(int(line)), flush=True)
    engine.dispose()


class Writer:
    """A :func:`child` process over one source tree and one fresh database."""

    def __init__(self, src: Path, pickled: Path, url: str, profile: str | None = None):
        env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{ROOT / 'bench'}"}
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(pickled), url]
        if profile:
            cmd += ["--profile", profile]
        self.proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.n = 0 if profile else int(self.proc.stdout.readline())

    def store(self, k: int) -> float:
        self.proc.stdin.write(f"{k}\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"writer failed on file {k} (see its error above)")
        return float(line)

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


def interleaved_pass(trees: dict[str, Path], pickled: Path, urls: dict[str, str]) -> dict[str, float]:
    """Every tree stores every file into its own database, file by file in turn (the order of the
    trees swapped every file), so that a burst of load on the machine falls on all of them alike."""
    writers = {name: Writer(src, pickled, urls[name]) for name, src in trees.items()}
    spent = dict.fromkeys(trees, 0.0)
    names = list(trees)
    try:
        for k in range(next(iter(writers.values())).n):
            for name in (names if k % 2 == 0 else names[::-1]):
                spent[name] += writers[name].store(k)
    finally:
        for w in writers.values():
            w.close()
    return spent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--child", nargs=2, metavar=("PICKLE", "URL"), help=argparse.SUPPRESS)
    ap.add_argument("--profile", choices=("sqlite", "postgresql"), help="cProfile one pass of this tree")
    ap.add_argument("--corpus", default="/tmp/gwr-bench-corpus", help="generated reports (bench/make_corpus.py)")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--reports", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--before", metavar="REV", help="also time gwr at git REV, in alternating passes")
    ap.add_argument("--after", metavar="REV", help="time gwr at git REV as 'after' (default: this checkout)")
    ap.add_argument("--dialects", default="sqlite,postgresql")
    ap.add_argument("--pg", metavar="URL", help="a PostgreSQL server to create databases on")
    ap.add_argument("--no-write", action="store_true", help="print, do not update docs/PERFORMANCE.md")
    args = ap.parse_args()
    if args.child:
        return child(*args.child, args.profile)

    from gwr.read import iter_paths

    corpus = Path(args.corpus)
    if not (corpus / "manifest.jsonl").exists():
        import make_corpus

        make_corpus.generate(corpus, args.reports, seed=0, shared=Path(args.shared))
    files = sorted(p for p in iter_paths([corpus]) if not p.endswith(".jsonl"))[:args.reports]
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="gwr-write-")))
        pickled = prepared(files, Path(tempfile.gettempdir()))
        trees = {"after": source_of(args.after, tmp / "after") if args.after else ROOT / "src"}
        if args.before:
            trees = {"before": source_of(args.before, tmp / "before"), **trees}
        dialects = args.dialects.split(",")
        pg = None
        if "postgresql" in dialects or args.profile == "postgresql":
            sys.path.insert(0, str(ROOT / "tests"))
            from pg import fresh_database, postgres_server

            pg = args.pg or stack.enter_context(postgres_server())
        n = 0

        def url_for(dialect: str) -> str:
            nonlocal n
            n += 1
            return str(tmp / f"w{n}.sqlite") if dialect == "sqlite" else fresh_database(pg)

        if args.profile:
            Writer(trees["after"], pickled, url_for(args.profile), args.profile).proc.wait()
            return
        times: dict[tuple[str, str], list[float]] = {}
        for r in range(args.rounds):
            for dialect in dialects:
                got = interleaved_pass(trees, pickled, {name: url_for(dialect) for name in trees})
                for name, s in got.items():
                    times.setdefault((dialect, name), []).append(s)
                    log(f"round {r + 1}: {dialect} {name}: {s:.2f} s")
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    med = {k: statistics.median(v) for k, v in times.items()}
    lines = ["## write: the writer's part of ingest, SQLite and PostgreSQL (`bench/bench_write.py`)", "",
             *run_lines(run_info("not pinned")), "",
             f"The same {len(files)} generated reports ({mb:.1f} MB) extracted once, then stored file by file "
             "(`store_prepared`, one transaction each) into a fresh database per tree and round; the trees' "
             f"writers take the files in turn, one file each; {args.rounds} rounds, median seconds of the "
             "writer alone.", "",
             f"Reproduce: `.venv/bin/python bench/bench_write.py --reports {args.reports} --rounds {args.rounds}"
             f"{f' --before {args.before}' if args.before else ''}`", "",
             "| database | tree | writer s | files/s | ms per file | vs SQLite (same tree) |",
             "| --- | --- | ---: | ---: | ---: | ---: |"]
    for (dialect, name), s in med.items():
        base = med.get(("sqlite", name))
        vs = f"{base / s:.2f}×" if base else "—"
        lines.append(f"| {dialect} | {name}{f' (`{args.before}`)' if name == 'before' else ''} | {s:.2f} | "
                     f"{len(files) / s:.1f} | {1000 * s / len(files):.1f} | {vs} |")
    if args.before:
        lines += [""] + [f"- {d}: after runs at **{med[(d, 'before')] / med[(d, 'after')]:.2f}×** the speed of "
                         "before" for d in dialects]
    section = "\n".join(lines) + "\n"
    print(section)
    if not args.no_write:
        write_doc(ROOT / "docs" / "PERFORMANCE.md", "write", section)


if __name__ == "__main__":
    main()
