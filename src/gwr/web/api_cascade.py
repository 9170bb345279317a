"""``/api/cascade`` (a target down the levels) and ``/api/statistics`` (imported official figures).

Registered on the API's own router (``gwr.web.api`` imports this module before
its catch-all route), so they share its error handling, and the schema tests
cover them like every other endpoint.  Thin: one ``Corpus`` call each.
"""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request
from pydantic import BaseModel, ConfigDict, Field

from ..errors import GwrError
from .api import _404, TEXT, Indicator, Limit, Offset, Region, Year, corpus, plain_deep, router, sliced, years
from .api_errors import ApiError


class CascadeLevel(BaseModel):
    """One level (or one child): its target, outcome, official statistic and difference from above."""

    model_config = ConfigDict(extra="allow")
    level: str | None = None
    region_code: str | None = None
    region_name: str | None = None
    status: str = Field(description="found, no_target (report stored, no such target) or missing (no report)")
    target: float | None = None
    target_low: float | None = None
    target_high: float | None = None
    qualifier: str | None = None
    target_quote: str | None = None
    target_document_id: int | None = None
    target_fact_id: int | None = None
    outcome: float | None = None
    statistic: float | None = None
    diff: float | None = Field(None, description="against the level above (chain) or the parent (children)")
    diff_unit: str | None = None
    higher: bool | None = None


class Cascade(BaseModel):
    indicator: str
    year: int
    region: str
    children: bool
    items: list[CascadeLevel] = Field(description="the chain, top first; or the children, by code")
    parent: CascadeLevel | None = Field(None, description="with children: the region's own level")
    summary: dict[str, Any] | None = Field(None, description="with children: counts and share_higher (层层加码)")


class Statistic(BaseModel):
    model_config = ConfigDict(extra="allow")
    region_code: str
    region_name: str
    year: int
    indicator: str
    measure: str
    value: float
    unit: str | None = None
    source: str | None = None
    file_name: str
    file_sha256: str
    line: int
    imported_at: str


class StatisticsPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[Statistic]


_IndicatorId = Annotated[str, Query(min_length=1, max_length=100, pattern=TEXT, description="indicator id (gdp, …)")]


@router.get("/cascade", response_model=Cascade, responses=_404, summary="A target down the levels, or a region's children against it")
def cascade(request: Request, indicator: _IndicatorId,
            year: Annotated[int, Query(ge=1949, le=2100, description="the year the targets are for")],
            region: Annotated[str, Query(min_length=1, max_length=100, pattern=TEXT,
                                         description="name (today's or as it was) or 6-digit code")],
            children: Annotated[bool, Query(description="the region's children against its target")] = False):
    """The nation's, the province's, the prefecture's and the region's targets for ``year`` (docs/CASCADE.md);
    a level whose report is not stored has ``status: missing``.  An unknown region or indicator is a 404."""
    try:
        df = corpus(request).cascade(indicator=indicator, year=year, region=region, children=children)
    except GwrError as e:  # no such region (or one below county level) or indicator: nothing to chain
        raise ApiError(404, "not_found", e.message) from None
    items = [plain_deep(r) for r in df.to_dict("records")]
    out: dict[str, Any] = {"indicator": indicator, "year": year, "region": region, "children": children,
                           "items": items}
    if children:
        out["parent"] = plain_deep(df.attrs["parent"])
        out["summary"] = plain_deep(df.attrs["summary"])
    return out


@router.get("/statistics", response_model=StatisticsPage, summary="Official figures imported with gwr outcomes import")
def statistics(request: Request, region: Region = None, indicator: Indicator = None, year: Year = None,
               limit: Limit = 50, offset: Offset = 0):
    """Each with its provenance: file name, sha256, line, source, time of import."""
    df = corpus(request).statistics(region=region, indicator=indicator, year=years(year))
    # the imported file by its name: its path on the server is not a client's business
    return sliced([plain_deep({k: v for k, v in r.items() if k != "file_path"}) for r in df.to_dict("records")],
                  limit, offset)
