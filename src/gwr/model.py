"""The records that flow between stages, defined once.

Every stage is a pure function from one of these to the next (read → split →
parse → extract); only ``store`` touches a database.  Spans are half-open
``[start, end)`` character offsets into ``Source.text``, so that
``text[start:end]`` is always the quoted characters.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

Span = tuple[int, int]


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
        return d


@dataclass(slots=True)
class FileResult:
    """What ``gwr extract`` reports for one input file."""

    source: Source
    documents: list[Document]

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
