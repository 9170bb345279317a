"""Identification in the forms users met on real reports (issue 11): the State Council's report,
years stated only by the body or in Chinese numerals with odd zeros, speakers on their own line or
with dotted names, part headings that run into their paragraph.  Every text here is invented."""
from __future__ import annotations


import pytest

from gwr.parse.meta import read_header
from gwr.parse.normalize import normalize
from corpus_data import extract_text

FILLER = "全县上下凝心聚力，攻坚克难，各项事业取得新进展。" * 6


_doc = extract_text


NATIONAL = """政府工作报告
——{date}在第{term}届全国人民代表大会第{sitting}次会议上
国务院总理  {name}
各位代表：
现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。
一、{review}
过去一年，国内生产总值增长6.1%，城镇新增就业1100万人。{filler}
二、{plan}
今年发展主要预期目标是：国内生产总值增长6%左右；城镇新增就业1100万人以上。{filler}
三、加强政府自身建设
各位代表！让我们紧密团结，开拓进取，为实现今年经济社会发展目标而努力奋斗！
"""


@pytest.mark.parametrize("date,term,sitting,review,plan,year", [
    ("二○○七年三月五日", "十", "五", "2006年工作回顾", "2007年工作总体部署", 2007),
    ("二O一三年三月五日", "十二", "一", "过去五年工作回顾", "对今年政府工作的建议", 2013),
    ("2019年3月5日", "十三", "二", "2018年工作回顾", "2019年经济社会发展总体要求和政策取向", 2019),
    ("2024年3月5日", "十四", "二", "2023年工作回顾", "2024年经济社会发展总体要求和政策取向", 2024),
])
def test_national_report_of_every_era(date, term, sitting, review, plan, year):
    d = _doc(NATIONAL.format(date=date, term=term, sitting=sitting, review=review, plan=plan,
                             name="宋知远", filler=FILLER))
    assert (d.region.name, d.region.level, d.region.code, d.region.parent) == ("中华人民共和国", "national", "100000", None)
    assert d.speaker == "宋知远" and d.speaker_title == "总理"
    assert (d.report_year, d.review_year) == (year, year - 1)
    assert d.delivered_date == f"{year}-03-05"
    assert d.session == f"第{term}届全国人民代表大会第{sitting}次会议"
    assert d.kind == "official_report"


def test_a_provincial_report_is_not_national():
    d = _doc(NATIONAL.replace("全国人民代表大会", "湖北省人民代表大会").replace("国务院总理", "湖北省人民政府省长")
             .replace("我代表国务院", "我代表省人民政府").format(
                 date="2019年1月10日", term="十三", sitting="二", review="2018年工作回顾", plan="2019年工作安排",
                 name="宋知远", filler=FILLER))
    assert d.region.level == "province" and d.region.code == "420000"


@pytest.mark.parametrize("written,iso", [
    ("二00六年一月十日", "2006-01-10"), ("二O一二年二月二十日", "2012-02-20"),
    ("二〇一五年一月八日", "2015-01-08"), ("二○○九年十二月二十六日", "2009-12-26"),
    ("二零一一年三月三日", "2011-03-03"),
])
def test_chinese_numeral_dates_with_every_zero(written, iso):
    head = f"政府工作报告\n——{written}在青禾县第九届人民代表大会第三次会议上\n县长 田立新\n各位代表："
    assert read_header(normalize(head)).delivered_date == iso


def test_years_in_chinese_numerals_keep_their_length():
    for s in ("二○○八年", "二O一二年", "二00六年", "一九九九年", "二〇二四年的"):
        assert len(normalize(s)) == len(s)
    assert normalize("二○××年") == "二○××年"  # a masked year stays masked


@pytest.mark.parametrize("line,name", [
    ("白沙县人民政府县长\n杜明远", "杜明远"),
    ("县长：王  明", "王明"),
    ("代县长 李　强", "李强"),
    ("市长  (代)  方春来", "方春来"),
    ("自治区人民政府主席  艾山·吐尔逊", "艾山·吐尔逊"),
    ("州长 阿依古丽•买买提", "阿依古丽·买买提"),
    ("州长 扎西・多吉次仁", "扎西·多吉次仁"),
    ("白沙县人民政府副县长、代理县长　杜明远", "杜明远"),
    ("县长 杜明远 同志", "杜明远"),
])
def test_speaker_forms(line, name):
    head = f"政府工作报告\n——2020年1月9日在白沙县第十六届人民代表大会第四次会议上\n{line}\n各位代表："
    assert read_header(normalize(head)).speaker == name


