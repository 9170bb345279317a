"""The dashboard: HTML pages over the same ``Corpus`` the CLI and the JSON API use.

Six pages (overview, region, report reader, search, comparison, attention heat map), each one
handler that asks the Corpus, shapes the answer with ``gwr.web.views`` /
``gwr.web.reader`` and renders a Jinja2 template (autoescaped: only the search
snippets, which the search module builds from escaped text and ``<mark>``
tags, and the charts and reader text this package escapes itself, are inserted
as markup).  Styles, the reader's script and the charts are the project's own:
nothing is fetched from elsewhere, so the dashboard works offline.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import labels, views
from .charts import fmt_number, hbar_chart
from .reader import panel_data, paragraphs_html

HERE = Path(__file__).parent
PAGE_SIZE = 20
REPORT_KINDS = ("official_report", "report_excerpt")

templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals.update(labels=labels, label=labels.label, fmt=fmt_number, fact_text=views.fact_text,
                             indicator_name=labels.indicator_name, report_title=labels.report_title)

router = APIRouter(include_in_schema=False)


def install(app: FastAPI) -> None:
    """Add the pages, their static files and a Chinese 404 page for every path outside ``/api``."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    from fastapi.exception_handlers import http_exception_handler

    previous = app.exception_handlers.get(StarletteHTTPException, http_exception_handler)

    async def not_found(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404 and not request.url.path.startswith("/api"):
            return _not_found(request, "页面不存在")
        return await previous(request, exc)

    app.add_exception_handler(StarletteHTTPException, not_found)


def _corpus(request: Request):
    return request.app.state.corpus


def _render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def _not_found(request: Request, what: str) -> HTMLResponse:
    return _render(request, "404.html", status_code=404, what=what)


def region_key(code: Any, name: Any) -> str | None:
    """The path segment of a region page: its 6-digit code, else its name as the report gives it."""
    if isinstance(code, str) and code:
        return code
    return name if isinstance(name, str) and name else None


templates.env.globals["region_key"] = region_key


# -- overview ----------------------------------------------------------------------------------------
LATEST = 20  # reports in the home page's "latest" list; /reports pages through all of them


@router.get("/", response_class=HTMLResponse)
def overview(request: Request):
    """How much is stored and where from: reports by level, year and province, every region as a tree,
    the latest reports (kept, as every page is, until the corpus changes: ``gwr.web.page_cache``)."""
    from . import region_tree
    from ..parse.meta import NATION, NATION_CODE
    from ..regions import gazetteer

    corpus = _corpus(request)
    stats = corpus.stats()
    by_level = views.records(corpus.document_counts("level"))
    by_year = views.records(corpus.document_counts("report_year"))
    by_province = views.records(corpus.document_counts("province_code"))
    g = gazetteer()
    for r in by_level:
        r["name"] = labels.label(labels.LEVELS, r["key"])
    for r in by_year:
        r["name"] = f"{r['key']}年" if r["key"] is not None else "年份不详"
    for r in by_province:
        place = g.get(r["key"]) if r["key"] else None
        if r["key"] == NATION_CODE:
            r["name"] = f"{NATION}（国务院）"  # the national reports head the list
        else:
            r["name"] = place.name if place is not None else "省份不详"
        r["href"] = f"/regions/{r['key']}" if r["key"] else None
    by_province.sort(key=lambda r: r["key"] != NATION_CODE)
    charts = {
        "level": hbar_chart([(r["name"], r["count"], None) for r in by_level], title="各级别报告数", unit="篇"),
        "year": hbar_chart([(r["name"], r["count"], None) for r in by_year], title="各年份报告数", unit="篇"),
        "province": hbar_chart([(r["name"], r["count"], r["href"]) for r in by_province],
                               title="各省份报告数", unit="篇"),
    }
    reports = sum(r["count"] for r in by_level)
    tree = region_tree.build(views.records(corpus.region_counts()), g)
    latest = corpus.page("latest", limit=LATEST)
    return _render(request, "index.html", stats=stats, reports=reports, by_level=by_level, by_year=by_year,
                   by_province=by_province, charts=charts, tree=tree, latest=views.records(latest),
                   more_latest=int(latest.attrs["total"]) > LATEST)


@router.get("/reports", response_class=HTMLResponse)
def report_list(request: Request, page: Annotated[int, Query(ge=1, le=10**6)] = 1):
    """Every report, newest first, a page at a time: where the home page's "latest" list continues."""
    df = _corpus(request).page("latest", limit=PAGE_SIZE * 5, offset=(page - 1) * PAGE_SIZE * 5)
    total = int(df.attrs["total"])
    pages = max(1, math.ceil(total / (PAGE_SIZE * 5)))
    if page > pages:
        return _not_found(request, f"报告列表没有第 {page} 页")
    return _render(request, "reports.html", docs=views.records(df), total=total, page=page, pages=pages)


# -- region ------------------------------------------------------------------------------------------
def _resolve_region(key: str) -> tuple[str, Any]:
    """(page key, gazetteer place or None): a name the gazetteer resolves above town level becomes its code."""
    from ..regions import gazetteer
    from ..store.filters import region_code

    key = key.strip()
    g = gazetteer()
    if key.isdigit() and len(key) == 6 and g.get(key) is not None:
        return key, g.get(key)
    code = region_code(key)  # a former name or code leads to today's division's page
    return (code, g.get(code)) if code else (key, None)


@router.get("/regions/{key}", response_class=HTMLResponse)
def region(request: Request, key: str):
    """A region's reports, indicator timelines, targets against outcomes and projects."""
    page_key, place = _resolve_region(key)
    if page_key != key:
        return RedirectResponse(f"/regions/{page_key}", status_code=307)
    return _region(request, _corpus(request), key, page_key, place)


def _region(request: Request, corpus, key: str, page_key: str, place) -> HTMLResponse:
    """Every part read as plain rows (``Corpus.*_rows``), with the values the frames gave: a dozen
    frames built per request and turned back into rows were most of the page."""
    docs = corpus.document_rows(region=page_key)
    if not docs:
        return _not_found(request, f"未收录地区“{key}”的报告")
    own_docs = views.own_plain(docs, page_key)
    mine = {id(r) for r in own_docs}
    below = [r for r in docs if id(r) not in mine]
    name = place.name if place is not None else page_key
    if place is None and own_docs:
        name = next((r["region_name"] for r in own_docs if r["region_name"] is not None), page_key)
    # the region's own figures: not those of every place below it (a province has thousands)
    all_facts = corpus.facts_rows(region=page_key, below=False)  # read once: the timelines and the tracking
    facts = views.own_plain(all_facts, page_key)
    projects = views.own_plain(corpus.project_rows(region=page_key, below=False), page_key)
    # its former names (清苑县 on 清苑区's page), from the reports filed under them
    former_names = sorted({r["region_name"] for r in own_docs
                           if isinstance(r["region_name"], str) and r["region_name"] != name})
    periods = views.own_plain(corpus.facts_rows(kind="period", region=page_key, below=False), page_key)
    return _render(request, "region.html", key=page_key, name=name, place=place, former_names=former_names,
                   commitments=_commitments(corpus, page_key), attention=_attention(corpus, page_key),
                   level=place.level if place is not None else _first(own_docs, "level"),
                   parent=place.parent if place is not None else _first(own_docs, "parent"),
                   parents=views.parent_crumbs(place),
                   own_docs=_sorted_docs(own_docs), below_docs=_sorted_docs(below),
                   timelines=views.timelines(facts), track=_track(corpus, page_key, all_facts),
                   periods=periods, projects=projects, evidence=EVIDENCE)


def _commitments(corpus, key: str) -> list[dict[str, Any]]:
    """The region's own plan items with their status (stored at ingest: an index lookup at any size),
    by year, then report (a missing year last), as ``views.own_commitments`` orders its frame."""
    from ..store.commitments import stored_commitments
    from ..store.frame_like import like_frame

    rows = like_frame(stored_commitments(corpus, region=key, below=False))
    own = [r for r in rows if (r.get("region_code") if key.isdigit() else r.get("region")) == key]
    return sorted(own, key=lambda r: (r["year"] is None, r["year"] or 0,
                                      r["document_id"] is None, r["document_id"] or 0))


def _attention(corpus, key: str) -> dict[str, Any]:
    """Topics × years of the region's own reports, each cell with the sentences behind it."""
    rows = corpus.attention_rows(by="region-year", region=key, evidence=EVIDENCE, below=False)
    rows = [r for r in views.own_plain(rows, key) if r["report_year"] is not None]
    if not rows:
        return {"years": [], "topics": []}
    # grouped in Python (a frame per topic cost more than the page)
    years = sorted({int(r["report_year"]) for r in rows})
    top: dict[Any, Any] = {}
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for r in rows:
        if r["per_10k"] is not None:
            top[r["topic"]] = max(top.get(r["topic"], r["per_10k"]), r["per_10k"])
        groups.setdefault((r["topic"], r["topic_name"]), []).append(r)
    topics = []
    for (tid, tname), g in groups.items():
        by_year = {int(r["report_year"]): r for r in g}
        cells = []
        for y in years:
            r = by_year.get(y)
            cells.append(None if r is None else {
                "id": f"a-{tid}-{y}", "per_10k": r["per_10k"], "count": r["count"],
                "shade": (r["per_10k"] or 0) / top[tid] if top.get(tid) else 0.0,
                "evidence": [e["highlighted"] for e in (r.get("evidence") or [])]})
        topics.append({"id": tid, "name": tname, "cells": cells})
    return {"years": years, "topics": topics}


EVIDENCE = 5  # sentences kept behind each heat-map cell


def _first(rows: list[dict[str, Any]], col: str):
    return next((r[col] for r in rows if r.get(col) is not None), None)


def _sorted_docs(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Newest first (a report of unknown year last), then as stored."""
    return sorted(rows, key=lambda r: (-(r["report_year"] or 0), r["id"]))


def _track(corpus, key: str, facts: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """Targets against outcomes for the region itself (``corpus.track(region=key, below=False)``, over
    the facts the page has read); ``None`` where tracking is not installed."""
    try:
        rows = corpus.track_rows_of(facts)
    except ImportError:
        return None
    return views.own_plain(rows, key)


# -- report reader -----------------------------------------------------------------------------------
PAGE_PARAGRAPHS = 400  # a report of 10k–40k characters is one page; a compilation of thousands is paged
PAGE_CHARS = 150_000


def reader_pages(spans: list[tuple[int, int, int]], *, paragraphs: int = PAGE_PARAGRAPHS,
                 chars: int = PAGE_CHARS) -> list[tuple[int, int]]:
    """The reader's pages as ``(first, last)`` indexes into ``spans`` (paragraphs in text order): runs of
    at most ``paragraphs`` paragraphs and ``chars`` characters (a longer paragraph is a page of its own)."""
    pages, first, size = [], 0, 0
    for i, (_n, start, end) in enumerate(spans):
        if i > first and (i - first >= paragraphs or size + (end - start) > chars):
            pages.append((first, i - 1))
            first, size = i, 0
        size += end - start
    if spans:
        pages.append((first, len(spans) - 1))
    return pages


@router.get("/reports/{document_id}", response_class=HTMLResponse)
def report(request: Request, document_id: str, page: Annotated[int, Query(ge=1, le=10**6)] = 1,
           mark: str = ""):
    """A report's text with every target, actual and project marked where it stands.

    A long report comes a page at a time (``?page=N``); ``?mark=f12`` (a fact), ``j3`` (a
    project) or ``p7`` (a paragraph) answers with the page that holds it.
    """
    corpus = _corpus(request)
    if mark:
        return _report_mark(request, corpus, document_id, mark)
    return _report(request, corpus, document_id, page)


def _document(corpus, document_id: str) -> dict[str, Any] | None:
    return corpus.document(int(document_id)) if document_id.isdigit() and len(document_id) < 19 else None


OUTLINE_TOP = 200  # top-level headings listed on every page of a long report


def outline(sections: list[dict[str, Any]], page: int, pages: int) -> list[dict[str, Any]]:
    """What the outline lists: every section of a one-page report; of a long one, its top-level
    headings (when there are at most ``OUTLINE_TOP``) and every heading of the page shown, so that a
    page's cost does not grow with the whole report."""
    if pages <= 1 or not sections:
        return sections
    top = min(int(s["depth"]) for s in sections)
    n_top = sum(1 for s in sections if int(s["depth"]) == top)
    return [s for s in sections if s["page"] == page or (int(s["depth"]) == top and n_top <= OUTLINE_TOP)]


def _report_mark(request: Request, corpus, document_id: str, mark: str):
    """A redirect to the page of a long report that holds ``mark`` (f12, j3, p7), at the mark."""
    import re

    doc = _document(corpus, document_id)
    m = re.fullmatch(r"([fjpc])(\d{1,18})", mark)
    if doc is None or m is None:
        return _not_found(request, f"报告 {document_id} 中没有 {mark}")
    kind, n = m.group(1), int(m.group(2))
    spans = corpus.paragraph_spans(doc["id"])
    if kind == "p":
        at = next((i for i, s in enumerate(spans) if s[0] == n), None)
    elif kind == "c":  # a character of the file's text (a quoted sentence's start): its paragraph
        at = next((i for i, s in enumerate(spans) if s[1] <= n < s[2]), None)
    else:
        rows = (corpus.document_facts(doc["id"], kind=None) if kind == "f" else corpus.document_projects(doc["id"]))
        col = "fact_id" if kind == "f" else "project_id"
        hit = rows[rows[col] == n]
        start = int(hit["start"].iloc[0]) if not hit.empty else None
        at = None if start is None else next((i for i, s in enumerate(spans) if s[1] <= start < s[2]), None)
    if at is None:
        return _not_found(request, f"报告 {document_id} 中没有 {mark}")
    number = next(k for k, (lo, hi) in enumerate(reader_pages(spans), 1) if lo <= at <= hi)
    anchor = f"p{spans[at][0]}" if kind == "c" else mark
    return RedirectResponse(f"/reports/{doc['id']}?page={number}#{anchor}", status_code=307)


def _report(request: Request, corpus, document_id: str, page: int = 1) -> HTMLResponse:
    doc = _document(corpus, document_id)
    if doc is None:
        return _not_found(request, f"报告 {document_id} 不存在")
    spans = corpus.paragraph_spans(doc["id"])
    pages = reader_pages(spans)
    if page > max(1, len(pages)):
        return _not_found(request, f"报告 {document_id} 没有第 {page} 页")
    lo, hi = pages[page - 1] if pages else (0, -1)
    mine = spans[lo:hi + 1]
    start, end = (mine[0][1], mine[-1][2]) if mine else (0, 0)
    text = corpus.text_slice(doc["file_id"], start, end) if mine else ""
    facts = corpus.document_fact_rows(doc["id"], kind=("target", "actual", "period"), span=(start, end))
    projects = corpus.document_project_rows(doc["id"], span=(start, end))
    sections = corpus.section_rows(doc["id"])
    rows = [{"number": n, "start": a, "end": b} for n, a, b in mine]
    paragraphs = paragraphs_html(text, rows, sections, facts, projects, offset=start)
    # the outline covers every page: a heading's paragraph and the page it is on
    page_of = {}
    for k, (first, last) in enumerate(pages, 1):
        for n, a, _b in spans[first:last + 1]:
            page_of[a] = (n, k)
    for s in sections:
        s["paragraph"], s["page"] = page_of.get(int(s["heading_start"]), (None, None))
    sections = outline(sections, page, len(pages))
    counts = corpus.document_mark_counts(doc["id"])
    return _render(request, "report.html", doc=doc, paragraphs=paragraphs, sections=sections, counts=counts,
                   panel=panel_data(facts, projects), page=page, pages=len(pages) or 1)


# -- search ------------------------------------------------------------------------------------------
def _year(v: str | None) -> int | None:
    v = (v or "").strip()
    return int(v) if v.isdigit() and len(v) == 4 else None


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str = "", region: str = "", level: str = "", year_from: str = "",
           year_to: str = "", role: str = "", kind: str = "", page: int = 1):
    """Paragraphs containing the query, filtered, a page at a time, each with a citation into the reader."""
    from ..errors import GwrError

    q, page = q.strip(), max(1, page)
    form = {"q": q, "region": region.strip(), "level": level, "year_from": year_from, "year_to": year_to,
            "role": role, "kind": kind}
    hits, total, error = [], 0, None
    if q:
        lo, hi = _year(year_from), _year(year_to)
        try:
            df = _corpus(request).search(q, region=form["region"] or None, level=level or None,
                                         year=(lo, hi) if lo or hi else None, role=role or None,
                                         kind=kind or None, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
            hits, total = views.records(df), int(df.attrs.get("total", 0))
        except GwrError as e:
            error = str(e)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    params = [(k, v) for k, v in form.items() if v]
    lo, hi = _year(year_from), _year(year_to)
    export = [(k, form[k]) for k in ("q", "region", "level", "role", "kind") if form[k]]
    if lo or hi:
        export.append(("year", f"{lo or ''}-{hi or ''}" if lo != hi else str(lo)))
    return _render(request, "search.html", form=form, hits=hits, total=total, page=page, pages=pages, export=export,
                   params=params, error=error, page_size=PAGE_SIZE)


# -- comparison --------------------------------------------------------------------------------------
@router.get("/compare", response_class=HTMLResponse)
def compare(request: Request, indicator: str = "gdp", region: Annotated[list[str] | None, Query()] = None,
            measure: str = "value", kind: str = "actual", level: str = ""):
    """Regions × years for one indicator: its value or its growth, as the reports state them."""
    from ..indicators import taxonomy

    measure = measure if measure in labels.MEASURES else "value"
    kind = kind if kind in ("actual", "target") else "actual"
    regions = [r.strip() for r in region or [] if r.strip()]
    found = taxonomy().get(indicator)
    shown = []
    if found is not None:  # the statements Corpus.compare would pivot, as plain rows
        shown = _corpus(request).compare_shown(indicators=[indicator], regions=regions or None, level=level or None,
                                               kind=kind,
                                               measure="growth_pct" if measure == "growth_pct" else "value_base")
    years, rows, unit = views.comparison_table(shown, indicator, measure, found.dimension if found else None)
    title = f"{labels.indicator_name(indicator)}：{labels.MEASURES[measure]}"
    export = [("indicator", indicator), *[("region", r) for r in regions], ("kind", kind),
              ("measure", "growth_pct" if measure == "growth_pct" else "value_base"), *([("level", level)] if level else [])]
    return _render(request, "compare.html", indicator=indicator, found=found, regions=regions, measure=measure,
                   export=export,
                   kind=kind, level=level, years=years, rows=rows, unit=unit, title=title,
                   chart=views.comparison_chart(years, rows, title, unit), choices=labels.indicator_choices())


# -- attention heat map --------------------------------------------------------------------------------
@router.get("/attention", response_class=HTMLResponse)
def attention(request: Request, year: str = "", level: str = "", measure: str = "per_10k"):
    """Regions × topics: how much each region's reports attend to each topic (docs/ATTENTION.md)."""
    measure = measure if measure in views.ATTENTION_MEASURES else "per_10k"
    y = _year(year)
    df = _corpus(request).attention(by="region-year", level=level or None, year=y)
    topics, rows = views.attention_grid(df, measure)
    years = sorted({int(v) for v in df["report_year"].dropna()}, reverse=True) if not df.empty else []
    return _render(request, "attention.html", topics=topics, rows=rows, year=y, level=level, measure=measure,
                   years=years, measures=views.ATTENTION_MEASURES, version=df.attrs.get("version"),
                   export=[("by", "region-year"), *([("year", y)] if y else []), *([("level", level)] if level else [])],
                   skipped=df.attrs.get("skipped", 0))


@router.get("/attention/cell", response_class=HTMLResponse)
def attention_cell(request: Request, region: str = "", year: str = "", topic: str = ""):
    """The sentences behind one heat-map cell (a region's reports of one year, one topic), each a link
    to its place in the reader; the same rows as JSON from ``/api/attention`` and as a file."""
    from ..attention import load

    y, key = _year(year), region.strip()
    topics = {t.id: t.name for t in load("gwr").topics}
    if not key or y is None or topic not in topics:
        return _not_found(request, "注意力格子需要地区、年份和主题")
    corpus = _corpus(request)
    summary = views.records(corpus.attention(by="region-year", topics=[topic], region=key, year=y, below=False))
    docs = views.records(corpus.attention(by="document", topics=[topic], region=key, year=y, evidence=EVIDENCE,
                                          below=False))
    if not docs:
        return _not_found(request, f"没有{key}{y}年的报告")
    query = [("topic", topic), ("year", y), ("region", key)]
    return _render(request, "attention_cell.html", key=key, year=y, topic=topic, topic_name=topics[topic],
                   name=next((d["region_name"] for d in docs if d.get("region_name")), key),
                   summary=summary[0] if summary else None, docs=docs, parts=views.evidence_parts, limit=EVIDENCE,
                   json_link=[("by", "document"), *query, ("below", "false"), ("evidence", EVIDENCE)],
                   export=[("by", "document"), *query, ("below", "false"), ("evidence", EVIDENCE),
                           ("rows", "sentence")])


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """No icon: answer at once instead of rendering a 404 page for every browser visit."""
    return Response(status_code=204)
