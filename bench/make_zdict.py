#!/usr/bin/env python3
"""Write ``src/gwr/search/zdict.txt``: the preset dictionary that compresses stored paragraphs.

    python bench/make_zdict.py --shared ../shared

The dictionary is a list of the genre's most frequent words (rjieba's
segmentation of the samples and, when present, the seed corpus), the most
frequent last (zlib finds near matches cheaper), cut at 16 KiB.  Words only:
no sentence of a source is kept.  Run once; the stored blobs name the
dictionary's version (``gwr.search.stored.FORMAT``), so a new dictionary needs
a new format byte, never an edit of this one.
"""
from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from gwr.read import read_file  # noqa: E402
from gwr.search.tokens import normalize  # noqa: E402

LIMIT = 16 * 1024
MIN_FILES = 3


def main() -> int:
    import rjieba

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = ap.parse_args()
    paths = sorted((ROOT / "samples").iterdir()) + sorted(Path(args.shared, "corpus").glob("*.txt"))
    counts: collections.Counter[str] = collections.Counter()
    files: collections.Counter[str] = collections.Counter()
    for p in paths:
        words = [w for w in rjieba.cut(normalize(read_file(p).text))
                 if len(w) >= 2 and w.isalnum() and not w.isascii()]
        counts.update(words)
        files.update(set(words))
    chosen, size = [], 0
    # words of many files only: the genre's vocabulary, not one report's places and names
    for w, n in counts.most_common():
        if files[w] < MIN_FILES:
            continue
        if size + len(w.encode()) > LIMIT:
            break
        chosen.append(w)
        size += len(w.encode())
    out = ROOT / "src" / "gwr" / "search" / "zdict.txt"
    out.write_text("".join(reversed(chosen)), encoding="utf-8")
    print(f"{len(chosen)} words, {size} bytes → {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
