"""read → split → parse for one file: the pure core every shell calls."""
from __future__ import annotations

import os
from typing import Iterable, Iterator

from . import facts, projects
from .errors import GwrError
from .model import FileResult, Source
from .normalize import normalize
from .quantities import find_quantities
from .parse import parse
from .split import split


def extract_source(source: Source) -> FileResult:
    norm = normalize(source.text)
    docs = [parse(norm, piece) for piece in split(source.text, norm)]
    for doc in docs:
        qs = find_quantities(norm, *doc.span) if doc.kind != "boilerplate" else []
        facts.extract(source.text, norm, doc, qs)
        projects.extract(source.text, norm, doc, qs)
    return FileResult(source, docs)


def extract_file(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> FileResult:
    from .read import DEFAULT_MAX_BYTES, read_file

    return extract_source(read_file(path, max_bytes=max_bytes or DEFAULT_MAX_BYTES))


def extract_many(paths: Iterable[str], *, max_bytes: int | None = None
                 ) -> Iterator[tuple[str, FileResult | None, GwrError | None]]:
    """Each file's result or its error; one bad file never stops the batch."""
    from .read import iter_paths

    for path in iter_paths(paths):
        try:
            yield path, extract_file(path, max_bytes=max_bytes), None
        except GwrError as e:
            if e.path is None:
                e.path = path
            yield path, None, e
        except Exception as e:  # a defect of ours: name the file, keep going
            err = GwrError(f"internal error: {type(e).__name__}: {e}", path=path)
            err.code = "E900"
            yield path, None, err
