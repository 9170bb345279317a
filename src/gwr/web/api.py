"""The REST API under ``/api``: a thin shell over ``gwr.store.corpus.Corpus``.

Each handler parses its query parameters, calls one ``Corpus`` method and
turns the DataFrame into the response model of ``api_models`` (``NaN`` and
``NA`` become ``null``; ``start``/``end`` become ``span``).  Every list is a
page (``limit``, ``offset``, ``total``), and every error is JSON
(``api_errors``).  Handlers are plain ``def`` functions: FastAPI runs them on
its thread pool, where the blocking SQLAlchemy calls belong.
"""
from __future__ import annotations

import math
import os
import tempfile
from typing import Annotated, Any, Literal

import pandas as pd
from fastapi import APIRouter, FastAPI, Path, Query, Request
from pydantic import StringConstraints
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from ..store.corpus import Corpus
from ..store.filters import YearSpec, parse_years, region_code
from . import api_models as m
from .api_errors import ApiError, JSONErrorRoute, bad_filter, unmatched
from .api_upload import receive
from .views import evidence_rows, own_commitments, own_rows

MAX_LIMIT = 500
MAX_OFFSET = 10_000_000
_E = {"model": m.ErrorResponse}
router = APIRouter(prefix="/api", route_class=JSONErrorRoute,
                   responses={400: _E | {"description": "Bad filter"}, 422: _E | {"description": "Invalid parameter"},
                              500: _E | {"description": "Unexpected error"}})
_404 = {404: _E | {"description": "No such row"}}

# -- parameters shared by the endpoints ------------------------------------------------------------
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size (at most {MAX_LIMIT})")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]
TEXT = r"^[^\x00]*$"  # PostgreSQL refuses NUL in text: refused as invalid on both dialects alike
_Y = r"(?:19|20)\d\d"
YEARS = rf"^\s*(?:{_Y}(?:\s*,\s*{_Y})*|(?:{_Y})?\s*-\s*(?:{_Y})?)\s*$"  # 2018 · 2017-2020 · 2017- · -2020 · 2016,2018
Region = Annotated[str | None, Query(max_length=100, pattern=TEXT, description="name (湖南省) or 6-digit code; includes every "
                                                                 "place below it")]
Level = Annotated[str | None, Query(max_length=200, pattern=TEXT, description="province, prefecture, county, district, town, "
                                                                "…; comma-separated for several")]
# one region of a repeated parameter: the same constraints as ``region`` (a NUL or 300 characters is a 422)
RegionItem = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=TEXT)]
Year = Annotated[str | None, Query(max_length=100, pattern=YEARS, description="2018, 2017-2020, 2017-, -2020 or 2016,2018")]
Kind = Annotated[str | None, Query(max_length=200, pattern=TEXT, description="document kind(s), comma-separated: official_report, "
                                                               "report_excerpt, commentary, news, boilerplate")]
Indicator = Annotated[str | None, Query(max_length=500, pattern=TEXT, description="indicator id(s), comma-separated (gdp, …)")]
Duplicates = Annotated[bool, Query(description="include near-duplicate copies of a report")]
DocumentId = Annotated[int, Path(ge=1, le=2**62)]
FileId = Annotated[int, Path(ge=1, le=2**62)]


def years(spec: str | None) -> YearSpec:
    """The CLI's year spelling (``YEARS`` has let only that through; a parse error is still a 400)."""
    hint = "expected a year (2018), a range (2017-2020, 2017-, -2020) or a list (2016,2018)"
    try:
        parsed = parse_years(spec)
    except ValueError:
        raise bad_filter(f"year {spec!r}: {hint}") from None
    return parsed


def corpus(request: Request) -> Corpus:
    return request.app.state.corpus


# -- DataFrames to JSON ----------------------------------------------------------------------------
def plain(v: Any) -> Any:
    """A JSON-ready scalar: NaN, NA and NaT become None, numpy numbers Python numbers."""
    if v is None or isinstance(v, (str, bool, list, dict)):
        return v
    if isinstance(v, float):
        return None if math.isnan(v) or math.isinf(v) else v
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        return v
    return v.item() if hasattr(v, "item") else v


