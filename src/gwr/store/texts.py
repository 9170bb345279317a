"""The report text as stored: plain on PostgreSQL, zstd frames on SQLite — read through one accessor.

Every span points into ``file_texts.text``, so it is kept whole and exact.
PostgreSQL compresses long values itself (TOAST: the text takes 0.7× its
bytes); SQLite does not, and the text was the second-largest table.  On SQLite
it is now stored as frames of ``CHUNK`` characters, each a zstd frame with the
genre's dictionary (``gwr.search.stored``), about 0.4× the UTF-8 bytes; a slice
(a page of a long report, a search hit's paragraph) inflates only the frames it
covers, so no reader holds more of a long report than it asked for.

Readers never see the stored form: the column's type (:class:`StoredText`)
packs and unpacks, :func:`text_slice` cuts a span, and SQL written by hand
(Datasette, checks) calls ``gwr_text(text)``, which both dialects define
(SQLite: :func:`sql_text`, registered on every connection; PostgreSQL: the
identity, migration 0011).
"""
from __future__ import annotations

from itertools import accumulate

from sqlalchemy import Connection, Text, func, select
from sqlalchemy.types import TypeDecorator

from ..search.stored import _read_varint, _varint, compress, decompress

FORMAT = 2  # frames of CHUNK characters, zstd with gwr/search/zdict.txt (gwr.store.compact uses 1)
CHUNK = 16384  # characters per frame: a paragraph's slice inflates one or two (≈ 50 KB, ~50 µs)
LEVEL = 6  # 0.39× the UTF-8 bytes at ~50 MB/s of one core; 3: 0.43× at 110 MB/s; 9: 0.39× at 34 MB/s
HEAD = 48  # bytes read first for a slice's header: texts up to ~14 frames (230k characters); longer ones read more


def pack(text: str) -> bytes:
    """``text`` as stored on SQLite: format, frame size, each frame's length, the frames."""
    frames = [compress(text[i:i + CHUNK].encode("utf-8"), LEVEL) for i in range(0, len(text), CHUNK)]
    head = bytes((FORMAT,)) + _varint(CHUNK) + _varint(len(frames)) + b"".join(_varint(len(f)) for f in frames)
    return head + b"".join(frames)


def unpack(blob: bytes | memoryview) -> str:
    blob = bytes(blob)
    chunk, lengths, at = _header(blob)
    out = []
    for n in lengths:
        out.append(decompress(blob[at:at + n]).decode("utf-8"))
        at += n
    return "".join(out)


def _header(blob: bytes) -> tuple[int, list[int], int]:
    """``(chunk, frame lengths, where the frames begin)``; IndexError if ``blob`` is cut inside the header."""
    if blob[0] != FORMAT:
        raise ValueError(f"unknown stored text format {blob[0]}")
    chunk, at = _read_varint(blob, 1)
    n, at = _read_varint(blob, at)
    lengths = []
    for _ in range(n):
        length, at = _read_varint(blob, at)
        lengths.append(length)
    return chunk, lengths, at


