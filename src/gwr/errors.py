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
        where = f"{self.path}: " if self.path else ""
        return f"{where}[{self.code}] {self.message}"


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
