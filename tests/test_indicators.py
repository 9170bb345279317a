"""The indicator taxonomy: data-file sanity, label matching, find() spans, user extensions,
and coverage of the wordings real reports use (the gold annotations in ../shared)."""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from importlib import resources

import pytest

from corpus_data import GOLD
from gwr.indicators import DIMENSIONS, ENV_VAR, KINDS, Indicator, Taxonomy, taxonomy


@pytest.fixture(scope="module")
def tax() -> Taxonomy:
    return taxonomy()


def _raw() -> dict:
    return json.loads(resources.files("gwr").joinpath("data/indicators.json").read_text("utf-8"))


# ---------------------------------------------------------------------------
# The data file


def test_data_file_sanity():
    doc = _raw()
    entries = doc["indicators"]
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    owner: dict[str, str] = {}
    for e in entries:
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", e["id"]), e["id"]
        assert e["name"].strip() and e["description"].strip(), e["id"]
        assert e["dimension"] in DIMENSIONS, (e["id"], e["dimension"])
        assert e["kind"] in KINDS, (e["id"], e["kind"])
        assert e["aliases"], e["id"]
        assert len(e["aliases"]) == len(set(e["aliases"])), e["id"]
        for alias in e["aliases"]:
            assert isinstance(alias, str) and alias.strip() == alias and alias, (e["id"], alias)
            assert owner.setdefault(alias, e["id"]) == e["id"], f"{alias!r}: {owner[alias]} and {e['id']}"
        if "share" in e:
            assert e["share"] in ids, e["id"]
    # loading checks the same after width/case folding and class expansion
    t = Taxonomy.from_entries([entries])
    assert len(t) == len(entries)


@pytest.mark.parametrize("iid, sense, basis", [
    ("gdp", "floor", "real"), ("industrial_value_added_above_scale", "floor", "real"),
    ("general_budget_revenue", "floor", "nominal"), ("retail_sales", "floor", "nominal"),
    ("registered_unemployment_rate", "ceiling", "nominal"), ("cpi", "ceiling", "nominal"),
    ("energy_intensity", "ceiling", "nominal"), ("pm25_concentration", "ceiling", "nominal"),
])
def test_indicators_sense_and_growth_basis_are_read_from_data(tax, iid, sense, basis):
    ind = tax.get(iid)
    assert (ind.sense, ind.growth_basis) == (sense, basis)


def test_indicators_sense_must_be_known(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"id": "x", "aliases": ["某指标"], "sense": "down"}]), "utf-8")
    with pytest.raises(ValueError, match="sense"):
        taxonomy(extra=bad)
    extra = Taxonomy.from_entries([_raw()["indicators"], [{"id": "cpi", "sense": "floor"}]])
    assert extra.get("cpi").sense == "floor"  # a user file may override it


def test_data_file_size(tax):
    assert len(tax) >= 80
    assert sum(len(i.aliases) for i in tax) >= 500


def test_no_figures_in_aliases(tax):
    """Numbers belong to reports, not the taxonomy: only statistical terms carry digits."""
    allowed = re.compile(r"500万元以上|PM2\.5|PM10|SO2|5G|5岁")
    for ind in tax:
        for alias in ind.aliases:
            assert not re.search(r"\d", allowed.sub("", alias)), (ind.id, alias)


def test_no_place_names_in_aliases(tax):
    """No alias contains the name of a province, prefecture, county or town."""
    from gwr.regions import gazetteer

    names = {p.name for p in gazetteer().places if len(p.name) >= 3}
    parts = {(ind.id, a[i:j]) for ind in tax for a in ind.aliases
             for i in range(len(a)) for j in range(i + 3, len(a) + 1)}
    assert not [(iid, part) for iid, part in parts if part in names]


