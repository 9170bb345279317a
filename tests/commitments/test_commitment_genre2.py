"""Rules of the genre the second blind set pointed to, each on text written here (an invented county, 岚沟县, 2019 → 2020).

``tests/data/commitment_pairs_blind2`` showed these kinds of wording; none of
its words, places or figures is used here.  Each test names the wording it reads.
"""
from __future__ import annotations

import pytest

from gwr.commitments import file_commitments, pair_documents
from gwr.pipeline import extract_file

PLAN = """岚沟县2019年政府工作报告

——2019年1月16日在岚沟县第十七届人民代表大会第三次会议上

县长  苏牧原

各位代表：

现在，我代表县人民政府向大会报告工作，请予审议。

一、2018年工作回顾

2018年，全县经济运行稳中有进，各项社会事业协调发展。

二、2019年工作安排

2019年全县经济社会发展的主要预期目标是：地区生产总值增长7.5%左右，达到260亿元；财政一般公共预算收入增长6%，达到15亿元；粮食总产量稳定在21万吨以上；城乡居民人均可支配收入分别增长8%和9%，分别达到4.1万元、1.9万元。

（一）抓项目稳投资。实施市级重点项目18个。开工建设安置房1000套。改造老旧小区20个，惠及居民8000户。

（二）补齐农村短板。解决1.5万农村人口饮水安全问题。除险加固病险水库8座。

（三）办好民生实事。确保民生支出占财政支出比重不低于75%。帮扶就业困难人员再就业600人。新建和改扩建乡镇卫生院5所。新建改扩建中小学幼儿园10所。引进各类人才800人，其中高端人才50人。

（四）壮大产业和生态。开工建设大中型水库4座。完成营造林面积20万亩，完成人工造林5000亩。新增规上企业5家。招商引资到位资金30亿元，引进亿元以上项目8个。建成村级便民服务项目12个。硬化通组道路30公里。整治山塘12口。完成拆迁面积20万平方米。PM2.5平均浓度控制在35微克/立方米以内。土地流转面积新增2000—3000亩。到2025年高速公路通车里程达到600公里。

三、加强政府自身建设

我们将坚持依法行政，自觉接受人大监督。
"""

