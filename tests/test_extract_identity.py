"""Extraction prints byte for byte what it printed when the fingerprints were taken.

The digests (tests/data/extract_identity.json) come from tests/extract_identity.py, whose
docstring says when and how to regenerate them; a moved digest in speed work is a behaviour
change.  The parallel path (`gwr extract -j 2`, workers sending finished JSON) must print
what the in-process path prints.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from corpus_data import SAMPLES
from extract_identity import DATA, SHARED, compute, sha


@pytest.fixture(scope="module")
def expected() -> dict[str, dict[str, str]]:
    return json.loads(DATA.read_text(encoding="utf-8"))["files"]


@pytest.fixture(scope="module")
def actual(expected) -> dict[str, dict[str, str]]:
    return compute(set(expected))


def test_every_file_extracts_as_fingerprinted(expected, actual):
    missing = sorted(set(expected) - set(actual))
    if missing and all(m.startswith(("corpus/", "generated/")) for m in missing) and not (SHARED / "corpus").is_dir():
        expected = {k: v for k, v in expected.items() if k not in missing}  # no ../shared here
    moved = sorted(k for k in expected if actual.get(k) != expected[k])
    assert not moved, f"{len(moved)} of {len(expected)} files extract differently: {moved[:20]}"


def test_parallel_cli_prints_what_one_process_prints():
    from gwr.pipeline import extract_file

    files = sorted(str(p) for p in SAMPLES.iterdir() if p.is_file())
    want = "[" + ",".join("\n" + json.dumps(extract_file(f).to_dict(), ensure_ascii=False) for f in files) + "\n]\n"
    for jobs in ("1", "2"):
        proc = subprocess.run([sys.executable, "-m", "gwr", "extract", *files, "--format", "json", "-j", jobs],
                              capture_output=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert sha(proc.stdout.decode("utf-8")) == sha(want), f"-j {jobs}"
    lines = subprocess.run([sys.executable, "-m", "gwr", "extract", *files, "--format", "jsonl", "-j", "2"],
                           capture_output=True, timeout=120).stdout.decode("utf-8")
    assert lines == "".join(json.dumps(extract_file(f).to_dict(), ensure_ascii=False) + "\n" for f in files)