def test_required_ids_present(tax):
    for iid in ["gdp", "per_capita_gdp", "general_budget_revenue", "fiscal_total_revenue", "local_fiscal_revenue",
                "tax_revenue", "general_budget_expenditure", "livelihood_expenditure", "fixed_asset_investment",
                "industrial_investment", "real_estate_investment", "investment_signed", "investment_in_place",
                "foreign_investment_actual", "retail_sales", "industrial_value_added",
                "industrial_value_added_above_scale", "industrial_output", "agricultural_output", "foreign_trade",
                "export", "import", "urban_disposable_income", "rural_disposable_income", "rural_net_income",
                "resident_disposable_income", "unemployment_rate", "registered_unemployment_rate",
                "surveyed_unemployment_rate", "new_urban_jobs", "labour_transfer", "cpi", "energy_intensity",
                "carbon_intensity", "major_pollutant_reduction", "good_air_days_ratio", "pm25_concentration",
                "forest_coverage", "population_natural_growth_rate", "birth_rate", "family_planning_rate",
                "urbanisation_rate", "grain_output", "rd_intensity", "high_tech_value_added", "services_share",
                "tourism_revenue", "deposit_balance", "loan_balance", "electricity_consumption", "freight_volume",
                "poverty_population", "poverty_alleviated", "shanty_town_renovation", "affordable_housing"]:
        ind = tax.get(iid)
        assert isinstance(ind, Indicator), iid
        assert ind.id == iid and ind.name in ind.aliases
    assert tax.get("no_such_indicator") is None
    assert "gdp" in tax and len(list(tax)) == len(tax)


# ---------------------------------------------------------------------------
# match(): the genre's wordings


