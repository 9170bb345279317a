"""Which optional part of gwr a missing module belongs to, and the one line that says so.

``pip install gwr`` reads and extracts; the database, the web server and
scale-out are extras (``gwr[store]``, ``gwr[web]``, ``gwr[dask]``).  A user
who runs ``gwr ingest`` on the base install should read which extra to
install, not a ``ModuleNotFoundError`` traceback from deep inside SQLAlchemy's
importers; so the entry points of each part call :func:`require`, and the CLI
turns a stray ``ModuleNotFoundError`` into the same message (:func:`explain`).
"""
from __future__ import annotations

import importlib.util

from .errors import GwrError

# import name → the extra that installs it (pyproject.toml [project.optional-dependencies])
MODULES: dict[str, str] = {
    "sqlalchemy": "store", "alembic": "store", "psycopg": "store",
    "numpy": "store", "pandas": "store", "pyarrow": "store", "openpyxl": "store",
    "fastapi": "web", "starlette": "web", "uvicorn": "web", "jinja2": "web", "multipart": "web",
    "python_multipart": "web", "dask": "dask", "distributed": "dask", "datasette": "datasette",
}
WHAT = {"store": "the database (ingest, search, track, export, gwr.open)",
        "web": "the web server (gwr serve)", "dask": "scale-out over Dask",
        "datasette": "the datasette plugin"}


class MissingExtraError(GwrError, ImportError):
    """A command needs an optional part of gwr that is not installed."""

    code = "E010"

    def __init__(self, extra: str, missing: list[str]):
        self.extra, self.missing = extra, missing
        super().__init__(f"{WHAT.get(extra, extra)} needs the {extra} extra: pip install 'gwr[{extra}]' "
                         f"(missing: {', '.join(missing)})")


def missing(extra: str) -> list[str]:
    """The modules of ``extra`` that cannot be imported (found without importing them)."""
    return [m for m, e in MODULES.items() if e == extra and m not in _OPTIONAL and
            importlib.util.find_spec(m) is None]


# modules listed for explain() only: not every install of the extra has them under this name
_OPTIONAL = frozenset({"starlette", "multipart", "python_multipart"})


def require(*extras: str) -> None:
    """Raise :class:`MissingExtraError` unless every module of ``extras`` is importable."""
    for extra in extras:
        gone = missing(extra)
        if gone:
            raise MissingExtraError(extra, gone)


def explain(error: ModuleNotFoundError) -> MissingExtraError | None:
    """The extra behind a ``ModuleNotFoundError`` (None when it is no module of ours)."""
    top = (error.name or "").split(".")[0]
    extra = MODULES.get(top)
    return MissingExtraError(extra, [top]) if extra else None