def row(r: dict[str, Any]) -> dict[str, Any]:
    out = {k: plain(v) for k, v in r.items()}
    for prefix in ("", "heading_"):
        if f"{prefix}start" in out and f"{prefix}end" in out:
            out[f"{prefix}span"] = (out.pop(f"{prefix}start"), out.pop(f"{prefix}end"))
    return out


def rows(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [row(r) for r in df.to_dict("records")]


def page(items: list[dict[str, Any]], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"total": int(total), "limit": limit, "offset": offset, "items": items}


def sliced(items: list[dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    """A page of rows computed whole (tracking, checks, a document's paragraphs)."""
    return page(items[offset:offset + limit], len(items), limit, offset)


def frame_page(df: pd.DataFrame, limit: int, offset: int) -> dict[str, Any]:
    """A page of rows computed whole (tracking, checks, commitments, attention): only the page's rows
    are turned into JSON values (a province's tracking has thousands)."""
    part = df.iloc[offset:offset + limit] if len(df) else df
    return page([{k: plain_deep(v) for k, v in r.items()} for r in part.to_dict("records")], len(df), limit, offset)


def db_page(request: Request, what: str, limit: int, offset: int, **filters: Any) -> dict[str, Any]:
    df = corpus(request).page(what, limit=limit, offset=offset, **filters)
    return page(rows(df), df.attrs["total"], limit, offset)


def the_document(request: Request, document_id: int) -> dict[str, Any]:
    doc = corpus(request).document(document_id)
    if doc is None:
        raise ApiError(404, "not_found", f"no document {document_id}")
    return row(doc)


# -- files and documents ---------------------------------------------------------------------------
@router.get("/files", response_model=m.Page[m.File], summary="Stored files")
def list_files(request: Request, limit: Limit = 50, offset: Offset = 0):
    return db_page(request, "files", limit, offset)


@router.get("/files/{file_id}", response_model=m.File, responses=_404, summary="One stored file")
def get_file(request: Request, file_id: FileId):
    f = corpus(request).file(file_id)
    if f is None:
        raise ApiError(404, "not_found", f"no file {file_id}")
    return row(f)


@router.get("/files/{file_id}/text", response_model=m.Text, responses=_404,
            summary="The text every span of a file points into (or a part of it)")
def file_text(request: Request, file_id: FileId,
              start: Annotated[int, Query(ge=0, le=2**31, description="span start (clipped to the text)")] = 0,
              end: Annotated[int | None, Query(ge=0, le=2**31, description="default: the end")] = None):
    if corpus(request).file(file_id) is None:
        raise ApiError(404, "not_found", f"no file {file_id}")
    text = corpus(request).text(file_id)
    start = min(start, len(text))  # cut as Python slices: out of range gives less text, not an error
    end = len(text) if end is None else max(start, min(end, len(text)))
    return {"file_id": file_id, "span": (start, end), "n_chars": len(text), "text": text[start:end]}


@router.get("/documents", response_model=m.Page[m.Document], summary="Reports and other documents")
def list_documents(request: Request, region: Region = None, level: Level = None, year: Year = None,
                   kind: Kind = None, duplicates: Duplicates = False, limit: Limit = 50, offset: Offset = 0):
    """``year`` is the report year (the year whose targets a report sets)."""
    return db_page(request, "documents", limit, offset, region=region, level=level, year=years(year), kind=kind,
                   duplicates=duplicates)


@router.get("/documents/{document_id}", response_model=m.DocumentDetail, responses=_404,
            summary="One document with its sections")
def get_document(request: Request, document_id: DocumentId):
    doc = the_document(request, document_id)
    doc["sections"] = rows(corpus(request).sections(document_id))
    return doc


@router.get("/documents/{document_id}/sections", response_model=m.Page[m.Section], responses=_404,
            summary="A document's section tree, in reading order")
def document_sections(request: Request, document_id: DocumentId, limit: Limit = MAX_LIMIT, offset: Offset = 0):
    the_document(request, document_id)
    return sliced(rows(corpus(request).sections(document_id)), limit, offset)


@router.get("/documents/{document_id}/paragraphs", response_model=m.Page[m.Paragraph], responses=_404,
            summary="A document's paragraphs with their text")
def document_paragraphs(request: Request, document_id: DocumentId, limit: Limit = 100, offset: Offset = 0):
    doc = the_document(request, document_id)
    df = corpus(request).paragraphs(document_id, limit=limit, offset=offset)
    return page(rows(df), len(corpus(request).paragraph_spans(doc["id"])), limit, offset)


@router.get("/documents/{document_id}/text", response_model=m.Text, responses=_404,
            summary="A document's text: its span of its file's text")
def document_text(request: Request, document_id: DocumentId):
    doc = the_document(request, document_id)
    start, end = doc["span"]
    text = corpus(request).text(doc["file_id"])
    return {"file_id": doc["file_id"], "span": (start, end), "n_chars": len(text), "text": text[start:end]}


# -- facts and projects ----------------------------------------------------------------------------
FactKind = Annotated[str, Query(max_length=100, pattern=TEXT, description="target, actual, other; comma-separated")]


@router.get("/facts", response_model=m.Page[m.Fact], summary="Figures with region, report and quote")
def list_facts(request: Request, kind: FactKind = "target,actual", indicator: Indicator = None,
               region: Region = None, level: Level = None,
               year: Annotated[str | None, Query(max_length=100, pattern=YEARS, description="the year a figure is about "
                                                 "(2018, 2017-2020, 2017-, -2020, 2016,2018)")] = None,
               report_year: Year = None, duplicates: Duplicates = False, limit: Limit = 50, offset: Offset = 0):
    return db_page(request, "facts", limit, offset, kind=kind, indicator=indicator, region=region, level=level,
                   year=years(year), report_year=years(report_year), duplicates=duplicates)


def _kind_endpoint(kind: str):
    def endpoint(request: Request, indicator: Indicator = None, region: Region = None, level: Level = None,
                 year: Year = None, report_year: Year = None, duplicates: Duplicates = False,
                 limit: Limit = 50, offset: Offset = 0):
        return db_page(request, kind + "s", limit, offset, indicator=indicator, region=region, level=level,
                       year=years(year), report_year=years(report_year), duplicates=duplicates)
    endpoint.__name__ = f"list_{kind}s"
    endpoint.__doc__ = f"Facts of kind {kind}; ``year`` is the year a figure is about."
    return endpoint


router.get("/targets", response_model=m.Page[m.Fact], summary="Main expected targets (主要预期目标)")(
    _kind_endpoint("target"))
router.get("/actuals", response_model=m.Page[m.Fact], summary="Results of the review year")(
    _kind_endpoint("actual"))
router.get("/periods", response_model=m.Page[m.Fact],
           summary="Results covering several years (五年累计, 年均增长): period_start–period_end and measure")(
    _kind_endpoint("period"))


@router.get("/projects", response_model=m.Page[m.Project], summary="Projects with investment and stage")
def list_projects(request: Request, region: Region = None, level: Level = None, year: Year = None,
                  stage: Annotated[str | None, Query(max_length=100, pattern=TEXT, description="签约, 开工, 投产, …")] = None,
                  duplicates: Duplicates = False, limit: Limit = 50, offset: Offset = 0):
    return db_page(request, "projects", limit, offset, region=region, level=level, year=years(year), stage=stage,
                   duplicates=duplicates)


# -- analysis --------------------------------------------------------------------------------------
@router.get("/search", response_model=m.SearchPage[m.SearchHit], summary="Paragraphs containing a string")
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=200, pattern=TEXT, description="exact string")],
           region: Region = None, level: Level = None, year: Year = None,
           role: Annotated[str | None, Query(max_length=100, pattern=TEXT, description="section role(s): review, problems, "
                                             "plan, targets, self_government, other")] = None,
           kind: Kind = None, limit: Limit = 20, offset: Offset = 0):
    """Best first; ``year`` is the report year; each hit has a snippet, a citation and its span."""
    spec = years(year)
    if isinstance(spec, tuple):  # the index takes closed ranges of at most two centuries: YEARS allows 1900-2099
        spec = (spec[0] or 1900, spec[1] or 2099)
        if spec[0] > spec[1]:
            return page([], 0, limit, offset) | {"query": q, "total_is_estimate": False}
    df = corpus(request).search(q, region=region, level=level, year=spec, role=role, kind=kind,
                                limit=limit, offset=offset)
    out = page(rows(df), df.attrs["total"], limit, offset)
    return out | {"query": q, "total_is_estimate": bool(df.attrs.get("total_is_estimate"))}


