#!/usr/bin/env python3
"""Fingerprints of what extraction prints, so that speed work can prove it changed nothing.

    PYTHONPATH=src python tests/extract_identity.py          # rewrite tests/data/extract_identity.json
    PYTHONPATH=src python tests/extract_identity.py --dir /tmp/speed-corpus --save /tmp/before.json
    PYTHONPATH=src python tests/extract_identity.py --dir /tmp/speed-corpus --check /tmp/before.json

Optimising the extract stage (quantities, facts, projects, parse, read, periods, the
workers) must leave ``gwr extract --format json`` byte for byte as it was.  This script
records, per input file, the sha256 of

* ``json``: the file's JSON exactly as ``gwr extract`` writes it (``json.dumps(result.to_dict(),
  ensure_ascii=False)``), its ``path`` replaced by a label that does not depend on where the
  checkout or the temporary directory is;
* ``quantities``: the ``repr`` of every figure ``find_quantities`` found, per document (the
  store keeps them; the JSON does not show them);

over the seed corpus (``../shared/corpus``), the samples, the report files under tests/data
and a small generated corpus (bench/make_corpus.py, ``GENERATED`` reports, seed 0, built from
the seed corpus and the samples).  tests/test_extract_identity.py recomputes them.

Regenerate only when an output change is meant (a rule added to a data file, a fixed defect):
run the command above from the checkout, and say in the commit why the digests moved.  A
digest that moves in a commit meant as pure speed work is a behaviour change: find it instead.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))
SHARED = Path(os.environ.get("GWR_SHARED", ROOT.parent / "shared"))
DATA = ROOT / "tests" / "data" / "extract_identity.json"
REPORT_EXTS = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
GENERATED, GENERATED_SEED = 150, 0


def sha(s: str) -> str:
    return hashlib.sha256(s.encode("utf-8")).hexdigest()


def fingerprint(path: Path, label: str) -> dict[str, str]:
    """The digests of one file's extraction (or of its error line)."""
    from gwr.errors import GwrError
    from gwr.pipeline import extract_file

    try:
        result = extract_file(path)
    except GwrError as e:
        return {"error": sha(f"{e.code} {e}".replace(str(path), label))}
    d = result.to_dict()
    d["path"] = label
    qs = "\n".join(repr(q) for doc in result.documents for q in [doc.index, *doc.quantities])
    return {"json": sha(json.dumps(d, ensure_ascii=False)), "quantities": sha(qs)}


def fixed_inputs() -> dict[str, Path]:
    """label → path: the seed corpus (when present), the samples, the report files of tests/data."""
    out: dict[str, Path] = {}
    corpus = SHARED / "corpus"
    if corpus.is_dir():
        for p in sorted(corpus.iterdir()):
            if p.is_file():
                out[f"corpus/{p.name}"] = p
    for top in (ROOT / "samples", ROOT / "tests" / "data"):
        for p in sorted(top.rglob("*")):
            if p.is_file() and p.suffix.lower() in REPORT_EXTS:
                out[p.relative_to(ROOT).as_posix()] = p
    return out


def generated_inputs(out_dir: Path) -> dict[str, Path]:
    """label → path: a small generated corpus in ``out_dir`` (needs the seed corpus)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from make_corpus import generate

    generate(out_dir, GENERATED, seed=GENERATED_SEED, shared=SHARED)
    return {f"generated/{p.name}": p for p in sorted(out_dir.iterdir()) if p.suffix in REPORT_EXTS}


def compute(labels: set[str] | None = None) -> dict[str, dict[str, str]]:
    """Digests of every input (or of those in ``labels``)."""
    inputs = fixed_inputs()
    with tempfile.TemporaryDirectory(prefix="gwr-identity-") as tmp:
        if (SHARED / "corpus").is_dir():
            inputs.update(generated_inputs(Path(tmp)))
        return {label: fingerprint(p, label) for label, p in inputs.items()
                if labels is None or label in labels}


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", help="fingerprint every report file under DIR (a big generated corpus) instead")
    ap.add_argument("--save", help="with --dir: write the digests to SAVE")
    ap.add_argument("--check", help="with --dir: compare with the digests in CHECK; exit 1 when any moved")
    a = ap.parse_args(argv)
    if a.dir:
        top = Path(a.dir)
        digests = {p.relative_to(top).as_posix(): fingerprint(p, p.relative_to(top).as_posix())
                   for p in sorted(top.rglob("*")) if p.is_file() and p.suffix.lower() in REPORT_EXTS}
        if a.check:
            old = json.loads(Path(a.check).read_text(encoding="utf-8"))
            moved = sorted(k for k in old.keys() | digests.keys() if old.get(k) != digests.get(k))
            print(f"{len(digests)} files, {len(moved)} differ" + (f": {moved[:20]}" if moved else ""))
            return 1 if moved else 0
        Path(a.save or "/dev/stdout").write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n")
        return 0
    digests = compute()
    DATA.write_text(json.dumps({"generated": GENERATED, "seed": GENERATED_SEED, "files": digests},
                               indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(digests)} files → {DATA.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
