"""The home page's region tree from grouped counts and the real gazetteer (no database needed)."""
from __future__ import annotations

from gwr.regions import gazetteer
from gwr.web import region_tree
from gwr.web.region_tree import build


def row(count, code=None, name=None, level=None, successor=None, parent_code=None, province=None, prefecture=None):
    return {"region_code": code, "successor_code": successor, "region_name": name, "level": level,
            "parent_code": parent_code, "parent": None, "province_code": province, "prefecture_code": prefecture,
            "count": count}


def find(node, key):
    if node.key == key:
        return node
    for c in node.children:
        hit = find(c, key)
        if hit is not None:
            return hit
    return None


def path(node, key, trail=()):
    if node.key == key:
        return [*trail, node.key]
    for c in node.children:
        hit = path(c, key, (*trail, node.key))
        if hit:
            return hit
    return None


def test_places_hang_under_their_parents_with_totals():
    rows = [row(2, "100000", "中华人民共和国", "national"), row(3, "430602", "岳阳楼区", "district"),
            row(1, "430600", "岳阳市", "prefecture"), row(4, "110101", "东城区", "district"),
            row(5, "429004", "仙桃市", "county")]
    root = build(rows, gazetteer())
    assert (root.key, root.count, root.total) == ("100000", 2, 15)
    # 湖南省 has no report of its own but sits between the nation and 岳阳市
    assert path(root, "430602") == ["100000", "430000", "430600", "430602"]
    hunan = find(root, "430000")
    assert (hunan.name, hunan.count, hunan.total) == ("湖南省", 0, 4)
    assert (find(root, "430600").count, find(root, "430600").total) == (1, 4)
    assert path(root, "110101") == ["100000", "110000", "110101"]  # a municipality's district: no prefecture
    assert path(root, "429004") == ["100000", "420000", "429004"]  # a county-level city under its province
    assert [c.key for c in root.children] == ["110000", "420000", "430000"]


def test_a_former_division_counts_for_todays_and_a_town_sits_under_its_county():
    rows = [row(2, "130622", "清苑县", "county", successor="130608"), row(1, "130608", "清苑区", "district"),
            row(1, None, "史家寨乡", "township", parent_code="130624", province="130000", prefecture="130600")]
    root = build(rows, gazetteer())
    qingyuan = find(root, "130608")
    assert (qingyuan.name, qingyuan.count) == ("清苑区", 3)
    assert find(root, "130622") is None
    assert path(root, "史家寨乡") == ["100000", "130000", "130600", "130624", "史家寨乡"]
    assert find(root, "130624").name == "阜平县" and find(root, "130624").total == 1


def test_unplaced_reports_are_kept_apart_and_counted():
    rows = [row(3), row(1, None, "临岫市", None), row(2, "430602", "岳阳楼区", "district")]
    root = build(rows, gazetteer())
    unknown = root.children[-1]
    assert (unknown.key, unknown.name, unknown.count, unknown.total) == (None, region_tree.UNKNOWN, 3, 4)
    assert [c.name for c in unknown.children] == ["临岫市"]
    assert root.total == 6


def test_towns_beyond_the_cap_are_counted_not_listed():
    n = region_tree.TOWNS_SHOWN + 7
    rows = [row(2, None, f"第{i:02d}镇", "town", parent_code="430602") for i in range(n)]
    root = build(rows, gazetteer())
    county = find(root, "430602")
    assert len(county.children) == region_tree.TOWNS_SHOWN
    assert (county.hidden, county.hidden_total, county.total) == (7, 14, 2 * n)
