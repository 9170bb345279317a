"""Every store test runs twice: on a SQLite file and on a real PostgreSQL server (``postgres_url``)."""
from __future__ import annotations

import itertools

import pytest

_counter = itertools.count()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "gwr.sqlite")
    return fresh_database(request.getfixturevalue("postgres_url"))


def fresh_database(server_url: str) -> str:
    """A new, empty database on the test server, so that tests never see each other's rows."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    name = f"gwr_t{next(_counter)}_{id(url) % 10_000}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\''))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)
