"""Files that are not local paths: fsspec URLs (``s3://…``, ``gs://…``, ``file://…``, ``memory://…``).

A cluster's workers rarely share a disk; they share an object store.  Where
fsspec is installed (it comes with ``gwr[dask]``; ``s3fs`` and the like add the
protocols), a URL is read through it with the same size limit as a local file,
and a URL of a directory (or prefix) expands to its files like a local one.
The URL itself is the file's key in the database (``gwr.store.ingest.file_key``).
"""
from __future__ import annotations

import hashlib
import re
from typing import Iterator

from ..errors import ReadError, TooLargeError

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")


def is_url(path) -> bool:
    """Whether ``path`` names a file by URL (``C:\\x`` and ``./x`` do not)."""
    return isinstance(path, str) and _URL.match(path) is not None


def _fs(url: str):
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise ReadError("reading URLs needs fsspec (pip install 'gwr[dask]')", path=url) from None
    try:
        return url_to_fs(url)
    except (ImportError, ValueError) as e:  # a protocol without its package (s3fs, gcsfs …)
        raise ReadError(f"cannot open this URL: {str(e).splitlines()[0]}", path=url) from None


def normalize(url: str) -> str:
    """One spelling per file (``memory://a/b`` and ``memory:///a/b`` are one file): its key."""
    try:
        fs, path = _fs(url)
        return fs.unstrip_protocol(path)
    except ReadError:
        return url


def read_url(url: str, max_bytes: int) -> bytes:
    """The file's bytes, refused past ``max_bytes`` before they are loaded."""
    from .__init__ import _too_large

    fs, path = _fs(url)
    try:
        info = fs.info(path)
    except FileNotFoundError:
        raise ReadError("no such file", path=url) from None
    except Exception as e:  # noqa: BLE001 - a storage service's own errors
        raise ReadError(f"cannot open ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''})",
                        path=url) from None
    if info.get("type") == "directory":
        raise ReadError("is a directory", path=url)
    size = info.get("size")
    if size is not None and size > max_bytes:
        raise TooLargeError(_too_large(size, max_bytes), path=url)
    try:
        with fs.open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except Exception as e:  # noqa: BLE001
        raise ReadError(f"cannot read ({type(e).__name__})", path=url) from None
    if len(data) > max_bytes:
        raise TooLargeError(_too_large(len(data), max_bytes), path=url)
    return data


def sha256(url: str, max_bytes: int | None) -> str | None:
    """The digest of the bytes at ``url``, or None when they cannot be read (extraction will say why)."""
    try:
        h = hashlib.sha256()
        h.update(read_url(url, max_bytes if max_bytes is not None else 1 << 62))
        return h.hexdigest()
    except ReadError:
        return None


def expand(url: str, extensions: frozenset[str]) -> Iterator[str]:
    """A file URL as given; a directory (prefix) URL as the URLs of its supported files, in order."""
    try:
        fs, path = _fs(url)
        if not fs.isdir(path):
            yield url
            return
        found = fs.find(path)
    except ReadError:
        yield url  # reading it will say why
        return
    proto = url.split("://", 1)[0]
    for p in sorted(found):
        name = p.rsplit("/", 1)[-1]
        if name.startswith((".", "~$")) or "." + name.rsplit(".", 1)[-1].lower() not in extensions:
            continue
        full = fs.unstrip_protocol(p)
        yield full if full.startswith(proto + "://") else f"{proto}://{p}"
