"""What the search side keeps of a paragraph: its folded text and word ends, once, compressed.

The report text itself lives in ``file_texts`` (every span points into it); the
search side needs the *folded* text (NFKC + case folding, :func:`normalize`) to
check a match exactly and to count occurrences for ranking, and the segmenter's
word ends to give a whole-word occurrence its bonus.  Until migration 0009 it
kept both as plain text beside the index — the folded text and a word stream
with a space between words, together 2.3× the report's bytes.  Now:

* ``bounds``: the words' lengths in characters, one byte each (a word longer
  than 255 characters counts as several: ranking only);
* on SQLite both go into one raw-deflate blob with a preset dictionary of the
  genre's frequent words (``zdict.txt``, made by ``bench/make_zdict.py``):
  about half the folded text's bytes, and a few microseconds to inflate, which
  is affordable because only a bounded window of candidates is ever read;
* PostgreSQL keeps the folded text plain (``strpos`` and the gram index are
  computed from it in SQL) and only ``bounds`` as bytes.

The first byte of a blob names its format; a new dictionary needs a new
format byte, never an edit of ``zdict.txt``.
"""
from __future__ import annotations

import zlib
from functools import lru_cache
from importlib import resources
from itertools import accumulate

FORMAT = 1
WBITS = -14  # raw deflate, 16 KiB window: the dictionary fits, no header or checksum per blob


@lru_cache(maxsize=1)
def _zdict() -> bytes:
    return resources.files(__package__).joinpath("zdict.txt").read_bytes()


@lru_cache(maxsize=1)
def _compressor():
    return zlib.compressobj(6, zlib.DEFLATED, WBITS, 8, zlib.Z_DEFAULT_STRATEGY, _zdict())


@lru_cache(maxsize=1)
def _decompressor():
    return zlib.decompressobj(WBITS, zdict=_zdict())


def bounds(words) -> bytes:
    """Word lengths as bytes (1–255): the word ends of a folded text cut into ``words``."""
    out = bytearray()
    for w in words:
        n = len(w)
        while n > 255:
            out.append(255)
            n -= 255
        if n:
            out.append(n)
    return bytes(out)


def starts(bounds_: bytes) -> set[int]:
    """Offsets where a word starts, and the text's end: a whole word runs from one to another."""
    out = set(accumulate(bounds_))
    out.add(0)
    return out


def pack(body: str, bounds_: bytes) -> bytes:
    """One blob of the folded text and its word lengths (SQLite's stored form)."""
    raw = _varint(len(bounds_)) + bounds_ + body.encode("utf-8")
    c = _compressor().copy()  # a primed copy: setting the dictionary each time would cost more
    return bytes((FORMAT,)) + c.compress(raw) + c.flush()


def unpack(blob: bytes) -> tuple[str, bytes]:
    """``(body, bounds)`` of a blob made by :func:`pack`."""
    if blob[0] != FORMAT:
        raise ValueError(f"unknown stored paragraph format {blob[0]}")
    raw = _decompressor().copy().decompress(memoryview(blob)[1:])
    n, at = _read_varint(raw, 0)
    return raw[at + n:].decode("utf-8"), raw[at:at + n]


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _read_varint(raw: bytes, at: int) -> tuple[int, int]:
    n = shift = 0
    while True:
        b = raw[at]
        at += 1
        n |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return n, at
