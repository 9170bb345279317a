"""One rooted error hierarchy, so shells (CLI, API) can catch ``GwrError``
and print a single line without a traceback.

Codes are stable strings (``E101``) so a user can grep logs and docs for them.
"""
from __future__ import annotations


class GwrError(Exception):
    """Base of every error gwr raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __reduce__(self):  # crosses process boundaries (parallel batches) with its path and code
        return (_rebuild, (type(self), self.message, self.path, self.code))

    def __str__(self) -> str:  # one line, naming the file when there is one
        where = f"{one_line(self.path)}: " if self.path else ""
        return f"{where}[{self.code}] {one_line(self.message)}"


_CONTROL = {c: f"\\x{c:02x}" for c in range(32)} | {0x7f: "\\x7f", 0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t",
                                                    0x85: "\\x85", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def one_line(text: str) -> str:
    """``text`` with its line breaks and control characters escaped (``\\n``, ``\\x1b``): a file
    named ``a\\ngwr: error: …`` must not forge a second line on stderr or in a log."""
    return text.translate(_CONTROL) if not text.isprintable() else text


def _rebuild(cls: type, message: str, path: str | None, code: str) -> GwrError:
    err = cls(message, path=path)
    err.code = code
    return err


class ReadError(GwrError):
    """A file could not be turned into text (missing, empty, binary, corrupt …)."""

    code = "E100"


class EmptyFileError(ReadError):
    code = "E101"


class BinaryFileError(ReadError):
    code = "E102"


class DecodeError(ReadError):
    code = "E103"


class CorruptFileError(ReadError):
    code = "E104"


class TooLargeError(ReadError):
    code = "E105"


class UnsupportedFormatError(ReadError):
    code = "E106"


class LimitError(ReadError):
    """A file refused because reading it went past a per-file limit (see ``gwr.workers``)."""

    code = "E107"


class CrashError(LimitError):
    """The process reading the file died (a native library aborted, the memory ceiling was hit)."""

    code = "E107"


class TimeLimitError(LimitError):
    code = "E108"


class MemoryLimitError(LimitError):
    code = "E109"


class ComplexityError(LimitError):
    """Too many pages, elements or levels of nesting, or a part that inflates past its cap."""

    code = "E110"
