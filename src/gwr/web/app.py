"""One FastAPI application serving the JSON API under ``/api`` and the dashboard pages at ``/``.

The app holds one ``Corpus`` (a SQLAlchemy engine, thread-safe) in
``app.state.corpus``; handlers are plain functions of it.  Writing (uploading
files to ingest) is off unless the server is given a token.

``gwr serve --workers N`` runs N uvicorn worker processes; each builds its own app
with :func:`from_environment` (uvicorn's app factory), so that every worker opens
its own connections (a SQLite connection must not cross a fork) within the bounds
of ``Settings.pool_size`` and the per-connection sizes of ``gwr.store.db``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from fastapi import FastAPI

from .. import __version__


@dataclass(frozen=True)
class Settings:
    db: str
    upload_token: str | None = None  # POST /api/files needs "Authorization: Bearer <token>"; None: read-only
    max_upload_mb: float = 32.0
    upload_dir: str | None = None  # where uploaded files are kept (default: beside a SQLite file)
    # database connections per process (None: SQLAlchemy's default, 5 + 10 overflow); handlers
    # that would need more wait for one in the event loop, not in a thread
    pool_size: int | None = None
    sqlite_mmap_mb: float | None = None  # None: gwr.store.db.MMAP_MB ($GWR_SQLITE_MMAP_MB)
    sqlite_cache_mb: float | None = None  # None: gwr.store.db.CACHE_MB ($GWR_SQLITE_CACHE_MB)
    page_cache_mb: float = 64.0  # rendered answers kept (gzipped) per process: gwr.web.page_cache
    # a directory the worker processes of one server share answers through (None: each keeps its own)
    shared_pages_dir: str | None = None
    shared_pages_mb: float = 512.0


def create_app(settings: Settings) -> FastAPI:
    from ..store.corpus import open as open_corpus

    app = FastAPI(title="gwr", version=__version__, docs_url=None,  # /docs is served offline by .docs
                  redoc_url=None,  # ReDoc has no offline package: one viewer (/docs) that needs no network
                  description="Chinese government work reports (政府工作报告) as structured, cited data.")
    app.state.settings = settings
    app.state.corpus = open_corpus(settings.db, pool_size=settings.pool_size, mmap_mb=settings.sqlite_mmap_mb,
                                   cache_mb=settings.sqlite_cache_mb)
    _derive(app.state.corpus)
    if settings.pool_size:
        _bound_threads(app, settings.pool_size)
    _include_routers(app)
    from .page_cache import LRU, PageCache, SharedPages
    from .security import SecurityHeaders, docs_policies

    # inside the security headers, so that a kept answer gets them as a built one does
    app.state.page_cache = LRU(max_entries=16384, max_bytes=int(settings.page_cache_mb * 2**20))
    shared = (SharedPages(settings.shared_pages_dir, int(settings.shared_pages_mb * 2**20))
              if settings.shared_pages_dir else None)
    app.add_middleware(PageCache, corpus=app.state.corpus, cache=app.state.page_cache, shared=shared)
    app.add_middleware(SecurityHeaders, policies=docs_policies(app))
    return app


def _bound_threads(app: FastAPI, n: int) -> None:
    """As many handler threads as connections: a thread more would only wait for the pool (and past
    its timeout fail), a request waiting for a thread costs nothing but its place in the queue."""
    from contextlib import asynccontextmanager

    import anyio.to_thread

    @asynccontextmanager
    async def lifespan(_app):
        anyio.to_thread.current_default_thread_limiter().total_tokens = n
        yield

    app.router.lifespan_context = lifespan


SETTINGS_ENV = "GWR_SERVE_SETTINGS"


def from_environment() -> FastAPI:
    """The app of one ``gwr serve`` worker: its settings, as JSON in ``$GWR_SERVE_SETTINGS``, were
    written by the command that started the workers (uvicorn imports this by name in each)."""
    import json

    from ..indicators import taxonomy
    from ..regions import gazetteer
    from .gc_policy import settle

    app = create_app(Settings(**json.loads(os.environ[SETTINGS_ENV])))
    gazetteer(), taxonomy()  # what every page reads, loaded before the heap is frozen
    settle()
    return app


def _derive(corpus) -> None:
    """Commitments and attention of files stored before migration 0007 (or by other rules), once, now:
    the pages and endpoints then only read them."""
    import logging

    from ..store.derived import ensure, stale

    if stale(corpus.engine):
        logging.getLogger("gwr").warning("computing commitments and attention of stored files (once) …")
        ensure(corpus.engine)


def _include_routers(app: FastAPI) -> None:
    """The API and the pages live in their own modules; each is optional while it is being built."""
    import importlib

    from . import docs

    docs.install(app)
    for name in ("api", "pages", "cascade_page"):
        try:
            module = importlib.import_module(f"{__package__}.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"{__package__}.{name}":
                raise
            continue
        module.install(app)


def settings_from_env(db: str | None = None) -> Settings:
    from ..store.db import default_db

    return Settings(db=db or default_db(), upload_token=os.environ.get("GWR_UPLOAD_TOKEN") or None,
                    max_upload_mb=float(os.environ.get("GWR_MAX_UPLOAD_MB", "32")))
