"""Extraction in supervised worker processes: one file costs at most itself, never the batch.

Whatever a file holds, a worker reading it runs under three limits, and a file that breaks
one gets one coded line while the batch goes on:

* memory: each worker caps its own address space (``RLIMIT_AS``) at what it had when it
  started plus ``memory_mb`` (``--memory-mb``, ``$GWR_MEMORY_MB``, 1024 by default).  Python
  code then meets ``MemoryError`` (E109); a native reader (pdfium inflating a decompression
  bomb) usually aborts the process instead, which the next point catches.
* crashes: a worker that dies (SIGABRT, SIGSEGV, the kernel's OOM killer) is reported for the
  file it was reading (E107), replaced, and the rest of its chunk is given to the new worker.
* time: each file has a budget, ``seconds_per_mb`` × its size with a floor of ``min_seconds``
  (``--seconds-per-mb``, ``$GWR_SECONDS_PER_MB``: 5; ``$GWR_MIN_SECONDS``: 10); a worker past
  it is killed (SIGKILL: a regex or a C library call cannot be interrupted from inside) and
  the file reported (E108).  The budget is CPU time where the system tells it (Linux's
  ``/proc``): on a machine busy with other work a file is not failed for the time it spent
  waiting for a core; wall time stops it only at ``WALL_FACTOR`` times its budget.

Even ``-j 1`` uses one worker: the process that writes the output (or the database) never
runs a reader, so it cannot be taken down by one.  Workers are forked from the warmed parent,
so starting or replacing one costs milliseconds.  Files travel a few at a time (a round
trip costs about as much as a 10 kB file) and come back one by one, so the parent knows which
file a worker is on and since when.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import resource
import signal
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Callable, Iterable, Iterator

from .errors import CrashError, GwrError, MemoryLimitError, TimeLimitError

DEFAULT_MEMORY_MB = 1024.0
DEFAULT_SECONDS_PER_MB = 5.0
DEFAULT_MIN_SECONDS = 10.0
CHUNK_FILES, CHUNK_BYTES = 8, 256 * 1024
WALL_FACTOR = 10.0  # a starved worker still stops at ten times its budget of wall time
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
IN_FLIGHT_PER_WORKER = 4  # chunks handed out but not yet yielded, per worker


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-file limits; 0 (or less) turns one off."""

    memory_mb: float = DEFAULT_MEMORY_MB
    seconds_per_mb: float = DEFAULT_SECONDS_PER_MB
    min_seconds: float = DEFAULT_MIN_SECONDS

    @classmethod
    def from_env(cls, *, memory_mb: float | None = None, seconds_per_mb: float | None = None,
                 min_seconds: float | None = None) -> "Limits":
        """Arguments first, then ``$GWR_MEMORY_MB``, ``$GWR_SECONDS_PER_MB``, ``$GWR_MIN_SECONDS``."""
        def pick(value, name, default):
            if value is not None:
                return float(value)
            try:
                return float(os.environ[name])
            except (KeyError, ValueError):
                return default
        return cls(pick(memory_mb, "GWR_MEMORY_MB", DEFAULT_MEMORY_MB),
                   pick(seconds_per_mb, "GWR_SECONDS_PER_MB", DEFAULT_SECONDS_PER_MB),
                   pick(min_seconds, "GWR_MIN_SECONDS", DEFAULT_MIN_SECONDS))

    def budget(self, size: int) -> float | None:
        """Seconds a file of ``size`` bytes may take, or None without a time limit."""
        if self.seconds_per_mb <= 0 and self.min_seconds <= 0:
            return None
        return max(self.min_seconds, self.seconds_per_mb * size / 2**20)


Work = Callable[[str, "int | None"], tuple]


def run(files: Iterable[str], work: Work, *, max_bytes: int | None, jobs: int,
        limits: Limits | None = None) -> Iterator[tuple]:
    """``work(path, max_bytes)`` for every file in supervised workers; results in input order."""
    limits = limits or Limits.from_env()
    pool = _Pool(work, max_bytes, max(1, jobs), limits)
    try:
        yield from pool.results(files)
    finally:
        pool.close()


class _Worker:
    __slots__ = ("proc", "conn", "chunk", "done", "since", "deadline", "budget", "cpu_since")

    def __init__(self, proc, conn):
        self.proc, self.conn = proc, conn
        self.chunk: list[tuple[int, str, int]] = []  # (sequence number, path, size)
        self.done = 0
        self.since = 0.0
        self.deadline: float | None = None
        self.budget: float | None = None
        self.cpu_since: float | None = None  # the worker's CPU seconds when its current file began


