"""A page that prints the report twice is stored as one report: the copy is linked to the first,
and stats, document counts and search count it once — through ``gwr ingest`` into a real database."""
from __future__ import annotations

import json
import subprocess
import sys

import gwr

from invented import REPORT

PAGE = ("岚溪县人民政府门户网站\n" + REPORT + "\n发布时间：2024-01-25  浏览次数：1024\n\n"
        + REPORT.replace("县长  柯望舒", "县长 柯望舒") + "\n主办单位：岚溪县人民政府办公室\n")


def gwr_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gwr", *args], capture_output=True, text=True, timeout=300)


def test_a_report_printed_twice_counts_once_after_gwr_ingest(tmp_path):
    page = tmp_path / "in" / "twice.txt"
    page.parent.mkdir()
    page.write_text(PAGE, encoding="utf-8")
    db = tmp_path / "gwr.sqlite"
    proc = gwr_cli("ingest", str(page.parent), "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    assert "1 near-duplicate(s) linked" in proc.stderr
    proc = gwr_cli("stats", "--db", str(db))
    stats = json.loads(proc.stdout)
    assert stats["documents_by"]["kind"]["official_report"] == 1
    assert stats["near_duplicates"] == 1

    corpus = gwr.open(str(db))
    assert len(corpus.documents().query("kind == 'official_report'")) == 1
    both = corpus.documents(duplicates=True).query("kind == 'official_report'").sort_values("id")
    first, copy = both.to_dict("records")
    assert copy["canonical_id"] == first["id"] and copy["similarity"] >= 0.9
    assert corpus.document_counts("kind").set_index("key")["count"]["official_report"] == 1
    hits = corpus.search("凝心聚力")
    assert len(hits) == 1 and hits.iloc[0]["document_id"] == first["id"]
    assert len(corpus.targets()) == len(corpus.targets(duplicates=True)) // 2


def test_the_copy_follows_the_first_to_a_copy_in_another_file(db_url, tmp_path):
    site_a = tmp_path / "a"
    site_a.mkdir()
    (site_a / "report.txt").write_text("首页 > 政务公开\n" + REPORT + "\n版权所有 网站标识码\n", encoding="utf-8")
    site_b = tmp_path / "b"
    site_b.mkdir()
    (site_b / "twice.txt").write_text(PAGE, encoding="utf-8")
    corpus = gwr.open(db_url)
    corpus.ingest([site_a])
    corpus.ingest([site_b])
    reports = corpus.documents(duplicates=True).query("kind == 'official_report'").sort_values("id")
    head, *copies = reports.to_dict("records")
    assert len(copies) == 2 and all(c["canonical_id"] == head["id"] for c in copies)
    assert len(corpus.documents().query("kind == 'official_report'")) == 1


def test_a_regions_reports_of_two_years_are_never_copies(tmp_path):
    """A government reuses last year's wording: its two reports are alike, not one report."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "this_year.txt").write_text(REPORT, encoding="utf-8")
    older = REPORT.replace("2023年", "2022年").replace("2024年", "2023年")
    (folder / "last_year.txt").write_text(older, encoding="utf-8")
    corpus = gwr.open(str(tmp_path / "gwr.sqlite"))
    corpus.ingest([folder])
    docs = corpus.documents(duplicates=True).query("kind == 'official_report'")
    assert docs.report_year.nunique() == 2, docs.report_year.tolist()
    assert docs.canonical_id.isna().all()
