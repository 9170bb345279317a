"""Target tracking: real consecutive reports of one county, copies of a town's report, and one
hand-made case per qualifier, rule and status (expected gaps computed by hand)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from analysis_rows import fact
from corpus_data import needs_shared
from gwr.analysis import Tolerance, track
from gwr.analysis.track import target_rule


def _one(rows, indicator, year):
    hits = [r for r in track(rows) if r["indicator"] == indicator and r["year"] == year]
    assert len(hits) == 1, hits
    return hits[0]


# ---------------------------------------------------------------------------
# Real rows: a county's 2020 report (targets for 2020) and its 2021 report (outcomes for 2020)


def test_track_real_gdp_about_target_missed(two_years_rows):
    r = _one(two_years_rows, "gdp", 2020)
    assert r["region_code"] == "321324" and r["level"] == "county"
    assert (r["measure"], r["qualifier"], r["rule"], r["sense"]) == ("growth", "左右", "tolerance", "floor")
    # 6.5%左右 with the 0.5 pp tolerance: met from 6.0 up; the outcome is 3.6
    assert (r["target"], r["tolerance"], r["bound"], r["outcome"]) == (6.5, 0.5, 6, 3.6)
    assert r["gap"] == -2.9 and r["gap_unit"] == "pp" and r["status"] == "missed"
    assert r["target_quote"] == "地区生产总值增长6.5%左右"
    assert r["outcome_quote"] == "地区生产总值421.9亿元，增长3.6%"
    assert r["target_document_id"].endswith(":0") and r["outcome_document_id"].endswith(":1")
    assert r["target_fact_id"].startswith(r["target_document_id"])


def test_track_real_plain_target_is_a_floor(two_years_rows):
    r = _one(two_years_rows, "general_budget_revenue", 2020)
    assert (r["qualifier"], r["rule"], r["target"], r["outcome"], r["gap"], r["status"]) == \
        ("", "floor", 5, 2.1, -2.9, "missed")
    assert r["outcome_quote"] == "一般公共预算收入28.9亿元，增长2.1%"


def test_track_real_target_without_outcome(two_years_rows):
    r = _one(two_years_rows, "fixed_asset_investment", 2020)  # the 2021 report gives no investment figure
    assert r["status"] == "no_outcome" and r["outcome"] is None and r["outcome_fact_id"] is None
    assert r["target"] == 8 and r["target_quote"] == "固定资产投资增长8%"


def test_track_real_latest_targets_wait_for_next_report(two_years_rows):
    rows = [r for r in track(two_years_rows) if r["year"] == 2021]
    assert {r["indicator"] for r in rows} == {"gdp", "general_budget_revenue", "fixed_asset_investment",
                                              "registered_unemployment_rate"}
    assert {r["status"] for r in rows} == {"no_outcome"}
    jobless = next(r for r in rows if r["indicator"] == "registered_unemployment_rate")
    assert (jobless["measure"], jobless["rule"], jobless["target"], jobless["target_unit"]) == \
        ("value", "ceiling", 3, "%")


def test_track_is_deterministic_whatever_the_row_order(two_years_rows):
    assert track(list(reversed(two_years_rows))) == track(two_years_rows)


@needs_shared
def test_track_real_town_copies_choose_the_first(seed_rows):
    """A compilation page pastes one town's report twice; a town has no code, so (name, level) is its identity."""
    town = [r for r in track(seed_rows) if r["region_name"] == "枨冲镇"]
    assert town and all(r["region_code"] is None and r["level"] == "town" for r in town)
    assert len({r["indicator"] for r in town}) == len(town)  # one row per indicator, not one per copy
    gdp = next(r for r in town if r["indicator"] == "gdp")
    assert gdp["target_candidates"] == 2 and gdp["target_document_id"].endswith(":6")
    assert gdp["status"] == "no_outcome"  # the page has no report on the town's 2005
    birth = next(r for r in town if r["indicator"] == "birth_rate")
    assert (birth["rule"], birth["target"], birth["target_unit"]) == ("ceiling", 10, "‰")


# ---------------------------------------------------------------------------
# Hand-made rows: one case per qualifier and rule


def _case(target_fields, outcome_fields, indicator="gdp", tolerance=None):
    rows = [fact("target", indicator, 2022, **target_fields), fact("actual", indicator, 2022, **outcome_fields)]
    return _one(rows, indicator, 2022) if tolerance is None else \
        next(r for r in track(rows, tolerance=tolerance) if r["indicator"] == indicator)


