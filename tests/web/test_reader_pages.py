"""A very long report in the reader: paged, with an outline across pages and exact highlights on each.

The tester's 1.6–31 MB reports took seconds to minutes to render (one ``substr``
per paragraph walked the text from its start; the marks were filtered per
paragraph).  Speed is the benchmark's business (``bench/bench_web.py`` renders a
10 MB report against a 1 MB one); these tests pin what paging must keep.
"""
from __future__ import annotations

import re
import sys

import pytest
from fastapi.testclient import TestClient
from selectolax.lexbor import LexborHTMLParser as HTMLParser

import gwr
from gwr.web.app import Settings, create_app
from gwr.web.pages import reader_pages

from corpus_data import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from big_report import write_big_report  # noqa: E402


@pytest.fixture(scope="module")
def long_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("long")
    db = str(folder / "long.sqlite")
    corpus = gwr.open(db)
    out = corpus.ingest([write_big_report(folder / "long.txt", 1_300_000)])
    assert (out.status == "added").all()
    doc = corpus.documents(kind="official_report").iloc[0]
    with TestClient(create_app(Settings(db=db)), follow_redirects=False) as client:
        yield client, corpus, int(doc["id"])


def _pages(client, doc_id):
    first = HTMLParser(client.get(f"/reports/{doc_id}").text)
    n = int(first.css_first("#text").attributes["data-pages"])
    return [first] + [HTMLParser(client.get(f"/reports/{doc_id}?page={k}").text) for k in range(2, n + 1)]


def test_reader_pages_cover_every_paragraph_once(long_report):
    client, corpus, doc_id = long_report
    pages = _pages(client, doc_id)
    assert len(pages) >= 3
    paras = corpus.paragraphs(doc_id)
    shown = [p for tree in pages for p in tree.css("#text .para")]
    assert [p.attributes["id"] for p in shown] == [f"p{n}" for n in paras["number"]]
    for node, text in zip(shown, paras["text"]):
        node.css_first("a.pn").decompose()
        assert node.text() == text
    assert client.get(f"/reports/{doc_id}?page={len(pages) + 1}").status_code == 404


def test_every_mark_is_on_its_page_at_its_characters(long_report):
    client, corpus, doc_id = long_report
    facts = corpus.document_facts(doc_id, kind=("target", "actual", "period"))
    assert len(facts) > 10
    where = {}
    for k, tree in enumerate(_pages(client, doc_id), 1):
        for a in tree.css("span.anchor"):
            where.setdefault(a.attributes["id"], k)
        for f in facts.itertuples():
            pieces = [el.text() for el in tree.css("#text .fx") if f"f{f.fact_id}" in el.attributes["data-marks"].split()]
            if pieces:
                assert "".join(pieces) == f.quote
    assert set(where) >= {f"f{i}" for i in facts.fact_id}
    some = facts.iloc[-1]
    r = client.get(f"/reports/{doc_id}?mark=f{some.fact_id}")
    assert r.status_code == 307
    assert r.headers["location"] == f"/reports/{doc_id}?page={where[f'f{some.fact_id}']}#f{some.fact_id}"
    assert client.get(f"/reports/{doc_id}?mark=f999999999").status_code == 404


def test_outline_links_reach_headings_on_every_page(long_report):
    """Each page's outline lists the page's own headings and, when there are few, the top-level ones of
    every page (bounded: thousands of headings are not repeated on every page); every link lands."""
    from gwr.web.pages import outline

    client, corpus, doc_id = long_report
    pages = _pages(client, doc_id)
    for k, tree in enumerate(pages, 1):
        links = [a.attributes["href"] for a in tree.css(".outline a")]
        assert len(links) <= 400 + 200
        for href in links:
            m = re.fullmatch(r"(?:\?page=(\d+))?#(p\d+)", href)
            assert m, href
            assert pages[int(m.group(1) or k) - 1].css_first(f"#{m.group(2)}") is not None
        own = {f"#{h.attributes['id']}" for h in tree.css("#text .heading")}
        assert own <= {h for h in links if h.startswith("#")}
    secs = [{"depth": 1, "page": 1}, {"depth": 2, "page": 1}, {"depth": 1, "page": 2}, {"depth": 2, "page": 2}]
    assert outline(secs, 1, 2) == secs[:3] and outline(secs, 2, 1) == secs


def test_pages_are_bounded():
    spans = [(i + 1, i * 100, i * 100 + 90) for i in range(1000)]
    pages = reader_pages(spans, paragraphs=400, chars=10_000)
    assert pages[0] == (0, 110) and pages[-1][1] == 999
    assert all(b >= a for a, b in pages) and all(pages[i][1] + 1 == pages[i + 1][0] for i in range(len(pages) - 1))
    assert reader_pages([(1, 0, 10**6)], chars=10) == [(0, 0)]
    assert reader_pages([]) == []
