"""Opening a gwr database: a path means an embedded SQLite file, a URL any SQLAlchemy database.

Every open brings the schema to the newest Alembic revision, so a database
written by an older gwr is migrated in place and a new one is created; the
migrations are the only place the schema is built, for both dialects.
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text

from ..errors import GwrError

DEFAULT_DB = "gwr.sqlite"
MIGRATIONS = Path(__file__).with_name("migrations")


def default_db() -> str:
    """``$GWR_DB`` or ``gwr.sqlite`` in the working directory."""
    return os.environ.get("GWR_DB") or DEFAULT_DB


def url_of(db: str | os.PathLike[str]) -> str:
    """A SQLAlchemy URL for a path or URL; ``postgresql://`` is taken to mean psycopg 3."""
    s = os.fspath(db)
    if "://" not in s:
        return "sqlite:///" + os.path.abspath(s)
    if s.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + s.split("://", 1)[1]
    return s


MMAP_MB = 256  # SQLite: bytes of the file mapped per connection (PRAGMA mmap_size)
CACHE_MB = 64  # SQLite: page cache per connection (PRAGMA cache_size)


def connect(db: str | os.PathLike[str] | None = None, *, migrate: bool = True, pool_size: int | None = None,
            mmap_mb: float | None = None, cache_mb: float | None = None) -> Engine:
    """An engine over ``db``; ``pool_size`` bounds its connections (at most twice that, on SQLite and
    PostgreSQL alike: a server's memory is then bounded by workers × 2 × pool × (cache + mapped
    pages), and a PostgreSQL server sees at most workers × 2 × pool); ``mmap_mb`` and ``cache_mb`` size each
    SQLite connection (default ``MMAP_MB``, ``CACHE_MB``; ``$GWR_SQLITE_MMAP_MB``, ``$GWR_SQLITE_CACHE_MB``)."""
    url = url_of(db if db is not None else default_db())
    # pre-ping: a connection the server dropped (a restart, pg_terminate_backend) is replaced, not reused;
    # as many again in overflow: a handler may hold two connections at once (a read inside a read)
    kw = {} if url.startswith("sqlite") else {"pool_pre_ping": True}
    if pool_size is not None:
        kw.update(pool_size=pool_size, max_overflow=pool_size)
    try:
        engine = create_engine(url, future=True, **kw)
    except Exception as e:  # a malformed URL or a missing driver: one line, not a traceback
        raise GwrError(f"cannot open database {db!r}: {e}") from None
    if engine.dialect.name == "sqlite":
        mmap = _mb(mmap_mb, "GWR_SQLITE_MMAP_MB", MMAP_MB)
        cache = _mb(cache_mb, "GWR_SQLITE_CACHE_MB", CACHE_MB)
        event.listen(engine, "connect", lambda c, r: _sqlite_pragmas(c, r, mmap=mmap, cache=cache))
        event.listen(engine, "begin", _sqlite_begin)
    if migrate:
        try:
            upgrade(engine)
        except GwrError:
            raise
        except Exception as e:
            raise GwrError(f"cannot open database {_safe(url)}: {type(e).__name__}: {e}".splitlines()[0]) from None
    return engine


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _mb(given: float | None, env: str, default: float) -> int:
    """Bytes of a size given in MiB, else from ``env``, else ``default``; a bad value is one line."""
    value = given if given is not None else os.environ.get(env) or default
    try:
        mb = float(value)
    except ValueError:
        raise GwrError(f"${env}: not a number of MiB: {value!r}") from None
    if mb < 0:
        raise GwrError(f"${env}: a size cannot be negative: {mb}")
    return int(mb * 2**20)


def _sqlite_pragmas(dbapi_conn, _record, *, mmap: int = MMAP_MB * 2**20, cache: int = CACHE_MB * 2**20) -> None:
    """WAL lets readers (search, the dashboard) run while a batch is ingesting."""
    # the driver's own transaction handling would hide BEGIN from SQLAlchemy; we issue it ourselves
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    # first: a new file's switch to WAL needs a lock that another opener may hold for a moment
    cur.execute("PRAGMA busy_timeout=30000")
    # a new file only (an existing one keeps its mode until VACUUM): pages freed by merging the search
    # index's segments go back to the file system after each batch (gwr.search._sqlite.compact), not
    # kept as free pages — 0.2× the text at 1,000 reports
    cur.execute("PRAGMA auto_vacuum=INCREMENTAL")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    # searches read scattered rows of a large file: map a part of it, and keep more pages than the
    # default 2 MB.  Both are per connection: a server has workers × pool of them, so they stay
    # bounded (1 GiB each once made a 10k-report server hold 2 GB).
    cur.execute(f"PRAGMA mmap_size={int(mmap)}")
    cur.execute(f"PRAGMA cache_size=-{max(1, int(cache) // 1024)}")
    cur.close()
    from .texts import sql_text

    dbapi_conn.create_function("gwr_text", 1, sql_text, deterministic=True)  # the stored text, for SQL by hand


def _sqlite_begin(conn) -> None:
    """Transactions begin where SQLAlchemy says; a writer takes the lock at once (no deadlock on upgrade)."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("sqlite_write") else "BEGIN")


def _alembic_config(connection):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def managed(obj, name, type_, reflected, compare_to) -> bool:
    """What Alembic compares with ``schema.metadata``: not the search index, which ``gwr.search`` owns."""
    return not (type_ == "table" and name.startswith(("paragraph_fts", "paragraph_search", "paragraph_tagsets")))


def head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(None)).get_current_head()


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


MIGRATION_LOCK = 0x67777273  # pg_advisory_xact_lock key ("gwrs") held while the schema is built or upgraded


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate to ``revision``; a database already there costs one query.

    Several processes may open a new database at once (two ingests, a server and an ingest).  The
    migrations run under a database-wide lock taken before anything is read: on SQLite a write
    transaction from its first statement (``BEGIN IMMEDIATE``; a deferred one that reads first
    cannot wait for the writer and fails with "database is locked"), on PostgreSQL an advisory
    lock.  Alembic reads the revision inside the lock, so the second opener finds the work done.
    """
    if revision == "head" and current(engine) == head():
        return
    from alembic import command

    with engine.connect() as conn:
        with conn.execution_options(sqlite_write=True).begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
            command.upgrade(_alembic_config(conn), revision)
