"""Numbers that do not add up: consistency flags over fact rows, each explained with its quotes.

Four checks, each comparing a stated number with what other stated numbers imply:

* ``target_vs_base`` — in one report, a target level against the review year's
  level × (1 + the target growth) (地区生产总值增长9.5%、达到678亿元 against last
  year's 614.8亿元).
* ``target_below_base`` — the same pair where the target level is below the
  base level although the target growth is positive (a sharper case of the
  first; reported instead of it).
* ``growth_vs_levels`` — an outcome's stated growth against its level and the
  previous year's level from another report of the same region.
* ``restatement`` — the same region, year and indicator given different
  figures by two documents (a later report, a compilation copy).

Tolerances: written numbers are rounded, so every check allows half a unit in
the last written digit of each number it uses (4亿元 may be 3.5–4.5亿元).  On top
of that, a level-vs-growth check allows ``nominal_rel`` (default 1 %) when the
indicator's growth is nominal like its level, and ``real_rel`` (default 5 %)
when the genre states growth at comparable prices (``growth_basis: real`` in
data/indicators.json: GDP, value added, output), because the level is nominal
and the two differ by the price change.  Defaults live in data/tracking.json.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gwr.analysis.rows import as_number, dec, fact_ref, half_ulp, region_key, semantics, source_rank
from gwr.indicators import Taxonomy, taxonomy

__all__ = ["check", "CheckTolerance", "CHECKS"]

Row = Mapping[str, Any]

CHECKS = ("target_vs_base", "target_below_base", "growth_vs_levels", "restatement")
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class CheckTolerance:
    """Relative slack beyond rounding: nominal_rel for nominal growth, real_rel for real growth."""

    nominal_rel: Decimal
    real_rel: Decimal

    @classmethod
    def default(cls) -> CheckTolerance:
        c = semantics()["consistency"]
        return cls(dec(c["nominal_rel"]), dec(c["real_rel"]))


def _exact_level(row: Row) -> bool:
    """A level written as a plain figure (not 突破…, …以上, …余) in a unit that is not a rate."""
    return (row.get("value") is not None and row.get("value_base") is not None and bool(dec(row["value"]))
            and not row.get("value_qualifier")
            and row.get("unit_base") not in semantics()["percent_units"])


def _exact_growth(row: Row) -> bool:
    return row.get("growth_pct") is not None and not row.get("growth_qualifier")


def _rel_slack(row: Row) -> Decimal:
    """Rounding of the written level, relative to it."""
    return half_ulp(row["value"]) / abs(dec(row["value"]))


def _growth_slack(growth: Any) -> Decimal:
    return half_ulp(growth) / (_HUNDRED + dec(growth))


def _basis(indicator: str | None, tax: Taxonomy) -> str:
    ind = tax.get(indicator or "")
    return ind.growth_basis if ind is not None else "nominal"


def _flag(kind: str, subject: Row, year: int, *, expected: Decimal | None, stated: Decimal | None,
          unit: str | None, rel: Decimal | None, tolerance: Decimal | None, explanation: str,
          facts: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "region_code": subject.get("region_code"), "region_name": subject.get("region_name"),
            "level": subject.get("level"), "year": year, "indicator": subject.get("indicator"),
            "label": subject.get("label"), "expected": as_number(expected), "stated": as_number(stated),
            "unit": unit, "relative_diff": as_number(rel), "tolerance": as_number(tolerance),
            "explanation": explanation, "facts": facts, "fact_ids": [f["fact_id"] for f in facts], **extra}


def _pct(x: Decimal) -> str:
    return f"{as_number(x * _HUNDRED, 2)}%"


# ---------------------------------------------------------------------------
# (a, d) a target level against the base level and the target growth, in one report


def _target_vs_base(docs: dict[str, list[Row]], tol: CheckTolerance, tax: Taxonomy) -> list[dict[str, Any]]:
    flags = []
    for facts in sorted(docs.values(), key=lambda fs: min(source_rank(r) for r in fs)):
        base_by: dict[tuple[str, int], Row] = {}
        for a in sorted((r for r in facts if r.get("kind") == "actual"), key=source_rank):
            if a.get("indicator") and a.get("year") is not None and _exact_level(a):
                base_by.setdefault((a["indicator"], a["year"]), a)
        for t in sorted((r for r in facts if r.get("kind") == "target"), key=source_rank):
            year = t.get("year") if t.get("year") is not None else t.get("report_year")
            if year is None or not t.get("indicator") or t.get("growth_pct") is None or not _exact_level(t):
                continue
            base = base_by.get((t["indicator"], year - 1))
            if base is None or base.get("unit_base") != t.get("unit_base"):
                continue
            g = dec(t["growth_pct"])
            b, stated = dec(base["value_base"]), dec(t["value_base"])
            expected = b * (1 + g / _HUNDRED)
            rel = stated / expected - 1
            refs = [fact_ref(t, "target"), fact_ref(base, "base")]
            if g > 0 and stated < b:
                flags.append(_flag(
                    "target_below_base", t, year, expected=expected, stated=stated, unit=t.get("unit_base"),
                    rel=rel, tolerance=Decimal(0), facts=refs,
                    explanation=(f"The {year} target of {t['value']}{t.get('unit') or ''} is below the {year - 1} "
                                 f"level of {base['value']}{base.get('unit') or ''} although the target growth "
                                 f"is +{t['growth_pct']}%.")))
                continue
            basis = _basis(t["indicator"], tax)
            allowed = ((tol.real_rel if basis == "real" else tol.nominal_rel)
                       + _rel_slack(t) + _rel_slack(base) + _growth_slack(t["growth_pct"]))
            if abs(rel) > allowed:
                flags.append(_flag(
                    "target_vs_base", t, year, expected=expected, stated=stated, unit=t.get("unit_base"),
                    rel=rel, tolerance=allowed, facts=refs, growth_basis=basis,
                    implied_growth_pct=as_number((stated / b - 1) * _HUNDRED, 2),
                    explanation=(f"The {year} target level {t['value']}{t.get('unit') or ''} is {_pct(rel)} off "
                                 f"the {year - 1} level {base['value']}{base.get('unit') or ''} grown by the target "
                                 f"{t['growth_pct']}% (implies {as_number((stated / b - 1) * _HUNDRED, 2)}%); "
                                 f"allowed {_pct(allowed)} for {basis} growth and rounding.")))
    return flags


# ---------------------------------------------------------------------------
# (b) an outcome's growth against its level and last year's level from another report


def _growth_vs_levels(chosen: dict[tuple, Row], tol: CheckTolerance, tax: Taxonomy) -> list[dict[str, Any]]:
    flags = []
    for (rk, year, ind), cur in chosen.items():
        prev = chosen.get((rk, year - 1, ind))
        if (prev is None or prev.get("document_id") == cur.get("document_id") or not _exact_growth(cur)
                or not _exact_level(cur) or not _exact_level(prev) or prev.get("unit_base") != cur.get("unit_base")):
            continue
        g = dec(cur["growth_pct"])
        p, stated = dec(prev["value_base"]), dec(cur["value_base"])
        expected = p * (1 + g / _HUNDRED)
        rel = stated / expected - 1
        basis = _basis(ind, tax)
        allowed = ((tol.real_rel if basis == "real" else tol.nominal_rel)
                   + _rel_slack(cur) + _rel_slack(prev) + _growth_slack(cur["growth_pct"]))
        if abs(rel) <= allowed:
            continue
        implied = (stated / p - 1) * _HUNDRED
        flags.append(_flag(
            "growth_vs_levels", cur, year, expected=expected, stated=stated, unit=cur.get("unit_base"),
            rel=rel, tolerance=allowed, facts=[fact_ref(cur, "outcome"), fact_ref(prev, "previous")],
            growth_basis=basis, implied_growth_pct=as_number(implied, 2), stated_growth_pct=cur["growth_pct"],
            explanation=(f"{year}: {cur['value']}{cur.get('unit') or ''} against {prev['value']}"
                         f"{prev.get('unit') or ''} for {year - 1} is a growth of {as_number(implied, 2)}%, "
                         f"but the report states {cur['growth_pct']}% ({_pct(rel)} apart in level; allowed "
                         f"{_pct(allowed)} for {basis} growth and rounding).")))
    return flags


# ---------------------------------------------------------------------------
# (c) the same figure given differently by two documents


def _differs(a: Any, b: Any, slack: Decimal) -> bool:
    return a is not None and b is not None and abs(dec(a) - dec(b)) > slack


def _restatements(groups: dict[tuple, list[Row]]) -> list[dict[str, Any]]:
    flags = []
    for (kind, _rk, year, _ind), facts in groups.items():
        per_doc: dict[str, Row] = {}
        for r in sorted(facts, key=source_rank):
            per_doc.setdefault(str(r.get("document_id")), r)  # each document's own (first) figure
        if len(per_doc) < 2:
            continue
        first, *others = sorted(per_doc.values(), key=source_rank)
        for other in others:
            refs = [fact_ref(first, "first"), fact_ref(other, "other")]
            if (first.get("unit_base") == other.get("unit_base") and _exact_level(first) and _exact_level(other)):
                a, b = dec(first["value_base"]), dec(other["value_base"])
                # the same figure written to fewer digits (422 for 421.9) is not a restatement
                slack = max(half_ulp(first["value"]) * (a / dec(first["value"])),
                            half_ulp(other["value"]) * (b / dec(other["value"])))
                if _differs(a, b, slack):
                    flags.append(_flag(
                        "restatement", first, year, expected=a, stated=b, unit=first.get("unit_base"),
                        rel=b / a - 1, tolerance=slack / a, facts=refs, field="value", fact_kind=kind,
                        explanation=(f"Two documents give the {year} {kind} differently: {first['value']}"
                                     f"{first.get('unit') or ''} and {other['value']}{other.get('unit') or ''}.")))
            ga, gb = first.get("growth_pct"), other.get("growth_pct")
            # growth rates are written as meant (增长6% is not 6.3% rounded): any difference counts
            if ga is not None and gb is not None and _differs(ga, gb, Decimal(0)):
                flags.append(_flag(
                    "restatement", first, year, expected=dec(ga), stated=dec(gb), unit="%",
                    rel=None, tolerance=Decimal(0), facts=refs, field="growth_pct",
                    fact_kind=kind,
                    explanation=f"Two documents give the {year} {kind} growth differently: {ga}% and {gb}%."))
    return flags


# ---------------------------------------------------------------------------


def check(rows: Iterable[Row], *, tolerance: CheckTolerance | None = None,
          tax: Taxonomy | None = None) -> list[dict[str, Any]]:
    """Every consistency flag over the rows, each with expected vs stated, the slack allowed,
    an explanation and the quotes (fact ids, documents, spans) it rests on.

    Identical flags from copies of the same report (compilation pages repeat
    reports) are reported once, from the preferred copy, with ``copies`` counting them.
    """
    tol = tolerance or CheckTolerance.default()
    tax = tax or taxonomy()
    rows = [r for r in rows if region_key(r) is not None and r.get("indicator")]
    docs: dict[str, list[Row]] = defaultdict(list)
    groups: dict[tuple, list[Row]] = defaultdict(list)
    outcomes: dict[tuple, list[Row]] = defaultdict(list)
    for r in rows:
        docs[str(r.get("document_id"))].append(r)
        year = r.get("year")
        if year is None and r.get("kind") == "target":
            year = r.get("report_year")  # a target is for the report's year unless it says otherwise
        if year is None:
            continue
        groups[(r.get("kind"), region_key(r), year, r["indicator"])].append(r)
        if r.get("kind") == "actual":
            outcomes[(region_key(r), year, r["indicator"])].append(r)
    chosen = {k: min(v, key=lambda c: (c.get("review_year") != k[1], not _exact_level(c), source_rank(c)))
              for k, v in outcomes.items()}
    flags = _target_vs_base(docs, tol, tax) + _growth_vs_levels(chosen, tol, tax) + _restatements(groups)
    return _dedupe(flags)


def _dedupe(flags: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[tuple, dict[str, Any]] = {}
    for f in flags:
        key = (f["kind"], f["region_code"], f["region_name"], f["level"], f["year"], f["indicator"],
               f["expected"], f["stated"], f.get("field"))
        if key in seen:
            seen[key]["copies"] += 1
        else:
            seen[key] = {**f, "copies": 1}
    return sorted(seen.values(), key=lambda f: (f["region_code"] or "", f["region_name"] or "", f["year"],
                                                f["indicator"] or "", f["kind"]))
