"""The cascade's two charts, inline SVG like ``gwr.web.charts``: the chain as steps, the fan-out as dots.

Every target drawn is a link to its quote in the report reader
(``/reports/{document}#f{fact}``), so a reader can check each number at its
sentence; an outcome stated in a report links the same way; an official
statistic, which is not in a report, carries its source in its tooltip.  A
level with no stored report is drawn as an empty, dashed slot labelled 未收录,
never left out.
"""
from __future__ import annotations

from typing import Any, Sequence

from markupsafe import Markup, escape

from .charts import WIDTH, _Frame, _svg, _text, fmt_number

__all__ = ["steps_chart", "dots_chart", "reader_href"]


def reader_href(document_id: Any, fact_id: Any) -> str | None:
    if document_id is None:
        return None
    return f"/reports/{int(document_id)}" + (f"#f{int(fact_id)}" if fact_id is not None else "")


def _link(href: str | None, tip: str, mark: str) -> str:
    if not href:
        return f"<g><title>{escape(tip)}</title>{mark}</g>"
    return f'<a href="{escape(href)}" class="cite"><title>{escape(tip)}</title>{mark}</a>'


def _value(r: dict[str, Any]) -> float | None:
    v = r.get("compared_by")
    return float(v) if v is not None else None


def steps_chart(levels: Sequence[dict[str, Any]], *, title: str) -> Markup:
    """One step per level, top level on the left: the target (a band for a range), the reported outcome
    (a diamond) and the official statistic (a cross); missing levels as dashed empty slots."""
    values = [v for r in levels for v in (_value(r), r.get("target_low"), r.get("target_high"), r.get("outcome")
                                          if r.get("measure") == "growth" else None,
                                          r.get("statistic") if r.get("measure") == "growth" else None)
              if v is not None]
    f = _Frame([float(v) for v in values] or [0.0, 1.0], height=260, include_zero=False)
    unit = "%" if any(r.get("compared_unit") == "pp" for r in levels) else ""
    body = f.grid(unit)
    step = f.plot_w / max(len(levels), 1)
    previous: tuple[float, float] | None = None
    for i, r in enumerate(levels):
        x0, x1 = f.left + step * i + 6, f.left + step * (i + 1) - 6
        name = r.get("region_name") or "?"
        body.append(_text((x0 + x1) / 2, f.height - 8, name if len(name) <= 7 else name[:6] + "…", "middle", "tick"))
        v = _value(r)
        if v is None:
            label = "未收录" if r.get("status") == "missing" else "无此目标" if r.get("status") == "no_target" else "不可比"
            body.append(f'<rect class="missing" x="{x0:.1f}" y="{f.top:.1f}" width="{x1 - x0:.1f}" '
                        f'height="{f.plot_h:.1f}" fill="none" stroke-dasharray="4 3"><title>{escape(name)}：'
                        f'{escape(label)}</title></rect>')
            body.append(_text((x0 + x1) / 2, f.top + f.plot_h / 2, label, "middle", "missing-label"))
            continue
        y = f.y(v)
        if previous is not None:
            body.append(f'<line class="step-link" x1="{previous[0]:.1f}" y1="{previous[1]:.1f}" '
                        f'x2="{x0:.1f}" y2="{y:.1f}"/>')
        tip = f"{name} 目标：{r.get('target_quote') or fmt_number(v)}"
        mark = ""
        if r.get("target_low") is not None and r.get("target_high") is not None:
            ylo, yhi = f.y(float(r["target_low"])), f.y(float(r["target_high"]))
            mark += (f'<rect class="band s1" x="{x0:.1f}" y="{yhi:.1f}" width="{x1 - x0:.1f}" '
                     f'height="{max(2.0, ylo - yhi):.1f}"/>')
        mark += (f'<line class="step s1" x1="{x0:.1f}" x2="{x1:.1f}" y1="{y:.1f}" y2="{y:.1f}"/>'
                 + _text((x0 + x1) / 2, y - 6, f"{fmt_number(v)}{r.get('qualifier') or ''}", "middle", "value"))
        body.append(_link(reader_href(r.get("target_document_id"), r.get("target_fact_id")), tip, mark))
        previous = (x1, y)
        cx = (x0 + x1) / 2
        if r.get("outcome") is not None and r.get("measure") == "growth":
            oy = f.y(float(r["outcome"]))
            d = f'<path class="outcome s2" d="M{cx - 14:.1f},{oy:.1f} l5,-5 l5,5 l-5,5 z"/>'
            body.append(_link(reader_href(r.get("outcome_document_id"), r.get("outcome_fact_id")),
                              f"{name} 完成（报告）：{r.get('outcome_quote') or fmt_number(r['outcome'])}", d))
        if r.get("statistic") is not None and r.get("measure") == "growth":
            sy = f.y(float(r["statistic"]))
            d = (f'<path class="statistic s3" d="M{cx + 6:.1f},{sy - 4:.1f} l8,8 m0,-8 l-8,8"/>')
            body.append(_link(None, f"{name} 统计：{fmt_number(r['statistic'])}%（{r.get('statistic_source') or ''}）", d))
    return _svg(f.height, title, body)


