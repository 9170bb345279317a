"""Every table of the corpus as one Parquet file each: ``gwr export --all DIR``.

DuckDB, polars, R's arrow and Spark read a folder of Parquet files directly
(``SELECT * FROM 'dir/facts.parquet'``), so this is the whole corpus for tools
that will never speak SQLAlchemy.  Rows are streamed in batches into a
``ParquetWriter`` whose schema comes from the table's declared columns, not
from the data: a batch where a column happens to be all null must not change
its type, and a corpus larger than memory must still export.  JSON columns
(locators, warnings, extra attributes) are written as JSON text; the MinHash
signature (an internal of near-duplicate detection) is left out.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from sqlalchemy import JSON, BigInteger, Boolean, Float, Integer, LargeBinary, select

from ..errors import GwrError
from .export import atomic
from .schema import documents, facts, file_texts, files, paragraphs, projects, sections

TABLES = {t.name: t for t in (files, file_texts, documents, sections, paragraphs, facts, projects)}
BATCH = 5000


def _arrow_type(column):
    import pyarrow as pa

    t = column.type
    if isinstance(t, Boolean):
        return pa.bool_()
    if isinstance(t, (Integer, BigInteger)) or isinstance(getattr(t, "impl", None), Integer):
        return pa.int64()
    if isinstance(t, Float):
        return pa.float64()
    return pa.string()  # text, JSON (as JSON text)


def _columns(table):
    return [c for c in table.c if not isinstance(c.type, LargeBinary)]


def schema(table):
    import pyarrow as pa

    return pa.schema([pa.field(c.name, _arrow_type(c), nullable=c.nullable or c.primary_key) for c in _columns(table)])


def dump(engine, directory: str | os.PathLike[str]) -> dict[str, int]:
    """Write ``DIR/<table>.parquet`` for every table; returns the rows written per table.

    Each file is written beside its final name and renamed when complete, so a
    failed export never leaves a half file under a table's name.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(directory)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise GwrError(f"cannot write to {os.fspath(out)!r}: {e.strerror or e}") from None
    counts = {}
    for name, table in TABLES.items():
        cols = _columns(table)
        sch = schema(table)
        json_cols = {c.name for c in cols if isinstance(c.type, JSON)}
        n = 0
        with atomic(out / f"{name}.parquet") as tmp:
            with engine.connect() as conn, pq.ParquetWriter(tmp, sch, compression="zstd") as writer:
                result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(
                    select(*cols).order_by(table.primary_key.columns.values()[0]))
                for rows in result.partitions(BATCH):
                    data = {c.name: [r[i] for r in rows] for i, c in enumerate(cols)}
                    for c in json_cols:
                        data[c] = [None if v is None else json.dumps(v, ensure_ascii=False) for v in data[c]]
                    writer.write_table(pa.Table.from_pydict(data, schema=sch))
                    n += len(rows)
        counts[name] = n
    return counts
