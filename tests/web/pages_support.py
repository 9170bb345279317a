"""One SQLite database ingested from the real seed corpus and the samples, shared by the page tests.

Built once per test session (ingesting takes seconds) in a temporary directory;
the tests only read it.
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from corpus_data import CORPUS, DATA, SAMPLES

_db: str | None = None


def demo_db() -> str:
    """Path of the session's database: ../shared/corpus, samples/ and the test data's held-out reports."""
    global _db
    if _db is None:
        import gwr

        folder = Path(tempfile.mkdtemp(prefix="gwr-pages-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = str(folder / "pages.sqlite")
        result = gwr.open(path).ingest([CORPUS, SAMPLES, DATA])
        assert (result["status"] == "added").all(), result[result["status"] != "added"]
        _db = path
    return _db


def app_for(db: str):
    from gwr.web.app import Settings, create_app

    return create_app(Settings(db=db))


def serving(app):
    """Serve ``app`` on a real uvicorn server in a background thread, on a free port; yields its
    base URL and stops it after (a generator for module-scoped fixtures)."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
