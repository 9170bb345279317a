"""A feed of articles as sites list them: headline, dated byline, body (text written for this test)."""
from __future__ import annotations

from gwr.pipeline import extract_source
from gwr.read import read_bytes
from gwr.parse.split import split

FEED = """首页 > 新闻中心 > 招商动态

【招商引资】总投资16亿元的新型储能电池项目正式签约
发布时间：2024-03-12 来源：青禾市融媒体中心
3月11日，青禾市与某新能源科技有限公司举行新型储能电池项目签约仪式。该项目总投资16亿元，主要建设年产5GWh储能电池生产线。

青禾市第一季度重大项目集中开工

发布日期：2024年3月28日 10:30 作者：本网记者
3月28日，青禾市第一季度重大项目集中开工仪式举行，集中开工项目28个，总投资86.5亿元。其中，投资12亿元的智能装备产业园项目、总投资3.2亿元的城北污水处理厂扩建工程和计划投资8000万元的青禾大道改造工程开工建设。

高新区光伏组件项目竣工投产
发布时间：2024/05/06
5月6日，总投资9.8亿元的高效光伏组件项目在高新区竣工投产。

上一篇：青禾市召开招商工作会
下一篇：高新区举行产业对接会
版权所有：青禾市人民政府办公室
"""


def test_feed_articles_are_cut_at_their_headlines():
    pieces = split(FEED)
    lines = FEED.split("\n")
    news = [p for p in pieces if p.kind == "news"]
    assert [p.title for p in news] == ["【招商引资】总投资16亿元的新型储能电池项目正式签约", "青禾市第一季度重大项目集中开工",
                                       "高新区光伏组件项目竣工投产"]
    assert [p.posted for p in news] == ["2024-03-12", "2024-03-28", "2024-05-06"]
    assert lines[news[-1].end_line - 1].startswith("5月6日")  # the site's footer is not the last article's
    assert [p.kind for p in pieces] == ["boilerplate", "news", "news", "news", "boilerplate"]


def test_projects_of_a_feed_take_their_own_article_stage():
    result = extract_source(read_bytes(FEED.encode("utf-8"), "feed.txt"))
    stages = {p["name"]: p["stage"] for d in result.documents for p in d.projects}
    assert stages["新型储能电池项目"] == "签约"
    assert stages["智能装备产业园项目"] == "开工"  # 开工建设 ends the sentence listing all three
    assert stages["城北污水处理厂扩建工程"] == "开工"
    assert stages["高效光伏组件项目"] == "投产"


def test_one_article_with_a_byline_stays_whole():
    one = "关于印发某项工作方案的通知\n发布时间：2024-03-12 来源：县政府办\n各乡镇人民政府：\n现将方案印发给你们。\n"
    assert len(split(one)) == 1
