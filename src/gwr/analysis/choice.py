"""One number per region, year and indicator: which statement every view shows.

A region's figure for a year is often stated more than once: the report that
looks back on the year gives its headline (地区生产总值614.8亿元), a sector
paragraph repeats it, a threshold was announced on the way (突破600亿元), the
next five-year review mentions it again, a compilation page copies the report.
Shown side by side, the same region-year would carry different numbers in
different views.  Every view (compare, track, the region page's timelines,
exports of a series) therefore picks with one written rule, in this order:

1. the statement of the report about that year: for a result, the report whose
   review year it is; for a target, the report whose report year it is — over
   a mention in any other report;
2. an exact figure over a threshold or an approximation (突破, 超过, 逾, 近, 约 …);
3. a whole report over an excerpt, news or commentary;
4. the report's own headline over a later mention: the first statement in the
   report;
5. then file path, document and position, so the same rows always give the
   same choice.

The other statements are kept as alternatives, each with its quote.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .rows import source_rank

Row = Mapping[str, Any]

# written bounds and approximations: a figure so qualified gives way to an exact one
APPROXIMATE = frozenset({"突破", "超过", "超", "逾", "过", "近", "约", "多", "余", "以上", "左右", "上下", "接近", "将近"})
_DOC_KIND_RANK = {"official_report": 0, "report_excerpt": 1}


def _about_its_year(row: Row) -> bool:
    year = row.get("year")
    if year is None:
        return False
    own = row.get("review_year") if row.get("kind", "actual") == "actual" else row.get("report_year")
    return own == year


def _approximate(row: Row, measure: str) -> bool:
    word = row.get("growth_qualifier") if measure == "growth_pct" else row.get("value_qualifier")
    return bool(word) and word in APPROXIMATE


def preference(row: Row, measure: str = "value") -> tuple[Any, ...]:
    """The sort key of the rule above: the smallest key is the statement shown."""
    span = row.get("span") or [row.get("start") or 0]
    kind = row.get("doc_kind") or row.get("document_kind") or "official_report"
    return (not _about_its_year(row), _approximate(row, measure), _DOC_KIND_RANK.get(kind, 2),
            span[0] if span else 0, source_rank(row))


def choose(rows: Iterable[Row], measure: str = "value") -> tuple[Row | None, list[Row]]:
    """(the statement shown, the others in the order of the rule)."""
    ranked = sorted(rows, key=lambda r: preference(r, measure))
    return (ranked[0] if ranked else None), ranked[1:]
