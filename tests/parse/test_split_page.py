"""One report, one count: what a scraped page wraps around a report is never a second report.

A page header with a summary of the report (内容摘要, 导读), a toolbar (下载 打印
字号 大 中 小), and the report printed twice in one page — on invented texts
(tests/invented.py) with the furniture written the way sites write it.
"""
from __future__ import annotations

import pytest

from gwr.model import Source
from gwr.pipeline import extract_source
from gwr.parse.split import is_boilerplate_line, is_toolbar_line, split

from invented import REPORT

FOOT = "\n主办单位：岚溪县人民政府办公室\n版权所有 岚溪县人民政府\n"
PAGE_HEAD = "2024年岚溪县政府工作报告\n发布时间：2024-01-25 来源：岚溪县人民政府办公室\n"
SUMMARY = ("内容摘要：2023年全县地区生产总值达到186.4亿元，增长6.1%。2024年地区生产总值预期增长6%左右，"
           "着力壮大实体经济，着力推进乡村振兴。\n")


def extract(text: str):
    return extract_source(Source("page.txt", "txt", "utf-8", "0" * 64, len(text.encode()), text)).documents


def kinds(text: str) -> list[str]:
    return [p.kind for p in split(text)]


@pytest.mark.parametrize("label", ["内容摘要：", "摘要：", "导读：", "【导读】", "内容提要："])
def test_a_summary_in_the_page_header_is_not_a_second_report(label):
    text = PAGE_HEAD + SUMMARY.replace("内容摘要：", label) + "\n" + REPORT + FOOT
    docs = extract(text)
    reports = [d for d in docs if d.kind in ("official_report", "report_excerpt")]
    assert len(reports) == 1
    [report] = reports
    assert report.kind == "official_report" and report.speaker == "柯望舒"
    assert report.title == "2024年政府工作报告"
    assert docs[0].kind == "boilerplate" and docs[0].lines == (1, 3)
    assert not docs[0].targets and not docs[0].actuals  # the summary's figures are the report's, counted once


def test_a_summary_label_on_its_own_line():
    text = PAGE_HEAD + "摘要\n" + SUMMARY.replace("内容摘要：", "") + "\n" + REPORT + FOOT
    assert kinds(text) == ["boilerplate", "official_report", "boilerplate"]


def test_a_news_lead_above_a_report_is_still_news():
    lead = ("岚溪县第九届人民代表大会第三次会议开幕\n发布时间：2024-01-18 来源：岚溪日报\n"
            "本报讯（记者 石原）1月18日上午，岚溪县第九届人民代表大会第三次会议隆重开幕。"
            "县长柯望舒作政府工作报告，与会代表认真听取并审议。\n以下为报告全文\n")
    assert kinds(lead + REPORT + FOOT) == ["news", "official_report", "boilerplate"]


@pytest.mark.parametrize("toolbar", [
    "【下载】【打印】【全屏】【收藏】\n字号：大 中 小\n分享到：",
    "下载 打印 全屏 收藏 字号 大 中 小 分享",
    "[ 打印本页 ] [ 关闭窗口 ] [ 我要纠错 ]",
])
def test_a_toolbar_above_the_report_is_boilerplate(toolbar):
    text = PAGE_HEAD + toolbar + "\n\n" + REPORT + FOOT
    assert kinds(text) == ["boilerplate", "official_report", "boilerplate"]


def test_a_toolbar_below_the_report_is_furniture():
    text = "岚溪县人民政府门户网站\n" + REPORT + "\n下载 打印 全屏 收藏 字号 大 中 小 分享\n" + FOOT
    pieces = split(text)
    assert [p.kind for p in pieces] == ["official_report", "boilerplate"]
    assert "下载" not in text[pieces[0].start:pieces[0].end]


def test_toolbar_lines():
    assert is_toolbar_line("字号：大 中 小")
    assert is_toolbar_line("【打印】 【关闭】 【返回顶部】")
    assert is_boilerplate_line("下载 | 打印 | 收藏 | 分享")
    # the words alone, or in a sentence, are not a toolbar
    assert not is_toolbar_line("大 中 小")
    assert not is_toolbar_line("打印")
    assert not is_toolbar_line("下载打印资料大中小学校")
    assert not is_toolbar_line("全县中小学校舍改造完成。")


def test_a_page_printing_the_report_twice_marks_the_second_copy():
    second = REPORT.replace("县长  柯望舒", "县长 柯望舒").replace("各位代表：\n", "各位代表:\n")
    text = ("岚溪县人民政府门户网站\n" + REPORT + "\n发布时间：2024-01-25  浏览次数：1024\n\n"
            + second + FOOT)
    docs = extract(text)
    reports = [d for d in docs if d.kind == "official_report"]
    assert len(reports) == 2
    first, copy = reports
    assert first.duplicate_of is None and first.similarity is None
    assert copy.duplicate_of == first.index and copy.similarity >= 0.9
    as_json = [d.to_dict() for d in docs]
    assert as_json[copy.index]["duplicate_of"] == first.index


def test_two_different_reports_on_one_page_are_not_copies():
    other = (REPORT.replace("岚溪", "青渚").replace("柯望舒", "宁知远")
             .replace("2024", "2025").replace("2023", "2024"))
    # another year's report: same frame, other figures and other words
    other = other.replace("186.4亿元，增长6.1%", "203.9亿元，增长5.8%").replace("经济总量偏小，产业结构不优，财政收支矛盾突出",
                                                                        "创新能力不强，民生短板较多，营商环境仍需优化")
    other = other.replace("新建农村公路86公里，改造老旧小区24个", "新增城镇就业4200人，建成乡镇卫生院3所，新建幼儿园5所")
    docs = extract("2024年岚溪县政府工作报告\n" + REPORT + "\n2025年青渚县政府工作报告\n" + other)
    assert all(d.duplicate_of is None for d in docs)
