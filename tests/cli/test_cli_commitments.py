"""``gwr commitments`` as a user runs it: real processes, real files, a real SQLite database."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from corpus_data import DATA

OWN = DATA / "commitments"


def gwr(*args):
    return subprocess.run([sys.executable, "-m", "gwr", *map(str, args)], capture_output=True, text=True,
                          timeout=300)


def test_cli_commitments_json_on_files_pairs_consecutive_years():
    r = gwr("commitments", OWN / "qinghe_2018.txt", OWN / "qinghe_2019.txt", "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    by = {(x["report_year"], x["object"]): x for x in rows}
    assert by[(2018, "学位")]["status"] == "done" and by[(2018, "学位")]["outcome"]["value"] == 3200
    assert by[(2018, "农村改厕")]["status"] == "short"
    assert by[(2018, "路灯")]["status"] == "no_outcome"
    assert by[(2019, "学位")]["status"] is None
    text = (OWN / "qinghe_2018.txt").read_text(encoding="utf-8")
    for x in rows:
        if x["report_year"] == 2018:
            assert text[x["span"][0]:x["span"][1]] == x["quote"]


def test_cli_commitments_csv_and_year_filter():
    r = gwr("commitments", OWN, "--format", "csv", "--year", "2019")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [(x["verb"], x["object"], x["value"], x["unit"]) for x in rows] == [
        ("新增", "学位", "2500", "个"), ("完成", "农村改厕", "500", "户")]


def test_cli_commitments_over_a_database(tmp_path):
    db = tmp_path / "c.sqlite"
    r = gwr("ingest", OWN, "--db", db)
    assert r.returncode == 0, r.stderr
    r = gwr("commitments", "--db", db, "--year", "2018", "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert {x["report_year"] for x in rows} == {2018}
    by = {x["object"]: x for x in rows}
    assert by["学位"]["status"] == "done" and by["社区卫生服务站"]["status"] == "short"
    assert all(isinstance(x["document_id"], int) for x in rows)
    r = gwr("commitments", "--db", db, "--format", "table")
    assert r.returncode == 0 and "农村改厕" in r.stdout
    r = gwr("commitments", "--db", db, "--format", "csv")  # missing values are empty, never "nan"
    assert r.returncode == 0 and "农村改厕" in r.stdout and ",nan," not in r.stdout
    assert "NaN" not in gwr("commitments", "--db", db, "--format", "json").stdout


def test_cli_commitments_names_a_missing_file(tmp_path):
    r = gwr("commitments", tmp_path / "nope.txt", OWN / "qinghe_2018.txt", "--format", "json")
    assert r.returncode == 1
    assert "nope.txt" in r.stderr and json.loads(r.stdout)


def test_corpus_commitments_dataframe(tmp_path):
    from gwr.store.corpus import open as open_corpus

    corpus = open_corpus(tmp_path / "api.sqlite")
    corpus.ingest([OWN])
    df = corpus.commitments(region="青禾县", year=2018)
    assert len(df) == 12 and set(df["status"]) == {"done", "short", "no_outcome"}  # 达到93亿元 of the targets too
    assert df.loc[df["object"] == "地区生产总值", "status"].tolist() == ["done"]
    assert corpus.commitments(year=2017).empty
