"""The dashboard's attention heat map (``/attention``): the same figures as ``Corpus.attention``."""
from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

import gwr
from corpus_data import needs_shared
from gwr.web.app import Settings, create_app
from gwr.web.charts import fmt_number

pytestmark = needs_shared


@pytest.fixture(scope="module")
def client(attention_db):
    with TestClient(create_app(Settings(db=str(attention_db)))) as c:
        c.db = attention_db
        yield c


def cells(page: str) -> list[tuple[str, str, str]]:
    """(topic, year, shown value) of every heat-map cell, read from its link to the cell's sentences."""
    return [(t, y, v) for y, t, v in
            re.findall(r'href="/attention/cell\?[^"]*?year=(\d+)&amp;topic=(\w+)">([^<]+)</a></td>', page)]


def test_attention_page_shows_the_corpus_figures(client):
    r = client.get("/attention")
    assert r.status_code == 200 and 'id="attention"' in r.text
    df = gwr.open(client.db).attention(by="region-year")
    expected = sorted((t, str(y), fmt_number(v, 2)) for t, y, v in zip(df["topic"], df["report_year"], df["per_10k"]))
    assert sorted(cells(r.text)) == expected
    assert '<a href="/attention">' in client.get("/").text


def test_attention_page_year_level_and_measure(client):
    df = gwr.open(client.db).attention(by="region-year")
    year = int(df["report_year"].max())
    page = client.get("/attention", params={"year": year, "measure": "sentence_share"}).text
    shown = cells(page)
    assert shown and {y for _, y, _ in shown} == {str(year)}
    mine = df[df.report_year == year]
    assert sorted(v for _, _, v in shown) == sorted(fmt_number(s * 100, 1) for s in mine["sentence_share"])
    towns = client.get("/attention", params={"level": "town"}).text
    assert {html.unescape(n) for n in re.findall(r'<th scope="row">(?:<a[^>]*>)?([^<]+)', towns)} == \
        set(df[df.level == "town"]["region_name"])


def test_attention_page_links_to_the_evidence(client):
    """A cell opens a page of its sentences, which links to the same rows as JSON."""
    page = client.get("/attention").text
    cell = client.get(html.unescape(re.search(r'href="(/attention/cell\?[^"]+)"', page).group(1)))
    assert cell.status_code == 200 and cell.headers["content-type"].startswith("text/html")
    link = html.unescape(re.search(r'href="(/api/attention\?[^"]+)"', cell.text).group(1))
    body = client.get(link).json()
    assert body["items"] and all(len(i["evidence"]) <= 5 for i in body["items"])
    assert any(i["evidence"] for i in body["items"])
