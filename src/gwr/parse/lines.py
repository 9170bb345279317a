"""Line index of a text: 1-based line numbers ↔ character offsets."""
from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from dataclasses import dataclass


@dataclass(slots=True)
class Lines:
    text: str
    starts: list[int]  # offset of the first character of each line

    @classmethod
    def of(cls, text: str) -> "Lines":
        starts = [0]
        starts.extend(accumulate(len(line) + 1 for line in text.split("\n")))
        starts.pop()
        return cls(text, starts)

    def __len__(self) -> int:
        return len(self.starts)

    def start(self, lineno: int) -> int:
        """Offset of line ``lineno`` (1-based)."""
        return self.starts[lineno - 1]

    def end(self, lineno: int) -> int:
        """Offset just past the last character of line ``lineno`` (before its newline)."""
        if lineno < len(self.starts):
            return self.starts[lineno] - 1
        return len(self.text)

    def line(self, lineno: int) -> str:
        return self.text[self.start(lineno) : self.end(lineno)]

    def lineno(self, offset: int) -> int:
        """1-based line holding ``offset``."""
        return bisect_right(self.starts, offset)