def test_speaker_on_the_session_line():
    head = "政府工作报告\n——2020年1月9日在白沙县第十六届人民代表大会第四次会议上 县长 杜明远\n各位代表："
    assert read_header(normalize(head)).speaker == "杜明远"


def test_a_title_in_commentary_is_no_speaker():
    assert read_header(normalize("听了县长的报告，我深受鼓舞\n县长杜明远同志的报告")).speaker is None


def test_speaker_name_alone_below_the_session_line():
    head = "政府工作报告\n——2020年1月9日在白沙县第十六届人民代表大会第四次会议上\n杜明远\n各位代表："
    assert read_header(normalize(head)).speaker == "杜明远"


@pytest.mark.parametrize("line", ["目录", "全文", "各位代表", "政府工作报告", "2020年1月", "回顾过去", "工作回顾"])
def test_header_words_are_not_names(line):
    head = f"政府工作报告\n——2020年1月9日在白沙县第十六届人民代表大会第四次会议上\n{line}\n各位代表："
    assert read_header(normalize(head)).speaker is None


def test_year_from_the_targets_statement_when_the_header_has_none():
    text = ("年份：2016\n政府工作报告\n县长：王  明\n各位代表：\n现在，我代表县人民政府，向大会报告工作，请予审议。\n"
            f"一、过去一年工作回顾\n过去的一年，全县生产总值增长7.5%。{FILLER}\n二、今年工作安排\n"
            f"2019年全县经济社会发展的主要预期目标是：地区生产总值增长8%左右。{FILLER}\n")
    d = _doc(text)
    assert (d.report_year, d.review_year) == (2019, 2018)  # the page's 年份：2016 is the site's


def test_year_from_the_review_when_nothing_else_names_it():
    text = ("政府工作报告\n各位代表：\n现在，我代表县人民政府，向大会报告工作，请予审议。\n一、过去一年工作回顾\n"
            f"2017年，全县生产总值增长7.5%。2017年全县新增就业3200人。{FILLER}\n二、今年工作安排\n今年要抓好以下工作。{FILLER}\n")
    d = _doc(text)
    assert (d.report_year, d.review_year) == (2018, 2017)


def test_review_heading_naming_the_year_and_the_five_year_plan():
    body = "2025年，全县地区生产总值增长6.1%，一般公共预算收入完成10.2亿元。" + FILLER * 12
    plan = "2026年全县经济社会发展的主要预期目标是：地区生产总值增长6%左右。" + FILLER * 12
    text = ("2026年白沙县人民政府工作报告\n——二O二六年一月十二日在白沙县第十八届人民代表大会第六次会议上\n县长 杜明远\n"
            f"一、2025年主要工作和“十四五”发展成就{body}二、“十五五”时期主要目标和2026年重点工作{plan}\n")
    d = _doc(text)
    tops = [(s.title, s.role) for s in d.sections if s.depth == 1]
    assert tops == [("2025年主要工作和“十四五”发展成就", "review"), ("“十五五”时期主要目标和2026年重点工作", "plan")]
    assert (d.report_year, d.review_year, d.delivered_date) == (2026, 2025, "2026-01-12")
    assert {a["year"] for a in d.actuals if a.get("indicator") == "gdp"} == {2025}
    assert [t["growth_pct"] for t in d.targets if t["indicator"] == "gdp"] == [6]


def test_heading_fused_with_its_paragraph_at_the_start_of_a_line():
    text = ("政府工作报告\n——2024年1月8日在白沙县第十八届人民代表大会第四次会议上\n县长 杜明远\n各位代表：\n"
            "一、2023年工作回顾2023年，全县地区生产总值增长5.2%。" + FILLER * 60 + "\n二、2024年工作安排\n" + FILLER)
    d = _doc(text)
    tops = [(s.title, s.role) for s in d.sections if s.depth == 1]
    assert tops[0] == ("2023年工作回顾", "review")
