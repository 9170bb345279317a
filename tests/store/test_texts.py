"""The stored report text (``gwr.store.texts``): compressed frames on SQLite, plain on PostgreSQL, and every
way of reading it — the column, ``text_slice``, ``gwr_text()`` in SQL, migration 0011 both ways — gives the
file's text exactly."""
from __future__ import annotations

import random

from alembic import command
from sqlalchemy import select, text

import gwr
from gwr.store import db
from gwr.store.schema import file_texts, files
from gwr.store.texts import CHUNK, HEAD, _header, pack, text_slice, text_slices, unpack

from corpus_data import SAMPLES


def _long_report(tmp_path, copies: int = 100):
    """An invented report far longer than a frame (and than a slice's first header read): the sample's
    plan section again and again, each copy with other figures."""
    body = (SAMPLES / "qinghe_county_2024.txt").read_text(encoding="utf-8")
    head, rest = body.split("二、重点工作", 1)
    work, tail = rest.split("三、切实加强政府自身建设", 1)
    parts = [head, "二、重点工作"]
    for i in range(copies):
        parts.append(work.replace("20家", f"{20 + i}家").replace("3000个", f"{3000 + 7 * i}个"))
    parts += ["三、切实加强政府自身建设", tail]
    path = tmp_path / "long_report_2024.txt"
    path.write_text("".join(parts), encoding="utf-8")
    return path


def test_pack_round_trips_across_frames():
    s = "".join(random.Random(3).choice("发展经济，。2024年亿元%ab\n") for _ in range(3 * CHUNK + 17))
    assert unpack(pack(s)) == s and unpack(pack("")) == ""
    assert len(pack(s)) < len(s.encode("utf-8"))


def test_every_reader_gets_the_files_text(db_url, tmp_path):
    long = _long_report(tmp_path)
    corpus = gwr.open(db_url)
    corpus.ingest([SAMPLES, long])
    with corpus.engine.connect() as conn:
        stored = dict(conn.execute(select(files.c.path, files.c.id)).all())
        fid = stored[str(long.resolve())]
        whole = conn.execute(select(file_texts.c.text).where(file_texts.c.file_id == fid)).scalar_one()
        assert whole == gwr.read.read_file(long).text and len(whole) > 8 * CHUNK
        assert corpus.text(fid) == whole
        rnd = random.Random(7)
        spans = [(0, 0), (0, 1), (CHUNK - 1, CHUNK + 1), (len(whole) - 5, len(whole) + 50), (len(whole), len(whole) + 3)]
        spans += [tuple(sorted(rnd.sample(range(len(whole)), 2))) for _ in range(40)]
        for a, b in spans:
            assert text_slice(conn, fid, a, b) == whole[a:b], (a, b)
            assert corpus.text_slice(fid, a, b) == whole[a:b]
        # many spans at once (a page of hits): of this file and of every other, shuffled, frames shared
        others = [(f, 0, 40) for f in stored.values() if f != fid]
        batch = [(fid, a, b) for a, b in spans] + others + [(fid, a, b) for a, b in spans[:5]]
        rnd.shuffle(batch)
        assert text_slices(conn, batch) == [text_slice(conn, f, a, b) for f, a, b in batch]
        assert text_slices(conn, []) == []
        by_sql = conn.execute(text("SELECT substr(gwr_text(text), :a, 30) FROM file_texts WHERE file_id = :f"),
                              {"a": 5 * CHUNK + 1, "f": fid}).scalar_one()
        assert by_sql == whole[5 * CHUNK:5 * CHUNK + 30]
        if conn.dialect.name == "sqlite":  # compressed: a blob, well under the text's bytes
            kind, size = conn.execute(text("SELECT typeof(text), length(text) FROM file_texts WHERE file_id = :f"),
                                      {"f": fid}).one()
            assert kind == "blob" and size < 0.6 * len(whole.encode("utf-8"))
    hits = corpus.search("新增学位", limit=5)
    assert len(hits) and all("学位" in t for t in hits["text"])  # search hits carry their paragraph's text


def test_a_slice_of_a_very_long_text(db_url):
    """A text whose frame list is longer than a slice's first read of it (written as ingest writes it)."""
    rnd = random.Random(11)
    body = "".join(rnd.choice("发展经济建设改革开放民生就业投资增长亿元万人，。、0123456789%\n") for _ in range(45 * CHUNK))
    assert _header(pack(body))[2] > HEAD
    corpus = gwr.open(db_url)
    with corpus.engine.begin() as conn:
        fid = conn.execute(files.insert().values(path="/invented/long.txt", sha256="0" * 64, size=len(body), format="txt",
                                                 text_sha256="0" * 64, n_chars=len(body), ingested_at="2026-01-01",
                                                 gwr_version="test")).inserted_primary_key[0]
        conn.execute(file_texts.insert().values(file_id=fid, text=body))
    with corpus.engine.connect() as conn:
        for a, b in [(0, 10), (44 * CHUNK - 3, 44 * CHUNK + 9), (3 * CHUNK, 7 * CHUNK + 1), (45 * CHUNK - 1, 46 * CHUNK)]:
            assert text_slice(conn, fid, a, b) == body[a:b]
        spans = [(fid, 0, 10), (fid, 3 * CHUNK, 7 * CHUNK + 1)]
        assert text_slices(conn, spans) == [body[a:b] for _, a, b in spans]  # its header read span by span


def test_0011_converts_stored_texts_both_ways(db_url, tmp_path):
    corpus = gwr.open(db_url)
    corpus.ingest([SAMPLES, _long_report(tmp_path, copies=3)])
    engine = corpus.engine
    with engine.connect() as conn:
        want = dict(conn.execute(select(file_texts.c.file_id, file_texts.c.text)).all())
    with engine.begin() as conn:
        command.downgrade(db._alembic_config(conn), "0010")
    with engine.connect() as conn:
        plain = dict(conn.exec_driver_sql("SELECT file_id, text FROM file_texts").all())
        assert plain == want  # the plain text 0001–0010 kept
    db.upgrade(engine)
    with engine.connect() as conn:
        assert dict(conn.execute(select(file_texts.c.file_id, file_texts.c.text)).all()) == want
        if engine.dialect.name == "sqlite":
            assert {k for (k,) in conn.exec_driver_sql("SELECT DISTINCT typeof(text) FROM file_texts")} == {"blob"}
        for fid, body in want.items():
            assert conn.execute(text("SELECT gwr_text(text) FROM file_texts WHERE file_id = :f"),
                                {"f": fid}).scalar_one() == body
