"""Attention over a stored corpus: the same counting on the texts and section spans in the database.

The database keeps each file's text and each section's span and role, which is
all ``score`` needs, so nothing is re-extracted.  Near-duplicate copies of a
report are left out (as ``Corpus.documents`` does), so a report posted on
five sites counts once in a region-year.
"""
from __future__ import annotations

from typing import Iterator, Sequence

from sqlalchemy import select

from ..parse.normalize import normalize
from ..store.schema import sections
from .dictionary import Dictionary
from .score import score
from .table import REPORT_KINDS, Scored

_CHUNK = 500  # document ids per IN (...) query


def score_corpus(corpus, dictionary: Dictionary, *, region: str | None = None,
                 level: str | Sequence[str] | None = None, year=None,
                 kind: str | Sequence[str] | None = REPORT_KINDS) -> Iterator[Scored]:
    """Every matching stored document scored, file by file (one file's text in memory at a time)."""
    docs = corpus.documents(region=region, level=level, year=year, kind=list(kind) if kind else None)
    if docs.empty:
        return
    records = docs.sort_values(["file_id", "index"]).to_dict("records")
    spans = _sections(corpus, [int(r["id"]) for r in records])
    file_id, text, norm = None, "", ""
    for r in records:
        if r["file_id"] != file_id:
            file_id = r["file_id"]
            text = corpus.text(int(file_id))
            norm = normalize(text)
        year_ = r["report_year"]
        yield Scored(r["path"], int(r["index"]), int(r["id"]), r["kind"], _none(r["title"]), _none(r["region_name"]),
                     _none(r["region_code"]), _none(r["level"]), None if _none(year_) is None else int(year_), text,
                     score(text, spans.get(int(r["id"]), []), dictionary, span=(int(r["start"]), int(r["end"])),
                           norm=norm), _none(r.get("parent")))


def _sections(corpus, ids: list[int]) -> dict[int, list[tuple[int, int, str]]]:
    out: dict[int, list[tuple[int, int, str]]] = {}
    with corpus.engine.connect() as conn:
        for i in range(0, len(ids), _CHUNK):
            stmt = (select(sections.c.document_id, sections.c.start, sections.c.end, sections.c.role)
                    .where(sections.c.document_id.in_(ids[i:i + _CHUNK])).order_by(sections.c.ordinal))
            for doc_id, s, e, role in conn.execute(stmt):
                out.setdefault(doc_id, []).append((s, e, role))
    return out


def _none(v):
    import pandas as pd

    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else v
