"""The schema comes from the Alembic migrations alone, and they build exactly the declared tables."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from gwr.errors import GwrError
from gwr.store import db
from gwr.store.schema import metadata


def test_migrations_build_the_declared_schema(db_url):
    engine = db.connect(db_url)
    assert db.current(engine) == db.head()
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": db.managed}), metadata)
    assert diff == []


def test_reopening_a_current_database_migrates_nothing(db_url):
    engine = db.connect(db_url)
    tables = set(inspect(engine).get_table_names())
    again = db.connect(db_url)
    assert set(inspect(again).get_table_names()) == tables and db.current(again) == db.head()


def test_downgrade_to_base_and_back(db_url):
    engine = db.connect(db_url)
    from alembic import command

    with engine.begin() as conn:
        command.downgrade(db._alembic_config(conn), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    db.upgrade(engine)
    assert "facts" in inspect(engine).get_table_names()


def test_0012_gives_postgresql_its_sample_index(postgres_url):
    """A database at 0011 (stored before sampled totals read remainders) gets the index on upgrade;
    SQLite samples slices of its FTS5 index and has nothing to add."""
    from alembic import command

    from pg import fresh_database

    def indexes() -> set[str]:
        return {i["name"] for i in inspect(engine).get_indexes("paragraph_search")}

    engine = db.connect(fresh_database(postgres_url))
    assert "paragraph_search_sample_idx" in indexes()
    with engine.begin() as conn:
        command.downgrade(db._alembic_config(conn), "0011")
    assert "paragraph_search_sample_idx" not in indexes()
    db.upgrade(engine)
    assert "paragraph_search_sample_idx" in indexes() and db.current(engine) == db.head()


def test_sqlite_is_in_wal_mode(tmp_path):
    engine = db.connect(tmp_path / "x.sqlite")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_unusable_database_is_one_clear_error(tmp_path):
    with pytest.raises(GwrError) as e:
        db.connect("nosuchdriver://x/y")
    assert "cannot open database" in str(e.value)
    (tmp_path / "not.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.raises(GwrError) as e:
        db.connect(tmp_path / "not.sqlite")
    assert "cannot open database" in str(e.value) and "\n" not in str(e.value)


def test_urls():
    assert db.url_of("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert db.url_of("a/b.sqlite").startswith("sqlite:////")


def test_sqlite_gives_freed_pages_back_after_a_batch(tmp_path):
    """A new file vacuums incrementally: pages freed by merging the search index and by replacing files
    leave the file once a batch is stored, not kept as free pages."""
    import shutil

    import gwr
    from corpus_data import SAMPLES

    work = tmp_path / "in"
    shutil.copytree(SAMPLES, work)
    corpus = gwr.open(tmp_path / "g.sqlite")
    corpus.ingest([work])
    p = work / "qinghe_county_2024.txt"  # the same report again, changed: each of its rows is replaced
    p.write_text(p.read_text(encoding="utf-8").replace("2023", "2022"), encoding="utf-8")
    assert "replaced" in set(corpus.ingest([work]).status)
    with corpus.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA auto_vacuum").scalar() == 2  # incremental
        assert conn.exec_driver_sql("PRAGMA freelist_count").scalar() == 0
