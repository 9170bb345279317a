"""Commitments and attention stored at ingest: the same rows as the pure functions give, pairs kept up to
date whichever report comes first, databases stored before computed once, concurrent first openers."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import inspect, select, update

import gwr
from gwr.commitments import pair_documents
from gwr.pipeline import extract_file
from gwr.store import db as store_db
from gwr.store.schema import attention_tallies, commitments, files

from corpus_data import DATA, ROOT, SAMPLES

OWN = DATA / "commitments"


def _key(r):
    out = {k: v for k, v in r.items() if k not in ("path", "document_id")}
    if out.get("outcome"):
        out["outcome"] = {k: v for k, v in out["outcome"].items() if k != "path"}
    return json.dumps(out, sort_keys=True, ensure_ascii=False, default=str)


def _expected():
    """What ``gwr.commitments`` says over the two files, with no database."""
    return sorted(_key(r) for r in pair_documents([extract_file(OWN / "qinghe_2018.txt"),
                                                   extract_file(OWN / "qinghe_2019.txt")]))


def _stored(corpus):
    from gwr.store.commitments import stored_commitments

    return sorted(_key(r) for r in stored_commitments(corpus))


@pytest.mark.parametrize("order", [("qinghe_2018.txt", "qinghe_2019.txt"), ("qinghe_2019.txt", "qinghe_2018.txt")])
def test_pairs_follow_the_next_report_whichever_comes_first(db_url, order):
    corpus = gwr.open(db_url)
    corpus.ingest([OWN / order[0]])
    first = corpus.commitments()
    assert first["status"].isna().all()  # no next report stored yet
    corpus.ingest([OWN / order[1]])
    assert _stored(corpus) == _expected()
    df = corpus.commitments(year=2018)
    assert set(df["status"]) == {"done", "short", "no_outcome"}


def test_a_changed_next_report_changes_the_status(db_url, tmp_path):
    (tmp_path / "a").mkdir()
    plan = tmp_path / "a" / "qinghe_2018.txt"
    plan.write_bytes((OWN / "qinghe_2018.txt").read_bytes())
    nxt = tmp_path / "a" / "qinghe_2019.txt"
    body = (OWN / "qinghe_2019.txt").read_text(encoding="utf-8")
    nxt.write_text(body, encoding="utf-8")
    corpus = gwr.open(db_url)
    corpus.ingest([tmp_path / "a"])
    done = corpus.commitments(year=2018)
    row = done[done["object"] == "学位"].iloc[0]
    assert row["status"] == "done" and row["path"] == "qinghe_2018.txt"
    figure = str(row["outcome"]["number"])
    nxt.write_text(body.replace(f"学位{figure}", "学位10"), encoding="utf-8")  # the same report, a lower outcome
    assert corpus.ingest([tmp_path / "a"]).status.tolist().count("replaced") == 1
    again = corpus.commitments(year=2018)
    assert again[again["object"] == "学位"].iloc[0]["status"] == "short"
    nxt.unlink()
    with corpus.engine.begin() as conn:  # the next report gone: no pair at all
        from gwr.store.ingest import delete_file

        fid = conn.execute(select(files.c.id).where(files.c.name == "qinghe_2019.txt")).scalar_one()
        delete_file(conn, fid)
    from gwr.store.derived import repair

    repair(corpus.engine)
    assert corpus.commitments(year=2018)["status"].isna().all()


def test_a_database_stored_before_gets_its_rows_once(db_url):
    """Downgrade to 0006 (the tables go), upgrade again: names and rows are computed from the stored text."""
    corpus = gwr.open(db_url)
    corpus.ingest([OWN])
    want, att = _stored(corpus), corpus.attention(by="region-year", evidence=3)
    from alembic import command

    with corpus.engine.begin() as conn:
        command.downgrade(store_db._alembic_config(conn), "0006")
    assert "commitments" not in inspect(corpus.engine).get_table_names()
    again = gwr.open(db_url)
    with again.engine.connect() as conn:
        assert conn.execute(select(commitments.c.document_id).limit(1)).first() is None
        assert set(conn.scalars(select(files.c.name))) == {"qinghe_2018.txt", "qinghe_2019.txt"}
    assert _stored(again) == want  # the first query computes what is missing
    assert again.attention(by="region-year", evidence=3).equals(att)
    with again.engine.connect() as conn:
        assert conn.execute(select(attention_tallies.c.id).limit(1)).first() is not None
        assert set(conn.scalars(select(files.c.derived))) == {__import__("gwr.store.derived").store.derived.version()}


def test_rows_of_another_version_are_computed_again(db_url):
    corpus = gwr.open(db_url)
    corpus.ingest([OWN])
    want = _stored(corpus)
    with corpus.engine.begin() as conn:
        conn.execute(update(files).values(derived="an older gwr"))
    from gwr.store.derived import stale

    assert stale(corpus.engine)
    assert _stored(corpus) == want and not stale(corpus.engine)


OPEN_AND_INGEST = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {src!r})
    import gwr
    until = float(sys.argv[2])
    while time.time() < until:
        time.sleep(0.001)
    out = gwr.open(sys.argv[1]).ingest([sys.argv[3]])
    print(out.status.iloc[0])
""")


def test_several_processes_create_a_new_database_at_once(db_url, tmp_path):
    """Issue 13, point 6: two ingests on a new file failed with 'database is locked' 5 times in 8."""
    import time

    script = tmp_path / "go.py"
    script.write_text(OPEN_AND_INGEST.format(src=str(ROOT / "src")))
    sources = [OWN / "qinghe_2018.txt", OWN / "qinghe_2019.txt", SAMPLES / "bailu_town_2022.md",
               SAMPLES / "yunxi_district_2023_gb18030.txt"]
    start = time.time() + 3.0  # every process imported and waiting: they open together
    procs = [subprocess.Popen([sys.executable, str(script), db_url, str(start), str(src)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for src in sources]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert out.strip() == "added", err
    corpus = gwr.open(db_url)
    assert store_db.current(corpus.engine) == store_db.head()
    assert len(corpus.files()) == 4
    from gwr.store.commitments import stored_commitments

    qinghe = sorted(_key(r) for r in stored_commitments(corpus, region="青禾县"))
    assert qinghe == _expected()
    assert {json.loads(k)["status"] for k in qinghe} >= {"done", "short"}  # paired whoever committed last
