#!/usr/bin/env python3
"""What the compact stored forms cost the writer, as a share of extraction on the same files in one run.

    python bench/bench_pack.py --corpus /tmp/size-corpus-1k --files 100

Per file: ``extract_file`` + ``gwr.store.derived.compute`` (CPU seconds), then,
over the same results, the packing ``gwr.store.derived.insert`` does (a
document's items, its tallies: ``gwr.store.compact``), the report text as
SQLite stores it (``gwr.store.texts.pack``, at levels 3 and the shipped one)
and the JSON encoding the rows had before migration 0009.  Prints the shares;
writes nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402,F401 - puts src on the path

from gwr.pipeline import extract_file  # noqa: E402
from gwr.store import texts  # noqa: E402
from gwr.store.compact import pack, pack_items  # noqa: E402
from gwr.store.derived import compute  # noqa: E402


def packed(text, rows) -> None:
    for row in rows:
        pack_items(row["plan"])
        pack_items(row["outcome"])
        for t in row["attention"]:
            pack([t["counts"], t["sentences_with"], t["terms"], t["evidence"]])


def as_json(text, rows) -> None:
    for row in rows:
        for i in row["plan"] + row["outcome"]:
            json.dumps({**i, "path": "x"}, ensure_ascii=False)
        for t in row["attention"]:
            for k in ("counts", "sentences_with", "terms", "evidence"):
                json.dumps(t[k], ensure_ascii=False)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default="/tmp/gwr-bench-corpus")
    ap.add_argument("--files", type=int, default=100)
    args = ap.parse_args()
    paths = sorted(p for p in Path(args.corpus).iterdir() if not p.name.endswith(".jsonl"))[:args.files]
    for p in paths[:3]:  # warm-up: imports, dictionaries
        compute(extract_file(p))
    results, t_extract = [], 0.0
    for p in paths:
        t0 = time.process_time()
        r = extract_file(p)
        rows = compute(r)
        t_extract += time.process_time() - t0
        results.append((r.source.text, rows))

    def cost(f) -> float:
        t0 = time.process_time()
        for text, rows in results:
            f(text, rows)
        return time.process_time() - t0

    shipped = texts.LEVEL
    out = {"items and tallies packed": cost(packed), "the same as JSON (before 0009)": cost(as_json)}
    for level in sorted({3, shipped}):
        texts.LEVEL = level
        out[f"text packed, level {level}"] = cost(lambda text, rows: texts.pack(text))
    texts.LEVEL = shipped
    mb = sum(len(t.encode("utf-8")) for t, _ in results) / 1e6
    print(f"{len(paths)} files, {mb:.1f} MB of text: extract + compute {t_extract:.2f} s CPU")
    for k, v in out.items():
        print(f"  {k}: {v:.3f} s = {100 * v / t_extract:.1f} % of it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