@pytest.mark.parametrize("outcome, status, gap", [(7, "met", 0), (6.9, "missed", -0.1), (9.2, "met", 2.2)])
def test_track_floor_above(outcome, status, gap):
    r = _case({"growth_pct": 7, "growth_qualifier": "以上"}, {"growth_pct": outcome})
    assert (r["rule"], r["status"], r["gap"]) == ("floor", status, gap)


@pytest.mark.parametrize("outcome, status, gap", [(6, "met", -0.5), (5.9, "missed", -0.6), (8, "met", 1.5)])
def test_track_about_is_a_tolerance_on_the_bad_side(outcome, status, gap):
    r = _case({"growth_pct": 6.5, "growth_qualifier": "左右"}, {"growth_pct": outcome})
    assert (r["rule"], r["bound"], r["status"], r["gap"]) == ("tolerance", 6, status, gap)


def test_track_about_tolerance_is_a_parameter():
    tight = Tolerance(growth_pp=Decimal("0.2"), percent_pp=Decimal(0), level_rel=Decimal(0))
    r = _case({"growth_pct": 6.5, "growth_qualifier": "左右"}, {"growth_pct": 6.2}, tolerance=tight)
    assert (r["bound"], r["status"]) == (6.3, "missed")


@pytest.mark.parametrize("outcome, status, gap", [(3.6, "met", -0.9), (4.5, "met", 0), (4.6, "missed", 0.1)])
def test_track_within_is_a_ceiling(outcome, status, gap):
    r = _case({"value": 4.5, "unit": "%", "value_base": 4.5, "unit_base": "percent", "value_qualifier": "以内",
               "quote": "城镇登记失业率控制在4.5%以内"},
              {"value": outcome, "unit": "%", "value_base": outcome, "unit_base": "percent"},
              indicator="registered_unemployment_rate")
    assert (r["measure"], r["rule"], r["status"], r["gap"], r["gap_unit"]) == ("value", "ceiling", status, gap, "%")


@pytest.mark.parametrize("outcome, status, gap", [(-3.6, "met", -0.6), (-2.5, "missed", 0.5)])
def test_track_plain_target_of_a_ceiling_indicator(outcome, status, gap):
    """单位地区生产总值能耗下降3%: less is better, so a plain decline is a ceiling on the signed growth."""
    r = _case({"growth_pct": -3}, {"growth_pct": outcome}, indicator="energy_intensity")
    assert (r["rule"], r["sense"], r["status"], r["gap"]) == ("ceiling", "ceiling", status, gap)


@pytest.mark.parametrize("outcome, status", [(-4.1, "met"), (-4, "met"), (-3.6, "missed")])
def test_track_decline_of_at_least(outcome, status):
    """下降4%以上 (−4, 以上) bounds the size of the decline: the signed growth must be −4 or lower."""
    r = _case({"growth_pct": -4, "growth_qualifier": "以上"}, {"growth_pct": outcome}, indicator="energy_intensity")
    assert (r["rule"], r["status"]) == ("ceiling", status)


@pytest.mark.parametrize("outcome, status", [(3.4, "met"), (3.6, "missed"), (1, "met")])
def test_track_about_on_a_ceiling_indicator(outcome, status):
    """居民消费价格涨幅3%左右: prices are a ceiling, so the tolerance is above the target."""
    r = _case({"growth_pct": 3, "growth_qualifier": "左右"}, {"growth_pct": outcome}, indicator="cpi")
    assert (r["rule"], r["sense"], r["bound"], r["status"]) == ("tolerance", "ceiling", 3.5, status)


def test_track_control_word_makes_a_ceiling():
    """控制在 in the quote makes a plain target a ceiling whatever the indicator's sense."""
    r = _case({"value": 10, "unit": "‰", "value_base": 10, "unit_base": "permille", "quote": "人口出生率控制在10‰"},
              {"value": 10.2, "unit": "‰", "value_base": 10.2, "unit_base": "permille"}, indicator="birth_rate")
    assert (r["rule"], r["status"], r["gap"]) == ("ceiling", "missed", 0.2)