def dots_chart(parent: dict[str, Any], children: Sequence[dict[str, Any]], *, title: str) -> Markup:
    """Each child with a comparable target as a dot on one row, around a vertical line at the parent's
    target; a dot right of the line set a higher target."""
    shown = [c for c in children if _value(c) is not None]
    pv = _value(parent)
    xs = [_value(c) for c in shown] + ([pv] if pv is not None else [])
    if not xs:
        return Markup("")
    lo, hi = min(xs), max(xs)
    pad = max((hi - lo) * 0.15, 0.5)
    lo, hi = lo - pad, hi + pad
    left, right, top, row = 96, 16, 28, 22
    plot_w = WIDTH - left - right
    height = top + row * max(len(shown), 1) + 24

    def x(v: float) -> float:
        return left + plot_w * (v - lo) / ((hi - lo) or 1)

    body = []
    if pv is not None:
        px = x(pv)
        tip = f"{parent.get('region_name')} 目标：{parent.get('target_quote') or fmt_number(pv)}"
        line = (f'<line class="parent-target" x1="{px:.1f}" x2="{px:.1f}" y1="{top - 8}" y2="{height - 20}"/>'
                + _text(px, top - 12, f"{parent.get('region_name')} {fmt_number(pv)}{parent.get('qualifier') or ''}",
                        "middle", "value"))
        body.append(_link(reader_href(parent.get("target_document_id"), parent.get("target_fact_id")), tip, line))
    for i, c in enumerate(sorted(shown, key=lambda c: (-_value(c), c.get("region_code") or ""))):
        y = top + row * i + row / 2
        v = _value(c)
        name = c.get("region_name") or "?"
        body.append(_text(left - 8, y + 4, name if len(name) <= 6 else name[:5] + "…", "end", "label"))
        cls = "higher" if c.get("higher") else "lower" if c.get("diff") is not None and c["diff"] < 0 else "equal"
        diff = f"（{'+' if (c.get('diff') or 0) > 0 else ''}{fmt_number(c.get('diff'))}个百分点）" if c.get("diff") is not None else ""
        tip = f"{name} 目标：{c.get('target_quote') or fmt_number(v)}{diff}"
        dot = (f'<circle class="dot {cls}" cx="{x(v):.1f}" cy="{y:.1f}" r="5"/>'
               + _text(x(v) + 8, y + 4, f"{fmt_number(v)}{c.get('qualifier') or ''}", "start", "value"))
        body.append(_link(reader_href(c.get("target_document_id"), c.get("target_fact_id")), tip, dot))
    return _svg(height, title, body)
