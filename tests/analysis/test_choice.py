"""One number per region, year and indicator (issue 12, item 2): the written rule of
gwr.analysis.choice, on hand-written rows and through the store, compare and the region page."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import gwr
from gwr.analysis.choice import choose


def _row(fid, *, value, qualifier=None, review_year=2018, doc_kind="official_report", start=100, path="a.txt"):
    return {"fact_id": fid, "kind": "actual", "year": 2018, "value": value, "value_qualifier": qualifier,
            "review_year": review_year, "doc_kind": doc_kind, "span": [start, start + 10], "path": path,
            "document_id": path + ":0"}


def test_the_report_about_the_year_wins_over_a_later_mention():
    later = _row(1, value=412, review_year=2020, start=5)  # a five-year review mentions 2018 again
    own = _row(2, value=411.8, start=900)
    assert choose([later, own])[0] is own


def test_an_exact_figure_wins_over_a_threshold():
    threshold = _row(1, value=400, qualifier="突破", start=5)
    exact = _row(2, value=412, start=300)
    chosen, others = choose([threshold, exact])
    assert chosen is exact and others == [threshold]


def test_a_whole_report_wins_over_an_excerpt_and_the_headline_over_a_later_mention():
    excerpt = _row(1, value=412, doc_kind="report_excerpt", start=1)
    headline = _row(2, value=412, start=50)
    again = _row(3, value=412, start=4000)
    chosen, others = choose([again, excerpt, headline])
    assert chosen is headline and others == [again, excerpt]


def test_the_choice_does_not_depend_on_the_order_given():
    rows = [_row(i, value=400 + i, start=10 * (5 - i), path=f"{i}.txt") for i in range(5)]
    assert choose(rows)[0] is choose(list(reversed(rows)))[0]


REPORT = """政府工作报告
——2019年1月8日在宁远县第十八届人民代表大会第三次会议上
县长 叶文澜
各位代表：
一、2018年工作回顾
2018年，全县地区生产总值突破400亿元。全县地区生产总值完成412亿元，增长7.6%。工业经济稳步发展，全县地区生产总值412亿元。各项工作扎实推进。
二、2019年工作安排
2019年全县经济社会发展的主要预期目标是：地区生产总值增长7%左右。各项工作扎实推进。
"""


@pytest.fixture
def db(tmp_path):
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    gwr.open(str(tmp_path / "gwr.sqlite")).ingest([tmp_path / "report.txt"])
    return str(tmp_path / "gwr.sqlite")


@pytest.fixture
def corpus(db):
    return gwr.open(db)


def test_compare_shows_the_chosen_figure_and_keeps_the_others(corpus):
    table = corpus.compare(indicators=["gdp"], regions=["宁远县"], measure="value")
    assert list(table[("gdp", 2018)]) == [412]
    alternatives = table.attrs["alternatives"]
    assert sorted(alternatives.value) == [400, 412]
    assert set(alternatives.quote) == {"地区生产总值突破400亿元", "地区生产总值412亿元"}
    shown = table.attrs["shown"]
    assert list(shown.quote) == ["地区生产总值完成412亿元，增长7.6%"]


def test_region_page_links_the_alternatives(corpus, db):
    from gwr.web.app import Settings, create_app

    code = corpus.documents().region_code.iloc[0]
    page = TestClient(create_app(Settings(db=db))).get(f"/regions/{code}")
    assert page.status_code == 200
    assert "另有2处表述" in page.text and "突破400" in page.text
