"""Targets down the levels: the nation's, the province's, the prefecture's, the county's for one year.

Two views over the same rows (see docs/CASCADE.md):

* the **chain** (:func:`cascade`): for a region, each level from the nation down
  to it (the parents valid in that year: 清苑县 in 2013 lies under 保定市 and
  河北省), with its target, its outcome as the reports state it, the official
  statistic when one was imported, and the difference from the nearest level
  above that set a comparable target;
* the **fan-out** (:func:`fan_out`): every child of a region (provinces under
  the nation, counties under a prefecture) against the region's own target,
  with the share of children that set a higher one (层层加码).

A level whose report for the year is not stored is ``missing``, one whose report
is stored but states no target for the indicator ``no_target``: a view never
drops a level silently.  One statement per level follows the rule of
:mod:`gwr.analysis.choice` (a growth target before a level when the indicator
has both); the others are counted as alternatives.

Comparing targets across levels: a growth target by its percentage (a range
6%–6.5% by its binding end, as docs/TRACKING.md says: the low end where more is
better), a target in percent (失业率5.5%以内) by its value; a level in money or
people is not comparable across levels of different size, so its difference is
left empty.  ``higher`` is the plain comparison; ``stricter`` reads it with the
indicator's sense (a lower ceiling is stricter: CPI 2.5% under the nation's 3%).

Pure: rows in, rows out.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..indicators import Taxonomy, taxonomy
from .choice import choose, preference
from .rows import as_number, dec, region_key, semantics
from .track import target_rule

__all__ = ["cascade", "fan_out", "STATUSES"]

Row = Mapping[str, Any]
STATUSES = ("found", "no_target", "missing")
REPORT_KINDS = ("official_report", "report_excerpt")


def _key(row: Row) -> str | None:
    k = region_key(row)
    return k[1] if k and k[0] == "code" else None


def _has_growth(row: Row) -> bool:
    return row.get("growth_pct") is not None or bool(row.get("growth_range"))


def _target_year(row: Row) -> int | None:
    return row.get("year") if row.get("year") is not None else row.get("report_year")


def _pick(rows: list[Row], measure: str | None = None) -> tuple[Row | None, list[Row]]:
    """A growth statement before a level (or the ``measure`` asked for), then the rule of ``choice``."""
    if not rows:
        return None, []
    if measure is None:
        measure = "growth" if any(_has_growth(r) for r in rows) else "value"
    pool = [r for r in rows if (_has_growth(r) if measure == "growth" else r.get("value") is not None)] or rows
    chosen, _ = choose(pool, "growth_pct" if measure == "growth" else "value")
    return chosen, [r for r in sorted(rows, key=preference) if r is not chosen]


def _comparable(target: Row, tax: Taxonomy) -> tuple[str, Decimal | None, str | None, str]:
    """(measure, the number levels are compared by, its unit, sense)."""
    if _has_growth(target):
        rule = target_rule(target, "growth", tax)
        rng = target.get("growth_range")
        if rng:
            return "growth", dec(rng[0] if rule["sense"] == "floor" else rng[1]), "pp", rule["sense"]
        return "growth", dec(target.get("growth_pct")), "pp", rule["sense"]
    rule = target_rule(target, "value", tax)
    if target.get("unit_base") in semantics()["percent_units"] and target.get("value") is not None:
        return "value", dec(target.get("value")), "pp", rule["sense"]
    return "value", None, None, rule["sense"]


def _statistic(stats: list[Row], measure: str, unit_base: str | None) -> Row | None:
    """The statistic of the target's kind (the latest import wins: rows come oldest first)."""
    fits = [s for s in stats if s.get("measure") == measure
            and (measure == "growth" or unit_base is None or s.get("unit_base") == unit_base)]
    return fits[-1] if fits else None


def _outcome_number(o: Row | None, measure: str) -> Any:
    if o is None:
        return None
    return o.get("growth_pct") if measure == "growth" else o.get("value")


