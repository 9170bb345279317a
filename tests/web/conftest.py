"""Apps over real databases ingested from the real seed corpus, served in-process (httpx TestClient)."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import gwr
from gwr.web.app import Settings, create_app

from corpus_data import CORPUS_FILES, DATA, SAMPLES
from pg import fresh_database

SOURCES = [*CORPUS_FILES, SAMPLES, DATA / "heldout"]


def ingested(db: str) -> str:
    out = gwr.open(db).ingest(SOURCES)
    assert (out.status == "added").all(), out[out.status != "added"]
    return db


@pytest.fixture(scope="session")
def sqlite_db(tmp_path_factory) -> str:
    return ingested(str(tmp_path_factory.mktemp("web") / "gwr.sqlite"))


@pytest.fixture(scope="session")
def sqlite_client(sqlite_db):
    """The read-only app over the SQLite corpus."""
    with TestClient(create_app(Settings(db=sqlite_db))) as client:
        client.db = sqlite_db
        yield client


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def client(request, sqlite_client):
    """The core read endpoints run on both dialects: the same app over SQLite and over PostgreSQL."""
    if request.param == "sqlite":
        yield sqlite_client
        return
    db = ingested(fresh_database(request.getfixturevalue("postgres_url")))
    with TestClient(create_app(Settings(db=db))) as client:
        client.db = db  # the Python API over the same database gives the expected figures
        yield client
