"""Commitments over the stored corpus: the rows ``gwr.store.derived`` computed at ingest, by index.

Each plan item was read by ``gwr.commitments`` when its file was stored and paired
(``gwr.commitments.pair``) with the next report of its region whenever that report
came (a document's items and pairs stored as blobs, ``gwr.store.compact``); here
they are only selected and unpacked: region (and every place below it), report year,
near-duplicate copies left out, in report order, as ``pair_documents`` gives them.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..commitments import FACT_KINDS
from .compact import unpack, unpack_items
from .filters import YearSpec, not_duplicate, one_of, region_ids, where, year_clause
from .schema import commitments, documents


def stored_commitments(corpus, *, region: str | None = None, year: YearSpec = None,
                       below: bool = True) -> list[dict[str, Any]]:
    """Every commitment of the stored reports of ``region`` (``below``: and the places below it) and
    ``year``, paired with next year's outcome."""
    from .derived import ensure

    ensure(corpus.engine)
    stmt = (select(commitments.c.document_id, commitments.c.plan_items, commitments.c.pairs)
            .join(documents, documents.c.id == commitments.c.document_id)
            .where(commitments.c.plan_items.is_not(None), not_duplicate())
            .order_by(commitments.c.document_id))
    stmt = where(stmt, region_ids(region, below=below), year_clause(documents.c.report_year, year),
                 one_of(documents.c.kind, list(FACT_KINDS)))
    out = []
    with corpus.engine.connect() as conn:
        for doc_id, items, pairs in conn.execute(stmt):
            out.extend(rows(int(doc_id), items, pairs))
    return out


def rows(doc_id: int, items: bytes, pairs: bytes | None) -> list[dict[str, Any]]:
    """A document's stored plan items with their pairs, as ``gwr.commitments.pair_documents`` gives them."""
    plan = unpack_items(items)
    extras = unpack(pairs) if pairs is not None else [None] * len(plan)
    out = []
    for item, extra in zip(plan, extras):
        row = {**item, **(extra or {"status": None, "outcome": None})}
        row["document_id"] = doc_id
        out.append(row)
    return out


def _in_years(y: int | None, spec: YearSpec) -> bool:
    """Whether report year ``y`` matches a year filter (``gwr commitments FILES --year``)."""
    if spec is None:
        return True
    if y is None:
        return False
    if isinstance(spec, int):
        return y == spec
    if isinstance(spec, tuple) and len(spec) == 2:
        lo, hi = spec
        return (lo is None or y >= lo) and (hi is None or y <= hi)
    return y in set(spec)
