"""bench/make_corpus.py: generated reports are recognised by the real pipeline and are not near-duplicates."""
from __future__ import annotations

import itertools
import json
import sys

import pytest

from corpus_data import ROOT, SHARED, needs_shared

sys.path.insert(0, str(ROOT / "bench"))
import make_corpus  # noqa: E402

pytestmark = needs_shared

N = 30
NEAR_DUP = 0.8  # the store's MinHash threshold on character shingles


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench-corpus")
    stats = make_corpus.generate(out, N, seed=3, shared=SHARED, dup_share=0.1)
    manifest = [json.loads(x) for x in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    return out, stats, manifest


@pytest.fixture(scope="module")
def extracted(generated):
    from gwr.pipeline import extract_file

    out, _, manifest = generated
    return {m["file"]: extract_file(out / m["file"]) for m in manifest}


def test_files_and_manifest(generated):
    out, stats, manifest = generated
    assert stats["reports"] == N == len(manifest)
    files = sorted(p.name for p in out.iterdir() if p.name != "manifest.jsonl")
    assert files == sorted(m["file"] for m in manifest)
    for m in manifest:
        assert m["level"] in ("province", "prefecture", "county", "district", "town", "township")
        assert (m["code"] is None) == (m["level"] in ("town", "township"))
        assert 2000 <= m["report_year"] <= 2030
    assert any(m["duplicate_of"] for m in manifest)
    names = {m["file"] for m in manifest}
    assert all(m["duplicate_of"] in names for m in manifest if m["duplicate_of"])


def test_recognised_as_reports_of_the_intended_region_and_year(generated, extracted):
    _, _, manifest = generated
    ok = 0
    with_facts = 0
    for m in manifest:
        res = extracted[m["file"]]
        reports = [d for d in res.documents if d.kind == "official_report"]
        assert len(reports) == 1, (m["file"], [d.kind for d in res.documents])
        d = reports[0]
        if m["encoding"] != "utf-8":
            assert res.source.encoding.lower().replace("-", "") in ("gb18030", "gbk", "gb2312")
        reg = d.region
        ok += (reg is not None and reg.name == m["name"] and reg.code == m["code"]
               and reg.parent_code == m["parent_code"] and d.report_year == m["report_year"])
        with_facts += bool(d.targets) and bool(d.actuals)
    assert ok >= N - 2
    assert with_facts >= N * 0.8


def test_not_near_duplicates_except_the_reposts(generated, extracted):
    _, _, manifest = generated
    sh = {f: make_corpus.shingles(r.source.text) for f, r in extracted.items()}
    dup = {m["file"]: m["duplicate_of"] for m in manifest}

    def same(a, b):
        return dup[a] == b or dup[b] == a or (dup[a] is not None and dup[a] == dup[b])

    for a, b in itertools.combinations(sh, 2):
        j = make_corpus.jaccard(sh[a], sh[b])
        if same(a, b):
            assert j >= NEAR_DUP, (a, b, j)
        else:
            assert j < 0.6, (a, b, j)


def test_deterministic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    make_corpus.generate(a, 6, seed=11, shared=SHARED)
    make_corpus.generate(b, 6, seed=11, shared=SHARED)
    assert sorted(p.name for p in a.iterdir()) == sorted(p.name for p in b.iterdir())
    for p in a.iterdir():
        assert p.read_bytes() == (b / p.name).read_bytes()
