"""Figures covering several years are kept apart from the review year's (issue 12, item 1).

Invented five-year reviews at national, province and county level, and an ordinary report
with 累计 and 年均 figures: every period figure carries ``period`` and ``measure`` with ``year``
null, none is filed among the year's ``actuals``, and the year's own results stay there.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from corpus_data import extract_text
from gwr.pipeline import extract_file

FILL = "各项工作扎实推进，发展基础不断夯实。" * 4


_doc = extract_text


def _by_quote(records, fragment):
    hits = [r for r in records if fragment in r["quote"]]
    assert hits, f"{fragment} not found in {[r['quote'] for r in records]}"
    return hits[0]


COUNTY_2021 = f"""政府工作报告
——2021年1月12日在青岚县第十七届人民代表大会第五次会议上
县长 邹明川
各位代表：
现在，我代表县人民政府，向大会报告工作，请予审议。
一、2020年和“十三五”时期工作回顾
2020年，全县地区生产总值完成186.4亿元，增长4.1%；一般公共预算收入完成12.3亿元，增长3.2%；城镇新增就业4200人。{FILL}
“十三五”时期，全县地区生产总值年均增长7.2%，由2015年的125亿元增加到186.4亿元。五年累计完成固定资产投资860亿元，城镇累计新增就业2.1万人，一般公共预算收入、支出分别完成52亿元和138亿元，单位生产总值能耗累计下降18%。{FILL}
二、“十四五”时期主要目标和2021年重点工作
2021年全县经济社会发展的主要预期目标是：地区生产总值增长7%左右；一般公共预算收入增长5%。{FILL}
各位代表，让我们团结奋斗，为实现今年目标而努力奋斗！
"""


def test_county_five_year_review_keeps_period_figures_apart():
    d = _doc(COUNTY_2021)
    assert (d.report_year, d.review_year) == (2021, 2020)
    yearly = {(a["indicator"], a.get("value"), a.get("growth_pct")) for a in d.actuals}
    assert ("gdp", 186.4, 4.1) in yearly and ("general_budget_revenue", 12.3, 3.2) in yearly
    avg = _by_quote(d.period_actuals, "年均增长7.2%")
    assert (avg["period"], avg["measure"], avg["year"], avg["growth_pct"]) == ([2016, 2020], "average_annual", None, 7.2)
    inv = _by_quote(d.period_actuals, "860亿元")
    assert (inv["measure"], inv["value"], inv["year"]) == ("total", 860, None)
    jobs = _by_quote(d.period_actuals, "2.1万人")
    assert (jobs["measure"], jobs["period"]) == ("total", [2016, 2020])
    energy = _by_quote(d.period_actuals, "下降18%")
    assert (energy["measure"], energy["growth_pct"]) == ("change", -18)
    budget = [p for p in d.period_actuals if "52亿元" in p["quote"] or "138亿元" in p["quote"]]
    assert budget and all(p["measure"] == "total" for p in budget)
    # nothing of the period is filed under a year
    period_quotes = {p["quote"] for p in d.period_actuals}
    for a in d.actuals:
        assert a["year"] == 2020
        assert a["quote"] not in period_quotes or a.get("period_end")
    assert not any(a.get("value") in (860, 52, 138) for a in d.actuals)
    assert not any(a.get("growth_pct") in (7.2, -18) for a in d.actuals)


NATIONAL_2018 = f"""政府工作报告
——2018年3月5日在第十三届全国人民代表大会第一次会议上
国务院总理 韩正清
各位代表：
现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。
一、过去五年工作回顾
过去五年，经济实力跃上新台阶。国内生产总值从54万亿元增加到82.7万亿元，年均增长7.1%。城镇新增就业年均1300万人以上。居民消费价格年均上涨1.9%。{FILL}
五年来，财政收入累计完成73万亿元，粮食生产能力达到1.2万亿斤，农村贫困人口减少6800多万。{FILL}
二、对今年政府工作的建议
今年发展的主要预期目标是：国内生产总值增长6.5%左右；城镇新增就业1100万人以上。{FILL}
各位代表！让我们更加紧密地团结在一起，为实现今年目标而努力奋斗！
"""


def test_national_five_year_review():
    d = _doc(NATIONAL_2018)
    assert d.region.code == "100000" and (d.report_year, d.review_year) == (2018, 2017)
    gdp = [a for a in d.actuals if a["indicator"] == "gdp"]
    # the level reached at the end of the period is 2017's; the average is the period's
    assert [(a["value"], a["year"]) for a in gdp] == [(82.7, 2017)]
    avg = _by_quote(d.period_actuals, "年均增长7.1%")
    assert avg["period"] == [2013, 2017] and avg["measure"] == "average_annual"
    assert all(p["year"] is None for p in d.period_actuals)
    assert not any(a.get("growth_pct") in (7.1, 1.9) for a in d.actuals)
    assert [t["growth_pct"] for t in d.targets if t["indicator"] == "gdp"] == [6.5]


ORDINARY_2019 = f"""政府工作报告
——2019年1月8日在石塘区第四届人民代表大会第三次会议上
区长 叶文澜
各位代表：
一、2018年工作回顾
2018年，全区地区生产总值完成412亿元，增长7.6%；固定资产投资增长10.2%；城镇新增就业6300人。{FILL}
重点项目建设提速，全区固定资产投资累计完成268亿元，棚户区改造累计完成1.2万户。2016年以来，全区城镇新增就业1.9万人。{FILL}
全年城镇新增就业累计6300人。{FILL}
二、2019年工作安排
2019年全区经济社会发展的主要预期目标是：地区生产总值增长7%左右。{FILL}
"""


def test_ordinary_report_cumulative_figures():
    d = _doc(ORDINARY_2019)
    inv = _by_quote(d.period_actuals, "268亿元")
    assert inv["measure"] == "total" and inv["year"] is None and inv["period"] == [None, 2018]
    since = [p for p in d.period_actuals if p.get("value") == 1.9]
    assert since and since[0]["period"] == [2016, 2018]
    assert any(a["indicator"] == "gdp" and a["value"] == 412 and a["year"] == 2018 for a in d.actuals)
    assert not any(a.get("value") in (268, 1.9) for a in d.actuals)


def test_a_year_inside_a_five_year_paragraph_is_that_years():
    text = COUNTY_2021.replace("“十三五”时期，全县地区生产总值年均增长7.2%",
                               "“十三五”时期，全县地区生产总值年均增长7.2%。2020年，全县社会消费品零售总额完成61亿元，增长2.5%；2018年全县地区生产总值为160亿元")
    d = _doc(text)
    assert any(a["indicator"] == "retail_sales" and a["value"] == 61 and a["year"] == 2020 for a in d.actuals)
    assert not any(a.get("value") == 160 for a in d.actuals + d.period_actuals)  # 2018's is no 2020 result


@pytest.mark.parametrize("frame,period", [("“十二五”期间，", [2011, 2015]), ("过去五年，", [2011, 2015]),
                                          ("本届政府任期内，", [2011, 2015]), ("2013年以来，", [2013, 2015])])
def test_frames_name_their_years(frame, period):
    text = (f"政府工作报告\n——2016年1月9日在青岚县第十六届人民代表大会第五次会议上\n县长 邹明川\n各位代表：\n"
            f"一、2015年工作回顾\n2015年，全县地区生产总值增长8.1%。{FILL}\n{frame}全县累计完成固定资产投资640亿元。{FILL}\n"
            f"二、2016年工作安排\n{FILL}\n")
    d = _doc(text)
    assert _by_quote(d.period_actuals, "640亿元")["period"] == period


def test_period_figures_in_the_json_contract():
    d = _doc(COUNTY_2021)
    out = d.to_dict()
    assert out["period_actuals"] and all({"period", "measure", "year", "span", "quote"} <= set(p) for p in out["period_actuals"])
    for p in out["period_actuals"]:
        assert COUNTY_2021[p["span"][0] : p["span"][1]] == p["quote"]


GOLD = Path(__file__).resolve().parent / "data" / "periods"


def _gold():
    import json

    gold = json.loads((GOLD / "periods_gold.json").read_text(encoding="utf-8"))
    return [(name, g) for name, g in gold.items() if not name.startswith("_")]


def _match(quote: str, records) -> list:
    return [r for r in records if quote in r["quote"] or r["quote"] in quote]


@pytest.mark.parametrize("name,gold", _gold(), ids=[n for n, _g in _gold()])
def test_held_out_period_figures(name, gold):
    """Every annotated period figure in period_actuals with its period and measure, none filed
    under a year (the issue's "period figures misfiled" is 0); the year's own results stay."""
    d = next(x for x in extract_file(GOLD / name).documents if x.kind in ("official_report", "report_excerpt"))
    misfiled = [p["quote"] for p in gold["period"] if _match(p["quote"], d.actuals)]
    assert misfiled == []
    for p in gold["period"]:
        found = _match(p["quote"], d.period_actuals)
        assert found, p["quote"]
        assert (found[0]["period"], found[0]["measure"], found[0]["year"]) == (p["period"], p["measure"], None)
    for y in gold["yearly"]:
        found = _match(y["quote"], d.actuals)
        assert found and found[0]["year"] == y["year"], y["quote"]
