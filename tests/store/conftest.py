"""Every store test runs twice: on a SQLite file and on a real PostgreSQL server (``postgres_url``)."""
from __future__ import annotations

import pytest

from pg import fresh_database


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "gwr.sqlite")
    return fresh_database(request.getfixturevalue("postgres_url"))
