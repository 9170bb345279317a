"""gwr.regions against the real shipped division files (no mocks)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from gwr.regions import Gazetteer, Mention, Place, gazetteer, level_of_suffix

ALL_LEVELS = ("province", "prefecture", "county", "district", "town", "township", "subdistrict")


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return gazetteer()


def one(g: Gazetteer, name: str) -> Place:
    found = g.lookup(name)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "name, code, level, parent",
    [
        ("东胜区", "150602", "district", "内蒙古自治区鄂尔多斯市"),
        ("岳阳楼区", "430602", "district", "湖南省岳阳市"),
        ("湘西土家族苗族自治州", "433100", "prefecture", "湖南省"),
        ("天心区", "430103", "district", "湖南省长沙市"),
        ("石鼓区", "430407", "district", "湖南省衡阳市"),
        ("鼎湖区", "441203", "district", "广东省肇庆市"),
        ("福田区", "440304", "district", "广东省深圳市"),
        ("德惠市", "220183", "county", "吉林省长春市"),
        ("湖南省", "430000", "province", ""),
        ("枨冲镇", "430181", "town", "湖南省长沙市浏阳市"),
        ("慕仪镇", "610304", "town", "陕西省宝鸡市陈仓区"),
        ("鲤鱼塘镇", "431023", "town", "湖南省郴州市永兴县"),
        ("横栏镇", "442000", "town", "广东省中山市"),
    ],
)
def test_lookup_and_resolve(g, name, code, level, parent):
    p = one(g, name)
    assert (p.code, p.level, p.parent, p.name) == (code, level, parent, name)
    assert g.resolve(name) == p


def test_parent_codes_and_ancestors(g):
    p = one(g, "枨冲镇")
    assert p.short == "枨冲"
    assert p.parent_codes == ("430000", "430100", "430181")
    assert [a.name for a in g.ancestors(p)] == ["湖南省", "长沙市", "浏阳市"]
    assert p.full == "湖南省长沙市浏阳市枨冲镇"
    assert one(g, "湖南省").parent_codes == ()
    # a town directly under a city without counties carries the city's code
    assert one(g, "横栏镇").parent_codes == ("440000", "442000")


def test_municipality_not_repeated_and_pseudo_levels_skipped(g):
    tianjin = g.resolve("河东区", context="天津市")
    assert (tianjin.code, tianjin.parent, tianjin.parent_codes) == ("120102", "天津市", ("120000",))
    assert g.lookup("天津市") == [g.get("120000")]  # the depth-1 repeat is not a second unit
    for bad in ("市辖区", "市直辖行政区划", "省直辖县级行政区划", "省直辖行政区划", "县直辖行政区划"):
        assert g.lookup(bad) == []
    assert one(g, "仙桃市").parent == "湖北省"
    shennongjia = one(g, "神农架林区")
    assert (shennongjia.level, shennongjia.parent) == ("county", "湖北省")
    assert one(g, "万柏林区").level == "district"  # 林区 only when it is the suffix
    assert one(g, "六枝特区").level == "county"


def test_ambiguous_name_needs_context(g):
    assert [p.code for p in g.lookup("河东区")] == ["120102", "371312"]
    assert g.resolve("河东区") is None
    assert g.resolve("河东区", context="天津市河东区人民政府").code == "120102"
    assert g.resolve("河东区", context="山东省临沂市").code == "371312"
    assert g.resolve("河东区", context="临沂").code == "371312"  # short names of ancestors count
    # a child (subdistrict) of one candidate named in the context
    assert g.resolve("河东区", context="大王庄街道办事处").code == "120102"


def test_short_names_and_aliases(g):
    assert g.resolve("赫山").code == "430903"
    assert g.resolve("赫山").name == "赫山区"
    assert g.resolve("东胜").name == "东胜区"
    xiangxi = g.get("433100")
    for alias in ("湘西", "湘西州", "湘西自治州"):
        assert g.lookup(alias) == [xiangxi], alias
    assert g.resolve("长阳县").name == "长阳土家族自治县"
    assert g.resolve("恩施州").code == "422800"
    assert g.resolve("湖南").code == "430000"
    assert g.resolve(" 岳阳 楼区 ").code == "430602"  # stray spaces


def test_lookup_sorted_by_level_and_higher_level_wins_ties(g):
    found = g.lookup("朝阳")
    group = {"province": 0, "prefecture": 1, "county": 2, "district": 2,
             "town": 3, "township": 3, "subdistrict": 3}
    ranks = [group[p.level] for p in found]
    assert ranks == sorted(ranks) and len(set(ranks)) > 2
    assert found[0].name == "朝阳市"
    assert g.resolve("朝阳").code == "211300"
    assert g.resolve("朝阳", context="北京市").code == "110105"


def test_level_filter(g):
    assert g.resolve("赫山", level="subdistrict").name == "赫山街道"
    assert g.resolve("枨冲镇", level="county") is None
    assert g.resolve("枨冲镇", level=("town", "township")).code == "430181"


def test_get_and_children(g):
    assert g.get("430000").name == "湖南省"
    assert g.get("433100").level == "prefecture"
    assert g.get("999999") is None
    assert g.get("810000").name == "香港特别行政区"
    districts = g.children("120000")
    assert "河东区" in [p.name for p in districts] and all(p.level == "district" for p in districts)
    towns = g.children("442000")
    assert "横栏镇" in [p.name for p in towns]
    assert any(p.name == "枨冲镇" for p in g.children("430181"))
    assert {p.level for p in g.children("430000")} >= {"prefecture"}


def test_town_levels_and_shorts(g):
    sub = g.resolve("大王庄街道")
    assert (sub.level, sub.short, sub.code) == ("subdistrict", "大王庄", "120102")
    township = next(p for p in g.children("430181") if p.name.endswith("乡"))
    assert township.level == "township"


def test_villages_not_loaded(g):
    assert g.lookup("华旺社区") == []  # a village under 上海市嘉定区华亭镇
    assert 40_000 < len(g) < 60_000


def test_level_of_suffix():
    assert level_of_suffix("湖南省") == "province"
    assert level_of_suffix("内蒙古自治区") == "province"
    assert level_of_suffix("湘西土家族苗族自治州") == "prefecture"
    assert level_of_suffix("阿里地区") == "prefecture"
    assert level_of_suffix("锡林郭勒盟") == "prefecture"
    assert level_of_suffix("长沙市") is None
    assert level_of_suffix("城步苗族自治县") == "county"
    assert level_of_suffix("四子王旗") == "county"
    assert level_of_suffix("东胜区") == "district"
    assert level_of_suffix("枨冲镇") == "town"
    assert level_of_suffix("某某乡") == "township"
    assert level_of_suffix("某某苏木") == "township"
    assert level_of_suffix("大王庄街道") == "subdistrict"
    assert level_of_suffix("政府") is None


PARAGRAPH = (
    "2017年，湖南省长沙市浏阳市枨冲镇与岳阳楼区、湘西州签约；天津市河东区、"
    "内蒙古自治区鄂尔多斯市东胜区来考察。高新区、城区、老城区改造加快，推动湖南县域经济，"
    "全市和县城同步发展。深圳市福田区。"
)


def test_find_spans(g):
    found = g.find(PARAGRAPH)
    assert all(isinstance(m, Mention) for m in found)
    assert all(PARAGRAPH[a:b] == m.matched for m in found for a, b in [(m.start, m.end)])
    names = [PARAGRAPH[a:b] for a, b, _ in found]
    assert names == ["湖南省", "长沙市", "浏阳市", "岳阳楼区", "湘西州", "天津市", "河东区",
                     "内蒙古自治区", "鄂尔多斯市", "东胜区", "深圳市", "福田区"]
    codes = {PARAGRAPH[a:b]: p.code for a, b, p in found}
    assert codes["湘西州"] == "433100"
    assert codes["河东区"] == "120102"  # resolved against the whole text (天津市)
    assert codes["东胜区"] == "150602"
    assert codes["福田区"] == "440304"
    # spans are leftmost-longest and non-overlapping
    ends = [(m.start, m.end) for m in found]
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(ends, ends[1:]))


def test_find_towns_optional_and_candidates(g):
    assert "枨冲镇" not in [m.matched for m in g.find(PARAGRAPH)]
    with_towns = g.find(PARAGRAPH, levels=ALL_LEVELS)
    town = next(m for m in with_towns if m.matched == "枨冲镇")
    assert (town.place.code, town.place.level) == ("430181", "town")
    # an ambiguous name: place is None, every candidate is kept
    text = "河东区人民政府"
    (m,) = g.find(text)
    assert m.place is None and m.ambiguous
    assert sorted(p.code for p in m.candidates) == ["120102", "371312"]
    (m,) = g.find(text, context="天津市")
    assert m.place.code == "120102"
    a, b, p = m  # still a (start, end, place) triple
    assert text[a:b] == "河东区"


def test_find_two_char_names(g):
    assert [m.matched for m in g.find("徐州市沛县人民政府")] == ["徐州市", "沛县"]
    assert [m.matched for m in g.find("沛县人民政府", context="徐州")] == ["沛县"]
    assert g.find("沛县人民政府") == []  # 和县, 南县, 新县… need their city in the context
    assert g.find("在省、市和县委的坚强领导下") == []
    assert g.find("推动湖南县域经济") == []
    assert g.find("全市和县城同步发展") == []
    assert [m.matched for m in g.find("城区和郊区")] == []


def test_find_guards_ordinary_words(g):
    everything = ALL_LEVELS
    # 老城区 (洛阳), 城东区 (西宁), 小城镇, 示范村镇, 提高城镇化, 发展乡村: words, not places
    text = "老城区改造和城东区建设，发展小城镇，创建示范村镇，提高城镇化水平，发展乡村产业。"
    assert g.find(text, levels=everything) == []
    # the same generic name is kept when the context names its city
    kept = g.find("洛阳市老城区人民政府")
    assert [(m.matched, m.place.code) for m in kept] == [("洛阳市", "410300"), ("老城区", "410302")]
    # a town needs some ancestor in the context
    assert g.find("枨冲镇复兴路", levels=["town"]) == []
    assert [m.place.code for m in g.find("浏阳市枨冲镇复兴路", levels=["town"])] == ["430181"]


def test_find_strict(g):
    text = "德惠市情"
    assert [m.matched for m in g.find(text)] == ["德惠市"]
    assert g.find(text, strict=True) == []
    assert [m.matched for m in g.find("吉林省" + text, strict=True)] == ["吉林省", "德惠市"]


def test_find_on_corpus(g):
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "000_93c82c73adc1ce94.txt"
    if not path.exists():
        pytest.skip("shared corpus not present")
    text = path.read_text(encoding="utf-8")
    found = g.find(text)
    assert found
    for m in found:
        assert text[m.start:m.end] == m.matched
        assert m.place is None or m.place in m.candidates
    codes = {m.place.code for m in found if m.place}
    assert {"441203", "150602"} <= codes  # 鼎湖区, 东胜区


def test_long_context_same_answer_as_short(g):
    # the automaton path used for long contexts answers like plain `in`
    filler = "，" * 2_000_000
    assert g.resolve("河东区", context=filler + "天津市" + filler).code == "120102"
    assert g.resolve("河东区", context=filler) is None


def test_loads_without_importing_jionlp():
    code = (
        "import sys, time; t = time.perf_counter(); import gwr.regions as r; g = r.gazetteer(); "
        "assert 'jionlp' not in sys.modules; print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert float(out.stdout.strip()) < 5  # measured ~0.2 s; generous bound for slow CI
