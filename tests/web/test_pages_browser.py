"""The dashboard in a real browser: Debian's chromium, driven by Playwright, against a real uvicorn server.

What only a browser can tell: the reader's script opens the panel with the
parsed figure, a search typed into the form shows highlighted hits, a citation
scrolls to its paragraph, and no page scrolls sideways on a 375 px phone.
Screenshots go to ``$GWR_ARTIFACTS`` (default ``tests/artifacts/``, git-ignored).

Skipped when /usr/bin/chromium is missing, unless ``GWR_REQUIRE_BROWSER=1``.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from corpus_data import ROOT, needs_shared
from pages_support import app_for, demo_db, serving

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(os.environ.get("GWR_ARTIFACTS") or ROOT / "tests" / "artifacts")
PHONE, LAPTOP = {"width": 375, "height": 740}, {"width": 1280, "height": 860}
GDP_TARGET = "地区生产总值增长9.5%,达到678亿元"

pytestmark = [needs_shared]

if not Path(CHROMIUM).exists():
    if os.environ.get("GWR_REQUIRE_BROWSER") == "1":
        raise RuntimeError(f"GWR_REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
    pytestmark.append(pytest.mark.skip(reason=f"{CHROMIUM} not installed"))


@pytest.fixture(scope="module")
def server():
    """The app on a real uvicorn server in a background thread, on a free port."""
    yield from serving(app_for(demo_db()))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def known(server):
    """Ids of a known report and its GDP target, read from the database the server serves."""
    import gwr

    corpus = gwr.open(demo_db())
    docs = corpus.documents(region="430602", kind="official_report")
    doc_id = int(docs.iloc[0]["id"])
    facts = corpus.document_facts(doc_id)
    fid = int(facts[(facts["quote"] == GDP_TARGET) & (facts["kind"] == "target")].iloc[0]["fact_id"])
    return {"doc": doc_id, "fact": fid}


@pytest.fixture
def page_at(browser):
    pages = []

    def open_page(viewport):
        page = browser.new_page(viewport=viewport)
        page.set_default_timeout(10_000)
        pages.append(page)
        return page

    yield open_page
    for p in pages:
        p.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


PAGES = {"overview": "/", "region": "/regions/430602", "province": "/regions/430000", "track": "/regions/321324",
         "reader": "/reports/{doc}", "search": "/search?q=棚户区改造&level=district",
         "compare": "/compare?indicator=gdp&measure=growth_pct", "attention": "/attention", "reports": "/reports",
         "cell": "/attention/cell?region=430602&year=2018&topic=environment"}


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_the_screen(server, known, page_at, name, viewport):
    page = page_at(viewport)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(server + PAGES[name].format(**known))
    assert response.status == 200
    assert page.locator("h1").first.inner_text().strip()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"{name} is {width}px wide at {viewport['width']}px"
    assert errors == []
    shot(page, f"{name}-{viewport['width']}")


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_clicking_a_fact_shows_its_parsed_value(server, known, page_at, viewport):
    page = page_at(viewport)
    page.goto(f"{server}/reports/{known['doc']}")
    panel = page.locator("#panel")
    mark = page.locator(f'.text .fx[data-marks~="f{known["fact"]}"]').first
    assert mark.inner_text() == GDP_TARGET
    mark.click()
    assert "open" in (panel.get_attribute("class") or "")
    assert panel.is_visible()
    detail = panel.locator(f'.mark-detail[data-key="f{known["fact"]}"]')
    assert detail.locator('dd[data-field="数值"]').inner_text() == "678亿元"
    assert detail.locator('dd[data-field="增速"]').inner_text() == "增长9.5%"
    assert detail.locator('dd[data-field="年份"]').inner_text() == "2018"
    assert detail.locator('dd[data-field="类别"]').inner_text() == "预期目标"
    assert "gdp" in detail.locator('dd[data-field="指标"]').inner_text()
    assert "selected" in mark.get_attribute("class")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    shot(page, f"reader-panel-{viewport['width']}")


def test_fact_link_scrolls_and_opens_the_panel(server, known, page_at):
    page = page_at(PHONE)
    page.goto(f"{server}/reports/{known['doc']}#f{known['fact']}")
    mark = page.locator(f'.text .fx[data-marks~="f{known["fact"]}"]').first
    page.wait_for_function("document.querySelector('#panel').classList.contains('open')")
    assert mark.is_visible()
    box, height = mark.bounding_box(), page.viewport_size["height"]
    assert 0 <= box["y"] < height
    assert page.locator('#panel dd[data-field="数值"]').first.inner_text() == "678亿元"


def test_search_from_the_form_then_follow_a_citation(server, page_at):
    page = page_at(PHONE)
    page.goto(server + "/")
    page.fill('form.search-box input[name="q"]', "棚户区改造")
    page.press('form.search-box input[name="q"]', "Enter")
    page.wait_for_url("**/search?q=*")
    marks = page.locator(".hit mark")
    assert marks.count() > 0
    assert set(marks.all_inner_texts()) == {"棚户区改造"}
    assert "共" in page.locator("#summary").inner_text()
    shot(page, "search-results-375")
    cite = page.locator(".hit .cite a").first
    href = cite.get_attribute("href")
    cite.click()
    page.wait_for_url("**" + href)
    paragraph = page.locator(href[href.index("#"):])
    assert "棚户区改造" in paragraph.inner_text()
    box = paragraph.bounding_box()
    assert box["y"] < page.viewport_size["height"] and box["y"] + box["height"] > 0
    shot(page, "search-citation-375")


def test_search_filters_from_the_form(server, page_at):
    page = page_at(LAPTOP)
    page.goto(server + "/search?q=地区生产总值")
    before = page.locator("#summary").inner_text()
    page.select_option('select[name="level"]', "county")
    page.fill('input[name="year_from"]', "2019")
    page.click(".search-form button[type=submit]")
    page.wait_for_url("**level=county**")
    after = page.locator("#summary").inner_text()
    assert after != before
    assert page.locator(".hit mark").count() > 0
    assert all("县级" in t for t in page.locator(".hit .tags").all_inner_texts())


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_heat_map_cell_shows_its_sentences(server, page_at, viewport):
    page = page_at(viewport)
    page.goto(server + PAGES["region"])
    cell = page.locator("#attention .evidence-toggle").first
    box_id = cell.get_attribute("data-target")
    box = page.locator(f"#{box_id}")
    assert not box.is_visible()
    cell.click()
    assert box.is_visible() and box.locator("li").count() >= 1
    assert "【" in box.locator("li").first.inner_text()  # the matched terms are marked
    cell.click()
    assert not box.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    cell.click()
    shot(page, f"region-attention-{viewport['width']}")


def test_api_docs_render_without_internet(server, browser):
    """/docs with every request to another host refused: Swagger UI still lists the operations."""
    context = browser.new_context(viewport=LAPTOP)
    outside: list[str] = []

    def only_local(route):
        if route.request.url.startswith(server):
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(server + "/docs")
        page.wait_for_selector(".opblock-summary-path")
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        assert any("/api/search" in p for p in paths), paths
        assert outside == []
        shot(page, "docs-offline")
    finally:
        context.close()


def test_region_tree_opens_without_script(server, browser):
    """The home page's tree is <details> all the way: with JavaScript off a reader still opens a
    province, then a prefecture, and reaches a district's page."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(server + "/")
        tree = page.locator("#regions")
        hunan = tree.locator('summary:has(a[href="/regions/430000"])')
        yueyang = tree.locator('a[href="/regions/430600"]')
        district = tree.locator('a[href="/regions/430602"]')
        assert hunan.is_visible() and not yueyang.is_visible()
        hunan.locator(".n").click()  # the count, not the link: the summary toggles
        assert yueyang.is_visible() and not district.is_visible()
        tree.locator('summary:has(a[href="/regions/430600"]) .n').click()
        assert district.is_visible()
        shot(page, "overview-tree-375")
        district.click()
        page.wait_for_url("**/regions/430602")
        assert page.locator("h1").inner_text() == "岳阳楼区"
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_attention_cell_opens_its_sentences_then_the_reader(server, page_at, viewport):
    page = page_at(viewport)
    page.goto(server + "/attention?year=2018")
    page.locator('#attention td.heat-cell a[href^="/attention/cell"]').first.click()
    page.wait_for_url("**/attention/cell?*")
    sentences = page.locator("ol.sentences a.sentence")
    assert sentences.count() >= 1 and page.locator("ol.sentences mark").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    shot(page, f"attention-cell-{viewport['width']}")
    quote = sentences.first.inner_text()
    sentences.first.click()
    page.wait_for_url("**/reports/*#p*")
    paragraph = page.locator("#" + page.url.rsplit("#", 1)[1])
    assert quote[:15] in paragraph.inner_text()
    box = paragraph.bounding_box()
    assert box["y"] < page.viewport_size["height"] and box["y"] + box["height"] > 0


def test_region_download_links_give_files(server, page_at):
    """A click on a region page's "下载 CSV" links downloads a CSV of that table."""
    page = page_at(LAPTOP)
    page.goto(server + PAGES["region"])
    for section, name in (("#timelines-download", "timelines.csv"), ("#commitments", "commitments.csv"),
                          ("#attention", "attention.csv"), ("#own-docs-download", "documents.csv")):
        with page.expect_download() as info:
            page.locator(f"{section} a.csv").first.click()
        download = info.value
        assert download.suggested_filename == name
        with open(download.path(), encoding="utf-8-sig") as f:
            assert len(f.read().splitlines()) >= 2, section
