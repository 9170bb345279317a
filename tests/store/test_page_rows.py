"""The plain rows the pages read are the rows the frames gave, value for value and type for type.

The region, comparison and tracking pages stopped building DataFrames per request
(``Corpus.facts_rows``, ``document_rows``, ``project_rows``, ``track_rows``,
``attention_rows``, ``compare_shown``); what they show must not move, down to an
integer pandas held as a float (``2014.0``).  Each is checked against the public frame
it replaces, on both dialects, for every region of a real ingested corpus.
"""
from __future__ import annotations

import math

import pytest

import gwr
from corpus_data import CORPUS, SAMPLES, needs_shared
from gwr.store.corpus import plain_rows


def _typed(rows):
    return [{k: (type(v).__name__, "nan" if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
            for r in rows]


@pytest.fixture
def corpus(db_url):
    c = gwr.open(db_url)
    c.ingest([CORPUS / "001_209cad49592183ba.txt", CORPUS / "003_e1b2c6009affd81b.txt", SAMPLES])
    return c


def _regions(corpus) -> list[str]:
    codes = sorted({r["region_code"] for r in corpus.document_rows() if r["region_code"]})
    return codes + sorted({c[:2] + "0000" for c in codes})


@needs_shared
def test_rows_are_the_frames_rows(corpus):
    regions = _regions(corpus)
    assert len(regions) >= 3
    for region in regions:
        for below in (False, True):
            assert _typed(corpus.facts_rows(region=region, below=below)) == \
                _typed(plain_rows(corpus.facts(region=region, below=below)))
            assert _typed(corpus.facts_rows(kind="period", region=region, below=below)) == \
                _typed(plain_rows(corpus.facts(kind="period", region=region, below=below)))
            assert _typed(corpus.project_rows(region=region, below=below)) == \
                _typed(plain_rows(corpus.projects(region=region, below=below)))
            assert _typed(corpus.attention_rows(region=region, evidence=5, below=below)) == \
                _typed(plain_rows(corpus.attention(region=region, evidence=5, below=below)))
        assert _typed(corpus.document_rows(region=region)) == _typed(plain_rows(corpus.documents(region=region)))


@needs_shared
def test_tracking_rows_are_the_tracking_frames(corpus):
    tracked = 0
    for region in [None, *_regions(corpus)]:
        rows = corpus.track_rows(region=region)
        assert _typed(rows) == _typed(plain_rows(corpus.track(region=region)))
        tracked += len(rows)
    assert tracked


@needs_shared
@pytest.mark.parametrize("measure", ["value_base", "growth_pct"])
def test_the_statements_a_comparison_shows_are_compares(corpus, measure):
    keys = ("fact_id", "region", "indicator", "year", measure)
    for region in [None, *_regions(corpus)]:
        regions = [region] if region else None
        table = corpus.compare(indicators=["gdp", "fiscal_revenue"], regions=regions, measure=measure)
        frame = plain_rows(table.attrs["shown"]) if not table.empty else []
        shown = corpus.compare_shown(indicators=["gdp", "fiscal_revenue"], regions=regions, measure=measure)
        assert [tuple(r[k] for k in keys) for r in shown] == [tuple(r[k] for k in keys) for r in frame]
