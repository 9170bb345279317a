"""Commitments over the stored corpus: each stored report's text is read again by the pure core.

The database keeps every file's extracted text (``file_texts``), and the
pipeline from text on is a pure function, so rebuilding a ``Source`` from the
stored row and running ``extract_source`` gives the same documents, sections
and figures as at ingest, without a table of its own to migrate and keep in step
with the grammar.  Reports of the following year are read too (whatever the
``year`` filter), since a commitment's outcome is in the next report's review.
"""
from __future__ import annotations

from typing import Any

from ..commitments import FACT_KINDS, pair_documents
from ..model import FileResult, Source
from ..pipeline import extract_source
from .filters import YearSpec


def stored_commitments(corpus, *, region: str | None = None, year: YearSpec = None) -> list[dict[str, Any]]:
    """Every commitment of the stored reports of ``region`` and ``year``, paired with next year's outcome."""
    docs = corpus.documents(region=region, kind=list(FACT_KINDS))
    if docs.empty:
        return []
    wanted = {(int(r.file_id), int(r.index)): int(r.id) for r in docs.itertuples(index=False)}
    results = []
    for file_id in sorted({f for f, _ in wanted}):
        row = corpus.file(file_id)
        source = Source(path=row["path"], format=row["format"], encoding=row["encoding"], sha256=row["sha256"],
                        size=int(row["size"]), text=corpus.text(file_id))
        res = extract_source(source)
        res = FileResult(res.source, [d for d in res.documents if (file_id, d.index) in wanted])
        results.append((file_id, res))
    by_path = {res.source.path: file_id for file_id, res in results}
    out = []
    for r in pair_documents(res for _, res in results):
        if not _in_years(r.get("report_year"), year):
            continue
        r["document_id"] = wanted.get((by_path[r["path"]], r["document_index"]))
        out.append(r)
    return out


def _in_years(y: int | None, spec: YearSpec) -> bool:
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
