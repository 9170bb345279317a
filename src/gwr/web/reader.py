"""The report reader's text: paragraphs with every fact and project marked at its exact span.

Spans are character offsets into the file's text, and several marks may
overlap (urban and rural income share one quote; a project sits inside a
sentence that also states a figure).  So the text of each paragraph is cut at
every mark boundary, and each piece is wrapped once, listing all the marks
covering it: nothing is nested, nothing is lost, and the characters between
the tags are exactly ``text[start:end]``.  Each mark's own anchor
(``id="f12"``, ``id="j3"`` for a project) is an empty element just before its
first piece, so ``#f12`` scrolls there even when two facts start together.

Pure functions of plain rows; the only HTML they write goes through
:func:`markupsafe.escape`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from markupsafe import Markup, escape

from .labels import FACT_KINDS, indicator_name

Row = Mapping[str, Any]

_PRIORITY = {"target": 0, "actual": 1, "period": 2, "project": 3, "other": 4}


@dataclass(frozen=True)
class Mark:
    """A highlighted span: ``key`` is its anchor and panel key (f12 for fact 12, j3 for project 3)."""

    key: str
    kind: str  # target, actual, other, project
    start: int
    end: int


@dataclass
class Paragraph:
    number: int
    html: Markup
    heading: bool = False
    depth: int = 0
    section_id: int | None = None
    marks: list[str] = field(default_factory=list)


def marks_of(facts: Iterable[Row], projects: Iterable[Row]) -> list[Mark]:
    out = [Mark(f"f{f['fact_id']}", f["kind"], int(f["start"]), int(f["end"])) for f in facts]
    out += [Mark(f"j{p['project_id']}", "project", int(p["start"]), int(p["end"])) for p in projects]
    return sorted((m for m in out if m.end > m.start), key=lambda m: (m.start, -m.end, m.key))


def highlight(text: str, start: int, end: int, marks: list[Mark]) -> tuple[Markup, list[str]]:
    """``text[start:end]`` as HTML with ``marks`` (clipped to the range) wrapped; and the keys placed.

    ``marks`` in :func:`marks_of` order.  One sweep over the cut points with the set of marks open
    at each: the cost grows with the paragraph's length and its marks, never with their product.
    """
    inside = [m for m in marks if m.start < end and m.end > start]
    return _highlight(text, start, end, inside)


def _highlight(text: str, start: int, end: int, inside: list[Mark]) -> tuple[Markup, list[str]]:
    """:func:`highlight` over the marks already known to overlap ``[start, end)``, in marks order."""
    if not inside:
        return Markup(escape(text[start:end])), []
    order = {id(m): i for i, m in enumerate(inside)}
    opening: dict[int, list[Mark]] = {}
    closing: dict[int, list[Mark]] = {}
    for m in inside:
        opening.setdefault(max(start, m.start), []).append(m)
        closing.setdefault(min(end, m.end), []).append(m)
    cuts = sorted({start, end, *opening, *closing})
    out: list[str] = []
    anchored: list[str] = []
    seen: set[str] = set()
    open_: list[Mark] = []  # the marks covering the current piece, in marks order
    for lo, hi in zip(cuts, cuts[1:]):
        gone = closing.get(lo)
        if gone:
            ids = {id(m) for m in gone}
            open_ = [m for m in open_ if id(m) not in ids]
        new = opening.get(lo)
        if new:
            for m in new:
                if m.key not in seen:
                    out.append(f'<span class="anchor" id="{m.key}"></span>')
                    anchored.append(m.key)
                    seen.add(m.key)
            open_ = sorted(open_ + new, key=lambda m: order[id(m)])
        piece = escape(text[lo:hi])
        if not open_:
            out.append(str(piece))
            continue
        kind = min(open_, key=lambda m: _PRIORITY.get(m.kind, 9)).kind
        keys = " ".join(m.key for m in open_)
        out.append(f'<span class="fx fx-{kind}" data-marks="{keys}" tabindex="0" role="button">{piece}</span>')
    return Markup("".join(out)), anchored


def paragraphs_html(text: str, paragraphs: Iterable[Row], sections: Iterable[Row], facts: Iterable[Row],
                    projects: Iterable[Row], *, offset: int = 0) -> list[Paragraph]:
    """Every paragraph of a document, highlighted; section headings flagged with their depth.

    ``text`` is the file's text from character ``offset`` on (a page of a long report needs only
    its own stretch).  Paragraphs come in text order, so one pass hands each its marks: the marks
    still open are carried over, the rest are taken from the sorted list as the paragraphs advance.
    """
    marks = marks_of(facts, projects)
    headings = {int(s["heading_start"]): s for s in sections}
    out = []
    nxt, open_ = 0, []  # marks[nxt:] start at or after the paragraphs seen so far; open_ may reach on
    for p in paragraphs:
        start, end = int(p["start"]), int(p["end"])
        open_ = [m for m in open_ if m.end > start]
        while nxt < len(marks) and marks[nxt].start < end:
            if marks[nxt].end > start:
                open_.append(marks[nxt])
            nxt += 1
        inside = [m for m in open_ if m.start < end]
        html, placed = _highlight_at(text, offset, start, end, inside)
        sec = headings.get(start)
        # a heading run into its first sentence (一、区域经济稳健发展。坚持…) stays a paragraph
        heading = sec is not None and end <= int(sec["heading_end"]) + 2
        out.append(Paragraph(number=int(p["number"]), html=html, heading=heading,
                             depth=int(sec["depth"]) if sec is not None else 0,
                             section_id=int(sec["id"]) if sec is not None else None, marks=placed))
    return out


def _highlight_at(text: str, offset: int, start: int, end: int, inside: list[Mark]) -> tuple[Markup, list[str]]:
    if not offset:
        return _highlight(text, start, end, inside)
    shifted = [Mark(m.key, m.kind, m.start - offset, m.end - offset) for m in inside]
    return _highlight(text, start - offset, end - offset, shifted)


def _clean(v: Any) -> Any:
    try:
        import pandas as pd

        if not isinstance(v, (list, dict, str)) and pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v


def panel_data(facts: Iterable[Row], projects: Iterable[Row]) -> dict[str, dict[str, Any]]:
    """What the side panel shows for each mark, keyed like the marks; plain JSON values only."""
    data: dict[str, dict[str, Any]] = {}
    for f in facts:
        f = {k: _clean(v) for k, v in f.items()}
        lo, hi = f.get("growth_low"), f.get("growth_high")
        data[f"f{f['fact_id']}"] = {
            "type": "fact", "id": f["fact_id"], "kind": f["kind"], "kind_label": FACT_KINDS.get(f["kind"], f["kind"]),
            "indicator": f.get("indicator"), "indicator_name": indicator_name(f.get("indicator")),
            "label": f.get("label"), "year": f.get("year"), "value": f.get("value"), "unit": f.get("unit"),
            "value_qualifier": f.get("value_qualifier"), "value_base": f.get("value_base"),
            "unit_base": f.get("unit_base"), "growth_pct": f.get("growth_pct"),
            "growth_unit": f.get("growth_unit"), "growth_qualifier": f.get("growth_qualifier"),
            "growth_range": [lo, hi] if lo is not None and hi is not None else None,
            "quote": f.get("quote"), "span": [f["start"], f["end"]],
            "period": [f.get("period_start"), f.get("period_end")] if f["kind"] == "period" else None,
            "measure": f.get("measure")}
    for p in projects:
        p = {k: _clean(v) for k, v in p.items()}
        data[f"j{p['project_id']}"] = {
            "type": "project", "id": p["project_id"], "kind": "project", "kind_label": FACT_KINDS["project"],
            "name": p.get("name"), "investment": p.get("investment"), "unit": p.get("unit"),
            "investment_qualifier": p.get("investment_qualifier"), "investment_base": p.get("investment_base"),
            "stage": p.get("stage"), "count": p.get("count"), "aggregate": bool(p.get("aggregate")),
            "quote": p.get("quote"), "span": [p["start"], p["end"]]}
    return data
