"""Report texts written for the tests: an invented county (岚溪县), speaker and figures.

Shared by the reader, splitter and store tests that need a whole report (title,
delivery line, speaker, sections, targets and actuals) without borrowing a
real one.
"""
from __future__ import annotations

import re

REPORT = """\
2024年政府工作报告
——2024年1月18日在岚溪县第九届人民代表大会第三次会议上
岚溪县人民政府县长  柯望舒
各位代表：
现在，我代表县人民政府，向大会报告政府工作，请予审议，并请县政协委员和其他列席人员提出意见。
一、2023年工作回顾
过去一年，全县地区生产总值达到186.4亿元，增长6.1%；一般公共预算收入12.3亿元，增长8.2%；城镇居民人均可支配收入41250元，增长5.6%；农村居民人均可支配收入21870元，增长7.4%。
（一）产业发展稳中有进。新签约项目32个，总投资达到145亿元。规模以上工业增加值增长9.3%。
（二）城乡面貌持续改善。新建农村公路86公里，改造老旧小区24个。
二、存在的问题
我们也清醒地看到，经济总量偏小，产业结构不优，财政收支矛盾突出。
三、2024年工作安排
2024年全县经济社会发展的主要预期目标是：地区生产总值增长6%左右，一般公共预算收入增长5%，固定资产投资增长8%，城乡居民人均可支配收入分别增长6%和7%。
（一）着力壮大实体经济。力争规模以上工业增加值增长8%以上。
（二）着力推进乡村振兴。粮食产量稳定在18万吨以上。
四、加强政府自身建设
我们将坚持依法行政，建设人民满意的服务型政府。
各位代表，让我们在县委的坚强领导下，凝心聚力，为建设美丽岚溪而努力奋斗！
"""


def pdf_spaced(text: str) -> str:
    """``text`` as PDF extraction spaces it: a space wherever a figure meets Chinese, and before %."""
    text = re.sub(r"(?<=[\u4e00-\u9fff])(?=[0-9])|(?<=[0-9])(?=[\u4e00-\u9fff])", " ", text)
    return text.replace("%", " %")


def summary(doc: dict) -> dict:
    """What a reader of ``gwr extract`` relies on in one document, spans left out."""
    return {
        "kind": doc["kind"], "lines": doc["lines"], "title": doc["title"],
        "report_year": doc["report_year"], "review_year": doc["review_year"],
        "delivered_date": doc["delivered_date"], "speaker": doc["speaker"], "session": doc["session"],
        "sections": [(s["title"], s["role"], s["depth"]) for s in doc["sections"]],
        "targets": [(f["indicator"], f["label"], f["year"], f.get("growth_pct"), f.get("value"), f["quote"])
                    for f in doc["targets"]],
        "actuals": [(f["indicator"], f["label"], f["year"], f.get("growth_pct"), f.get("value"), f["quote"])
                    for f in doc["actuals"]],
    }
