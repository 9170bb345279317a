"""Small charts drawn on the server as inline SVG: no chart library, no script, readable without one.

Why server-side: the pages must work offline and ship only the project's own
code, and a report reader on a phone should not wait for a script to draw a
dozen bars.  Every mark carries a ``<title>`` (the browser's tooltip, also what
a screen reader announces), axes are labelled with rounded ticks, and the
``viewBox`` lets the drawing scale to the width of its container.

Every text that reaches the SVG is escaped here; the functions return
:class:`markupsafe.Markup` so that templates insert them as they are.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from markupsafe import Markup, escape

__all__ = ["Series", "hbar_chart", "column_chart", "line_chart", "fmt_number", "nice_ticks"]

WIDTH = 480
FONT = 13


@dataclass(frozen=True)
class Series:
    """One named row of values, aligned with the chart's categories (``None``: no figure that year)."""

    name: str
    values: Sequence[float | None]
    css: str = "s1"  # colour class defined in gwr.css (s1 … s4)


def fmt_number(v: float | None, digits: int = 2) -> str:
    """6.5 → "6.5", 678.0 → "678", 1234567.891 → "1234567.89"; never scientific notation."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    text = f"{v:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (steps of 1, 2, 2.5 or 5 × 10^k), zero included when in range."""
    if hi < lo:
        lo, hi = hi, lo
    if hi == lo:
        hi, lo = (hi + 1, lo - 1) if hi == 0 else (hi + abs(hi) * 0.5, lo - abs(lo) * 0.5)
    raw = (hi - lo) / max(count, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks, t = [], start
    while t < hi + step * 0.999:
        ticks.append(round(t, 10))
        t += step
    return ticks


def _svg(height: float, title: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height:.0f}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="{FONT}"><title>{escape(title)}</title>'
        + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, anchor: str = "start", cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{c}>{escape(text)}</text>'


def hbar_chart(items: Sequence[tuple[str, float, str | None]], *, title: str, unit: str = "") -> Markup:
    """Horizontal bars, one per (label, value, link or None): labels stay legible at any width."""
    label_w, row, top = 118, 24, 6
    bar_w = WIDTH - label_w - 64
    top_value = max((v for _, v, _ in items), default=0) or 1
    body = []
    for i, (label, value, href) in enumerate(items):
        y = top + i * row
        w = max(1.0, bar_w * value / top_value) if value else 0
        short = label if len(label) <= 8 else label[:7] + "…"
        tip = f"{label}：{fmt_number(value)}{unit}"
        lab = _text(label_w - 6, y + 16, short, "end", "label")
        bar = (f'<rect class="bar s1" x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row - 8}">'
               f"<title>{escape(tip)}</title></rect>")
        val = _text(label_w + w + 4, y + 16, fmt_number(value), "start", "value")
        mark = lab + bar + val
        if href:
            mark = f'<a href="{escape(href)}"><title>{escape(tip)}</title>{mark}</a>'
        body.append(f"<g>{mark}</g>")
    return _svg(top * 2 + row * max(len(items), 1), title, body)


class _Frame:
    """The plot area of a chart with a y axis: maps values to pixels and draws the grid."""

    left, right, top, bottom = 52, 12, 30, 28

    def __init__(self, values: list[float], height: int = 220, include_zero: bool = True):
        lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
        if include_zero:
            lo, hi = min(lo, 0.0), max(hi, 0.0)
        self.ticks = nice_ticks(lo, hi)
        self.lo, self.hi = self.ticks[0], self.ticks[-1]
        self.height = height
        self.plot_h = height - self.top - self.bottom
        self.plot_w = WIDTH - self.left - self.right

    def y(self, v: float) -> float:
        return self.top + self.plot_h * (self.hi - v) / ((self.hi - self.lo) or 1)

    def grid(self, unit: str) -> list[str]:
        out = []
        for t in self.ticks:
            y = self.y(t)
            cls = "axis zero" if t == 0 else "grid"
            out.append(f'<line class="{cls}" x1="{self.left}" x2="{WIDTH - self.right}" y1="{y:.1f}" y2="{y:.1f}"/>')
            out.append(_text(self.left - 6, y + 4, fmt_number(t), "end", "tick"))
        if unit:
            out.append(_text(4, 14, f"单位：{unit}", "start", "unit"))
        return out

    def x_labels(self, categories: Sequence[str]) -> list[str]:
        step = self.plot_w / max(len(categories), 1)
        every = max(1, math.ceil(len(categories) / 10))  # at most ten labels under the axis
        return [_text(self.left + step * (i + 0.5), self.height - 8, c, "middle", "tick")
                for i, c in enumerate(categories) if i % every == 0]

    def legend(self, series: Sequence[Series]) -> list[str]:
        out, x = [], float(WIDTH - self.right)
        for s in reversed(series):
            x -= 14 * len(s.name) + 22
            out.append(f'<rect class="bar {s.css}" x="{x:.1f}" y="6" width="12" height="12"/>')
            out.append(_text(x + 16, 17, s.name, "start", "legend"))
        return out


def column_chart(categories: Sequence[str], series: Sequence[Series], *, title: str, unit: str = "") -> Markup:
    """Grouped columns per category (e.g. target growth next to the outcome, by year); negatives go down."""
    values = [v for s in series for v in s.values if v is not None]
    f = _Frame(values)
    body = f.grid(unit) + f.legend(series)
    step = f.plot_w / max(len(categories), 1)
    bar = min(28.0, step * 0.8 / max(len(series), 1))
    zero = f.y(0)
    for i, cat in enumerate(categories):
        x0 = f.left + step * i + (step - bar * len(series)) / 2
        for j, s in enumerate(series):
            v = s.values[i]
            if v is None:
                continue
            y = min(zero, f.y(v))
            h = max(1.0, abs(f.y(v) - zero))
            tip = f"{cat} {s.name}：{fmt_number(v)}{unit}"
            body.append(f'<rect class="bar {s.css}" x="{x0 + j * bar:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" '
                        f'height="{h:.1f}"><title>{escape(tip)}</title></rect>')
    body += f.x_labels(categories)
    return _svg(f.height, title, body)


def line_chart(categories: Sequence[str], series: Sequence[Series], *, title: str, unit: str = "") -> Markup:
    """Lines with a dot per figure; a missing year breaks the line instead of inventing a value."""
    values = [v for s in series for v in s.values if v is not None]
    f = _Frame(values)
    body = f.grid(unit) + f.legend(series)
    step = f.plot_w / max(len(categories), 1)
    for s in series:
        path: list[str] = []
        for i, v in enumerate(s.values):
            if v is None:
                path.append("")
                continue
            x, y = f.left + step * (i + 0.5), f.y(v)
            path.append(f"{x:.1f},{y:.1f}")
        for run in " ".join(p if p else "|" for p in path).split("|"):
            points = run.split()
            if len(points) > 1:
                body.append(f'<polyline class="line {s.css}" fill="none" points="{" ".join(points)}"/>')
        for i, v in enumerate(s.values):
            if v is None:
                continue
            tip = f"{categories[i]} {s.name}：{fmt_number(v)}{unit}"
            body.append(f'<circle class="dot {s.css}" cx="{f.left + step * (i + 0.5):.1f}" cy="{f.y(v):.1f}" r="4">'
                        f"<title>{escape(tip)}</title></circle>")
    body += f.x_labels(categories)
    return _svg(f.height, title, body)
