"""Consistency flags: real reports whose numbers do and do not add up (expected values computed
by hand from the quotes), and hand-made rows for each check, tolerance and skip."""
from __future__ import annotations

from decimal import Decimal

import pytest

from analysis_rows import fact
from corpus_data import needs_shared
from gwr.analysis import check
from gwr.analysis.consistency import CheckTolerance


def _by(flags, kind, indicator):
    return [f for f in flags if f["kind"] == kind and f["indicator"] == indicator]


def _yi(x):
    """亿元 → yuan, as value_base."""
    return int(Decimal(str(x)) * 100_000_000)


# ---------------------------------------------------------------------------
# Real rows


@needs_shared
def test_check_real_target_levels_against_base(seed_rows):
    """A district's 2018 targets (增长16%, 达到266亿元) against its 2017 levels (234.1亿元) in the same report."""
    flags = [f for f in check(seed_rows) if f["region_name"] == "岳阳楼区"]
    assert sorted((f["kind"], f["indicator"]) for f in flags) == [
        ("target_vs_base", "fixed_asset_investment"), ("target_vs_base", "retail_sales")]
    fai = _by(flags, "target_vs_base", "fixed_asset_investment")[0]
    # 234.1 × 1.16 = 271.556亿元 expected, 266 stated: 266 / 271.556 − 1 = −2.046 %
    assert fai["expected"] == 27155600000 and fai["stated"] == 26600000000
    assert fai["relative_diff"] == pytest.approx(-0.02046, abs=1e-5)
    # allowed: 1 % nominal + rounding of 266 (0.5/266), 234.1 (0.05/234.1) and 16 % (0.5/116)
    assert fai["tolerance"] == pytest.approx(0.01 + 0.5 / 266 + 0.05 / 234.1 + 0.5 / 116, abs=1e-6)
    assert fai["implied_growth_pct"] == 13.63 and fai["growth_basis"] == "nominal"
    assert [q["quote"] for q in fai["facts"]] == ["固定资产投资增长16%,达到266亿元", "固定资产投资234.1亿元,增长13.8%"]
    retail = _by(flags, "target_vs_base", "retail_sales")[0]
    assert retail["relative_diff"] == pytest.approx(466 / (435 * 1.11) - 1, abs=1e-6)  # −3.49 %


@needs_shared
def test_check_real_gdp_target_needs_a_tighter_real_tolerance(seed_rows):
    """678 against 614.8 × 1.095 = 673.206 is +0.71 %: inside 5 % for real growth, outside 0.5 %."""
    assert not _by(check(seed_rows), "target_vs_base", "gdp")
    tight = CheckTolerance(nominal_rel=Decimal("0.01"), real_rel=Decimal("0.005"))
    gdp = [f for f in _by(check(seed_rows, tolerance=tight), "target_vs_base", "gdp") if f["region_name"] == "岳阳楼区"]
    assert len(gdp) == 1 and gdp[0]["growth_basis"] == "real"
    assert gdp[0]["relative_diff"] == pytest.approx(678 / (614.8 * 1.095) - 1, abs=1e-6)


@needs_shared
def test_check_real_copies_flag_once(seed_rows):
    """The town's report pasted twice: one flag, counted twice; its exact figures (4亿元 × 1.25 = 5亿元) pass."""
    town = [f for f in check(seed_rows) if f["region_name"] == "枨冲镇"]
    assert [(f["kind"], f["indicator"], f["copies"]) for f in town] == [
        ("target_vs_base", "rural_disposable_income", 2)]
    f = town[0]
    assert (f["expected"], f["stated"]) == (3825.25, 3910)  # 3575元 × 1.07
    assert f["facts"][0]["document_id"].endswith(":6")  # the first copy is cited
    assert not [g for g in town if g["kind"] == "restatement"]  # identical copies restate nothing


def test_check_real_outcome_growth_against_two_reports(two_years_rows):
    """2020: 421.9亿元, 增长3.6% against 2019's 412.6亿元 from the previous report: 2.25 % nominal, −1.30 % in level."""
    assert check(two_years_rows) == []
    tight = CheckTolerance(nominal_rel=Decimal("0.01"), real_rel=Decimal("0.005"))
    flags = check(two_years_rows, tolerance=tight)
    assert [(f["kind"], f["indicator"], f["year"]) for f in flags] == [("growth_vs_levels", "gdp", 2020)]
    f = flags[0]
    assert f["relative_diff"] == pytest.approx(421.9 / (412.6 * 1.036) - 1, abs=1e-6)
    assert (f["implied_growth_pct"], f["stated_growth_pct"]) == (2.25, 3.6)
    assert [q["role"] for q in f["facts"]] == ["outcome", "previous"]
    assert f["facts"][1]["quote"] == "地区生产总值412.6亿元，增长6.8%"
    # the budget revenue adds up: 28.3 × 1.021 = 28.894 against 28.9 stated


