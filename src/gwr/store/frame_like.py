"""Rows as a DataFrame of them would give them back, without building the DataFrame.

The pages read plain rows (a DataFrame built per request and turned back into rows cost
more than the query), but what they show must stay what the frames gave: pandas infers
one type per column, so an integer in a column that also holds a fraction or a missing
value comes back as a float (``2014.0``), except in the columns ``Corpus`` reads as
nullable integers.  :func:`like_frame` applies that one rule, column by column, in a
linear pass; everything else (strings, booleans, JSON values, ``None``) passes as it is.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


def _kind(values: list[Any]) -> tuple[bool, bool]:
    """(pandas would hold this column as floats while it has integers in it, it has a NaN), the NaN
    being a missing value to pandas (PostgreSQL stores one; SQLite reads it back as NULL)."""
    has_int = has_float_or_none = has_nan = False
    for v in values:
        t = type(v)
        if t is int:
            has_int = True
        elif t is float or v is None:
            has_float_or_none = True
            has_nan = has_nan or v != v
        else:  # a string, a boolean, a list: an object column keeps its values (a NaN in it too)
            return False, False
    return has_int and has_float_or_none, has_nan


def like_frame(rows: list[dict[str, Any]], int_columns: Iterable[str] = ()) -> list[dict[str, Any]]:
    """``plain_rows(pd.DataFrame(rows))`` (after ``astype("Int64")`` on ``int_columns``): integers
    of a column with fractions or missing values as floats, a NaN as ``None``, a key missing from a
    row as ``None``, the columns in order of first appearance."""
    if not rows:
        return rows
    keys = list(rows[0])
    if any(len(r) != len(keys) or list(r) != keys for r in rows):
        keys = list(dict.fromkeys(k for r in rows for k in r))
        rows = [{k: r.get(k) for k in keys} for r in rows]
    keep = set(int_columns)
    floated, nan = [], []
    for k in keys:
        to_float, has_nan = _kind([r[k] for r in rows])
        if to_float and k not in keep:
            floated.append(k)
        if has_nan:
            nan.append(k)
    if not floated and not nan:
        return rows
    out = []
    for r in rows:
        r = dict(r)
        for k in floated:
            v = r[k]
            if type(v) is int:
                r[k] = float(v)
        for k in nan:
            v = r[k]
            if v is not None and v != v:
                r[k] = None
        out.append(r)
    return out


def like_frame_typed(keys: list[str], data: Sequence[Sequence[Any]], types: Sequence[Any],
                     int_columns: Iterable[str] = ()) -> list[dict[str, Any]]:
    """:func:`like_frame` of the rows of a query whose column types are known and whose floats are never
    NaN (SQLite's): only an integer column outside ``int_columns`` is looked at, the rest pass as read."""
    from sqlalchemy import Integer

    keep = set(int_columns)
    look = [j for j, (k, t) in enumerate(zip(keys, types)) if isinstance(t, Integer) and k not in keep]
    floated = [j for j in look if _kind([r[j] for r in data])[0]]
    if not floated:
        return [dict(zip(keys, r)) for r in data]
    out = []
    for r in data:
        r = list(r)
        for j in floated:
            if type(r[j]) is int:
                r[j] = float(r[j])
        out.append(dict(zip(keys, r)))
    return out