def _entry(level: Mapping[str, Any], year: int, targets: list[Row], actuals: list[Row], docs: list[Row],
           stats: list[Row], tax: Taxonomy) -> dict[str, Any]:
    reports = sorted((d for d in docs if d.get("kind") in REPORT_KINDS), key=lambda d: (
        REPORT_KINDS.index(d["kind"]), str(d.get("path") or ""), d.get("id") or 0))
    target, others = _pick(targets)
    e: dict[str, Any] = {
        "level": level["level"], "region_code": level["code"], "region_name": level["name"], "key": level["key"],
        "year": year,
        "status": "found" if target is not None else "no_target" if reports or docs else "missing",
        "report_document_id": reports[0].get("id") if reports else (docs[0].get("id") if docs else None),
        "report_title": reports[0].get("title") if reports else None,
        "report_path": reports[0].get("path") if reports else None,
    }
    measure, number, cmp_unit, sense = _comparable(target, tax) if target is not None else (None, None, None, None)
    rng = target.get("growth_range") if target is not None and measure == "growth" else None
    e.update({
        "measure": measure,
        "target": as_number(dec(target.get("growth_pct") if measure == "growth" else target.get("value")))
        if target is not None else None,
        "target_low": as_number(dec(rng[0])) if rng else None,
        "target_high": as_number(dec(rng[1])) if rng else None,
        "qualifier": ((target.get("growth_qualifier") if measure == "growth" else target.get("value_qualifier"))
                      or "") if target is not None else None,
        "target_unit": ("%" if measure == "growth" else target.get("unit")) if target is not None else None,
        "sense": sense, "compared_by": as_number(number), "compared_unit": cmp_unit,
        "target_label": target.get("label") if target is not None else None,
        "target_quote": target.get("quote") if target is not None else None,
        "target_fact_id": target.get("fact_id") if target is not None else None,
        "target_document_id": target.get("document_id") if target is not None else None,
        "target_span": list(target["span"]) if target is not None and target.get("span") else None,
        "target_path": target.get("path") if target is not None else None,
        "target_report_year": target.get("report_year") if target is not None else None,
        "target_alternatives": len(others),
    })
    outcome, _ = _pick(actuals, measure) if actuals else (None, [])
    o_measure = measure or ("growth" if outcome is not None and _has_growth(outcome) else "value")
    e.update({
        "outcome": as_number(dec(_outcome_number(outcome, o_measure))),
        "outcome_qualifier": ((outcome.get("growth_qualifier") if o_measure == "growth"
                               else outcome.get("value_qualifier")) or "") if outcome is not None else None,
        "outcome_unit": ("%" if o_measure == "growth" else outcome.get("unit")) if outcome is not None else None,
        "outcome_quote": outcome.get("quote") if outcome is not None else None,
        "outcome_fact_id": outcome.get("fact_id") if outcome is not None else None,
        "outcome_document_id": outcome.get("document_id") if outcome is not None else None,
        "outcome_span": list(outcome["span"]) if outcome is not None and outcome.get("span") else None,
    })
    stat = _statistic(stats, o_measure, target.get("unit_base") if target is not None else None)
    e.update({
        "statistic": stat.get("value") if stat else None,
        "statistic_unit": stat.get("unit") if stat else None,
        "statistic_source": stat.get("source") if stat else None,
        "statistic_file": stat.get("file_name") if stat else None,
        "statistic_line": stat.get("line") if stat else None,
        "statistic_id": stat.get("id") if stat else None,
    })
    return e


def _compare(e: dict[str, Any], above: dict[str, Any] | None) -> None:
    """Fill diff, higher and stricter against ``above`` (a level or the parent), when comparable."""
    e.update({"compared_with": None, "compared_with_code": None, "parent_target": None, "diff": None,
              "diff_unit": None, "higher": None, "stricter": None})
    if above is None or e.get("compared_by") is None or above.get("compared_by") is None:
        return
    if e["measure"] != above["measure"] or e["compared_unit"] != above["compared_unit"]:
        return
    diff = dec(e["compared_by"]) - dec(above["compared_by"])
    sense = e.get("sense") or "floor"
    e.update({"compared_with": above["region_name"], "compared_with_code": above["region_code"],
              "parent_target": above["compared_by"], "diff": as_number(diff), "diff_unit": e["compared_unit"],
              "higher": diff > 0, "stricter": diff > 0 if sense == "floor" else diff < 0})