@pytest.mark.parametrize("outcome, status, gap", [(6, "met", 0), (5.9, "missed", -0.1), (7, "met", 1)])
def test_track_range_low_end_is_the_floor(outcome, status, gap):
    r = _case({"growth_range": [6, 6.5]}, {"growth_pct": outcome})
    assert (r["rule"], r["target"], r["target_range"], r["status"], r["gap"]) == \
        ("range", 6, [6, 6.5], status, gap)


def test_track_range_high_end_binds_a_ceiling_indicator():
    r = _case({"growth_range": [2, 3]}, {"growth_pct": 3.2}, indicator="cpi")
    assert (r["rule"], r["target"], r["status"], r["gap"]) == ("range", 3, "missed", 0.2)


@pytest.mark.parametrize("qualifier, status", [("", "missed"), ("左右", "met")])
def test_track_level_compared_in_the_target_unit(qualifier, status):
    """新增就业1万人 against 9,950人: the outcome is 0.995万人; 左右 allows 1 % of the target."""
    r = _case({"value": 1, "unit": "万人", "value_base": 10000, "unit_base": "person", "value_qualifier": qualifier},
              {"value": 9950, "unit": "人", "value_base": 9950, "unit_base": "person"}, indicator="new_urban_jobs")
    assert (r["measure"], r["outcome"], r["outcome_unit"], r["gap"], r["status"]) == \
        ("value", 0.995, "万人", -0.005, status)


def test_track_growth_preferred_when_both_sides_give_it():
    r = _case({"growth_pct": 9.5, "value": 678, "unit": "亿元", "value_base": 67800000000, "unit_base": "yuan"},
              {"growth_pct": 9.6, "value": 670, "unit": "亿元", "value_base": 67000000000, "unit_base": "yuan"})
    assert (r["measure"], r["status"], r["gap"]) == ("growth", "met", 0.1)


def test_track_falls_back_to_level_when_outcome_has_no_growth():
    r = _case({"growth_pct": 9.5, "value": 678, "unit": "亿元", "value_base": 67800000000, "unit_base": "yuan"},
              {"value": 670, "unit": "亿元", "value_base": 67000000000, "unit_base": "yuan"})
    assert (r["measure"], r["target"], r["outcome"], r["gap"], r["status"]) == ("value", 678, 670, -8, "missed")


def test_track_not_comparable_when_outcome_has_only_the_other_figure():
    r = _case({"growth_pct": 8}, {"value": 300, "unit": "亿元", "value_base": 30000000000, "unit_base": "yuan"},
              indicator="fixed_asset_investment")
    assert (r["status"], r["outcome"], r["gap"]) == ("not_comparable", None, None)
    assert r["outcome_fact_id"] is not None  # the outcome found is still cited


@pytest.mark.parametrize("outcome, qualifier, status", [(95, "以上", "undetermined"), (97, "以上", "met"),
                                                        (95, "", "missed")])
def test_track_outcome_written_as_a_bound(outcome, qualifier, status):
    """参保率95%以上 against a 96%以上 target cannot be judged; 97%以上 can."""
    r = _case({"value": 96, "unit": "%", "value_base": 96, "unit_base": "percent", "value_qualifier": "以上"},
              {"value": outcome, "unit": "%", "value_base": outcome, "unit_base": "percent", "value_qualifier": qualifier},
              indicator="medical_insurance_coverage")
    assert r["status"] == status


# ---------------------------------------------------------------------------
# Choices among sources, region identity


def test_track_prefers_the_review_of_that_year_then_whole_reports():
    rows = [fact("target", "gdp", 2022, growth_pct=6),
            fact("actual", "gdp", 2022, growth_pct=5.0, report_year=2024, review_year=2023, document_id="later"),
            fact("actual", "gdp", 2022, growth_pct=5.5, document_id="excerpt", doc_kind="report_excerpt"),
            fact("actual", "gdp", 2022, growth_pct=6.2, document_id="whole")]
    r = _one(rows, "gdp", 2022)
    assert (r["outcome_document_id"], r["outcome"], r["status"], r["outcome_candidates"]) == ("whole", 6.2, "met", 3)


def test_track_prefers_the_report_of_that_year_for_targets():
    rows = [fact("target", "gdp", 2022, growth_pct=7, report_year=2021, document_id="five_year_plan"),
            fact("target", "gdp", 2022, growth_pct=6, document_id="annual"),
            fact("actual", "gdp", 2022, growth_pct=6.5)]
    r = _one(rows, "gdp", 2022)
    assert (r["target_document_id"], r["target"], r["status"], r["target_candidates"]) == ("annual", 6, "met", 2)


