"""Were last year's targets met?  Targets for year Y against the outcomes reported for Y.

A report delivered early in year Y sets targets for Y (its ``report_year``); the
next year's report looks back on Y (its ``review_year``) and states outcomes.
:func:`track` joins the two per region, year and indicator and says, with both
quotes, whether the target was met.  The semantics (which way is good, what 以上,
以内 and 左右 mean, how a range counts) are spelled out in docs/TRACKING.md and
kept as data: qualifier words and tolerances in ``data/tracking.json``, each
indicator's ``sense`` in ``data/indicators.json``.

Pure: rows in, rows out; no database, no I/O besides reading the packaged data.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gwr.analysis.choice import preference
from gwr.analysis.rows import as_number, dec, fact_ref, region_key, semantics
from gwr.indicators import Taxonomy, taxonomy

__all__ = ["track", "Tolerance", "target_rule", "STATUSES"]

Row = Mapping[str, Any]

STATUSES = ("met", "missed", "undetermined", "not_comparable", "no_outcome")


@dataclass(frozen=True)
class Tolerance:
    """How far from a 左右 ("about") target an outcome may fall on the bad side and still count as met.

    growth_pp: percentage points, for growth targets (增长6.5%左右 is met by 6.0 and up).
    percent_pp: percentage points, for figures in percent or per mille (失业率5.5%左右).
    level_rel: a share of the target, for other levels (新增就业1万人左右 is met by 9,900).
    """

    growth_pp: Decimal
    percent_pp: Decimal
    level_rel: Decimal

    @classmethod
    def default(cls) -> Tolerance:
        t = semantics()["tolerance"]
        return cls(dec(t["growth_pp"]), dec(t["percent_pp"]), dec(t["level_rel"]))


def _target_year(row: Row) -> int | None:
    return row.get("year") if row.get("year") is not None else row.get("report_year")


def _has_growth(row: Row) -> bool:
    return row.get("growth_pct") is not None or bool(row.get("growth_range"))


def _has_value(row: Row) -> bool:
    return row.get("value_base") is not None and row.get("value") is not None


def _comparable(target: Row, outcome: Row, measure: str) -> bool:
    if measure == "growth":
        return outcome.get("growth_pct") is not None
    return _has_value(outcome) and outcome.get("unit_base") == target.get("unit_base")


def target_rule(target: Row, measure: str, tax: Taxonomy | None = None) -> dict[str, Any]:
    """Which way the target binds: rule (floor, ceiling, tolerance, range) and sense (floor or ceiling).

    An explicit floor or ceiling word decides (以上, 以内, 不超过, …); on a growth
    written as a decline (下降3%以上 → −3) it bounds the size of the decline, so
    the signed bound flips.  Otherwise (no word, 左右, a range) a ceiling word in
    the quote (控制在…) or the indicator's ``sense`` says which side is bad.
    """
    sem = semantics()
    tax = tax or taxonomy()
    qualifier = (target.get("growth_qualifier") if measure == "growth" else target.get("value_qualifier")) or ""
    word_rule = sem["qualifiers"].get(qualifier)
    number = dec(target.get("growth_pct") if measure == "growth" else target.get("value"))
    rng = target.get("growth_range") if measure == "growth" else None
    if word_rule in ("floor", "ceiling"):
        sense = word_rule
        negative = (number is not None and number < 0) or (rng and dec(rng[1]) < 0)
        if measure == "growth" and negative:
            sense = "ceiling" if sense == "floor" else "floor"
        return {"qualifier": qualifier, "rule": "range" if rng else sense, "sense": sense}
    quote = target.get("quote") or ""
    ind = tax.get(target.get("indicator") or "")
    if any(w in quote for w in sem["ceiling_words"]):
        sense = "ceiling"
    else:
        sense = ind.sense if ind is not None else "floor"
    rule = "range" if rng else "tolerance" if word_rule == "tolerance" else sense
    return {"qualifier": qualifier, "rule": rule, "sense": sense}


def _tolerance(target: Row, measure: str, number: Decimal, tol: Tolerance) -> Decimal:
    if measure == "growth":
        return tol.growth_pp
    if target.get("unit_base") in semantics()["percent_units"]:
        return tol.percent_pp
    return abs(number) * tol.level_rel


def _outcome_bound(outcome: Row, measure: str) -> str | None:
    word = outcome.get("growth_qualifier") if measure == "growth" else outcome.get("value_qualifier")
    return semantics()["outcome_bounds"].get(word or "")


def _status(outcome: Decimal, bound: Decimal, sense: str, outcome_bound: str | None) -> tuple[str, str]:
    """met / missed / undetermined, and why (an outcome written as a bound may not settle it)."""
    good = outcome >= bound if sense == "floor" else outcome <= bound
    # A bound that leaves room on the other side of the threshold settles nothing.
    loose = "at_most" if sense == "floor" else "at_least"
    strict = "at_least" if sense == "floor" else "at_most"
    if good and outcome_bound == loose:
        return "undetermined", "the outcome is only an upper bound" if loose == "at_most" else "the outcome is only a lower bound"
    if not good and outcome_bound == strict:
        return "undetermined", "the outcome is only a lower bound" if strict == "at_least" else "the outcome is only an upper bound"
    side = "at or above" if sense == "floor" else "at or below"
    return ("met", f"outcome {side} the bound") if good else ("missed", f"outcome not {side} the bound")


def _figures(target: Row, outcome: Row, measure: str) -> tuple[Decimal | None, list | None, Decimal, str | None]:
    """Target number, range, outcome and unit, all in the target's written unit."""
    if measure == "growth":
        rng = target.get("growth_range")
        return (dec(target.get("growth_pct")), [dec(rng[0]), dec(rng[1])] if rng else None,
                dec(outcome["growth_pct"]), "%")
    number = dec(target["value"])
    if not number:  # a zero target has no written unit to scale to: stay in base units
        return dec(target["value_base"]), None, dec(outcome["value_base"]), target.get("unit_base")
    factor = dec(target["value_base"]) / number  # 万人 → person: 10000
    return number, None, dec(outcome["value_base"]) / factor, target.get("unit")


