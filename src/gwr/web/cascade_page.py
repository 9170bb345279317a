"""The cascade page: ``/cascade?indicator=gdp&year=2025&region=清苑区`` (``&children=1`` for the fan-out).

One handler over ``Corpus.cascade`` (docs/CASCADE.md), its template and the
charts of ``gwr.web.cascade_chart``.  Reached from every region page and from
each row of the comparison page.  Without a year it shows the latest year the
region (or, failing that, anything stored) has a target for the indicator.
"""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse

from . import labels
from .cascade_chart import dots_chart, reader_href, steps_chart
from .cascade_text import texts

router = APIRouter(include_in_schema=False)


def install(app: FastAPI) -> None:
    app.include_router(router)


def _latest_year(corpus, indicator: str, region: str) -> int | None:
    for where in ({"region": region}, {}):
        try:
            df = corpus.facts(kind="target", indicator=indicator, **where)
        except Exception:  # an unknown region falls back to the whole corpus
            continue
        years = df["year"].dropna() if not df.empty else []
        if len(years):
            return int(max(years))
    return None


def _row(r: dict[str, Any]) -> dict[str, Any]:
    r = texts(r)
    r["target_href"] = reader_href(r.get("target_document_id"), r.get("target_fact_id"))
    r["outcome_href"] = reader_href(r.get("outcome_document_id"), r.get("outcome_fact_id"))
    r["report_href"] = reader_href(r.get("report_document_id"), None)
    return r


@router.get("/cascade", response_class=HTMLResponse)
def cascade(request: Request, indicator: str = "gdp", year: str = "", region: str = "", children: str = ""):
    """A target down the levels (the chain) or a region's children against it (the fan-out)."""
    from ..errors import GwrError
    from ..indicators import taxonomy
    from .pages import _corpus, _render

    corpus = _corpus(request)
    region, fan = region.strip(), children.strip() not in ("", "0", "false")
    form = {"indicator": indicator, "year": year.strip(), "region": region, "children": fan}
    context: dict[str, Any] = {"form": form, "choices": labels.indicator_choices(), "error": None, "rows": [],
                               "chart": None, "parent": None, "summary": None, "missing": []}
    y = int(form["year"]) if form["year"].isdigit() and len(form["year"]) == 4 else None
    if taxonomy().get(indicator) is None:
        context["error"] = f"未知指标“{indicator}”。"
    elif region:
        y = y or _latest_year(corpus, indicator, region)
        form["year"] = str(y) if y else ""
        if y is None:
            context["error"] = f"尚无{labels.indicator_name(indicator)}的目标。"
        else:
            try:
                df = corpus.cascade(indicator=indicator, year=y, region=region, children=fan)
            except GwrError as e:
                context["error"] = str(e)
            else:
                rows = [_row(r) for r in df.to_dict("records")]
                name = labels.indicator_name(indicator)
                if fan:
                    parent = _row(df.attrs["parent"])
                    context.update(parent=parent, summary=df.attrs["summary"],
                                   rows=[r for r in rows if r["status"] != "missing"],
                                   missing=[r for r in rows if r["status"] == "missing"],
                                   chart=dots_chart(parent, rows, title=f"{y}年{name}目标：{parent['region_name']}下辖各地区"))
                else:
                    context.update(rows=rows, chart=steps_chart(rows, title=f"{y}年{name}目标逐级对照"))
    context["indicator_label"] = labels.indicator_name(indicator)
    return _render(request, "cascade.html", **context)
