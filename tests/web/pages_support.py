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
