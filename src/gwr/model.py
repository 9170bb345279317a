"""The records that flow between stages, defined once.

Every stage is a pure function from one of these to the next (read → split →
parse → extract); only ``store`` touches a database.  Spans are half-open
``[start, end)`` character offsets into ``Source.text``, so that
``text[start:end]`` is always the quoted characters.
"""
from __future__ import annotations

import html
from dataclasses import asdict, dataclass, field, replace
from typing import Any

Span = tuple[int, int]


class Record(dict):
    """A fact or a project: a dict (the JSON contract; ``item["quote"]``) whose keys are also
    attributes (``item.quote``), so a notebook reads ``doc.targets[0].growth_pct`` the way it reads
    ``doc.region.code``, and every caller that treats items as dicts keeps working.

    A dict subclass rather than a dataclass: the items carry optional keys (``growth_range``,
    ``period``, ``locator``, ``extra`` attributes) that differ per item, and the JSON output is the
    dict itself.  Dict methods win over keys of the same name (``item.items`` is the method).
    """

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__} has no field {name!r}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value

    def __dir__(self):
        return sorted(set(super().__dir__()) | {k for k in self if isinstance(k, str) and k.isidentifier()})

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.items() if k in _SHOWN and v not in (None, ""))
        quote = self.get("quote") or ""
        quote = quote if len(quote) <= 40 else quote[:39] + "…"
        return f"{type(self).__name__}({shown}{', ' if shown else ''}quote={quote!r})"


_SHOWN = ("indicator", "year", "period", "measure", "growth_pct", "growth_qualifier", "growth_range", "value",
          "unit", "value_qualifier", "name", "investment", "stage")


class Target(Record):
    """A main expected target of the report year (``Document.targets``)."""

    __slots__ = ()


class Actual(Record):
    """A whole-year result of the review year (``Document.actuals``)."""

    __slots__ = ()


class PeriodActual(Record):
    """A result covering several years (``Document.period_actuals``): ``period``, ``measure``, ``year`` None."""

    __slots__ = ()


class Project(Record):
    """A project with its investment and stage (``Document.projects``)."""

    __slots__ = ()


RECORD_TYPES = {"targets": Target, "actuals": Actual, "period_actuals": PeriodActual, "projects": Project}


@dataclass(frozen=True, slots=True)
class Block:
    """A piece of extracted text and where it came from in the original file.

    For txt/md there is one block covering the whole text.  For HTML, docx and
    PDF each block is an element, paragraph or page, so any span can be traced
    back to the source: ``locator`` is e.g. ``{"page": 3}``,
    ``{"paragraph": 12}`` or ``{"element": "p", "index": 40}``.
    """

    start: int
    end: int
    locator: dict[str, Any]


@dataclass(slots=True)
class Source:
    """A file turned into text: the text every offset refers to."""

    path: str
    format: str  # txt, md, html, docx, pdf
    encoding: str | None  # of the file bytes for txt/md/html; None for docx/pdf
    sha256: str  # of the file bytes
    size: int  # bytes
    text: str
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # what the read stage repaired in the text, human-readable ("412 literal \\r\\n read as line
    # breaks"); empty when ``text`` is the file's text as decoded or extracted
    repairs: list[str] = field(default_factory=list)

    def __repr__(self) -> str:  # the text is 10k-40k characters: name it, do not print it
        enc = f", {self.encoding}" if self.encoding else ""
        return (f"Source({self.path!r}, {self.format}{enc}, {self.size:,} bytes, {len(self.text):,} characters, "
                f"sha256={self.sha256[:12]}…)")

    @property
    def text_sha256(self) -> str:
        import hashlib

        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def locate(self, offset: int) -> dict[str, Any] | None:
        """The locator of the block holding ``offset`` (binary search).

        A repaired txt/md file's blocks are stretches of unchanged characters whose
        locator holds the ``offset`` of their start in the decoded file: the offset of
        ``offset`` itself is given, so that the locator leads to the very character.
        """
        lo, hi = 0, len(self.blocks)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.blocks[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.blocks) and self.blocks[lo].start <= offset:
            block = self.blocks[lo]
            loc = block.locator
            if "offset" in loc and "replaced" not in loc:
                return {**loc, "offset": loc["offset"] + offset - block.start}
            return loc
        return None


@dataclass(slots=True)
class Piece:
    """One document's extent inside a file, as found by ``split``."""

    index: int
    start_line: int  # 1-based inclusive
    end_line: int  # 1-based inclusive
    start: int  # char offset of the first line
    end: int  # char offset just past the last line (before its newline)
    kind: str  # official_report, report_excerpt, commentary, news, boilerplate
    title: str | None = None
    title_span: Span | None = None
    posted: str | None = None  # a listing item's posting date


@dataclass(slots=True)
class Region:
    name: str | None  # None when the text masks it (xx镇) or never says it
    level: str | None  # national, province, prefecture, county, district, town, township
    code: str | None  # 6-digit administrative code; None below the county (towns have none)
    parent: str | None  # e.g. 湖南省岳阳市
    full_name: str | None = None  # canonical name in the dataset
    source: str | None = None  # which clue named it: session, speaker, delegate, title, organ, mentions
    parent_code: str | None = None  # the code of the nearest coded ancestor (a town's county)
    # a division changed since the report's year: today's one continuing it, {"name": 清苑区, "code": 130608}
    successor: dict[str, str] | None = None


@dataclass(slots=True)
class Section:
    title: str
    role: str  # review, problems, plan, targets, self_government, other
    depth: int
    span: Span  # from the heading to just before the next heading of depth <= this
    heading_span: Span
    numbering: str | None = None  # 一、 （一） 1. ① 第一 # …