class StoredText(TypeDecorator):
    """``file_texts.text``: a ``str`` to Python on both dialects, frames on SQLite (or plain text, as
    stored before migration 0011)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """A ``str`` is packed on SQLite; ``bytes`` are its packed form already (:func:`pack`, run where
        the file was extracted)."""
        return pack(value) if isinstance(value, str) and dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        return unpack(value) if isinstance(value, (bytes, memoryview)) else value


_last: list = [None, None]  # the last blob gwr_text inflated, and its text: a query's rows come file after file


def sql_text(value):
    """``gwr_text(text)`` for SQL written by hand on SQLite: the text, whichever form it is stored in."""
    if not isinstance(value, (bytes, memoryview)):
        return value
    value = bytes(value)
    blob, text = _last
    if blob != value:
        text = unpack(value)
        _last[:] = [value, text]
    return text


def text_slice(conn: Connection, file_id: int, start: int, end: int) -> str:
    """``text[start:end]`` of a file's text: PostgreSQL cuts it; on SQLite only the frames it covers
    are read and inflated."""
    from .schema import file_texts

    n = max(0, end - start)
    if conn.dialect.name != "sqlite":
        return conn.execute(select(func.substr(file_texts.c.text, start + 1, n))
                            .where(file_texts.c.file_id == file_id)).scalar_one()

    def cut(a: int, size: int):
        return conn.execute(select(func.substr(_raw(), a + 1, size)).where(file_texts.c.file_id == file_id)).scalar_one()

    kind, head = conn.execute(select(func.typeof(_raw()), func.substr(_raw(), 1, HEAD))
                              .where(file_texts.c.file_id == file_id)).one()
    if kind != "blob":  # stored as plain text (a database not yet migrated)
        return cut(start, n)
    read = HEAD
    while True:
        try:
            chunk, lengths, at = _header(head)
            break
        except IndexError:  # a long text: its header is longer than what was read
            if len(head) < read:
                raise ValueError(f"stored text of file {file_id} is cut short") from None
            read *= 8
            head = cut(0, read)
    if n == 0 or not lengths:
        return ""
    first, last = start // chunk, min(len(lengths) - 1, (end - 1) // chunk)
    if first > last:
        return ""
    blob = cut(at + sum(lengths[:first]), sum(lengths[first:last + 1]))
    parts, pos = [], 0
    for i in range(first, last + 1):
        parts.append(decompress(blob[pos:pos + lengths[i]]).decode("utf-8"))
        pos += lengths[i]
    text = "".join(parts)
    base = first * chunk
    return text[start - base:end - base]


def text_slices(conn: Connection, spans: list[tuple[int, int, int]]) -> list[str]:
    """:func:`text_slice` of many ``(file_id, start, end)`` spans (a page of search hits), in order.

    On SQLite one statement reads the headers of all their files and one per
    file each run of frames its spans cover, each frame inflated once: a page
    of 20 hits took 60 statements and 20 inflations one span at a time, more
    than the search that found them.  A file's frames are dropped once its
    spans are cut, so a long list of spans holds one file's at a time.
    PostgreSQL, plain text, and headers longer than :data:`HEAD` go span by span.
    """
    if conn.dialect.name != "sqlite" or not spans:
        return [text_slice(conn, f, a, b) for f, a, b in spans]
    by_file: dict[int, list[int]] = {}
    for i, (f, _, _) in enumerate(spans):
        by_file.setdefault(int(f), []).append(i)
    out: list[str | None] = [None] * len(spans)
    ids = sorted(by_file)
    cur = conn.connection.cursor()  # the driver's own: SQLAlchemy's set-up per statement cost more than the reads
    try:
        heads = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for f, kind, head in cur.execute(
                    f"SELECT file_id, typeof(text), substr(text, 1, {HEAD}) FROM file_texts "
                    f"WHERE file_id IN ({','.join('?' * len(chunk))})", chunk):
                if kind == "blob":
                    try:
                        heads[f] = _header(head)
                    except IndexError:  # a long text's header: text_slice reads more
                        pass
        for f, head in heads.items():
            chunk, lengths, at = head
            cuts = {}  # span index → frames it covers
            for i in by_file[f]:
                _, a, b = spans[i]
                first, last = a // chunk, min(len(lengths) - 1, (b - 1) // chunk)
                if b <= a or first > last:
                    out[i] = ""
                else:
                    cuts[i] = (first, last)
            need = sorted({k for first, last in cuts.values() for k in range(first, last + 1)})
            if not need:
                continue
            offsets = list(accumulate(lengths, initial=at))  # where each frame begins, and the last ends
            frames: dict[int, str] = {}
            for first, last in _runs(need):
                blob = cur.execute("SELECT substr(text, ?, ?) FROM file_texts WHERE file_id = ?",
                                   (offsets[first] + 1, offsets[last + 1] - offsets[first], f)).fetchone()[0]
                pos = 0
                for k in range(first, last + 1):
                    frames[k] = decompress(blob[pos:pos + lengths[k]]).decode("utf-8")
                    pos += lengths[k]
            for i, (first, last) in cuts.items():
                _, a, b = spans[i]
                text = "".join(frames[k] for k in range(first, last + 1))
                out[i] = text[a - first * chunk:b - first * chunk]
    finally:
        cur.close()
    for i, (f, a, b) in enumerate(spans):
        if out[i] is None:  # plain text, a long header, or no such file (text_slice says so)
            out[i] = text_slice(conn, f, a, b)
    return out


def _runs(ks: list[int]):
    """Runs of consecutive integers in sorted ``ks`` as ``(first, last)``."""
    start = prev = ks[0]
    for k in ks[1:]:
        if k != prev + 1:
            yield start, prev
            start = k
        prev = k
    yield start, prev


def _raw():
    """The stored column as the database holds it (bytes on SQLite), past :class:`StoredText`."""
    from sqlalchemy import literal_column

    return literal_column("file_texts.text")


__all__ = ["CHUNK", "FORMAT", "StoredText", "pack", "sql_text", "text_slice", "text_slices", "unpack"]
