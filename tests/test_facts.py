"""The clause grammar of results and targets, on sentences written in the genre's style."""
from __future__ import annotations

import pytest

from gwr.facts import clause_facts, indicator_of
from gwr.model import Document, Section
from gwr.parse.normalize import normalize
from gwr import facts


def _facts(sentence: str, target: bool = False):
    norm = normalize(sentence)
    out = []
    for f in clause_facts(norm, 0, len(norm), target=target):
        out.append((f.label,
                    None if f.level is None else (float(f.level.value), f.level.unit),
                    None if f.growth is None else float(f.growth.value) * (f.growth_sign or 1)))
    return out


@pytest.mark.parametrize("sentence,expected", [
    ("全年实现地区生产总值512.3亿元，增长7.1%。", [("地区生产总值", (512.3, "亿元"), 7.1)]),
    ("地区生产总值增长6.5%左右，达到980亿元。", [("地区生产总值", (980.0, "亿元"), 6.5)]),
    ("城镇登记失业率控制在4.5%以内。", [("城镇登记失业率", (4.5, "%"), None)]),
    ("单位地区生产总值能耗下降3%。", [("单位地区生产总值能耗", None, -3.0)]),
    ("规模以上工业增加值8%左右。", [("规模以上工业增加值", None, 8.0)]),
    ("财政总收入完成31.2亿元，同比增收2.6亿元，增长9.1%。", [("财政总收入", (31.2, "亿元"), 9.1)]),
])
def test_facts_one_indicator_per_clause(sentence, expected):
    assert _facts(sentence) == expected


def test_facts_urban_and_rural_share_one_clause():
    got = _facts("城乡居民人均可支配收入分别达到41200元、23800元，增长6.2%、7.4%。")
    assert got == [("城乡居民人均可支配收入（城镇）", (41200.0, "元"), 6.2),
                   ("城乡居民人均可支配收入（农村）", (23800.0, "元"), 7.4)]
    assert [indicator_of(label) .id for label, _l, _g in got] == ["urban_disposable_income", "rural_disposable_income"]


def test_facts_respectively_after_separate_clauses():
    got = _facts("城镇居民人均可支配收入35600元，农村居民人均可支配收入18900元，分别增长5.8%和7.2%。")
    assert [(label, g) for label, _l, g in got] == [("城镇居民人均可支配收入", 5.8), ("农村居民人均可支配收入", 7.2)]


def test_facts_parallel_qualifiers_share_the_noun():
    got = _facts("一、二、三产业增加值分别为18亿元、96亿元和75亿元，增长3.1%、8.2%和6.9%。")
    assert got == [("第一产业增加值", (18.0, "亿元"), 3.1), ("第二产业增加值", (96.0, "亿元"), 8.2),
                   ("第三产业增加值", (75.0, "亿元"), 6.9)]


def test_facts_second_label_completes_from_the_first():
    got = _facts("实现规模工业总产值320亿元、增加值88亿元，分别增长9.5%、8.8%。")
    assert got == [("规模工业总产值", (320.0, "亿元"), 9.5), ("规模工业增加值", (88.0, "亿元"), 8.8)]


def test_facts_stretch_target_beside_the_base():
    got = _facts("完成固定资产投资8600万元，力争完成12000万元。", target=True)
    assert got == [("固定资产投资", (8600.0, "万元"), None), ("固定资产投资（力争）", (12000.0, "万元"), None)]


def test_facts_comparisons_and_growth_words_inside_names():
    assert _facts("人口自然增长率控制在6‰以内。") == [("人口自然增长率", (6.0, "‰"), None)]
    assert _facts("高于全省平均水平2.1个百分点。") == []


def test_facts_head_final_names():
    assert indicator_of("规模以上工业增加值").id == "industrial_value_added_above_scale"
    assert indicator_of("规模工业增加值综合能耗") is None or indicator_of("规模工业增加值综合能耗").id != "industrial_value_added_above_scale"


