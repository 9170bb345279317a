"""Format sniffing: what a file is, whatever its name says.

Files arrive with wrong extensions (a ``.txt`` that is a saved web page, a
``.doc`` renamed ``.docx``, a PDF named ``.txt``), so the content decides the
format and the extension only breaks ties (see ``gwr.read``).  Only the first
KB are looked at, so sniffing costs nothing on big files.
"""
from __future__ import annotations

import codecs
import re

from ..errors import UnsupportedFormatError
from .encoding import BOMS

# Recognised binaries we cannot read: a clear reason beats "binary file".
_FOREIGN_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
     "legacy Office file (.doc/.wps/.xls); save it as .docx"),
    (b"\x89PNG\r\n\x1a\n", "PNG image, not a text document (OCR not supported)"),
    (b"\xff\xd8\xff", "JPEG image, not a text document (OCR not supported)"),
    (b"GIF87a", "GIF image, not a text document"),
    (b"GIF89a", "GIF image, not a text document"),
    (b"II*\x00", "TIFF image, not a text document (OCR not supported)"),
    (b"MM\x00*", "TIFF image, not a text document (OCR not supported)"),
    (b"\x1f\x8b", "gzip archive; unpack it first"),
    (b"Rar!\x1a\x07", "RAR archive; unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive; unpack it first"),
    (b"{\\rtf", "RTF document; save it as .docx or .txt"),
    (b"\x7fELF", "executable file, not a document"),
)

_HTML_START = re.compile(
    rb"\A(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body|meta|title)[\s>/]",
    re.I | re.S,
)
_PDF_OBJECT = re.compile(rb"\d+ 0 obj\s*<<.*?endobj", re.S)
_ANY_TAG = re.compile(rb"<(?:[a-z][a-z0-9]*|!--|/[a-z])[\s>/]", re.I)


def sniff(data: bytes) -> str:
    """Return "pdf", "zip", "html", "text" or raise for a known foreign binary.

    Only the first few KB are looked at, so this is cheap on big files.
    """
    head = data[:4096]
    if head.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return "zip"
    for magic, reason in _FOREIGN_MAGIC:
        if head.startswith(magic):
            raise UnsupportedFormatError(reason)
    body = data[:65536]
    if b" 0 obj" in body and _PDF_OBJECT.search(body):
        return "pdf"  # header damaged, body still PDF: let pdfium judge
    for bom, _ in BOMS:
        if head.startswith(bom):
            return "html" if looks_like_html(_head_as_ascii(data, bom)) else "text"
    return "html" if looks_like_html(head) else "text"


def _head_as_ascii(data: bytes, bom: bytes) -> bytes:
    """First bytes of a UTF-16/32 file squeezed to ASCII, for tag sniffing."""
    if bom == codecs.BOM_UTF8:
        return data[3:4096]
    try:
        enc = "utf-32" if len(bom) == 4 else "utf-16"
        return data[:8192].decode(enc, errors="ignore").encode("ascii", errors="ignore")
    except Exception:  # noqa: BLE001 - sniffing must never fail
        return b""


def looks_like_html(head: bytes) -> bool:
    """A whole web page, not a text that merely mentions a tag."""
    return _HTML_START.match(head[:2048]) is not None


def has_tags(data: bytes) -> bool:
    return _ANY_TAG.search(data[:65536]) is not None
