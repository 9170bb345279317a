"""A document's paragraphs: the unit a search hit and a citation point at.

A paragraph is a non-blank line, trimmed.  Pages that paste a whole report on
one line (or PDFs that lose every break) would make a single 30,000-character
"paragraph" that no reader can use as a citation, so a line longer than
``MAX_CHARS`` is cut after the sentence end closest to that length.
"""
from __future__ import annotations

import re

from ..model import Span

MAX_CHARS = 1200
_LINE = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"[。！？；!?;]+[”’」』）)]*")
_BLANK = " \t\r\u3000\xa0\ufeff"


def paragraph_spans(text: str, start: int, end: int) -> list[Span]:
    """Spans of the paragraphs of ``text[start:end]``, in order, none empty."""
    out: list[Span] = []
    for m in _LINE.finditer(text, start, end):
        a, b = m.start(), m.end()
        while a < b and text[a] in _BLANK:
            a += 1
        while b > a and text[b - 1] in _BLANK:
            b -= 1
        if a == b:
            continue
        if b - a <= MAX_CHARS:
            out.append((a, b))
        else:
            out.extend(_cut(text, a, b))
    return out


def _cut(text: str, a: int, b: int) -> list[Span]:
    """Pieces of at most MAX_CHARS, each ending at a sentence end where the line has one."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, a, b)]
    out: list[Span] = []
    i = 0
    while b - a > MAX_CHARS:
        limit = a + MAX_CHARS
        while i < len(ends) and ends[i] <= a:
            i += 1
        j = i
        cut = None
        while j < len(ends) and ends[j] <= limit:
            cut = ends[j]
            j += 1
        if cut is None or cut - a < MAX_CHARS // 4:  # no sentence end in reach: a hard cut
            cut = limit
        out.append((a, cut))
        a = cut
        while a < b and text[a] in _BLANK:
            a += 1
    if a < b:
        out.append((a, b))
    return out
