"""Document boundaries and kinds against the hand-checked gold (../shared/gold)."""
from __future__ import annotations

import pytest

from gwr.parse.split import classify, split
from corpus_data import CORPUS, GOLD_DOCUMENTS, needs_shared

pytestmark = needs_shared


def _ids(g):
    return f"{g['file'][:3]}:{g['start_line']}-{g['end_line']}"


@pytest.fixture(scope="module")
def pieces():
    return {p.name: split(p.read_text(encoding="utf-8")) for p in CORPUS.glob("*.txt")}


@pytest.mark.parametrize("gold", GOLD_DOCUMENTS, ids=_ids)
def test_split_finds_gold_document(pieces, gold):
    got = [(p.start_line, p.end_line, p.kind) for p in pieces[gold["file"]]]
    assert (gold["start_line"], gold["end_line"], gold["kind"]) in got


@pytest.mark.parametrize("name", sorted({g["file"] for g in GOLD_DOCUMENTS}))
def test_split_finds_no_extra_document(pieces, name):
    gold = {(g["start_line"], g["end_line"]) for g in GOLD_DOCUMENTS if g["file"] == name}
    extra = [(p.start_line, p.end_line, p.kind) for p in pieces[name] if (p.start_line, p.end_line) not in gold]
    assert extra == []


def test_split_offsets_match_lines():
    text = "标题\n\n第一段\n第二段\n"
    (piece,) = split(text)
    assert (piece.start_line, piece.end_line) == (1, 4)
    assert text[piece.start : piece.end] == "标题\n\n第一段\n第二段"


@pytest.mark.parametrize(
    "heading",
    ["## 某县政府工作报告篇二", "**某县政府工作报告篇三**", "【篇二】某县政府工作报告", "第二篇：某县政府工作报告", "政府工作报告 篇2"],
)
def test_split_part_heading_styles(heading):
    review = "全县上下真抓实干，全年完成地区生产总值120亿元，增长7.5%，各项事业取得新进展。" * 20
    plan = "我们将坚持稳中求进，加快产业转型升级，扎实推进乡村振兴，着力保障和改善民生。" * 20
    body = (f"各位代表：\n\n现在，我代表县人民政府向大会报告工作，请予审议。\n\n一、过去一年工作回顾\n\n{review}"
            f"\n\n二、今年工作安排\n\n{plan}\n\n让我们为建设美好家园而努力奋斗！")
    first = heading.replace("二", "一").replace("三", "一").replace("2", "1")
    text = f"网站标题\n\n{first}\n\n{body}\n\n{heading}\n\n{body}\n"
    got = split(text)
    assert [p.kind for p in got] == ["boilerplate", "official_report", "official_report"]
    assert got[2].title and "篇" in got[2].title


def test_split_empty_text_has_no_documents():
    assert split("") == []
    assert split("\n\n  \n") == []


@pytest.mark.parametrize(
    "text,kind",
    [
        ("听了市长所作的政府工作报告，我深受鼓舞，感受很多、体会很多、启发很多。报告提出要加快发展。我认为要坚持真抓实干。", "commentary"),
        ("日前，某县举行重点项目集中签约仪式，12个项目签约，总投资36亿元。", "news"),
    ],
)
def test_classify_genres(text, kind):
    assert classify(text) == kind


def test_split_a_cited_report_title_is_no_part():
    """《政府工作报告》相关名词解释 closes a report; it does not start another."""
    body = "\n".join(["各位代表：", "现在，我代表县人民政府向大会报告工作。"] + ["全县经济平稳运行，各项事业取得新进展。"] * 12
                     + ["让我们为建设美好家园而努力奋斗！"])
    glossary = "\n".join(["《政府工作报告》相关名词解释"] + [f"{i}.某某工程：指……" for i in range(1, 10)])
    text = f"某县2024年政府工作报告\n{body}\n{glossary}\n"
    assert [(p.start_line, p.kind) for p in split(text)] == [(1, "official_report")]
