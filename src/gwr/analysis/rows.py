"""Fact rows: the flat shape the analysis functions read, and the choices they share.

The analysis is a set of pure functions over plain dicts so that the same code
runs on ``gwr extract`` output (through :func:`rows_from_extract`), on rows read
back from the database, or on hand-written rows in tests.  A row carries the
fact's own fields (indicator, label, year, value, unit, value_base, unit_base,
value_qualifier, growth_pct, growth_qualifier, growth_range, span, quote) plus
where it came from: fact_id, document_id, path, region_code, region_name,
level, report_year, review_year, doc_kind and kind ('target' or 'actual').

Shared here: the identity of a region, the deterministic order in which
duplicate sources are preferred, exact decimal arithmetic on written numbers
and the semantics data file ``data/tracking.json``.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["rows_from_extract", "region_key", "dec", "half_ulp", "source_rank", "semantics",
           "fact_ref", "as_number"]

Row = Mapping[str, Any]

# Whole reports before excerpts before anything else (news, commentary quoting figures).
_DOC_KIND_RANK = {"official_report": 0, "report_excerpt": 1}


def rows_from_extract(results: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Flatten the JSON of ``gwr extract --format json`` into one row per target and actual.

    ``document_id`` is ``<sha256 prefix>:<document index>`` and ``fact_id`` adds
    ``t<i>``/``a<i>`` (the fact's index in its list), so ids are stable for the same
    bytes whatever the file is called.  A store with its own ids passes those instead.
    """
    rows: list[dict[str, Any]] = []
    for result in results:
        sha = (result.get("sha256") or "")[:12] or str(result.get("path"))
        for doc in result.get("documents", []):
            region = doc.get("region") or {}
            document_id = f"{sha}:{doc.get('index', 0)}"
            base = {
                "document_id": document_id, "path": result.get("path"),
                "region_code": region.get("code"), "region_name": region.get("name"),
                "successor_code": (region.get("successor") or {}).get("code"),
                "level": region.get("level"), "report_year": doc.get("report_year"),
                "review_year": doc.get("review_year"), "doc_kind": doc.get("kind"),
            }
            for kind, key, letter in (("target", "targets", "t"), ("actual", "actuals", "a")):
                for i, fact in enumerate(doc.get(key) or []):
                    row = {**base, "fact_id": f"{document_id}:{letter}{i}", "kind": kind}
                    for field in ("indicator", "label", "year", "value", "unit", "value_base", "unit_base",
                                  "value_qualifier", "growth_pct", "growth_qualifier", "growth_range", "quote"):
                        row[field] = fact.get(field)
                    row["span"] = list(fact["span"]) if fact.get("span") is not None else None
                    if row["growth_range"] is not None:
                        row["growth_range"] = list(row["growth_range"])
                    rows.append(row)
    return rows


def region_key(row: Row) -> tuple[str, ...] | None:
    """The administrative code when there is one, else (name, level): towns have no code.

    A former division's reports count under today's code (清苑县 130622 under
    清苑区 130608): a target set before a renaming meets the outcome reported after it.
    None when neither is known: such a fact cannot be linked to another report.
    """
    if row.get("successor_code"):
        return ("code", str(row["successor_code"]))
    if row.get("region_code"):
        return ("code", str(row["region_code"]))
    if row.get("region_name"):
        return ("name", str(row["region_name"]), str(row.get("level") or ""))
    return None


def source_rank(row: Row) -> tuple[Any, ...]:
    """Order among copies of the same fact: whole report first, then file path, document, position.

    Deterministic, so the same rows always give the same choice.
    """
    span = row.get("span") or [0, 0]
    return (_DOC_KIND_RANK.get(row.get("doc_kind") or "official_report", 2), str(row.get("path") or ""),
            str(row.get("document_id") or ""), span[0])


def dec(x: Any) -> Decimal | None:
    """A written number as an exact Decimal (via its shortest repr, so 3.6 stays 3.6)."""
    if x is None or isinstance(x, bool):
        return None
    if isinstance(x, Decimal):
        return x
    return Decimal(str(x))


def half_ulp(x: Any) -> Decimal:
    """Half a unit in the last written digit: the rounding a printed 4 or 614.8 may hide."""
    d = dec(x)
    if d is None:
        return Decimal(0)
    exp = d.as_tuple().exponent
    return Decimal(5).scaleb(int(exp) - 1) if isinstance(exp, int) else Decimal(0)


def as_number(d: Decimal | None, places: int = 6) -> float | int | None:
    """A Decimal result as a plain JSON number, rounded to ``places`` decimals."""
    if d is None:
        return None
    q = round(d, places).normalize()
    return int(q) if q == q.to_integral_value() and abs(q) < 10 ** 15 else float(q)


def fact_ref(row: Row, role: str) -> dict[str, Any]:
    """What a flag or a tracking row cites: the fact, its document, file and exact quote."""
    return {"role": role, "fact_id": row.get("fact_id"), "document_id": row.get("document_id"),
            "path": row.get("path"), "span": row.get("span"), "quote": row.get("quote")}


@cache
def semantics() -> dict[str, Any]:
    """The qualifier words, bound words and tolerances of ``data/tracking.json``."""
    return json.loads(resources.files("gwr").joinpath("data/tracking.json").read_text("utf-8"))
