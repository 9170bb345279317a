"""PDF: the text layer, visual lines joined back into paragraphs.

A PDF has no paragraphs, only lines placed on a page, so a paragraph comes
out of pdfium as two to five lines.  Lines are rejoined from their geometry
(pdfium's character boxes): a line that reaches the right margin of the text
column continues on the next one, unless the next line is indented (a new
paragraph) or, in documents without first-line indents, the line ends a
sentence.  A paragraph may run on across a page break.  Running page numbers
("— 3 —", "第3页", a lone "3" centred at the foot) and headers or footers
repeated at the same place on most pages are page furniture and dropped.

Each paragraph, or each page's share of a paragraph that crosses a page
break, is a Block ``{"page": n, "paragraph": k}`` (page 1-based, paragraph
0-based over the document) so a quote can be cited by page.  pdfium documents
hold native memory, so they are closed explicitly; a batch of thousands of
files must not leak.

pdfium inflates a page's content streams whole and builds an object per drawing
operator: a 2 MB page can ask for tens of gigabytes and pdfium then aborts the
process.  So a PDF is read only in a worker of :mod:`gwr.workers`, under its
memory ceiling, where such a crash costs that file; here pages and characters
are bounded (``MAX_PAGES``, ``MAX_CHARS``) so that what pdfium does give back
stays linear in what is kept.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from itertools import accumulate
from dataclasses import dataclass
from statistics import median

from ..errors import ComplexityError, CorruptFileError, EmptyFileError
from ..model import Block
from .text import Extracted

log = logging.getLogger(__name__)

_DASH = "\\-‐‑‒–—―－~～"
_PAGE_NUMBER = re.compile(
    rf"^(?:[{_DASH}]+\s*\d{{1,4}}\s*[{_DASH}]+"        # — 3 —, - 3 -
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"  # 第3页, 第3页 共9页
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"                          # 3/9
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$", re.I)
_LONE_NUMBER = re.compile(r"^\d{1,4}$")
# A line ending one of these ends its sentence (closing quotes and brackets may follow).
_SENTENCE_END = re.compile(r"[。！？!?…][”’」』）)\]】]*$")
_LATIN_END = re.compile(r"[A-Za-z]$")
_LATIN_START = re.compile(r"^[A-Za-z]")
_SOFT_HYPHEN = ("\x02", "\u00ad")
# A line's visible text: from its first to its last non-blank character.
_TEXT_LINE = re.compile(r"([^\S\r\n]*)(\S+(?:[^\S\r\n]+\S+)*)")


MAX_PAGES = 5000  # a long report is 30-80 pages
MAX_CHARS = 20_000_000  # characters of text over all pages


@dataclass(slots=True)
class _Line:
    page: int
    text: str
    x0: float  # left edge of the first visible character
    x1: float  # right edge of the last one
    bottom: float  # PDF user space: y grows upwards
    top: float
    size: float  # height of the characters' loose boxes, about the font size
    font: float  # font size as the PDF sets it (compared between lines, not measured)


@dataclass(slots=True)
class _Geometry:
    left: float  # the text column's left margin
    right: float  # ... and right margin
    em: float  # body font size
    indents: bool  # paragraphs start with an indented first line
    column: bool  # a text column is established: lines fill it up to a shared right margin


def read_pdf(data: bytes) -> Extracted:
    import pypdfium2 as pdfium

    warnings: list[str] = []
    if b"%%EOF" not in data[-2048:]:
        warnings.append("PDF has no %%EOF marker (truncated?); text may be incomplete")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise CorruptFileError(_reason(str(err))) from None
    except Exception as err:  # noqa: BLE001 - ctypes/ValueError from odd input
        raise CorruptFileError(f"unreadable PDF ({type(err).__name__})") from None
    pages: list[tuple[float, float, list[_Line]]] = []
    chars = 0
    try:
        if len(document) > MAX_PAGES:
            raise ComplexityError(f"{len(document):,} pages, over the {MAX_PAGES:,} page limit")
        for i in range(len(document)):
            got = _page_lines(document, i, pdfium)
            chars += sum(len(line.text) for line in got[2]) if got else 0
            if chars > MAX_CHARS:
                raise ComplexityError(f"more than {MAX_CHARS:,} characters of text by page {i + 1}; not read")
            if got is None:
                warnings.append(f"page {i + 1} could not be read; skipped")
            elif got[2]:
                pages.append(got)
    except pdfium.PdfiumError as err:
        raise CorruptFileError(_reason(str(err))) from None
    finally:
        document.close()
    if not pages:
        raise EmptyFileError("no text layer (scanned PDF?); OCR not supported")
    lines = _drop_furniture(pages)
    if not lines:  # nothing but page numbers
        lines = [line for _, _, page in pages for line in page]
    page_width = median(width for width, _, _ in pages)
    return _assemble(_paragraphs(lines, _geometry(lines, page_width)), warnings)


def _page_lines(document, index: int, pdfium) -> tuple[float, float, list[_Line]] | None:
    """The page's size and its text lines, in pdfium's reading order."""
    try:
        page = document[index]
    except pdfium.PdfiumError as err:
        log.debug("pdf page %d failed: %s", index + 1, err)
        return None
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
            lines = _split_lines(textpage, text, index + 1, pdfium)
        finally:
            textpage.close()
    except pdfium.PdfiumError as err:
        log.debug("pdf page %d text failed: %s", index + 1, err)
        return None
    finally:
        page.close()
    return width, height, lines


def _split_lines(textpage, text: str, number: int, pdfium) -> list[_Line]:
    n_chars = textpage.count_chars()
    units: list[int] | None = None
    if len(text) != n_chars:  # chars left out or added, or surrogate pairs: map indices
        units = list(accumulate((2 if ord(c) > 0xFFFF else 1 for c in text), initial=0))
    lines: list[_Line] = []
    for m in _TEXT_LINE.finditer(text):
        first, last = m.start(2), m.end(2) - 1
        piece = m.group().replace("\x00", "")
        if not piece.strip():
            continue
        if units is not None:
            first = _char_index(textpage, units[first], n_chars, pdfium)
            last = _char_index(textpage, units[last], n_chars, pdfium)
        a = textpage.get_charbox(first, loose=True)
        b = textpage.get_charbox(last, loose=True)
        font = max(pdfium.raw.FPDFText_GetFontSize(textpage.raw, first),
                   pdfium.raw.FPDFText_GetFontSize(textpage.raw, last))
        lines.append(_Line(number, piece, a[0], b[2], min(a[1], b[1]), max(a[3], b[3]),
                           max(a[3] - a[1], b[3] - b[1]), font))
    return lines


def _char_index(textpage, text_index: int, n_chars: int, pdfium) -> int:
    index = pdfium.raw.FPDFText_GetCharIndexFromTextIndex(textpage.raw, text_index)
    return min(max(index, 0), n_chars - 1)


def _drop_furniture(pages: list[tuple[float, float, list[_Line]]]) -> list[_Line]:
    """Body lines only: running page numbers and repeated headers/footers go."""
    furniture: set[int] = set()
    edges: list[list[_Line]] = []
    for width, _height, lines in pages:
        order = sorted(lines, key=lambda ln: -ln.top)
        ends = order[:2] + order[-2:] if len(order) > 3 else order
        edges.append(ends)
        for line in ends:
            if _page_number(line, order, width):
                furniture.add(id(line))
    if len(pages) >= 2:  # the same text at the same height on most pages
        places: dict[str, list[_Line]] = {}
        for ends in edges:
            for line in ends:
                places.setdefault(_furniture_key(line), []).append(line)
        need = max(2, (len(pages) + 1) // 2)
        for same in places.values():
            if len(same) < need:
                continue
            height = median(line.top for line in same)
            there = [line for line in same if abs(line.top - height) <= 6]
            if len({line.page for line in there}) >= need:
                furniture.update(id(line) for line in there)
    return [line for _, _, lines in pages for line in lines if id(line) not in furniture]


def _page_number(line: _Line, order: list[_Line], width: float) -> bool:
    """A running page number near the top or foot of the page; a bare number
    only as the page's first or last line, centred or set apart."""
    text = re.sub(r"\s+", " ", line.text.strip())
    if _PAGE_NUMBER.match(text):
        return True
    if not _LONE_NUMBER.match(text) or len(order) < 2:
        return False
    if line is not order[0] and line is not order[-1]:
        return False
    centre = (line.x0 + line.x1) / 2
    gap = min(max(ln.bottom - line.top if line.top <= ln.bottom else line.bottom - ln.top, 0.0)
              for ln in order if ln is not line)
    return abs(centre - width / 2) <= 0.12 * width or gap >= 1.5 * max(line.size, 1.0)


