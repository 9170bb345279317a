"""Claimed outcomes against official statistics: the figure beside the report's, and the reports that differ.

Official figures (统计公报, 年鉴) come from a user's file (``gwr outcomes
import``) as rows with ``region_code``, ``successor_code``, ``year``,
``indicator``, ``measure`` (growth or value), ``value``, ``unit``,
``value_base``/``unit_base`` and their provenance (``file_name``, ``line``,
``source``).  Two uses:

* :func:`verdict` — for a tracked target, the statistic of the same kind and
  the verdict the statistic gives (met or missed by the official figure, not
  only by the report's own claim);
* :func:`mismatches` — a report whose claimed outcome differs from the
  statistic by more than the tolerance of ``data/statistics.json`` (or the
  file ``$GWR_STATISTICS_TOLERANCE`` names) plus the rounding of the written
  digits: a ``check`` flag of kind ``statistics_mismatch`` with both sources.

Pure: rows in, rows out.
"""
from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from typing import Any

from .choice import choose
from .rows import as_number, dec, fact_ref, half_ulp, region_key

__all__ = ["StatisticsTolerance", "index", "verdict", "mismatches", "EMPTY"]

Row = Mapping[str, Any]
EMPTY = {"statistic": None, "statistic_unit": None, "statistic_measure": None, "statistic_gap": None,
         "statistic_status": None, "statistic_source": None, "statistic_id": None, "statistic_file": None,
         "statistic_line": None}


@dataclass(frozen=True)
class StatisticsTolerance:
    """growth_pp: percentage points for growth rates; level_rel: a share of the statistic for levels."""

    growth_pp: Decimal
    level_rel: Decimal

    @classmethod
    def default(cls) -> StatisticsTolerance:
        path = os.environ.get("GWR_STATISTICS_TOLERANCE")
        text = (open(path, encoding="utf-8").read() if path
                else resources.files("gwr").joinpath("data/statistics.json").read_text("utf-8"))
        t = json.loads(text)["tolerance"]
        return cls(dec(t["growth_pp"]), dec(t["level_rel"]))


def _key(row: Row) -> str | None:
    k = region_key(row)
    return k[1] if k and k[0] == "code" else None


def index(statistics: Iterable[Row]) -> dict[tuple, list[Row]]:
    """Statistics by (today's code, year, indicator), in the order given (oldest import first)."""
    out: dict[tuple, list[Row]] = defaultdict(list)
    for s in statistics:
        k = _key(s)
        if k is not None:
            out[(k, s.get("year"), s.get("indicator"))].append(s)
    return out


def _of_kind(stats: list[Row], measure: str, unit_base: str | None) -> Row | None:
    fits = [s for s in stats if s.get("measure") == measure
            and (measure == "growth" or s.get("unit_base") == unit_base)]
    return fits[-1] if fits else None  # the latest import


def _as_outcome(stat: Row) -> dict[str, Any]:
    if stat["measure"] == "growth":
        return {"growth_pct": stat["value"], "growth_qualifier": ""}
    return {"value": stat["value"], "value_base": stat["value_base"], "unit_base": stat["unit_base"],
            "value_qualifier": ""}


def _provenance(stat: Row) -> dict[str, Any]:
    return {"statistic_source": stat.get("source"), "statistic_id": stat.get("id"),
            "statistic_file": stat.get("file_name"), "statistic_line": stat.get("line")}


def verdict(target: Row, stats: list[Row], compare) -> dict[str, Any]:
    """The statistic beside a tracked target, in the target's unit, with the verdict it gives.

    ``compare(target, outcome, measure)`` is tracking's own comparison, so that the
    statistic is judged by exactly the rules the report's claim is.
    """
    growth = target.get("growth_pct") is not None or bool(target.get("growth_range"))
    stat, measure = None, None
    if growth:
        stat, measure = _of_kind(stats, "growth", None), "growth"
    if stat is None and target.get("value") is not None and target.get("value_base") is not None:
        stat, measure = _of_kind(stats, "value", target.get("unit_base")), "value"
    if stat is None:
        return dict(EMPTY)
    v = compare(target, _as_outcome(stat), measure)
    return {**EMPTY, "statistic": v["outcome"], "statistic_unit": v["outcome_unit"], "statistic_measure": measure,
            "statistic_gap": v["gap"], "statistic_status": v["status"], **_provenance(stat)}


