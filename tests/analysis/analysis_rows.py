"""Hand-written fact rows for edge cases, in the shape rows_from_extract gives."""
from __future__ import annotations

import itertools

_ids = itertools.count()


def fact(kind, indicator, year, *, region=("999999", "某县", "county"), report_year=None, review_year=None,
         document_id=None, doc_kind="official_report", label=None, quote="", **fields):
    """A hand-written row in the shape rows_from_extract gives (region = code, name, level)."""
    code, name, level = region
    if report_year is None:
        report_year = year if kind == "target" else year + 1
    review_year = review_year if review_year is not None else report_year - 1
    document_id = document_id or f"doc-{name}-{report_year}"
    n = next(_ids)
    row = {"fact_id": f"f{n}", "document_id": document_id, "path": f"{document_id}.txt",
           "region_code": code, "region_name": name, "level": level, "report_year": report_year,
           "review_year": review_year, "doc_kind": doc_kind, "kind": kind, "indicator": indicator,
           "label": label or indicator, "year": year, "value": None, "unit": None, "value_base": None,
           "unit_base": None, "value_qualifier": None, "growth_pct": None, "growth_qualifier": "",
           "growth_range": None, "quote": quote, "span": [n, n + 1]}
    row.update(fields)
    return row
