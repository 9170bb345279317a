"""Official statistics in the store: importing a file of them, reading them back as rows.

``import_file`` writes the good rows of one file in one transaction, each with
its provenance (file name and path, sha256, line, time of import), and returns
the bad ones as one-line errors naming the file and the line.  Importing the
same bytes again changes nothing (the file's sha256 is already there); a
changed file at the same path replaces the rows the earlier version gave, like
``gwr ingest`` replaces a changed report.
"""
from __future__ import annotations

import datetime
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from sqlalchemy import Engine, delete, insert, or_, select

from ..errors import GwrError
from .filters import YearSpec, one_of, where, year_clause
from .schema import statistics

__all__ = ["import_file", "statistic_rows", "Imported"]


@dataclass
class Imported:
    path: str
    status: str  # added, replaced, unchanged, failed
    rows: int = 0
    errors: list[str] = field(default_factory=list)  # one line each: "stats.csv:7: …"


def import_file(engine: Engine, path: str | os.PathLike[str]) -> Imported:
    from ..statistics_file import read_statistics
    from .ingest import _write, bump

    p = Path(path)
    name = os.fspath(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        return Imported(name, "failed", errors=[f"{name}: cannot read: {e.strerror or e}"])
    if p.suffix.lower() not in (".csv", ".tsv", ".txt", ".xlsx", ".xlsm"):
        return Imported(name, "failed", errors=[f"{name}: not a .csv, .tsv or .xlsx file"])
    try:
        read = read_statistics(p, data)
    except Exception as e:  # not text, not a workbook, no header: the whole file fails, in one line
        return Imported(name, "failed", errors=[f"{name}: {e}".splitlines()[0]])
    errors = [f"{name}:{e.line}: {e.message}" for e in read.errors]
    sha = hashlib.sha256(data).hexdigest()
    full = str(p.resolve())
    with engine.connect() as conn, _write(conn):
        if conn.execute(select(statistics.c.id).where(statistics.c.file_sha256 == sha).limit(1)).first():
            return Imported(name, "unchanged", 0, errors)
        old = conn.execute(delete(statistics).where(statistics.c.file_path == full)).rowcount
        now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
        if read.rows:
            conn.execute(insert(statistics), [
                {**r, "file_name": p.name, "file_path": full, "file_sha256": sha, "imported_at": now}
                for r in read.rows])
        bump(conn)
    if not read.rows and errors:
        status = "failed"
    else:
        status = "replaced" if old else "added"
    return Imported(name, status, len(read.rows), errors)


def statistic_rows(engine: Engine, *, keys: Sequence[str] | None = None, indicator: str | Sequence[str] | None = None,
                   year: YearSpec = None) -> list[dict[str, Any]]:
    """Statistics as plain rows (``gwr.analysis`` reads them), for regions by today's code (``keys``:
    a former division's figures come with its successor's) or all, oldest import first."""
    s = statistics.c
    stmt = select(statistics).order_by(s.imported_at, s.file_name, s.line, s.id)
    region = None
    if keys is not None:
        keys = sorted(set(keys))
        region = or_(s.region_code.in_(keys), s.successor_code.in_(keys))
    stmt = where(stmt, region, one_of(s.indicator, indicator), year_clause(s.year, year))
    try:
        with engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(stmt)]
    except Exception as e:  # pragma: no cover - a database without the table is migrated on open
        raise GwrError(f"cannot read statistics: {e}".splitlines()[0]) from None
