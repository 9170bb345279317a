"""The rows a cascade is computed from: facts, documents and statistics of a few regions in one year.

One query per kind, restricted to the regions of the chain (or the fan-out) by
their codes, the code valid in the year and today's (so 清苑县's reports come
with 清苑区's), never "everything below a province": a fan-out of 31 provinces
reads 32 regions' rows, not the whole corpus.  The chain and the children come
from ``gwr.regions.chain``; the choice of one statement per level and the
comparisons from ``gwr.analysis.cascade``.
"""
from __future__ import annotations

from typing import Any, Sequence

import pandas as pd
from sqlalchemy import and_, or_, select

from ..errors import GwrError
from ..regions.chain import Level, chain, children
from .filters import region_code
from .schema import documents, facts, files

__all__ = ["cascade_frame", "levels_for"]

_COLUMNS = ["depth", "level", "region_code", "region_name", "key", "year", "status", "measure", "target",
            "target_low", "target_high", "qualifier", "target_unit", "target_quote", "target_label",
            "target_fact_id", "target_document_id", "target_span", "target_path", "target_report_year",
            "target_alternatives", "outcome", "outcome_qualifier", "outcome_unit", "outcome_quote", "outcome_fact_id",
            "outcome_document_id", "outcome_span", "statistic", "statistic_unit", "statistic_source",
            "statistic_file", "statistic_line", "statistic_id", "sense", "compared_by", "compared_unit",
            "compared_with", "compared_with_code", "parent_target", "diff", "diff_unit", "higher", "stricter",
            "report_document_id", "report_title", "report_path"]


_INTS = ("depth", "year", "target_fact_id", "target_document_id", "target_report_year", "target_alternatives",
         "outcome_fact_id", "outcome_document_id", "statistic_line", "statistic_id", "report_document_id")


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """Ids and years stay integers where some are missing (a missing level has none)."""
    df = pd.DataFrame(rows, columns=columns)
    for c in _INTS:
        if c in df.columns:
            df[c] = df[c].astype("Int64")
    for c in ("higher", "stricter"):
        df[c] = df[c].astype("boolean")
    return df


def levels_for(region: str, year: int) -> tuple[str, list[Level]]:
    """(today's code, the chain from the nation down to the region in ``year``); a one-line error otherwise."""
    code = region_code(region)
    if code is None:
        raise GwrError(f"region {region!r} is unknown, ambiguous or below county level "
                       f"(give a province, prefecture or county name, or its 6-digit code)")
    levels = chain(code, year)
    if not levels:
        raise GwrError(f"region {region!r} ({code}) has no division in {year}")
    return code, levels


def _fact_rows(conn, indicator: str, year: int, keys: Sequence[str]) -> list[dict[str, Any]]:
    d, f = documents.c, facts.c
    stmt = (select(f.id.label("fact_id"), f.document_id, f.kind, f.indicator, f.label, f.year, f.value, f.unit,
                   f.value_qualifier, f.value_base, f.unit_base, f.growth_pct, f.growth_qualifier, f.growth_low,
                   f.growth_high, f.quote, f.start, f.end, d.region_code, d.region_name, d.level, d.successor_code,
                   d.report_year, d.review_year, d.kind.label("doc_kind"), files.c.path)
            .join(documents, d.id == f.document_id).join(files, files.c.id == d.file_id)
            .where(f.indicator == indicator, f.kind.in_(("target", "actual")), d.canonical_id.is_(None),
                   or_(d.region_code.in_(keys), d.successor_code.in_(keys)),
                   or_(f.year == year, and_(f.year.is_(None), d.report_year == year)))
            .order_by(f.id))
    out = []
    for r in conn.execute(stmt):
        row = dict(r._mapping)
        lo, hi = row.pop("growth_low"), row.pop("growth_high")
        row["growth_range"] = [lo, hi] if lo is not None and hi is not None else None
        row["span"] = [row.pop("start"), row.pop("end")]
        out.append(row)
    return out


def _document_rows(conn, year: int, keys: Sequence[str]) -> list[dict[str, Any]]:
    d = documents.c
    stmt = (select(d.id, d.region_code, d.successor_code, d.region_name, d.report_year, d.kind, d.title,
                   d.canonical_id, files.c.path)
            .join(files, files.c.id == d.file_id)
            .where(d.report_year == year, d.canonical_id.is_(None),
                   or_(d.region_code.in_(keys), d.successor_code.in_(keys)))
            .order_by(d.id))
    return [dict(r._mapping) for r in conn.execute(stmt)]


def _rows(engine, indicator: str, year: int, levels: Sequence[Level]):
    from .statistics import statistic_rows

    keys = sorted({c for lv in levels for c in (lv.code, lv.key)})
    with engine.connect() as conn:
        fact_rows = _fact_rows(conn, indicator, year, keys)
        doc_rows = _document_rows(conn, year, keys)
    stats = statistic_rows(engine, keys=keys, indicator=indicator, year=year)
    return fact_rows, doc_rows, stats


def _as_dict(lv: Level) -> dict[str, Any]:
    return {"code": lv.code, "name": lv.name, "level": lv.level, "key": lv.key}


def cascade_frame(engine, *, indicator: str, year: int, region: str, children_of: bool = False) -> pd.DataFrame:
    """The chain (top first) or, with ``children_of``, the region's children against its target.

    The fan-out frame's ``attrs`` hold ``parent`` (the region's own row) and ``summary``.
    """
    from ..analysis.cascade import cascade, fan_out
    from ..indicators import taxonomy

    if taxonomy().get(indicator) is None:
        raise GwrError(f"indicator {indicator!r} is not in the taxonomy (gdp, general_budget_revenue, …)")
    _code, levels = levels_for(region, year)
    if not children_of:
        facts_, docs, stats = _rows(engine, indicator, year, levels)
        rows = cascade([_as_dict(lv) for lv in levels], indicator=indicator, year=year, facts=facts_,
                       documents=docs, statistics=stats)
        return _frame(rows, _COLUMNS)
    parent = levels[-1]
    kids = children(parent.code, year)
    facts_, docs, stats = _rows(engine, indicator, year, [parent, *kids])
    top, rows, summary = fan_out(_as_dict(parent), [_as_dict(k) for k in kids], indicator=indicator, year=year,
                                 facts=facts_, documents=docs, statistics=stats)
    df = _frame(rows, [c for c in _COLUMNS if c != "depth"])
    df.attrs.update(parent=top, summary=summary)
    return df
