"""Clause and sentence geometry: where clauses break, and the clause around a position."""
from __future__ import annotations

from bisect import bisect_left

from .vocabulary import _ANY_BREAK, _CLAUSE_BREAK, _SENTENCE_CHARS, _SOFT_CHARS

WINDOW = 600  # far more than a clause or sentence of the genre


def _windows(positions: list[int], start: int, end: int) -> list[tuple[int, int]]:
    """Merged stretches of ``WINDOW`` characters either side of each position."""
    out: list[tuple[int, int]] = []
    for p in sorted(positions):
        a, b = max(start, p - WINDOW), min(end, p + WINDOW)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _breaks(norm: str, a: int, b: int) -> tuple[list[int], list[int], list[int]]:
    """Hard clause breaks, soft ones (a comma or space that ends a clause) and sentence breaks in ``norm[a:b]``.

    One regex scan for the three kinds, then sorted by character: a scan costs
    ~60 instructions per character of text whatever it finds, a hit a few
    hundred, and there are fourteen characters to a break.
    """
    hits = [m.start() for m in _ANY_BREAK.finditer(norm, a, b)]
    hard = [i for i in hits if norm[i] not in _SOFT_CHARS]
    soft = [i for i in hits if norm[i] in _SOFT_CHARS and _is_break(norm, i)]
    sentences = [i for i in hard if norm[i] in _SENTENCE_CHARS]
    return hard, soft, sentences


def _is_break(norm: str, i: int) -> bool:
    return bool(_CLAUSE_BREAK.match(norm, i))


def _around(breaks: list[int], pos: int, lo: int, hi: int) -> tuple[int, int]:
    k = bisect_left(breaks, pos)
    if k < len(breaks) and breaks[k] == pos:
        # pos is itself a break: the clause ending here
        a = breaks[k - 1] + 1 if k > 0 else lo
        return a, pos
    a = breaks[k - 1] + 1 if k > 0 else lo
    b = breaks[k] if k < len(breaks) else hi
    return a, b
