"""gwr.store.frame_like: the values of plain rows are those a DataFrame of the rows gives back.

The pages read plain rows where they read frames; what they show must not change, so
the rule is checked against pandas itself on the columns that differ (integers beside
fractions or missing values, NaN, booleans, lists, a key missing from a row).
"""
from __future__ import annotations

import math

import pandas as pd

from gwr.store.corpus import plain_rows
from gwr.store.frame_like import like_frame

ROWS = [
    {"id": 1, "year": 2014, "start": 3, "share": 1, "flag": True, "tags": [1], "name": "甲", "none": None,
     "nan": 1.5},
    {"id": 2, "year": None, "start": None, "share": 0.5, "flag": None, "tags": None, "name": None, "none": None,
     "nan": math.nan},
    {"id": 3, "year": 2016, "start": 7, "share": 2, "flag": False, "tags": [], "name": "乙", "none": None},
]


def _pandas(rows, int_columns=()):
    df = pd.DataFrame(rows)
    for c in int_columns:
        df[c] = df[c].astype("Int64")
    return plain_rows(df)


def _typed(rows):
    return [{k: (type(v).__name__, v if v == v else "nan") for k, v in r.items()} for r in rows]


def test_values_and_their_types_are_those_of_the_frame():
    assert _typed(like_frame(ROWS, {"year"})) == _typed(_pandas(ROWS, ["year"]))


def test_an_integer_column_with_a_missing_value_reads_as_floats_unless_kept_as_integers():
    out = like_frame(ROWS, {"year"})
    assert out[0]["start"] == 3.0 and isinstance(out[0]["start"], float)
    assert out[0]["year"] == 2014 and isinstance(out[0]["year"], int)
    assert out[0]["id"] == 1 and isinstance(out[0]["id"], int)


def test_rows_are_left_as_they_are_when_no_value_changes():
    rows = [{"id": 1, "name": "甲"}, {"id": 2, "name": None}]
    assert like_frame(rows) is rows
