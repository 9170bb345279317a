"""What the region and comparison pages show, computed from the Corpus' DataFrames.

Pure functions (frames in, plain rows and charts out) so that the page handlers
stay one call each and the choices below are testable without a server:
which of several statements of one figure a timeline shows, in what unit, and
how a target or an outcome reads in Chinese.
"""
from __future__ import annotations

import re
from typing import Any

import pandas as pd

from ..analysis.choice import choose
from .charts import Series, column_chart, fmt_number, line_chart
from .labels import MAIN_INDICATORS, UNIT_BASES, indicator_name

TOWN_LEVELS = ("town", "township", "subdistrict")


def records(df: pd.DataFrame | None) -> list[dict[str, Any]]:
    """Rows as dicts with pandas' missing values (NaN, NA) as ``None``, for templates and JSON."""
    from ..store.corpus import plain_rows

    return plain_rows(df)


def own_rows(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """Rows about the region itself, not the regions below it (a Corpus region filter includes those)."""
    if df is None or df.empty:
        return df
    if key.isdigit() and len(key) == 6:
        own = df["region_code"] == key
        if "successor_code" in df.columns:  # its former names (清苑县 on 清苑区's page)
            own |= df["successor_code"] == key
        return df[own]
    names = df["region_name"] == key
    if "region_full_name" in df.columns:
        names |= df["region_full_name"] == key
    return df[names]


def own_plain(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """:func:`own_rows` of plain rows (``Corpus.facts_rows`` and the like)."""
    if not rows:
        return rows
    if key.isdigit() and len(key) == 6:
        return [r for r in rows if r.get("region_code") == key or r.get("successor_code") == key]
    return [r for r in rows if r.get("region_name") == key or r.get("region_full_name") == key]


def growth_text(growth: float | None, qualifier: str | None = "", low: float | None = None,
                high: float | None = None) -> str:
    """增长9.5%左右, 下降3%以上, 增长6%–6.5%: a growth as a report would write it."""
    if low is not None and high is not None:
        word = "下降" if high < 0 else "增长"
        return f"{word}{fmt_number(abs(low))}%–{fmt_number(abs(high))}%{qualifier or ''}"
    if growth is None:
        return ""
    word = "下降" if growth < 0 else "增长"
    return f"{word}{fmt_number(abs(growth))}%{qualifier or ''}"


def fact_text(f: dict[str, Any]) -> str:
    """678亿元，增长9.5%: the figure of a fact or a track row in one short phrase."""
    parts = []
    if f.get("value") is not None:
        parts.append(f"{fmt_number(f['value'])}{f.get('unit') or ''}{f.get('value_qualifier') or ''}")
    g = growth_text(f.get("growth_pct"), f.get("growth_qualifier"), f.get("growth_low"), f.get("growth_high"))
    if g:
        parts.append(g)
    return "，".join(parts) or "–"


def _pick(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Of several statements of one figure, the one the rule of :mod:`gwr.analysis.choice`
    shows; the others ride along as ``alternatives`` (each with its quote)."""
    chosen, others = choose(rows)
    return {**chosen, "alternatives": others}


def _value_axis(rows: list[dict[str, Any]]) -> tuple[list[float | None], str]:
    """Values in the unit the reports wrote when they agree; else in a base unit (亿元 for large yuan)."""
    present = [r for r in rows if r and r.get("value") is not None]
    units = {r.get("unit") for r in present}
    if len(units) <= 1:
        return [r.get("value") if r else None for r in rows], (units.pop() if units else "") or ""
    bases = {r.get("unit_base") for r in present}
    if len(bases) != 1 or any(r.get("value_base") is None for r in present):
        return [None] * len(rows), ""
    base = bases.pop()
    scale, unit = 1.0, UNIT_BASES.get(base, base or "")
    if base == "yuan" and max(abs(r["value_base"]) for r in present) >= 1e8:
        scale, unit = 1e8, "亿元"
    return [r["value_base"] / scale if r and r.get("value_base") is not None else None for r in rows], unit


def timelines(facts: pd.DataFrame | list[dict[str, Any]] | None, limit: int = 10) -> list[dict[str, Any]]:
    """One card per indicator: targets and outcomes by year, growth as columns side by side, values as lines.

    ``facts``: a ``Corpus.facts`` frame or its plain rows (``Corpus.facts_rows``); grouped in Python (a
    DataFrame filter per indicator, year and kind cost a region page seconds)."""
    rows = records(facts) if isinstance(facts, pd.DataFrame) else facts or []
    rows = [{**r, "year": r["year"] if r["year"] is not None else r["report_year"]} for r in rows
            if r["indicator"] is not None]
    rows = [r for r in rows if r["year"] is not None]
    if not rows:
        return []
    # the order of pandas' value_counts (most figures first), kept as it was
    counts = pd.Series([r["indicator"] for r in rows]).value_counts()
    order = [i for i in MAIN_INDICATORS if i in counts.index]
    order += [i for i in counts.index if i not in order]
    by_indicator: dict[str, dict[int, list[dict[str, Any]]]] = {}
    for r in rows:
        by_indicator.setdefault(r["indicator"], {}).setdefault(int(r["year"]), []).append(r)
    cards = []
    for ind in order[:limit]:
        rows = by_indicator[ind]
        years = sorted(rows)
        per_year = []
        for y in years:
            t = [r for r in rows[y] if r["kind"] == "target"]
            a = [r for r in rows[y] if r["kind"] == "actual"]
            per_year.append({"year": y, "target": _pick(t) if t else None,
                             "actual": _pick(a) if a else None})
        cats = [str(y) for y in years]
        name = indicator_name(ind)
        card: dict[str, Any] = {"indicator": ind, "name": name, "years": per_year,
                                "growth_chart": None, "value_chart": None}

        def growth(r):
            if not r:
                return None
            if r.get("growth_pct") is not None:
                return r["growth_pct"]
            return r.get("growth_low")

        tg, ag = [growth(p["target"]) for p in per_year], [growth(p["actual"]) for p in per_year]
        if any(v is not None for v in tg + ag):
            card["growth_chart"] = column_chart(cats, [Series("目标", tg, "s2"), Series("实际", ag, "s1")],
                                                title=f"{name}增速：目标与实际", unit="%")
        actual_values, unit = _value_axis([p["actual"] for p in per_year])
        if any(v is not None for v in actual_values):
            card["value_chart"] = line_chart(cats, [Series("实际", actual_values, "s1")],
                                             title=f"{name}：历年数值", unit=unit)
        cards.append(card)
    return cards


_CODE = re.compile(r"\((\d{6})\)$")


def comparison_rows(table: pd.DataFrame, indicator: str, measure: str,
                    dimension: str | None) -> tuple[list[int], list[dict[str, Any]], str]:
    """The years, one row per region (name, link key, cells, facts) and the unit of Corpus.compare's pivot.

    ``facts`` runs beside ``cells``: the statement behind each figure (``attrs['shown']``), so
    that a cell links to its sentence in the reader, as every other figure of the dashboard does.
    """
    if table is None or table.empty or indicator not in table.columns.get_level_values(0):
        return [], [], ""
    sub = table[indicator]
    shown = table.attrs.get("shown")
    behind: dict[tuple[str, int], dict[str, Any]] = {}
    if shown is not None and not shown.empty:
        for f in records(shown[shown["indicator"] == indicator]):
            behind[(str(f["region"]), int(f["year"]))] = {k: f.get(k) for k in
                                                           ("fact_id", "document_id", "quote", "unit")}
    years = [int(y) for y in sub.columns]
    scale, unit = _scale_unit(measure, dimension)
    rows = []
    # the values as one array, not ``iterrows``: each row Series would deep-copy the table's attrs
    # (the comparison's facts shown and their alternatives), most of a comparison page's time
    for label, values in zip(sub.index, sub.to_numpy(dtype=float, na_value=float("nan"))):
        m = _CODE.search(str(label))
        name = _CODE.sub("", str(label)).strip()
        cells = [None if pd.isna(v) else float(v) / scale for v in values]
        facts = [behind.get((str(label), y)) if c is not None else None for y, c in zip(years, cells)]
        rows.append({"label": name, "key": m.group(1) if m else (name if name != "?" else None),
                     "code": m.group(1) if m else None, "cells": cells, "facts": facts})
    return years, rows, unit


def _scale_unit(measure: str, dimension: str | None) -> tuple[float, str]:
    """What a comparison's cells are divided by, and the unit they are shown in."""
    if measure == "growth_pct" or dimension == "ratio":
        return 1.0, "%"
    if dimension == "money":
        return 1e8, "亿元"
    return 1.0, ""


def comparison_table(shown: list[dict[str, Any]], indicator: str, measure: str,
                     dimension: str | None) -> tuple[list[int], list[dict[str, Any]], str]:
    """:func:`comparison_rows` of the statements shown (``Corpus.compare_shown``), without the pivot:
    regions in the order of their labels, years ascending, a cell ``None`` where no statement is."""
    mine = [f for f in shown if f["indicator"] == indicator]
    if not mine:
        return [], [], ""
    col = "growth_pct" if measure == "growth_pct" else "value_base"
    years = sorted({int(f["year"]) for f in mine})
    scale, unit = _scale_unit(measure, dimension)
    cells: dict[str, dict[int, dict[str, Any]]] = {}
    for f in mine:
        cells.setdefault(str(f["region"]), {})[int(f["year"])] = f
    rows = []
    for label in sorted(cells):
        m = _CODE.search(label)
        name = _CODE.sub("", label).strip()
        by_year = cells[label]
        values = [float(by_year[y][col]) / scale if y in by_year else None for y in years]
        facts = [{k: by_year[y].get(k) for k in ("fact_id", "document_id", "quote", "unit")} if y in by_year
                 else None for y in years]
        rows.append({"label": name, "key": m.group(1) if m else (name if name != "?" else None),
                     "code": m.group(1) if m else None, "cells": values, "facts": facts})
    return years, rows, unit


def comparison_chart(years: list[int], rows: list[dict[str, Any]], title: str, unit: str):
    """Up to six regions as lines over the years (more would be unreadable; the table has them all)."""
    if not rows or len(rows) > 6 or len(years) < 2:
        return None
    series = [Series(r["label"], r["cells"], f"s{i % 4 + 1}") for i, r in enumerate(rows)]
    return line_chart([str(y) for y in years], series, title=title, unit=unit)


ATTENTION_MEASURES = {"per_10k": "每万字词频", "sentence_share": "提及句子占比", "count": "词频"}


def attention_grid(df: pd.DataFrame | None, measure: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Region-year attention rows (``Corpus.attention(by="region-year")``) as a heat map: regions × topics.

    Each cell's shade is its value over the largest of its topic's column, so that a topic that
    is always rare (fiscal risk) still shows which regions attend to it most; the raw figures are
    in the cell and its tooltip.  RETURNS (topics, rows): ``topics`` as ``{id, name}``; each row
    ``{label, key, year, cells}`` with a cell ``{value, shade (0–1), count, per_10k, share, terms}``.
    """
    rows = records(df)
    if not rows:
        return [], []
    topics = list({r["topic"]: {"id": r["topic"], "name": r["topic_name"]} for r in rows}.values())
    top = {t["id"]: max((r[measure] or 0) for r in rows if r["topic"] == t["id"]) for t in topics}
    grid: dict[tuple, dict[str, Any]] = {}
    for r in rows:
        key = (r["region_code"] or r["region_name"], r["report_year"])
        g = grid.setdefault(key, {"label": r["region_name"] or "不详", "key": r["region_code"] or r["region_name"],
                                  "code": r["region_code"], "year": r["report_year"], "level": r["level"],
                                  "cells": {}})
        value = r[measure]
        g["cells"][r["topic"]] = {
            "value": value, "shade": (value or 0) / top[r["topic"]] if top[r["topic"]] else 0.0,
            "count": r["count"], "per_10k": r["per_10k"], "share": r["sentence_share"],
            "terms": "、".join(f"{t}×{n}" for t, n in list((r["terms"] or {}).items())[:5])}
    out = sorted(grid.values(), key=lambda g: (-(g["year"] or 0), g["label"]))
    for g in out:
        g["cells"] = [g["cells"].get(t["id"]) for t in topics]
    return topics, out


def parent_crumbs(place) -> list[dict[str, str]]:
    """The places above a gazetteer place, outermost first, as ``{name, key}`` for the breadcrumb.

    Each is a link: a parent's page lists the reports of the places below it, so it exists
    whenever this one does.
    """
    if place is None:
        return []
    from ..regions import gazetteer

    g = gazetteer()
    crumbs = []
    for code in place.parent_codes or ():
        up = g.get(code)
        if up is not None:
            crumbs.append({"name": up.name, "key": code})
    return crumbs


def evidence_parts(e: dict[str, Any]) -> list[tuple[str, bool]]:
    """A stored attention sentence as (text, is a dictionary term) runs, for ``<mark>`` without markup
    in the data: its ``matches`` are spans of the file's text, as is the sentence's own ``span``."""
    quote, base = e.get("quote") or "", (e.get("span") or [0])[0]
    parts, pos = [], 0
    for m in sorted(e.get("matches") or [], key=lambda m: m["span"][0]):
        a, b = m["span"][0] - base, m["span"][1] - base
        if a < pos or b > len(quote):
            continue
        parts += [(quote[pos:a], False), (quote[a:b], True)]
        pos = b
    parts.append((quote[pos:], False))
    return [p for p in parts if p[0]]


def evidence_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Attention rows with their ``evidence`` as one row per sentence (its document, quote, span and
    terms): what the attention-cell page lists, for a spreadsheet."""
    keep = [c for c in ("region_name", "region_code", "level", "report_year", "document_id", "title", "path",
                        "topic", "topic_name") if c in df.columns]
    out = []
    for r in records(df):
        for e in r.get("evidence") or []:
            span = e.get("span") or [None, None]
            out.append({**{k: r[k] for k in keep}, "document_id": e.get("document_id", r.get("document_id")),
                        "quote": e.get("quote"), "start": span[0], "end": span[1], "role": e.get("role"),
                        "terms": "、".join(m["term"] for m in e.get("matches") or []),
                        "highlighted": e.get("highlighted")})
    return pd.DataFrame(out, columns=[*keep, *([] if "document_id" in keep else ["document_id"]), "quote", "start",
                                      "end", "role", "terms", "highlighted"])


def own_commitments(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """A region's own plan items (``Corpus.commitments`` rows name the region ``region``), in the order
    its page lists them: by year, then report."""
    if df is None or df.empty:
        return df
    own = df[df["region_code"] == key] if key.isdigit() else df[df["region"] == key]
    return own.sort_values(["year", "document_id"])


TIMELINE_COLUMNS = ["indicator", "indicator_name", "year", "shown_as", "kind", "value", "unit", "value_qualifier",
                    "growth_pct", "growth_qualifier", "growth_low", "growth_high", "quote", "document_id", "fact_id",
                    "start", "end", "report_year", "path"]


def timeline_rows(cards: list[dict[str, Any]]) -> pd.DataFrame:
    """The region page's indicator cards (:func:`timelines`) as rows: each figure a card shows (the
    year's target, its outcome, and the outcome's other statements, ``shown_as`` alternative)."""
    out = []
    for card in cards:
        for y in card["years"]:
            shown = [("target", y["target"]), ("actual", y["actual"])]
            shown += [("alternative", o) for o in (y["actual"] or {}).get("alternatives") or []]
            for as_, f in shown:
                if f:
                    out.append({**{k: f.get(k) for k in TIMELINE_COLUMNS}, "indicator": card["indicator"],
                                "indicator_name": card["name"], "year": y["year"], "shown_as": as_})
    return pd.DataFrame(out, columns=TIMELINE_COLUMNS)
