"""One FastAPI application serving the JSON API under ``/api`` and the dashboard pages at ``/``.

The app holds one ``Corpus`` (a SQLAlchemy engine, thread-safe) in
``app.state.corpus``; handlers are plain functions of it.  Writing (uploading
files to ingest) is off unless the server is given a token.
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


def create_app(settings: Settings) -> FastAPI:
    from ..store.corpus import open as open_corpus

    app = FastAPI(title="gwr", version=__version__, docs_url=None,  # /docs is served offline by .docs
                  redoc_url=None,  # ReDoc has no offline package: one viewer (/docs) that needs no network
                  description="Chinese government work reports (政府工作报告) as structured, cited data.")
    app.state.settings = settings
    app.state.corpus = open_corpus(settings.db)
    _derive(app.state.corpus)
    _include_routers(app)
    from .security import SecurityHeaders, docs_policies

    app.add_middleware(SecurityHeaders, policies=docs_policies(app))
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
