"""A division renamed between reports is one region in the store: filters, track,
compare and the region page join 清苑县 (130622, until 2015) and 清苑区 (130608).

Real SQLite store, real pipeline, the invented reports of tests/data/divisions.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import gwr

DATA = Path(__file__).resolve().parents[1] / "data" / "divisions"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return str(tmp_path_factory.mktemp("renamed") / "gwr.sqlite")


@pytest.fixture(scope="module")
def corpus(db):
    c = gwr.open(db)
    out = c.ingest([DATA])
    assert (out.status == "added").all()
    return c


def test_documents_carry_the_successor_code(corpus):
    docs = corpus.documents().sort_values("report_year")
    assert list(docs.region_code) == ["130622", "130622", "130608"]
    assert list(docs.successor_code.fillna("")) == ["130608", "130608", ""]


@pytest.mark.parametrize("region", ["清苑区", "清苑县", "130608", "130622"])
def test_region_filter_joins_both_names(corpus, region):
    assert sorted(corpus.documents(region=region).report_year) == [2012, 2015, 2016]


def test_track_joins_a_target_before_the_renaming_with_the_outcome_after(corpus):
    t = corpus.track(region="清苑区", indicator="gdp")
    row = t[t.year == 2015].iloc[0]
    assert row.region_name == "清苑县" and row.successor_code == "130608"
    assert row.outcome_quote and "170.2" in row.outcome_quote
    assert "2016" in str(row.outcome_path) or "district" in str(row.outcome_path)


def test_compare_puts_both_names_in_one_row(corpus):
    table = corpus.compare(indicators=["gdp"], measure="growth_pct")
    assert list(table.index) == ["清苑区 (130608)"]
    assert {y for _, y in table.columns} == {2011, 2014, 2015}


def test_region_page_shows_both_names(corpus, db):
    from gwr.web.app import Settings, create_app

    with TestClient(create_app(Settings(db=db))) as client:
        r = client.get("/regions/130622", follow_redirects=False)
        assert r.status_code == 307 and r.headers["location"] == "/regions/130608"
        page = client.get("/regions/130608")
        assert page.status_code == 200
        assert "清苑区" in page.text and "曾用名：清苑县" in page.text
