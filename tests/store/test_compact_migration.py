"""Migration 0010 converts populated commitments and attention tables (0007's form: a row per item, JSON
fields) to the packed form and back; listings, pairs and attention indices answer the same after."""
from __future__ import annotations

import json

from alembic import command
from sqlalchemy import inspect, text

import gwr
from gwr.pipeline import extract_file
from gwr.store import db
from gwr.store.derived import compute

from corpus_data import DATA, SAMPLES

OWN = DATA / "commitments"


def _answers(corpus) -> tuple:
    from gwr.store.commitments import stored_commitments

    rows = json.dumps(stored_commitments(corpus), ensure_ascii=False, default=str)
    return rows, corpus.attention(by="document", evidence=3).to_json(force_ascii=False)


def _json(v):
    return json.loads(v) if isinstance(v, str) else v


def test_0010_converts_populated_tables_both_ways(db_url):
    corpus = gwr.open(db_url)
    corpus.ingest([OWN, SAMPLES])
    engine = corpus.engine
    before = _answers(corpus)
    assert '"done"' in before[0] and '"short"' in before[0]  # pairs are part of what is converted

    with engine.begin() as conn:
        command.downgrade(db._alembic_config(conn), "0009")
    assert "item" in {c["name"] for c in inspect(engine).get_columns("commitments")}  # 0007's form
    with engine.connect() as conn:  # as 0007's ingest wrote it: compute's items in order, then a report row
        rows = conn.execute(text("SELECT f.path, f.name, d.\"index\", c.kind, c.item, c.status, c.outcome "
                                 "FROM commitments c JOIN documents d ON d.id = c.document_id "
                                 "JOIN files f ON f.id = d.file_id ORDER BY c.document_id, c.ordinal")).all()
        tallies = conn.execute(text("SELECT f.path, d.\"index\", t.counts, t.terms, t.evidence FROM attention_tallies t "
                                    "JOIN documents d ON d.id = t.document_id JOIN files f ON f.id = d.file_id "
                                    "WHERE t.scope = 'document' ORDER BY t.id")).all()
    for path in {r.path for r in rows}:
        name = next(r.name for r in rows if r.path == path)
        result = extract_file(path)
        for doc, row in zip(result.documents, compute(result)):
            got = [r for r in rows if r.path == path and r.index == doc.index]
            want = [("plan", {**i, "path": name}) for i in row["plan"]]
            want += [("outcome", {**i, "path": name}) for i in row["outcome"]]
            want += [("report", {})] if row["report"] else []
            assert [[r.kind, _json(r.item)] for r in got] == json.loads(json.dumps(want, ensure_ascii=False))
            for r in got:
                assert r.status == (_json(r.outcome) or {}).get("status")
            t = [t for t in tallies if t.path == path and t.index == doc.index]
            if row["attention"]:
                doc_row = json.loads(json.dumps(row["attention"][0], ensure_ascii=False))
                assert [(_json(t[0].counts), _json(t[0].terms), _json(t[0].evidence))] == \
                    [(doc_row["counts"], doc_row["terms"], doc_row["evidence"])]
    assert {r.status for r in rows} >= {"done", "short", None}

    db.upgrade(engine)
    assert db.current(engine) == db.head()
    assert "plan_items" in {c["name"] for c in inspect(engine).get_columns("commitments")}
    assert _answers(gwr.open(db_url)) == before
