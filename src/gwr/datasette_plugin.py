"""gwr inside datasette: ``datasette gwr.sqlite`` searches with gwr's own index and offers canned queries.

Many of gwr's users already browse SQLite files with datasette.  Its built-in
search cannot use gwr's index: the FTS5 table holds character grams, not
words, so a query has to be spelled the way :mod:`gwr.search.tokens` spells
it — that is what makes two-character queries such as 棚改 exact.  This plugin
(registered as the ``datasette`` entry point ``gwr``) adds:

* SQL functions, usable in any query: ``gwr_match(q [, region [, year]])``
  (the FTS5 match expression: ``paragraph_fts MATCH gwr_match('棚改')``; the index keeps
  no positions, so for three characters or more add ``gwr_contains(text, q)``, which
  checks the paragraph's text),
  ``gwr_snippet(text, q)`` (the text around the first hit, HTML-escaped with
  hits in ``<mark>``, as gwr's own search and REST API give it; shown
  highlighted in a ``snippet`` column) and ``gwr_region(name or code)``
  (the code a region filter selects by, former names included) and ``gwr_text(file_texts.text)``
  (a file's text, which SQLite stores compressed: ``substr(gwr_text(t.text), p.start + 1, …)``);
* canned queries on every database holding gwr's tables: ``search``,
  ``targets_vs_outcomes`` and ``region_series``.
"""
from __future__ import annotations

import html

from datasette import hookimpl

NOTHING = '"¶0"'  # a break token for U+0000, which no stored text holds: matches no row

_REGION = ("(:region = '' OR {d}.region_name = :region OR gwr_region(:region) IN "
           "({d}.region_code, {d}.successor_code, {d}.prefecture_code, {d}.province_code))")

SEARCH_SQL = """
SELECT p.id AS paragraph_id, d.region_name, d.report_year, s.title AS section, p.role, p.number AS paragraph,
       gwr_snippet(substr(gwr_text(t.text), p.start + 1, p."end" - p.start), :q) AS snippet,
       d.title AS document_title, p.document_id, f.path, p.start, p."end"
FROM (SELECT rowid AS id FROM paragraph_fts WHERE paragraph_fts MATCH gwr_match(:q, :region, :year)
      ORDER BY rowid DESC LIMIT 500) AS hits
JOIN paragraphs p ON p.id = hits.id
JOIN documents d ON d.id = p.document_id
JOIN files f ON f.id = d.file_id
JOIN file_texts t ON t.file_id = d.file_id
LEFT JOIN sections s ON s.id = p.section_id
WHERE d.canonical_id IS NULL AND gwr_contains(substr(gwr_text(t.text), p.start + 1, p."end" - p.start), :q)
ORDER BY p.id DESC
"""

TARGETS_VS_OUTCOMES_SQL = f"""
SELECT dt.region_name, dt.region_code, t.indicator, t.label, t.year,
       t.growth_pct AS target_growth_pct, t.growth_qualifier, t.growth_low, t.growth_high,
       t.value AS target_value, t.value_qualifier, t.unit AS target_unit,
       a.growth_pct AS outcome_growth_pct, a.value AS outcome_value, a.unit AS outcome_unit,
       t.quote AS target_quote, a.quote AS outcome_quote,
       t.document_id AS target_document_id, a.document_id AS outcome_document_id
FROM facts t
JOIN documents dt ON dt.id = t.document_id AND dt.canonical_id IS NULL
LEFT JOIN facts a ON a.id = (
    SELECT a2.id FROM facts a2 JOIN documents d2 ON d2.id = a2.document_id AND d2.canonical_id IS NULL
    WHERE a2.kind = 'actual' AND a2.indicator = t.indicator AND a2.year = t.year
      AND coalesce(d2.successor_code, d2.region_code) = coalesce(dt.successor_code, dt.region_code)
    ORDER BY a2.growth_pct IS NULL, d2.report_year, a2.id LIMIT 1)
WHERE t.kind = 'target' AND t.indicator IS NOT NULL AND dt.region_code IS NOT NULL
  AND {_REGION.format(d="dt")}
  AND (:indicator = '' OR t.indicator = :indicator)
ORDER BY dt.region_code, t.indicator, t.year, t.id
LIMIT 1000
"""

