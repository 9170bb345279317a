"""``gwr serve --workers N``: a real server of several processes (uvicorn's own workers) over a real
SQLite file, its pages and API under concurrent requests, and a clean shutdown; and the bounds
each connection is opened with."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import psutil
import pytest

import gwr
from gwr.store.db import connect

from pages_support import demo_db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _workers(proc: subprocess.Popen) -> list[psutil.Process]:
    """The server's worker processes (uvicorn spawns them; multiprocessing may add a resource tracker)."""
    return [p for p in psutil.Process(proc.pid).children() if "spawn_main" in " ".join(p.cmdline())]


@pytest.fixture(scope="module")
def server():
    db = demo_db()
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "gwr", "serve", "--db", db, "--port", str(port),
                             "--workers", "2", "--connections", "3", "--sqlite-mmap-mb", "64"],
                            env={**os.environ, "GWR_UPLOAD_TOKEN": ""},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # two processes importing gwr on a busy machine
    while True:
        assert proc.poll() is None, proc.stderr.read()
        try:
            if httpx.get(base + "/api/stats", timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "gwr serve --workers 2 did not answer"
        time.sleep(0.3)
    yield proc, base, db
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_several_workers_serve_pages_and_the_api_concurrently(server):
    proc, base, db = server
    corpus = gwr.open(db)
    doc = corpus.documents(kind="official_report").iloc[0]
    urls = ["/", f"/regions/{doc.region_code}", f"/reports/{doc.id}", "/search?q=%E5%8F%91%E5%B1%95",
            "/compare?indicator=gdp", "/attention", "/api/stats", f"/api/documents/{doc.id}",
            f"/api/track?region={doc.region_code}", "/api/search?q=%E5%A2%9E%E9%95%BF"]
    with httpx.Client(base_url=base, timeout=120) as client:
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(client.get, urls * 4))
    assert [r.status_code for r in answers] == [200] * len(answers), [(str(r.url), r.status_code) for r in answers]
    assert doc.region_name in answers[2].text  # the report page of that document
    assert answers[6].json()["documents"] == corpus.stats()["documents"]
    # every request of a kind gets the same answer, whichever worker gave it
    for i, url in enumerate(urls):
        if url != "/api/stats":
            assert len({answers[i + k * len(urls)].text for k in range(4)}) == 1, url
    workers = _workers(proc)
    assert len(workers) == 2
    # each worker has opened the database itself (nothing inherited across a fork)
    for w in workers:
        assert any(f.path == db for f in w.open_files()), w.pid


def test_the_server_and_its_workers_stop_on_sigterm(server):
    proc, base, _db = server
    workers = _workers(proc)
    assert workers
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0, proc.stderr.read()
    gone, alive = psutil.wait_procs(workers, timeout=30)
    assert not alive, alive
    with pytest.raises(httpx.HTTPError):
        httpx.get(base + "/api/stats", timeout=5)


def test_sqlite_connections_are_opened_with_bounded_sizes(tmp_path, monkeypatch):
    """The mapped size and page cache are per connection: set (and bounded) where the engine is made."""
    def pragmas(engine):
        with engine.connect() as conn:
            return [conn.exec_driver_sql(f"PRAGMA {p}").scalar() for p in ("mmap_size", "cache_size")]

    engine = connect(tmp_path / "a.sqlite", mmap_mb=64, cache_mb=8)
    assert pragmas(engine) == [64 * 2**20, -8 * 1024]
    monkeypatch.setenv("GWR_SQLITE_MMAP_MB", "32")
    assert pragmas(connect(tmp_path / "a.sqlite"))[0] == 32 * 2**20
    monkeypatch.delenv("GWR_SQLITE_MMAP_MB")
    assert pragmas(connect(tmp_path / "a.sqlite"))[0] == 256 * 2**20
    pooled = connect(tmp_path / "a.sqlite", pool_size=2)
    assert pooled.pool.size() == 2 and pooled.pool._max_overflow == 2
