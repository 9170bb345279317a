"""Fact rows for the analysis tests: real ones from `gwr extract`, and a builder for edge cases."""
from __future__ import annotations

import pytest

from corpus_data import CORPUS, DATA

def _rows(*paths):
    from gwr.analysis import rows_from_extract
    from gwr.pipeline import extract_file

    return rows_from_extract([extract_file(p).to_dict() for p in paths])


@pytest.fixture(scope="session")
def two_years_rows():
    """A county's reports for two consecutive years on one page (held-out data of the project)."""
    return _rows(DATA / "heldout4" / "02_sihong_two_years.txt")


@pytest.fixture(scope="session")
def seed_rows():
    """A district report with target levels and growths, and a compilation that pastes a town's report twice."""
    return _rows(CORPUS / "001_209cad49592183ba.txt", CORPUS / "002_1da900150c739e0f.txt")
