"""Attention figures as flat rows: per document, per section role or per region-year.

The shells (CLI, ``Corpus.attention``, later the REST API) all print these rows,
so a figure means the same wherever it is read.  One row per unit and topic
(long format): easy to filter, to write as CSV and to pivot into a time series
(``df.pivot_table(index="report_year", columns="region_name", values="per_10k")``).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from .dictionary import Dictionary
from .score import DocumentScore, Tally, evidence, score

LOGGER = logging.getLogger(__name__)

REPORT_KINDS = ("official_report", "report_excerpt")
BY = ("document", "section", "region-year")
# The columns of each kind of row, in order (CSV header, DataFrame columns).
_DOC = ["path", "document", "document_id", "kind", "title", "region_name", "region_code", "level", "report_year"]
_FIGURES = ["topic", "topic_name", "count", "per_10k", "sentences_with", "sentence_share", "chars", "sentences",
            "documents", "terms"]
COLUMNS = {"document": _DOC + _FIGURES, "section": _DOC + ["role"] + _FIGURES,
           "region-year": ["region_name", "region_code", "level", "report_year"] + _FIGURES}


class Rows(list):
    """The rows, and how many documents a region-year grouping left out (region or year unknown)."""

    skipped: int = 0


@dataclass(slots=True)
class Scored:
    """A document's identity, its text (for evidence) and its score."""

    path: str
    document: int  # index inside its file
    document_id: int | None  # in a database, else None
    kind: str
    title: str | None
    region_name: str | None
    region_code: str | None
    level: str | None
    report_year: int | None
    text: str
    score: DocumentScore
    parent: str | None = None  # the region's parent (湖南省岳阳市): tells apart two towns of one name

    def ident(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in _DOC}


def score_result(result, dictionary: Dictionary, *, kinds: Iterable[str] | None = REPORT_KINDS) -> Iterator[Scored]:
    """Every document of an extracted file (``gwr.pipeline.extract_file``) of one of ``kinds``
    (None: every kind), scored."""
    kinds = None if kinds is None else set(kinds)
    text = result.source.text
    norm = None
    for d in result.documents:
        if kinds is not None and d.kind not in kinds:
            continue
        if norm is None:
            from ..parse.normalize import normalize

            norm = normalize(text)
        r = d.region
        yield Scored(result.source.path, d.index, None, d.kind, d.title, r.name if r else None,
                     r.code if r else None, r.level if r else None, d.report_year, text,
                     score(text, d.sections, dictionary, span=d.span, norm=norm), r.parent if r else None)


def rows(scored: Iterable[Scored], dictionary: Dictionary, *, by: str = "document",
         evidence_per_row: int = 0) -> Rows:
    """One row per unit (``by``: document, section or region-year) and topic.

    evidence_per_row: add up to this many sentences behind each row's count (``evidence``: span,
        quote, role, highlighted, matches), in text order (for a region-year, document by document).
    """
    if by not in BY:
        raise ValueError(f"cannot group attention by {by!r} (one of {', '.join(BY)})")
    out = Rows()
    if by == "region-year":
        groups: dict[tuple, tuple[dict[str, Any], Tally, list[Scored]]] = {}
        skipped = 0
        for s in scored:
            key = s.region_code or (s.region_name and (s.region_name, s.parent or ""))
            if not key or s.report_year is None:
                skipped += 1
                LOGGER.debug("region-year: %s document %s left out (region or year unknown)", s.path, s.document)
                continue
            ident = {"region_name": s.region_name, "region_code": s.region_code, "level": s.level,
                     "report_year": s.report_year}
            g = groups.setdefault((key, s.report_year), (ident, Tally(), []))
            g[1].add(s.score.total)
            if evidence_per_row:
                g[2].append(s)
        for (key, year), (ident, tally, members) in sorted(groups.items(), key=lambda kv: (str(kv[0][0]), kv[0][1])):
            for topic in dictionary.topics:
                row = {**ident, **_figures(tally, topic)}
                if evidence_per_row:
                    row["evidence"] = _evidence(members, topic.id, ..., evidence_per_row)
                out.append(row)
        out.skipped = skipped
        return out
    for s in scored:
        units = [(None, s.score.total)] if by == "document" else \
            sorted(s.score.by_role.items(), key=lambda kv: (kv[0] is not None, kv[0] or ""))
        for role, tally in units:
            for topic in dictionary.topics:
                row = s.ident()
                if by == "section":
                    row["role"] = role
                row.update(_figures(tally, topic))
                if evidence_per_row:
                    row["evidence"] = _evidence([s], topic.id, ... if by == "document" else role, evidence_per_row)
                out.append(row)
    return out


def _figures(t: Tally, topic) -> dict[str, Any]:
    terms = t.terms.get(topic.id) or {}
    return {"topic": topic.id, "topic_name": topic.name, "count": t.counts[topic.id], "per_10k": t.per_10k(topic.id),
            "sentences_with": t.sentences_with[topic.id], "sentence_share": t.sentence_share(topic.id),
            "chars": t.chars, "sentences": t.sentences, "documents": t.documents,
            "terms": dict(sorted(terms.items(), key=lambda kv: (-kv[1], kv[0])))}


def _evidence(members: list[Scored], topic: str, role, limit: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for s in members:
        if len(out) >= limit:
            break
        for e in evidence(s.text, s.score, topic, role=role, limit=limit - len(out)):
            out.append({"path": s.path, "document": s.document, "document_id": s.document_id, **e})
    return out
