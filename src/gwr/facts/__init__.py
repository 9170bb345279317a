"""Headline results and targets: the numbers a report commits to and reports.

The genre states them in one grammar: a clause names an indicator and gives
its figure — ``地区生产总值增长9.5%,达到678亿元``, ``城镇登记失业率控制在4%以内``,
``实现地区生产总值614.8亿元,增长6.6%``.  Clauses are separated by ，；。; a
clause that names no indicator (``,达到678亿元``) continues the previous one;
``分别`` pairs several labels with several figures, and ``城乡居民…`` splits
into urban and rural.  Targets are read from the passage that announces the
main expected targets of the report year (主要预期目标是…); actuals from the
review part.  Five-year goals and averages (十四五, 年均) are neither.

Every fact carries ``span`` and ``quote == text[span[0]:span[1]]``: spans are
found on the normalised text, which has the original's length.

The package: ``passages`` finds where the facts are (target passages and tables,
the review part); ``clauses`` reads clauses into facts and names their
indicators; this module picks targets and actuals and builds the records.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..indicators import taxonomy
from ..model import Document
from ..quantities import Quantity, find_quantities, find_ranks
from . import periods
from .clauses import (
    _TAXONOMY,
    _PeriodContext,
    CALIBER,
    CLAUSE_END,
    FIVE_YEAR_FRAME,
    LABEL_PREFIX,
    MAX_LABEL,
    MAX_RAW,
    MULTI_YEAR,
    RATE_UNITS,
    SENTENCE_END,
    SPLIT_LABELS,
    URBAN_RURAL,
    VERB_WORDS,
    _Fact,
    clause_facts,
    indicator_of,
)
from .passages import (
    ONE_YEAR,
    PASSAGE_LINES,
    TARGET_CUE,
    _review_spans,
    table_targets,
    target_passages,
)

__all__ = [
    "CALIBER", "CLAUSE_END", "FIVE_YEAR_FRAME", "LABEL_PREFIX", "MAX_LABEL", "MAX_RAW", "MULTI_YEAR", "ONE_YEAR",
    "PASSAGE_LINES", "RANK_REACH", "RATE_UNITS", "SENTENCE_END", "SPLIT_LABELS", "SUB_AREA", "TARGET_CUE",
    "URBAN_RURAL", "VERB_WORDS", "actuals", "clause_facts", "extract", "indicator_of", "table_targets",
    "target_passages", "targets",
]


def extract(text: str, norm: str, doc: Document, quantities: list[Quantity] | None = None) -> None:
    """Fill ``doc.targets`` and ``doc.actuals``; rules read ``norm``, quotes come from ``text``.

    ``quantities``: ``find_quantities(norm, *doc.span)`` when the caller has it already.
    """
    if doc.kind not in ("official_report", "report_excerpt"):
        return
    _TAXONOMY[:] = [taxonomy()]
    qs = quantities if quantities is not None else find_quantities(norm, *doc.span)
    passages = target_passages(norm, doc, qs)
    doc.targets = [_record(text, f, doc.report_year) for f in _dedupe(targets(norm, doc, qs, passages))]
    found = actuals(norm, doc, qs, passages)
    yearly = [f for f in found if f.frame is None]
    doc.actuals = [_record(text, f, doc.review_year) for f in yearly]
    _attach_ranks(text, norm, yearly, doc.actuals)
    records = _period_records(text, [f for f in found if f.frame is not None], doc.review_year)
    # a level reached at the end of a period that ends in the review year is that year's result,
    # unless the year's own headline states the indicator already (the headline wins)
    stated = {(a["indicator"], a.get("unit")) for a in doc.actuals if a["indicator"] and a.get("value") is not None}
    for r in records:
        end = r.pop("_year_end", None)
        if end is not None and (end["indicator"], end.get("unit")) not in stated:
            doc.actuals.append(end)
    doc.period_actuals = [r for r in records if r]


def _attach_ranks(text: str, norm: str, found: list[_Fact], records: list[dict[str, Any]]) -> None:
    """增长9%，增速排名全市第一: a rank claim right after a result belongs to it (once per clause group)."""
    seen_ends = set()
    for f, rec in zip(found, records):
        if f.end in seen_ends:
            continue
        seen_ends.add(f.end)
        # a remark between a figure and its growth (达到4.2万亿元、稳居全国前列、增长5.1%) is read too
        first = max(min(q.end for q in (f.level, f.growth) if q is not None), f.end - RANK_INSIDE)
        for r in find_ranks(norm, first, min(len(norm), f.end + RANK_REACH)):
            lo = first if r.start < f.end else f.end  # inside the fact's quote, or after it
            if not any(c in norm[lo : r.start] for c in "。；;\n"):
                rec["rank"] = {"scope": r.scope, "position": r.position, "span": [r.start, r.end],
                               "quote": text[r.start : r.end]}
            break


RANK_REACH = 16
RANK_INSIDE = 48  # how far back inside a result a rank is looked for: the scan stays bounded per fact


# ---------------------------------------------------------------------------
# Clauses → facts


def targets(norm: str, doc: Document, qs: list[Quantity] | None = None,
            passages: list[tuple[int, int]] | None = None) -> list[_Fact]:
    facts: list[_Fact] = []
    for a, b in target_passages(norm, doc) if passages is None else passages:
        facts.extend(clause_facts(norm, a, b, target=True, quantities=qs))
        facts.extend(table_targets(norm, a, b))
    return facts


def actuals(norm: str, doc: Document, qs: list[Quantity] | None = None,
            passages: list[tuple[int, int]] | None = None) -> list[_Fact]:
    if passages is None:
        passages = target_passages(norm, doc)
    out = []
    periods = _PeriodContext(_section_frames(doc), doc.review_year, [s.heading_span[0] for s in doc.sections])
    for a, b in _review_spans(doc):
        out.extend(clause_facts(norm, a, b, target=False, quantities=qs, periods=periods))
    # the paragraphs holding figures of several years, read again for those alone
    periods.collect = True
    for a, b in sorted(periods.paragraphs.items()):
        out.extend(clause_facts(norm, a, b, target=False, quantities=qs, periods=periods))
    out = [f for f in out if not _inside(f.start, passages)  # a target inside the review
           and _headline(f)]
    # the review year's figure told again inside a period's account (五年来…由210亿元增加到2022年的
    # 318亿元) gives way to the year's own headline of the same indicator
    stated = {indicator_of(f.label) for f in out if f.frame is None and not periods.restates(f)}
    return [f for f in out if not (f.frame is None and periods.restates(f) and indicator_of(f.label) in stated)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``pos`` falls in one of a few spans (a loop: no generator made per fact)."""
    for s, e in spans:
        if s <= pos < e:
            return True
    return False