def _doc(text: str, sections=()) -> Document:
    return Document(index=0, lines=(1, text.count("\n") + 1), span=(0, len(text)), kind="official_report",
                    report_year=2024, review_year=2023, sections=list(sections))


def _review_plan_doc(review: str, plan: str) -> tuple[str, Document]:
    text = review + plan
    return text, _doc(text, [Section("2023年工作回顾", "review", 1, (0, len(review)), (0, 8)),
                             Section("2024年工作安排", "plan", 1, (len(review), len(text)),
                                     (len(review), len(review) + 8))])


def test_facts_targets_come_from_the_annual_passage_only():
    text = ("“十五五”时期的主要目标是：地区生产总值年均增长6%以上。\n"
            "2024年经济社会发展的主要预期目标是：地区生产总值增长6%左右；一般公共预算收入增长5%；"
            "城镇调查失业率控制在5.5%以内。农村居民人均可支配收入增长7%以上。\n"
            "我们将坚持稳中求进，全力以赴抓好以下工作。")
    doc = _doc(text)
    facts.extract(text, normalize(text), doc)
    got = [(t["indicator"], t["growth_pct"], t["growth_qualifier"], t["value"]) for t in doc.targets]
    assert got == [("gdp", 6, "左右", None), ("general_budget_revenue", 5, "", None),
                   ("surveyed_unemployment_rate", None, "", 5.5), ("rural_disposable_income", 7, "以上", None)]
    for t in doc.targets:
        assert text[t["span"][0] : t["span"][1]] == t["quote"] and t["year"] == 2024


def test_facts_actuals_come_from_the_review_part():
    text, doc = _review_plan_doc(
        "2023年工作回顾\n一年来，全县实现地区生产总值286.4亿元，增长5.9%；社会消费品零售总额97亿元，增长8.1%。\n",
        "2024年工作安排\n力争地区生产总值增长6%，固定资产投资增长10%。")
    facts.extract(text, normalize(text), doc)
    got = [(a["indicator"], a["value"], a["unit"], a["growth_pct"], a["year"]) for a in doc.actuals]
    assert got == [("gdp", 286.4, "亿元", 5.9, 2023), ("retail_sales", 97, "亿元", 8.1, 2023)]
    assert got[0][1] == 286.4 and doc.actuals[0]["value_base"] == 28640000000


def test_facts_target_table_rows():
    text = ("2025年全县经济社会发展的主要预期目标是：\n指标\t单位\t目标\n地区生产总值增长\t%\t6左右\n"
            "城镇调查失业率\t%\t5.5以内\n粮食总产量\t万吨\t48以上\n为实现上述目标，重点抓好以下工作。")
    doc = _doc(text)
    facts.extract(text, normalize(text), doc)
    got = [(t["indicator"], t["growth_pct"], t["growth_qualifier"], t["value"], t["unit"], t.get("value_qualifier"))
           for t in doc.targets]
    assert got == [("gdp", 6, "左右", None, None, None),
                   ("surveyed_unemployment_rate", None, "", 5.5, "%", "以内"),
                   ("grain_output", None, "", 48, "万吨", "以上")]
    assert all(text[t["span"][0] : t["span"][1]] == t["quote"] for t in doc.targets)


def test_facts_rank_claim_follows_its_result():
    text, doc = _review_plan_doc(
        "2023年工作回顾\n全年实现地区生产总值175.6亿元，增长6%，增速排名全市第一；财政总收入12亿元，增长3%。\n",
        "2024年工作安排\n我们将加快发展。")
    facts.extract(text, normalize(text), doc)
    gdp, revenue = doc.actuals
    assert gdp["rank"]["scope"] == "全市" and gdp["rank"]["position"] == 1
    assert gdp["rank"]["quote"] == text[gdp["rank"]["span"][0] : gdp["rank"]["span"][1]] == "增速排名全市第一"
    assert "rank" not in revenue


def test_facts_from_to_construction_keeps_the_later_level():
    got = _facts("全市地区生产总值从2018年的1200亿元增加到2023年的1850亿元，年均增长7.5%。")
    assert got == [("地区生产总值", (1850.0, "亿元"), None)]


