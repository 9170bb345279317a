"""Response bodies of the REST API, declared once so that ``/openapi.json`` says exactly what comes back.

Names follow the Python API's DataFrame columns (``gwr.store.corpus``), except
that every ``start``/``end`` pair is a ``span`` as in the extraction contract
(``[start, end)`` into the text ``GET /api/files/{id}/text`` returns), and
unknown values are ``null``, never ``NaN``.
"""
from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")
Span = Annotated[list[int], Field(min_length=2, max_length=2, description="[start, end) in the file's text")]


class ErrorBody(BaseModel):
    code: str = Field(description="stable, greppable: not_found, validation_error, bad_filter, unauthorized, "
                                  "forbidden, payload_too_large, unsupported_media_type, internal_error, "
                                  "or a gwr error code such as E700")
    message: str
    details: list[dict[str, Any]] | None = Field(None, description="per-field problems of a 422")


class ErrorResponse(BaseModel):
    error: ErrorBody


class Page(BaseModel, Generic[T]):
    total: int = Field(description="every match, not just this page")
    limit: int
    offset: int
    items: list[T]


class SearchPage(Page[T], Generic[T]):
    query: str
    total_is_estimate: bool = Field(description="true when a very common query's count was estimated")


class File(BaseModel):
    id: int
    path: str
    sha256: str
    size: int
    format: str
    encoding: str | None
    text_sha256: str
    n_chars: int
    warnings: Any = None
    ingested_at: str
    gwr_version: str
    documents: int | None = None


class Text(BaseModel):
    file_id: int
    span: Span = Field(description="the part of the file's text returned")
    n_chars: int = Field(description="length of the file's whole text")
    text: str


class _DocumentRef(BaseModel):
    """Where a row comes from: the region and report columns every fact, project and hit carries."""

    document_id: int
    region_code: str | None = None
    region_name: str | None = None
    level: str | None = None
    report_year: int | None = None
    document_kind: str | None = None
    document_title: str | None = None
    path: str | None = None


class Document(BaseModel):
    id: int
    file_id: int
    index: int
    kind: str
    title: str | None
    line_start: int
    line_end: int
    span: Span
    region_name: str | None
    region_full_name: str | None
    level: str | None
    region_code: str | None
    parent_code: str | None
    parent: str | None
    region_source: str | None
    province_code: str | None
    prefecture_code: str | None
    report_year: int | None
    review_year: int | None
    delivered_date: str | None
    speaker: str | None
    speaker_title: str | None
    session: str | None
    posted: str | None
    locator: Any = None
    n_chars: int
    canonical_id: int | None = Field(description="the first stored copy when this is a near-duplicate")
    similarity: float | None
    path: str


class Section(BaseModel):
    id: int
    document_id: int
    ordinal: int
    parent_id: int | None
    depth: int
    title: str
    role: str
    numbering: str | None
    span: Span
    heading_span: Span
    locator: Any = None


class DocumentDetail(Document):
    sections: list[Section]


class Paragraph(BaseModel):
    id: int
    document_id: int
    section_id: int | None
    number: int = Field(description="1-based within its document: the citation")
    role: str | None
    span: Span
    locator: Any = None
    text: str


class _PlacedRef(_DocumentRef):
    """A fact's or project's document, with the enclosing regions that panel filters use."""

    province_code: str | None = None
    prefecture_code: str | None = None
    parent_code: str | None = None
    review_year: int | None = None


class Fact(_PlacedRef):
    fact_id: int
    kind: str = Field(description="target, actual, period (several years) or other")
    indicator: str | None
    label: str | None
    year: int | None
    period_start: int | None = Field(None, description="a period figure's first year (null: not stated)")
    period_end: int | None = Field(None, description="a period figure's last year")
    measure: str | None = Field(None, description="a period figure's measure: total, average_annual, change")
    value: float | None
    unit: str | None
    value_qualifier: str | None
    value_base: float | None
    unit_base: str | None
    growth_pct: float | None
    growth_qualifier: str | None
    growth_low: float | None
    growth_high: float | None
    quote: str
    span: Span
    paragraph_id: int | None
    extra: Any = None


class Project(_PlacedRef):
    project_id: int
    name: str
    investment: float | None
    unit: str | None
    investment_qualifier: str | None
    investment_base: float | None
    stage: str | None
    aggregate: bool
    count: int | None
    quote: str
    span: Span


