"""gwr — government work reports as structured, cited, comparable data."""
from __future__ import annotations

import logging

__version__ = "0.1.0"
logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str):
    """``gwr.open`` without importing pandas and SQLAlchemy for every ``gwr extract``."""
    if name == "open":
        from .store.corpus import open as open_corpus

        return open_corpus
    raise AttributeError(f"module 'gwr' has no attribute {name!r}")
