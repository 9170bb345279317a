"""The name a stored file is shown under: relative to the directory given at ingest that holds it,
else its own name — found by the file's parents, so that a batch of a million listed files does not
test each file against every path given (it did: 90,000 listed files ingested at 3 files/s)."""
from __future__ import annotations

import os

import gwr
from gwr.store.ingest import client_name, ingest_roots


def _tree(tmp_path):
    inner = tmp_path / "reports" / "2024"
    inner.mkdir(parents=True)
    f = inner / "某县政府工作报告.txt"
    f.write_text("某县2024年政府工作报告\n", encoding="utf-8")
    loose = tmp_path / "loose.txt"
    loose.write_text("一份零散的文件\n", encoding="utf-8")
    return tmp_path / "reports", inner, f, loose


def test_names_are_relative_to_the_first_directory_given_that_holds_the_file(tmp_path):
    outer, inner, f, loose = _tree(tmp_path)
    assert client_name(str(f), ingest_roots([outer, inner])) == os.path.join("2024", f.name)
    assert client_name(str(f), ingest_roots([inner, outer])) == f.name
    assert client_name(str(f), ingest_roots([str(f)])) == f.name  # a file given by itself: its own name
    assert client_name(str(loose), ingest_roots([outer])) == "loose.txt"  # outside every root
    assert client_name(str(f), None) == f.name
    assert ingest_roots([outer, f, loose, tmp_path / "absent", "https://example.org/a.txt"]) == {str(outer): 0}


def test_naming_a_long_list_of_files_stats_each_path_once(tmp_path, monkeypatch):
    listed = []
    for i in range(3000):
        p = tmp_path / f"{i:05d}.txt"
        p.touch()
        listed.append(str(p))
    calls = []
    isdir = os.path.isdir
    monkeypatch.setattr(os.path, "isdir", lambda p: calls.append(p) or isdir(p))
    roots = ingest_roots(listed + [str(tmp_path)])
    names = [client_name(p, roots) for p in listed]
    assert names == [os.path.basename(p) for p in listed]
    assert len(calls) <= len(listed) + 1  # once per path given, not once per pair (9 million here)


def test_an_ingested_files_name_is_relative_to_its_directory(tmp_path):
    outer, inner, f, _ = _tree(tmp_path)
    corpus = gwr.open(tmp_path / "t.sqlite")
    out = corpus.ingest([outer])
    assert list(out.status) == ["added"], out.error.tolist()
    assert corpus.files().path.tolist() == [os.path.join("2024", f.name)]
