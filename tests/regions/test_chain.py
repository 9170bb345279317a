"""The levels above and below a region as they were in a year (the gazetteer's validity periods)."""
from __future__ import annotations

from gwr.regions.chain import chain, children, place_in_year


def names(levels):
    return [lv.name for lv in levels]


def test_a_former_county_chains_through_the_parents_of_its_year():
    levels = chain("130608", 2013)  # today's code, a year when it was 清苑县
    assert names(levels) == ["中华人民共和国", "河北省", "保定市", "清苑县"]
    assert (levels[-1].code, levels[-1].key, levels[-1].level) == ("130622", "130608", "county")
    assert names(chain("130622", 2013)) == names(levels)


def test_today_the_district():
    levels = chain("130608", 2025)
    assert names(levels) == ["中华人民共和国", "河北省", "保定市", "清苑区"]
    assert levels[-1].code == levels[-1].key == "130608"


def test_in_the_year_of_the_change_the_former_name():
    assert place_in_year("130608", 2015).name == "清苑县"
    assert place_in_year("130608", 2016).name == "清苑区"


def test_the_nation_and_a_municipality():
    assert names(chain("100000", 2020)) == ["中华人民共和国"]
    assert names(chain("110105", 2020)) == ["中华人民共和国", "北京市", "朝阳区"]


def test_children_of_a_prefecture_by_year():
    before = names(children("130600", 2013))
    assert "清苑县" in before and "清苑区" not in before and {"北市区", "南市区"} <= set(before)
    after = names(children("130600", 2016))
    assert "清苑区" in after and "清苑县" not in after and "莲池区" in after and "南市区" not in after
    assert len(set(after)) == len(after)


def test_children_of_the_nation_are_the_31_provinces():
    provinces = children("100000", 2025)
    assert len(provinces) == 31 and all(p.level == "province" for p in provinces)
    assert "河北省" in names(provinces) and "台湾省" not in names(provinces)