def mismatches(facts: Iterable[Row], statistics: Iterable[Row], *,
               tolerance: StatisticsTolerance | None = None) -> list[dict[str, Any]]:
    """One flag per report (document) whose outcome for a year differs from the official statistic.

    Each document's own statement is taken (the rule of ``gwr.analysis.choice`` among its
    mentions), compared on growth with a growth statistic and on the level with a level
    statistic in the same base unit.  Allowed: the tolerance plus half a unit of the last
    written digit of both figures.
    """
    tol = tolerance or StatisticsTolerance.default()
    stats = index(statistics)
    by_doc: dict[tuple, list[Row]] = defaultdict(list)
    for r in facts:
        k = _key(r)
        if r.get("kind") == "actual" and r.get("year") is not None and r.get("indicator") and k is not None \
                and (k, r["year"], r["indicator"]) in stats:
            by_doc[(r.get("document_id"), k, r["year"], r["indicator"])].append(r)
    flags = []
    for (_doc, k, year, ind), rows in sorted(by_doc.items(), key=lambda kv: tuple(str(x) for x in kv[0])):
        for measure, column in (("growth", "growth_pct"), ("value", "value")):
            pool = [r for r in rows if r.get(column) is not None and (measure == "growth" or r.get("value_base") is not None)]
            if not pool:
                continue
            claim, _ = choose(pool, column)
            stat = _of_kind(stats[(k, year, ind)], measure, claim.get("unit_base"))
            if stat is None:
                continue
            flag = _mismatch(claim, stat, measure, year, tol)
            if flag is not None:
                flags.append(flag)
    return flags


def _mismatch(claim: Row, stat: Row, measure: str, year: int, tol: StatisticsTolerance) -> dict[str, Any] | None:
    if measure == "growth":
        stated, official = dec(claim["growth_pct"]), dec(stat["value"])
        allowed = tol.growth_pp + half_ulp(claim["growth_pct"]) + half_ulp(stat["value"])
        diff, unit, rel = stated - official, "%", None
        ok = abs(diff) <= allowed
        what = f"{as_number(abs(diff))} percentage points"
    else:
        factor = dec(claim["value_base"]) / dec(claim["value"]) if dec(claim["value"]) else Decimal(1)
        stated, official = dec(claim["value"]), dec(stat["value_base"]) / factor
        if not official:
            return None
        rel = stated / official - 1
        allowed = tol.level_rel + half_ulp(claim["value"]) / abs(stated or 1) + half_ulp(stat["value"]) / abs(dec(stat["value"]))
        diff, unit = stated - official, claim.get("unit")
        ok = abs(rel) <= allowed
        what = f"{as_number(abs(rel) * 100, 2)}%"
    if ok:
        return None
    src = stat.get("source") or stat.get("file_name")
    facts = [fact_ref(claim, "claim")]
    return {"kind": "statistics_mismatch", "region_code": claim.get("region_code"),
            "region_name": claim.get("region_name"), "level": claim.get("level"), "year": year,
            "indicator": claim.get("indicator"), "label": claim.get("label"), "expected": as_number(official),
            "stated": as_number(stated), "unit": unit, "relative_diff": as_number(rel),
            "tolerance": as_number(tol.growth_pp if measure == "growth" else tol.level_rel),
            "explanation": (f"the report claims {as_number(stated)}{unit or ''} "
                            f"{'growth' if measure == 'growth' else ''} for {year}; the statistics "
                            f"({src}, {stat.get('file_name')} line {stat.get('line')}) give "
                            f"{as_number(official)}{unit or ''}: {what} apart, more than allowed"
                            ).replace("  ", " "),
            "facts": facts, "fact_ids": [f["fact_id"] for f in facts], "measure": measure,
            "statistic_id": stat.get("id"), "statistic_source": stat.get("source"),
            "statistic_file": stat.get("file_name"), "statistic_line": stat.get("line")}