REVIEW = """岚沟县2020年政府工作报告

——2020年1月15日在岚沟县第十七届人民代表大会第四次会议上

县长  苏牧原

各位代表：

现在，我代表县人民政府向大会报告工作，请予审议。

一、2019年工作回顾

2019年，全县上下攻坚克难，较好完成了年度目标任务。全年实现地区生产总值262亿元，增长7.6%；一般公共预算收入完成14.2亿元；粮食总产量21.4万吨。18个市级重点项目全部开工。安置房新开工1100套，交付安置房600套。改造老旧小区22个，惠及9100户。解决了1.6万农村人口的饮水安全问题，完成9座病险水库除险加固。民生支出占财政支出的78%，占年度预算的102%。城镇新增就业5000人，帮助650名就业困难人员实现再就业。新建乡镇卫生院2所，改扩建乡镇卫生院2所。新建、改扩建中小学和幼儿园11所。引进各类人才950人。开工建设大型水库1座、中型水库2座。完成造林绿化21万亩，其中人工造林4500亩。新增规模以上企业6家。招商引资实际到位资金312000万元，比上年增加2亿元。13个村级便民服务建设项目建成投用。完成通组公路硬化33公里。完成山塘清淤整治10口。完成房屋拆迁18万平方米。PM2.5平均浓度为33微克/立方米。新增土地流转2600亩。全县高速公路通车里程达到420公里。

二、2020年工作安排

2020年全县经济社会发展的主要预期目标是：地区生产总值增长7%左右。

三、加强政府自身建设

我们将坚持依法行政，自觉接受人大监督。
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("langou")
    (d / "langou_2019.txt").write_text(PLAN, encoding="utf-8")
    (d / "langou_2020.txt").write_text(REVIEW, encoding="utf-8")
    return extract_file(d / "langou_2019.txt"), extract_file(d / "langou_2020.txt")


@pytest.fixture(scope="module")
def paired(files):
    rows = pair_documents(list(files))
    return {r["quote"]: r for r in rows if r["report_year"] == 2019}


def _outcome(paired, quote):
    hits = [r for q, r in paired.items() if quote in q]
    assert len(hits) == 1, (quote, list(paired))
    r = hits[0]
    o = r["outcome"] or {}
    return r["status"], o.get("value_base"), o.get("quote")


def test_a_particle_after_the_verb_and_de_inside_the_object_are_no_part_of_it(paired):
    status, value, quote = _outcome(paired, "解决1.5万农村人口饮水安全问题")
    assert (status, value) == ("done", 16000) and "1.6万" in quote


def test_a_count_before_its_noun_with_the_action_after_it(paired):
    assert _outcome(paired, "除险加固病险水库8座")[:2] == ("done", 9)


def test_a_share_stated_as_jia_zhan_yi_de_is_a_level(paired, files):
    assert _outcome(paired, "民生支出占财政支出比重不低于75%")[:2] == ("done", 78)
    review = file_commitments(files[1], roles=("review",))
    assert not any(r["number"] == "102" for r in review)  # 占年度预算的102%: no 甲 named before 占


def test_a_narrow_group_is_answered_by_itself_not_by_the_whole(paired):
    assert _outcome(paired, "帮扶就业困难人员再就业600人")[:2] == ("done", 650)


def test_a_part_said_with_qizhong_is_never_answered_by_the_whole(paired):
    assert _outcome(paired, "其中高端人才50人")[0] == "no_outcome"
    assert _outcome(paired, "引进各类人才800人")[:2] == ("done", 950)


def test_two_verbs_of_one_item_answered_one_by_one_are_summed(paired):
    status, value, quote = _outcome(paired, "新建和改扩建乡镇卫生院5所")
    assert (status, value) == ("short", 4) and "新建乡镇卫生院2所" in quote and "改扩建乡镇卫生院2所" in quote


def test_a_list_written_without_he_is_the_same_list(paired):
    assert _outcome(paired, "新建改扩建中小学幼儿园10所")[:2] == ("done", 11)


def test_who_benefits_is_the_same_item_said_or_left_out(paired):
    assert _outcome(paired, "惠及居民8000户")[:2] == ("done", 9100)


def test_a_count_then_its_noun_then_the_verb(paired):
    assert _outcome(paired, "实施市级重点项目18个")[:2] == ("done", 18)


def test_a_verb_sharing_a_word_wins_over_another_measure_of_the_thing(paired):
    assert _outcome(paired, "开工建设安置房1000套")[:2] == ("done", 1100)  # not 交付安置房600套


# -- wordings the third blind set pointed to (same two reports, section 四) ----------------------------

def test_a_compressed_coordination_before_xing_is_a_combined_item(paired):
    status, value, quote = _outcome(paired, "开工建设大中型水库4座")
    assert (status, value) == ("short", 3) and "大型水库1座" in quote and "中型水库2座" in quote


def test_spellings_are_made_one_until_none_is_left(paired):
    assert _outcome(paired, "完成营造林面积20万亩")[:2] == ("done", 210000)  # 营造林面积 → 造林面积 → 造林
    assert _outcome(paired, "新增规上企业5家")[:2] == ("done", 6)  # 规上 ~ 规模以上


def test_a_kind_of_activity_said_before_it_is_kept(paired):
    assert _outcome(paired, "完成人工造林5000亩")[:2] == ("short", 4500)  # not the whole 造林绿化


def test_money_named_by_its_own_words_is_no_batchs(paired):
    assert _outcome(paired, "招商引资到位资金30亿元")[:2] == ("done", 3120000000)  # 实际 says nothing more


def test_an_action_before_a_generic_head_and_a_verb_pair_at_the_clause_end(paired):
    assert _outcome(paired, "建成村级便民服务项目12个")[:2] == ("done", 13)


def test_actions_written_after_their_object(paired):
    assert _outcome(paired, "硬化通组道路30公里")[:2] == ("done", 33)  # 道路 ~ 公路, 硬化 after its object
    assert _outcome(paired, "整治山塘12口")[:2] == ("short", 10)  # 清淤整治
    assert _outcome(paired, "完成拆迁面积20万平方米")[:2] == ("short", 180000)  # 面积 is how much of it


def test_an_indicator_named_in_latin_letters_states_its_level(paired):
    assert _outcome(paired, "PM2.5平均浓度控制在35微克/立方米以内")[:2] == ("done", 33)


def test_a_range_commits_to_its_lower_end(paired):
    assert _outcome(paired, "土地流转面积新增2000—3000亩")[:2] == ("done", 2600)


def test_a_goal_due_in_a_later_year_is_not_judged_by_next_years_review(paired):
    assert _outcome(paired, "到2025年高速公路通车里程达到600公里") == (None, None, None)


def test_an_absolute_headline_target_is_a_commitment_and_growth_rates_are_not(paired):
    assert _outcome(paired, "达到260亿元")[:2] == ("done", 26200000000)  # the indicator of the clause before
    assert _outcome(paired, "达到15亿元")[:2] == ("short", 1420000000)  # 财政一般公共预算收入 ~ 一般公共预算收入
    assert _outcome(paired, "粮食总产量稳定在21万吨以上")[:2] == ("done", 214000)
    assert not any("7.5%" in q for q in paired)  # gwr check judges the growth rates
    assert not any("分别达到" in q for q in paired)  # several indicators in turn, none named: no object to guess