@router.get("/track", response_model=m.Page[m.Tracked], summary="Targets against later outcomes")
def track(request: Request, indicator: Indicator = None, region: Region = None, level: Level = None,
          year: Year = None, limit: Limit = 50, offset: Offset = 0):
    """Each region's target for a year against the outcome the next report gives (docs/TRACKING.md)."""
    items = corpus(request).track_rows(indicator=indicator, region=region, level=level, year=years(year))
    return page([{k: plain_deep(v) for k, v in r.items()} for r in items[offset:offset + limit]], len(items),
                limit, offset)


@router.get("/check", response_model=m.Page[m.Flag], summary="Figures that do not add up")
def check(request: Request, indicator: Indicator = None, region: Region = None, level: Level = None,
          year: Year = None, limit: Limit = 50, offset: Offset = 0):
    df = corpus(request).check(indicator=indicator, region=region, level=level, year=years(year))
    return frame_page(df, limit, offset)


@router.get("/commitments", response_model=m.Page[m.Commitment], summary="Quantified plan items and their outcomes")
def commitments(request: Request, region: Region = None, year: Year = None, limit: Limit = 50, offset: Offset = 0):
    """Each quantified item of a plan (新增学位3000个 …) with the next year's outcome and a status
    (done, short, no_outcome; null when the next report is not stored)."""
    df = corpus(request).commitments(region=region, year=years(year))
    return frame_page(df, limit, offset)


