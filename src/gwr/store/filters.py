"""Filters shared by every query over the store (Python API, CLI, REST API).

A region is given by code or by name; a name is resolved through the gazetteer
when it is unambiguous, so that 湖南省 selects every document of the province,
and otherwise matched as written (a town, a name the dataset lacks).
"""
from __future__ import annotations

from typing import Any, Sequence

from sqlalchemy import ColumnElement, and_, or_, select

from ..parse.meta import NATION, NATION_CODE
from .schema import documents

NATION_NAMES = frozenset({NATION, "全国", "中国", "国务院", NATION_CODE})

YearSpec = int | tuple[int | None, int | None] | Sequence[int] | None


def region_code(region: str) -> str | None:
    """The code a region filter selects by: today's division's, also for a former
    name or code (清苑县, 130622 → 清苑区 130608), so both names select one series."""
    region = region.strip()
    if region in NATION_NAMES:
        return NATION_CODE  # the State Council's reports
    from ..regions import gazetteer

    g = gazetteer()
    if region.isdigit() and len(region) == 6:
        if g.get(region) is None:  # a former division's code: today's successor
            successors = {p.successor for p in g.former() if p.code == region and p.successor}
            if len(successors) == 1:
                return successors.pop()
        return region
    place = g.resolve(region)
    if place is None and not g.lookup(region):
        # a former name (清苑县, 襄樊市): the one division of today continuing it
        successors = {p.successor for p in g.former() if region in (p.name, p.short) and p.successor}
        if len(successors) == 1:
            place = g.get(successors.pop())
    # a town carries its county's code in the dataset: filtering by it would select the whole county
    if place is None or not place.code or place.level in ("town", "township", "subdistrict"):
        return None
    return place.code


def region_clause(region: str | None, *, below: bool = True) -> ColumnElement[bool] | None:
    """Documents of a region, of its former names, and (``below``) of every region below it."""
    if not region:
        return None
    code = region_code(region)
    d = documents.c
    if code is None:
        return or_(d.region_name == region, d.region_full_name == region)
    if not below:
        return or_(d.region_code == code, d.successor_code == code)
    return or_(d.region_code == code, d.successor_code == code, d.parent_code == code,
               d.prefecture_code == code, d.province_code == code)


def region_ids(region: str | None, *, below: bool = True) -> ColumnElement[bool] | None:
    """:func:`region_clause` as ``documents.id IN (…)``: the region's documents found first, by the
    indexes on its codes, whatever else the query filters on (a prefecture has dozens of documents,
    an indicator tens of thousands of figures: joined the other way, a comparison read them all)."""
    clause = region_clause(region, below=below)
    return None if clause is None else documents.c.id.in_(select(documents.c.id).where(clause))


def not_duplicate() -> ColumnElement[bool]:
    """Documents that are no near-duplicate of another, written so that no index serves it (``+ 0``):
    nearly every document passes, yet SQLite, which keeps no statistics, would read every document
    through that index rather than a region's few through theirs."""
    return (documents.c.canonical_id + 0).is_(None)


def year_clause(column, year: YearSpec) -> ColumnElement[bool] | None:
    """``2018``, ``(2017, None)`` (from 2017 on), ``(None, 2020)``, ``(2017, 2020)`` inclusive, or a list."""
    if year is None:
        return None
    if isinstance(year, int):
        return column == year
    if isinstance(year, tuple) and len(year) == 2:
        lo, hi = year
        parts = ([column >= lo] if lo is not None else []) + ([column <= hi] if hi is not None else [])
        return and_(*parts) if parts else None
    return column.in_(list(year))


def parse_years(spec: str | None) -> YearSpec:
    """The CLI's spelling: ``2018``, ``2017-2020``, ``2017-`` , ``-2020``, ``2016,2018``."""
    if not spec:
        return None
    spec = spec.strip()
    if "," in spec:
        return [int(y) for y in spec.split(",") if y.strip()]
    if "-" in spec:
        lo, hi = spec.split("-", 1)
        return (int(lo) if lo.strip() else None, int(hi) if hi.strip() else None)
    return int(spec)


def one_of(column, value: str | Sequence[str] | None) -> ColumnElement[bool] | None:
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, str):
        values = [v.strip() for v in value.split(",") if v.strip()]
    else:
        values = list(value)
    return column == values[0] if len(values) == 1 else column.in_(values)


def where(stmt, *clauses: Any):
    for c in clauses:
        if c is not None:
            stmt = stmt.where(c)
    return stmt
