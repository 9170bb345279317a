"""Rules of the genre behind issue 12 item 4, each on text written here (an invented county, 青崖县, 2021 → 2022).

The blind set (``tests/data/commitment_pairs_blind``) showed the kinds of
wording these rules read; none of its words, places or figures is used here.
"""
from __future__ import annotations

import pytest

from gwr.commitment_pairs import agree, object_key
from gwr.commitments import file_commitments, pair, pair_documents
from gwr.pipeline import extract_file
from gwr.quantities import find_quantities

PLAN = """青崖县2021年政府工作报告

——2021年1月20日在青崖县第九届人民代表大会第五次会议上

县长  何远山

各位代表：

现在，我代表县人民政府向大会报告工作，请予审议。

一、2020年工作回顾

2020年，全县上下团结一心，较好完成了年度目标任务。

二、2021年工作安排

2021年全县经济社会发展的主要预期目标是：地区生产总值增长7%左右。

（一）扩大有效投资。全年安排县级重点项目60个，年度计划投资45亿元。确保青崖水泥技改项目完成投资5亿元。力争新增挂牌企业3家。

（二）壮大县域经济。社会消费品零售总额达到120亿元。县级财政新增财力的60%以上用于民生。全县36个行政村集体经济收入均达到10万元以上。培育示范家庭农场12家。

（三）补齐民生短板。培训农民工3000人次。新建村级卫生室10个。解决8万农村人口安全饮水问题。城镇调查失业率控制在5%以内。细颗粒物年均浓度控制在38微克/立方米以内。

三、加强政府自身建设

我们将坚持依法行政，自觉接受监督。
"""