class _Pool:
    def __init__(self, work: Work, max_bytes: int | None, jobs: int, limits: Limits):
        self.work, self.max_bytes, self.limits = work, max_bytes, limits
        self.ctx = mp.get_context("fork")  # the warmed parent's memory, shared copy-on-write
        self.workers = [self._spawn() for _ in range(jobs)]
        self.retry: deque[list[tuple[int, str, int]]] = deque()

    def _spawn(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        # the fork copies this process's ends of every pipe: the worker closes them, so that it
        # sees EOF when this process dies (kill -9) instead of waiting forever with stdout open
        theirs = [parent] + [w.conn for w in getattr(self, "workers", [])]
        proc = self.ctx.Process(target=_serve, args=(child, self.work, self.max_bytes, self.limits.memory_mb,
                                                     theirs), daemon=True)
        proc.start()
        child.close()  # so that the worker's death reads as EOF here
        return _Worker(proc, parent)

    def results(self, files: Iterable[str]) -> Iterator[tuple]:
        chunks = _chunks(files)
        done: dict[int, tuple] = {}
        issued = emitted = 0
        exhausted = False
        window = IN_FLIGHT_PER_WORKER * len(self.workers) * CHUNK_FILES
        while True:
            while emitted in done:
                yield done.pop(emitted)
                emitted += 1
            for i, w in enumerate(self.workers):
                if w.chunk or issued - emitted >= window and not self.retry:
                    continue
                chunk = self.retry.popleft() if self.retry else None
                if chunk is None and not exhausted:
                    chunk = next(chunks, None)
                    if chunk is None:
                        exhausted = True
                    else:
                        chunk = [(issued + k, path, size) for k, (path, size) in enumerate(chunk)]
                        issued += len(chunk)
                if chunk:
                    self.workers[i] = w = self._give(w, chunk)
            busy = [w for w in self.workers if w.chunk]
            if not busy:
                if exhausted and not self.retry:
                    return
                continue
            deadlines = [w.deadline for w in busy if w.deadline is not None]
            timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            ready = set(wait([w.conn for w in busy], timeout))
            now = time.monotonic()
            for i, w in enumerate(self.workers):
                if not w.chunk:
                    continue
                if w.conn in ready:
                    try:
                        got = w.conn.recv()
                    except (EOFError, OSError):
                        self.workers[i] = self._lost(w, done, self._crash(w))
                        continue
                    except Exception as e:  # noqa: BLE001 - a result that does not unpickle
                        got = _failed(w.chunk[w.done][1], f"internal error: {type(e).__name__}: {e}", "E900")
                    seq = w.chunk[w.done][0]
                    done[seq] = got
                    w.done += 1
                    self._started(w, now)
                elif w.deadline is not None and now >= w.deadline:
                    used = _used_cpu(w)
                    if used is not None and used < w.budget and now - w.since < WALL_FACTOR * w.budget:
                        w.deadline = now + max(0.5, w.budget - used)  # it waited for a core: not its fault
                        continue
                    path, size = w.chunk[w.done][1:]
                    w.proc.kill()
                    spent = f"{used:.0f} s of CPU in {now - w.since:.0f} s" if used is not None else \
                        f"{now - w.since:.0f} s"
                    err = TimeLimitError(f"stopped after {spent}, its time budget "
                                         f"({_budget_words(self.limits, size)})", path=path)
                    self.workers[i] = self._lost(w, done, err)

    def _give(self, w: _Worker, chunk: list[tuple[int, str, int]]) -> _Worker:
        if not w.proc.is_alive():
            self._discard(w)
            w = self._spawn()
        try:
            w.conn.send([path for _, path, _ in chunk])
        except (OSError, ValueError):  # died just now: a fresh worker takes the chunk
            self._discard(w)
            w = self._spawn()
            w.conn.send([path for _, path, _ in chunk])
        w.chunk, w.done = chunk, 0
        self._started(w, time.monotonic())
        return w

    def _started(self, w: _Worker, now: float) -> None:
        """The worker moves on to the next file of its chunk (or is idle after the last)."""
        if w.done >= len(w.chunk):
            w.chunk, w.done, w.deadline = [], 0, None
            return
        budget = self.limits.budget(w.chunk[w.done][2])
        w.since, w.budget = now, budget
        w.deadline = now + budget if budget is not None else None
        w.cpu_since = _cpu_seconds(w.proc.pid) if budget is not None else None

    def _lost(self, w: _Worker, done: dict[int, tuple], err: GwrError) -> _Worker:
        """The worker died or was killed on its current file: report it, requeue the rest."""
        seq, path, _ = w.chunk[w.done]
        done[seq] = (path, None, err)
        rest = w.chunk[w.done + 1:]
        if rest:
            self.retry.appendleft(rest)
        self._discard(w)
        return self._spawn()

    def _crash(self, w: _Worker) -> GwrError:
        path = w.chunk[w.done][1]
        w.proc.join(5)
        code = w.proc.exitcode
        if code is not None and code < 0:
            try:
                how = signal.Signals(-code).name
            except ValueError:
                how = f"signal {-code}"
        else:
            how = f"exit status {code}"
        ceiling = (f", most likely past its memory ceiling of {self.limits.memory_mb:g} MB"
                   if self.limits.memory_mb > 0 and code in (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV,
                                                             -signal.SIGBUS) else "")
        return CrashError(f"the reader crashed ({how}{ceiling}); file skipped", path=path)

    def _discard(self, w: _Worker) -> None:
        try:
            if w.proc.is_alive():
                w.proc.kill()
            w.proc.join(5)
        finally:
            w.conn.close()

    def close(self) -> None:
        for w in self.workers:
            try:
                if not w.chunk and w.proc.is_alive():
                    w.conn.send(None)  # a clean exit when idle
            except (OSError, ValueError):
                pass
        deadline = time.monotonic() + 2
        for w in self.workers:
            w.proc.join(max(0.0, deadline - time.monotonic()) if not w.chunk else 0)
            self._discard(w)


def _cpu_seconds(pid: int | None) -> float | None:
    """CPU seconds (user + system) a process has used, from ``/proc``; ``None`` where there is none."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
        fields = stat[stat.rfind(b")") + 2:].split()
        return (int(fields[11]) + int(fields[12])) / _TICK
    except (OSError, ValueError, IndexError):
        return None


def _used_cpu(w: _Worker) -> float | None:
    now = _cpu_seconds(w.proc.pid) if w.cpu_since is not None else None
    return None if now is None else now - w.cpu_since


def _budget_words(limits: Limits, size: int) -> str:
    return (f"{limits.seconds_per_mb:g} s per MB of its {size / 2**20:.1f} MB, at least "
            f"{limits.min_seconds:g} s; --seconds-per-mb or $GWR_SECONDS_PER_MB")


def _failed(path: str, message: str, code: str) -> tuple:
    err = GwrError(message, path=path)
    err.code = code
    return path, None, err


def _chunks(files: Iterable[str]) -> Iterator[list[tuple[str, int]]]:
    """Small files travel to the workers a few at a time: each task costs a round trip (two
    pickles, two pipe writes), as much as extracting a 10 kB file."""
    chunk: list[tuple[str, int]] = []
    total = 0
    for path in files:
        try:
            size = os.path.getsize(path)
        except OSError:
            size = 0  # the worker will say why it cannot be read
        chunk.append((path, size))
        total += size
        if len(chunk) >= CHUNK_FILES or total >= CHUNK_BYTES:
            yield chunk
            chunk, total = [], 0
    if chunk:
        yield chunk


def _serve(conn, work: Work, max_bytes: int | None, memory_mb: float, theirs: list = ()) -> None:
    """A worker: receive a chunk of paths, send one result per file, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    for other in theirs:
        other.close()
    _die_with_parent()
    cap_memory(memory_mb)
    while True:
        try:
            paths = conn.recv()
        except (EOFError, OSError):
            return
        if paths is None:
            return
        for path in paths:
            try:
                got = work(path, max_bytes)
            except MemoryError:
                got = (path, None, over_memory(path, memory_mb))
            except Exception as e:  # noqa: BLE001 - a defect of ours: name the file, keep going
                got = _failed(path, f"internal error: {type(e).__name__}: {e}".splitlines()[0], "E900")
            try:
                conn.send(got)
            except MemoryError:
                conn.send((path, None, over_memory(path, memory_mb)))


def _die_with_parent() -> None:
    """Linux: be killed when the parent dies, even by SIGKILL (best effort elsewhere)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


_ceiling_mb: float | None = None  # this process's memory ceiling, once capped


def over_memory(path: str | None = None, memory_mb: float | None = None) -> MemoryLimitError:
    """The one line for a file that ran out of memory: past the ceiling, in a worker."""
    mb = memory_mb if memory_mb is not None else _ceiling_mb
    if mb:
        return MemoryLimitError(f"past the memory ceiling of {mb:g} MB per file "
                                "(--memory-mb or $GWR_MEMORY_MB)", path=path)
    return MemoryLimitError("out of memory while reading the file", path=path)


def cap_memory(memory_mb: float) -> None:
    """Cap this process's address space at its present size plus ``memory_mb``."""
    global _ceiling_mb
    if memory_mb <= 0:
        return
    _ceiling_mb = memory_mb
    try:
        with open("/proc/self/statm") as fh:
            present = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        present = 0
    limit = present + int(memory_mb * 2**20)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft == resource.RLIM_INFINITY or limit < soft:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
