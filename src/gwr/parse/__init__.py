"""One document's structure and identity: sections, paragraphs and metadata."""
from __future__ import annotations

from .meta import HEAD_CHARS, article_region, read_header, region, years
from ..model import Document, Piece, Span
from .sections import sections
from .split import PART_HEADING

REPORT_KINDS = ("official_report", "report_excerpt")


def parse(norm: str, piece: Piece) -> Document:
    """Build the ``Document`` for ``piece`` of the normalised text ``norm``.

    Only reports and excerpts are identified; commentary and news keep their
    extent and title, since their places and dates are not a report's.
    """
    doc = Document(
        index=piece.index,
        lines=(piece.start_line, piece.end_line),
        span=(piece.start, piece.end),
        kind=piece.kind,
        title=piece.title,
        posted=piece.posted,
    )
    if piece.kind in ("news", "commentary"):
        doc.region = article_region(piece.title, norm[piece.start : piece.end])
    if piece.kind not in REPORT_KINDS:
        return doc
    body = norm[piece.start : piece.end]
    head = read_header(body[:HEAD_CHARS])
    doc.sections = sections(norm, piece.start, piece.end)
    doc.delivered_date = head.delivered_date
    doc.session = head.session
    doc.speaker = head.speaker
    doc.speaker_title = head.speaker_title
    trust_title = bool(piece.title) and not PART_HEADING.match(piece.title or "")
    # the year first: a region is named as it was then (清苑县 in 2013, 清苑区 since 2015)
    doc.report_year, doc.review_year = years(doc.sections, body, doc.delivered_date,
                                             piece.title if trust_title else None, offset=piece.start)
    doc.region = region(head, body, piece.title, trust_title, year=doc.report_year)
    if doc.session and doc.region and doc.region.name and head.session_place and len(head.session_place) == 1:
        # "在镇第十四届人民代表大会…" names the level only; the region supplies the name
        doc.session = doc.region.name + doc.session[1:]
    return doc


def paragraphs(norm: str, span: Span) -> list[Span]:
    """Non-empty lines of a document, the unit of search and citation."""
    out: list[Span] = []
    pos, end = span
    while pos < end:
        nl = norm.find("\n", pos, end)
        stop = end if nl == -1 else nl
        a, b = pos, stop
        while a < b and norm[a] in " \t":
            a += 1
        while b > a and norm[b - 1] in " \t\r":
            b -= 1
        if b > a:
            out.append((a, b))
        pos = stop + 1
    return out
