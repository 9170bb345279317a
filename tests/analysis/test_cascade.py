"""The cascade as pure functions over hand-written rows: one statement per level, missing levels kept,
differences in percentage points, the share of children that set a higher target (层层加码)."""
from __future__ import annotations

from analysis_rows import fact

from gwr.analysis.cascade import cascade, fan_out
from gwr.analysis.statistics import StatisticsTolerance, mismatches
from gwr.analysis.track import track
from decimal import Decimal

NATION = {"code": "100000", "name": "中华人民共和国", "level": "national", "key": "100000"}
PROVINCE = {"code": "990000", "name": "岚省", "level": "province", "key": "990000"}
CITY = {"code": "990100", "name": "岚州市", "level": "prefecture", "key": "990100"}
COUNTY = {"code": "990121", "name": "溪县", "level": "county", "key": "990122"}  # a former county (today 990122)
R = {k: (v["code"], v["name"], v["level"]) for k, v in
     {"nation": NATION, "province": PROVINCE, "city": CITY, "county": COUNTY}.items()}


def doc(level, year, id_, kind="official_report"):
    return {"id": id_, "region_code": level["code"], "successor_code": level["key"] if level["key"] != level["code"]
            else None, "report_year": year, "kind": kind, "title": "政府工作报告", "path": f"{id_}.txt"}


def county_fact(*args, **kw):
    return fact(*args, region=R["county"], successor_code="990122", **kw)


def test_chain_top_first_with_a_missing_level_and_a_former_division():
    rows = [
        fact("target", "gdp", 2015, region=R["nation"], growth_pct=7, growth_qualifier="左右", quote="国内生产总值增长7%左右"),
        fact("target", "gdp", 2015, region=R["province"], growth_pct=7.5, growth_qualifier="左右", quote="增长7.5%左右"),
        county_fact("target", "gdp", 2015, growth_pct=8, growth_qualifier="以上", quote="地区生产总值增长8%以上"),
        county_fact("actual", "gdp", 2015, growth_pct=7.3, quote="地区生产总值增长7.3%"),
    ]
    docs = [doc(NATION, 2015, 1), doc(PROVINCE, 2015, 2), doc(COUNTY, 2015, 4)]
    out = cascade([NATION, PROVINCE, CITY, COUNTY], indicator="gdp", year=2015, facts=rows, documents=docs)
    assert [(r["region_name"], r["status"], r["target"], r["qualifier"]) for r in out] == [
        ("中华人民共和国", "found", 7, "左右"), ("岚省", "found", 7.5, "左右"), ("岚州市", "missing", None, None),
        ("溪县", "found", 8, "以上")]
    county = out[-1]
    assert county["target_quote"] == "地区生产总值增长8%以上" and county["outcome"] == 7.3
    # the county is compared with the nearest level above that set one: the province, not the missing city
    assert (county["compared_with"], county["diff"], county["diff_unit"], county["higher"]) == ("岚省", 0.5, "pp", True)
    assert out[1]["diff"] == 0.5 and out[0]["diff"] is None


def test_a_stored_report_without_the_target_is_not_missing():
    out = cascade([NATION, CITY], indicator="gdp", year=2016, facts=[], documents=[doc(CITY, 2016, 9)])
    assert [r["status"] for r in out] == ["missing", "no_target"]
    assert out[1]["report_document_id"] == 9


def test_one_statement_per_level_by_the_rule_of_choice():
    """The report of that year over a later mention; a growth target over a level of the same indicator."""
    rows = [fact("target", "gdp", 2016, region=R["province"], growth_pct=7, growth_qualifier="左右",
                 report_year=2017, quote="去年目标增长7%"),
            fact("target", "gdp", 2016, region=R["province"], value=3.2, unit="万亿元", value_base=3.2e12,
                 unit_base="yuan", quote="达到3.2万亿元"),
            fact("target", "gdp", 2016, region=R["province"], growth_pct=6.5, growth_qualifier="左右",
                 quote="增长6.5%左右")]
    (row,) = cascade([PROVINCE], indicator="gdp", year=2016, facts=rows)
    assert row["target_quote"] == "增长6.5%左右" and row["target_alternatives"] == 2


def test_a_range_is_compared_by_its_binding_end():
    rows = [fact("target", "gdp", 2016, region=R["nation"], growth_range=[6.5, 7], quote="增长6.5%—7%"),
            fact("target", "gdp", 2016, region=R["province"], growth_pct=7, growth_qualifier="左右", quote="增长7%左右")]
    out = cascade([NATION, PROVINCE], indicator="gdp", year=2016, facts=rows)
    assert (out[0]["target_low"], out[0]["target_high"], out[0]["compared_by"]) == (6.5, 7, 6.5)
    assert out[1]["diff"] == 0.5


def test_a_ceiling_indicator_lower_is_stricter():
    rows = [fact("target", "cpi", 2016, region=R["nation"], growth_pct=3, growth_qualifier="左右", quote="居民消费价格涨幅3%左右"),
            fact("target", "cpi", 2016, region=R["province"], growth_pct=2.5, growth_qualifier="左右",
                 quote="居民消费价格涨幅控制在2.5%左右")]
    out = cascade([NATION, PROVINCE], indicator="cpi", year=2016, facts=rows)
    assert (out[1]["diff"], out[1]["higher"], out[1]["stricter"]) == (-0.5, False, True)


