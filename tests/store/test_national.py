"""The State Council's reports take part in everything regions do: filters by 中华人民共和国,
全国 or 100000, tracking of last year's targets, the region page and the home page.

Real SQLite store, real pipeline, invented national reports of two years (tests/data/national).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import gwr

DATA = Path(__file__).resolve().parents[1] / "data" / "national"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("national") / "gwr.sqlite")
    assert (gwr.open(path).ingest([DATA]).status == "added").all()
    return path


def test_national_reports_are_identified(db):
    docs = gwr.open(db).documents().sort_values("report_year")
    assert list(docs.region_code) == ["100000", "100000"]
    assert list(docs.level) == ["national", "national"]
    assert list(docs.speaker) == ["宋知远", "宋知远"]


@pytest.mark.parametrize("region", ["中华人民共和国", "全国", "100000"])
def test_region_filter_selects_the_nation(db, region):
    assert sorted(gwr.open(db).documents(region=region).report_year) == [2019, 2020]


def test_track_meets_the_national_target_with_the_next_report(db):
    t = gwr.open(db).track(indicator="cpi", region="全国")
    row = t[t.year == 2019].iloc[0]
    assert row.outcome == pytest.approx(2.9) and row.status == "met"


def test_pages_show_the_nation(db):
    from gwr.web.app import Settings, create_app

    client = TestClient(create_app(Settings(db=db)))
    home = client.get("/")
    assert home.status_code == 200 and 'href="/regions/100000"' in home.text and "中华人民共和国" in home.text
    page = client.get("/regions/100000")
    assert page.status_code == 200 and "宋知远" in page.text or "中华人民共和国" in page.text