def _compare(target: Row, outcome: Row, measure: str, tol: Tolerance, tax: Taxonomy) -> dict[str, Any]:
    rule = target_rule(target, measure, tax)
    number, rng, o, unit = _figures(target, outcome, measure)
    tolerance = None
    if rule["rule"] == "range":
        number = rng[0] if rule["sense"] == "floor" else rng[1]  # the binding end
        bound = number
    elif rule["rule"] == "tolerance":
        tolerance = _tolerance(target, measure, number, tol)
        bound = number - tolerance if rule["sense"] == "floor" else number + tolerance
    else:
        bound = number
    status, note = _status(o, bound, rule["sense"], _outcome_bound(outcome, measure))
    return {**rule, "measure": measure, "target": as_number(number),
            "target_range": [as_number(x) for x in rng] if rng else None, "target_unit": unit,
            "tolerance": as_number(tolerance), "bound": as_number(bound), "outcome": as_number(o),
            "outcome_unit": unit,
            "outcome_qualifier": (outcome.get("growth_qualifier") if measure == "growth"
                                  else outcome.get("value_qualifier")) or "",
            "gap": as_number(o - number), "gap_unit": "pp" if measure == "growth" else unit,
            "status": status, "note": note}


def _no_comparison(target: Row, status: str, note: str, tax: Taxonomy) -> dict[str, Any]:
    measure = "growth" if _has_growth(target) else "value"
    rule = target_rule(target, measure, tax)
    number = target.get("growth_pct") if measure == "growth" else target.get("value")
    rng = target.get("growth_range") if measure == "growth" else None
    return {**rule, "measure": measure, "target": number, "target_range": list(rng) if rng else None,
            "target_unit": "%" if measure == "growth" else target.get("unit"), "tolerance": None, "bound": None,
            "outcome": None, "outcome_unit": None, "outcome_qualifier": None, "gap": None,
            "gap_unit": "pp" if measure == "growth" else target.get("unit"), "status": status, "note": note}


