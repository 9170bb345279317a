"""What the tests of several writers share: a small corpus with copies across sites, the gwr CLI
as a real process, and a fingerprint of a database that ignores ids and the order files came in."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, inspect, select

from corpus_data import DATA, ROOT, SAMPLES
from invented import REPORT

SRC = ROOT / "src"
ID_FREE = ("ingested_at", "imported_at", "gwr_version")


def make_corpus(top: Path) -> list[Path]:
    """``a/``: the samples, an invented county's two years and a region's two reports; ``b/``: each
    of them posted again on another site (its own header and footer, blank lines doubled) — copies
    that must be linked to ``a/``'s.  About twenty files."""
    a, b = top / "a", top / "b"
    a.mkdir(parents=True)
    b.mkdir()
    for p in sorted(SAMPLES.iterdir()):
        shutil.copy(p, a / p.name)
    for p in sorted((DATA / "commitments").glob("*.txt")):
        shutil.copy(p, a / p.name)
    (a / "lanxi_2024.txt").write_text(REPORT, encoding="utf-8")
    (a / "lanxi_2023.txt").write_text(REPORT.replace("2023年", "2022年").replace("2024年", "2023年"),
                                      encoding="utf-8")
    for p in sorted(a.iterdir()):
        if p.suffix not in (".txt", ".md"):
            continue  # html and a gb18030 page: the copies are of the plain texts
        text = p.read_bytes().decode("gb18030" if "gb18030" in p.name else "utf-8")
        (b / p.name).write_text("当前位置：首页 > 政务公开\n\n" + text.replace("\n\n", "\n") +
                                "\n主办单位：县政府办公室  网站标识码\n", encoding="utf-8")
    return sorted(a.iterdir()) + sorted(b.iterdir())


def gwr(*args: str, timeout: float = 600, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    """The real ``gwr`` command (this checkout's), in a process of its own."""
    e = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""), **(env or {})}
    return subprocess.run([sys.executable, "-m", "gwr", *args], capture_output=True, text=True,
                          timeout=timeout, env=e)


def popen(*args: str) -> subprocess.Popen:
    e = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen([sys.executable, "-m", "gwr", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=e)


def engine_of(db: str):
    from gwr.store.db import url_of

    return create_engine(url_of(db))


def fingerprint(db: str) -> dict[str, list[str]]:
    """Every stored table as sorted JSON rows: ids replaced by what they point at (a document by its
    file's key and its index, a canonical copy likewise), times and versions left out."""
    engine = engine_of(db)
    try:
        with engine.connect() as conn:
            meta_tables = {t for t in inspect(conn).get_table_names()}
            from gwr.store import schema

            path_of = dict(conn.execute(select(schema.files.c.id, schema.files.c.path)).all())
            doc_key = {i: f"{path_of[f]}#{n}" for i, f, n in conn.execute(
                select(schema.documents.c.id, schema.documents.c.file_id, schema.documents.c.index))}
            out = {}
            for table in schema.metadata.sorted_tables:
                if table.name not in meta_tables or table.name in ("corpus_state", "alembic_version"):
                    continue
                rows = []
                for r in conn.execute(select(table)).mappings():
                    row = {}
                    for k, v in r.items():
                        if k in ID_FREE or k == "id":
                            continue
                        if k in ("document_id", "canonical_id"):
                            v = doc_key.get(v) if v is not None else None
                        elif k == "file_id":
                            v = path_of.get(v)
                        elif k.endswith("_id"):
                            continue  # a section's parent, a fact's paragraph: ids within one document
                        elif isinstance(v, bytes):
                            v = hashlib.sha256(v).hexdigest()[:16]
                        row[k] = v
                    rows.append(json.dumps(row, sort_keys=True, ensure_ascii=False, default=str))
                out[table.name] = sorted(rows)
            return out
    finally:
        engine.dispose()


def canonical_pairs(db: str) -> list[tuple[str, str]]:
    """(copy, canonical) as file key#document index."""
    rows = fingerprint(db)["documents"]
    return sorted((f"{d['file_id']}#{d['index']}", d["canonical_id"])
                  for d in map(json.loads, rows) if d["canonical_id"] is not None)


def differences(a: dict[str, list[str]], b: dict[str, list[str]]) -> list[str]:
    """What differs, briefly (a test failure shows it)."""
    out = []
    for t in sorted(set(a) | set(b)):
        x, y = set(a.get(t, [])), set(b.get(t, []))
        if x != y:
            out.append(f"{t}: {len(x - y)} only left, e.g. {sorted(x - y)[:1]}; {len(y - x)} only right, "
                       f"e.g. {sorted(y - x)[:1]}")
    return out