def _furniture_key(line: _Line) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))


def _geometry(lines: list[_Line], page_width: float) -> _Geometry:
    em = median(line.size for line in lines) or 10.0
    buckets = Counter(round(line.x0 / 2) for line in lines)
    enough = max(2, 0.05 * len(lines))
    common = [b * 2 for b, n in buckets.items() if n >= enough]
    left = min(common) if common else min(line.x0 for line in lines)
    anchored = [line for line in lines if line.x0 <= left + 3 * em]
    widest = max((line.x1 for line in anchored), default=left)
    wide = [line.x1 for line in anchored if line.x1 - left >= 0.5 * (widest - left)]
    right = median(wide) if wide else widest
    indented = sum(1 for line in lines if left + 0.8 * em <= line.x0 <= left + 4.5 * em)
    full = sum(1 for x1 in wide if x1 >= right - em)
    column = full >= 3 and right - left >= 0.45 * page_width
    return _Geometry(left, right, em, indented >= max(2, 0.05 * len(lines)), column)


def _indented(line: _Line, geo: _Geometry) -> bool:
    return line.x0 >= geo.left + 0.8 * geo.em or line.text[:1] in ("\u3000", " ", "\t")


def _continues(prev: _Line, line: _Line, geo: _Geometry) -> bool:
    """Whether ``line`` carries on the paragraph that ``prev`` belongs to."""
    if not geo.column or _indented(line, geo) or prev.x1 < geo.right - 2 * geo.em:
        return False
    if abs(prev.font - line.font) > 0.15 * max(prev.font, line.font):
        return False  # a heading above the text, a note below it
    below = prev.bottom - 2.5 * geo.em <= line.top <= prev.bottom + 0.5 * geo.em
    if prev.page == line.page and not below:
        return False  # not the next line down
    if _PAGE_NUMBER.match(prev.text.strip()) or _PAGE_NUMBER.match(line.text.strip()):
        return False
    return geo.indents or not _SENTENCE_END.search(prev.text)