def _pick_outcome(target: Row, year: int, candidates: list[Row]) -> tuple[Row | None, str | None]:
    """The outcome to judge by, and the measure: growth when both sides give one, else the level."""
    measure = None
    if _has_growth(target) and any(_comparable(target, c, "growth") for c in candidates):
        measure = "growth"
    elif _has_value(target) and any(_comparable(target, c, "value") for c in candidates):
        measure = "value"
    if measure is None:
        return (min(candidates, key=preference) if candidates else None), None
    column = "growth_pct" if measure == "growth" else "value"
    best = min(candidates, key=lambda c: (not _comparable(target, c, measure), preference(c, column)))
    return best, measure


def track(rows: Iterable[Row], *, tolerance: Tolerance | None = None,
          tax: Taxonomy | None = None, statistics: Iterable[Row] | None = None) -> list[dict[str, Any]]:
    """One row per region, year and indicator that has a target: the target, the outcome and the verdict.

    Target for Y: a target fact of year Y (its ``year``, else the report's
    ``report_year``), chosen by the rule of :mod:`gwr.analysis.choice`.
    Outcome for Y: an actual fact of year Y that gives a figure of the target's
    kind, chosen by the same rule.  ``*_candidates`` count the facts the choice was made from.
    Facts without an indicator or a region are not tracked.

    ``statistics``: official figures (``gwr.analysis.statistics``); given, every row also
    has ``statistic`` (in the target's unit), ``statistic_status`` (the verdict the
    official figure gives, by the same rules), ``statistic_gap`` and its provenance.
    """
    tol = tolerance or Tolerance.default()
    tax = tax or taxonomy()
    stats = None
    if statistics is not None:
        from .statistics import index

        stats = index(statistics)
    targets: dict[tuple, list[Row]] = defaultdict(list)
    actuals: dict[tuple, list[Row]] = defaultdict(list)
    for r in rows:
        rk, ind = region_key(r), r.get("indicator")
        if rk is None or not ind:
            continue
        if r.get("kind") == "target" and _target_year(r) is not None:
            targets[(rk, _target_year(r), ind)].append(r)
        elif r.get("kind") == "actual" and r.get("year") is not None:
            actuals[(rk, r["year"], ind)].append(r)
    out = []
    for (rk, year, ind), group in targets.items():
        target = min(group, key=preference)
        candidates = actuals.get((rk, year, ind), [])
        outcome, measure = _pick_outcome(target, year, candidates)
        if outcome is None:
            verdict = _no_comparison(target, "no_outcome", f"no outcome for {year} in the rows given", tax)
        elif measure is None:
            verdict = _no_comparison(target, "not_comparable",
                                     "the outcome gives no figure of the target's kind (growth or level in the "
                                     "same base unit)", tax)
        else:
            verdict = _compare(target, outcome, measure, tol, tax)
        t_ref = fact_ref(target, "target")
        o_ref = fact_ref(outcome, "outcome") if outcome is not None else {}
        out.append({
            "region_code": target.get("region_code"), "region_name": target.get("region_name"),
            "successor_code": target.get("successor_code"),
            "level": target.get("level"), "year": year, "indicator": ind, "label": target.get("label"),
            **verdict,
            "target_quote": target.get("quote"), "outcome_quote": o_ref.get("quote"),
            "target_fact_id": t_ref["fact_id"], "target_document_id": t_ref["document_id"],
            "target_path": t_ref["path"],
            "outcome_fact_id": o_ref.get("fact_id"), "outcome_document_id": o_ref.get("document_id"),
            "outcome_path": o_ref.get("path"),
            "target_candidates": len(group), "outcome_candidates": len(candidates),
        })
        if stats is not None:
            from .statistics import verdict as stat_verdict

            out[-1].update(stat_verdict(target, stats.get((rk[1], year, ind), []) if rk[0] == "code" else [],
                                        lambda t, o, m: _compare(t, o, m, tol, tax)))
    out.sort(key=lambda r: (r["region_code"] or "", r["region_name"] or "", r["level"] or "", r["year"],
                            r["indicator"]))
    return out