@pytest.mark.parametrize("label, expected", [
    # output
    ("地区生产总值", "gdp"), ("生产总值", "gdp"), ("GDP", "gdp"), ("gdp", "gdp"), ("ＧＤＰ", "gdp"),
    ("国内生产总值", "gdp"), ("国民生产总值", "gdp"), ("区内生产总值", "gdp"), ("县域生产总值", "gdp"),
    ("经济总量", "gdp"), ("全口径地区生产总值", "gdp"), ("区属增加值", "gdp"), ("地区生产总值（现价）", "gdp"),
    ("gdp年均增速", "gdp"), ("人均地区生产总值", "per_capita_gdp"), ("人均GDP", "per_capita_gdp"),
    ("人均生产总值", "per_capita_gdp"),
    ("第一产业增加值", "primary_value_added"), ("第二产业增加值", "secondary_value_added"),
    ("第三产业增加值", "tertiary_value_added"), ("服务业增加值", "services_value_added"),
    ("农业增加值", "agricultural_value_added"), ("工业增加值", "industrial_value_added"),
    ("规模以上工业增加值", "industrial_value_added_above_scale"),
    ("规模工业增加值", "industrial_value_added_above_scale"),
    ("规上工业增加值", "industrial_value_added_above_scale"),
    ("规模以上工业", "industrial_value_added_above_scale"),
    ("数字经济核心产业增加值", "digital_economy_core_value_added"),
    ("工业总产值", "industrial_output"), ("规模以上工业总产值", "industrial_output_above_scale"),
    ("农业总产值", "agricultural_output"), ("农林牧渔业总产值", "agricultural_output"),
    ("工农业总产值", "industrial_agricultural_output"), ("规模以上工业企业", "above_scale_industrial_enterprises"),
    # fiscal
    ("财政总收入", "fiscal_total_revenue"), ("全口径财政收入", "fiscal_total_revenue"),
    ("财政收入", "fiscal_revenue"),
    ("一般公共预算收入", "general_budget_revenue"), ("地方一般公共预算收入", "general_budget_revenue"),
    ("公共财政预算收入", "general_budget_revenue"), ("地方财政一般预算收入", "general_budget_revenue"),
    ("一般预算收入", "general_budget_revenue"), ("区级一般公共预算收入", "general_budget_revenue"),
    ("地方财政收入", "local_fiscal_revenue"), ("地方收入", "local_fiscal_revenue"),
    ("区级财政收入", "local_fiscal_revenue"), ("镇级财政收入", "local_fiscal_revenue"),
    ("税收收入", "tax_revenue"), ("国税收入", "tax_revenue"), ("工商税收", "tax_revenue"),
    ("非税收入", "non_tax_revenue"), ("税收占比", "tax_share"),
    ("一般公共预算支出", "general_budget_expenditure"), ("民生支出", "livelihood_expenditure"),
    ("可用财力", "fiscal_available_resources"),
    # investment
    ("固定资产投资", "fixed_asset_investment"), ("全社会固定资产投资", "fixed_asset_investment"),
    ("规模以上固定资产投资", "fixed_asset_investment"), ("500万元以上固定资产投资", "fixed_asset_investment"),
    ("５００万元以上固定资产投资", "fixed_asset_investment"),
    ("工业投资", "industrial_investment"), ("工业固定资产投资", "industrial_investment"),
    ("房地产开发投资", "real_estate_investment"), ("民间投资", "private_investment"),
    ("服务业固定资产投资", "services_investment"), ("重点项目完成投资", "key_project_investment"),
    ("招商引资协议投资", "investment_signed"), ("协议引资", "investment_signed"), ("签约总额", "investment_signed"),
    ("招商引资到位资金", "investment_in_place"), ("实际到位资金", "investment_in_place"),
    ("到位资金", "investment_in_place"), ("到位内资", "domestic_capital_in_place"),
    ("到位省外境内资金", "domestic_capital_in_place"),
    ("实际利用外资", "foreign_investment_actual"), ("实际使用外资", "foreign_investment_actual"),
    ("利用外资", "foreign_investment_actual"), ("外商直接投资", "foreign_direct_investment"),
    ("合同利用外资", "foreign_investment_contracted"),
    # consumption, trade
    ("社会消费品零售总额", "retail_sales"), ("社零总额", "retail_sales"), ("社会商品零售总额", "retail_sales"),
    ("限额以上消费品零售额", "retail_sales_above_quota"),
    ("外贸进出口总额", "foreign_trade"), ("进出口总额", "foreign_trade"), ("外贸进出口", "foreign_trade"),
    ("出口", "export"), ("出口总额", "export"), ("出口创汇", "export"), ("外贸出口", "export"),
    ("进口", "import"),
    # income, jobs, prices
    ("城镇居民人均可支配收入", "urban_disposable_income"), ("城镇常住居民人均可支配收入", "urban_disposable_income"),
    ("农村居民人均可支配收入", "rural_disposable_income"), ("农村常住居民人均可支配收入", "rural_disposable_income"),
    ("农民人均可支配收入", "rural_disposable_income"), ("农民人均纯收入", "rural_net_income"),
    ("农村居民人均纯收入", "rural_net_income"), ("居民人均可支配收入", "resident_disposable_income"),
    ("城乡居民人均可支配收入", "resident_disposable_income"), ("全体居民人均可支配收入", "resident_disposable_income"),
    ("农民收入", "rural_income"),
    ("城镇新增就业", "new_urban_jobs"), ("新增城镇就业", "new_urban_jobs"), ("新增就业", "new_urban_jobs"),
    ("城镇登记失业率", "registered_unemployment_rate"), ("登记失业率", "registered_unemployment_rate"),
    ("城镇调查失业率", "surveyed_unemployment_rate"), ("失业率", "unemployment_rate"),
    ("农村劳动力转移就业", "labour_transfer"), ("劳务输出", "labour_transfer"),
    ("居民消费价格涨幅", "cpi"), ("居民消费价格指数", "cpi"), ("CPI", "cpi"), ("居民消费价格总水平", "cpi"),
    # energy, environment
    ("单位地区生产总值能耗", "energy_intensity"), ("单位GDP能耗", "energy_intensity"),
    ("万元GDP能耗", "energy_intensity"), ("万元地区生产总值能耗", "energy_intensity"),
    ("万元ＧＤＰ能耗", "energy_intensity"), ("单位规模以上工业增加值能耗", "industrial_energy_intensity"),
    ("单位地区生产总值二氧化碳排放", "carbon_intensity"), ("主要污染物排放总量", "major_pollutant_reduction"),
    ("化学需氧量", "cod_emissions"), ("二氧化硫排放量", "so2_emissions"),
    ("空气质量优良天数比例", "good_air_days_ratio"), ("城区空气质量优良天数比例", "good_air_days_ratio"),
    ("PM2.5浓度", "pm25_concentration"), ("细颗粒物（PM2.5）平均浓度", "pm25_concentration"),
    ("森林覆盖率", "forest_coverage"),
    # population, society
    ("人口自然增长率", "population_natural_growth_rate"), ("人口出生率", "birth_rate"),
    ("计划生育率", "family_planning_rate"), ("城镇化率", "urbanisation_rate"),
    ("常住人口城镇化率", "urbanisation_rate"), ("户籍人口城镇化率", "hukou_urbanisation_rate"),
    ("粮食总产量", "grain_output"), ("粮食产量", "grain_output"),
    ("研发经费投入强度", "rd_intensity"), ("R&D经费支出占地区生产总值比重", "rd_intensity"),
    ("高新技术产业增加值", "high_tech_value_added"), ("高新技术企业", "high_tech_enterprises"),
    ("服务业增加值比重", "services_share"), ("第三产业比重", "services_share"),
    ("旅游总收入", "tourism_revenue"), ("接待游客", "tourist_arrivals"),
    ("金融机构存款余额", "deposit_balance"), ("各项贷款余额", "loan_balance"),
    ("全社会用电量", "electricity_consumption"), ("货运量", "freight_volume"),
    ("贫困人口", "poverty_population"), ("脱贫人口", "poverty_alleviated"), ("减少贫困人口", "poverty_alleviated"),
    ("棚户区改造", "shanty_town_renovation"), ("保障性住房", "affordable_housing"),
])
def test_match_genre_wordings(tax, label, expected):
    ind = tax.match(label)
    assert ind is not None and ind.id == expected, (label, ind and ind.id)


