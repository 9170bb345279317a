"""Outcomes from official statistics: reading a user's CSV or Excel file into checked rows.

A report claims its outcome (全年地区生产总值增长5.4%); the statistics office
publishes its own figure (统计公报, 年鉴), sometimes revised.  Users bring the
latter as a table, one figure a row:

    region,year,indicator,value,unit,source
    河北省,2024,gdp,5.4,%,河北省2024年国民经济和社会发展统计公报
    130608,2015,地区生产总值,170.5,亿元,保定统计年鉴2016

``region``: a 6-digit code or a name (the name as it was that year, 清苑县 in
2013, or today's, 清苑区; 全国/中华人民共和国 for the nation); ``indicator``: an id
of the taxonomy (``gdp``) or a wording it knows (地区生产总值); ``unit`` as
written (% for a growth rate, 亿元, 万人…).  Optional columns: ``measure``
(``growth`` or ``value``; by default a figure in % of an indicator that is not
itself a rate is a growth rate, anything else a level) and ``source``.
Chinese headers are accepted too (地区, 年份, 指标, 数值, 单位, 来源, 口径).

Pure: bytes in, (rows, errors) out; each error names the line (1-based, the
header is line 1; in a workbook, the sheet's row) and the others still count.
"""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterator

__all__ = ["read_statistics", "parse_row", "RowError", "COLUMNS"]

COLUMNS = {
    "region": ("region", "region_code", "region_name", "code", "地区", "地区代码", "行政区划代码", "地区名称"),
    "year": ("year", "年份", "年度", "年"),
    "indicator": ("indicator", "label", "指标", "指标名称"),
    "value": ("value", "数值", "值", "数据"),
    "unit": ("unit", "单位", "计量单位"),
    "source": ("source", "来源", "数据来源", "出处"),
    "measure": ("measure", "口径", "类型"),
}
REQUIRED = ("region", "year", "indicator", "value")
_GROWTH_WORDS = {"growth", "增长", "增速", "增长率", "growth_pct"}
_VALUE_WORDS = {"value", "level", "总量", "绝对值", "数值"}
_MEASURES = {**{w: "growth" for w in _GROWTH_WORDS}, **{w: "value" for w in _VALUE_WORDS}}


@dataclass
class RowError:
    line: int
    message: str


@dataclass
class Read:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _cells(path: Path, data: bytes) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of every non-empty row, header included."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        for i, values in enumerate(sheet.iter_rows(values_only=True), 1):
            cells = ["" if v is None else _cell_text(v) for v in values]
            if any(c.strip() for c in cells):
                yield i, cells
        return
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError("neither UTF-8 nor GB18030 text")
    dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
    for i, cells in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), 1):
        if any(c.strip() for c in cells):
            yield i, cells


def _cell_text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _header(cells: list[str]) -> dict[str, int]:
    names = {alias.lower(): col for col, aliases in COLUMNS.items() for alias in aliases}
    found: dict[str, int] = {}
    for i, c in enumerate(cells):
        col = names.get(c.strip().lower())
        if col is not None:
            found.setdefault(col, i)
    return found


def read_statistics(path: str | os.PathLike[str], data: bytes | None = None) -> Read:
    """Every row of the file as a checked statistic, and one error per row that is not one.

    Raises ``ValueError`` when the file as a whole cannot be read (not text, no header).
    """
    path = Path(path)
    if data is None:
        data = path.read_bytes()
    rows = _cells(path, data)
    first = next(rows, None)
    if first is None:
        raise ValueError("empty file")
    header = _header(first[1])
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ValueError(f"line {first[0]}: no column {', '.join(missing)} in the header "
                         f"(expected region, year, indicator, value, unit, source)")
    out = Read()
    for line, cells in rows:
        record = {col: (cells[i].strip() if i < len(cells) else "") for col, i in header.items()}
        try:
            out.rows.append({**parse_row(record), "line": line})
        except ValueError as e:
            out.errors.append(RowError(line, str(e)))
    return out


def parse_row(record: dict[str, str]) -> dict[str, Any]:
    """One record (column → text) as a statistic row; ``ValueError`` says what is wrong with it."""
    from .indicators import taxonomy
    from .numerals import unit_info

    year_text = record.get("year", "").replace("年", "").strip()
    if not (year_text.isdigit() and 1949 <= int(year_text) <= 2100):
        raise ValueError(f"year {record.get('year')!r} is not a year")
    year = int(year_text)
    place = _region(record.get("region", ""), year)
    wording = record.get("indicator", "")
    tax = taxonomy()
    ind = tax.get(wording) or tax.exact(wording) or (tax.match(wording) if wording else None)
    if ind is None:
        raise ValueError(f"indicator {wording!r} is not in the taxonomy (an id such as gdp, or a wording "
                         f"such as 地区生产总值)")
    try:
        value = Decimal(record.get("value", "").replace(",", "").replace("，", "").strip())
        if not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise ValueError(f"value {record.get('value')!r} is not a number") from None
    unit = record.get("unit", "").strip().replace("％", "%")
    measure_text = record.get("measure", "").strip().lower()
    if measure_text and measure_text not in _MEASURES:
        raise ValueError(f"measure {record.get('measure')!r} is neither growth nor value")
    info = unit_info(unit) if unit else None
    if unit and info is None:
        raise ValueError(f"unit {unit!r} is unknown (use 亿元, 万元, 万人, %, … as reports write them)")
    measure = _MEASURES.get(measure_text) or (
        "growth" if unit == "%" and ind.dimension != "ratio" else "value")
    if measure == "growth" and unit not in ("", "%"):
        raise ValueError(f"a growth rate is in %, not {unit!r}")
    if measure == "value" and not unit:
        raise ValueError("a level needs its unit (亿元, 万人, …)")
    base, factor = (info[0], info[1]) if info and measure == "value" else (None, None)
    return {"region_code": place.code, "successor_code": place.key if place.key != place.code else None,
            "region_name": place.name, "year": year, "indicator": ind.id, "label": wording,
            "measure": measure, "value": float(value), "unit": unit or "%",
            "value_base": float(value * factor) if factor is not None else None, "unit_base": base,
            "source": record.get("source") or None}


def _region(text: str, year: int):
    """The division a code or a name stood for in ``year`` (a ``gwr.regions.chain.Level``)."""
    from .regions import gazetteer
    from .regions.chain import NATIONAL, Level, place_in_year
    from .store.filters import NATION_NAMES, region_code

    text = text.strip()
    if not text:
        raise ValueError("no region")
    if text in NATION_NAMES:
        return NATIONAL
    g = gazetteer()
    place = None
    if text.isdigit() and len(text) == 6:
        place = place_in_year(text, year)
    else:
        above_towns = ("province", "prefecture", "county", "district")
        place = g.resolve(text, context=text, level=above_towns, year=year)
        if place is None and not g.lookup(text, year):
            code = region_code(text)  # today's name or a former one (清苑区 for 2013: 清苑县)
            place = place_in_year(code, year) if code else None
    if place is None:
        raise ValueError(f"region {text!r} is unknown or ambiguous in {year} (give its 6-digit code)")
    return Level.of(place)
