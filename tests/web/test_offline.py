"""No page of the dashboard loads anything from another host: it must work without network.

The test walks the dashboard as a reader would (from the home page, following every link to
another page of the site, breadth first, up to a bound) plus the pages no link reaches (``/docs``,
a 404), and reads each page's HTML for an asset (script, style sheet, image, frame, font, form
target) named by an ``http://`` or ``https://`` URL, and each style sheet it loads for ``url(…)`` or
``@import`` of one.
"""
from __future__ import annotations

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from corpus_data import needs_shared
from pages_support import app_for, demo_db

pytestmark = needs_shared

EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.I)
CSS_EXTERNAL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"]?)\s*(?:https?:)?//""", re.I)
ASSETS = {"script": ["src"], "link": ["href"], "img": ["src", "srcset"], "iframe": ["src"], "source": ["src", "srcset"],
          "video": ["src", "poster"], "audio": ["src"], "embed": ["src"], "object": ["data"], "form": ["action"],
          "image": ["href", "xlink:href"], "use": ["href", "xlink:href"], "input": ["src"]}
SEEDS = ["/", "/reports", "/search?q=地区生产总值", "/compare?indicator=gdp", "/attention", "/attention?year=2018",
         "/cascade?indicator=gdp&region=430602", "/regions/430602", "/regions/430000", "/regions/100000",
         "/docs", "/no-such-page"]
MAX_PAGES = 80  # enough to reach every kind of page; the bound keeps the test a few seconds long


@pytest.fixture(scope="module")
def client():
    from fastapi.testclient import TestClient

    with TestClient(app_for(demo_db())) as c:
        yield c


def external_assets(html: str) -> list[str]:
    """The asset URLs of a page that name another host (``//host`` included)."""
    tree = HTMLParser(html)
    found = []
    for tag, attrs in ASSETS.items():
        for node in tree.css(tag):
            for attr in attrs:
                for url in re.split(r",\s*", node.attributes.get(attr) or ""):
                    if EXTERNAL.match(url):
                        found.append(f"<{tag} {attr}={url}>")
    for node in tree.css("style"):
        found += CSS_EXTERNAL.findall(node.text())
    for node in tree.css("[style]"):
        found += CSS_EXTERNAL.findall(node.attributes.get("style") or "")
    return found


def test_the_scanner_finds_what_it_looks_for():
    """The check itself can fail: each way of loading from another host is caught."""
    html = ('<script src="https://cdn.example/x.js"></script><link rel=stylesheet href="//fonts.example/c.css">'
            '<img src="http://img.example/a.png"><style>@import "https://x.example/y.css";</style>'
            '<div style="background: url(https://bg.example/z.png)"></div><a href="https://example.org">ok</a>')
    assert len(external_assets(html)) == 5
    assert external_assets('<script src="/static/reader.js"></script><a href="https://example.org">x</a>') == []


def test_no_page_loads_from_another_host(client):
    cell = HTMLParser(client.get("/attention").text).css_first('a[href^="/attention/cell"]').attributes["href"]
    seen, queue, pages, sheets = set(), deque([*SEEDS, cell]), 0, set()
    kinds = set()
    while queue and pages < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        r = client.get(url)
        if not r.headers.get("content-type", "").startswith("text/html"):
            continue
        pages += 1
        kinds.add(urlsplit(url).path.split("/")[1] if url != "/" else "")
        assert external_assets(r.text) == [], url
        tree = HTMLParser(r.text)
        sheets |= {n.attributes["href"] for n in tree.css('link[rel="stylesheet"][href]')}
        for a in tree.css("a[href]"):
            href = urljoin(url, a.attributes["href"]).split("#")[0]
            if href.startswith("/") and not href.startswith(("/api/", "/static/", "/docs-assets/")) and href not in seen:
                queue.append(href)
    # every kind of page was read: home, report list and reader, region, search, compare, attention
    # (and a cell), cascade, the API docs, 404
    assert {"", "reports", "regions", "search", "compare", "attention", "cascade", "docs"} <= kinds, kinds
    assert any(u.startswith("/attention/cell") for u in seen)
    assert sheets
    for sheet in sheets:
        r = client.get(sheet)
        assert r.status_code == 200, sheet
        assert CSS_EXTERNAL.findall(r.text) == [], sheet


def test_redoc_is_off(client):
    """ReDoc has no offline package: ``/redoc`` is not served (``/docs`` is, from the package)."""
    assert client.get("/redoc").status_code == 404
    assert client.get("/docs").status_code == 200
