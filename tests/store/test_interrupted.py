"""A batch stopped mid-way (Ctrl-C, or the process killed outright) leaves every file
either stored whole or absent, and the next run completes it."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, func, select, text

from gwr.pipeline import extract_file
from gwr.store.db import url_of
from gwr.store.schema import documents, facts, files

from corpus_data import CORPUS_FILES, needs_shared

pytestmark = needs_shared


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """40 distinct files (each corpus file under a changed first line) and what extract finds in each."""
    root = tmp_path_factory.mktemp("batch")
    expected = {}
    for i in range(40):
        src = CORPUS_FILES[i % len(CORPUS_FILES)]
        p = root / f"{i:02d}_{src.name}"
        p.write_text(f"第{i}号转载\n" + src.read_text(encoding="utf-8"), encoding="utf-8")
        r = extract_file(p)
        expected[os.path.abspath(p)] = (len(r.documents), sum(len(d.targets) + len(d.actuals) + len(d.period_actuals) for d in r.documents))
    return root, expected


def _stored(url: str) -> dict[str, tuple[int, int]]:
    engine = create_engine(url_of(url))
    with engine.connect() as conn:
        out = {}
        for fid, path in conn.execute(select(files.c.id, files.c.path)):  # the absolute path: the file's identity
            ndocs = conn.execute(select(func.count()).where(documents.c.file_id == fid)).scalar_one()
            nfacts = conn.execute(select(func.count()).select_from(facts).join(documents)
                                  .where(documents.c.file_id == fid, facts.c.kind != "other")).scalar_one()
            out[path] = (ndocs, nfacts)
        dangling = conn.execute(text(
            "SELECT count(*) FROM documents d LEFT JOIN files f ON f.id = d.file_id WHERE f.id IS NULL")).scalar_one()
        assert dangling == 0
    engine.dispose()
    return out


def _n_files(engine) -> int:
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(files)).scalar_one()
    except Exception:  # not created yet
        return 0


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill-9"])
def test_interrupted_batch_stores_whole_files_only(batch, db_url, how):
    root, expected = batch
    cmd = [sys.executable, "-m", "gwr", "ingest", str(root), "--db", db_url, "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    watch = create_engine(url_of(db_url))  # one engine for every look: a new one per look is slow on a loaded machine
    while _n_files(watch) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(how)
    watch.dispose()
    _, err = proc.communicate(timeout=60)
    stored = _stored(db_url)
    assert 3 <= len(stored) < len(expected), "the batch was not stopped mid-way"
    for path, counts in stored.items():
        assert counts == expected[path], path  # whole, never half
    if how == signal.SIGINT:
        assert proc.returncode == 130 and "interrupted" in err, (proc.returncode, err)
    # the next run stores the rest and leaves the stored ones alone
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"{len(expected) - len(stored)} added" in done.stderr and f"{len(stored)} unchanged" in done.stderr
    assert _stored(db_url) == expected