def test_facts_an_amount_qualifying_a_noun_is_no_figure():
    got = _facts("新增税收过亿元楼宇3栋，税收收入完成12.6亿元。")
    assert ("税收收入", (12.6, "亿元"), None) in got
    assert all(level != (1.0, "亿元") for _label, level, _g in got)


def test_facts_benchmark_gaps_and_back_references():
    assert _facts("规上工业增加值增长8.6%，高于全省2.1个百分点。") == [("规上工业增加值", None, 8.6)]
    assert _facts("地区生产总值增长6.5%左右，总量达到215亿元；") == [("地区生产总值", (215.0, "亿元"), 6.5)]
    assert _facts("实现地区生产总值512亿元，比上年增长8%。") == [("地区生产总值", (512.0, "亿元"), 8.0)]


def test_facts_respectively_pairs_the_last_facts_of_the_sentence():
    got = _facts("引进项目12个，到位内资31.5亿元，外资2400万美元，分别同比增长16.3%、11.8%。")
    assert [(label, g) for label, _l, g in got][-2:] == [("到位内资", 16.3), ("到位外资", 11.8)]


def test_facts_milestones_give_way_to_the_exact_figure():
    assert _facts("全市地区生产总值突破2600亿元，达到2619.0亿元，比上年增长5.1%。") == [
        ("地区生产总值", (2619.0, "亿元"), 5.1)]
    assert _facts("地区生产总值迈上2300亿元台阶、达到2301.4亿元，增长7.9%。") == [
        ("地区生产总值", (2301.4, "亿元"), 7.9)]


def test_facts_percentage_point_changes_are_signed_levels():
    text = "2025年主要预期目标是：常住人口城镇化率提高1个百分点，调查失业率下降0.2个百分点。"
    doc = _doc(text)
    facts.extract(text, normalize(text), doc)
    assert [(t["label"], t["value"], t["unit"], t["growth_pct"]) for t in doc.targets] == [
        ("常住人口城镇化率", 1, "个百分点", None), ("调查失业率", -0.2, "个百分点", None)]


@pytest.mark.parametrize("sentence,expected", [
    ("居民消费价格指数上涨0.4%。", [("居民消费价格指数", None, 0.4)]),  # prices rise (上涨), not grow
    ("居民人均可支配收入稳步增长7.5%。", [("居民人均可支配收入", None, 7.5)]),  # an adverb before the verb
    # a milestone in 万元 gives way to the exact figure in 元: the same base unit
    ("农村常住居民人均可支配收入首次突破2万元大关，达到20315元，增长8.0%。",
     [("农村常住居民人均可支配收入", (20315.0, "元"), 8.0)]),
    # written-out numerals: money after 完成, a growth rate as 百分之…
    ("社会消费品零售总额完成四百二十亿元，增长百分之六点五。", [("社会消费品零售总额", (420.0, "亿元"), 6.5)]),
])
def test_facts_genre_variants(sentence, expected):
    assert _facts(sentence) == expected


@pytest.mark.parametrize("item", ["1.地区生产总值增长7%；", "（1）地区生产总值增长7%；", "①地区生产总值增长7%；",
                                  "一是地区生产总值增长7%；", "2、地区生产总值增长7%；"])
def test_target_list_markers_are_no_part_of_the_label(item):
    assert _facts("主要预期目标是：\n" + item, target=True) == [("地区生产总值", None, 7.0)]


def test_growth_nouns_after_an_indicator_name_still_name_it():
    assert indicator_of("CPI涨幅").id == "cpi"
    assert indicator_of("地区生产总值的增长率").id == "gdp"


def test_a_stretch_growth_rate_is_a_stretch_target_of_its_own():
    got = _facts("主要预期目标：地区生产总值增长7.5%，力争达到8%。", target=True)
    assert got == [("地区生产总值", None, 7.5), ("地区生产总值（力争）", None, 8.0)]


