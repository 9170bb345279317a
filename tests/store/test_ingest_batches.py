"""SQLite's one writer stores several files per transaction (``gwr.store.ingest._Batch``), each in a
savepoint of its own: a file the database refuses fails alone, a commit that fails fails its whole
batch, and every file reported stored is stored whole."""
from __future__ import annotations

import os
import sqlite3

import pytest

from gwr.pipeline import extract_many
from gwr.store import db as store_db
from gwr.store.ingest import ingest

from corpus_data import CORPUS_FILES, needs_shared

pytestmark = needs_shared


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """24 distinct files (corpus files under a changed first line)."""
    root = tmp_path_factory.mktemp("many")
    for i in range(24):
        src = CORPUS_FILES[i % len(CORPUS_FILES)]
        (root / f"{i:02d}_{src.name}").write_text(f"第{i}号转载\n" + src.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def _rows_per_file(db: str) -> dict[str, tuple[int, int, int]]:
    """Per stored file: its documents, paragraphs and search entries; and no row without its file."""
    con = sqlite3.connect(db)
    out = {}
    for fid, path in con.execute("SELECT id, path FROM files"):
        out[path] = con.execute(
            "SELECT (SELECT count(*) FROM documents WHERE file_id = ?), "
            "(SELECT count(*) FROM paragraphs p JOIN documents d ON d.id = p.document_id WHERE d.file_id = ?), "
            "(SELECT count(*) FROM file_texts WHERE file_id = ?)", (fid, fid, fid)).fetchone()
    orphans = con.execute("SELECT (SELECT count(*) FROM documents d LEFT JOIN files f ON f.id = d.file_id "
                          "WHERE f.id IS NULL) + (SELECT count(*) FROM file_texts t LEFT JOIN files f "
                          "ON f.id = t.file_id WHERE f.id IS NULL) + (SELECT count(*) FROM paragraph_search s "
                          "LEFT JOIN paragraphs p ON p.id = s.paragraph_id WHERE p.id IS NULL)").fetchone()[0]
    con.close()
    assert orphans == 0
    return out


def _with_trap(db: str, sql: str) -> None:
    engine = store_db.connect(db)  # the schema first
    engine.dispose()
    con = sqlite3.connect(db)
    con.executescript(sql)
    con.close()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_the_database_refuses_fails_alone(many, tmp_path, jobs):
    db = str(tmp_path / "gwr.sqlite")
    # a real refusal by SQLite, for one file of the batch, when its row goes in
    _with_trap(db, "CREATE TRIGGER refuse BEFORE INSERT ON files WHEN NEW.path LIKE '%07_%' "
                   "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;")
    engine = store_db.connect(db)
    out = list(ingest(engine, [str(many)], jobs=jobs))
    engine.dispose()
    failed = [o for o in out if o.status == "failed"]
    assert [os.path.basename(o.path)[:3] for o in failed] == ["07_"]
    assert "refused by the test" in str(failed[0].error) and "\n" not in str(failed[0].error)
    stored = _rows_per_file(db)
    assert len(stored) == 23 == sum(o.status == "added" for o in out)
    assert all(n_docs > 0 and n_pars > 0 and n_text == 1 for n_docs, n_pars, n_text in stored.values())
    # in input order, one outcome per file
    assert [os.path.basename(o.path)[:2] for o in out] == [f"{i:02d}" for i in range(24)]


def test_a_commit_that_fails_fails_its_batch_and_stores_none_of_it(many, tmp_path):
    db = str(tmp_path / "gwr.sqlite")
    # a deferred foreign key breaks only at COMMIT: the whole transaction the poisoned file is in fails
    _with_trap(db, "CREATE TABLE trap (file_id INTEGER REFERENCES nowhere_table(id) DEFERRABLE INITIALLY DEFERRED);"
                   "CREATE TABLE nowhere_table (id INTEGER PRIMARY KEY);"
                   "CREATE TRIGGER poison AFTER INSERT ON files WHEN NEW.path LIKE '%11_%' "
                   "BEGIN INSERT INTO trap VALUES (-1); END;")
    engine = store_db.connect(db)
    out = list(ingest(engine, [str(many)], jobs=2))
    engine.dispose()
    by_status = {o.status for o in out}
    assert by_status <= {"added", "failed"}
    failed = {os.path.basename(o.path)[:2] for o in out if o.status == "failed"}
    assert "11" in failed
    stored = _rows_per_file(db)
    # what was reported stored is stored whole; what failed left nothing
    assert {os.path.basename(p)[:2] for p in stored} == {os.path.basename(o.path)[:2] for o in out
                                                         if o.status == "added"}
    assert all(n_docs > 0 and n_text == 1 for n_docs, _, n_text in stored.values())
    # the next run stores what the failed batch held (the trap removed)
    con = sqlite3.connect(db)
    con.execute("DROP TRIGGER poison")
    con.commit()
    con.close()
    engine = store_db.connect(db)
    again = list(ingest(engine, [str(many)], jobs=1))
    engine.dispose()
    assert sum(o.status == "added" for o in again) == len(failed)
    assert len(_rows_per_file(db)) == 24


def test_batches_store_what_one_file_per_transaction_stores(many, tmp_path):
    """The same files into SQLite (batched) and through ``store_result`` one by one: the same rows."""
    from gwr.pipeline import extract_file
    from gwr.store.ingest import file_key, store_prepared
    from gwr.store.rows import prepared_rows

    a, b = str(tmp_path / "a.sqlite"), str(tmp_path / "b.sqlite")
    engine = store_db.connect(a)
    assert all(o.status == "added" for o in ingest(engine, [str(many)], jobs=2))
    engine.dispose()
    engine = store_db.connect(b)
    for p in sorted(many.iterdir()):
        r = extract_file(p)
        store_prepared(engine, r.source, prepared_rows(r), str(p), name=p.name, key=file_key(str(p)))
    engine.dispose()
    sa, sb = _rows_per_file(a), _rows_per_file(b)
    assert sa == sb
    for table in ("facts", "commitments", "attention_tallies", "paragraph_search", "document_bands"):
        ca, cb = (sqlite3.connect(x).execute(f"SELECT count(*) FROM {table}").fetchone()[0] for x in (a, b))
        assert ca == cb > 0, table


def test_workers_say_when_nothing_is_ready(many):
    """``idle``: None between results whenever the parent would wait; the results are the same."""
    files = sorted(str(p) for p in many.iterdir())[:6]
    plain = [(p, e) for p, _, e in extract_many(files, jobs=1)]
    got = list(extract_many(files, jobs=1, idle=True))
    assert None in got
    assert [(p, e) for p, _, e in (x for x in got if x is not None)] == plain
