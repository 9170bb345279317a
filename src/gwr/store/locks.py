"""Locks that let several processes write one database at once (``gwr ingest`` on a Dask cluster).

On PostgreSQL they are transaction-scoped advisory locks: taken inside a write
transaction, released by its commit or rollback, so a killed writer never
leaves one behind.  SQLite needs none: a write transaction (``BEGIN
IMMEDIATE``) already excludes every other writer of the file.

READ COMMITTED takes a new snapshot per statement, and a transaction's commit is
visible before its locks are released, so whatever a lock holder reads was
committed by every earlier holder.
"""
from __future__ import annotations

import hashlib
import struct

from sqlalchemy import Connection, text

# fixed keys of database-wide locks (the migrations' and the commitment repairs' are in db and derived)
DUPLICATES = 0x6777726C  # "gwrl": near-duplicate links are decided by one writer at a time
PAIRS = 0x67777264  # "gwrd": gwr.store.derived's repairs of commitment pairs (its _LOCK)


def shared(conn: Connection) -> None:
    """The rows several files' transactions write (other files' links, their commitments' status, the
    queue of pairs to compute): taken by a file's transaction for its last steps, to its commit.
    With the repairs' lock too: a repair updates commitments and then empties the queue, a file
    queues and then relinks commitments — in one transaction each, they could wait on each other."""
    advisory(conn, DUPLICATES)
    advisory(conn, PAIRS)


def advisory(conn: Connection, key: int) -> None:
    """Hold lock ``key`` until the end of the transaction (PostgreSQL; nothing to do on SQLite)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def key_of(name: str) -> int:
    """A signed 64-bit lock key for a name (a file key), the same in every process."""
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8, person=b"gwr-file").digest()
    return struct.unpack("<q", digest)[0]


def named(conn: Connection, name: str) -> None:
    """Hold the lock of ``name`` (a file key) until the end of the transaction."""
    advisory(conn, key_of(name))
