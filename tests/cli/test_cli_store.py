"""The database commands as a user runs them: real processes, a real SQLite file."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pandas as pd
import pytest

from corpus_data import CORPUS_FILES, SAMPLES, needs_shared

pytestmark = needs_shared

# a process started in another directory must still run this checkout's gwr, whatever PYTHONPATH=src meant
ELSEWHERE = {**os.environ, "PYTHONPATH": os.pathsep.join(
    [str(__import__("pathlib").Path(__file__).resolve().parents[2] / "src"), os.environ.get("PYTHONPATH", "")])}


def gwr(*args, **kw):
    return subprocess.run([sys.executable, "-m", "gwr", *map(str, args)], capture_output=True, text=True,
                          timeout=300, **kw)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "gwr.sqlite"
    r = gwr("ingest", *CORPUS_FILES, SAMPLES, "--db", path)
    assert r.returncode == 0, r.stderr
    assert "0 failed" in r.stderr and "added" in r.stderr
    return path


def test_ingest_again_is_unchanged_and_bad_files_named(db, tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    r = gwr("ingest", *CORPUS_FILES, bad, "--db", db)
    assert r.returncode == 1
    assert f"{len(CORPUS_FILES)} unchanged" in r.stderr and "1 failed" in r.stderr
    errors = [line for line in r.stderr.splitlines() if line.startswith("gwr: error:")]
    assert len(errors) == 1 and "bad.pdf" in errors[0]


def test_search_json(db):
    r = gwr("search", "棚改", "--db", db, "-f", "json", "-n", "5")
    assert r.returncode == 0, r.stderr
    hits = json.loads(r.stdout)
    assert 1 <= len(hits) <= 5
    assert all("<mark>棚改</mark>" in h["snippet"] and h["citation"] for h in hits)


def test_search_table_shows_total_and_citation(db):
    r = gwr("search", "地区生产总值", "--db", db, "--role", "targets")
    assert r.returncode == 0, r.stderr
    assert "paragraph(s) contain" in r.stdout and "第" in r.stdout


@pytest.mark.parametrize("ext", ["csv", "parquet", "xlsx", "json", "jsonl", "dta"])
def test_export(db, tmp_path, ext):
    out = tmp_path / f"targets.{ext}"
    r = gwr("export", "targets", "-o", out, "--db", db)
    assert r.returncode == 0, r.stderr
    df = {"csv": lambda p: pd.read_csv(p, encoding="utf-8-sig"), "parquet": pd.read_parquet,
          "xlsx": pd.read_excel, "json": pd.read_json, "jsonl": lambda p: pd.read_json(p, lines=True),
          "dta": pd.read_stata}[ext](out)
    assert len(df) > 20 and {"indicator", "quote", "region_name", "year"} <= set(df.columns)


def test_bad_arguments_are_one_line(db, tmp_path):
    r = gwr("export", "facts", "-o", tmp_path / "x.sav", "--db", db)
    assert r.returncode == 2 and "unknown format" in r.stderr and not (tmp_path / "x.sav").exists()
    r = gwr("export", "facts", "--all", tmp_path / "all", "--db", db)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and not (tmp_path / "all").exists()
    r = gwr("search", "发展", "--year", "20x8", "--db", db)
    assert r.returncode == 2 and "cannot read years" in r.stderr
    r = gwr("stats", "--db", "nosuch://x")
    assert r.returncode == 2 and r.stderr.count("\n") == 1


def test_export_all_writes_one_parquet_file_per_table(db, tmp_path):
    import pyarrow.parquet as pq

    r = gwr("export", "--all", tmp_path / "all", "--db", db)
    assert r.returncode == 0, r.stderr
    assert "7 Parquet files" in r.stderr
    facts = pq.read_table(tmp_path / "all" / "facts.parquet").to_pandas()
    assert {"target", "actual"} <= set(facts.kind) and facts.quote.notna().all()


def test_track_check_compare_stats(db):
    for args in (("track", "-f", "json"), ("check", "-f", "json"), ("compare", "-i", "gdp", "-f", "json"),
                 ("stats",)):
        r = gwr(*args, "--db", db)
        assert r.returncode == 0, (args, r.stderr)
        json.loads(r.stdout)


def test_export_to_standard_output(db, tmp_path):
    r = gwr("export", "facts", "-o", "-", "-f", "csv", "--db", db, cwd=tmp_path, env=ELSEWHERE)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("fact_id,") and list(tmp_path.iterdir()) == []
    assert "written to standard output" in r.stderr
    import io

    r = subprocess.run([sys.executable, "-m", "gwr", "export", "facts", "-o", "-", "-f", "parquet", "--db", str(db)],
                       capture_output=True, timeout=300)
    assert r.returncode == 0 and len(pd.read_parquet(io.BytesIO(r.stdout))) > 20
    r = gwr("export", "facts", "-o", "-", "--db", db)
    assert r.returncode == 2 and "--format" in r.stderr


@pytest.mark.parametrize("args, unknown, near", [
    (("compare", "-i", "GDP"), "'GDP'", "gdp"),
    (("track", "-i", "gpd"), "'gpd'", "gdp"),
    (("check", "-i", "gdp,retail_sale"), "'retail_sale'", "retail_sales"),
    (("export", "facts", "-o", "-", "-f", "csv", "-i", "gdpp"), "'gdpp'", "gdp"),
    (("track", "-r", "不存在"), "'不存在'", None),
    (("compare", "-i", "gdp", "-r", "岳阳楼县"), "'岳阳楼县'", "岳阳楼区"),
    (("search", "发展", "-r", "不存在"), "'不存在'", None),
])
def test_unknown_filters_are_named_with_close_ones(db, args, unknown, near):
    r = gwr(*args, "--db", db)
    assert r.returncode == 2 and r.stdout == "", (args, r.stdout)
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("gwr: error: --") and unknown in r.stderr
    if near:
        assert "did you mean" in r.stderr and near in r.stderr.split("did you mean")[1].split("?")[0]


def test_known_filters_still_pass(db):
    for args in (("track", "-r", "湖南省", "-f", "json"), ("compare", "-i", "gdp", "-r", "岳阳楼区", "-f", "json"),
                 ("track", "-r", "白麓镇", "-f", "json")):  # a town, stored as written
        r = gwr(*args, "--db", db)
        assert r.returncode == 0, (args, r.stderr)


def test_track_and_check_tables_show_units(db):
    r = gwr("track", "--db", db, env={**os.environ, "COLUMNS": "80"})
    assert r.returncode == 0, r.stderr
    assert " %" in r.stdout and ("万人" in r.stdout or " 人" in r.stdout) and "target" in r.stdout
    header = "\n".join(r.stdout.splitlines()[:6])
    assert "region" in header and "indicator" in header and "qualifier" in header  # not broken letter by letter
    r = gwr("check", "--db", db)
    assert r.returncode == 0, r.stderr
    assert "亿元" in r.stdout and "yuan" not in r.stdout and not re.search(r"\d{9,}\.0", r.stdout)
    r = gwr("track", "--db", db, "--wide")
    assert r.returncode == 0 and "_unit" in r.stdout  # every column, target_unit and outcome_unit among them


def test_attention_by_region_year_defaults_to_the_database(db, tmp_path):
    r = gwr("attention", "--by", "region-year", "-f", "csv", env={**ELSEWHERE, "GWR_DB": str(db)}, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("region_name,") and len(r.stdout.splitlines()) > 5


def test_ingest_files_from_a_list(db, tmp_path):
    listing = tmp_path / "list.txt"
    listing.write_text("".join(f"{p}\n" for p in CORPUS_FILES), encoding="utf-8")
    r = gwr("ingest", "--files-from", listing, "--db", db)
    assert r.returncode == 0 and f"{len(CORPUS_FILES)} unchanged" in r.stderr, r.stderr
    r = gwr("ingest", "-", "--db", db, input="")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "standard input" in r.stderr
