"""Builds 19_laiwu_prefecture_2017_spaced.pdf with reportlab (STSong-Light CID font,
as tests/read/read_builders.py does).

The report is typeset the way a word processor exports it when Arabic digits sit in a
Latin font with automatic CJK/Latin spacing: every run of digits/Latin characters is
separated from the Chinese by a space, so the extracted text reads "2016 年",
"增长 7.6%", "——2017 年 1 月 9 日在…".  (Each line is drawn as one
string in the CJK font: pdfium drops a one-character CJK string drawn on its own.)  One text line per drawn line,
A4, 12 pt, wrapped to the text column; headings on their own line.

Run with the project's venv:  /work/main/.venv/bin/python make_19_pdf.py
"""
from __future__ import annotations

import re
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

PARAGRAPHS = [
    "#莱芜市政府工作报告",
    "#——2017 年 1 月 9 日在莱芜市第十七届人民代表大会第五次会议上",
    "#市长　许立华",
    "各位代表：",
    "现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。",
    "一、2016 年工作回顾",
    "2016 年，面对经济下行压力持续加大的复杂形势，全市上下坚持稳中求进工作总基调，"
    "经济社会保持平稳健康发展。全市实现生产总值 702.8 亿元，增长 7.6%；一般公共预算收入 "
    "56.3 亿元，增长 8.4%；固定资产投资 621.5 亿元，增长 12.2%；社会消费品零售总额 "
    "286.7 亿元，增长 10.3%；城镇和农村居民人均可支配收入分别达到 32860 元和 14620 元，"
    "分别增长 7.1% 和 7.8%。",
    "（一）转型升级步伐加快。钢铁产业压减粗钢产能 125 万吨，新材料、新能源汽车零部件、"
    "高端装备制造等新兴产业产值增长 18.6%，高新技术产业产值占规模以上工业比重达到 29.5%。",
    "（二）城乡建设扎实推进。完成棚户区改造 1.2 万户，新改建农村公路 260 公里，"
    "雪野旅游区、房干生态景区接待游客 860 万人次。",
    "（三）民生保障持续加强。民生支出占一般公共预算支出的 79.2%，城镇新增就业 2.6 万人，"
    "实现 1.1 万名农村贫困人口脱贫。",
    "二、2017 年工作安排",
    "2017 年全市经济社会发展的主要预期目标是：生产总值增长 7.5% 左右；一般公共预算收入"
    "增长 7%；固定资产投资增长 11%；社会消费品零售总额增长 10%；城乡居民人均可支配收入"
    "分别增长 7% 和 8%；单位生产总值能耗下降 3.5%。",
    "重点抓好以下工作：一是加快新旧动能转换；二是扩大有效投资，全年实施重点项目 150 个；"
    "三是推进城乡融合发展；四是打好污染防治攻坚战；五是办好 12 件民生实事。",
    "三、加强政府自身建设",
    "我们将坚持依法行政，自觉接受人大监督和政协民主监督，严格落实中央八项规定精神，"
    "努力建设人民满意政府。",
    "各位代表，让我们紧密团结在以习近平同志为核心的党中央周围，在市委的坚强领导下，"
    "开拓进取、真抓实干，为建设经济文化强市而努力奋斗！",
]

CJK = "STSong-Light"
SIZE, LEADING = 12, 20


def runs(line: str):
    """Split a line into (text, font) runs, ASCII and the rest (both measured in the CJK font)."""
    for m in re.finditer(r"[\x20-\x7e]+|[^\x20-\x7e]+", line):
        yield m.group(0), CJK


def width(line: str) -> float:
    return sum(pdfmetrics.stringWidth(t, f, SIZE) for t, f in runs(line))


def main() -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(CJK))
    page_w, page_h = A4
    left, right, top, bottom = 72, page_w - 72, page_h - 80, 80
    placed: list[tuple[str, float]] = []
    for para in PARAGRAPHS:
        if para.startswith("#"):
            text = para[1:]
            placed.append((text, (page_w - width(text)) / 2))
            continue
        x0, line = left + 2 * SIZE, ""
        for ch in para:
            if x0 + width(line + ch) > right:
                placed.append((line, x0))
                x0, line = left, ""
            line += ch
        placed.append((line, x0))
    out = Path(__file__).resolve().parent.parent / "19_laiwu_prefecture_2017_spaced.pdf"
    c = canvas.Canvas(str(out), pagesize=A4, invariant=1)
    c.setTitle("莱芜市政府工作报告")
    y = top
    for text, x in placed:
        if y < bottom:
            c.showPage()
            y = top
        c.setFont(CJK, SIZE)
        c.drawString(x, y, text)
        y -= LEADING
    c.showPage()
    c.save()
    print(out, len(placed), "lines")


if __name__ == "__main__":
    main()