# ---------------------------------------------------------------------------
# Hand-made rows


def _level(kind, indicator, year, value, growth=None, unit="亿元", **kw):
    return fact(kind, indicator, year, value=value, unit=unit, value_base=_yi(value), unit_base="yuan",
                value_qualifier="", growth_pct=growth, **kw)


def test_check_target_below_base_replaces_target_vs_base():
    rows = [_level("target", "general_budget_revenue", 2022, 100, 5),
            _level("actual", "general_budget_revenue", 2021, 110, report_year=2022)]
    flags = check(rows)
    assert [f["kind"] for f in flags] == ["target_below_base"]
    assert flags[0]["expected"] == _yi("115.5") and flags[0]["stated"] == _yi(100)


@pytest.mark.parametrize("target, flagged", [(105, False), (107, False), (108, True), (102, True)])
def test_check_target_vs_base_nominal_tolerance(target, flagged):
    """100 × 1.05 = 105; allowed 1 % + 0.5/target + 0.5/100 + 0.5/105 ≈ 2.44 %:
    107 (+1.90 %) passes, 108 (+2.86 %) and 102 (−2.86 %) do not."""
    rows = [_level("target", "general_budget_revenue", 2022, target, 5),
            _level("actual", "general_budget_revenue", 2021, 100, report_year=2022)]
    assert bool(check(rows)) is flagged


def test_check_rounding_slack_follows_written_digits():
    """4亿元 × 1.3 = 5.2, stated 5.6 (+7.7 %): nominal, but 4 may be 3.5–4.5 (12.5 %), so no flag; 4.0 is tighter."""
    loose = [_level("target", "fiscal_total_revenue", 2022, 5.6, 30),
             _level("actual", "fiscal_total_revenue", 2021, 4, report_year=2022)]
    assert check(loose) == []
    tight = [_level("target", "fiscal_total_revenue", 2022, 5.6, 30),
             _level("actual", "fiscal_total_revenue", 2021, Decimal("4.00"), report_year=2022)]
    assert [f["kind"] for f in check(tight)] == ["target_vs_base"]


def test_check_levels_written_as_bounds_or_rates_are_skipped():
    rows = [_level("target", "local_fiscal_revenue", 2022, 1000, 30, unit="万元"),
            fact("actual", "local_fiscal_revenue", 2021, value=500, unit="万元", value_base=5000000, unit_base="yuan",
                 value_qualifier="突破", report_year=2022),
            fact("target", "urbanisation_rate", 2022, value=60, unit="%", value_base=60, unit_base="percent",
                 value_qualifier="", growth_pct=5),
            fact("actual", "urbanisation_rate", 2021, value=50, unit="%", value_base=50, unit_base="percent",
                 value_qualifier="", report_year=2022)]
    assert check(rows) == []


def test_check_growth_vs_levels_needs_another_report():
    rows = [_level("actual", "retail_sales", 2021, 100, document_id="r2022"),
            _level("actual", "retail_sales", 2022, 110, growth=5, document_id="r2023")]
    f = check(rows)
    assert [(x["kind"], x["implied_growth_pct"], x["stated_growth_pct"]) for x in f] == [("growth_vs_levels", 10, 5)]
    assert f[0]["expected"] == _yi(105) and f[0]["relative_diff"] == pytest.approx(110 / 105 - 1, abs=1e-6)
    same_doc = [_level("actual", "retail_sales", 2021, 100, document_id="r2023", report_year=2023),
                _level("actual", "retail_sales", 2022, 110, growth=5, document_id="r2023")]
    assert check(same_doc) == []


@pytest.mark.parametrize("other, growth, fields", [
    (421.9, 3.6, []), (422, 3.6, []),  # the same figure, once rounded to the unit
    (425, 3.6, ["value"]), (421.9, 3.5, ["growth_pct"]), (430, 4.1, ["value", "growth_pct"]),
])
def test_check_restatement(other, growth, fields):
    rows = [_level("actual", "gdp", 2020, 421.9, 3.6, document_id="a"),
            _level("actual", "gdp", 2020, other, growth, document_id="b", report_year=2022, review_year=2021)]
    flags = check(rows)
    assert [f["field"] for f in flags if f["kind"] == "restatement"] == fields
    for f in flags:
        assert f["fact_ids"] == [rows[0]["fact_id"], rows[1]["fact_id"]] and f["explanation"]


def test_check_restated_target():
    rows = [fact("target", "gdp", 2022, growth_pct=6, document_id="whole"),
            fact("target", "gdp", 2022, growth_pct=6.5, document_id="copy", doc_kind="report_excerpt")]
    flags = check(rows)
    assert [(f["kind"], f["fact_kind"], f["expected"], f["stated"]) for f in flags] == [
        ("restatement", "target", 6, 6.5)]
