"""A real SQLite database ingested from the seed corpus, shared by the attention tests."""
from __future__ import annotations

import pytest

from corpus_data import CORPUS_FILES


@pytest.fixture(scope="session")
def attention_db(tmp_path_factory):
    import gwr

    path = tmp_path_factory.mktemp("attention") / "gwr.sqlite"
    done = gwr.open(path).ingest(CORPUS_FILES)
    assert set(done["status"]) == {"added"}
    return path