@dataclass(slots=True)
class Document:
    index: int
    lines: tuple[int, int]
    span: Span
    kind: str
    title: str | None = None
    region: Region | None = None
    report_year: int | None = None
    review_year: int | None = None
    delivered_date: str | None = None
    speaker: str | None = None
    speaker_title: str | None = None
    session: str | None = None
    posted: str | None = None
    sections: list[Section] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    actuals: list[dict[str, Any]] = field(default_factory=list)
    # results covering several years (年均, 累计, 五年来 …): period, measure, year null; never a year's
    period_actuals: list[dict[str, Any]] = field(default_factory=list)
    projects: list[dict[str, Any]] = field(default_factory=list)
    # the index of an earlier document of the same file that this one repeats (a page printing the
    # report twice), and how alike the two are (gwr.repeats); None for a document of its own
    duplicate_of: int | None = None
    similarity: float | None = None
    # every figure found in the document (gwr.quantities.Quantity), kept for the store; not in the JSON
    quantities: list[Any] = field(default_factory=list, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(replace(self, quantities=[]))
        del d["quantities"]
        d["lines"] = list(self.lines)
        d["span"] = list(self.span)
        for s in d["sections"]:
            s["span"] = list(s["span"])
            s["heading_span"] = list(s["heading_span"])
        for key in RECORD_TYPES:  # plain dicts out, whatever the records' type in here
            d[key] = [dict(x) for x in d[key]]
        return d

    def as_records(self) -> Document:
        """Give targets, actuals, period results and projects their record types (see :class:`Record`)."""
        for key, kind in RECORD_TYPES.items():
            items = getattr(self, key)
            setattr(self, key, [x if type(x) is kind else kind(x) for x in items])
        return self

    def __repr__(self) -> str:  # the dataclass repr printed every fact and section: thousands of characters
        r = self.region
        where = " ".join(x for x in ((r.name or "?") if r else "?", f"({r.code})" if r and r.code else "") if x)
        counts = ", ".join(f"{len(getattr(self, k))} {k}" for k in ("sections", *RECORD_TYPES) if getattr(self, k))
        dup = f", duplicate_of={self.duplicate_of}" if self.duplicate_of is not None else ""
        return (f"Document({self.index}: {self.kind} {where} {self.report_year or '?'}, "
                f"lines {self.lines[0]}-{self.lines[1]}{', ' if counts else ''}{counts}{dup})")

    def _repr_html_(self) -> str:
        """In a notebook: who and when, then the targets and actuals with their quotes."""
        rows = []
        for key in ("targets", "actuals", "period_actuals"):
            for f in getattr(self, key):
                growth = f.get("growth_pct")
                if growth is None and f.get("growth_range"):
                    growth = "–".join(map(str, f["growth_range"]))
                rows.append((key, f.get("indicator") or "", f.get("year") or f.get("period") or "",
                             "" if growth is None else f"{growth}% {f.get('growth_qualifier') or ''}",
                             "" if f.get("value") is None else f"{f['value']} {f.get('unit') or ''}",
                             f.get("quote") or ""))
        return f"<p>{html.escape(repr(self))}</p>" + _html_table(
            ("", "indicator", "year", "growth", "value", "quote"), rows)


@dataclass(slots=True)
class FileResult:
    """What ``gwr extract`` reports for one input file."""

    source: Source
    documents: list[Document]

    def __repr__(self) -> str:
        docs = ", ".join(map(repr, self.documents[:3])) + (", …" if len(self.documents) > 3 else "")
        return f"FileResult({self.source.path!r}, {self.source.format}, {len(self.documents)} documents: [{docs}])"

    def _repr_html_(self) -> str:
        """In a notebook: one row per document (``result.documents[i]`` shows its facts)."""
        rows = [(d.index, d.kind, (d.region.name or "") if d.region else "", (d.region.code or "") if d.region else "",
                 d.report_year or "", f"{d.lines[0]}-{d.lines[1]}", len(d.sections), len(d.targets), len(d.actuals),
                 len(d.period_actuals), len(d.projects)) for d in self.documents]
        head = f"<p>{html.escape(self.source.path)} ({self.source.format}, {len(self.source.text):,} characters)</p>"
        return head + _html_table(("", "kind", "region", "code", "year", "lines", "sections", "targets", "actuals",
                                   "period", "projects"), rows)

    def to_dict(self) -> dict[str, Any]:
        s = self.source
        return {
            "path": s.path,
            "sha256": s.sha256,
            "format": s.format,
            "encoding": s.encoding,
            "size": s.size,
            "text_sha256": s.text_sha256,
            "warnings": list(s.warnings),
            "repairs": list(s.repairs),
            "documents": [self._with_locators(d.to_dict()) for d in self.documents],
        }

    def _with_locators(self, doc: dict[str, Any]) -> dict[str, Any]:
        """For extracted formats, where each section and fact starts in the original file
        (page, paragraph or element; for a repaired txt/md file, the offset in the decoded file),
        as DESIGN.md asks of every fact."""
        if self.source.format in ("txt", "md") and not self.source.repairs:
            return doc
        doc["locator"] = self.source.locate(doc["span"][0])
        for key in ("sections", "targets", "actuals", "period_actuals", "projects"):
            for item in doc[key]:
                item["locator"] = self.source.locate(item["span"][0])
        return doc


def _html_table(header, rows) -> str:
    def cells(tag, values):
        return "".join(f"<{tag}>{html.escape(str(v))}</{tag}>" for v in values)

    body = "".join(f"<tr>{cells('td', r)}</tr>" for r in rows)
    return f"<table><thead><tr>{cells('th', header)}</tr></thead><tbody>{body}</tbody></table>"