def _shipped_topics() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The dictionaries shipped with gwr and their topic ids, for the schema's enums."""
    from ..attention import builtin_names, load

    names = tuple(builtin_names())
    return names, tuple(dict.fromkeys(t.id for n in names for t in load(n).topics))


_DICTIONARIES, _TOPICS = _shipped_topics()


@router.get("/attention", response_model=m.AttentionPage, responses=_404, summary="Topic attention indices")
def attention(request: Request, by: Literal["document", "section", "region-year"] = "region-year",
              topic: Annotated[list[Literal[_TOPICS]] | None, Query(max_length=50, description="topic id; repeat "
                                                                    "for several (default: every topic)")] = None,
              dictionary: Annotated[Literal[_DICTIONARIES], Query(description="a dictionary shipped with gwr "
                                                                  "(a server reads no file a client names)")] = "gwr",
              region: Region = None, level: Level = None, year: Year = None, kind: Kind = None,
              evidence: Annotated[int, Query(ge=0, le=10, description="sentences behind each row")] = 0,
              below: Annotated[bool, Query(description="with ``region``: include the places below it")] = True,
              limit: Limit = 50, offset: Offset = 0):
    """Counts of each topic's terms, per 10,000 characters and share of sentences, per document, section
    role or region-year (rules: docs/ATTENTION.md); ``kind`` defaults to reports and excerpts."""
    from ..attention import REPORT_KINDS, DictionaryError, load

    try:
        d = load(dictionary).select(list(dict.fromkeys(topic or [])))
    except DictionaryError as e:  # a topic of another shipped dictionary
        raise ApiError(404, "not_found", e.message) from None
    kinds = [k.strip() for k in kind.split(",") if k.strip()] if kind else REPORT_KINDS
    df = corpus(request).attention(d, by=by, region=region, level=level, year=years(year), kind=kinds,
                                   evidence=evidence, below=below)
    return frame_page(df, limit, offset) | {"by": by, "dictionary": d.name, "version": d.version,
                                           "skipped_documents": int(df.attrs.get("skipped", 0))}


