#!/usr/bin/env python3
"""CPU time and a digest of ``gwr.store.derived.compute`` (commitments, outcomes, attention tallies)
over the seed corpus, the samples and generated reports: speed work on the rows ingest derives
must keep the digest and lower the time.

    PYTHONPATH=OLD/src python bench/derived_digest.py    # the tree before
    PYTHONPATH=src python bench/derived_digest.py        # the tree after: same digest, less CPU

Run the two in turn, twice (the machine is shared): the CPU seconds of ``compute`` alone are
printed, extraction excluded.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--generated", default="/tmp/gwr-scale-corpus", help="a bench/make_corpus.py directory")
    ap.add_argument("-n", type=int, default=300, help="generated reports to take")
    args = ap.parse_args()
    from gwr.pipeline import extract_one
    from gwr.store import derived

    files = (sorted(glob.glob(os.path.join(args.shared, "corpus", "*.txt")))
             + sorted(str(p) for p in (ROOT / "samples").iterdir())
             + sorted(p for p in glob.glob(os.path.join(args.generated, "0*")))[: args.n])
    h, cpu, n = hashlib.sha256(), 0.0, 0
    for f in files:
        _, result, error = extract_one(f, None)
        if error is not None:
            continue
        t = time.process_time()
        rows = derived.compute(result)
        cpu += time.process_time() - t
        h.update(json.dumps(rows, ensure_ascii=False, sort_keys=True, default=str).encode())
        n += 1
    print(f"{n} files, digest {h.hexdigest()[:16]}, compute {cpu:.2f} s CPU")


if __name__ == "__main__":
    main()
