"""Candidates → records: one record per mention, a news item's repeats merged."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..quantities import Quantity
from .context import _Cand, _Context
from .vocabulary import _BARE_MAGNITUDE


def _number(v: Decimal | None) -> int | float | None:
    if v is None:
        return None
    return int(v) if v == v.to_integral_value() else float(v)


def _dedupe(ctx: _Context, cands: list[_Cand]) -> list[_Cand]:
    """One record per mention; a news item's repeats (headline, body) are one project.

    Two findings are the same mention when their spans overlap or, within a
    news item, when they share name and amount (or count, for batches).
    """
    n = ctx.norm
    news = ctx.kind == "news"
    # mentions with an amount first, and body mentions before headline ones
    order = sorted(range(len(cands)), key=lambda i: (cands[i].q is None, cands[i].in_title, i))
    kept: list[_Cand] = []
    for i in order:
        c = cands[i]
        if not any(_same(n, news, c, k) for k in kept):
            kept.append(c)
    return kept


def _same_thing(x: str, y: str) -> bool:
    """One name inside the other, or the same long ending with a place inserted before it
    (宁乡瑞能…结构件项目 / 宁乡经开区瑞能…结构件项目): a headline and its body."""
    if x in y or y in x:
        return True
    k = 0
    while k < min(len(x), len(y)) and x[-1 - k] == y[-1 - k]:
        k += 1
    return k >= max(SAME_ENDING, int(0.6 * min(len(x), len(y))))


SAME_ENDING = 6


def _same(n: str, news: bool, c: _Cand, k: _Cand) -> bool:
    names = [n[a:b] for a, b in c.names]
    knames = [n[a:b] for a, b in k.names]
    same_name = any(_same_thing(x, y) for x in names for y in knames)
    overlap = any(a < kb and ka < b for a, b in c.names for ka, kb in k.names)
    if c.q is not None and k.q is not None:
        if c.q.start == k.q.start:
            return same_name or overlap
        return news and _base(c.q) == _base(k.q) and (same_name or (c.aggregate and k.aggregate))
    if not news:
        return overlap
    if c.aggregate and k.aggregate:
        return (c.count is not None and c.count == k.count) or same_name
    if c.aggregate or k.aggregate:
        return overlap
    return same_name


def _as_written(text: str, q: Quantity) -> tuple[Decimal | None, str]:
    """Value and unit as the text writes them: 6亿多元 is 6 亿元 (多), not 600000000 元."""
    if q.unit == "元" and q.value is not None:
        m = re.match(r"[\d.]+(万亿|亿|万)[多余]", text[q.number_start:q.end])
        if m:
            return q.value / _BARE_MAGNITUDE[m.group(1)], m.group(1) + "元"
    return q.value, q.unit


def _base(q: Quantity) -> Decimal | None:
    return q.value_base


def _records(text: str, c: _Cand) -> list[dict[str, Any]]:
    """One record per name; names listed together share the quote."""
    spans = list(c.names) + list(c.extra)
    if c.q is not None:
        spans.append((c.cue_start if c.cue_start is not None else c.q.start, c.q.end))
    if c.stage_span:
        spans.append(c.stage_span)
    a = min(s[0] for s in spans)
    b = max(s[1] for s in spans)
    value, unit = _as_written(text, c.q) if c.q else (None, None)
    out = []
    for x, y in c.names:
        out.append({
            "name": text[x:y],
            "investment": _number(value),
            "unit": unit,
            "investment_qualifier": (c.q.qualifier or "") if c.q else "",
            "investment_base": _number(_base(c.q)) if c.q else None,
            "investment_base_unit": c.q.unit_base if c.q else None,
            "stage": c.stage,
            "aggregate": c.aggregate,
            "count": c.count,
            "span": [a, b],
            "quote": text[a:b],
        })
    return out