@pytest.mark.parametrize("label, expected", [
    # the longest alias wins, wherever it sits in the label
    ("规模以上工业增加值", "industrial_value_added_above_scale"),   # not 工业增加值
    ("规模以上工业总产值", "industrial_output_above_scale"),       # not 规模以上工业 / 工业总产值
    ("城镇常住居民人均可支配收入", "urban_disposable_income"),       # not 居民人均可支配收入
    ("城乡居民人均可支配收入", "resident_disposable_income"),
    ("全社会固定资产投资", "fixed_asset_investment"),
    ("区属社会消费品零售总额", "retail_sales"),
    ("区属生产总值", "gdp"),
    ("外贸进出口总额", "foreign_trade"),                            # not 出口总额
    ("非税收入", "non_tax_revenue"),                               # not 税收
    ("农业生产总值", "agricultural_output"),                        # not 生产总值
    ("人均地区生产总值", "per_capita_gdp"),                         # not 地区生产总值
    ("单位地区生产总值能耗", "energy_intensity"),
    ("招商引资落地签约", "investment_signed"),                       # a tie goes to the head (the later word)
    ("规模以上工业企业实现利润", "industrial_profit"),
    ("服务业固定资产投资", "services_investment"),                   # not fixed_asset_investment
])
def test_longest_match_precedence(tax, label, expected):
    assert tax.match(label).id == expected


@pytest.mark.parametrize("label, expected", [
    ("全年地区生产总值", "gdp"), ("全市地区生产总值", "gdp"), ("全县生产总值", "gdp"), ("全镇生产总值", "gdp"),
    ("全区实现地区生产总值", "gdp"), ("全省财政总收入", "fiscal_total_revenue"), ("全州一般公共预算收入", "general_budget_revenue"),
    ("实现地区生产总值", "gdp"), ("完成固定资产投资", "fixed_asset_investment"),
    ("其中国税收入", "tax_revenue"), ("预计全年地区生产总值", "gdp"), ("累计完成固定资产投资", "fixed_asset_investment"),
    ("全年实现出口", "export"), ("全社会固定资产投资", "fixed_asset_investment"), ("全社会用电量", "electricity_consumption"),
    ("我市城镇登记失业率", "registered_unemployment_rate"),
    # parenthetical notes are dropped ...
    ("地区生产总值（现价）", "gdp"), ("一般公共预算收入(同口径)", "general_budget_revenue"),
    ("固定资产投资（力争）", "fixed_asset_investment"), ("区属增加值（现价）", "gdp"),
    ("工业增加值（民营企业）", "industrial_value_added"),
    # ... unless they qualify the name
    ("工业增加值（规模以上）", "industrial_value_added_above_scale"),
    ("城乡居民人均可支配收入（城镇）", "urban_disposable_income"),
    ("城乡居民人均可支配收入（农村）", "rural_disposable_income"),
    # spaces, width and case
    ("地区生产 总值", "gdp"), ("人均ｇｄｐ", "per_capita_gdp"), ("单位ｇｄｐ能耗", "energy_intensity"),
])
def test_prefixes_and_notes(tax, label, expected):
    assert tax.match(label).id == expected


@pytest.mark.parametrize("label, expected", [
    ("服务业增加值占地区生产总值比重", "services_share"),       # the numerator's share, not gdp
    ("服务业增加值占全市GDP的比重", "services_share"),
    ("区属服务业增加值的比重", "services_share"),
    ("R&D经费支出占全市GDP比重", "rd_intensity"),
    ("民生支出占全县一般公共预算支出比重", "livelihood_share"),
    ("非资源型产业占地区生产总值比重", None),                   # unknown numerator: nothing, not gdp
    ("装备制造占工业总产值比重上升至", None),
    ("占社会消费品零售总额比重提高到", None),                   # a denominator alone
    ("占全年财政支出的", None),
    ("土地出让占综合财力", None),
    ("贫困人口报账比例", None),
    ("税占比", "tax_share"),
    ("城区空气质量优良天数比例", "good_air_days_ratio"),        # a rate is its own share
])
def test_shares(tax, label, expected):
    ind = tax.match(label)
    assert (ind.id if ind else None) == expected


