#!/usr/bin/env python3
"""``gwr ingest`` end to end, this checkout against gwr at ``--before REV``, in alternating rounds.

    python bench/ingest_ab.py /tmp/gwr-bench-corpus --files 400 --before HEAD~3 --jobs 2 --rounds 2

bench_write.py times the writer alone on rows prepared once; this times what a user waits for:
each round ingests the same files into a fresh SQLite file (or ``--pg`` server: a fresh database
on it) in a process of each tree, in turn (before, after, after, before, …).  Per run: wall time,
the CPU of the ingesting process (with SQLite, the one writer: what caps ``-j N``) and of its
extracting workers.  The stored rows of the two trees' last databases are then compared table by
table (every column but the ingest timestamps), so a speed-up that changes what is stored shows.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, source_of  # noqa: E402

RUN = """
import resource, sys, time
import gwr
from gwr.store import db as store_db
from gwr.store.ingest import ingest
files = sys.argv[3:]
engine = store_db.connect(sys.argv[1])
t0 = time.perf_counter()
out = list(ingest(engine, files, jobs=int(sys.argv[2])))
wall = time.perf_counter() - t0
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime, sum(o.status == "failed" for o in out))
"""
# per run or per tree, not what was read: timestamps, versions, and the count of write transactions
SKIP = {"ingested_at", "gwr_version", "derived", "generation"}


def run(src: Path, url: str, jobs: int, files: list[str]) -> tuple[float, float, float, int]:
    out = subprocess.run([sys.executable, "-c", RUN, url, str(jobs), *files], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(src)})
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    wall, me, kids, failed = out.stdout.split()[-4:]
    return float(wall), float(me), float(kids), int(failed)


def digest(db: str) -> dict[str, str]:
    """Per table, a digest of its rows (sorted), blobs inflated where they are stored compressed."""
    con = sqlite3.connect(db)
    out = {}
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                        "'%fts%' AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'")]
    for t in tables:
        cols = [r[1] for r in con.execute(f"PRAGMA table_info('{t}')") if r[1] not in SKIP]
        if not cols:
            continue
        h = hashlib.sha256()
        quoted = ", ".join('"' + c + '"' for c in cols)
        for row in sorted(con.execute(f'SELECT {quoted} FROM "{t}"'), key=repr):
            h.update(repr(row).encode())
        out[t] = h.hexdigest()[:16]
    con.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--before", required=True, metavar="REV")
    ap.add_argument("--after", metavar="REV", help="gwr at this git REV (default: this checkout's src/)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--pg", metavar="URL", help="a PostgreSQL server: a fresh database on it per run")
    a = ap.parse_args(argv)
    files = sorted(str(p) for p in Path(a.corpus).iterdir() if p.suffix in (".txt", ".html", ".htm"))[: a.files]
    tmp = Path(tempfile.mkdtemp(prefix="gwr-ingest-ab-"))
    trees = {"before": source_of(a.before, tmp / "before"),
             "after": source_of(a.after, tmp / "after") if a.after else ROOT / "src"}
    got: dict[str, list[tuple[float, float, float, int]]] = {k: [] for k in trees}
    last: dict[str, str] = {}
    for r in range(a.rounds):
        for name in (("before", "after") if r % 2 == 0 else ("after", "before")):
            if a.pg:
                sys.path.insert(0, str(ROOT / "tests"))
                from pg import fresh_database

                url = fresh_database(a.pg)
            else:
                url = str(tmp / f"{name}-{r}.sqlite")
            got[name].append(run(trees[name], url, a.jobs, files))
            last[name] = url
            w, me, kids, failed = got[name][-1]
            print(f"round {r + 1} {name}: {w:.1f} s wall, ingesting process {me:.1f} s CPU, workers {kids:.1f} s CPU"
                  f"{f', {failed} failed' if failed else ''}", file=sys.stderr, flush=True)
    med = {k: [statistics.median(x[i] for x in v) for i in range(3)] for k, v in got.items()}
    n = len(files)
    print(f"{n} files, -j {a.jobs}, {a.rounds} rounds each, medians:")
    print("| tree | wall s | files/s | ingesting process CPU ms/file | workers CPU ms/file |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for k in ("before", "after"):
        w, me, kids = med[k]
        print(f"| {k} | {w:.1f} | {n / w:.1f} | {1000 * me / n:.1f} | {1000 * kids / n:.1f} |")
    print(f"after/before: wall {med['after'][0] / med['before'][0]:.2f}×, ingesting process CPU "
          f"{med['after'][1] / med['before'][1]:.2f}×, workers CPU {med['after'][2] / med['before'][2]:.2f}×")
    if not a.pg:
        d = {k: digest(last[k]) for k in last}
        differ = sorted(t for t in d["after"] if d["before"].get(t) != d["after"][t])
        print("stored rows: " + ("identical in every table" if not differ else "DIFFER in " + ", ".join(differ)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
