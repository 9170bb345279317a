"""Headings in the genre's numbering styles, their depth and role."""
from __future__ import annotations

import pytest

from gwr.parse.normalize import normalize
from gwr.parse.sections import find_headings, sections


def _tree(text: str):
    norm = normalize(text)
    return [(s.depth, s.role, s.title) for s in sections(norm, 0, len(norm))]


def test_sections_numbering_styles_nest_by_rank():
    text = "\n".join([
        "2023年工作回顾",
        "一、经济运行稳中有进。全年完成地区生产总值100亿元。",
        "（一）工业生产加快恢复。规模工业增加值增长8%。",
        "1.园区建设提质。新建标准厂房10万平方米。",
        "（1）基础设施完善。",
        "①道路管网。",
        "2024年工作安排",
        "一、扎实推进产业发展",
    ])
    assert _tree(text) == [
        (1, "review", "2023年工作回顾"),
        (2, "review", "经济运行稳中有进"),
        (3, "review", "工业生产加快恢复"),
        (4, "review", "园区建设提质"),
        (5, "review", "基础设施完善"),
        (6, "review", "道路管网"),
        (1, "plan", "2024年工作安排"),
        (2, "plan", "扎实推进产业发展"),
    ]


def test_sections_markdown_levels_do_not_decide_depth():
    text = "## 一、过去一年工作回顾\n正文。\n#### 二、今年工作安排\n正文。\n### （一）稳增长\n正文。"
    assert [(d, t) for d, _r, t in _tree(text)] == [(1, "过去一年工作回顾"), (1, "今年工作安排"), (2, "稳增长")]


@pytest.mark.parametrize(
    "title,role",
    [
        ("2018年工作回顾", "review"),
        ("过去五年工作回顾", "review"),
        ("存在的问题和不足", "problems"),
        ("2019年主要预期目标", "targets"),
        ("2019年工作安排", "plan"),
        ("今年重点工作", "plan"),
        ("加强政府自身建设", "self_government"),
        ("努力建设人民满意政府", "self_government"),
    ],
)
def test_sections_role_from_title(title, role):
    ((depth, got, _t),) = _tree(f"一、{title}\n正文。")
    assert got == role


def test_sections_untitled_parts_take_role_from_tense():
    review = "一、奋发有为，破浪前行\n一年来，全区完成固定资产投资50亿元，实现了稳步增长，取得了显著成绩。"
    plan = "二、开拓进取，彰显特色\n今年我们将着力推动产业升级，力争完成投资60亿元，确保民生改善，要加快项目建设。"
    assert [r for _d, r, _t in _tree(review + "\n" + plan)] == ["review", "plan"]


def test_sections_fused_headings_in_one_long_line():
    line = ("各位代表:现在,我代表区人民政府向大会报告工作。 一、2019年工作回顾2019年,全区经济平稳运行。" + "发展。" * 700
            + " 二、2020年工作安排2020年是全面建成小康社会之年。" + "推进。" * 50)
    tree = _tree(line)
    assert [(d, r) for d, r, _t in tree] == [(1, "review"), (1, "plan")]
    assert tree[0][2] == "2019年工作回顾"


def test_sections_spans_cover_until_next_sibling():
    text = "一、工作回顾\n甲。\n（一）小节\n乙。\n二、工作安排\n丙。"
    norm = normalize(text)
    secs = sections(norm, 0, len(norm))
    assert norm[secs[0].span[0] : secs[0].span[1]].startswith("一、工作回顾")
    assert secs[0].span[1] == norm.index("二、")
    assert secs[1].span[1] == norm.index("二、")
    assert secs[2].span[1] == len(norm)
    assert text[secs[1].heading_span[0] : secs[1].heading_span[1]] == "（一）小节"


@pytest.mark.parametrize("line", ["——开创了经济高质量发展的好局面。", "各位代表：", "政 府 工 作 报 告",
                                  "（以上说明均根据相关单位提供资料整理）", "1.5亿元用于改造", "吉州区政府工作报告篇三"])
def test_sections_not_headings(line):
    norm = normalize(line)
    assert find_headings(norm, 0, len(norm)) == []