REGION_SERIES_SQL = f"""
SELECT f.indicator, f.label, f.year, f.value, f.unit, f.growth_pct, f.value_base, f.unit_base,
       d.region_name, d.report_year, f.quote, f.document_id, f.id AS fact_id
FROM facts f JOIN documents d ON d.id = f.document_id AND d.canonical_id IS NULL
WHERE f.kind = 'actual' AND f.year IS NOT NULL AND :region != '' AND {_REGION.format(d="d")}
  AND (:indicator = '' OR f.indicator = :indicator)
ORDER BY f.indicator, f.year, f.id
LIMIT 2000
"""

QUERIES = {
    "search": {
        "title": "Search paragraphs (gwr's exact index)",
        "description": "Every paragraph containing q, exactly (two characters such as 棚改 included); "
                       "region: a name or 6-digit code, everything below it included; year: 2018, "
                       "2017-2020 or 2017-. Newest 500 hits.",
        "sql": SEARCH_SQL,
    },
    "targets_vs_outcomes": {
        "title": "Targets against outcomes",
        "description": "Each region's target for a year beside the outcome a report gives for that year "
                       "(region and indicator optional), with both quotes.",
        "sql": TARGETS_VS_OUTCOMES_SQL,
    },
    "region_series": {
        "title": "A region's series",
        "description": "Whole-year results of one region (name or code), by indicator and year, each with "
                       "its quote; indicator optional (gdp, general_budget_revenue …).",
        "sql": REGION_SERIES_SQL,
    },
}


def gwr_match(query, region=None, year=None) -> str:
    """The FTS5 match expression of ``query`` (and filters) for ``paragraph_fts``."""
    from .search._sqlite import match_expr
    from .search.index import filter_groups
    from .search.rank import Query
    from .search.tokens import normalize, query_phrase

    phrase = query_phrase(str(query or ""))
    if not phrase:
        return NOTHING
    code = gwr_region(region) if region else None
    return match_expr(Query(phrase, normalize(str(query)),
                            filter_groups(region=code or (region or None), year=_years(year))))


def gwr_contains(text, query) -> int:
    """1 when ``text`` contains ``query`` after gwr's folding: the index (``gwr_match``) keeps no
    positions, so a query of several grams needs this check to be exact."""
    if text is None:
        return 0
    from .search.tokens import normalize

    return int(normalize(str(query or "")) in normalize(str(text)))


def gwr_region(region) -> str | None:
    """The code a region filter selects by (today's division's for a former name), or None."""
    if not region:
        return None
    from .store.filters import region_code

    return region_code(str(region))


def gwr_snippet(text, query) -> str | None:
    """About 120 characters around the first hit, HTML-escaped, every hit in ``<mark>``."""
    if text is None:
        return None
    from .search.tokens import snippet

    return snippet(str(text), str(query or ""))


def _years(spec):
    if spec in (None, ""):
        return None
    import datetime

    from .store.filters import parse_years

    years = parse_years(str(spec))
    if isinstance(years, tuple):
        lo, hi = years
        return (lo if lo is not None else 1949, hi if hi is not None else datetime.date.today().year + 1)
    return years


@hookimpl
def prepare_connection(conn):
    conn.create_function("gwr_match", -1, gwr_match, deterministic=True)
    conn.create_function("gwr_region", 1, gwr_region, deterministic=True)
    conn.create_function("gwr_snippet", 2, gwr_snippet, deterministic=True)
    conn.create_function("gwr_contains", 2, gwr_contains, deterministic=True)
    from gwr.store.texts import sql_text

    conn.create_function("gwr_text", 1, sql_text, deterministic=True)


@hookimpl
def canned_queries(datasette, database):
    async def queries():
        db = datasette.get_database(database)
        return dict(QUERIES) if await db.table_exists("paragraph_fts") and await db.table_exists("facts") else {}

    return queries


@hookimpl
def render_cell(value, column):
    """A ``snippet`` cell shows its hits highlighted.  Any query can name a column ``snippet``, so the
    value is read back to plain text and escaped whole; only ``<mark>`` and ``</mark>`` are let through."""
    if column != "snippet" or not isinstance(value, str) or "<mark>" not in value:
        return None
    from markupsafe import Markup, escape

    safe = str(escape(html.unescape(value)))
    return Markup(safe.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>"))
