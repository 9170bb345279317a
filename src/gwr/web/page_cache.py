"""Rendered answers kept per corpus generation: a page is built once and then served from memory, gzipped.

Every page and JSON answer of ``gwr serve`` is a function of its URL and of what the corpus
holds, and the corpus says when that changes: its generation counter is bumped after every
commit.  So a GET answer (200, HTML or JSON) is kept under its path and query, and the whole
cache is dropped the moment a request sees a new generation.  Reading the generation is the
only query a kept answer costs; on SQLite it is one primary-key read on a connection of the
cache's own, in the event loop, so that a kept page is not queued behind the pages being built
in the handler threads.

Answers are kept gzipped (HTML of Chinese text shrinks 3–6×, so the same memory holds that many
more pages, and a client that accepts gzip gets fewer bytes); a client that does not is sent the
inflated body.  Memory is bounded per worker process: ``max_bytes`` of kept bodies, ``max_entries``
answers, none above ``max_page`` (a larger answer streams through untouched).  Fifty readers
asking for one page at once while it is built cause one build: the others wait for it.

The workers of one ``gwr serve`` also share what they built through a directory of their own
(:class:`SharedPages`, bounded in bytes, emptied when the generation changes), so that a page
built by one worker is not built again by the next: with N workers a page would otherwise be
built up to N times.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

import anyio

CACHED_TYPES = (b"text/html", b"application/json")
SKIPPED_PATHS = ("/static/", "/api/export/")  # files: served by their own handlers, often large
MIN_GZIP = 512  # bytes: below this gzip's header costs more than it saves


@dataclass(frozen=True)
class Entry:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]  # as the app sent them, without content-length
    body: bytes
    gzipped: bool

    def __len__(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 64


class LRU:
    """A thread-safe LRU bounded in entries and in bytes (``len`` of each value)."""

    def __init__(self, max_entries: int, max_bytes: int):
        self.max_entries, self.max_bytes, self.bytes = max_entries, max_bytes, 0
        self.items: OrderedDict[Any, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        if len(value) > self.max_bytes // 4:  # one answer must not empty the cache
            return
        with self.lock:
            old = self.items.pop(key, None)
            self.bytes += len(value) - (len(old) if old is not None else 0)
            self.items[key] = value
            while len(self.items) > self.max_entries or self.bytes > self.max_bytes:
                _, dropped = self.items.popitem(last=False)
                self.bytes -= len(dropped)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.bytes = 0

    def __len__(self) -> int:
        return len(self.items)


class SharedPages:
    """Answers on disk, one file per (generation, path, query), shared by the worker processes of
    one server: written whole (a temporary file renamed), read by any worker, the former
    generations' directories removed by the first worker to see a new one.  At most about
    ``max_bytes`` on disk: past it, the oldest files go.  The memory is the operating system's page
    cache, not the workers'."""

    def __init__(self, root: str | os.PathLike[str], max_bytes: int):
        self.root, self.max_bytes = os.fspath(root), max_bytes
        self.written = 0  # by this process since the last count of the directory

    def _path(self, generation: int, path: str, query: bytes) -> str:
        name = hashlib.sha256(path.encode() + b"?" + query).hexdigest()
        return os.path.join(self.root, str(generation), name)

    def get(self, generation: int, path: str, query: bytes) -> Entry | None:
        try:
            with open(self._path(generation, path, query), "rb") as f:
                data = f.read()
            head, _, body = data.partition(b"\n")
            meta = json.loads(head)
            if meta["path"] != path or meta["query"] != query.decode("latin-1"):
                return None  # another key with the same hash: never in practice, but not served
            headers = tuple((k.encode("latin-1"), v.encode("latin-1")) for k, v in meta["headers"])
            return Entry(meta["status"], headers, body, meta["gzipped"])
        except (OSError, ValueError, KeyError):
            return None

    def put(self, generation: int, path: str, query: bytes, entry: Entry) -> None:
        target = self._path(generation, path, query)
        meta = {"path": path, "query": query.decode("latin-1"), "status": entry.status, "gzipped": entry.gzipped,
                "headers": [(k.decode("latin-1"), v.decode("latin-1")) for k, v in entry.headers]}
        tmp = f"{target}.{os.getpid()}.{threading.get_ident()}.tmp"
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(tmp, "wb") as f:
                f.write(json.dumps(meta).encode() + b"\n" + entry.body)
            os.replace(tmp, target)
        except OSError:  # a full disk or a removed directory: the answer is simply not shared
            try:
                os.unlink(tmp)
            except OSError:
                pass
            return
        self.written += len(entry.body)
        if self.written > self.max_bytes // 8:
            self.written = 0
            self._prune(os.path.dirname(target))

    def _prune(self, folder: str) -> None:
        """Oldest files out until the directory is at most three quarters of the bound."""
        try:
            files = [(e.stat().st_mtime, e.stat().st_size, e.path) for e in os.scandir(folder) if e.is_file()]
        except OSError:
            return
        total = sum(size for _, size, _ in files)
        if total <= self.max_bytes:
            return
        for _, size, path in sorted(files):
            try:
                os.unlink(path)
            except OSError:
                pass
            total -= size
            if total <= self.max_bytes * 3 // 4:
                break

    def drop_other_generations(self, generation: int) -> None:
        try:
            names = os.listdir(self.root)
        except OSError:
            return
        for name in names:
            if name != str(generation):
                shutil.rmtree(os.path.join(self.root, name), ignore_errors=True)


