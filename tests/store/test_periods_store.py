"""Period figures in the store (issue 12): stored as facts of kind ``period`` with their years
and measure, never in a year's series (track, compare, the region's timelines), exported with
their period columns, shown on the region page and highlighted in the reader.

Real SQLite file and real PostgreSQL server (``db_url``), real pipeline, invented reports.
"""
from __future__ import annotations

import pytest

import gwr
from test_periods import COUNTY_2021, NATIONAL_2018


@pytest.fixture
def corpus(db_url, tmp_path):
    (tmp_path / "county.txt").write_text(COUNTY_2021, encoding="utf-8")
    (tmp_path / "nation.txt").write_text(NATIONAL_2018, encoding="utf-8")
    c = gwr.open(db_url)
    assert (c.ingest([tmp_path / "county.txt", tmp_path / "nation.txt"]).status == "added").all()
    return c


def test_period_figures_are_stored_apart(corpus):
    p = corpus.periods(region="青岚县")
    avg = p[p.growth_pct == 7.2].iloc[0]
    assert (avg.period_start, avg.period_end, avg.measure, avg.indicator) == (2016, 2020, "average_annual", "gdp")
    assert p.year.isna().all()  # no period figure is any one year's
    assert set(p.measure) >= {"total", "change", "average_annual"}
    assert corpus.stats()["period_figures"] == len(corpus.periods())


def test_no_series_takes_a_period_figure(corpus):
    actual = corpus.actuals(region="青岚县")
    assert not (actual.value == 860).any() and not (actual.growth_pct == 7.2).any()
    table = corpus.compare(indicators=["gdp"], regions=["青岚县"], measure="growth_pct")
    assert list(table.loc[:, ("gdp", 2020)]) == [4.1]
    nation = corpus.actuals(region="全国", indicator="gdp")
    assert list(nation.value) == [82.7] and list(nation.year) == [2017]


def test_periods_select_by_the_years_they_cover(corpus):
    assert len(corpus.periods(region="青岚县", year=2018)) == len(corpus.periods(region="青岚县"))
    assert corpus.periods(region="青岚县", year=2021).empty
    assert len(corpus.periods(region="全国", year=(2010, 2013))) == len(corpus.periods(region="全国"))


def test_pages_and_exports_carry_periods(corpus, db_url):
    from fastapi.testclient import TestClient

    from gwr.web.app import Settings, create_app

    client = TestClient(create_app(Settings(db=db_url)))
    page = client.get("/regions/100000")
    assert page.status_code == 200 and "多年数据" in page.text and "年均" in page.text
    # the measure in words, not its code (labels.PERIOD_MEASURES)
    assert "average_annual" not in page.text and "<td>累计</td>" in client.get("/regions/青岚县").text
    api = client.get("/api/periods", params={"region": "青岚县"}).json()
    assert api["total"] == len(corpus.periods(region="青岚县"))
    assert {"period_start", "period_end", "measure"} <= set(api["items"][0])
    csv = client.get("/api/export/periods.csv").text
    assert "period_start" in csv.splitlines()[0] and "average_annual" in csv