@pytest.mark.parametrize("label, expected", [
    ("税收超百万元的企业", None), ("登记市场主体的注册资本", None),   # X的Y names Y
    ("城镇居民人均可支配收入的增速", "urban_disposable_income"), ("全市的地区生产总值", "gdp"),
    ("万元规模工业能耗", "industrial_energy_intensity"), ("规模工业增加值综合能耗", "industrial_energy_intensity"),
    ("生态系统生产总值", "gross_ecosystem_product"),                  # not gdp
    ("居民消费价格总水平涨幅", "cpi"), ("城乡居民收入（城镇）", "urban_disposable_income"),
])
def test_heads(tax, label, expected):
    ind = tax.match(label)
    assert (ind.id if ind else None) == expected


@pytest.mark.parametrize("label", ["", "  ", "（现价）", "人均现金收入", "项目", "各位代表", "增长", "亿元"])
def test_match_nothing(tax, label):
    assert tax.match(label) is None


def test_match_is_cached_and_exact(tax):
    assert tax.match("规模工业增加值") is tax.match("规模工业增加值")
    assert tax.exact("ＧＤＰ").id == "gdp"
    assert tax.exact("区属社会消费品零售总额") is None
    assert tax.aliases()["GDP"] == "gdp"


# ---------------------------------------------------------------------------
# find(): alias occurrences in running text


def test_find_spans(tax):
    text = "全年实现地区生产总值614.8亿元，增长6.6%；规模以上工业增加值增长8%，全社会固定资产投资完成451亿元，城镇常住居民人均可支配收入增长8%。"
    hits = tax.find(text)
    assert [(text[a:b], ind.id) for a, b, ind in hits] == [
        ("地区生产总值", "gdp"),
        ("规模以上工业增加值", "industrial_value_added_above_scale"),
        ("全社会固定资产投资", "fixed_asset_investment"),
        ("城镇常住居民人均可支配收入", "urban_disposable_income"),
    ]
    # non-overlapping and ordered
    assert all(b1 <= a2 for (_, b1, _), (a2, _, _) in zip(hits, hits[1:]))


def test_find_window_gives_absolute_spans(tax):
    text = "一、过去一年工作回顾\n地区生产总值增长7%，社会消费品零售总额增长9%，出口增长5%。"
    start = text.index("社会")
    hits = tax.find(text, start, text.index("。"))
    assert [(a, b, i.id) for a, b, i in hits] == [
        (start, start + 9, "retail_sales"), (text.index("出口"), text.index("出口") + 2, "export")]
    assert tax.find(text, 5, 5) == [] and tax.find(text, 10, 3) == []


def test_find_across_spaces_and_width(tax):
    text = "地区生产 总值增长8%，人均ＧＤＰ达到5万元，规模以上\u3000工业增加值增长9%"
    hits = tax.find(text)
    assert [(text[a:b], i.id) for a, b, i in hits] == [
        ("地区生产 总值", "gdp"), ("人均ＧＤＰ", "per_capita_gdp"),
        ("规模以上\u3000工业增加值", "industrial_value_added_above_scale")]


def test_find_never_crosses_a_line_break(tax):
    assert tax.find("地区生产\n总值") == []


def test_find_on_real_reports(tax):
    from corpus_data import CORPUS

    files = sorted(CORPUS.glob("*.txt")) if CORPUS.exists() else []
    if not files:
        pytest.skip("../shared/corpus not present")
    for path in files:
        text = path.read_text("utf-8", errors="replace")
        hits = tax.find(text)
        assert hits, path.name
        for a, b, ind in hits:
            assert tax.exact(text[a:b]) is ind, (path.name, text[a:b], ind.id)


# ---------------------------------------------------------------------------
# Extension without code


def _extension(tmp_path, name="mine.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"indicators": [
        {"id": "gdp", "aliases": ["地区经济规模"]},
        {"id": "nightlight_index", "name": "夜间灯光指数", "description": "Night-time light intensity",
         "dimension": "index", "kind": "index", "aliases": ["夜光指数", "夜间灯光强度"]},
        {"id": "rural_disposable_income", "aliases": ["农民收入"]},   # moves an alias
    ]}, ensure_ascii=False), encoding="utf-8")
    return path


