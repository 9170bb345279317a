"""``POST /api/files``: report files sent by a client, stored on disk and ingested.

Writing is off unless the server was given a token; the token is checked
before a byte of the body is read, and the declared length before the body
is parsed, so an anonymous or oversized upload costs the server nothing.
The client's file name never becomes a path: only a cleaned base name is
kept (so that uploading a corrected version of ``report.pdf`` replaces the
old one), always inside the upload directory.
"""
from __future__ import annotations

import hmac
import os
import re
import tempfile
import threading
import unicodedata
from pathlib import Path

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from .api_errors import ApiError
from .api_models import UploadOutcome, UploadResult

UPLOAD_TYPES = frozenset({".txt", ".md", ".html", ".htm", ".docx", ".pdf"})
MAX_FILES = 100
_UNSAFE = re.compile(r"[^\w.()\-]+")  # \w keeps CJK letters: 岳阳楼区2018.docx stays readable
_INGEST_LOCK = threading.Lock()  # one upload ingests at a time: SQLite has one writer anyway


def check_token(request: Request) -> None:
    token = request.app.state.settings.upload_token
    if not token:
        raise ApiError(403, "read_only", "this server is read-only (start it with an upload token to allow uploads)")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(401, "unauthorized", "uploads need the header 'Authorization: Bearer <token>'",
                       headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(403, "forbidden", "wrong upload token")


def check_length(request: Request) -> int:
    """The declared body size (the server reads no more than it), refused above ``max_upload_mb``."""
    limit = int(request.app.state.settings.max_upload_mb * 1024 * 1024)
    declared = request.headers.get("content-length")
    if declared is None or not declared.isdigit():
        raise ApiError(411, "length_required", "uploads need a Content-Length header")
    if int(declared) > limit:
        raise ApiError(413, "payload_too_large",
                       f"upload of {int(declared):,} bytes exceeds the limit of {limit:,} bytes "
                       f"({request.app.state.settings.max_upload_mb:g} MB)")
    return limit


def upload_dir(settings) -> Path:
    """``Settings.upload_dir``, else ``<db>.uploads/`` beside a SQLite file, else ``./gwr-uploads``."""
    if settings.upload_dir:
        return Path(settings.upload_dir)
    if "://" not in str(settings.db):
        db = Path(settings.db).resolve()
        return db.with_name(db.stem + ".uploads")
    return Path.cwd() / "gwr-uploads"


def _split(client_name: str | None) -> tuple[str, str]:
    """Stem and lower-case extension of the last component (``..txt`` is a ``.txt``, unlike splitext)."""
    base = re.split(r"[/\\]", unicodedata.normalize("NFC", client_name or ""))[-1]
    stem, dot, ext = base.rpartition(".")
    return (stem, "." + ext.lower()) if dot else (base, "")


def safe_name(client_name: str | None) -> str:
    """A base name that cannot leave the upload directory nor hide from the ingest walk."""
    stem, ext = _split(client_name)
    return (_UNSAFE.sub("_", stem).strip("._-~")[:100] or "upload") + ext


async def receive(request: Request) -> UploadResult:
    check_token(request)
    limit = check_length(request)
    form = await request.form(max_files=MAX_FILES, max_fields=MAX_FILES)
    try:
        uploads = [v for _, v in form.multi_items() if isinstance(v, UploadFile)]
        if not uploads:
            raise ApiError(422, "validation_error", "send one or more files in the multipart field 'files'")
        bad = [u.filename or "?" for u in uploads if _split(u.filename)[1] not in UPLOAD_TYPES]
        if bad:
            raise ApiError(415, "unsupported_media_type", f"unsupported file type: {', '.join(bad)} "
                                                          f"(accepted: {' '.join(sorted(UPLOAD_TYPES))})")
        if sum(u.size or 0 for u in uploads) > limit:
            raise ApiError(413, "payload_too_large", f"the files exceed the limit of {limit:,} bytes")
        return await run_in_threadpool(_store_and_ingest, request.app.state, uploads)
    finally:
        await form.close()


def _store_and_ingest(state, uploads: list[UploadFile]) -> UploadResult:
    from ..errors import GwrError
    from ..store.ingest import FileOutcome, ingest

    root = upload_dir(state.settings)
    root.mkdir(parents=True, exist_ok=True)
    with _INGEST_LOCK:
        placed: list[tuple[str, str, Path]] = []
        for u in uploads:
            name = _unique(safe_name(u.filename), {p.name for _, _, p in placed})
            path = (root / name).resolve()
            if path.parent != root.resolve():  # cannot happen with safe_name; refuse rather than trust it
                raise ApiError(400, "bad_request", f"bad file name {u.filename!r}")
            _write(u, path)
            placed.append((u.filename or "", name, path))
        max_bytes = int(state.settings.max_upload_mb * 1024 * 1024)
        outcomes = list(ingest(state.corpus.engine, [str(p) for _, _, p in placed], max_bytes=max_bytes))
    by_path = {os.path.abspath(o.path): o for o in outcomes}
    out = []
    for client, name, path in placed:
        o = by_path.get(str(path)) or FileOutcome(str(path), "failed", error=GwrError("not ingested"))
        if o.status == "failed":
            path.unlink(missing_ok=True)  # keep no file the database does not describe
        out.append(UploadOutcome(filename=client, stored_as=name, status=o.status, file_id=o.file_id,
                                 documents=o.documents, facts=o.facts, projects=o.projects,
                                 duplicates=len(o.duplicates), error=_public(o.error, name, root)))
    return UploadResult(files=out)


def _public(error, name: str, root: Path) -> str | None:
    """The error as the client may read it: the file by the name it was stored as, never the server's path."""
    if error is None:
        return None
    code = getattr(error, "code", None)
    message = getattr(error, "message", None) or str(error)
    for where in {str(root.resolve()), str(root)}:
        message = message.replace(where + os.sep, "").replace(where, "")
    return f"{name}: [{code}] {message}" if code else f"{name}: {message}"


def _unique(name: str, taken: set[str]) -> str:
    stem, ext = os.path.splitext(name)
    n = 2
    while name in taken:
        name, n = f"{stem}-{n}{ext}", n + 1
    return name


def _write(upload: UploadFile, path: Path) -> None:
    """Atomically: a reader (or the next ingest) never sees half a file."""
    upload.file.seek(0)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as f:
            while chunk := upload.file.read(1 << 20):
                f.write(chunk)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
