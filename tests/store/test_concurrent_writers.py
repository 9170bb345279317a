"""Several processes writing one database at once, for real (SQLite file and PostgreSQL server):
first openers of an empty database, two ingests of the same files in opposite orders — no
failure, the same rows and the same near-duplicate links as one serial ingest."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import pytest
from sqlalchemy import text

from pg import fresh_database
from scale_support import (SRC, canonical_pairs, differences, engine_of, fingerprint, gwr, make_corpus,
                           popen)


@pytest.fixture
def other_db(request, db_url, tmp_path) -> str:
    """A second empty database of the same dialect as ``db_url``."""
    if "://" not in db_url:
        return str(tmp_path / "serial.sqlite")
    return fresh_database(request.getfixturevalue("postgres_url"))


def test_four_processes_opening_an_empty_database_at_once_all_succeed(db_url):
    start = time.time() + 4  # every process waits for the same instant, after its imports
    code = ("import sys, time; from gwr.store import db\n"
            f"time.sleep(max(0, {start} - time.time()))\n"
            "e = db.connect(sys.argv[1]); print(db.current(e) == db.head())")
    env = {"PYTHONPATH": str(SRC)}
    procs = [subprocess.Popen([sys.executable, "-c", code, db_url], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for _ in range(4)]
    results = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, results):
        assert p.returncode == 0, err[-2000:]
        assert out.strip() == "True"


def _summary(err: str) -> dict[str, int]:
    line = [x for x in err.splitlines() if x.startswith("gwr: ")][-1]
    words = line.split(";")[0].replace("gwr: ", "").split(", ")
    return {w.split()[1]: int(w.split()[0]) for w in words}


def test_two_ingests_of_the_same_files_at_once_fail_nothing_and_equal_a_serial_ingest(db_url, other_db, tmp_path):
    top = tmp_path / "corpus"
    files = make_corpus(top)
    a, b = str(top / "a"), str(top / "b")
    serial = gwr("ingest", a, b, "--db", other_db, "--root", str(top))
    assert serial.returncode == 0, serial.stderr
    assert _summary(serial.stderr)["added"] == len(files)

    # originals and copies in opposite orders: each writer meets the other's copies half-way
    procs = [popen("ingest", a, b, "--db", db_url, "--root", str(top)),
             popen("ingest", b, a, "--db", db_url, "--root", str(top))]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (_out, err) in zip(procs, outs):
        assert p.returncode == 0, err[-3000:]
        s = _summary(err)
        assert s["failed"] == 0 and s["added"] + s["unchanged"] == len(files), err
    assert sum(_summary(err)["added"] for _o, err in outs) == len(files)  # each file stored once

    want, got = fingerprint(other_db), fingerprint(db_url)
    assert differences(want, got) == []
    pairs = canonical_pairs(db_url)
    assert len(pairs) >= 6, pairs  # the copies on site b …
    assert all(c.startswith("a/") for _copy, c in pairs), pairs  # … point at site a's (smallest key)
    assert pairs == canonical_pairs(other_db)

    again = gwr("ingest", b, a, "--db", db_url, "--root", str(top))
    assert again.returncode == 0, again.stderr
    assert _summary(again.stderr) == {"added": 0, "replaced": 0, "unchanged": len(files), "failed": 0}


def test_files_are_known_by_their_path_under_the_root(db_url, tmp_path):
    """The same tree at two places (two machines' mounts) is one set of files under --root."""
    top = tmp_path / "here"
    files = make_corpus(top)
    first = gwr("ingest", str(top / "a"), "--db", db_url, "--root", str(top))
    assert first.returncode == 0, first.stderr
    moved = tmp_path / "there"
    top.rename(moved)
    again = gwr("ingest", str(moved / "a"), "--db", db_url, "--root", str(moved))
    assert again.returncode == 0, again.stderr
    n = sum(1 for f in files if f.parent.name == "a")
    assert _summary(again.stderr) == {"added": 0, "replaced": 0, "unchanged": n, "failed": 0}
    keys = sorted(json.loads(r)["path"] for r in fingerprint(db_url)["files"])
    assert keys == sorted(f"a/{f.name}" for f in files if f.parent.name == "a")


def test_urls_are_keys_of_their_own_and_a_rerun_through_a_list_is_unchanged(db_url, tmp_path):
    """``gwr ingest file://…`` reads through fsspec; the URL is the file's key, listed or given."""
    pytest.importorskip("fsspec")
    top = tmp_path / "corpus"
    files = [f for f in make_corpus(top) if f.parent.name == "a"][:4]
    first = gwr("ingest", *(f.as_uri() for f in files), "--db", db_url)
    assert first.returncode == 0, first.stderr
    assert _summary(first.stderr)["added"] == len(files)
    listing = tmp_path / "list.txt"
    listing.write_text("".join(f"{f.as_uri()}\n" for f in files), encoding="utf-8")
    again = gwr("ingest", "--files-from", str(listing), "--db", db_url)
    assert again.returncode == 0, again.stderr
    assert _summary(again.stderr) == {"added": 0, "replaced": 0, "unchanged": len(files), "failed": 0}
    keys = sorted(json.loads(r)["path"] for r in fingerprint(db_url)["files"])
    assert keys == sorted(f.as_uri() for f in files)


def test_recomputing_derived_rows_while_the_files_are_replaced_fails_nothing(db_url, other_db, tmp_path):
    """New rules (every file's commitments and attention to compute again, ``derived.backfill``)
    while another writer replaces those very files: both take the same locks in the same order,
    so neither waits on the other for ever (PostgreSQL would abort one of them as a deadlock) and
    the result is that of storing the new files with the new rules."""
    old, new = tmp_path / "old", tmp_path / "new"
    files = make_corpus(old)
    shutil.copytree(old, new)
    for p in sorted(q for q in (new / "a").glob("*.txt") if "gb18030" not in q.name):  # revised: same key
        p.write_text(p.read_text(encoding="utf-8") + "\n（本报告根据代表审议意见修改）\n", encoding="utf-8")
    first = gwr("ingest", str(old / "a"), str(old / "b"), "--db", db_url, "--root", str(old))
    assert first.returncode == 0, first.stderr
    engine = engine_of(db_url)
    with engine.begin() as conn:  # as if the rules had changed since the files were stored
        conn.execute(text("UPDATE files SET derived = NULL"))
    engine.dispose()

    recompute = subprocess.Popen(
        [sys.executable, "-c", "import sys; from gwr.store import db, derived\n"
         "derived.ensure(db.connect(sys.argv[1]))", db_url],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={"PYTHONPATH": str(SRC)})
    replace = popen("ingest", str(new / "a"), str(new / "b"), "--db", db_url, "--root", str(new))
    for p in (recompute, replace):
        _out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err[-3000:]
    s = _summary(err)
    assert s["failed"] == 0 and s["replaced"] >= 1, err

    serial = gwr("ingest", str(new / "a"), str(new / "b"), "--db", other_db, "--root", str(new))
    assert serial.returncode == 0, serial.stderr
    assert len(files) == len(fingerprint(other_db)["files"])
    assert differences(fingerprint(other_db), fingerprint(db_url)) == []


def test_ingest_with_two_workers_equals_one_worker(db_url, other_db, tmp_path):
    """``gwr ingest -j 2``: on PostgreSQL each worker writes its own files on its own connection
    (``workers_write``), on SQLite the parent writes; either way the tables equal those of ``-j 1``
    and the outcomes are the same."""
    top = tmp_path / "corpus"
    files = make_corpus(top)
    one = gwr("ingest", str(top / "a"), str(top / "b"), "--db", other_db, "--root", str(top), "-j", "1")
    two = gwr("ingest", str(top / "a"), str(top / "b"), "--db", db_url, "--root", str(top), "-j", "2")
    for run in (one, two):
        assert run.returncode == 0, run.stderr[-3000:]
        assert _summary(run.stderr) == {"added": len(files), "replaced": 0, "unchanged": 0, "failed": 0}
    assert differences(fingerprint(other_db), fingerprint(db_url)) == []
    assert canonical_pairs(db_url) == canonical_pairs(other_db)
