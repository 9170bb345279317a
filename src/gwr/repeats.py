"""The same text twice in one file: a page that prints the report again below itself.

Sites repeat an article (a mobile and a desktop copy in one page, a reposted
block under the original, a print view pasted after the page), and the copy
differs in its furniture: a line added or lost, other spacing.  Both copies
split into documents of their own; counted as two they would double the
report's figures in every panel.  The later copy is marked as a near-duplicate
of the first (``Document.duplicate_of``, with its ``similarity``), so that the
store links it to the first (``documents.canonical_id``) as it links copies
found in other files (``gwr.store.dedupe``), and every count counts it once.

Similarity is the Jaccard index of the two texts' sets of sentences (and
lines): a copy keeps nearly all of them, while another report of the same
place, even one written on last year's template, changes most of them with
its figures.  Counting sentences costs a few string splits per document; an
exact count of character 5-grams cost ten times as much, and the store's
MinHash (``gwr.store.dedupe``) is for comparing across files.  A document is
only compared with documents of comparable length (a copy is within a factor
of two) that hold one of a few of its phrases, and with at most ``WINDOW``
earlier ones, so a listing of a thousand items costs a thousand comparisons,
not half a million.
"""
from __future__ import annotations

from .model import Document

# From here on two texts are one.  Whole sentences are a stricter measure than the store's 5-grams:
# distinct reports share almost none (each carries its own figures and places; 3 % at most on the
# seed corpus's compilations), a copy keeps most (70 % for a reprint whose years were masked, over
# 95 % for a page's second print), so the line sits halfway.
THRESHOLD = 0.5
MIN_CHARS = 200  # shorter pieces (a headline, a notice) are too short to call copies
WINDOW = 32  # earlier documents a document is compared with
STOPS = ("。", "；", "！", "？", ";", "!", "?")
MIN_SENTENCE = 2
LIST_MARKS = "-*#•·>"  # markdown bullets and headings: one copy keeps them, the other loses them
PROBES, PROBE_CHARS = 6, 10  # phrases taken after a comma at even intervals of a document
KINDS = frozenset({"official_report", "report_excerpt", "commentary", "news"})


def mark(docs: list[Document], text: str) -> None:
    """Set ``duplicate_of`` and ``similarity`` on every document that repeats an earlier one."""
    candidates = [d for d in docs if d.kind in KINDS and d.span[1] - d.span[0] >= MIN_CHARS]
    if len(candidates) < 2:
        return
    units: dict[int, frozenset[str]] = {}

    def of(doc: Document) -> frozenset[str]:
        got = units.get(doc.index)
        if got is None:
            got = units[doc.index] = sentences(text[doc.span[0]:doc.span[1]])
        return got

    for k, doc in enumerate(candidates):
        size = doc.span[1] - doc.span[0]
        best: tuple[float, Document] | None = None
        for first in candidates[max(0, k - WINDOW):k]:
            other = first.span[1] - first.span[0]
            if first.duplicate_of is not None or not (size <= 2 * other and other <= 2 * size):
                continue
            if not _shares_a_probe(text, doc, first):
                continue
            sim = similarity(of(doc), of(first))
            if sim >= THRESHOLD and (best is None or sim > best[0]):
                best = (sim, first)
        if best is not None:
            doc.duplicate_of = best[1].index
            doc.similarity = round(best[0], 4)


def _shares_a_probe(text: str, doc: Document, first: Document) -> bool:
    """Whether any of a few phrases of ``doc`` occurs in ``first``: a substring search that spares
    splitting two distinct reports into sentences (they share none of them; a copy shares most)."""
    a, b = doc.span
    for k in range(1, PROBES + 1):
        at = text.find("，", a + (b - a) * k // (PROBES + 1), b)
        if at < 0:
            continue
        probe = text[at + 1:at + 1 + PROBE_CHARS]
        if len(probe) == PROBE_CHARS and " " not in probe and "\n" not in probe \
                and text.find(probe, first.span[0], first.span[1]) >= 0:
            return True
    return False


def sentences(text: str) -> frozenset[str]:
    """The text's distinct sentences and lines without spaces or list marks: the units a copy
    keeps (whatever its spacing) and a rewrite changes.  ``text`` is the normalised view
    (ideographic and no-break spaces are plain spaces there)."""
    for stop in STOPS:
        text = text.replace(stop, "\n")  # str.replace runs at memory speed; a regex split would not
    for space in (" ", "\t", "\r"):
        text = text.replace(space, "")
    return frozenset(s for s in (line.lstrip(LIST_MARKS) for line in text.split("\n")) if len(s) >= MIN_SENTENCE)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """The Jaccard index of two sentence sets."""
    if not a or not b:
        return 0.0
    both = len(a & b)
    return both / (len(a) + len(b) - both)