@pytest.mark.parametrize("sentence,label", [
    ("城乡居民人均可支配收入增长8%左右。", "城乡居民人均可支配收入"),
    ("城乡居民医疗保险参保率达到97.8%。", "城乡居民医疗保险参保率"),
])
def test_one_figure_for_urban_and_rural_belongs_to_the_whole(sentence, label):
    (got,) = _facts(sentence, target=True)
    assert got[0] == label


# issue 12: headline wordings of national and provincial reports


@pytest.mark.parametrize("sentence,expected", [
    # real growth, growth at comparable prices: the words say how the growth is measured
    ("城镇居民人均可支配收入实际增长5%。", [("城镇居民人均可支配收入", None, 5.0)]),
    ("全体居民人均可支配收入38120元，实际增长5.3%。", [("全体居民人均可支配收入", (38120.0, "元"), 5.3)]),
    ("规模以上工业增加值可比增长6.2%。", [("规模以上工业增加值", None, 6.2)]),
    ("地区生产总值按可比价格计算增长5.7%。", [("地区生产总值", None, 5.7)]),
    # a rate given as the year's mean, or as the level it fell to
    ("城镇调查失业率平均为5.2%。", [("城镇调查失业率", (5.2, "%"), None)]),
    ("城镇调查失业率全年均值4.9%。", [("城镇调查失业率", (4.9, "%"), None)]),
    ("城镇登记失业率降到3.1%。", [("城镇登记失业率", (3.1, "%"), None)]),
    # a level reached, then its growth
    ("居民人均可支配收入提高到4.6万元、增长5%。", [("居民人均可支配收入", (4.6, "万元"), 5.0)]),
    # 去年 between the name and the figure (a national report speaks of the review year so)
    ("粮食总产量去年达到6.9亿吨。", [("粮食总产量", (6.9, "亿吨"), None)]),
])
def test_facts_headline_wordings(sentence, expected):
    assert _facts(sentence) == expected


@pytest.mark.parametrize("sentence,level", [
    ("地区生产总值达到4.2万亿元、稳居全国前列、增长5.1%。", (4.2, "万亿元")),
    ("全市地区生产总值912亿元，总量居全省第三位，增长5.1%。", (912.0, "亿元")),
])
def test_a_remark_on_rank_between_figure_and_growth_keeps_the_growth(sentence, level):
    assert _facts(sentence) == [("地区生产总值", level, 5.1)]


def test_a_remark_names_no_subject_but_a_new_indicator_does():
    got = _facts("地区生产总值达到412亿元，稳居全市第二；税收收入增长6%。")
    assert got == [("地区生产总值", (412.0, "亿元"), None), ("税收收入", None, 6.0)]


@pytest.mark.parametrize("sentence,growth", [
    ("地区生产总值增速达到6.3%。", 6.3),
    ("固定资产投资增幅为9%。", 9.0),
    ("社会消费品零售总额增速回落至4.2%。", 4.2),
])
def test_a_growth_rate_named_as_a_noun_is_growth_not_level(sentence, growth):
    (got,) = _facts(sentence)
    assert got[1] is None and got[2] == growth


@pytest.mark.parametrize("sentence", ["经济增长6.5%左右。", "全省经济增长6.5%左右。", "国民经济增长6.5%左右。"])
def test_the_economy_growing_is_gdp_growth(sentence):
    for target in (False, True):
        ((label, level, growth),) = _facts(sentence, target=target)
        assert indicator_of(label).id == "gdp" and level is None and growth == 6.5


def test_economy_names_gdp_only_as_a_whole_label():
    assert indicator_of("海洋经济") is None
    assert indicator_of("民营经济").id == "private_economy_value_added"
    assert indicator_of("县域经济") is None and indicator_of("全县经济").id == "gdp"


