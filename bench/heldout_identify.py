"""Identification accuracy per held-out round: region, code, year, date, speaker … (issue 11).

    .venv/bin/python bench/heldout_identify.py            # every round of tests/test_heldout.py
    PYTHONPATH=/other/checkout/src .venv/bin/python bench/heldout_identify.py   # another version

Reads the rounds' expected.json and compares field by field as tests/test_heldout.py does.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_heldout import FIELDS, ROUNDS, _expected, _observed  # noqa: E402

from gwr.pipeline import extract_file  # noqa: E402

SHOWN = ["region", "code", "report_year", "review_year", "delivered_date", "speaker", "successor", "duplicate_of"]


class _Compat:
    """A document of an older gwr version seen with the fields it lacked set to None."""

    def __init__(self, doc):
        self._doc = doc
        self.region = _CompatRegion(doc.region) if doc.region is not None else None

    def __getattr__(self, name):
        return getattr(self._doc, name, None)


class _CompatRegion:
    def __init__(self, region):
        self._r = region

    def __getattr__(self, name):
        return getattr(self._r, name, None)


def main() -> None:
    import json

    print("round     n  " + "  ".join(f"{f:>14}" for f in SHOWN))
    for name in sorted(ROUNDS):
        folder = ROOT / "tests" / "data" / name
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        results = {n: extract_file(folder / n) for n in sorted({e["file"] for e in expected})}
        hits = Counter()
        for e in expected:
            docs = results[e["file"]].documents
            doc = max(docs, key=lambda d: min(d.lines[1], e["end_line"]) - max(d.lines[0], e["start_line"]))
            got = _observed(_Compat(doc))
            want = _expected(e)
            for f in FIELDS:
                hits[f] += got.get(f, object()) == want[f]
        n = len(expected)
        print(f"{name:9} {n:2}  " + "  ".join(f"{hits[f] / n:14.3f}" for f in SHOWN))


if __name__ == "__main__":
    main()
