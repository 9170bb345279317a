"""DataFrames to files for Stata, R, Excel and pandas users.

Nested values (locators, extra attributes) become JSON text, and a
regions × (indicator, year) table gets flat column names (``gdp_2018``),
because CSV, Parquet, Stata and Excel all want one level of plain columns.
Stata files are version 118 (Stata 14 and later): the first whose strings
are UTF-8, so Chinese text survives; a column holding a string longer than
Stata's 2,045-byte ``str`` limit (a quote of 700 characters is 2,100 bytes) is
written as ``strL``.
"""
from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from ..errors import GwrError

FORMATS = ("csv", "parquet", "xlsx", "json", "jsonl", "dta")
_ALIASES = {"xls": "xlsx", "ndjson": "jsonl", "stata": "dta"}
STATA_VERSION = 118
_STATA_STR_BYTES = 2045
# Stata's reserved words (as pandas lists them), which no variable may be named
STATA_RESERVED = frozenset((
    "NULL _N _all _b _coef _cons _n _pi _pred _rc _se _skip aggregate array boolean break byte case catch "
    "class colvector complex const continue default delegate delete do double else eltypedef end enum "
    "explicit export external float for friend function global goto if in inline int local long pragma "
    "protected quad rowvector short str# strL typedef typename using virtual with "
).split())

# Stata variable labels (80 characters at most): what a column means, for ``describe``
LABELS = {
    "fact_id": "gwr fact id", "document_id": "gwr document id", "project_id": "gwr project id",
    "paragraph_id": "gwr paragraph id", "kind": "target, actual, period or other",
    "indicator": "indicator id (gwr taxonomy)", "label": "indicator as worded in the report",
    "year": "year the figure is about", "period_start": "first year of a period figure",
    "period_end": "last year of a period figure", "measure": "period measure: total, average_annual, change",
    "value": "value as written", "unit": "unit as written", "value_qualifier": "word qualifying the value",
    "value_base": "value in base unit", "unit_base": "base unit (yuan, percent, person …)",
    "growth_pct": "growth in percent (signed)", "growth_qualifier": "word qualifying growth (左右, 以上 …)",
    "growth_low": "growth range: low end", "growth_high": "growth range: high end",
    "quote": "the sentence quoted", "start": "start offset in the file text", "end": "end offset in the file text",
    "extra": "further attributes (JSON)", "region_code": "6-digit division code in the report year",
    "region_name": "region name", "level": "region level", "successor_code": "code of today's division",
    "province_code": "province code", "prefecture_code": "prefecture code", "parent_code": "parent's code",
    "report_year": "year the report sets targets for", "review_year": "year the report looks back on",
    "document_kind": "kind of document", "document_title": "title of the document", "path": "file path",
    "name": "project name", "investment": "investment as written", "investment_base": "investment in yuan",
    "stage": "project stage", "target": "target", "outcome": "outcome", "status": "met, missed or no outcome",
}


def format_of(path: str | os.PathLike[str], given: str | None = None) -> str:
    fmt = (given or Path(path).suffix.lstrip(".")).lower()
    fmt = _ALIASES.get(fmt, fmt)
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


def stata_frame(df: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """``df`` as Stata stores it, and the columns that need ``strL``.

    Stata has no nullable integers or booleans: integer columns with a gap become
    doubles (the gap is Stata's ``.``), booleans 0/1; text columns hold strings, a
    missing one the empty string (Stata's missing string).
    """
    out = df.copy()
    strl = []
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_bool_dtype(s):
            out[col] = s.astype("float64" if s.isna().any() else "int8")
        elif pd.api.types.is_integer_dtype(s) and s.dtype.name[0] == "I":  # pandas' nullable Int64
            out[col] = s.astype("float64")
        elif pd.api.types.is_numeric_dtype(s):
            continue
        else:
            text = s.map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v)).astype(object)
            out[col] = text
            if max(map(len, (v.encode("utf-8") for v in text)), default=0) > _STATA_STR_BYTES:
                strl.append(col)
    return out, strl


def write_stata(df: pd.DataFrame, path: str | os.PathLike[str], *, title: str | None = None) -> None:
    data, strl = stata_frame(df)
    labels = {c: LABELS[c] for c in data.columns if c in LABELS}
    # ``end``, ``aggregate`` (and ``in``, ``if`` …) are Stata words: renamed here, the same way every
    # time, rather than by pandas with a warning
    names = {c: f"{c}_" for c in data.columns if c in STATA_RESERVED}
    data = data.rename(columns=names)
    labels = {names.get(c, c): v for c, v in labels.items()}
    strl = [names.get(c, c) for c in strl]
    data.to_stata(path, write_index=False, version=STATA_VERSION, convert_strl=strl, variable_labels=labels,
                  data_label=(title or "gwr export")[:80])


@contextmanager
def atomic(path: str | os.PathLike[str]):
    """Yield a file beside ``path`` to write; rename it to ``path`` when the block ends well, remove
    it otherwise: a failed export never leaves a half file under the final name."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.part")
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise GwrError(f"cannot write {os.fspath(path)!r}: {e.strerror or e}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write(df: pd.DataFrame, path: str | os.PathLike[str], fmt: str | None = None, *, title: str | None = None) -> str:
    """Write ``df`` to ``path`` atomically (a failed export leaves no half file); returns the format used."""
    fmt = format_of(path, fmt)
    data = flat(df)
    with atomic(path) as tmp:
        if fmt == "csv":
            data.to_csv(tmp, index=False, encoding="utf-8-sig")  # the BOM lets Excel read the Chinese text
        elif fmt == "parquet":
            data.to_parquet(tmp, index=False)
        elif fmt == "xlsx":
            data.to_excel(tmp, index=False, engine="openpyxl")
        elif fmt == "dta":
            write_stata(data, tmp, title=title)
        elif fmt == "jsonl":
            tmp.write_text(data.to_json(orient="records", force_ascii=False, lines=True), encoding="utf-8")
        else:
            tmp.write_text(data.to_json(orient="records", force_ascii=False, indent=1), encoding="utf-8")
    return fmt
