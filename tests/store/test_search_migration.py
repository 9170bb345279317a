"""Migration 0008 converts a populated search index (form 1: folded text, word stream, positional
FTS5 or stored gram vectors) to form 2 and back, and every search answers the same before and after."""
from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

import gwr
from gwr.store import db

from corpus_data import CORPUS_FILES, SAMPLES, needs_shared

pytestmark = needs_shared

QUERIES = ["发展", "棚改", "增长", "地区生产总值", "亿元", "GDP", "6.6%", "，", "的", "年", "高质量发展"]


def _answers(corpus) -> dict:
    out = {}
    for q in QUERIES:
        for filters in ({}, {"level": "county"}):
            df = corpus.search(q, limit=30, **filters)
            out[q, tuple(filters)] = (list(df.paragraph_id), df.attrs["total"])
    return out


def _columns(engine) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns("paragraph_search")}


def test_0008_converts_a_populated_index_both_ways(db_url):
    corpus = gwr.open(db_url)
    corpus.ingest([*CORPUS_FILES[:2], SAMPLES])
    engine = corpus.engine
    before = _answers(corpus)
    assert sum(total for _, total in before.values()) > 100

    with engine.begin() as conn:
        command.downgrade(db._alembic_config(conn), "0007")
    assert "words" in _columns(engine)  # form 1, as 0002–0007 wrote it
    with engine.connect() as conn:  # and queried the way they queried it
        if engine.dialect.name == "sqlite":
            n = conn.exec_driver_sql("SELECT count(*) FROM paragraph_fts WHERE paragraph_fts MATCH "
                                     "'grams : \"发展\"'").scalar()
        else:
            n = conn.exec_driver_sql("SELECT count(*) FROM paragraph_search WHERE grams @@ "
                                     "CAST('发展' AS tsquery) AND strpos(body, '发展') > 0").scalar()
    assert n == before["发展", ()][1]

    db.upgrade(engine)
    assert db.current(engine) == db.head() and "words" not in _columns(engine)
    assert _answers(gwr.open(db_url)) == before
