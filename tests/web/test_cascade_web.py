"""The cascade over HTTP: /api/cascade and /api/statistics (their schema kept under schemathesis), the
/cascade page (server-side HTML), and the page in a real browser (chromium via Playwright) where every
target drawn links to its quote in the report reader.  Over the invented reports of tests/data/cascade."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from selectolax.lexbor import LexborHTMLParser as HTMLParser

import gwr
from gwr.web.app import Settings, create_app
from pages_support import serving

DATA = Path(__file__).resolve().parents[1] / "data"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
PHONE, LAPTOP = {"width": 375, "height": 740}, {"width": 1280, "height": 860}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("cascade-web") / "gwr.sqlite")
    c = gwr.open(path)
    assert (c.ingest([DATA / "cascade"]).status == "added").all()
    c.import_statistics([DATA / "cascade_statistics.csv"])
    return path


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(Settings(db=db))) as c:
        yield c


def test_api_chain(client):
    r = client.get("/api/cascade", params={"indicator": "gdp", "year": 2025, "region": "清苑区"})
    assert r.status_code == 200
    body = r.json()
    assert [(x["region_name"], x["status"], x["target"], x["qualifier"]) for x in body["items"]] == [
        ("中华人民共和国", "found", 5, "左右"), ("河北省", "found", 5.5, "左右"), ("保定市", "missing", None, None),
        ("清苑区", "found", 6, "以上")]
    assert body["parent"] is None and body["summary"] is None


def test_api_children_and_errors(client):
    r = client.get("/api/cascade", params={"indicator": "gdp", "year": 2016, "region": "130600", "children": True})
    assert r.status_code == 200 and r.json()["summary"]["higher"] == 1 and r.json()["parent"]["target"] == 7.5
    bad = client.get("/api/cascade", params={"indicator": "gdp", "year": 2016, "region": "不存在镇"})
    assert bad.status_code == 404 and "below county level" in bad.json()["error"]["message"]
    assert client.get("/api/cascade", params={"indicator": "gdp", "year": 1800, "region": "河北省"}).status_code == 422


def test_api_statistics_with_provenance(client):
    r = client.get("/api/statistics", params={"region": "清苑县"})
    assert r.status_code == 200
    items = r.json()["items"]
    assert len(items) == 2 and {i["line"] for i in items} == {4, 5}
    assert all(len(i["file_sha256"]) == 64 and i["file_name"] == "cascade_statistics.csv" for i in items)


def test_page_chain_links_every_value_to_its_quote(client, db):
    r = client.get("/cascade", params={"indicator": "gdp", "year": "2025", "region": "清苑区"})
    assert r.status_code == 200
    tree = HTMLParser(r.text)
    rows = tree.css("#cascade-chain tbody tr")
    assert [row.css("td")[1].text(strip=True) for row in rows] == ["中华人民共和国", "河北省", "保定市", "清苑区"]
    assert "未收录报告" in rows[2].text() and "status-missing" in rows[2].attributes["class"]
    df = gwr.open(db).cascade(indicator="gdp", year=2025, region="清苑区")
    svg_links = [a.attributes.get("href") for a in tree.css("svg a")]
    for r_ in df[df.status == "found"].itertuples():
        href = f"/reports/{r_.target_document_id}#f{r_.target_fact_id}"
        assert href in svg_links  # in the chart
        assert href in [a.attributes.get("href") for a in tree.css("#cascade-chain a")]  # and in the table
    assert "未收录" in tree.css_first("svg").text()


def test_page_without_a_year_takes_the_latest_and_reached_from_region_and_compare(client):
    r = client.get("/cascade", params={"region": "清苑县"})
    assert r.status_code == 200 and 'value="2025"' in r.text
    region = HTMLParser(client.get("/regions/130608").text)
    assert any("/cascade?" in (a.attributes.get("href") or "") for a in region.css("a.cascade-link"))
    compare = HTMLParser(client.get("/compare", params={"indicator": "gdp", "kind": "target",
                                                        "measure": "growth_pct"}).text)
    assert len(compare.css("a.cascade-link")) >= 5


def test_page_fan_out(client):
    r = client.get("/cascade", params={"indicator": "gdp", "year": "2016", "region": "保定市", "children": "1"})
    tree = HTMLParser(r.text)
    assert [row.css("td")[0].text(strip=True) for row in tree.css("#cascade-children tbody tr")] == [
        "满城区", "清苑区", "徐水区"]
    assert "（33%）" in tree.css_first(".summary").text()
    assert len(tree.css("svg circle.dot")) == 3 and len(tree.css("svg circle.dot.higher")) == 1
    assert "涞水县" in tree.css_first("#cascade-missing").text()


@pytest.mark.parametrize("params, table", [
    ({"indicator": "gdp", "year": "2025", "region": "清苑区"}, "#cascade-chain"),
    ({"indicator": "gdp", "year": "2016", "region": "保定市", "children": "1"}, "#cascade-children")])
def test_page_csv_link_has_the_rows_shown(client, params, table):
    """The chain's and the fan-out's "下载 CSV": the regions shown (and those without a report, listed
    below the fan-out), with the quotes the page links to."""
    import io

    import pandas as pd

    tree = HTMLParser(client.get("/cascade", params=params).text)
    a = tree.css_first("p.download a.csv")
    r = client.get(a.attributes["href"])
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    df = pd.read_csv(io.BytesIO(r.content), encoding="utf-8-sig")
    col = 1 if table == "#cascade-chain" else 0
    shown = [row.css("td")[col].text(strip=True) for row in tree.css(f"{table} tbody tr")]
    missing = [x.text() for x in tree.css("#cascade-missing a")]
    assert sorted(df["region_name"]) == sorted(shown + missing)
    quotes = {x.attributes["title"] for x in tree.css(f"{table} td a[title]") if x.attributes.get("title")}
    assert quotes and quotes <= set(df["target_quote"].dropna()) | set(df.get("outcome_quote", pd.Series()).dropna())


def test_page_errors_are_pages(client):
    for params in ({"indicator": "nope", "region": "河北省"}, {"region": "不存在镇", "year": "2016"}, {}):
        r = client.get("/cascade", params=params)
        assert r.status_code == 200 and "<h1>目标逐级对照</h1>" in r.text


# -- schemathesis: the two endpoints keep their schema over this corpus -----------------------------------
@pytest.mark.parametrize("path", ["/api/cascade", "/api/statistics"])
def test_endpoints_keep_their_schema(db, path):
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(Settings(db=db))).include(method="GET")
    operation = schema[path]["GET"]

    @given(case=operation.as_strategy())
    @settings(max_examples=30, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        response = case.call_and_validate()
        assert response.status_code < 500, response.text

    run()


# -- the real browser ---------------------------------------------------------------------------------------
needs_browser = pytest.mark.skipif(not Path(CHROMIUM).exists() and os.environ.get("GWR_REQUIRE_BROWSER") != "1",
                                   reason=f"{CHROMIUM} not installed")


@pytest.fixture(scope="module")
def server(db):
    yield from serving(create_app(Settings(db=db)))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@needs_browser
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_browser_click_a_step_opens_the_quote(server, browser, db, viewport):
    page = browser.new_page(viewport=viewport)
    try:
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{server}/cascade?indicator=gdp&year=2025&region=清苑区")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        df = gwr.open(db).cascade(indicator="gdp", year=2025, region="河北省")
        hebei = df[df.region_name == "河北省"].iloc[0]
        href = f"/reports/{hebei.target_document_id}#f{hebei.target_fact_id}"
        page.locator(f'svg a[href="{href}"]').click()
        page.wait_for_url("**" + href)
        mark = page.locator(f'.text .fx[data-marks~="f{hebei.target_fact_id}"]').first
        assert mark.inner_text() == "生产总值增长5.5%左右"
        page.wait_for_function("document.querySelector('#panel').classList.contains('open')")
        assert errors == []
    finally:
        page.close()


@needs_browser
def test_browser_fan_out_fits_a_phone(server, browser):
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(f"{server}/cascade?indicator=gdp&year=2016&region=保定市&children=1")
        assert page.locator("svg circle.dot").count() == 3
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.locator("form.cascade-form input[name=region]").fill("清苑县")
        page.locator("form.cascade-form input[name=children]").uncheck()
        page.locator("form.cascade-form button").click()
        page.wait_for_url("**region=*")
        assert page.locator("#cascade-chain tbody tr").count() == 4
    finally:
        page.close()
