"""A same-length normalised view of the text.

Reports mix full-width digits (２０１８), full-width and half-width
punctuation, NO-BREAK and ideographic spaces.  Rules are simpler on one form,
but every offset must lead back to the original characters.  Mapping each
character to exactly one character keeps ``len(norm) == len(text)``, so a span
found in the normalised view *is* the span in the original: nothing to map back.
Transformations that change length (joining broken lines, dropping spaces
inside names) are done by the stages that need them, over a ``Folded`` view
that carries its own offset table.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_PAIRS = {
    # full-width ASCII range → ASCII, except the ideographic ones we keep
    **{chr(0xFF01 + i): chr(0x21 + i) for i in range(94)},
    "\u3000": " ",  # ideographic space
    "\u00a0": " ",  # no-break space
    "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200b": " ", "\ufeff": " ",
    "\u3002": "。",  # keep the ideographic full stop as it is
    "\uff61": "。",  # halfwidth ideographic full stop
    "\u2014": "—", "\u2013": "-", "\u2212": "-", "\uff0d": "-",
    "\u301c": "~",
    "\u00b7": "·",
}
# Chinese commas, colons and semicolons stay Chinese: they carry sentence
# structure, and reports use both forms.  Only what rules never care about
# the width of is folded to ASCII: digits, letters, % . + - ( ) and spaces.
for _c in "，：；！？（）":
    _PAIRS.pop(chr(ord(_c)), None)
_PAIRS["（"] = "("
_PAIRS["）"] = ")"
_TABLE = str.maketrans(_PAIRS)
# str.translate looks every character up in a dict (≈30 MB/s on Chinese text);
# the characters to change are rare, so find their runs first (≈240 MB/s).
_CHANGED = re.compile("[%s]+" % re.escape("".join(k for k, v in _PAIRS.items() if k != v)))


def _translate_run(m: re.Match[str]) -> str:
    return m.group().translate(_TABLE)


def normalize(text: str) -> str:
    """Same-length normalisation: full-width ASCII → ASCII, odd spaces → space."""
    return _CHANGED.sub(_translate_run, text)


@dataclass(slots=True)
class Folded:
    """Text with some characters removed, and the way back to the original.

    ``text[i]`` came from ``original[index[i]]``; a span ``[a, b)`` of the
    folded text maps back to ``[index[a], index[b-1] + 1)``.
    """

    text: str
    index: list[int]

    def origin(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            pos = self.index[start] if start < len(self.index) else (self.index[-1] + 1 if self.index else 0)
            return pos, pos
        return self.index[start], self.index[end - 1] + 1

    def folded_pos(self, original_pos: int) -> int:
        return bisect_right(self.index, original_pos - 1)


def fold(text: str, drop: str = " \t\r\n\u3000\u00a0", start: int = 0) -> Folded:
    """Remove the ``drop`` characters (by default all white space).

    Used where the source breaks a phrase over lines or pads a name with
    spaces (``刘  浪``, ``政 府 工 作 报 告``).  ``start`` offsets the index,
    so folding a slice still maps into the whole file's text.
    """
    keep = re.compile("[^%s]+" % re.escape(drop))
    parts: list[str] = []
    index: list[int] = []
    for m in keep.finditer(text):
        parts.append(m.group())
        index.extend(range(start + m.start(), start + m.end()))
    return Folded("".join(parts), index)