def plain_deep(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: plain_deep(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain_deep(x) for x in v]
    return plain(v)


Measure = Literal["value", "value_base", "growth_pct"]


@router.get("/compare", response_model=m.Page[m.ComparisonRow], summary="Regions × indicators × years")
def compare(request: Request,
            indicator: Annotated[list[str], Query(min_length=1, max_length=20, description="indicator id; repeat "
                                                  "for several")],
            region: Annotated[list[RegionItem] | None, Query(max_length=50, description="name (湖南省) or 6-digit "
                                                              "code; repeat for several")] = None,
            level: Level = None, year: Year = None, kind: Literal["actual", "target"] = "actual",
            measure: Measure = "value", limit: Limit = MAX_LIMIT, offset: Offset = 0):
    """One row per region, indicator and year; a figure several reports state is the latest report's."""
    table = compare_rows(corpus(request), indicator, region, level, years(year), kind, measure)
    return sliced(table, limit, offset)


def compare_rows(c: Corpus, indicators: list[str], regions: list[str] | None, level: str | None,
                 year: YearSpec, kind: str, measure: str) -> list[dict[str, Any]]:
    df = c.compare(indicators=indicators, regions=regions, level=level, year=year, kind=kind, measure=measure)
    out = []
    for region, values in df.iterrows():
        for (ind, y), v in values.items():
            v = plain(v)
            if v is not None:
                out.append({"region": region, "indicator": ind, "year": int(y), "measure": measure, "value": v})
    return out


@router.get("/stats", response_model=m.Stats, summary="Counts of what is stored")
def stats(request: Request):
    return corpus(request).stats()


# -- export ----------------------------------------------------------------------------------------
ExportTable = Literal["files", "documents", "facts", "targets", "actuals", "periods", "projects", "track", "checks",
                      "commitments"]
ExportFormat = Literal["csv", "parquet", "xlsx", "json"]
MEDIA = {"csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "json": "application/json"}
_FILE = {200: {"description": "the file", "content": {t: {} for t in MEDIA.values()}}}


@router.get("/export/compare.{fmt}", response_class=FileResponse, responses=_FILE,
            summary="Regions × (indicator, year) as a file, one column per indicator and year")
def export_compare(request: Request, fmt: ExportFormat,
                   indicator: Annotated[str, Query(min_length=1, max_length=500, pattern=TEXT,
                                                   description="indicator id(s), comma-separated")],
                   region: Annotated[list[RegionItem] | None, Query(max_length=50, description="name (湖南省) or "
                                                                     "6-digit code; repeat for several")] = None,
                   level: Level = None, year: Year = None,
                   kind: Literal["actual", "target"] = "actual", measure: Measure = "value"):
    """The comparison page's table as a file: several ``region`` as on that page (its "下载 CSV" link)."""
    indicators = [i.strip() for i in indicator.split(",") if i.strip()]
    df = corpus(request).compare(indicators=indicators, regions=region or None, level=level,
                                 year=years(year), kind=kind, measure=measure)
    return file_response(df, "compare", fmt)


@router.get("/export/attention.{fmt}", response_class=FileResponse, responses=_FILE,
            summary="Topic attention indices as a file")
def export_attention(request: Request, fmt: ExportFormat,
                     by: Literal["document", "section", "region-year"] = "region-year",
                     topic: Annotated[list[Literal[_TOPICS]] | None, Query(max_length=50, description="topic id; "
                                                                           "repeat for several")] = None,
                     region: Region = None, level: Level = None, year: Year = None,
                     below: Annotated[bool, Query(description="with ``region``: include the places below it")] = True,
                     evidence: Annotated[int, Query(ge=0, le=10, description="sentences behind each row")] = 0,
                     rows: Annotated[Literal["unit", "sentence"], Query(description="one row per unit (document, "
                                     "section, region-year) or per sentence of its evidence")] = "unit"):
    """Every row of ``/api/attention`` (gwr's dictionary, reports and excerpts), no paging: the
    "下载 CSV" links of the attention page, of a region's heat map (``region``, ``below=false``) and of
    a heat-map cell's sentences (``rows=sentence``: quote and span of each sentence listed)."""
    df = corpus(request).attention(by=by, topics=list(dict.fromkeys(topic or [])) or None, region=region,
                                   level=level, year=years(year), below=below,
                                   evidence=max(evidence, 1) if rows == "sentence" else evidence)
    if region and not below and not df.empty:  # the region's own rows, as its page shows them
        df = own_rows(df, region_code(region) or region)
    return file_response(evidence_rows(df) if rows == "sentence" else df, "attention", fmt)


SEARCH_EXPORT_ROWS = 10_000


@router.get("/export/search.{fmt}", response_class=FileResponse, responses=_FILE,
            summary="Search hits as a file")
def export_search(request: Request, fmt: ExportFormat,
                  q: Annotated[str, Query(min_length=1, max_length=200, pattern=TEXT, description="exact string")],
                  region: Region = None, level: Level = None, year: Year = None,
                  role: Annotated[str | None, Query(max_length=100, pattern=TEXT, description="section role(s)")] = None,
                  kind: Kind = None):
    """The hits of ``/api/search`` (best first, at most 10,000) with the same filters: the search page's
    "下载 CSV" link, so a reader can take the paragraphs they found to a spreadsheet."""
    spec = years(year)
    if isinstance(spec, tuple):
        spec = (spec[0] or 1900, spec[1] or 2099)
    df = corpus(request).search(q, region=region, level=level, year=spec, role=role, kind=kind,
                                limit=SEARCH_EXPORT_ROWS, offset=0)
    return file_response(df, "search", fmt)


@router.get("/export/timelines.{fmt}", response_class=FileResponse, responses=_FILE,
            summary="A region's indicator timelines as a file")
def export_timelines(request: Request, fmt: ExportFormat,
                     region: Annotated[str, Query(min_length=1, max_length=100, pattern=TEXT,
                                                  description="name (湖南省) or 6-digit code")],
                     indicator: Indicator = None):
    """The figures of a region page's indicator cards, one row each (the target and the outcome the card
    shows for a year, and the outcome's other statements), with quote and span: its "下载 CSV" links."""
    from .views import timeline_rows, timelines

    key = region_code(region) or region.strip()
    facts = own_rows(corpus(request).facts(region=key, below=False), key)
    df = timeline_rows(timelines(facts))
    if indicator:
        df = df[df["indicator"].isin([i.strip() for i in indicator.split(",")])]
    return file_response(df, "timelines", fmt)


@router.get("/export/cascade.{fmt}", response_class=FileResponse, responses=_FILE | _404,
            summary="A target down the levels, or a region's children against it, as a file")
def export_cascade(request: Request, fmt: ExportFormat,
                   indicator: Annotated[str, Query(min_length=1, max_length=100, pattern=TEXT, description="indicator id")],
                   year: Annotated[int, Query(ge=1949, le=2100, description="the year the targets are for")],
                   region: Annotated[str, Query(min_length=1, max_length=100, pattern=TEXT,
                                                description="name (today's or as it was) or 6-digit code")],
                   children: Annotated[bool, Query(description="the region's children against its target")] = False):
    """Every row of ``/api/cascade`` (levels without a stored report included, ``status: missing``):
    the cascade page's "下载 CSV" link, with each target's quote and its report."""
    from ..errors import GwrError

    try:
        df = corpus(request).cascade(indicator=indicator, year=year, region=region, children=children)
    except GwrError as e:
        raise ApiError(404, "not_found", e.message) from None
    return file_response(df, "cascade", fmt)


@router.get("/export/counts.{fmt}", response_class=FileResponse, responses=_FILE,
            summary="How many reports per level, year or province, as a file")
def export_counts(request: Request, fmt: ExportFormat,
                  by: Literal["level", "report_year", "province_code", "region"] = "level"):
    """The home page's tables (``region``: one row per region and what places it in the tree)."""
    c = corpus(request)
    return file_response(c.region_counts() if by == "region" else c.document_counts(by), f"counts-{by}", fmt)


@router.get("/export/{table}.{fmt}", response_class=FileResponse, responses=_FILE, summary="A whole table as a file")
def export(request: Request, table: ExportTable, fmt: ExportFormat, region: Region = None, level: Level = None,
           year: Year = None, indicator: Indicator = None,
           below: Annotated[bool, Query(description="with ``region``: include the places below it (false: the "
                                                    "region's own rows, as its dashboard page shows them; "
                                                    "documents, facts, targets, actuals, periods, projects, track, "
                                                    "commitments)")] = True):
    """Every matching row (no paging) for Stata, R, Excel or pandas."""
    df = export_frame(corpus(request), table, region, level, years(year), indicator, below=below)
    return file_response(df, table, fmt)


def file_response(df: pd.DataFrame, name: str, fmt: str) -> FileResponse:
    """Written by ``gwr.store.export`` to a temporary file, streamed, then deleted."""
    from ..store.export import write

    fd, tmp = tempfile.mkstemp(prefix="gwr-export-", suffix=f".{fmt}")
    os.close(fd)
    try:
        write(df, tmp, fmt)
    except BaseException:
        os.unlink(tmp)
        raise
    return FileResponse(tmp, media_type=MEDIA[fmt], filename=f"{name}.{fmt}",
                        background=BackgroundTask(os.unlink, tmp))


def export_frame(c: Corpus, table: str, region, level, year, indicator, below: bool = True) -> pd.DataFrame:
    indicators = [i.strip() for i in indicator.split(",") if i.strip()] if indicator else None
    if table == "files":
        return c.files()
    if table == "documents":
        docs = c.documents(region=region, level=level, year=year)
        return own_rows(docs, region_code(region) or region) if region and not below and not docs.empty else docs
    if table == "commitments":
        df = c.commitments(region=region, year=year, below=below)
        return own_commitments(df, region_code(region) or region) if region and not below else df
    if table in ("facts", "targets", "actuals", "periods"):
        kind = {"facts": ("target", "actual", "period"), "targets": "target", "actuals": "actual",
                "periods": "period"}[table]
        return c.facts(kind=kind, indicator=indicators, region=region, level=level, year=year, below=below)
    if table == "projects":
        return c.projects(region=region, level=level, year=year, below=below)
    if table == "track":
        return c.track(indicator=indicators, region=region, level=level, year=year, below=below)
    return c.check(indicator=indicators, region=region, level=level, year=year)


# -- upload ----------------------------------------------------------------------------------------
_UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["files"],
    "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}}}}}}}


@router.post("/files", response_model=m.UploadResult, openapi_extra=_UPLOAD_BODY,
             summary="Upload report files to ingest (needs the server's token)",
             responses={401: _E | {"description": "No bearer token"},
                        403: _E | {"description": "Read-only server or wrong token"},
                        411: _E | {"description": "No Content-Length"},
                        413: _E | {"description": "Upload too large"},
                        415: _E | {"description": "Unsupported file type"}})
async def upload(request: Request):
    """Multipart field ``files``: one or more .txt .md .html .htm .docx .pdf; one outcome per file:
    added, unchanged, replaced or failed with the reason.  ``Authorization: Bearer <token>`` required."""
    return await receive(request)


from . import api_cascade  # noqa: E402,F401 - /api/cascade and /api/statistics, before the catch-all

router.api_route("/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
                 include_in_schema=False)(unmatched(router.routes))


def install(app: FastAPI) -> None:
    app.include_router(router)