def test_extension_file(tmp_path, tax):
    path = _extension(tmp_path)
    ext = taxonomy(extra=path)
    assert ext is not tax and len(ext) == len(tax) + 1
    assert ext.match("地区经济规模").id == "gdp"
    assert ext.match("全市夜光指数").id == "nightlight_index"
    assert ext.get("nightlight_index").name == "夜间灯光指数"
    assert ext.match("夜间灯光指数").id == "nightlight_index"          # the name is an alias too
    assert ext.match("农民收入").id == "rural_disposable_income"
    assert "农民收入" not in ext.get("rural_income").aliases
    assert ext.match("地区生产总值").id == "gdp"                       # the built-in stays
    assert tax.match("地区经济规模") is None                            # the default is untouched
    assert taxonomy(extra=str(path)) is ext                             # cached per file
    data = json.loads(path.read_text("utf-8"))
    data["indicators"][0]["aliases"].append("本地经济规模")
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert taxonomy(extra=path).match("本地经济规模").id == "gdp"        # an edited file is read again


def test_extension_by_environment(tmp_path, monkeypatch, tax):
    path = _extension(tmp_path)
    monkeypatch.setenv(ENV_VAR, str(path))
    ext = taxonomy()
    assert ext.match("夜光指数").id == "nightlight_index"
    monkeypatch.delenv(ENV_VAR)
    assert taxonomy() is tax


def test_extension_as_plain_list_and_errors(tmp_path):
    good = tmp_path / "list.json"
    good.write_text(json.dumps([{"id": "sponge_city_area", "aliases": ["海绵城市"]}], ensure_ascii=False), "utf-8")
    assert taxonomy(extra=good).match("海绵城市建设面积").id == "sponge_city_area"
    clash = tmp_path / "clash.json"
    clash.write_text(json.dumps([{"id": "a_b", "aliases": ["海绵城市"]}, {"id": "c_d", "aliases": ["海绵城市"]}],
                                ensure_ascii=False), "utf-8")
    with pytest.raises(ValueError, match="names both"):
        taxonomy(extra=clash)
    bad_id = tmp_path / "bad.json"
    bad_id.write_text(json.dumps([{"id": "Sponge City", "aliases": ["海绵城市"]}], ensure_ascii=False), "utf-8")
    with pytest.raises(ValueError, match="snake_case"):
        taxonomy(extra=bad_id)


# ---------------------------------------------------------------------------
# Real usage: the gold annotations' indicator wordings

# Where the gold's suggested id differs from the taxonomy's naming: gold id → accepted ids.
GOLD_IDS = {
    "import_export": {"foreign_trade"},
    "new_employment": {"new_urban_jobs"},
    "labour_export": {"labour_transfer"},
    "fdi": {"foreign_direct_investment"},
    # the taxonomy keeps the above-designated-size series apart from the all-industry one
    "industrial_value_added": {"industrial_value_added", "industrial_value_added_above_scale"},
    "industrial_output": {"industrial_output", "industrial_output_above_scale"},
}
# Wordings the gold left without an id that the taxonomy covers with a finer one.
GOLD_WORDINGS = {"服务业固定资产投资": "services_investment"}


def _gold_wordings():
    path = GOLD / "indicators.json"
    if not path.exists():
        return []
    out = []
    for rec in json.loads(path.read_text("utf-8")):
        for key in ("targets", "actuals", "five_year_targets", "five_year_actuals"):
            for f in rec.get(key) or []:
                if isinstance(f, dict) and f.get("indicator"):
                    out.append((f["indicator"], f.get("canonical")))
    return out


def test_gold_wordings(tax):
    cases = _gold_wordings()
    if not cases:
        pytest.skip("../shared/gold not present")
    misses = []
    for wording, canonical in cases:
        ind = tax.match(wording)
        got = ind.id if ind else None
        if wording in GOLD_WORDINGS:
            ok = got == GOLD_WORDINGS[wording]
        else:
            ok = got in GOLD_IDS.get(canonical, {canonical})
        if not ok:
            misses.append((wording, canonical, got))
    rate = 1 - len(misses) / len(cases)
    print(f"\ngold wordings: {len(cases) - len(misses)}/{len(cases)} = {rate:.1%}")
    for m in misses:
        print("  miss:", m)
    assert rate >= 0.9, misses
    # every distinct wording the gold gives an id is covered by some indicator
    uncovered = sorted({w for w, c in cases if c and tax.match(w) is None})
    assert not uncovered, uncovered
