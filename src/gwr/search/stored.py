"""What the search side keeps of a paragraph: its folded text and word starts, once, compressed.

The report text itself lives in ``file_texts`` (every span points into it); the
search side needs the *folded* text (NFKC + case folding, :func:`normalize`) to
check a match exactly and to count occurrences for ranking, and where the
segmenter's words start, to give a whole-word occurrence its bonus.  Until
migration 0008 it kept both as plain text beside the index — the folded text
and a word stream with a space between words, together 2.3× the report's
bytes.  Now:

* ``starts``: a bitmap with bit *p* set where a word starts at character *p*
  (and at the text's end): a bit per character, a tenth of the text's bytes,
  and an occurrence is checked in constant time;
* on SQLite both go into one zstd frame compressed with a preset dictionary of
  the genre's frequent words (``zdict.txt``, made by ``bench/make_zdict.py``):
  about half the folded text's bytes.  zstd rather than zlib: the ranking
  window inflates up to a thousand paragraphs per query, and zstd does a
  long paragraph in 2 µs where zlib with a dictionary takes 15;
* PostgreSQL keeps the folded text plain (``strpos`` and the gram index are
  computed from it in SQL) and the bitmap as bytes.

The first byte of a blob names its format; a new dictionary needs a new
format byte, never an edit of ``zdict.txt``.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from importlib import resources
from itertools import accumulate

FORMAT = 1
LEVEL = 9  # beyond 9 the blobs shrink by 1-2 % and writing takes four times as long


def word_starts(n_chars: int, words) -> bytes:
    """The bitmap of where ``words`` (cutting a text of ``n_chars`` characters) start, and its end."""
    bits = bytearray(n_chars // 8 + 1)
    for p in accumulate(map(len, words), initial=0):
        if p <= n_chars:
            bits[p >> 3] |= 1 << (p & 7)
    return bytes(bits)


def is_start(starts: bytes, p: int) -> bool:
    i = p >> 3
    return i < len(starts) and bool(starts[i] >> (p & 7) & 1)


@lru_cache(maxsize=1)
def _dict():
    import zstandard

    raw = resources.files(__package__).joinpath("zdict.txt").read_bytes()
    return zstandard.ZstdCompressionDict(raw, dict_type=zstandard.DICT_TYPE_RAWCONTENT)


_local = threading.local()  # zstd contexts are not thread-safe: one pair per thread (a web server's pool)


def _compressor(level: int = LEVEL):
    cs = getattr(_local, "c", None)
    if cs is None:
        cs = _local.c = {}
    c = cs.get(level)
    if c is None:
        import zstandard

        c = cs[level] = zstandard.ZstdCompressor(level=level, dict_data=_dict(), write_content_size=True,
                                                 write_checksum=False, write_dict_id=False)
    return c


def _decompressor():
    d = getattr(_local, "d", None)
    if d is None:
        import zstandard

        d = _local.d = zstandard.ZstdDecompressor(dict_data=_dict())
    return d


def compress(raw: bytes, level: int = LEVEL) -> bytes:
    """A zstd frame of ``raw`` with the genre's dictionary (also ``gwr.store.compact``'s stored rows and
    ``gwr.store.texts``' report texts)."""
    return _compressor(level).compress(raw)


def decompress(frame: bytes) -> bytes:
    return _decompressor().decompress(frame)


def pack(body: str, starts: bytes) -> bytes:
    """One blob of the folded text and its word starts (SQLite's stored form)."""
    raw = _varint(len(body)) + starts + body.encode("utf-8")
    return bytes((FORMAT,)) + _compressor().compress(raw)


def unpack(blob: bytes) -> tuple[str, bytes]:
    """``(body, starts)`` of a blob made by :func:`pack`."""
    if blob[0] != FORMAT:
        raise ValueError(f"unknown stored paragraph format {blob[0]}")
    raw = _decompressor().decompress(blob[1:])
    n, at = _read_varint(raw, 0)
    end = at + n // 8 + 1
    return raw[end:].decode("utf-8"), raw[at:end]


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