def test_track_region_identity_code_then_name_and_level():
    code_a = ("111111", "甲县", "county")
    renamed = ("111111", "甲市", "county")  # same code, new name: same region
    town = (None, "乙镇", "town")
    namesake = (None, "乙镇", "township")  # same name, other level: another place
    rows = [fact("target", "gdp", 2022, region=code_a, growth_pct=6),
            fact("actual", "gdp", 2022, region=renamed, growth_pct=6.1),
            fact("target", "gdp", 2022, region=town, growth_pct=8),
            fact("actual", "gdp", 2022, region=namesake, growth_pct=9)]
    out = {(r["region_code"], r["region_name"]): r["status"] for r in track(rows)}
    assert out == {("111111", "甲县"): "met", (None, "乙镇"): "no_outcome"}


def test_track_target_year_defaults_to_report_year_and_unknowns_are_skipped():
    rows = [fact("target", "gdp", None, report_year=2022, growth_pct=6),
            fact("actual", "gdp", 2022, growth_pct=6),
            fact("target", None, 2022, growth_pct=6),  # label outside the taxonomy
            fact("target", "gdp", 2022, region=(None, None, None), growth_pct=6)]  # unknown region
    out = track(rows)
    assert [(r["year"], r["indicator"], r["status"]) for r in out] == [(2022, "gdp", "met")]


@pytest.mark.parametrize("qualifier, growth, rule", [
    ("以上", 7, "floor"), ("以内", 3, "ceiling"), ("左右", 6, "tolerance"), ("", 6, "floor"),
    ("以上", -3, "ceiling"), ("不超过", 3, "ceiling"),
])
def test_track_target_rule_words(qualifier, growth, rule):
    assert target_rule({"indicator": "gdp", "growth_pct": growth, "growth_qualifier": qualifier}, "growth")["rule"] == rule


# ---------------------------------------------------------------------------
# What docs/TRACKING.md claims about 左右


@pytest.mark.parametrize("indicator, target, outcome, status", [
    ("surveyed_unemployment_rate", {"value": 5.5, "unit": "%", "value_base": 5.5, "unit_base": "percent",
                                    "value_qualifier": "左右", "quote": "城镇调查失业率5.5%左右"},
     {"value": 5.7, "unit": "%", "value_base": 5.7, "unit_base": "percent"}, "met"),
    ("surveyed_unemployment_rate", {"value": 5.5, "unit": "%", "value_base": 5.5, "unit_base": "percent",
                                    "value_qualifier": "左右", "quote": "城镇调查失业率5.5%左右"},
     {"value": 5.8, "unit": "%", "value_base": 5.8, "unit_base": "percent"}, "missed"),
    ("new_urban_jobs", {"value": 1, "unit": "万人", "value_base": 10000, "unit_base": "person", "value_qualifier": "左右"},
     {"value": 9900, "unit": "人", "value_base": 9900, "unit_base": "person"}, "met"),
    ("new_urban_jobs", {"value": 1, "unit": "万人", "value_base": 10000, "unit_base": "person", "value_qualifier": "左右"},
     {"value": 9899, "unit": "人", "value_base": 9899, "unit_base": "person"}, "missed"),
])
def test_track_docs_about_examples(indicator, target, outcome, status):
    assert _case(target, outcome, indicator=indicator)["status"] == status


def test_rows_from_extract_keep_the_way_back(two_years_rows):
    """Every row cites its file: quote == text[span], ids unique, region and years copied from the document."""
    from corpus_data import DATA

    text = (DATA / "heldout4" / "02_sihong_two_years.txt").read_text("utf-8")
    assert len({r["fact_id"] for r in two_years_rows}) == len(two_years_rows) == 17
    for r in two_years_rows:
        assert text[r["span"][0]:r["span"][1]] == r["quote"]
        assert (r["region_code"], r["level"], r["report_year"] - r["review_year"]) == ("321324", "county", 1)
        assert r["kind"] in ("target", "actual") and r["doc_kind"] == "official_report"


def test_track_range_with_a_word_keeps_the_range():
    r = _case({"growth_range": [6, 7], "growth_qualifier": "以上"}, {"growth_pct": 6.4})
    assert (r["rule"], r["sense"], r["target"], r["status"], r["gap"]) == ("range", "floor", 6, "met", 0.4)
