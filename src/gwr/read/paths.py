"""Expanding command-line arguments into files, lazily and in a fixed order.

Batches run over directories with thousands of reports, so this is a
generator: the first file is read before the last directory is listed.
Order is plain string order of the paths, so runs are reproducible.
"""
from __future__ import annotations

import logging
import os
from typing import Iterable, Iterator

log = logging.getLogger(__name__)

SUPPORTED_EXTENSIONS: frozenset[str] = frozenset(
    {".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".docx", ".pdf"})


def iter_paths(paths: Iterable[str | os.PathLike]) -> Iterator[str]:
    """Files to read: explicit files as given, directories expanded.

    Inside directories only supported extensions are taken, hidden entries
    (``.git``, ``.DS_Store``) and Word lock files (``~$x.docx``) are skipped,
    and directory symlinks are not followed (no loops).
    """
    from .remote import expand, is_url

    for path in paths:
        path = os.fspath(path)
        if is_url(path):  # fsspec (gwr.read.remote)
            yield from expand(path, SUPPORTED_EXTENSIONS)
        elif os.path.isdir(path):
            yield from _walk(path)
        else:
            yield path  # even a wrong extension: read_file gives a clear answer


def _walk(top: str) -> Iterator[str]:
    try:
        with os.scandir(top) as it:
            entries = [(e.name, e.is_dir(follow_symlinks=False)) for e in it
                       if not e.name.startswith((".", "~$"))]
    except OSError as err:
        log.warning("cannot list %s: %s", top, err.strerror or err)
        return
    # A directory sorts as "name/" so the output is in string order of full paths.
    entries.sort(key=lambda e: e[0] + "/" if e[1] else e[0])
    for name, is_dir in entries:
        full = os.path.join(top, name)
        if is_dir:
            yield from _walk(full)
        elif os.path.splitext(name)[1].lower() in SUPPORTED_EXTENSIONS:
            yield full
