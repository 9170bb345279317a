"""Measures gwr on tests/data/heldout7 the way tests/test_heldout.py does, plus the
fields this round adds (successor, duplicate_of) and a per-file document count.

    cd /work/main && .venv/bin/python /path/to/heldout7/make/measure_baseline.py [--markdown]

Only the files named in expected.json are extracted (this folder also holds make/
and notes).
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from gwr.pipeline import extract_file

FOLDER = Path(__file__).resolve().parent.parent
FIELDS = ["lines", "kind", "region", "level", "code", "parent", "report_year", "review_year",
          "delivered_date", "speaker", "session", "sections"]
EXTRA = ["successor", "duplicate_of"]
CATEGORIES = {
    "1 national reports": ["01", "02", "03", "04"],
    "2 five-year reports": ["02", "05", "06", "07", "12", "14", "18"],
    "3 year only in the body / scraped year": ["08", "09", "10"],
    "4 Chinese-numeral dates (0 O 〇 ○)": ["11", "12", "13", "14"],
    "5 speakers (name on next line, middle dots, stray spaces)": ["06", "07", "09", "10", "12", "13", "16", "17", "18"],
    "6 headings run into their paragraph": ["17"],
    "7 divisions changed since (code then + successor)": ["11", "12", "13", "14", "15", "16", "19", "20"],
    "8 exports and PDF": ["18", "19"],
    "9 one report, one count": ["03", "09", "10", "20"],
}


def _title(t: str) -> str:
    t = unicodedata.normalize("NFKC", t or "").strip().lstrip("#").strip()
    return re.sub(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分\s*|\d{1,2}[.．、]\s*)",
                  "", t)


def _successor(r):
    s = getattr(r, "successor", None) if r else None
    if s is None:
        return None
    if isinstance(s, dict):
        return {"name": s.get("name"), "code": s.get("code")}
    return {"name": getattr(s, "name", None), "code": getattr(s, "code", None)}


def _observed(doc) -> dict:
    r = doc.region
    return {
        "lines": list(doc.lines), "kind": doc.kind,
        "region": r.name if r else None, "level": r.level if r else None,
        "code": r.code if r else None, "parent": r.parent if r else None,
        "report_year": doc.report_year, "review_year": doc.review_year,
        "delivered_date": doc.delivered_date, "speaker": doc.speaker, "session": doc.session,
        "sections": [(_title(s.title), s.role) for s in doc.sections if s.depth == 1],
        "successor": _successor(r), "duplicate_of": getattr(doc, "duplicate_of", None),
    }


def _expected(e: dict) -> dict:
    out = {k: e[k] for k in FIELDS if k in e}
    out["lines"] = [e["start_line"], e["end_line"]]
    out["sections"] = [(_title(s["title"]), s["role"]) for s in e["section_titles_depth1"]]
    out["successor"] = e.get("successor")
    out["duplicate_of"] = e.get("duplicate_of")
    return out


def main() -> None:
    expected = json.loads((FOLDER / "expected.json").read_text(encoding="utf-8"))
    names = sorted({e["file"] for e in expected})
    results = {n: extract_file(FOLDER / n) for n in names}
    hits, misses = Counter(), []
    cat_hits, cat_total = defaultdict(Counter), Counter()
    for e in expected:
        docs = results[e["file"]].documents
        doc = max(docs, key=lambda d: min(d.lines[1], e["end_line"]) - max(d.lines[0], e["start_line"]))
        got, want = _observed(doc), _expected(e)
        cats = [c for c, files in CATEGORIES.items() if e["file"][:2] in files]
        for c in cats:
            cat_total[c] += 1
        for field in FIELDS + EXTRA:
            if got[field] == want[field]:
                hits[field] += 1
                for c in cats:
                    cat_hits[c][field] += 1
            else:
                misses.append(f"{e['file']}:{e['start_line']} {field}: expected {want[field]!r}, got {got[field]!r}")
    n = len(expected)
    md = "--markdown" in sys.argv
    print(f"entries: {n}\n")
    print("| field | hits | accuracy |\n| --- | --- | --- |" if md else "per field:")
    for f in FIELDS + EXTRA:
        print(f"| {f} | {hits[f]}/{n} | {hits[f] / n:.0%} |" if md else f"  {f:15} {hits[f]:3}/{n}")
    print()
    print("per category (entries of the files in it):\n")
    head = ["category", "n"] + FIELDS + ["successor"]
    if md:
        print("| " + " | ".join(head) + " |\n|" + " --- |" * len(head))
    for c in CATEGORIES:
        row = [c, str(cat_total[c])] + [f"{cat_hits[c][f]}" for f in FIELDS + ["successor"]]
        print("| " + " | ".join(row) + " |" if md else "  " + "  ".join(row))
    print("\ndocuments found per file (kind, lines) vs expected entries:\n")
    for name in names:
        want = [(e["kind"], e["start_line"], e["end_line"]) for e in expected if e["file"] == name]
        got = [(d.kind, d.lines[0], d.lines[1]) for d in results[name].documents]
        flag = "" if [(k, a, b) for k, a, b in got] == want else "  <-- differs"
        print(f"- {name}: expected {want}; got {got}{flag}")
    print(f"\nmisses ({len(misses)}):\n")
    for m in misses:
        print(f"- {m}" if md else "  " + m)


if __name__ == "__main__":
    main()
