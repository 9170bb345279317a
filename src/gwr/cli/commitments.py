"""``gwr commitments``: the quantified commitments of reports' plans, with the next year's outcome.

A thin shell over ``gwr.commitments`` (files) and ``Corpus.commitments`` (``--db``):
one row per commitment; ``status`` is ``done``, ``short`` or ``no_outcome`` when
the next report of the same region is among the inputs, else empty.
"""
from __future__ import annotations

import csv
import json
import sys
from typing import Annotated, Any, Optional

import typer

from .app import DbOption, RegionOption, TableFormat, YearOption, _err, _open, _years, app

COLUMNS = ("path", "region", "region_code", "report_year", "verb", "object", "number", "value", "unit", "value_base",
           "unit_base", "qualifier", "deadline", "section", "status", "outcome_value", "outcome_unit",
           "outcome_quote", "quote", "start", "end")


@app.command()
def commitments(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files or directories; none with --db.")] = None,
    db: DbOption = None,
    region: RegionOption = None,
    year: YearOption = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="json, csv or table.")] = TableFormat.table,
) -> None:
    """Quantified commitments of the plan sections (新增学位3000个 …), paired with the next report's review."""
    failed = 0
    if db is not None and not paths:
        rows = _open(db).commitments(region=region, year=_years(year)).to_dict("records")
    elif paths:
        rows, failed = _from_files(paths)
        years = _years(year)
        if years is not None:
            from ..store.commitments import _in_years

            rows = [r for r in rows if _in_years(r.get("report_year"), years)]
    else:
        _err("error: give files or --db")
        raise typer.Exit(2)
    _write(rows, fmt)
    if failed:
        raise typer.Exit(1)  # the rows of the files that could be read are printed all the same


def _from_files(paths: list[str]) -> tuple[list[dict[str, Any]], int]:
    from ..commitments import pair_documents
    from ..pipeline import extract_many

    results, failed = [], 0
    for path, result, error in extract_many(paths):
        if error is not None:
            _err(f"error: {error}")
            failed += 1
        else:
            results.append(result)
    if not results and not failed:
        _err("no files found")
        raise typer.Exit(2)
    return pair_documents(results), failed


def _flat(r: dict[str, Any]) -> dict[str, Any]:
    o = r.get("outcome") or {}
    return {**{k: r.get(k) for k in COLUMNS}, "section": " / ".join(r.get("section_path") or []),
            "outcome_value": o.get("value"), "outcome_unit": o.get("unit"), "outcome_quote": o.get("quote"),
            "start": r["span"][0], "end": r["span"][1]}


def _clean(v: Any) -> Any:
    """A missing value read back through pandas (float NaN) is null, not ``nan``, in every format."""
    if isinstance(v, float) and v != v:
        return None
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_clean(x) for x in v]
    return v


def _write(rows: list[dict[str, Any]], fmt: TableFormat) -> None:
    rows = [_clean(r) for r in rows]
    if fmt is TableFormat.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1, default=_plain)
        sys.stdout.write("\n")
        return
    flat = [_flat(r) for r in rows]
    if fmt is TableFormat.csv:
        w = csv.DictWriter(sys.stdout, fieldnames=list(COLUMNS))
        w.writeheader()
        w.writerows(flat)
        return
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"gwr: {len(rows)} commitments")
    shown = ("region", "report_year", "verb", "object", "number", "unit", "qualifier", "deadline", "status",
             "outcome_value", "quote")
    for c in shown:
        t.add_column(c, overflow="fold")
    for r in flat:
        t.add_row(*["" if r[c] is None else str(r[c]) for c in shown])
    Console(width=max(160, Console().width)).print(t)


def _plain(o: Any) -> Any:
    """numpy and pandas scalars from a DataFrame round trip, as JSON numbers or null."""
    try:
        import pandas as pd

        if pd.isna(o):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(o, "item"):
        return o.item()
    return str(o)
