"""How a cascade row reads in Chinese (5.5%左右, +0.5个百分点（对河北省）), for the CLI table and the page.

Plain functions over the rows of ``Corpus.cascade``: pandas' missing values
become ``None`` and the texts are added as ``target_text``, ``outcome_text``,
``statistic_text`` and ``diff_text``.
"""
from __future__ import annotations

import math
from typing import Any

__all__ = ["clean", "target_text", "texts", "STATUS_ZH"]

STATUS_ZH = {"found": "", "no_target": "报告未列此目标", "missing": "未收录报告"}


def clean(v: Any) -> Any:
    """pandas' missing values (NaN, NA) as null, numpy scalars as Python numbers, in every format."""
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [clean(x) for x in v]
    if v is None or isinstance(v, (str, bool)):
        return v
    if isinstance(v, float):
        return None if math.isnan(v) else v
    try:
        import pandas as pd

        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v.item() if hasattr(v, "item") else v


def _num(v: Any) -> str:
    from .charts import fmt_number

    return fmt_number(float(v)) if v is not None else ""


def target_text(r: dict[str, Any]) -> str:
    """增长5%左右 · 6.5–7% · 4.5%以内: a level's target as a report writes it; the status when there is none."""
    if r.get("status") != "found":
        return STATUS_ZH.get(r.get("status"), "") or ""
    if r.get("target_low") is not None and r.get("target_high") is not None:
        return f"{_num(r['target_low'])}–{_num(r['target_high'])}%{r.get('qualifier') or ''}"
    if r.get("target") is None:
        return "(见原文)"
    return f"{_num(r['target'])}{r.get('target_unit') or ''}{r.get('qualifier') or ''}"


def texts(r: dict[str, Any]) -> dict[str, Any]:
    r = clean(dict(r))
    r["target_text"] = target_text(r)
    r["outcome_text"] = (f"{_num(r['outcome'])}{r.get('outcome_unit') or ''}{r.get('outcome_qualifier') or ''}"
                         if r.get("outcome") is not None else "")
    r["statistic_text"] = (f"{_num(r['statistic'])}{r.get('statistic_unit') or ''}"
                           if r.get("statistic") is not None else "")
    if r.get("diff") is not None:
        unit = "个百分点" if r.get("diff_unit") == "pp" else (r.get("diff_unit") or "")
        r["diff_text"] = f"{'+' if r['diff'] > 0 else ''}{_num(r['diff'])}{unit}（对{r.get('compared_with')}）"
    else:
        r["diff_text"] = ""
    return r
