"""read → split → parse → extract for one file, and for batches: the pure core every shell calls."""
from __future__ import annotations

import os
from collections import deque
from typing import Iterable, Iterator

from . import facts, projects, repeats
from .errors import GwrError
from .model import FileResult, Source
from .normalize import normalize
from .quantities import find_quantities
from .parse import parse
from .split import split


FACT_KINDS = ("official_report", "report_excerpt", "news")


def extract_source(source: Source) -> FileResult:
    norm = normalize(source.text)
    docs = [parse(norm, piece) for piece in split(source.text, norm)]
    for doc in docs:
        # commentary and boilerplate carry no facts of their own: their figures are not read
        qs = find_quantities(norm, *doc.span) if doc.kind in FACT_KINDS else []
        doc.quantities = qs
        facts.extract(source.text, norm, doc, qs)
        projects.extract(source.text, norm, doc, qs)
        doc.as_records()  # item["quote"] and item.quote (gwr.model.Record)
    repeats.mark(docs, norm)
    return FileResult(source, docs)


def extract_file(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> FileResult:
    from .read import DEFAULT_MAX_BYTES, read_file

    return extract_source(read_file(path, max_bytes=max_bytes or DEFAULT_MAX_BYTES))


def extract_one(path: str, max_bytes: int | None = None) -> tuple[str, FileResult | None, GwrError | None]:
    """One file's result or its error, never an exception: what a batch (or a worker) needs."""
    try:
        return path, extract_file(path, max_bytes=max_bytes), None
    except GwrError as e:
        if e.path is None:
            e.path = path
        return path, None, e
    except Exception as e:  # a defect of ours: name the file, keep going
        err = GwrError(f"internal error: {type(e).__name__}: {e}", path=path)
        err.code = "E900"
        return path, None, err


def extract_lean(path: str, max_bytes: int | None = None) -> tuple[str, FileResult | None, GwrError | None]:
    """:func:`extract_one` without ``Document.quantities``: what a caller that only reports
    the facts needs.  Pickling every figure of a file back from a worker cost ~40 % of
    extracting it, which held ``gwr extract -j 0`` to 1.2× on two cores."""
    path, result, error = extract_one(path, max_bytes)
    if result is not None:
        for doc in result.documents:
            doc.quantities = []
    return path, result, error


def extract_many(paths: Iterable[str], *, max_bytes: int | None = None, jobs: int = 1, work=None
                 ) -> Iterator[tuple[str, FileResult | None, GwrError | None]]:
    """Each file's result or its error, in input order; one bad file never stops the batch.

    ``work(path, max_bytes)`` replaces :func:`extract_one` when a caller wants more done in the
    workers (the store prepares its rows there, :func:`extract_lean` drops what JSON output
    does not need); it must return ``(path, result, error)``.

    ``jobs`` > 1 spreads files over that many processes (0: one per core), a few
    small files to a task.  At most a few tasks per worker are in flight, so a
    million-file batch never holds more than that in memory.
    """
    from .read import iter_paths

    files = iter_paths(paths)
    work = work or extract_one
    if jobs == 0:
        jobs = os.cpu_count() or 1
    if jobs <= 1:
        for path in files:
            yield work(path, max_bytes)
        return
    from concurrent.futures import ProcessPoolExecutor

    _warm()  # workers fork from this process: load once what every one of them needs
    window = IN_FLIGHT_PER_WORKER * jobs
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque = deque()
        for chunk in _chunks(files):
            pending.append(pool.submit(_work_chunk, work, chunk, max_bytes))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


IN_FLIGHT_PER_WORKER = 4  # chunks
CHUNK_FILES, CHUNK_BYTES = 8, 256 * 1024


def _chunks(files: Iterable[str]) -> Iterator[list[str]]:
    """Small files travel to the workers a few at a time: each task costs the pool a round
    trip (two pickles, two pipe writes, a thread wake-up), as much as extracting a 10 kB file."""
    chunk: list[str] = []
    size = 0
    for path in files:
        chunk.append(path)
        try:
            size += os.path.getsize(path)
        except OSError:
            pass  # the worker will say why it cannot be read
        if len(chunk) >= CHUNK_FILES or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _work_chunk(work, paths: list[str], max_bytes: int | None) -> list:
    return [work(path, max_bytes) for path in paths]


def _warm() -> None:
    """Load the gazetteer, the taxonomy and the numeral library before forking."""
    from .indicators import taxonomy
    from .numerals import parse_number
    from .regions import gazetteer

    gazetteer()
    taxonomy()
    parse_number("十二")
