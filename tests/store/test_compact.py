"""The packed commitments and attention rows (migration 0010) give back exactly what ``gwr.store.derived.compute``
produced for the same file — real files through the real pipeline, stored in SQLite and PostgreSQL."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select

import gwr
from gwr.pipeline import extract_file
from gwr.store.compact import pack, pack_items, unpack, unpack_items
from gwr.store.derived import compute
from gwr.store.schema import attention_tallies, commitments, documents, files

from corpus_data import CORPUS_FILES, DATA, SAMPLES

OWN = DATA / "commitments"


def _sources() -> list[Path]:
    return [*sorted(OWN.glob("*.txt")), *sorted(SAMPLES.iterdir()), *CORPUS_FILES[:2]]


def _stored_rows(engine) -> dict[tuple[str, int], dict]:
    """Per (file path, document index): the unpacked plan and review items, the report flag and the tallies."""
    out: dict[tuple[str, int], dict] = {}
    with engine.connect() as conn:
        for path, index, report, plan, review in conn.execute(
                select(files.c.path, documents.c.index, commitments.c.report, commitments.c.plan_items,
                       commitments.c.review_items)
                .join(documents, documents.c.file_id == files.c.id)
                .join(commitments, commitments.c.document_id == documents.c.id)):
            out[path, index] = {"report": bool(report), "plan": unpack_items(plan), "outcome": unpack_items(review),
                                "attention": []}
        for path, index, scope, role, chars, sentences, data in conn.execute(
                select(files.c.path, documents.c.index, attention_tallies.c.scope, attention_tallies.c.role,
                       attention_tallies.c.chars, attention_tallies.c.sentences, attention_tallies.c.data)
                .join(documents, documents.c.file_id == files.c.id)
                .join(attention_tallies, attention_tallies.c.document_id == documents.c.id)
                .order_by(attention_tallies.c.id)):
            counts, sentences_with, terms, evidence = unpack(data)
            row = out.setdefault((path, index), {"report": False, "plan": [], "outcome": [], "attention": []})
            row["attention"].append({"scope": scope, "role": role, "chars": chars, "sentences": sentences,
                                     "counts": counts, "sentences_with": sentences_with, "terms": terms,
                                     "evidence": evidence})
    return out


def _computed(path: Path, name: str) -> dict[tuple[str, int], dict]:
    """What ``compute`` gives for the file, as JSON would keep it (lists for tuples), the path as stored."""
    result = extract_file(path)
    out = {}
    for doc, row in zip(result.documents, compute(result)):
        row = json.loads(json.dumps(row, ensure_ascii=False))
        for kind in ("plan", "outcome"):
            row[kind] = [{**i, "path": name} for i in row[kind]]
        if row["plan"] or row["outcome"] or row["report"] or row["attention"]:
            out[os.path.abspath(path), doc.index] = {k: row[k] for k in ("report", "plan", "outcome", "attention")}
    return out


def test_stored_rows_are_what_compute_gave(db_url):
    corpus = gwr.open(db_url)
    corpus.ingest(_sources())
    stored = _stored_rows(corpus.engine)
    with corpus.engine.connect() as conn:
        names = dict(conn.execute(select(files.c.path, files.c.name)).all())
    want: dict = {}
    for p in _sources():
        want |= _computed(p, names[os.path.abspath(p)])
    assert sum(len(r["plan"]) + len(r["outcome"]) for r in want.values()) > 50  # the files do have items
    assert sum(len(r["attention"]) for r in want.values()) > 10
    assert stored.keys() == want.keys()
    for key in want:
        assert stored[key] == want[key], key
        assert [list(i) for i in stored[key]["plan"]] == [list(i) for i in want[key]["plan"]]  # key order too


def test_items_of_other_keys_keep_theirs():
    items = [{"a": 1, "b": [2, 3], "c": "四"}, {"b": None, "a": 1.5}, {"a": 2, "b": [], "c": ""}]
    got = unpack_items(pack_items(items))
    assert got == items and [list(i) for i in got] == [list(i) for i in items]
    assert pack_items([]) is None and unpack_items(None) == []


def test_a_blob_of_another_format_is_refused():
    blob = bytearray(pack({"x": 1}))
    assert unpack(bytes(blob)) == {"x": 1}
    blob[0] = 99
    with pytest.raises(ValueError, match="format 99"):
        unpack(bytes(blob))
