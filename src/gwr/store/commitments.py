"""Commitments over the stored corpus: the rows ``gwr.store.derived`` computed at ingest, by index.

Each plan item was read by ``gwr.commitments`` when its file was stored and paired
(``gwr.commitments.pair``) with the next report of its region whenever that report
came; here they are only selected: region (and every place below it), report year,
near-duplicate copies left out, in report order, as ``pair_documents`` gives them.
"""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from ..commitments import FACT_KINDS
from .filters import YearSpec, not_duplicate, one_of, region_ids, where, year_clause
from .schema import commitments, documents


def stored_commitments(corpus, *, region: str | None = None, year: YearSpec = None,
                       below: bool = True) -> list[dict[str, Any]]:
    """Every commitment of the stored reports of ``region`` (``below``: and the places below it) and
    ``year``, paired with next year's outcome."""
    from .derived import ensure

    ensure(corpus.engine)
    stmt = (select(commitments.c.document_id, commitments.c.item, commitments.c.outcome)
            .join(documents, documents.c.id == commitments.c.document_id)
            .where(commitments.c.kind == "plan", not_duplicate())
            .order_by(commitments.c.document_id, commitments.c.ordinal))
    stmt = where(stmt, region_ids(region, below=below), year_clause(documents.c.report_year, year),
                 one_of(documents.c.kind, list(FACT_KINDS)))
    out = []
    with corpus.engine.connect() as conn:
        for doc_id, item, paired in conn.execute(stmt):
            row = {**_json(item), **(_json(paired) or {"status": None, "outcome": None})}
            row["document_id"] = int(doc_id)
            out.append(row)
    return out


def _json(v):
    return json.loads(v) if isinstance(v, str) else v


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