def test_urban_and_rural_written_out_with_respectively():
    got = _facts("城镇、乡村居民人均可支配收入分别达到3.9万元、2.1万元。")
    assert [(label, level) for label, level, _g in got] == [("城镇居民人均可支配收入", (3.9, "万元")),
                                                          ("乡村居民人均可支配收入", (2.1, "万元"))]
    assert [indicator_of(label).id for label, _l, _g in got] == ["urban_disposable_income", "rural_disposable_income"]


def test_a_processing_industry_is_not_industry_as_a_whole():
    assert indicator_of("农产品加工业产值").id == "agro_processing_output"
    assert indicator_of("工业总产值").id == "industrial_output"
    assert indicator_of("规模以上工业产值").id == "industrial_output_above_scale"


@pytest.mark.parametrize("target", [False, True])
def test_sectors_named_by_run_together_ordinals(target):
    got = _facts("一二三产增加值分别增长4%左右、7%左右、6%左右。", target=target)
    assert [(indicator_of(label).id, growth) for label, _l, growth in got] == [
        ("primary_value_added", 4.0), ("secondary_value_added", 7.0), ("tertiary_value_added", 6.0)]
    got = _facts("一二三产业增加值分别增长3%、8%和6%。")
    assert [label for label, _l, _g in got] == ["第一产业增加值", "第二产业增加值", "第三产业增加值"]


def _targets(text: str) -> list[tuple]:
    doc = _doc(text)
    facts.extract(text, normalize(text), doc)
    assert all(text[t["span"][0] : t["span"][1]] == t["quote"] for t in doc.targets)
    return [(t["indicator"], t["growth_pct"], t["value"]) for t in doc.targets]


def test_target_items_set_apart_by_full_stops():
    got = _targets("今年经济社会发展的主要预期目标是：地区生产总值增长6%左右。城镇新增就业1.2万人以上。"
                   "居民消费价格涨幅3%左右。城乡居民人均可支配收入分别增长6%和7%。\n我们将着力抓好以下工作。")
    assert got == [("gdp", 6, None), ("new_urban_jobs", None, 1.2), ("cpi", 3, None),
                   ("urban_disposable_income", 6, None), ("rural_disposable_income", 7, None)]


def test_target_items_go_on_past_short_items_without_a_figure():
    got = _targets("今年主要预期目标是：经济增长7%左右。国际收支趋于平衡。居民收入增长和经济发展同步。"
                   "单位地区生产总值能耗下降3%。要把握好目标之间的平衡，地区生产总值力争增长8%。\n")
    assert got == [("gdp", 7, None), ("energy_intensity", -3, None)]


@pytest.mark.parametrize("lead", ["对接“十四五”规划，今年", "与“十三五”规划相衔接，2024年",
                                  "站在“十四五”规划中期的新起点，今年全县经济社会发展的"])
def test_a_targets_sentence_that_names_the_five_year_plan_is_the_years(lead):
    got = _targets(f"{lead}主要预期目标是：地区生产总值增长6%左右；一般公共预算收入增长5%。\n")
    assert got == [("gdp", 6, None), ("general_budget_revenue", 5, None)]


@pytest.mark.parametrize("lead", ["“十四五”时期经济社会发展的主要目标是：", "今年是“十四五”开局之年，今后五年的主要目标是：",
                                  "对接“十四五”规划，到2025年主要预期目标是："])
def test_five_year_goals_are_no_targets_of_the_year(lead):
    assert _targets(f"{lead}地区生产总值年均增长6%；一般公共预算收入增长5%。\n") == []


def test_a_rank_remark_inside_the_result_is_its_rank():
    text, doc = _review_plan_doc("2023年工作回顾\n全县地区生产总值达到412亿元、居全市第二位、增长5.6%。\n",
                                 "2024年工作安排\n我们将加快发展。")
    facts.extract(text, normalize(text), doc)
    (gdp,) = doc.actuals
    assert (gdp["value"], gdp["growth_pct"], gdp["rank"]["position"]) == (412, 5.6, 2)
    assert text[gdp["rank"]["span"][0] : gdp["rank"]["span"][1]] == gdp["rank"]["quote"] == "居全市第二位"
