"""``gwr attention`` as a user runs it (real processes), on files and on a real SQLite database."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_data import CORPUS, CORPUS_FILES, needs_shared
from gwr.attention import COLUMNS, load, score

pytestmark = needs_shared
ONE_REPORT = CORPUS / "001_209cad49592183ba.txt"


def gwr(*args, **kw):
    return subprocess.run([sys.executable, "-m", "gwr", "attention", *map(str, args)], capture_output=True,
                          text=True, timeout=300, **kw)


def rows_of(r) -> list[dict]:
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)["rows"]


@pytest.fixture(scope="module")
def file_rows():
    return rows_of(gwr(*CORPUS_FILES, "--by", "document"))


@pytest.fixture(scope="module")
def db(attention_db):
    return attention_db


def test_attention_cli_file_counts_equal_the_api():
    from gwr.pipeline import extract_file

    got = rows_of(gwr(ONE_REPORT, "--evidence", "2"))
    result = extract_file(ONE_REPORT)
    (doc,) = result.documents
    s = score(result.source.text, doc.sections, load(), span=doc.span)
    assert [r["topic"] for r in got] == [t.id for t in load().topics]
    for r in got:
        assert (r["count"], r["sentences_with"], r["chars"], r["sentences"]) == (
            s.total.counts[r["topic"]], s.total.sentences_with[r["topic"]], s.total.chars, s.total.sentences)
        assert r["region_code"] == doc.region.code and r["report_year"] == doc.report_year
        assert len(r["evidence"]) == min(2, r["sentences_with"])
        for e in r["evidence"]:
            assert e["quote"] == result.source.text[e["span"][0]:e["span"][1]]


def test_attention_cli_by_section_adds_up_to_the_document():
    doc_rows = {r["topic"]: r for r in rows_of(gwr(ONE_REPORT))}
    sec_rows = rows_of(gwr(ONE_REPORT, "--by", "section"))
    assert {"review", "plan"} <= {r["role"] for r in sec_rows}
    for topic, d in doc_rows.items():
        mine = [r for r in sec_rows if r["topic"] == topic]
        assert sum(r["count"] for r in mine) == d["count"]
        assert sum(r["chars"] for r in mine) == d["chars"]
        assert sum(r["sentences_with"] for r in mine) == d["sentences_with"]


def test_attention_cli_csv_and_a_plain_word_list(tmp_path):
    words = tmp_path / "river.txt"
    words.write_text("河长制\n湖长制\n", encoding="utf-8")
    r = gwr(ONE_REPORT, "-d", words, "-f", "csv")
    assert r.returncode == 0, r.stderr
    table = list(csv.DictReader(io.StringIO(r.stdout)))
    assert list(table[0]) == COLUMNS["document"]
    (row,) = table
    text = ONE_REPORT.read_text(encoding="utf-8")
    assert row["topic"] == "river" and int(row["count"]) == text.count("河长制") + text.count("湖长制")


def test_attention_cli_region_year_groups_documents(file_rows):
    ry = rows_of(gwr(*CORPUS_FILES, "--by", "region-year", "-t", "environment"))
    keyed = [r for r in file_rows if r["topic"] == "environment" and (r["region_code"] or r["region_name"])
             and r["report_year"] is not None]
    assert sum(r["count"] for r in ry) == sum(r["count"] for r in keyed)
    assert sum(r["documents"] for r in ry) == len(keyed)
    for r in ry:
        assert r["per_10k"] == pytest.approx(r["count"] * 10000 / r["chars"])


@pytest.mark.parametrize("args,message", [
    ((), "give files"),
    ((ONE_REPORT, "-d", "nope"), "E301"),
    ((ONE_REPORT, "-t", "nope"), "no topic"),
    ((ONE_REPORT, "--year", "2018"), "--db"),
])
def test_attention_cli_usage_errors(args, message):
    r = gwr(*args)
    assert r.returncode == 2 and message in r.stderr


def test_attention_cli_database_equals_files(db, file_rows):
    got = rows_of(gwr("--db", db))
    key = lambda r: (Path(r["path"]).name, r["document"], r["topic"])  # noqa: E731
    stored = {key(r): r for r in got}
    assert all(r["document_id"] is not None for r in got)
    from_files = {key(r): r for r in file_rows}
    assert stored.keys() <= from_files.keys() and len(stored) >= 10 * 8
    for k, r in stored.items():
        f = from_files[k]
        assert (r["count"], r["chars"], r["sentences"], r["sentences_with"], r["terms"]) == \
            (f["count"], f["chars"], f["sentences"], f["sentences_with"], f["terms"]), k


def test_attention_corpus_api_region_year_time_series(db):
    import gwr as gwr_api

    df = gwr_api.open(db).attention(by="region-year", topics=["digital", "environment"])
    assert set(df["topic"]) == {"digital", "environment"} and df.attrs["version"] == load().version
    cli = rows_of(gwr("--db", db, "--by", "region-year", "-t", "digital,environment"))
    assert df["count"].tolist() == [r["count"] for r in cli]
    wide = df[df.topic == "digital"].pivot_table(index="report_year", columns="region_name", values="per_10k")
    assert wide.shape[0] == df["report_year"].nunique()
    one = gwr_api.open(db).attention(by="document", topics=["digital"], region=df["region_code"].dropna().iloc[0])
    assert len(one) >= 1 and set(one["region_code"]) == {df["region_code"].dropna().iloc[0]}


def test_attention_cli_jobs_give_the_same_rows(file_rows):
    assert rows_of(gwr(*CORPUS_FILES, "-j", "2")) == file_rows
