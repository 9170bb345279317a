"""Attention indices from the tallies stored at ingest (``gwr.store.derived``), by index.

The figures are ``gwr.attention``'s own: each stored tally is turned back into a
``Tally`` and the rows come from ``gwr.attention.rows``, so grouping by document,
section role or region-year and every ratio are computed by the same code as
from files.  The sentences behind a figure are stored as spans (the first
``derived.EVIDENCE`` per document and topic) and quoted from the stored text.

Used for gwr's shipped dictionary (any of its topics), every kind but
boilerplate, and evidence of at most ``EVIDENCE`` sentences per row by
document or region-year; anything else (your own dictionary, evidence per
section role) is counted from the stored texts as before.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from sqlalchemy import select

from ..attention.table import Scored
from .compact import unpack
from .derived import ATTENTION_KINDS, EVIDENCE, dictionary, dictionary_key
from .filters import not_duplicate, one_of, region_ids, where, year_clause
from .schema import attention_tallies, documents, files


@dataclass(slots=True)
class StoredScore:
    """What ``gwr.attention.rows`` reads of a ``DocumentScore``: the whole and each role."""

    total: Any
    by_role: dict
    evidence: dict  # topic → [[start, end, role, [[start, end, term], …]], …]
    file_id: int


def usable(d, by: str, evidence: int, kind: Sequence[str] | None) -> bool:
    """Whether the stored tallies answer this question exactly."""
    own = dictionary()
    if d.name != own.name or d.version != own.version or not all(t in own.topics for t in d.topics):
        return False
    if kind is None or not set(kind) <= set(ATTENTION_KINDS):
        return False
    return evidence == 0 or (evidence <= EVIDENCE and by != "section")


def scored(corpus, *, region=None, level=None, year=None, kind=None, below: bool = True) -> list[Scored]:
    """The matching stored documents (near-duplicates left out), each with its stored score, in the
    order ``gwr.attention.corpus.score_corpus`` gives them (file, then index in the file)."""
    from ..attention import Tally

    stmt = (select(documents.c.id, documents.c.file_id, documents.c.index, documents.c.kind, documents.c.title,
                   documents.c.region_name, documents.c.region_code, documents.c.level, documents.c.report_year,
                   documents.c.parent, files.c.name, attention_tallies.c.scope, attention_tallies.c.role,
                   attention_tallies.c.chars, attention_tallies.c.sentences, attention_tallies.c.data)
            .join(files, files.c.id == documents.c.file_id)
            .join(attention_tallies, attention_tallies.c.document_id == documents.c.id)
            .where(attention_tallies.c.dictionary == dictionary_key(), not_duplicate())
            .order_by(documents.c.file_id, documents.c.index, attention_tallies.c.id))
    stmt = where(stmt, region_ids(region, below=below), one_of(documents.c.level, level),
                 year_clause(documents.c.report_year, year), one_of(documents.c.kind, list(kind) if kind else None))
    out: list[Scored] = []
    by_id: dict[int, Scored] = {}
    with corpus.engine.connect() as conn:
        for r in conn.execute(stmt):
            counts, sentences_with, terms, evidence = unpack(r.data)
            tally = Tally(chars=r.chars, sentences=r.sentences, documents=1, counts=Counter(counts),
                          sentences_with=Counter(sentences_with), terms={k: Counter(v) for k, v in terms.items()})
            s = by_id.get(r.id)
            if s is None:
                s = Scored(r.name, int(r.index), int(r.id), r.kind, r.title, r.region_name, r.region_code, r.level,
                           r.report_year, "", StoredScore(Tally(documents=1), {}, {}, int(r.file_id)), r.parent)
                by_id[r.id] = s
                out.append(s)
            if r.scope == "document":
                s.score.total = tally
                s.score.evidence = evidence or {}
            else:
                s.score.by_role[r.role] = tally
    return out


def add_evidence(corpus, out: list[dict[str, Any]], docs: list[Scored], d, by: str, limit: int) -> None:
    """Fill ``evidence`` of the rows ``gwr.attention.rows`` made from ``docs`` (by document or region-year),
    as its ``_evidence`` would: in text order, document after document, up to ``limit`` per row."""
    texts = _texts(corpus, docs)
    topics = [t.id for t in d.topics]
    if by == "document":
        units = [[s] for s in docs]
    else:  # the groups of gwr.attention.rows, in its order
        groups: dict[tuple, list[Scored]] = {}
        for s in docs:
            key = s.region_code or (s.region_name and (s.region_name, s.parent or ""))
            if key and s.report_year is not None:
                groups.setdefault((key, s.report_year), []).append(s)
        units = [groups[k] for k in sorted(groups, key=lambda k: (str(k[0]), k[1]))]
    assert len(out) == len(units) * len(topics), "rows and units out of step"
    i = 0
    for members in units:
        for topic in topics:
            found: list[dict[str, Any]] = []
            for s in members:
                for ev in s.score.evidence.get(topic, []):
                    if len(found) >= limit:
                        break
                    found.append(_quoted(s, ev, texts[s.document_id]))
            out[i]["evidence"] = found
            i += 1


def _quoted(s: Scored, ev: list, text: tuple[int, str], marks: tuple[str, str] = ("【", "】")) -> dict[str, Any]:
    """A stored sentence as ``gwr.attention.evidence`` gives it (quote, highlighted matches)."""
    base, body = text
    start, end, role, matches = ev

    def cut(a: int, b: int) -> str:
        return body[a - base:b - base]

    parts, pos = [], start
    for a, b, _term in matches:
        parts += [cut(pos, a), marks[0], cut(a, b), marks[1]]
        pos = b
    parts.append(cut(pos, end))
    return {"path": s.path, "document": s.document, "document_id": s.document_id, "span": [start, end],
            "quote": cut(start, end), "role": role, "highlighted": "".join(parts),
            "matches": [{"term": t, "span": [a, b], "quote": cut(a, b)} for a, b, t in matches]}


def _texts(corpus, docs: Iterable[Scored]) -> dict[int, tuple[int, str]]:
    """Per document, the stretch of its file's text its stored sentences cover (offset, text)."""
    out = {}
    for s in docs:
        spans = [(ev[0], ev[1]) for evs in s.score.evidence.values() for ev in evs]
        if not spans:
            out[s.document_id] = (0, "")
            continue
        lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
        out[s.document_id] = (lo, corpus.text_slice(s.score.file_id, lo, hi))
    return out