def test_levels_in_money_are_not_compared_across_levels():
    rows = [fact("target", "gdp", 2016, region=R["province"], value=3000, unit="亿元", value_base=3e11, unit_base="yuan"),
            fact("target", "gdp", 2016, region=R["city"], value=500, unit="亿元", value_base=5e10, unit_base="yuan")]
    out = cascade([PROVINCE, CITY], indicator="gdp", year=2016, facts=rows)
    assert out[1]["target"] == 500 and out[1]["diff"] is None


def _kid(code, name, growth, qualifier=""):
    level = {"code": code, "name": name, "level": "county", "key": code}
    row = fact("target", "gdp", 2016, region=(code, name, "county"), growth_pct=growth, growth_qualifier=qualifier,
               quote=f"增长{growth}%{qualifier}") if growth is not None else None
    return level, row


def test_fan_out_counts_children_above_the_parent():
    kids = [_kid("990101", "甲县", 8), _kid("990102", "乙县", 7.5, "左右"), _kid("990103", "丙县", 7),
            _kid("990104", "丁县", 9, "以上"), _kid("990105", "戊县", None)]
    rows = [fact("target", "gdp", 2016, region=R["city"], growth_pct=7.5, growth_qualifier="左右", quote="增长7.5%左右")]
    rows += [r for _, r in kids if r is not None]
    docs = [doc(CITY, 2016, 1)] + [doc(lv, 2016, 10 + i) for i, (lv, r) in enumerate(kids) if r is not None]
    parent, children, summary = fan_out(CITY, [lv for lv, _ in kids], indicator="gdp", year=2016, facts=rows,
                                        documents=docs)
    assert parent["target"] == 7.5
    assert [(c["region_name"], c["diff"]) for c in children] == [
        ("甲县", 0.5), ("乙县", 0), ("丙县", -0.5), ("丁县", 1.5), ("戊县", None)]
    assert children[-1]["status"] == "missing"
    assert {k: summary[k] for k in ("children", "reported", "with_target", "comparable", "higher", "equal", "lower",
                                    "share_higher", "mean_diff", "max_diff")} == {
        "children": 5, "reported": 4, "with_target": 4, "comparable": 4, "higher": 2, "equal": 1, "lower": 1,
        "share_higher": 0.5, "mean_diff": 0.375, "max_diff": 1.5}


STAT = {"region_code": "990121", "successor_code": "990122", "year": 2015, "indicator": "gdp", "measure": "growth",
        "value": 6.6, "unit": "%", "value_base": None, "unit_base": None, "source": "统计年鉴", "file_name": "s.csv",
        "line": 4, "id": 1}


def test_statistics_beside_the_claimed_outcome_in_track_and_cascade():
    rows = [county_fact("target", "gdp", 2015, growth_pct=7, growth_qualifier="左右", quote="增长7%左右"),
            county_fact("actual", "gdp", 2015, growth_pct=7.3, quote="增长7.3%")]
    (t,) = track(rows, statistics=[STAT])
    assert (t["status"], t["outcome"]) == ("met", 7.3)
    assert (t["statistic"], t["statistic_status"], t["statistic_gap"], t["statistic_line"]) == (6.6, "met", -0.4, 4)
    (c,) = cascade([COUNTY], indicator="gdp", year=2015, facts=rows, statistics=[STAT])
    assert (c["outcome"], c["statistic"], c["statistic_source"]) == (7.3, 6.6, "统计年鉴")


def test_a_claim_further_from_the_statistic_than_the_tolerance_is_flagged():
    close = county_fact("actual", "gdp", 2015, growth_pct=6.7, quote="增长6.7%", document_id="a")
    far = county_fact("actual", "gdp", 2015, growth_pct=7.3, quote="增长7.3%", document_id="b")
    tol = StatisticsTolerance(Decimal("0.1"), Decimal("0.005"))
    flags = mismatches([close, far], [STAT], tolerance=tol)
    assert [f["fact_ids"] for f in flags] == [[far["fact_id"]]]
    f = flags[0]
    assert (f["kind"], f["stated"], f["expected"], f["statistic_line"]) == ("statistics_mismatch", 7.3, 6.6, 4)
    assert "s.csv line 4" in f["explanation"]
    assert mismatches([far], [STAT], tolerance=StatisticsTolerance(Decimal("1"), Decimal("0.005"))) == []


def test_a_level_is_compared_in_base_units():
    claim = county_fact("actual", "gdp", 2015, value=170.2, unit="亿元", value_base=1.702e10, unit_base="yuan")
    stat = {**STAT, "measure": "value", "value": 1780000, "unit": "万元", "value_base": 1.78e10, "unit_base": "yuan"}
    (f,) = mismatches([claim], [stat], tolerance=StatisticsTolerance(Decimal("0.1"), Decimal("0.005")))
    assert (f["stated"], f["expected"], f["unit"]) == (170.2, 178, "亿元")
    stat_close = {**stat, "value": 1705000, "value_base": 1.705e10}
    assert mismatches([claim], [stat_close], tolerance=StatisticsTolerance(Decimal("0.1"), Decimal("0.005"))) == []
