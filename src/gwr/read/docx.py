"""Word .docx: body paragraphs and tables in the order a reader meets them.

python-docx's ``Document.paragraphs`` and ``.tables`` are separate lists, so
tables would lose their place; the body XML is walked instead.  Headers and
footers (page furniture) are left out.

A .docx is a zip archive, and a 1 MB one can hold a gibibyte of XML: python-docx
inflates every part into memory and lxml then needs several times that.  So the
sizes the zip directory declares are checked before anything is inflated
(:func:`check_sizes`), and the parts are then inflated a megabyte at a time up
to those sizes into a stored (uncompressed) copy of the package that python-docx
reads (:func:`capped_package`): ``zipfile.read`` would inflate a member's whole
compressed data in one call whatever its header declares.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Any, Iterator

from ..errors import ComplexityError, CorruptFileError, EmptyFileError
from ..model import Block
from .text import Extracted

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC = _W + "p", _W + "tbl", _W + "tr", _W + "tc"
_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "smartTag"}
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT_TAGS = (_W + "t", _W + "tab", _W + "br", _W + "cr", _W + "noBreakHyphen")


def check_zip(data: bytes) -> str | None:
    """Why these zip bytes are not a readable .docx, or None if they are."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError,
            OSError, EOFError):
        return "truncated or corrupt .docx (not a valid zip archive)"
    if "word/document.xml" not in names:
        return "zip archive without word/document.xml (not a .docx)"
    return None


MAX_XML_PART = 32 * 2**20  # inflated bytes of one XML part (a 40k-character report's body: ~2 MB)
MAX_INFLATED = 256 * 2**20  # inflated bytes of all parts together (images included)


def check_sizes(data: bytes) -> None:
    """Refuse a package whose parts would inflate past the caps, from its directory alone."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
    total = 0
    for info in infos:
        total += info.file_size
        if info.filename.endswith((".xml", ".rels")) and info.file_size > MAX_XML_PART:
            raise ComplexityError(f"{info.filename} inflates to {info.file_size / 2**20:.0f} MB, over the "
                                  f"{MAX_XML_PART / 2**20:g} MB limit for a part of a .docx (a zip bomb?)")
    if total > MAX_INFLATED:
        raise ComplexityError(f"parts inflate to {total / 2**20:.0f} MB, over the {MAX_INFLATED / 2**20:g} MB "
                              "limit for a .docx (a zip bomb?)")


def capped_package(data: bytes) -> bytes:
    """The package again, every part inflated in bounded steps and stored uncompressed, so
    nothing downstream inflates more than the directory declared (a lying header fails its CRC
    or is cut at its declared size)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zf, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in zf.infolist():
            if info.is_dir():
                continue
            parts: list[bytes] = []
            with zf.open(info) as member:
                while chunk := member.read(1 << 20):  # ZipExtFile inflates at most this much per read
                    parts.append(chunk)
            dst.writestr(info.filename, b"".join(parts))
    return out.getvalue()


def read_docx(data: bytes) -> Extracted:
    reason = check_zip(data)
    if reason:
        raise CorruptFileError(reason)
    check_sizes(data)
    try:
        data = capped_package(data)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError,
            zlib.error) as err:
        raise CorruptFileError(_reason(err)) from None
    warnings: list[str] = []
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        try:
            document = docx.Document(io.BytesIO(data))
        except PackageNotFoundError:
            raise CorruptFileError("not a Word document package (.docx)") from None
        lines, locators = _flatten(document.element.body)
    except CorruptFileError:
        raise
    except MemoryError:
        raise CorruptFileError(".docx too large to unpack in memory") from None
    except Exception as err:  # noqa: BLE001 - zipfile/zlib/lxml/python-docx raise many kinds
        reason = _reason(err)
        lines, locators = _direct(data, reason)
        warnings.append(f"python-docx refused the file: {reason}; body read from "
                        "word/document.xml directly")
    if not lines:
        raise EmptyFileError("no text in the .docx body")
    blocks: list[Block] = []
    pos = 0
    for line, loc in zip(lines, locators):
        blocks.append(Block(pos, pos + len(line), loc))
        pos += len(line) + 1
    return Extracted("\n".join(lines), None, blocks, warnings)


def _direct(data: bytes, reason: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Salvage the body when python-docx rejects the package around it
    (a damaged relationship or metadata part); raise if the body is bad too."""
    try:
        from docx.oxml.parser import parse_xml  # python-docx's hardened lxml parser

        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            xml = zf.read("word/document.xml")
        root = parse_xml(xml)
        body = root.find(_W + "body")
        if body is None:
            raise ValueError("no w:body")
        return _flatten(body)
    except Exception:  # noqa: BLE001 - the first reason is the one to report
        raise CorruptFileError(reason) from None


def _reason(err: Exception) -> str:
    """One readable line for whatever python-docx and its zip/XML layers raised."""
    import zlib

    if isinstance(err, KeyError):
        name = re.search(r"named '([^']+)'", str(err))
        return f"corrupt .docx (missing part {name.group(1) if name else err})"
    if isinstance(err, (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
                        OSError)) or "seek" in str(err):
        return "truncated or corrupt .docx (damaged zip member)"
    if type(err).__name__ == "XMLSyntaxError":
        return "corrupt .docx (malformed XML)"
    detail = (str(err).splitlines() or [""])[0][:120] or type(err).__name__
    return f"corrupt .docx ({detail})"


def _flatten(body: Any) -> tuple[list[str], list[dict[str, Any]]]:
    lines: list[str] = []
    locators: list[dict[str, Any]] = []
    n_par = n_tbl = 0
    for el in _items(body):
        if el.tag == _P:
            text = _paragraph_text(el)
            if text.strip():
                lines.append(text)
                locators.append({"paragraph": n_par})
            n_par += 1
        else:
            for r, tr in enumerate(el.iterchildren(_TR)):
                cells = [_cell_text(tc) for tc in tr.iterchildren(_TC)]
                text = "\t".join(cells).rstrip("\t")
                if text.strip():
                    lines.append(text)
                    locators.append({"table": n_tbl, "row": r})
            n_tbl += 1
    return lines, locators


def _items(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables in document order, looking inside content controls."""
    for el in parent.iterchildren():
        tag = el.tag
        if tag == _P or tag == _TBL:
            yield el
        elif tag in _WRAPPERS:
            yield from _items(el)


def _cell_text(tc: Any) -> str:
    parts: list[str] = []
    for el in _items(tc):
        if el.tag == _P:
            text = _paragraph_text(el)
        else:  # a nested table: its rows flattened into the cell
            text = " ".join(" ".join(_cell_text(c) for c in tr.iterchildren(_TC))
                            for tr in el.iterchildren(_TR))
        if text.strip():
            parts.append(text)
    return "\n".join(parts)


def _paragraph_text(p: Any) -> str:
    """Visible run text, with insertions but not deletions or field codes."""
    out: list[str] = []
    # mc:AlternateContent repeats text boxes in mc:Fallback for old readers.
    fallbacks = set(p.iter(_FALLBACK))
    for el in p.iter(*_TEXT_TAGS):
        if fallbacks and any(a in fallbacks for a in el.iterancestors(_FALLBACK)):
            continue
        tag = el.tag
        if tag == _W + "t":
            out.append(el.text or "")
        elif el.getparent().tag != _W + "r":
            continue  # w:tab inside w:tabs is a tab-stop definition, not text
        elif tag == _W + "tab":
            out.append("\t")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        elif el.get(_W + "type") in (None, "textWrapping") or tag == _W + "cr":
            out.append("\n")
    return "".join(out)
