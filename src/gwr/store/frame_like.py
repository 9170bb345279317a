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
from operator import itemgetter
from typing import Any


_NUMBERS = frozenset({int, float, type(None)})


def _kind(values: list[Any]) -> tuple[bool, bool]:
    """(pandas would hold this column as floats while it has integers in it, it has a NaN), the NaN
    being a missing value to pandas (PostgreSQL stores one; SQLite reads it back as NULL).  A column
    of anything but numbers and ``None`` (strings, booleans, lists) is an object column: kept as it is."""
    types = set(map(type, values))
    if not types <= _NUMBERS:
        return False, False
    to_float = int in types and len(types) > 1
    return to_float, float in types and any(v != v for v in values)


def like_frame(rows: list[dict[str, Any]], int_columns: Iterable[str] = ()) -> list[dict[str, Any]]:
    """``plain_rows(pd.DataFrame(rows))`` (after ``astype("Int64")`` on ``int_columns``): integers
    of a column with fractions or missing values as floats, a NaN as ``None``, a key missing from a
    row as ``None``, the columns in order of first appearance.  The rows are changed in place (a
    caller's own, just read or computed: copying 5,000 rows of a province's tracking cost a tenth of it)."""
    if not rows:
        return rows
    keys = list(rows[0])
    if any(len(r) != len(keys) or list(r) != keys for r in rows):
        keys = list(dict.fromkeys(k for r in rows for k in r))
        rows = [{k: r.get(k) for k in keys} for r in rows]
    keep = set(int_columns)
    floated, nan = [], []
    for k in keys:
        to_float, has_nan = _kind(list(map(itemgetter(k), rows)))
        if to_float and k not in keep:
            floated.append(k)
        if has_nan:
            nan.append(k)
    for r in rows:  # in place: the rows are the caller's own, just read or computed
        for k in floated:
            v = r[k]
            if type(v) is int:
                r[k] = float(v)
        for k in nan:
            v = r[k]
            if v is not None and v != v:
                r[k] = None
    return rows


def like_frame_typed(keys: list[str], data: Sequence[Sequence[Any]], types: Sequence[Any],
                     int_columns: Iterable[str] = ()) -> list[dict[str, Any]]:
    """:func:`like_frame` of the rows of a query whose column types are known and whose floats are never
    NaN (SQLite's): only an integer column outside ``int_columns`` is looked at, the rest pass as read."""
    from sqlalchemy import Integer

    keep = set(int_columns)
    look = [j for j, (k, t) in enumerate(zip(keys, types)) if isinstance(t, Integer) and k not in keep]
    floated = [j for j in look if _kind(list(map(itemgetter(j), data)))[0]]
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
