"""The pure parts of the pages: SVG charts and the reader's highlighting (no database, no server)."""
from __future__ import annotations

import re

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from gwr.web.charts import Series, column_chart, fmt_number, hbar_chart, line_chart, nice_ticks
from gwr.web.reader import highlight, marks_of
from gwr.web.views import fact_text, growth_text


@pytest.mark.parametrize("lo, hi, expected", [
    (0, 9.5, [0, 2, 4, 6, 8, 10]),
    (-3, 6.6, [-4, -2, 0, 2, 4, 6, 8]),
    (0, 678, [0, 200, 400, 600, 800]),
    (5, 5, [2, 3, 4, 5, 6, 7, 8]),
])
def test_nice_ticks_cover_the_range_with_round_steps(lo, hi, expected):
    assert nice_ticks(lo, hi) == expected


@pytest.mark.parametrize("v, text", [(6.5, "6.5"), (678.0, "678"), (-0.0, "0"), (None, "–"), (1e12, "1000000000000")])
def test_fmt_number(v, text):
    assert fmt_number(v) == text


def test_charts_escape_labels_and_carry_tooltips():
    svg = str(hbar_chart([("<b>湖南省</b>", 3, "/regions/430000?a=1&b=2")], title="各省份", unit="篇"))
    tree = HTMLParser(svg)
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert tree.css_first("rect title").text() == "<b>湖南省</b>：3篇"
    assert tree.css_first("a").attributes["href"] == "/regions/430000?a=1&b=2"


def test_column_chart_puts_negative_growth_below_zero():
    svg = str(column_chart(["2019", "2020"], [Series("实际", [6.0, -3.0])], title="增速", unit="%"))
    rects = HTMLParser(svg).css("rect.bar")
    zero = float(re.search(r'class="axis zero"[^>]*y1="([\d.]+)"', svg).group(1))
    up, down = [r for r in rects if r.css_first("title")]
    assert float(up.attributes["y"]) + float(up.attributes["height"]) == pytest.approx(zero, abs=0.2)
    assert float(down.attributes["y"]) == pytest.approx(zero, abs=0.2)


def test_line_chart_breaks_at_a_missing_year():
    svg = str(line_chart(["2017", "2018", "2019", "2020"], [Series("实际", [1.0, 2.0, None, 4.0])], title="t"))
    tree = HTMLParser(svg)
    assert len(tree.css("circle")) == 3
    assert [len(p.attributes["points"].split()) for p in tree.css("polyline")] == [2]


def test_highlight_keeps_the_text_and_wraps_overlapping_marks_once():
    text = "前言。城乡居民收入增长9%和9.5%<b>。"
    rows = [{"fact_id": 1, "kind": "target", "start": 3, "end": 14},
            {"fact_id": 2, "kind": "target", "start": 3, "end": 19}]
    html, placed = highlight(text, 0, len(text), marks_of(rows, []))
    tree = HTMLParser(f"<p>{html}</p>")
    assert tree.css_first("p").text() == text
    assert sorted(placed) == ["f1", "f2"]
    both = [el for el in tree.css(".fx") if set(el.attributes["data-marks"].split()) == {"f1", "f2"}]
    assert [el.text() for el in both] == [text[3:14]]
    assert "".join(el.text() for el in tree.css(".fx") if "f2" in el.attributes["data-marks"]) == text[3:19]
    assert "<b>" not in str(html)


def test_highlight_clips_marks_to_the_paragraph():
    text = "甲乙丙丁戊己"
    html, placed = highlight(text, 2, 4, marks_of([{"fact_id": 7, "kind": "actual", "start": 1, "end": 5}], []))
    assert HTMLParser(f"<p>{html}</p>").css_first(".fx").text() == "丙丁"
    assert placed == ["f7"]


@pytest.mark.parametrize("row, text", [
    ({"value": 678.0, "unit": "亿元", "growth_pct": 9.5}, "678亿元，增长9.5%"),
    ({"growth_pct": -3.0, "growth_qualifier": "以上"}, "下降3%以上"),
    ({"growth_low": 6.0, "growth_high": 6.5}, "增长6%–6.5%"),
    ({"value": 4.0, "unit": "%", "value_qualifier": "以内"}, "4%以内"),
    ({}, "–"),
])
def test_fact_text(row, text):
    assert fact_text(row) == text


def test_growth_text_without_growth_is_empty():
    assert growth_text(None) == ""
