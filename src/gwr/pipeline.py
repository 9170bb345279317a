"""read → split → parse → extract for one file, and for batches: the pure core every shell calls."""
from __future__ import annotations

import os
from typing import Iterable, Iterator

from . import facts, projects, repeats, workers
from .errors import GwrError
from .model import FileResult, Source
from .parse.normalize import normalize
from .quantities import find_quantities
from .parse import parse
from .parse.split import split
from .workers import CHUNK_BYTES, CHUNK_FILES, IN_FLIGHT_PER_WORKER, Limits  # noqa: F401 - bench


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
    except MemoryError:  # past the worker's memory ceiling (gwr.workers)
        from .workers import over_memory

        return path, None, over_memory(path)
    except RecursionError:
        from .errors import ComplexityError

        return path, None, ComplexityError("nested too deeply to read", path=path)
    except Exception as e:  # a defect of ours: name the file, keep going
        err = GwrError(f"internal error: {type(e).__name__}: {e}".splitlines()[0], path=path)
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


def extract_json(path: str, max_bytes: int | None = None, names: dict[str, str] | None = None
                 ) -> tuple[str, str | None, GwrError | None]:
    """:func:`extract_lean` with the result already as the JSON text ``gwr extract`` prints
    (``names``: paths to print otherwise, as ``<stdin>`` for standard input's temporary copy).

    Done in the worker: unpickling a file's result and serialising it again held the parent
    of ``gwr extract -j N`` to ~30 % of all CPU, so N workers gave at most ~3×; a string
    costs the parent a copy."""
    import json

    path, result, error = extract_lean(path, max_bytes)
    if result is None:
        return path, None, error
    if names and result.source.path in names:
        result.source.path = names[result.source.path]
    return path, json.dumps(result.to_dict(), ensure_ascii=False), None


def extract_many(paths: Iterable[str], *, max_bytes: int | None = None, jobs: int = 1, work=None,
                 limits: Limits | None = None, isolate: bool = True
                 ) -> Iterator[tuple[str, FileResult | None, GwrError | None]]:
    """Each file's result or its error, in input order; one bad file never stops the batch.

    ``work(path, max_bytes)`` replaces :func:`extract_one` when a caller wants more done in the
    workers (the store prepares its rows there, :func:`extract_lean` drops what JSON output
    does not need); it must return ``(path, result, error)``.

    Files are read in ``jobs`` supervised worker processes (0: one per core; 1: one worker),
    each under the per-file ``limits`` of :mod:`gwr.workers` (memory ceiling, time budget; a
    worker that crashes costs its file only).  A few files travel to a worker at a time and a
    few chunks per worker are in flight, so a million-file batch never holds more than that in
    memory.  ``isolate=False`` with ``jobs=1`` runs in this process, without those limits.
    """
    from .read import iter_paths

    files = iter_paths(paths)
    work = work or extract_one
    if jobs == 0:
        jobs = os.cpu_count() or 1
    if jobs <= 1 and not isolate:
        for path in files:
            yield work(path, max_bytes)
        return
    _warm()  # workers fork from this process: load once what every one of them needs
    yield from workers.run(files, work, max_bytes=max_bytes, jobs=jobs, limits=limits)


def _warm() -> None:
    """Load the gazetteer, the taxonomy and the numeral library before forking."""
    from .indicators import taxonomy
    from .numerals import parse_number
    from .regions import gazetteer

    gazetteer()
    taxonomy()
    parse_number("十二")
