"""PDF: the text layer of each page, pages one after another.

Each page is a Block (``{"page": n}``, 1-based) so a quote can be cited by
page.  pdfium documents hold native memory, so they are closed explicitly;
a batch of thousands of files must not leak.
"""
from __future__ import annotations

import logging

from ..errors import CorruptFileError, EmptyFileError
from ..model import Block
from .text import Extracted

log = logging.getLogger(__name__)


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
    pages: list[tuple[int, str]] = []
    try:
        for i in range(len(document)):
            text = _page_text(document, i, pdfium)
            if text is None:
                warnings.append(f"page {i + 1} could not be read; skipped")
            elif text.strip():
                pages.append((i + 1, text))
    except pdfium.PdfiumError as err:
        raise CorruptFileError(_reason(str(err))) from None
    finally:
        document.close()
    if not pages:
        raise EmptyFileError("no text layer (scanned PDF?); OCR not supported")
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for number, text in pages:
        blocks.append(Block(pos, pos + len(text), {"page": number}))
        parts.append(text)
        pos += len(text) + 1
    return Extracted("\n".join(parts), None, blocks, warnings)


def _page_text(document, index: int, pdfium) -> str | None:
    try:
        page = document[index]
    except pdfium.PdfiumError as err:
        log.debug("pdf page %d failed: %s", index + 1, err)
        return None
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
        finally:
            textpage.close()
    except pdfium.PdfiumError as err:
        log.debug("pdf page %d text failed: %s", index + 1, err)
        return None
    finally:
        page.close()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\x00", "").rstrip("\n")


def _reason(message: str) -> str:
    low = message.lower()
    if "password" in low:
        return "encrypted PDF (password required)"
    if "security" in low:
        return "encrypted PDF (unsupported security handler)"
    if "format" in low or "file error" in low:
        return "truncated or corrupt PDF (pdfium cannot parse it)"
    return f"unreadable PDF ({message.splitlines()[0][:120]})" if message else "unreadable PDF"
