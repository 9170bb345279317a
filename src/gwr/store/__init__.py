"""The only stage that touches a database: see ``db`` (opening, migrations), ``ingest`` (writing)
and ``corpus`` (reading, as DataFrames)."""
from .db import connect, default_db

__all__ = ["connect", "default_db"]
