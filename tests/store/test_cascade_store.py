"""Cascades and official statistics in a real store (SQLite file and PostgreSQL server), over the
invented reports of tests/data/cascade: the nation, 河北省 and 山西省, 保定市 (2015 and 2016 only: missing
in 2025), 清苑县 (2015) renamed 清苑区 (2016, 2025), 满城区 and 徐水区 (2016)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import gwr
from gwr.errors import GwrError

DATA = Path(__file__).resolve().parents[1] / "data"
REPORTS, STATS = DATA / "cascade", DATA / "cascade_statistics.csv"


@pytest.fixture
def corpus(db_url):
    c = gwr.open(db_url)
    out = c.ingest([REPORTS])
    assert (out.status == "added").all() and len(out) == 14
    return c


def chain(df):
    return [(r.region_name, r.status, None if r.status != "found" else r.target, r.qualifier if r.status == "found"
             else None) for r in df.itertuples()]


def test_the_chain_from_the_nation_down_with_the_missing_prefecture(corpus):
    df = corpus.cascade(indicator="gdp", year=2025, region="清苑区")
    assert chain(df) == [("中华人民共和国", "found", 5, "左右"), ("河北省", "found", 5.5, "左右"),
                         ("保定市", "missing", None, None), ("清苑区", "found", 6, "以上")]
    assert list(df.target_quote)[::3] == ["国内生产总值增长5%左右", "地区生产总值增长6%以上"]
    assert list(df.level) == ["national", "province", "prefecture", "district"]
    # the quote is the stored text at the fact's span, and the reader link works from these ids
    doc = corpus.document(int(df.target_document_id.iloc[3]))
    start, end = df.target_span.iloc[3]
    assert corpus.text(doc["file_id"])[start:end] == "地区生产总值增长6%以上"
    assert [None if pd.isna(x) else x for x in df["diff"]] == [None, 0.5, None, 0.5]  # the district against 河北省


@pytest.mark.parametrize("region", ["清苑区", "清苑县", "130608", "130622"])
def test_a_former_county_is_found_by_either_name_and_chains_through_its_year(corpus, region):
    df = corpus.cascade(indicator="gdp", year=2015, region=region)
    assert chain(df) == [("中华人民共和国", "found", 7, "左右"), ("河北省", "found", 7, "左右"),
                         ("保定市", "found", 7.5, ""), ("清苑县", "found", 8, "左右")]
    county = df.iloc[-1]
    assert (county.region_code, county.level, county.outcome) == ("130622", "county", 7.3)
    assert "170.2" in county.outcome_quote  # stated by 清苑区's 2016 report, after the renaming


def test_a_range_at_the_top(corpus):
    df = corpus.cascade(indicator="gdp", year=2016, region="清苑区")
    top = df.iloc[0]
    assert (top.target_low, top.target_high, top.compared_by) == (6.5, 7, 6.5)
    assert df.iloc[1].region_name == "河北省" and df.iloc[1]["diff"] == 0.5


def test_children_of_a_prefecture_against_its_target(corpus):
    df = corpus.cascade(indicator="gdp", year=2016, region="保定市", children=True)
    found = df[df.status == "found"]
    assert [(r.region_name, r.target, r.diff) for r in found.itertuples()] == [
        ("满城区", 8, 0.5), ("清苑区", 7, -0.5), ("徐水区", 7.5, 0)]
    s = df.attrs["summary"]
    assert (s["parent_target"], s["comparable"], s["higher"], s["equal"], s["lower"], s["share_higher"]) == (
        7.5, 3, 1, 1, 1, 0.3333)
    assert s["children"] == len(df) and (df.status == "missing").sum() == s["children"] - 3
    assert df.attrs["parent"]["target_quote"] == "地区生产总值增长7.5%左右"


def test_provinces_under_the_nation(corpus):
    df = corpus.cascade(indicator="gdp", year=2025, region="全国", children=True)
    assert len(df) == 31
    found = df[df.status == "found"].set_index("region_name")
    assert found.loc["河北省", "higher"] and not found.loc["山西省", "higher"]
    assert df.attrs["summary"]["share_higher"] == 0.5


def test_unknown_region_or_indicator_is_one_line(corpus):
    with pytest.raises(GwrError, match="below county level"):
        corpus.cascade(indicator="gdp", year=2025, region="不存在镇")
    with pytest.raises(GwrError, match="not in the taxonomy"):
        corpus.cascade(indicator="no_such", year=2025, region="清苑区")


def test_statistics_import_with_provenance_bad_rows_named_and_idempotent(corpus):
    out = corpus.import_statistics([STATS]).iloc[0]
    assert (out.status, out.rows) == ("added", 5)
    assert [e.split(": ", 1)[0] for e in out.errors] == [f"{STATS}:7", f"{STATS}:8", f"{STATS}:9"]
    assert all("\n" not in e for e in out.errors)
    stats = corpus.statistics()
    assert len(stats) == 5 and set(stats.file_name) == {"cascade_statistics.csv"}
    assert sorted(stats.line) == [2, 3, 4, 5, 6] and stats.file_sha256.str.len().eq(64).all()
    county = stats[stats.region_name == "清苑县"]
    assert set(county.region_code) == {"130622"} and set(county.successor_code) == {"130608"}
    assert sorted(county.measure) == ["growth", "value"]
    again = corpus.import_statistics([STATS]).iloc[0]
    assert (again.status, again.rows) == ("unchanged", 0)
    assert len(corpus.statistics()) == 5
    assert len(corpus.statistics(region="清苑区")) == 2


def test_a_changed_file_replaces_its_rows(corpus, tmp_path):
    f = tmp_path / "stats.csv"
    shutil.copy(STATS, f)
    corpus.import_statistics([f])
    f.write_text("地区,年份,指标,数值,单位,来源\n河北省,2015,gdp,6.7,%,修订\n", encoding="utf-8")
    out = corpus.import_statistics([f]).iloc[0]
    assert (out.status, out.rows, out.errors) == ("replaced", 1, [])
    assert list(corpus.statistics().value) == [6.7]


def test_an_excel_file(corpus, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["region", "year", "indicator", "value", "unit", "source"])
    ws.append(["河北省", 2015, "地区生产总值", 6.8, "%", "公报"])
    ws.append(["河北省", "x", "gdp", 1, "%", "坏行"])
    wb.save(tmp_path / "s.xlsx")
    out = corpus.import_statistics([tmp_path / "s.xlsx"]).iloc[0]
    assert (out.status, out.rows) == ("added", 1) and out.errors == [f"{tmp_path / 's.xlsx'}:3: year 'x' is not a year"]


def test_statistics_beside_claims_in_track_cascade_and_check(corpus):
    corpus.import_statistics([STATS])
    t = corpus.track(indicator="gdp", region="清苑区")
    row = t[t.year == 2015].iloc[0]
    assert (row.outcome, row.status, row.statistic, row.statistic_status) == (7.3, "missed", 6.6, "missed")
    assert row.statistic_line == 4 and "年鉴" in row.statistic_source
    df = corpus.cascade(indicator="gdp", year=2015, region="清苑区")
    assert list(df.statistic) == [6.9, 6.8, 7.0, 6.6]
    flags = corpus.check(indicator="gdp")
    mism = flags[flags.kind == "statistics_mismatch"]
    assert len(mism) == 1
    f = mism.iloc[0]
    assert (f.region_name, f.year, f.stated, f.expected) == ("清苑区", 2015, 7.3, 6.6)
    assert "cascade_statistics.csv line 4" in f.explanation
    # the level 171.0亿元 against the claimed 170.2亿元 is within 0.5 % plus rounding: not flagged
    assert not (mism.measure == "value").any()
