"""Session fixtures over the real seed corpus and the project's own samples."""
from __future__ import annotations

import pytest

from corpus_data import CORPUS, SAMPLES


@pytest.fixture(scope="session")
def corpus_results():
    """Every seed file through read → split → parse, once per session."""
    from gwr.pipeline import extract_file

    return {p.name: extract_file(p) for p in sorted(CORPUS.glob("*.txt"))}


@pytest.fixture(scope="session")
def sample_results():
    from gwr.pipeline import extract_file

    return {p.name: extract_file(p) for p in sorted(SAMPLES.iterdir()) if p.is_file()}


@pytest.fixture(scope="session")
def postgres_url():
    """URL of a throwaway PostgreSQL database (see tests/pg.py); skips when none can run."""
    from pg import postgres_server

    with postgres_server() as url:
        yield url
