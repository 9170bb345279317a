"""An extracted file as table rows: the pure half of storing it.

Rows refer to each other by position within their document (a section's
ordinal, a paragraph's number) because database ids exist only once they are
inserted; ``gwr.store.ingest`` swaps positions for ids.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from ..model import Document, FileResult
from ..parse.paragraphs import paragraph_spans

# the kinds whose paragraphs are indexed for search: a site's navigation is not worth finding
SEARCHABLE = frozenset({"official_report", "report_excerpt", "commentary", "news"})
# the kinds checked for near-duplicates: the same, since a reposted article is as much a copy as a report
DEDUPE_KINDS = SEARCHABLE


@dataclass(slots=True)
class DocumentRows:
    document: dict[str, Any]
    sections: list[dict[str, Any]] = field(default_factory=list)  # "parent": ordinal or None
    paragraphs: list[dict[str, Any]] = field(default_factory=list)  # "section": ordinal or None
    facts: list[dict[str, Any]] = field(default_factory=list)  # "paragraph": number or None
    projects: list[dict[str, Any]] = field(default_factory=list)
    text: str = ""  # the document's characters, for near-duplicate detection
    # per paragraph: search.prepare()'s (body, grams, starts), or for SQLite (its stored blob, grams, b"")
    streams: list[tuple[str | bytes, str, bytes]] = field(default_factory=list)
    signature: bytes | None = None  # MinHash, for near-duplicate detection
    # the document of the same file this one repeats (its index there) and how alike they are:
    # gwr.repeats found it at extraction; ingest links it as a copy of that document
    duplicate_of: int | None = None
    similarity: float | None = None
    # commitments and attention tallies (gwr.store.derived.compute), computed where the file is extracted
    derived: dict[str, Any] | None = None


def prepared_rows(result: FileResult, *, name: str | None = None, sqlite: bool = False) -> list[DocumentRows]:
    """Every row of a file plus its search streams and MinHash signatures: all of storing that
    needs no database, so that it can run in the processes that extract.

    ``name``: the name the file will be stored under, for which the computed rows are packed here
    (``derived.pack_document``); ``sqlite``: each paragraph's search blob is packed here too
    (``search.stored.pack``, in place of its folded text).  Compressing is a fifth of what the
    SQLite writer did per file, and there is one writer for any number of extracting workers."""
    from ..search import prepare, stored
    from . import dedupe

    from .derived import compute, pack_document

    out = document_rows(result)
    text = result.source.text
    for d, extra in zip(out, compute(result)):
        d.derived = extra if name is None else pack_document(extra, name)
        d.streams = [prepare(text[p["start"]:p["end"]]) for p in d.paragraphs]
        if sqlite:
            d.streams = [(stored.pack(body, starts), grams, b"") for body, grams, starts in d.streams]
        if d.document["kind"] in DEDUPE_KINDS:
            sig = dedupe.signature(d.text)
            d.signature = dedupe.to_bytes(sig) if sig is not None else None
        d.text = ""  # not needed past this point: spare the pickling
    return out


def file_row(s, path: str, *, ingested_at: str, version: str) -> dict[str, Any]:
    """The ``files`` row of a ``Source``."""
    return {"path": path, "sha256": s.sha256, "size": s.size, "format": s.format, "encoding": s.encoding,
            "text_sha256": s.text_sha256, "n_chars": len(s.text), "warnings": list(s.warnings) or None,
            "ingested_at": ingested_at, "gwr_version": version}


def document_rows(result: FileResult) -> list[DocumentRows]:
    return [_document(result, d) for d in result.documents]


def _document(result: FileResult, d: Document) -> DocumentRows:
    src = result.source
    text = src.text
    # a txt/md file's offsets are the file's own, unless the read stage repaired its text
    locate = src.locate if src.format not in ("txt", "md") or src.repairs else (lambda _offset: None)
    r = d.region
    code = r.code if r else None
    anchor = code or (r.parent_code if r else None)
    row = {
        "index": d.index, "kind": d.kind, "title": d.title,
        "line_start": d.lines[0], "line_end": d.lines[1], "start": d.span[0], "end": d.span[1],
        "region_name": r.name if r else None, "region_full_name": r.full_name if r else None,
        "level": r.level if r else None, "region_code": code,
        "parent_code": r.parent_code if r else None, "parent": r.parent if r else None,
        "region_source": r.source if r else None,
        "successor_code": (r.successor or {}).get("code") if r else None,
        "province_code": _province(anchor), "prefecture_code": _prefecture(anchor, r.level if r else None),
        "report_year": d.report_year, "review_year": d.review_year,
        "delivered_date": d.delivered_date, "speaker": d.speaker, "speaker_title": d.speaker_title,
        "session": d.session, "posted": d.posted, "locator": locate(d.span[0]),
        "n_chars": d.span[1] - d.span[0],
    }
    out = DocumentRows(row, text=text[d.span[0]:d.span[1]], duplicate_of=d.duplicate_of, similarity=d.similarity)

    # sections: a heading's parent is the nearest earlier section of smaller depth
    stack: list[tuple[int, int]] = []  # (depth, ordinal)
    for i, s in enumerate(d.sections):
        while stack and stack[-1][0] >= s.depth:
            stack.pop()
        out.sections.append({"ordinal": i, "parent": stack[-1][1] if stack else None, "depth": s.depth,
                             "title": s.title, "role": s.role, "numbering": s.numbering,
                             "start": s.span[0], "end": s.span[1],
                             "heading_start": s.heading_span[0], "heading_end": s.heading_span[1],
                             "locator": locate(s.heading_span[0])})
        stack.append((s.depth, i))

    if d.kind in SEARCHABLE:
        for n, (a, b) in enumerate(paragraph_spans(text, *d.span), 1):
            sec = _innermost(d, a)
            out.paragraphs.append({"number": n, "section": sec, "role": d.sections[sec].role if sec is not None else None,
                                   "start": a, "end": b, "locator": locate(a)})
    starts = [p["start"] for p in out.paragraphs]

    def paragraph_of(offset: int) -> int | None:
        i = bisect_right(starts, offset) - 1
        return out.paragraphs[i]["number"] if i >= 0 and offset < out.paragraphs[i]["end"] else None

    taken: list[tuple[int, int]] = []
    for kind, items in (("target", d.targets), ("actual", d.actuals), ("period", d.period_actuals)):
        for f in items:
            out.facts.append(_fact(kind, f, paragraph_of, locate))
            taken.append(tuple(f["span"]))
    taken.sort()
    for q in d.quantities:  # the figures no target or actual claimed: searchable, not interpreted
        if _inside(taken, q.start, q.end):
            continue
        out.facts.append({
            "kind": "other", "indicator": None, "label": None, "year": None,
            "value": _float(q.value), "unit": q.unit or None, "value_qualifier": q.qualifier or None,
            "value_base": _float(q.value_base), "unit_base": q.unit_base,
            "growth_pct": None, "growth_unit": None, "growth_qualifier": None,
            "growth_low": _float(q.low), "growth_high": _float(q.high) if q.low is not None else None,
            "period_start": None, "period_end": None, "measure": None, "extra": None, "start": q.start, "end": q.end, "quote": text[q.start:q.end],
            "paragraph": paragraph_of(q.start), "locator": locate(q.start)})
    for p in d.projects:
        out.projects.append({
            "name": p["name"], "investment": p.get("investment"), "unit": p.get("unit"),
            "investment_qualifier": p.get("investment_qualifier") or None,
            "investment_base": p.get("investment_base"), "stage": p.get("stage"),
            "aggregate": bool(p.get("aggregate")), "count": p.get("count"),
            "start": p["span"][0], "end": p["span"][1], "quote": p["quote"],
            "paragraph": paragraph_of(p["span"][0]), "locator": locate(p["span"][0])})
    return out


_FACT_COLUMNS = ("indicator", "label", "year", "value", "unit", "value_qualifier", "value_base", "unit_base",
                 "growth_pct", "growth_unit", "growth_qualifier")
_FACT_KNOWN = frozenset(_FACT_COLUMNS) | {"span", "quote", "locator", "growth_range", "period", "measure"}


def _fact(kind: str, f: dict[str, Any], paragraph_of, locate) -> dict[str, Any]:
    row = {"kind": kind, **{c: f.get(c) for c in _FACT_COLUMNS}}
    rng = f.get("growth_range")
    row["growth_low"], row["growth_high"] = (rng[0], rng[1]) if rng else (None, None)
    period = f.get("period")
    row["period_start"], row["period_end"] = (period[0], period[1]) if period else (None, None)
    row["measure"] = f.get("measure")
    for c in ("value_qualifier", "growth_qualifier", "growth_unit"):
        row[c] = row[c] or None
    extra = {k: v for k, v in f.items() if k not in _FACT_KNOWN}
    row["extra"] = extra or None
    row.update(start=f["span"][0], end=f["span"][1], quote=f["quote"],
               paragraph=paragraph_of(f["span"][0]), locator=locate(f["span"][0]))
    return row


def _innermost(d: Document, offset: int) -> int | None:
    best = None
    for i, s in enumerate(d.sections):
        if s.span[0] <= offset < s.span[1] and (best is None or s.depth >= d.sections[best].depth):
            best = i
    return best


def _inside(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    i = bisect_right(spans, (a, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= a and b <= spans[i][1]


def _float(x) -> float | None:
    return None if x is None else float(x)


def _province(code: str | None) -> str | None:
    return code[:2] + "0000" if code and len(code) == 6 else None


def _prefecture(code: str | None, level: str | None) -> str | None:
    if not code or len(code) != 6 or level in ("province", "national") or code[2:4] == "00":
        return None
    return code[:4] + "00"
