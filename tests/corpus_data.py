"""Paths and gold annotations of the real seed corpus in ../shared (read, never copied)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GWR_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"
SAMPLES = ROOT / "samples"
DATA = ROOT / "tests" / "data"


def _load(path: Path):
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


GOLD_DOCUMENTS = _load(GOLD / "documents.json")
SAMPLES_EXPECTED = _load(DATA / "samples_expected.json")

needs_shared = pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus not present")
CORPUS_FILES = sorted(CORPUS.glob("*.txt")) if CORPUS.exists() else []


def extract_text(text: str, name: str = "report.txt"):
    """The reports of a text written by a test (a real file through the real pipeline)."""
    import tempfile

    from gwr.pipeline import extract_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8")
        result = extract_file(path)
    docs = [d for d in result.documents if d.kind in ("official_report", "report_excerpt")]
    assert docs, "no report found"
    return docs[0]
