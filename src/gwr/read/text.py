"""Plain text and Markdown: the decoded file is the text, character for character.

Nothing is stripped or normalised here: offsets computed downstream are
checked against ``open(path, encoding=enc).read()``, so any cleaning belongs to
later stages, which keep a way back to these characters.
"""
from __future__ import annotations

from typing import NamedTuple

from ..errors import EmptyFileError
from ..model import Block
from .encoding import decode_text


class Extracted(NamedTuple):
    """What every format reader hands back to the dispatcher."""

    text: str
    encoding: str | None
    blocks: list[Block]
    warnings: list[str]


def read_text(data: bytes) -> Extracted:
    decoded = decode_text(data)
    text = decoded.text
    if not text.strip():
        raise EmptyFileError("file holds only whitespace")
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    block = Block(0, len(text), {"lines": [1, lines]})
    return Extracted(text, decoded.encoding, [block], decoded.warnings)
