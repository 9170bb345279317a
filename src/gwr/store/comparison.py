"""The statements a comparison shows, from plain fact rows: ``Corpus.compare`` without its frames.

``Corpus.compare`` builds a frame of facts, sorts it, groups it by region, indicator and
year, chooses one statement per group (``gwr.analysis.choice``) and pivots the choices;
the comparison page only lays the choices out.  :func:`shown` makes the same choices
from the rows the query gives, with the same labels and the same order, so that the
page shows what it showed while a request no longer builds, sorts and pivots frames.
"""
from __future__ import annotations

from typing import Any

from ..analysis.choice import choose
from .frame_like import like_frame


def shown(rows: list[dict[str, Any]], measure: str, int_columns: frozenset[str]) -> list[dict[str, Any]]:
    """The statement chosen per (region, indicator, year), in the order of first appearance after
    sorting by report year (unknown last) and fact (``rows``: as the query gives them, ``int_columns``
    those the frame holds as nullable integers); each row with its ``region`` label: the name of
    today's division and its code (``清苑区 (130608)``) for a former one."""
    from ..regions import gazetteer

    rows = like_frame(rows, int_columns)
    rows = [r for r in rows if r[measure] is not None]
    if not rows:
        return []
    rows.sort(key=lambda r: (r["report_year"] is None, r["report_year"] or 0, r["fact_id"]))
    # a missing name in a column of names reads "nan" in the frame's label, as it did
    named = any(isinstance(r["region_name"], str) for r in rows)
    g = gazetteer()
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for r in rows:
        n, s, c = r["region_name"], r["successor_code"], r["region_code"]
        if n is None and named:
            n = float("nan")
        if isinstance(s, str) and s:
            now = g.get(s)
            n, c = (now.name if now is not None else n), s
        label = f"{n or '?'} ({c})" if isinstance(c, str) else (n or "?")
        r = {**r, "region": label}
        # a missing label (no code, no name) is in no group, as a missing key is in none of groupby's
        if isinstance(label, str) and r["indicator"] is not None and r["year"] is not None:
            groups.setdefault((r["region"], r["indicator"], r["year"]), []).append(r)
    return [choose(group, measure)[0] for group in groups.values()]
