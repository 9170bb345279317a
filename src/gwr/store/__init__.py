"""The only stage that touches a database: see ``db`` (opening, migrations), ``ingest`` (writing)
and ``corpus`` (reading, as DataFrames).  It is the ``gwr[store]`` extra: importing it on a base
install says which extra to install instead of failing deep inside an import."""
from ..extras import require

require("store")

from .db import connect, default_db  # noqa: E402

__all__ = ["connect", "default_db"]
