"""DataFrames to files for Stata, R, Excel and pandas users.

Nested values (locators, extra attributes) become JSON text, and a
regions × (indicator, year) table gets flat column names (``gdp_2018``),
because CSV, Parquet and Excel all want one level of plain columns.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

from ..errors import GwrError

FORMATS = ("csv", "parquet", "xlsx", "json")


def format_of(path: str | os.PathLike[str], given: str | None = None) -> str:
    fmt = (given or Path(path).suffix.lstrip(".")).lower()
    if fmt == "xls":
        fmt = "xlsx"
    if fmt not in FORMATS:
        raise GwrError(f"cannot export to {os.fspath(path)!r}: unknown format {fmt!r} "
                       f"(use {', '.join(FORMATS)}, or --format)")
    return fmt


def flat(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    if isinstance(out.columns, pd.MultiIndex):
        out.columns = ["_".join(str(x) for x in col if str(x) != "") for col in out.columns]
    if not isinstance(out.index, pd.RangeIndex):
        out = out.reset_index()
    for col in out.columns:
        if out[col].dtype == object and out[col].map(lambda v: isinstance(v, (dict, list))).any():
            out[col] = out[col].map(lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v)
    return out


def write(df: pd.DataFrame, path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """Write ``df`` to ``path`` atomically (a failed export leaves no half file); returns the format used."""
    fmt = format_of(path, fmt)
    data = flat(df)
    path = Path(path)
    tmp = path.with_name(f".{path.name}.part")
    try:
        if fmt == "csv":
            data.to_csv(tmp, index=False, encoding="utf-8-sig")  # the BOM lets Excel read the Chinese text
        elif fmt == "parquet":
            data.to_parquet(tmp, index=False)
        elif fmt == "xlsx":
            data.to_excel(tmp, index=False, engine="openpyxl")
        else:
            tmp.write_text(data.to_json(orient="records", force_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise GwrError(f"cannot write {os.fspath(path)!r}: {e.strerror or e}") from None
    except Exception:
        tmp.unlink(missing_ok=True)
        raise
    return fmt
