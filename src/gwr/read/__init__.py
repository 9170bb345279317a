"""File bytes → :class:`gwr.model.Source`: sniff the format, hand over to its reader, repair.

The content decides the format (magic bytes, then markup), the extension only
breaks ties, because downloaded reports are routinely misnamed.  Every failure
leaves as a one-line :class:`gwr.errors.ReadError` naming the file, so a batch
over thousands of files can report and carry on.  Whatever the format, the
text then goes through :func:`gwr.read.repair.repair` (literal ``\\r\\n`` of
exports, HTML entities, PDF's spaced figures), so that the text every offset
refers to is the repaired one and ``Source.repairs`` says what changed.  Heavy libraries are
imported by the reader that needs them, keeping ``import gwr.read`` cheap.
"""
from __future__ import annotations

import hashlib
import logging
import os
import stat

from ..errors import (CorruptFileError, EmptyFileError, GwrError, ReadError,
                      TooLargeError, UnsupportedFormatError)
from ..model import Source
from .detect import has_tags, sniff
from .paths import SUPPORTED_EXTENSIONS, iter_paths
from .repair import repair
from .text import Extracted

__all__ = ["SUPPORTED_EXTENSIONS", "iter_paths", "read_bytes", "read_file"]

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 64 * 2**20
FORMATS = ("txt", "md", "html", "docx", "pdf")
_EXT_FORMAT = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html",
               ".htm": "html", ".xhtml": "html", ".docx": "docx", ".pdf": "pdf"}
_ALIASES = {"text": "txt", "markdown": "md", "htm": "html", "xhtml": "html"}


def read_file(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read one file; the size limit is checked before any byte is loaded."""
    name = os.fspath(path)
    name = name.decode(errors="replace") if isinstance(name, bytes) else name
    from .remote import is_url, read_url

    if is_url(name):
        return read_bytes(read_url(name, max_bytes), name, max_bytes=max_bytes)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ReadError("no such file", path=name) from None
    except PermissionError:
        raise ReadError("permission denied", path=name) from None
    except OSError as err:
        raise ReadError(f"cannot open ({err.strerror or err})", path=name) from None
    if stat.S_ISDIR(st.st_mode):
        raise ReadError("is a directory", path=name)
    if not stat.S_ISREG(st.st_mode):
        raise ReadError("not a regular file", path=name)
    if st.st_size > max_bytes:
        raise TooLargeError(_too_large(st.st_size, max_bytes), path=name)
    try:
        with open(path, "rb") as fh:
            # the size stat gave, plus one byte to see growth: read(max_bytes + 1) allocated the
            # whole limit (64 MiB) for every file, ~0.15 ms each, more than decoding a small report
            data = fh.read(st.st_size + 1)
            if len(data) > st.st_size:  # grew since stat, or a pseudo-file lying about size
                data += fh.read(max_bytes + 1 - len(data))
    except MemoryError:
        from ..workers import over_memory

        raise over_memory(name) from None
    except PermissionError:
        raise ReadError("permission denied", path=name) from None
    except OSError as err:
        raise ReadError(f"cannot read ({err.strerror or err})", path=name) from None
    if len(data) > max_bytes:  # grew since stat, or a pseudo-file lying about size
        raise TooLargeError(_too_large(len(data), max_bytes), path=name)
    return read_bytes(data, name, max_bytes=max_bytes)


def read_bytes(data: bytes, path: str = "<bytes>", format: str | None = None, *,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read bytes already in memory; ``format`` forces a reader instead of sniffing."""
    try:
        if len(data) > max_bytes:
            raise TooLargeError(_too_large(len(data), max_bytes))
        if not data:
            raise EmptyFileError("empty file (0 bytes)")
        fmt, warnings = _choose_format(data, path, format)
        got = _dispatch(fmt, data, path)
        fixed = repair(got.text, got.blocks, fmt)  # before any offset is taken: see read/repair.py
        return Source(path=path, format=fmt, encoding=got.encoding,
                      sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                      text=fixed.text, blocks=fixed.blocks, warnings=warnings + got.warnings,
                      repairs=fixed.repairs)
    except GwrError as err:
        if err.path is None:
            err.path = path
        raise
    except MemoryError:  # past the worker's ceiling (gwr.workers): one line, not a traceback
        from ..workers import over_memory

        raise over_memory(path) from None
    except Exception as err:  # noqa: BLE001 - promise: no raw exception escapes
        log.debug("unexpected failure reading %s", path, exc_info=True)
        detail = (str(err).splitlines() or [""])[0][:160]
        raise ReadError(f"unexpected {type(err).__name__} while reading"
                        + (f": {detail}" if detail else ""), path=path) from err


def _choose_format(data: bytes, path: str, forced: str | None) -> tuple[str, list[str]]:
    ext = os.path.splitext(path)[1].lower()
    if forced is not None:
        fmt = _ALIASES.get(forced.lower().lstrip("."), forced.lower().lstrip("."))
        if fmt not in FORMATS:
            raise UnsupportedFormatError(f"unknown format {forced!r} (use one of {', '.join(FORMATS)})")
        return fmt, []
    kind = sniff(data)
    expected = _EXT_FORMAT.get(ext)
    if kind == "pdf":
        fmt = "pdf"
    elif kind == "zip":
        fmt = "docx"
        from .docx import check_zip

        reason = check_zip(data)
        if reason and expected != "docx":
            if "not a valid zip" in reason:
                raise CorruptFileError("truncated or corrupt zip archive")
            raise UnsupportedFormatError(reason)
    elif kind == "html":
        fmt = "html"
    elif expected == "html" and has_tags(data):
        fmt = "html"
    elif expected == "md":
        fmt = "md"
    else:
        fmt = "txt"
    warnings: list[str] = []
    if expected is not None and expected != fmt and {expected, fmt} != {"txt", "md"}:
        warnings.append(f"extension {ext} but content is {fmt}; read as {fmt}")
    return fmt, warnings


def _dispatch(fmt: str, data: bytes, path: str) -> Extracted:
    if fmt in ("txt", "md"):
        from .text import read_text

        return read_text(data)
    if fmt == "html":
        from .html import read_html

        return read_html(data)
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(data)
    from .pdf import read_pdf

    return read_pdf(data)


def _too_large(size: int, limit: int) -> str:
    return f"file is {size / 2**20:.1f} MB, over the {limit / 2**20:g} MB limit"
