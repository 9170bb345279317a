"""gwr.scale on a real Dask LocalCluster (two worker processes) into the real PostgreSQL server:
the same database as a serial ingest, reruns all unchanged, two ingests at once without failure,
a worker killed and connections dropped half-way — a rerun completes the database."""
from __future__ import annotations

import os
import signal
import threading
import time

import pytest

pytest.importorskip("distributed")

from distributed import Client, LocalCluster  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402

from gwr import scale  # noqa: E402
from gwr.store.schema import files  # noqa: E402
from pg import fresh_database  # noqa: E402
from scale_support import canonical_pairs, differences, engine_of, fingerprint, gwr, make_corpus  # noqa: E402


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with Client(cluster) as c:
            yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    top = tmp_path_factory.mktemp("scale") / "corpus"
    files = make_corpus(top)
    return top, files


@pytest.fixture(scope="module")
def serial(corpus, postgres_url):
    """The fingerprint of one serial ``gwr ingest`` of the corpus."""
    top, _ = corpus
    db = fresh_database(postgres_url)
    proc = gwr("ingest", str(top / "a"), str(top / "b"), "--db", db, "--root", str(top))
    assert proc.returncode == 0, proc.stderr
    return fingerprint(db)


def _run(client, top, db, **kw):
    return scale.ingest([top / "a", top / "b"], db, client, root=top, partition_files=2, **kw)


def _stored(db) -> int:
    engine = engine_of(db)
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(files)).scalar_one()
    finally:
        engine.dispose()


def _wait_for(db, n: int, timeout: float = 300) -> int:
    end = time.time() + timeout
    while time.time() < end:
        try:
            got = _stored(db)
        except Exception:  # the database is being created
            got = 0
        if got >= n:
            return got
        time.sleep(0.05)
    raise AssertionError(f"fewer than {n} files stored after {timeout} s")


def test_dask_ingest_equals_a_serial_ingest_and_a_rerun_is_unchanged(client, corpus, serial, postgres_url):
    top, files = corpus
    db = fresh_database(postgres_url)
    out = _run(client, top, db)
    assert list(out.columns) == scale.OUTCOME_COLUMNS
    assert len(out) == len(files) and set(out.status) == {"added"}, out[out.status != "added"]
    assert sorted(out.key) == sorted(str(f.relative_to(top)) for f in files)
    got = fingerprint(db)
    assert differences(serial, got) == []
    assert len(canonical_pairs(db)) >= 6
    again = _run(client, top, db)
    assert set(again.status) == {"unchanged"}, again