REVIEW = """青崖县2022年政府工作报告

——2022年1月18日在青崖县第十届人民代表大会第一次会议上

县长  何远山

各位代表：

现在，我代表县人民政府向大会报告工作，请予审议。

一、2021年工作回顾

2021年，全县经济社会保持平稳健康发展。社会消费品零售总额116亿元，增长6.1%。60个县级重点项目完成投资47亿元，青崖水泥技改项目完成投资6亿元，新开工亿元以上项目12个，其中宏达纺织项目完成投资2.4亿元。实现企业挂牌2家。示范家庭农场总数达到40家。村集体经济收入全部达到10万元以上。开展农民工技能培训3400人次。建成村组卫生室11个。解决8.3万农村人口安全饮水问题。城镇调查失业率为4.8%。细颗粒物年均浓度降至36微克/立方米。

二、2022年工作安排

2022年全县经济社会发展的主要预期目标是：地区生产总值增长6.5%左右。

三、加强政府自身建设

我们将坚持依法行政，自觉接受监督。
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("qingya")
    (d / "qingya_2021.txt").write_text(PLAN, encoding="utf-8")
    (d / "qingya_2022.txt").write_text(REVIEW, encoding="utf-8")
    return extract_file(d / "qingya_2021.txt"), extract_file(d / "qingya_2022.txt")


@pytest.fixture(scope="module")
def paired(files):
    rows = pair_documents(list(files))
    return {r["quote"]: r for r in rows if r["report_year"] == 2021}


def _row(paired, quote):
    hits = [r for q, r in paired.items() if quote in q]
    assert len(hits) == 1, (quote, list(paired))
    return hits[0]


def _outcome(paired, quote):
    r = _row(paired, quote)
    return r["status"], (r["outcome"] or {}).get("quote")


def row(obj, value, unit_base="item", verb="新增", verb_kind="action", **kw):
    return {"verb": verb, "verb_kind": verb_kind, "object": obj, "value": value, "value_base": value,
            "unit_base": unit_base, **kw}


# -- pairing: how two wordings of one thing are told to be one --------------------------------------

def test_an_activity_written_verb_first_is_the_activity_noun():
    plan = [row("农民工", 3000, "person_time", verb="培训")]
    said = row("农民工技能培训", 3400, "person_time", verb="开展")
    assert pair(plan, [said])[0]["status"] == "done"  # 培训农民工 ~ 开展农民工技能培训
    other = row("农民工", 3400, "person_time", verb="转移")
    assert pair(plan, [other])[0]["status"] == "no_outcome"  # moving workers is not training them
    户厕 = [row("农村户厕", 650, "household", verb="改造")]
    assert pair([row("农村改厕", 600, "household", verb="完成")], 户厕)[0]["status"] == "done"


def test_two_words_in_the_other_order_are_one_compound():
    assert agree(object_key("挂牌企业"), object_key("企业挂牌"))
    assert not agree(object_key("项目投资"), object_key("投资项目"))  # never for a generic head


def test_words_saying_when_are_no_modifiers():
    assert agree(object_key("计划投资"), object_key("投资"))  # 年度计划投资 ~ 完成年度投资
    assert not agree(object_key("计划投资"), object_key("工业投资"))
    assert object_key("计划生育家庭").modifiers == "计划生育"  # a whole word only


def test_the_village_level_said_three_ways():
    assert agree(object_key("村级卫生室"), object_key("村组卫生室"))
    assert agree(object_key("农村文化礼堂"), object_key("村级文化礼堂"))


def test_an_item_of_no_kind_never_pairs_with_a_stock_said_in_words():
    plan = [row("示范家庭农场", 12, verb="培育")]
    stock = row("示范家庭农场总数", 40, verb="达到", verb_kind="level", measure_kind="total")
    assert pair(plan, [stock])[0]["status"] == "no_outcome"
    built = row("示范家庭农场", 40, verb="建成", measure_kind="total", quote="累计建成示范家庭农场40家")
    assert pair(plan, [built])[0]["status"] == "no_outcome"
    level = [row("社会消费品零售总额", 120, "yuan", verb="达到", verb_kind="level", measure_kind="total")]
    said = row("社会消费品零售总额", 116, "yuan", verb="完成")
    assert pair(level, [said])[0]["status"] == "short"  # a level verb alone is no stock word


# -- the grammar, on the two reports above ------------------------------------------------------------

def test_wei_before_a_figure_states_an_indicators_level(paired):
    assert _outcome(paired, "城镇调查失业率控制在5%以内") == ("done", "城镇调查失业率为4.8%")


def test_a_review_clause_of_an_indicator_and_its_figure_is_an_outcome(paired):
    assert _outcome(paired, "社会消费品零售总额达到120亿元") == ("short", "社会消费品零售总额116亿元")


def test_a_count_before_its_noun_as_subject_is_an_outcome_and_its_batch(paired):
    status, quote = _outcome(paired, "全年安排县级重点项目60个")
    assert status == "done" and quote.startswith("60个县级重点项目")
    r = _row(paired, "年度计划投资45亿元")
    assert r["status"] == "done" and r["outcome"]["value"] == 47  # the batch's money, not the project's


def test_a_project_named_before_its_verb_is_its_own_batch(paired, files):
    r = _row(paired, "青崖水泥技改项目完成投资5亿元")
    assert r["status"] == "done" and r["outcome"]["value"] == 6
    review = {x["number"]: x for x in file_commitments(files[1], roles=("review",))}
    assert review["2.4"]["verb"] == "完成" and review["2.4"]["batch"] == "宏达纺织项目"  # 达 inside a name is no verb


def test_a_magnitude_before_a_noun_counting_people_counts_them(paired):
    r = _row(paired, "解决8万农村人口安全饮水问题")
    assert r["unit_base"] == "person" and r["value_base"] == 80000
    assert r["status"] == "done" and r["outcome"]["value_base"] == 83000


def test_a_leading_count_of_places_is_the_scope_not_the_thing(paired):
    r = _row(paired, "集体经济收入均达到10万元以上")
    assert "36个" not in r["object"] and r["status"] == "done"


def test_verb_first_and_reordered_wordings_pair(paired):
    assert _outcome(paired, "力争新增挂牌企业3家") == ("short", "实现企业挂牌2家")
    assert _outcome(paired, "培训农民工3000人次")[0] == "done"
    assert _outcome(paired, "新建村级卫生室10个") == ("done", "建成村组卫生室11个")
    assert _outcome(paired, "培育示范家庭农场12家") == ("no_outcome", None)


def test_a_concentration_is_read_with_its_unit(paired):
    got = find_quantities("细颗粒物年均浓度控制在38微克/立方米以内")
    assert [(q.value, q.unit_base, q.dimension) for q in got] == [(38, "ug_m3", "concentration")]
    assert _outcome(paired, "细颗粒物年均浓度控制在38微克/立方米以内")[0] == "done"


def test_a_share_of_something_is_no_item(paired):
    assert not any("新增财力" in q for q in paired)
