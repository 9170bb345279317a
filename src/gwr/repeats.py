"""The same text twice in one file: a page that prints the report again below itself.

Sites repeat an article (a mobile and a desktop copy in one page, a reposted
block under the original, a print view pasted after the page), and the copy
differs in its furniture: a line added or lost, other spacing.  Both copies
split into documents of their own; counted as two they would double the
report's figures in every panel.  The later copy is marked as a near-duplicate
of the first (``Document.duplicate_of``, with its ``similarity``), so that the
store links it to the first (``documents.canonical_id``) as it links copies
found in other files (``gwr.store.dedupe``), and every count counts it once.

Similarity is the Jaccard index of the two texts' sets of character 5-grams,
taken without whitespace and punctuation so that layout does not count.  A
document is only compared with documents of comparable length (a copy is within
a factor of two), and with at most ``WINDOW`` earlier ones, so a listing of a
thousand items costs a thousand comparisons, not half a million.
"""
from __future__ import annotations

import re

from .model import Document

THRESHOLD = 0.8  # as gwr.store.dedupe: from here on, two texts are one
MIN_CHARS = 200  # shorter pieces (a headline, a notice) are too short to call copies
WINDOW = 32  # earlier documents a document is compared with
SHINGLE = 5
KINDS = frozenset({"official_report", "report_excerpt", "commentary", "news"})

_NOISE = re.compile(r"[\s\W_]+")


def mark(docs: list[Document], text: str) -> None:
    """Set ``duplicate_of`` and ``similarity`` on every document that repeats an earlier one."""
    candidates = [d for d in docs if d.kind in KINDS and d.span[1] - d.span[0] >= MIN_CHARS]
    if len(candidates) < 2:
        return
    shingles: dict[int, object] = {}

    def of(doc: Document):
        got = shingles.get(doc.index)
        if got is None:
            got = shingles[doc.index] = _shingles(text[doc.span[0]:doc.span[1]])
        return got

    for k, doc in enumerate(candidates):
        size = doc.span[1] - doc.span[0]
        best: tuple[float, Document] | None = None
        for first in candidates[max(0, k - WINDOW):k]:
            other = first.span[1] - first.span[0]
            if first.duplicate_of is not None or not (size <= 2 * other and other <= 2 * size):
                continue
            sim = _jaccard(of(doc), of(first))
            if sim >= THRESHOLD and (best is None or sim > best[0]):
                best = (sim, first)
        if best is not None:
            doc.duplicate_of = best[1].index
            doc.similarity = round(best[0], 4)


def _shingles(text: str):
    """The sorted, distinct hashes of the text's character 5-grams (whitespace and punctuation left out)."""
    import numpy as np

    core = _NOISE.sub("", text)
    codes = np.frombuffer(core.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - SHINGLE + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE):  # a polynomial hash of each window, modulo 2^64 (wrap-around is intended)
        h = h * np.uint64(1_000_003) + codes[k:k + n]
    return np.unique(h)


def _jaccard(a, b) -> float:
    import numpy as np

    if not len(a) or not len(b):
        return 0.0
    both = len(np.intersect1d(a, b, assume_unique=True))
    return both / (len(a) + len(b) - both)