def test_two_dask_ingests_of_the_same_files_at_once_fail_nothing(client, corpus, serial, postgres_url):
    top, files = corpus
    db = fresh_database(postgres_url)
    scale.ingest([], db, client)  # created once here; the two runs below race on every file
    results = {}

    def run(name, order):
        results[name] = scale.ingest([top / d for d in order], db, client, root=top, partition_files=2)

    threads = [threading.Thread(target=run, args=("ab", "ab")), threading.Thread(target=run, args=("ba", "ba"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    both = list(results.values())
    assert len(both) == 2
    for out in both:
        assert len(out) == len(files) and "failed" not in set(out.status), out[out.status == "failed"]
    assert sum((out.status == "added").sum() for out in both) == len(files)
    assert differences(serial, fingerprint(db)) == []


def test_a_worker_killed_half_way_then_a_rerun_equals_a_serial_ingest(client, corpus, serial, postgres_url):
    top, files = corpus
    db = fresh_database(postgres_url)
    scale.ingest([], db, client)
    pids = client.run(os.getpid)
    done = {}
    t = threading.Thread(target=lambda: done.setdefault("out", _run(client, top, db)))
    t.start()
    at_kill = _wait_for(db, 3)
    os.kill(next(iter(pids.values())), signal.SIGKILL)
    t.join(600)
    assert at_kill < len(files)  # the kill came half-way
    out = done["out"]
    assert len(out) == len(files)
    assert set(out.status) <= {"added", "unchanged", "failed"}  # a retried file already stored: unchanged
    client.wait_for_workers(2, timeout=120)
    again = _run(client, top, db)
    assert "failed" not in set(again.status), again[again.status == "failed"]
    assert (again.status == "added").sum() == (out.status != "added").sum() - (out.status == "unchanged").sum()
    assert differences(serial, fingerprint(db)) == []


def test_dropped_connections_fail_only_the_files_in_flight_and_a_rerun_completes(client, corpus, serial,
                                                                                 postgres_url):
    top, files = corpus
    db = fresh_database(postgres_url)
    scale.ingest([], db, client)
    done = {}
    t = threading.Thread(target=lambda: done.setdefault("out", _run(client, top, db)))
    t.start()
    _wait_for(db, 4)
    admin = engine_of(db)
    killed = 0
    end = time.time() + 120
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        while not killed and time.time() < end and t.is_alive():
            # a writer in the middle of a file's transaction: its connection drops under it
            killed = conn.execute(text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction') "
                "AND query ILIKE 'INSERT%'")).scalar()
            time.sleep(0.01)
    admin.dispose()
    t.join(600)
    out = done["out"]
    assert killed >= 1
    failed = out[out.status == "failed"]
    assert 1 <= len(failed) <= killed, failed  # the files whose transaction was cut, and those only
    assert all("not stored" in e for e in failed.error), failed.error.tolist()
    assert set(out.status) <= {"added", "failed"}
    again = _run(client, top, db)
    assert sorted(again.key[again.status == "added"]) == sorted(failed.key)
    assert set(again.status[~again.key.isin(failed.key)]) == {"unchanged"}
    assert differences(serial, fingerprint(db)) == []


def test_file_urls_are_read_through_fsspec(client, corpus, postgres_url):
    top, files = corpus
    db = fresh_database(postgres_url)
    out = scale.ingest([(top / "a").as_uri()], db, client)
    a = [f for f in files if f.parent.name == "a"]
    assert set(out.status) == {"added"} and len(out) == len(a)
    assert sorted(out.key) == sorted(f.as_uri() for f in a)
    again = scale.ingest([f.as_uri() for f in a], db, client)
    assert set(again.status) == {"unchanged"}


def test_memory_urls_and_the_facts_as_a_dask_dataframe(corpus, tmp_path):
    """A memory filesystem lives in one process: a cluster of threads in this one reads it."""
    fsspec = pytest.importorskip("fsspec")
    top, files = corpus
    fs = fsspec.filesystem("memory")
    a = [f for f in files if f.parent.name == "a"]
    for f in a:
        fs.pipe(f"/scale-test/{f.name}", f.read_bytes())
    db = str(tmp_path / "gwr.sqlite")
    with LocalCluster(n_workers=1, processes=False, dashboard_address=":0") as cluster, Client(cluster) as c:
        out = scale.ingest(["memory://scale-test"], db, c)
        frame = scale.facts(["memory://scale-test"]).compute(scheduler=c.get)
    assert set(out.status) == {"added"} and len(out) == len(a)
    assert all(k.startswith("memory://") for k in out.key)
    assert len(frame) == out.facts.sum() > 0
    assert list(frame.columns) == scale.FACT_COLUMNS
    fs.rm("/scale-test", recursive=True)
    gone = scale.ingest  # the same URLs are unreadable now: each fails in one line naming its URL
    with LocalCluster(n_workers=1, processes=False, dashboard_address=":0") as cluster, Client(cluster) as c:
        out = gone([f"memory://scale-test/{f.name}" for f in a[:2]], db, c)
    assert set(out.status) == {"failed"}
    assert all(e.startswith("memory://") and "no such file" in e for e in out.error), out.error.tolist()


def test_a_sqlite_file_refuses_a_remote_scheduler_in_one_line(tmp_path):
    proc = gwr("ingest", str(tmp_path), "--db", str(tmp_path / "x.sqlite"), "--scheduler", "tcp://127.0.0.1:9")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "SQLite" in lines[0] and "postgresql://" in lines[0], proc.stderr
