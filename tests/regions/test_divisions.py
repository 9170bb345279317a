"""Year-aware divisions: a report is given the name, code, level and parent valid
in its year, and a former division the code of today's one continuing it.

Real changes since 2000 of several kinds, against the shipped data files (no mocks);
the reports in tests/data/divisions are invented (speaker and figures fictional).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gwr.regions import gazetteer

DATA = Path(__file__).resolve().parents[1] / "data" / "divisions"


@pytest.fixture(scope="module")
def g():
    return gazetteer()


# (name, report year, code then, level then, parent then, today's successor code)
FORMER = [
    ("清苑县", 2013, "130622", "county", "河北省保定市", "130608"),      # 撤县设区 2015
    ("徐水县", 2014, "130625", "county", "河北省保定市", "130609"),      # 撤县设区 2015
    ("海门市", 2015, "320684", "county", "江苏省南通市", "320614"),      # 撤市设区 2020
    ("襄樊市", 2009, "420600", "prefecture", "湖北省", "420600"),         # prefecture renamed 2010
    ("思茅市", 2005, "530800", "prefecture", "云南省", "530800"),         # renamed 普洱市 2007
    ("莱芜市", 2015, "371200", "prefecture", "山东省", "370116"),         # merged into 济南市 2019
    ("宁乡县", 2012, "430124", "county", "湖南省长沙市", "430182"),      # 撤县设市 2017
    ("铜仁地区", 2008, "522200", "prefecture", "贵州省", "520600"),       # 撤地设市 2011
    ("日喀则地区", 2010, "542300", "prefecture", "西藏自治区", "540200"),  # 撤地设市 2014
    ("巢湖市", 2005, "341400", "prefecture", "安徽省", "340181"),         # prefecture until 2011
    ("庐江县", 2005, "341421", "county", "安徽省巢湖市", "340124"),      # moved to 合肥市 2011
]


@pytest.mark.parametrize("name,year,code,level,parent,successor", FORMER)
def test_former_name_resolves_in_its_year(g, name, year, code, level, parent, successor):
    p = g.resolve(name, year=year)
    assert (p.code, p.level, p.parent, p.successor) == (code, level, parent, successor)
    assert g.successor(p).code == successor
    assert g.get(code, year).name == name


@pytest.mark.parametrize("name,year,code,level,parent,successor", FORMER)
def test_former_name_is_not_today(g, name, year, code, level, parent, successor):
    today = g.resolve(name)
    assert today is None or (today.valid_to is None and (today.code, today.level) != (code, level))


@pytest.mark.parametrize("name,code", [("清苑区", "130608"), ("襄阳市", "420600"), ("宁乡市", "430182"),
                                       ("普洱市", "530800"), ("铜仁市", "520600"), ("巢湖市", "340181")])
def test_modern_names_unchanged(g, name, code):
    for year in (None, 2022):
        p = g.resolve(name, year=year)
        assert p.code == code and p.successor is None and p.valid_to is None


def test_short_name_follows_the_year(g):
    assert g.resolve("清苑", year=2013).code == "130622"
    assert g.resolve("清苑", year=2020).code == "130608"  # the former name does not hijack a modern report
    assert g.resolve("清苑县", year=2020) is None
    assert g.resolve("巢湖市", year=2015).code == "340181"
    assert g.resolve("襄樊", year=2011).code == "420600"  # a year after the renaming: still found


def test_find_knows_former_names_only_in_their_time(g):
    text = "襄樊市人民政府2009年工作报告：襄樊市樊城区"
    found = [m.place.name for m in g.find(text, year=2009)]
    assert found[0] == "襄樊市"
    assert not [m for m in g.find("保定市清苑县", year=2020) if m.matched == "清苑县"]
    assert [m.place.code for m in g.find("保定市清苑县", year=2013) if m.matched == "清苑县"] == ["130622"]
    assert all(m.matched != "清苑县" for m in g.find("保定市清苑县"))


def test_former_ancestors_are_named_as_they_were(g):
    p = g.resolve("庐江县", year=2005)
    assert [a.name for a in g.ancestors(p)] == ["安徽省", "巢湖市"]


def test_today_iteration_has_no_former_division(g):
    assert all(p.valid_to is None for p in g.lookup("清苑"))
    assert len(g.former()) > 900
    assert {p.name for p in g.former("130608")} == {"清苑县"}


def _extract(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "gwr", "extract", str(path), "--format", "json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)[0]["documents"][0]


def test_extract_2012_county_report_gives_code_then_and_successor():
    doc = _extract(DATA / "qingyuan_county_2012.txt")
    assert doc["report_year"] == 2012
    assert doc["region"]["code"] == "130622" and doc["region"]["level"] == "county"
    assert doc["region"]["parent"] == "河北省保定市"
    assert doc["region"]["successor"] == {"name": "清苑区", "code": "130608"}


def test_extract_modern_report_has_no_successor():
    doc = _extract(DATA / "qingyuan_district_2016.txt")
    assert doc["region"]["code"] == "130608" and doc["region"]["successor"] is None


def test_runtime_never_imports_jionlp():
    code = ("import sys; import gwr.regions as r; from gwr.pipeline import extract_file; "
            f"extract_file({str(DATA / 'qingyuan_county_2012.txt')!r}); r.gazetteer().find('保定市清苑县', year=2013); "
            "assert 'jionlp' not in sys.modules and 'gwr.regions.build' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