def _headline(f: _Fact) -> bool:
    ind = indicator_of(f.label)
    return ind is not None and not SUB_AREA.search(f.label) and _fits_dimension(f, ind)


def _section_frames(doc: Document) -> list[tuple[int, int, periods.Frame]]:
    """Review parts about a whole period (过去五年工作回顾, "十三五"时期发展成就) with no single
    year in their title: a paragraph in them without a frame of its own speaks of that period."""
    out = []
    for s in doc.sections:
        if s.role != "review" or ONE_YEAR.search(s.title):
            continue
        frame = periods.title_frame(s.title)
        if frame is not None:
            out.append((s.span[0], s.span[1], frame))
    return out


# a figure of a zone inside the region (工业园区规模工业总产值) is not the region's headline
SUB_AREA = re.compile(r"园区|开发区|集中区|高新区|工业区|产业园")  # not 新区: 浦东新区 is a region


def _fits_dimension(f: _Fact, ind) -> bool:
    """A level must be of the indicator's kind of figure (6家 is no value added); growth is a rate."""
    if f.level is not None and ind.dimension and f.level.dimension and f.level.unit not in RATE_UNITS:
        if f.level.dimension != ind.dimension:
            f.level = None
    return f.level is not None or f.growth is not None


def _dedupe(facts: list[_Fact]) -> list[_Fact]:
    """One target per label: the first statement wins (later ones repeat or refine it)."""
    seen, out = set(), []
    for f in facts:
        if f.label in seen:
            continue
        seen.add(f.label)
        out.append(f)
    return out


# ---------------------------------------------------------------------------
# Records


def _num(d: Decimal | None) -> int | float | None:
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


def _period_records(text: str, found: list[_Fact], review_year: int | None) -> list[dict[str, Any]]:
    """Figures covering several years: ``year`` null, ``period`` and ``measure`` set.

    A level reached at the end of a period (国内生产总值从54万亿元增加到82.7万亿元) is the
    last year's result: when that is the review year it is filed there (``period_end`` says
    which period it closes) and only the period's own figure (年均增长7.1%) stays here.
    The year's record rides along under ``_year_end``.
    """
    out = []
    for f in found:
        first, last = periods.years(f.frame, review_year)
        end = None
        if f.measure == "level" and f.level is not None:
            # a period counted back from the review year (五年来) ends in it, masked or not
            if (last is not None and last == review_year) or (review_year is None and f.frame.plan is None
                                                               and f.frame.since is None):
                end = _record(text, f, review_year)
                for key in ("growth_unit", "growth_range"):
                    end.pop(key, None)
                end["growth_pct"], end["growth_qualifier"] = None, ""
                end["period_end"] = [first, last]
            if f.growth is None:
                if end is not None:
                    out.append({"_year_end": end})
                continue
        rec = _record(text, f, None)
        if end is not None or f.measure == "level":
            for key in ("value", "unit", "value_qualifier", "value_base", "unit_base"):
                rec[key] = None  # the level is the end year's, not the period's
        rec["period"] = [first, last]
        rec["measure"] = f.measure if rec.get("value") is not None else f.growth_measure
        if rec.get("value") is not None and f.growth is not None:
            rec["growth_measure"] = f.growth_measure
        if end is not None:
            rec["_year_end"] = end
        out.append(rec)
    return out


def _record(text: str, f: _Fact, year: int | None) -> dict[str, Any]:
    ind = indicator_of(f.label)
    rec: dict[str, Any] = {"indicator": ind.id if ind else None, "label": f.label, "year": year}
    g = f.growth
    if g is not None:
        sign = f.growth_sign or 1
        if g.value is None and g.low is not None:
            rec["growth_pct"] = None
            rec["growth_range"] = [_num(g.low * sign), _num(g.high * sign)]
        else:
            rec["growth_pct"] = _num(g.value * sign) if g.value is not None else None
        rec["growth_unit"] = g.unit
        rec["growth_qualifier"] = g.qualifier
    else:
        rec["growth_pct"] = None
        rec["growth_qualifier"] = ""
    lv = f.level
    if lv is not None:
        rec["value"] = _num(lv.value * f.level_sign) if lv.value is not None else None
        rec["unit"] = lv.unit
        rec["value_qualifier"] = lv.qualifier
        rec["value_base"] = _num(lv.value_base)
        rec["unit_base"] = lv.unit_base
    else:
        rec["value"] = None
        rec["unit"] = None
    start = f.label_start
    rec["span"] = [start, f.end]
    rec["quote"] = text[start : f.end]
    return rec
