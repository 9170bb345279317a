"""``gwr cascade`` and ``gwr outcomes`` as a user runs them: real processes, a real SQLite file,
the invented reports of tests/data/cascade and a statistics file with bad rows."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"


def gwr(*args):
    return subprocess.run([sys.executable, "-m", "gwr", *map(str, args)], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cascade") / "gwr.sqlite"
    r = gwr("ingest", DATA / "cascade", "--db", path, "--no-progress")
    assert r.returncode == 0, r.stderr
    return path


def test_chain_as_json_top_first(db):
    r = gwr("cascade", "--indicator", "gdp", "--year", 2025, "--region", "清苑区", "--format", "json", "--db", db)
    assert r.returncode == 0, r.stderr
    levels = json.loads(r.stdout)
    assert [(x["region_name"], x["status"], x["target"], x["qualifier"]) for x in levels] == [
        ("中华人民共和国", "found", 5, "左右"), ("河北省", "found", 5.5, "左右"), ("保定市", "missing", None, None),
        ("清苑区", "found", 6, "以上")]
    assert levels[1]["target_quote"] == "生产总值增长5.5%左右" and isinstance(levels[1]["target_document_id"], int)
    assert levels[3]["target_text"] == "6%以上" and levels[3]["diff_text"] == "+0.5个百分点（对河北省）"


def test_chain_as_table_and_csv(db):
    r = gwr("cascade", "-i", "gdp", "-y", 2025, "-r", "清苑区", "--db", db)
    assert r.returncode == 0, r.stderr
    for text in ("中华人民共和国", "5%左右", "未收录报告", "6%以上", "国内生产总值增长5%左右"):
        assert text in r.stdout
    r = gwr("cascade", "-i", "gdp", "-y", 2025, "-r", "清苑区", "-f", "csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [row["status"] for row in rows] == ["found", "found", "missing", "found"]


def test_children_as_json(db):
    r = gwr("cascade", "-i", "gdp", "-y", 2016, "-r", "保定市", "--children", "-f", "json", "--db", db)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["parent"]["target"] == 7.5 and out["summary"]["share_higher"] == 0.3333
    assert {c["region_name"] for c in out["children"] if c["status"] == "found"} == {"满城区", "清苑区", "徐水区"}
    r = gwr("cascade", "-i", "gdp", "-y", 2016, "-r", "保定市", "--children", "--db", db)
    assert "高于上级目标 1 个（33%）" in r.stdout


def test_a_bad_region_is_one_line(db):
    r = gwr("cascade", "-i", "gdp", "-y", 2025, "-r", "不存在镇", "--db", db)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and r.stderr.startswith("gwr: error: region")


def test_outcomes_import_names_bad_lines_and_imports_the_rest_once(db):
    stats = DATA / "cascade_statistics.csv"
    r = gwr("outcomes", "import", stats, "--db", db)
    assert r.returncode == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("gwr: error:")]
    assert [e.split(": ")[2] for e in errors] == [f"{stats}:7", f"{stats}:8", f"{stats}:9"]
    assert "added, 5 row(s) imported, 3 refused" in r.stderr
    again = gwr("outcomes", "import", stats, "--db", db)
    assert "unchanged, 0 row(s) imported" in again.stderr
    listed = json.loads(gwr("outcomes", "list", "-f", "json", "--db", db).stdout)
    assert len(listed) == 5 and {x["file_name"] for x in listed} == {"cascade_statistics.csv"}
    track = json.loads(gwr("track", "-i", "gdp", "-r", "清苑区", "-f", "json", "--db", db).stdout)
    assert [t["statistic"] for t in track if t["year"] == 2015] == [6.6]
    check = json.loads(gwr("check", "-i", "gdp", "-f", "json", "--db", db).stdout)
    assert [c["region_name"] for c in check if c["kind"] == "statistics_mismatch"] == ["清苑区"]