def _group(levels: Sequence[Mapping[str, Any]], year: int, indicator: str, facts: Iterable[Row],
           documents: Iterable[Row], statistics: Iterable[Row]):
    keys = {lv["key"] for lv in levels}
    targets, actuals, docs, stats = (defaultdict(list) for _ in range(4))
    for r in facts:
        k = _key(r)
        if k not in keys or r.get("indicator") != indicator:
            continue
        if r.get("kind") == "target" and _target_year(r) == year:
            targets[k].append(r)
        elif r.get("kind") == "actual" and r.get("year") == year:
            actuals[k].append(r)
    for d in documents:
        k = _key(d)
        if k in keys and d.get("report_year") == year and d.get("canonical_id") is None:
            docs[k].append(d)
    for s in statistics:
        k = _key(s)
        if k in keys and s.get("year") == year and s.get("indicator") == indicator:
            stats[k].append(s)
    return targets, actuals, docs, stats


def cascade(levels: Sequence[Mapping[str, Any]], *, indicator: str, year: int, facts: Iterable[Row],
            documents: Iterable[Row] = (), statistics: Iterable[Row] = (),
            tax: Taxonomy | None = None) -> list[dict[str, Any]]:
    """One row per level of ``levels`` (top first: ``code``, ``name``, ``level``, ``key`` = today's code).

    ``facts``: target and actual rows (``gwr.analysis.rows``); ``documents``: the stored documents
    (``region_code``, ``successor_code``, ``report_year``, ``kind``, ``id``, ``title``, ``path``) that
    tell a missing report from one without the target; ``statistics``: imported official figures.
    Each level is compared with the nearest level above it that gives a comparable target.
    """
    tax = tax or taxonomy()
    targets, actuals, docs, stats = _group(levels, year, indicator, facts, documents, statistics)
    out, above = [], None
    for depth, lv in enumerate(levels):
        k = lv["key"]
        e = {"depth": depth, **_entry(lv, year, targets[k], actuals[k], docs[k], stats[k], tax)}
        _compare(e, above)
        if e.get("compared_by") is not None:
            above = e
        out.append(e)
    return out


def fan_out(parent: Mapping[str, Any], children: Sequence[Mapping[str, Any]], *, indicator: str, year: int,
            facts: Iterable[Row], documents: Iterable[Row] = (), statistics: Iterable[Row] = (),
            tax: Taxonomy | None = None) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
    """(the parent's row, one row per child against the parent's target, a summary).

    The summary counts children with a stored report, with a target, with one comparable to the
    parent's, and how many of those set it higher, equal or lower (``share_higher`` of the
    comparable ones; ``share_stricter`` read with the indicator's sense), with the mean and range
    of the differences.
    """
    tax = tax or taxonomy()
    facts, documents, statistics = list(facts), list(documents), list(statistics)
    top = cascade([parent], indicator=indicator, year=year, facts=facts, documents=documents,
                  statistics=statistics, tax=tax)[0]
    targets, actuals, docs, stats = _group(children, year, indicator, facts, documents, statistics)
    rows = []
    for lv in children:
        k = lv["key"]
        e = _entry(lv, year, targets[k], actuals[k], docs[k], stats[k], tax)
        _compare(e, top)
        rows.append(e)
    diffs = [dec(r["diff"]) for r in rows if r["diff"] is not None]
    n = len(diffs)
    summary = {
        "parent_code": parent["code"], "parent_name": parent["name"], "year": year, "indicator": indicator,
        "parent_target": top.get("compared_by"), "parent_qualifier": top.get("qualifier"),
        "unit": top.get("compared_unit"),
        "children": len(rows), "reported": sum(r["status"] != "missing" for r in rows),
        "with_target": sum(r["status"] == "found" for r in rows), "comparable": n,
        "higher": sum(d > 0 for d in diffs), "equal": sum(d == 0 for d in diffs), "lower": sum(d < 0 for d in diffs),
        "stricter": sum(bool(r["stricter"]) for r in rows if r["diff"] is not None),
        "share_higher": as_number(Decimal(sum(d > 0 for d in diffs)) / n, 4) if n else None,
        "share_stricter": as_number(Decimal(sum(bool(r["stricter"]) for r in rows if r["diff"] is not None)) / n, 4)
        if n else None,
        "mean_diff": as_number(sum(diffs) / n, 4) if n else None,
        "min_diff": as_number(min(diffs)) if n else None, "max_diff": as_number(max(diffs)) if n else None,
    }
    return top, rows, summary