def generation_reader(corpus) -> Callable[[], Awaitable[int]]:
    """An awaitable read of the corpus generation, as cheap as the database allows.

    SQLite: a connection of its own, opened on first use (in the worker process, never across a
    fork), read in the event loop: a primary-key read in WAL mode takes microseconds and never
    waits for a writer.  Other databases: ``Corpus.generation`` in a thread of a small limiter of
    its own (not the handlers' threads, which may all be busy building pages).
    """
    url = corpus.engine.url
    path = url.database if url.get_backend_name() == "sqlite" else None
    if path and path != ":memory:" and not path.startswith("file:"):
        local = threading.local()

        async def read_sqlite() -> int:
            conn = getattr(local, "conn", None)
            if conn is None:
                conn = local.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
                conn.execute("PRAGMA query_only=1")
                conn.execute("PRAGMA busy_timeout=5000")
            row = conn.execute("SELECT generation FROM corpus_state WHERE id = 1").fetchone()
            return int(row[0]) if row and row[0] is not None else 0

        return read_sqlite
    limiter: list[anyio.CapacityLimiter] = []

    async def read_other() -> int:
        if not limiter:
            limiter.append(anyio.CapacityLimiter(2))
        return await anyio.to_thread.run_sync(corpus.generation, limiter=limiter[0])

    return read_other


def accepts_gzip(scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"accept-encoding":
            for part in value.decode("latin-1").split(","):
                coding, _, q = part.strip().partition(";")
                if coding.strip().lower() in ("gzip", "*"):
                    q = q.strip()
                    return not (q.startswith("q=") and _zero(q[2:]))
    return False


def _zero(q: str) -> bool:
    try:
        return float(q) == 0
    except ValueError:
        return False


class PageCache:
    """Pure ASGI middleware: GET answers kept per (generation, path, query), gzipped."""

    def __init__(self, app, *, corpus, cache: LRU, shared: SharedPages | None = None, max_page: int = 8 * 2**20,
                 gzip_level: int = 5):
        self.app, self.cache, self.shared, self.max_page, self.gzip_level = app, cache, shared, max_page, gzip_level
        self.generation = generation_reader(corpus)
        self.seen: int | None = None
        self.building: dict[Any, anyio.Event] = {}

    async def __call__(self, scope, receive, send):
        if (scope["type"] != "http" or scope["method"] != "GET"
                or scope["path"].startswith(SKIPPED_PATHS)):
            return await self.app(scope, receive, send)
        generation = await self.generation()
        if generation != self.seen:  # the corpus changed: nothing kept can be served again
            self.cache.clear()
            if self.shared is not None:  # also at a worker's first request: one restarted after a write
                self.shared.drop_other_generations(generation)
            self.seen = generation
        key = (generation, scope["path"], scope.get("query_string", b""))
        entry = self.cache.get(key)
        if entry is None and self.shared is not None:  # built by another worker?
            entry = self.shared.get(*key)
            if entry is not None:
                self.cache.put(key, entry)
        if entry is None and key in self.building:  # being built for another reader: wait for it
            await self.building[key].wait()
            entry = self.cache.get(key)
        if entry is not None:
            return await self._send(entry, scope, send)
        done = self.building[key] = anyio.Event()
        try:
            await self._build(scope, receive, send, key)
        finally:
            self.building.pop(key, None)
            done.set()

    async def _build(self, scope, receive, send, key) -> None:
        start: dict[str, Any] | None = None
        chunks: list[bytes] = []
        size = 0
        passing = False  # not kept: the rest goes straight through

        async def capture(message):
            nonlocal start, size, passing
            if passing:
                return await send(message)
            if message["type"] == "http.response.start":
                start = message
                if not _keepable(message):
                    passing = True
                    await send(message)
                return
            if message["type"] != "http.response.body":
                return await send(message)
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_page:  # too large to keep: send what is held and stream the rest
                passing = True
                await send(start)
                await send({"type": "http.response.body", "body": b"".join(chunks),
                            "more_body": message.get("more_body", False)})
                chunks.clear()
                return
            if not message.get("more_body", False):
                body = b"".join(chunks)
                entry = self._entry(start, body)
                if await self.generation() == key[0]:  # built from one state of the corpus
                    self.cache.put(key, entry)
                    if self.shared is not None:
                        self.shared.put(*key, entry)
                await self._send(entry, scope, send)

        await self.app(scope, receive, capture)

    def _entry(self, start: dict[str, Any], body: bytes) -> Entry:
        headers = tuple((k, v) for k, v in start.get("headers", ()) if k.lower() != b"content-length")
        if len(body) >= MIN_GZIP:
            return Entry(start["status"], headers, gzip.compress(body, self.gzip_level, mtime=0), True)
        return Entry(start["status"], headers, body, False)

    async def _send(self, entry: Entry, scope, send) -> None:
        body, headers = entry.body, list(entry.headers)
        if entry.gzipped:
            headers.append((b"vary", b"accept-encoding"))
            if accepts_gzip(scope):
                headers.append((b"content-encoding", b"gzip"))
            else:
                body = gzip.decompress(body)
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": entry.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _keepable(start: dict[str, Any]) -> bool:
    """A 200 answer of HTML or JSON, not already encoded, setting no cookie."""
    if start.get("status") != 200:
        return False
    ctype = b""
    for k, v in start.get("headers", ()):
        k = k.lower()
        if k in (b"content-encoding", b"set-cookie"):
            return False
        if k == b"content-type":
            ctype = v.lower()
    return ctype.startswith(CACHED_TYPES)