class SearchHit(_DocumentRef):
    paragraph_id: int
    score: float
    citation: str = Field(description="region, report, section and paragraph number, for a reader")
    snippet: str = Field(description="HTML-escaped window around the first hit, hits inside <mark>")
    section: str | None
    role: str | None
    paragraph: int
    span: Span
    text: str
    locator: Any = None


class Tracked(BaseModel):
    """A target against the outcome a later report gives (``gwr.analysis.track``; see docs/TRACKING.md)."""

    model_config = ConfigDict(extra="allow")
    region_code: str | None = None
    region_name: str | None = None
    level: str | None = None
    year: int | None = None
    indicator: str | None = None
    label: str | None = None
    status: str | None = None
    target_quote: str | None = None
    outcome_quote: str | None = None
    target_fact_id: int | None = None
    outcome_fact_id: int | None = None


class Commitment(BaseModel):
    """A quantified item of a plan section, with the next report's outcome (docs/COMMITMENTS.md)."""

    model_config = ConfigDict(extra="allow")
    document_id: int | None = None
    region: str | None = None
    region_code: str | None = None
    level: str | None = None
    year: int | None = None
    verb: str | None = None
    object: str | None = None
    value: float | None = None
    number: str | None = None
    unit: str | None = None
    qualifier: str | None = None
    deadline: str | None = None
    section_path: list[str] = []
    span: list[int] = []
    quote: str | None = None
    status: str | None = None


class Flag(BaseModel):
    """Figures that do not add up (``gwr.analysis.consistency``), with the facts they come from."""

    model_config = ConfigDict(extra="allow")
    kind: str
    region_code: str | None = None
    region_name: str | None = None
    level: str | None = None
    year: int | None = None
    indicator: str | None = None
    label: str | None = None
    explanation: str | None = None
    fact_ids: list[int | None] = []


class AttentionEvidence(BaseModel):
    """A sentence behind an attention figure, its matched terms marked."""

    path: str
    document: int
    document_id: int | None
    span: Span
    quote: str = Field(description="the sentence: text[span[0]:span[1]]")
    role: str | None
    highlighted: str = Field(description="the quote with each matched term between 【 and 】")
    matches: list[dict[str, Any]] = Field(description="term, span and quote of each match")


class AttentionRow(BaseModel):
    """One unit (document, section role or region-year) and topic (``gwr.attention``; docs/ATTENTION.md)."""

    path: str | None = None
    document: int | None = None
    document_id: int | None = None
    kind: str | None = None
    title: str | None = None
    region_name: str | None = None
    region_code: str | None = None
    level: str | None = None
    report_year: int | None = None
    role: str | None = Field(None, description="by section: the section role (null: before the first section)")
    topic: str
    topic_name: str
    count: int = Field(description="counted term occurrences (longest match, no overlaps)")
    per_10k: float | None = Field(description="count per 10,000 non-whitespace characters")
    sentences_with: int = Field(description="sentences mentioning the topic")
    sentence_share: float | None = Field(description="sentences_with / sentences")
    chars: int
    sentences: int
    documents: int
    terms: dict[str, int] = Field(description="each term's count, most frequent first")
    evidence: list[AttentionEvidence] | None = None


class AttentionPage(Page[AttentionRow]):
    by: Literal["document", "section", "region-year"]
    dictionary: str
    version: str | None = Field(description="the dictionary's version: cite it with the figures")
    skipped_documents: int = Field(description="by region-year: documents left out (region or year unknown)")


class ComparisonRow(BaseModel):
    region: str = Field(description="name (code) of the region")
    indicator: str
    year: int
    measure: Literal["value", "value_base", "growth_pct"]
    value: float


class Stats(BaseModel):
    files: int
    documents: int
    near_duplicates: int
    paragraphs: int
    targets: int
    actuals: int
    period_figures: int = Field(0, description="results covering several years (kind period)")
    other_figures: int
    projects: int
    documents_by: dict[str, dict[str, int]]


class UploadOutcome(BaseModel):
    filename: str = Field(description="the name the client sent")
    stored_as: str | None = Field(description="the server's file name under the upload directory")
    status: Literal["added", "unchanged", "replaced", "failed"]
    file_id: int | None = None
    documents: int = 0
    facts: int = 0
    projects: int = 0
    duplicates: int = 0
    error: str | None = Field(None, description="one line: why the file could not be stored")


class UploadResult(BaseModel):
    files: list[UploadOutcome]