def _paragraphs(lines: list[_Line], geo: _Geometry) -> list[list[tuple[int, str]]]:
    """Paragraphs as their pieces: (page, text) for each page the paragraph touches."""
    paragraphs: list[list[tuple[int, str]]] = []
    prev: _Line | None = None
    for line in lines:
        if prev is not None and _continues(prev, line, geo):
            pieces = paragraphs[-1]
            page, text = pieces[-1]
            tail = line.text.lstrip()
            if text.endswith(_SOFT_HYPHEN):
                text = text[:-1]
            elif _LATIN_END.search(text) and _LATIN_START.match(tail):
                tail = " " + tail
            if page == line.page:
                pieces[-1] = (page, text + tail)
            else:
                pieces[-1] = (page, text)
                pieces.append((line.page, tail))
        else:
            paragraphs.append([(line.page, line.text)])
        prev = line
    return paragraphs


def _assemble(paragraphs: list[list[tuple[int, str]]], warnings: list[str]) -> Extracted:
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for k, pieces in enumerate(paragraphs):
        for page, text in pieces:
            blocks.append(Block(pos, pos + len(text), {"page": page, "paragraph": k}))
            parts.append(text)
            pos += len(text)
        parts.append("\n")
        pos += 1
    return Extracted("".join(parts[:-1]), None, blocks, warnings)


def _reason(message: str) -> str:
    low = message.lower()
    if "password" in low:
        return "encrypted PDF (password required)"
    if "security" in low:
        return "encrypted PDF (unsupported security handler)"
    if "format" in low or "file error" in low:
        return "truncated or corrupt PDF (pdfium cannot parse it)"
    return f"unreadable PDF ({message.splitlines()[0][:120]})" if message else "unreadable PDF"
