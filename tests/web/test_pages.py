"""The dashboard pages rendered by the real app over a database ingested from the real corpus.

Each test checks content a reader relies on (a known figure highlighted at its
exact characters, a region listing its reports, a search hit citing its
paragraph), read back from the HTML with selectolax.
"""
from __future__ import annotations

import json
import re

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from corpus_data import CORPUS_FILES, needs_shared
from pages_support import app_for, demo_db

pytestmark = needs_shared

YUEYANGLOU = "430602"  # 岳阳楼区, whose 2018 report is ../shared/corpus/001_*.txt
GDP_TARGET = "地区生产总值增长9.5%,达到678亿元"
GDP_ACTUAL = "地区生产总值614.8亿元,增长6.6%"


@pytest.fixture(scope="module")
def corpus():
    import gwr

    return gwr.open(demo_db())


@pytest.fixture(scope="module")
def client():
    from fastapi.testclient import TestClient

    with TestClient(app_for(demo_db())) as c:
        yield c


@pytest.fixture(scope="module")
def yueyanglou_report(corpus):
    docs = corpus.documents(region=YUEYANGLOU, kind="official_report")
    doc = docs[docs["region_code"] == YUEYANGLOU].iloc[0]
    facts = corpus.document_facts(int(doc["id"]))
    return int(doc["id"]), facts


def fact_id(facts, quote: str, kind: str) -> int:
    row = facts[(facts["quote"] == quote) & (facts["kind"] == kind)]
    assert len(row) == 1, (quote, kind)
    return int(row.iloc[0]["fact_id"])


def page(client, url: str, status: int = 200) -> HTMLParser:
    r = client.get(url)
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    return HTMLParser(r.text)


# -- overview ----------------------------------------------------------------------------------------
def test_overview_counts_reports_by_level_year_and_province(client, corpus):
    tree = page(client, "/")
    levels = corpus.document_counts("level")
    assert tree.css_first(".counts .n").text() == str(levels["count"].sum())
    rows = {r.css("td")[0].text(strip=True): r.css("td")[1].text() for r in tree.css("#by-level tbody tr")}
    assert rows["县级"] == str(int(levels.loc[levels["key"] == "county", "count"].iloc[0]))
    hunan = tree.css_first('#by-province td a[href="/regions/430000"]')
    assert hunan is not None and hunan.text() == "湖南省"
    years = [r.css("td")[0].text() for r in tree.css("#by-year tbody tr")]
    assert "2018年" in years and "年份不详" in years
    tips = [t.text() for t in tree.css("#by-province svg rect title")]
    n_hunan = int(corpus.document_counts("province_code").set_index("key").loc["430000", "count"])
    assert f"湖南省：{n_hunan}篇" in tips
    assert tree.css_first('form[action="/search"] input[name="q"]') is not None


# -- region ------------------------------------------------------------------------------------------
def test_region_page_lists_its_reports_and_gdp_timeline(client, yueyanglou_report):
    doc_id, facts = yueyanglou_report
    tree = page(client, f"/regions/{YUEYANGLOU}")
    assert tree.css_first("h1").text() == "岳阳楼区"
    report_links = [a.attributes["href"] for a in tree.css("#reports a")]
    assert f"/reports/{doc_id}" in report_links
    card = tree.css_first("#ind-gdp")
    assert card.css_first("h3").text() == "地区生产总值"
    links = {a.attributes["href"]: a.text() for a in card.css("td a")}
    assert links[f"/reports/{doc_id}#f{fact_id(facts, GDP_TARGET, 'target')}"] == "678亿元，增长9.5%"
    assert links[f"/reports/{doc_id}#f{fact_id(facts, GDP_ACTUAL, 'actual')}"] == "614.8亿元，增长6.6%"
    tips = [t.text() for t in card.css("svg title")]
    assert "2018 目标：9.5%" in tips and "2017 实际：6.6%" in tips


def test_region_breadcrumb_links_each_parent(client):
    """岳阳楼区 › its parents 湖南省 and 岳阳市 are links to their pages, which exist (they list its reports)."""
    crumbs = page(client, f"/regions/{YUEYANGLOU}").css_first("nav.crumbs")
    links = [(a.text(), a.attributes["href"]) for a in crumbs.css("a")]
    assert links == [("总览", "/"), ("湖南省", "/regions/430000"), ("岳阳市", "/regions/430600")]
    assert crumbs.text().endswith("岳阳楼区")
    for _, href in links[1:]:
        assert client.get(href).status_code == 200


@pytest.mark.parametrize("raw, shown", [
    ("标题：伊犁哈萨克自治州人民政府工作报告", "伊犁哈萨克自治州人民政府工作报告"),
    ("题目: 2019年政府工作报告", "2019年政府工作报告"),
    ("标 题：政府工作报告", "政府工作报告"),
    ("标题党", "标题党"),
    (None, "（无标题）"),
    ("字" * 61, "字" * 59 + "…"),
    ("字" * 60, "字" * 60),
])
def test_report_title_as_shown(raw, shown):
    from gwr.web.labels import report_title

    assert report_title(raw) == shown


def test_scraped_title_label_and_long_titles_are_not_shown(client, corpus):
    docs = corpus.documents()
    labelled = docs[docs["title"].str.startswith("标题：", na=False)]
    assert not labelled.empty  # the demo corpus has one (a scraped page header)
    doc = int(labelled.iloc[0]["id"])
    tree = page(client, f"/reports/{doc}")
    assert tree.css_first("h1").text() == labelled.iloc[0]["title"].removeprefix("标题：")
    assert "标题：" not in tree.css_first("title").text()
    long = docs[docs["title"].str.len() > 60]
    assert not long.empty
    for _, d in long.iterrows():
        h1 = page(client, f"/reports/{int(d['id'])}").css_first("h1")
        assert len(h1.text()) == 60 and h1.text().endswith("…") and h1.attributes["title"] == d["title"]


def test_report_pages_show_no_absolute_path(client, corpus):
    """The source file is named relative to the corpus it was ingested from, on every report page."""
    for doc in corpus.documents()["id"].head(40):
        html = client.get(f"/reports/{int(doc)}").text
        assert not re.search(r"(?<![\w.:/])/(?:tmp|home|root|work|usr|var|private|Users)/", html), doc
        path = page(client, f"/reports/{int(doc)}").css_first("dd.path")
        assert path is not None and not path.text().startswith("/"), path.text()


def test_region_by_name_redirects_to_its_code(client):
    r = client.get("/regions/岳阳楼区", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == f"/regions/{YUEYANGLOU}"


def test_town_page_keeps_to_the_town(client, corpus):
    """枨冲镇 has no code of its own: its page must not list the rest of its county (浏阳市)."""
    tree = page(client, "/regions/枨冲镇")
    own = corpus.documents(region="枨冲镇")
    assert set(own["region_name"]) == {"枨冲镇"}
    hrefs = {a.attributes["href"] for a in tree.css("#reports td a") if a.attributes["href"].startswith("/reports/")}
    assert hrefs == {f"/reports/{i}" for i in own["id"]}


def test_province_page_lists_reports_below_it(client, yueyanglou_report):
    doc_id, _ = yueyanglou_report
    tree = page(client, "/regions/430000")
    assert tree.css_first("h1").text() == "湖南省"
    below = {a.attributes["href"] for a in tree.css("#reports td a")}
    assert f"/reports/{doc_id}" in below and f"/regions/{YUEYANGLOU}" in below


def test_region_projects_link_into_the_reader(client, corpus):
    projects = corpus.projects(region="430500")  # 邵阳市: a listing page announces its battery project
    own = projects[projects["region_code"] == "430500"]
    assert not own.empty
    tree = page(client, "/regions/430500")
    hrefs = [a.attributes["href"] for a in tree.css("#projects a")]
    p = own.iloc[0]
    assert f"/reports/{p['document_id']}#j{p['project_id']}" in hrefs


def test_track_table_where_targets_meet_outcomes(client, corpus):
    """泗洪县 set 6.5%左右 GDP growth for 2020; its 2021 report gives 3.6%: missed, 2.9 points short."""
    tree = page(client, "/regions/321324")
    rows = corpus.track(region="321324")
    assert len(tree.css("#track tbody tr")) == len(rows[rows["region_code"] == "321324"])
    cells = {(r.css("td")[0].text(), r.css("td")[1].text()): [td.text(strip=True) for td in r.css("td")]
             for r in tree.css("#track tbody tr")}
    assert cells[("2020", "地区生产总值")][2:] == ["6.5%左右", "3.6%", "-2.9个百分点", "未完成"]
    gdp = rows[(rows["indicator"] == "gdp") & (rows["year"] == 2020)].iloc[0]
    links = [a.attributes["href"] for a in tree.css("#track tbody tr.status-missed a")]
    assert f"/reports/{gdp['target_document_id']}#f{gdp['target_fact_id']}" in links
    assert f"/reports/{gdp['outcome_document_id']}#f{gdp['outcome_fact_id']}" in links


@pytest.mark.parametrize("url", ["/regions/999999", "/regions/不存在县", "/reports/999999", "/reports/abc",
                                 "/no/such/page"])
def test_unknown_pages_answer_404_in_chinese(client, url):
    tree = page(client, url, status=404)
    assert tree.css_first("h1").text() == "未找到"
    assert tree.css_first("html").attributes["lang"] == "zh-CN"


def test_api_paths_keep_their_json_404(client):
    r = client.get("/api/no-such-endpoint")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")


# -- reader ------------------------------------------------------------------------------------------
def _marked_text(tree: HTMLParser, key: str) -> str:
    return "".join(el.text() for el in tree.css(".text .fx") if key in el.attributes["data-marks"].split())


def test_reader_marks_every_fact_at_its_exact_span(client, corpus, yueyanglou_report):
    doc_id, facts = yueyanglou_report
    tree = page(client, f"/reports/{doc_id}")
    assert len(facts) > 10
    for f in facts.itertuples():
        key = f"f{f.fact_id}"
        assert tree.css_first(f"#{key}") is not None, key
        assert _marked_text(tree, key) == f.quote, key
    target = tree.css_first(f"#f{fact_id(facts, GDP_TARGET, 'target')}").next
    assert "fx-target" in target.attributes["class"]


def test_reader_keeps_the_text_and_paragraph_anchors(client, corpus, yueyanglou_report):
    doc_id, _ = yueyanglou_report
    tree = page(client, f"/reports/{doc_id}")
    for p in corpus.paragraphs(doc_id).itertuples():
        el = tree.css_first(f"#p{p.number}")
        number = el.css_first(".pn").text()
        assert number == str(p.number)
        assert el.text()[len(number):] == p.text


def test_reader_outline_and_panel_data(client, corpus, yueyanglou_report):
    doc_id, facts = yueyanglou_report
    tree = page(client, f"/reports/{doc_id}")
    titles = [a.text() for a in tree.css(".outline li a")]
    assert titles[:2] == ["2017年工作回顾", "区域经济稳健发展"]
    data = json.loads(tree.css_first("#marks-data").text())
    gdp = data[f"f{fact_id(facts, GDP_TARGET, 'target')}"]
    assert (gdp["indicator"], gdp["value"], gdp["unit"], gdp["growth_pct"], gdp["year"], gdp["kind"]) == \
        ("gdp", 678, "亿元", 9.5, 2018, "target")
    assert gdp["indicator_name"] == "地区生产总值"
    assert len(data) == len(facts) + len(corpus.document_projects(doc_id))


def test_reader_marks_projects(client, corpus):
    projects = corpus.projects(region="430500")
    p = projects.iloc[0]
    tree = page(client, f"/reports/{p['document_id']}")
    assert _marked_text(tree, f"j{p['project_id']}") == p["quote"]


# -- search ------------------------------------------------------------------------------------------
def test_search_highlights_and_cites_into_the_reader(client, corpus):
    expected = corpus.search("棚户区改造", limit=20)
    tree = page(client, "/search?q=棚户区改造")
    hits = tree.css(".hit")
    assert len(hits) == min(20, expected.attrs["total"]) > 0
    assert {m.text() for m in tree.css(".hit mark")} == {"棚户区改造"}
    first = expected.iloc[0]
    cite = hits[0].css_first(".cite a")
    assert cite.attributes["href"] == f"/reports/{first['document_id']}#p{first['paragraph']}"
    assert cite.text() == first["citation"]
    assert f"共 {expected.attrs['total']} 个段落" in tree.css_first("#summary").text()


def test_search_filters_and_pages(client, corpus):
    total = corpus.search("地区生产总值").attrs["total"]
    county = corpus.search("地区生产总值", level="county", year=(2019, None))
    tree = page(client, "/search?q=地区生产总值&level=county&year_from=2019")
    assert f"共 {county.attrs['total']} 个段落" in tree.css_first("#summary").text()
    assert county.attrs["total"] < total
    assert tree.css_first('select[name="level"] option[selected]').attributes["value"] == "county"
    assert total > 20
    tree = page(client, "/search?q=地区生产总值")
    nxt = tree.css_first('.pager a[rel="next"]').attributes["href"]
    second = page(client, nxt)
    assert second.css_first(".hits").attributes["start"] == "21"
    assert {h.css_first(".cite a").attributes["href"] for h in second.css(".hit")}.isdisjoint(
        {h.css_first(".cite a").attributes["href"] for h in tree.css(".hit")})


def test_search_escapes_what_it_echoes(client):
    r = client.get("/search", params={"q": "<script>alert(1)</script>", "region": '"><b>x'})
    assert r.status_code == 200
    assert "<script>alert" not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert '"><b>x' not in r.text


# -- comparison --------------------------------------------------------------------------------------
def test_compare_growth_of_two_regions(client, corpus):
    table = corpus.compare(indicators=["gdp"], regions=[YUEYANGLOU, "321324"], measure="growth_pct")
    tree = page(client, f"/compare?indicator=gdp&region={YUEYANGLOU}&region=321324&measure=growth_pct")
    head = [th.text() for th in tree.css("#comparison thead th")][1:]
    assert head == [str(y) for y in table["gdp"].columns]
    rows = {r.css_first("th").text(): [td.text() for td in r.css("td")] for r in tree.css("#comparison tbody tr")}
    assert rows["岳阳楼区"][head.index("2017")] == "6.6"
    assert set(rows) == {"岳阳楼区", "泗洪县"}


def test_compare_values_in_yi_yuan(client):
    tree = page(client, f"/compare?indicator=gdp&region={YUEYANGLOU}&measure=value")
    assert "（亿元）" in tree.css_first("h2").text()
    cells = [td.text() for td in tree.css("#comparison tbody td")]
    assert "614.8" in cells


@pytest.mark.parametrize("measure, unit", [("value", "亿元"), ("growth_pct", "%")])
def test_compare_cells_link_to_their_sentence(client, corpus, measure, unit):
    """Every figure of the comparison opens the reader at the sentence it comes from, and says its unit."""
    tree = page(client, f"/compare?indicator=gdp&region={YUEYANGLOU}&region=321324&measure={measure}")
    assert f"（单位：{unit}）" in tree.css_first("#comparison thead th").text()
    cells = [td for td in tree.css("#comparison tbody td") if td.text().strip()]
    assert cells
    shown = corpus.compare(indicators=["gdp"], regions=[YUEYANGLOU, "321324"],
                           measure="growth_pct" if measure == "growth_pct" else "value_base").attrs["shown"]
    quotes = dict(zip(shown["fact_id"], shown["quote"]))
    for td in cells:
        a = td.css_first("a")
        assert a is not None and a.text() == td.text().strip(), td.html
        doc, fact = re.fullmatch(r"/reports/(\d+)#f(\d+)", a.attributes["href"]).groups()
        assert int(fact) in quotes and quotes[int(fact)] in a.attributes["title"]
        assert td.attributes["data-unit"] == unit and a.attributes["title"].startswith(a.text() + unit)
        reader = page(client, f"/reports/{doc}")
        assert reader.css_first(f"#f{fact}") is not None
    assert any(GDP_ACTUAL in td.css_first("a").attributes["title"] for td in cells) or measure == "growth_pct"


def test_compare_unknown_indicator(client):
    tree = page(client, "/compare?indicator=no_such_thing")
    assert "未知指标" in tree.css_first(".error").text()


def test_report_page_is_cached_until_the_corpus_changes(tmp_path):
    """A second reader gets the same page; a write (a new file) makes the next one rebuild it."""
    from fastapi.testclient import TestClient

    import gwr
    from gwr.web.app import Settings, create_app

    db = tmp_path / "c.sqlite"
    corpus = gwr.open(db)
    corpus.ingest([CORPUS_FILES[1]])
    app = create_app(Settings(db=str(db)))
    client = TestClient(app)
    doc = int(corpus.documents(kind="official_report").id.iloc[0])
    first = client.get(f"/reports/{doc}")
    assert first.status_code == 200 and len(app.state.page_cache) == 1
    assert client.get(f"/reports/{doc}").text == first.text
    before = corpus.generation()
    corpus.ingest([CORPUS_FILES[0]])
    assert corpus.generation() > before
    assert client.get(f"/reports/{doc}").text == first.text  # rebuilt, the same report
    assert len(app.state.page_cache) == 1  # the former generation's pages are dropped
    assert client.get("/reports/999999").status_code == 404 and len(app.state.page_cache) == 1


def test_region_page_lists_plan_commitments(tmp_path):
    """岳阳楼区's 2018 plan items appear on its page, each linking into its report."""
    from fastapi.testclient import TestClient

    import gwr
    from gwr.web.app import Settings, create_app

    db = tmp_path / "c.sqlite"
    corpus = gwr.open(db)
    corpus.ingest([CORPUS_FILES[1]])
    doc = corpus.documents(kind="official_report").iloc[0]
    client = TestClient(create_app(Settings(db=str(db))))
    html = client.get(f"/regions/{doc.region_code}").text
    section = HTMLParser(html).css_first("#commitments")
    rows = section.css("tbody tr")
    expected = corpus.commitments(region=doc.region_code)
    assert len(rows) == len(expected) >= 10
    assert all(r.css_first("a").attributes["href"].startswith(f"/reports/{doc.id}?mark=c") for r in rows)
    first = expected.sort_values(["year", "document_id"]).iloc[0]
    assert first.quote in section.html


def test_region_page_heat_map_with_evidence(tmp_path):
    """Topics × years of the region's reports; each cell carries the sentences that produced it."""
    from fastapi.testclient import TestClient

    import gwr
    from gwr.web.app import Settings, create_app

    db = tmp_path / "c.sqlite"
    corpus = gwr.open(db)
    corpus.ingest([CORPUS_FILES[1]])
    doc = corpus.documents(kind="official_report").iloc[0]
    html = TestClient(create_app(Settings(db=str(db)))).get(f"/regions/{doc.region_code}").text
    section = HTMLParser(html).css_first("#attention")
    expected = corpus.attention(by="region-year", region=doc.region_code, evidence=5)
    expected = expected[expected.region_code == doc.region_code]
    buttons = section.css(".evidence-toggle")
    assert len(buttons) == len(expected) >= 5
    env = expected[expected.topic == "environment"].iloc[0]
    box = section.css_first(f"#a-environment-{int(env.report_year)}")
    assert box is not None and "hidden" in box.attributes
    assert [li.text() for li in box.css("li")] == [e["highlighted"] for e in env.evidence]


# -- "下载 CSV" links: the rows shown, as a file -------------------------------------------------------
def _csv(client, tree):
    import io

    import pandas as pd

    a = tree.css_first("a.csv")
    assert a is not None and a.text() == "下载 CSV"
    r = client.get(a.attributes["href"])
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv"), a.attributes["href"]
    return pd.read_csv(io.BytesIO(r.content), encoding="utf-8-sig")


def test_search_csv_link_has_the_hits_shown(client):
    tree = page(client, f"/search?q=地区生产总值&region={YUEYANGLOU}&year_from=2017&year_to=2019")
    shown = [a.attributes["href"] for a in tree.css("ol.hits p.cite > a")]
    assert shown
    df = _csv(client, tree)
    total = int(re.search(r"共 (\d+) 个段落", tree.css_first("#summary").text()).group(1))
    assert len(df) == total
    assert [f"/reports/{d}#p{p}" for d, p in zip(df["document_id"], df["paragraph"])][:len(shown)] == shown


@pytest.mark.parametrize("measure", ["value", "growth_pct"])
def test_compare_csv_link_has_the_rows_shown(client, measure):
    tree = page(client, f"/compare?indicator=gdp&region={YUEYANGLOU}&region=321324&measure={measure}")
    rows = {r.css_first("th").text(): [td.text() for td in r.css("td")] for r in tree.css("#comparison tbody tr")}
    years = [th.text() for th in tree.css("#comparison thead th")][1:]
    df = _csv(client, tree)
    names = [re.sub(r"\s*\(\d{6}\)$", "", str(x)) for x in df.iloc[:, 0]]
    assert sorted(names) == sorted(rows)
    scale = 1e8 if measure == "value" else 1.0
    for i, name in enumerate(names):
        for year, cell in zip(years, rows[name]):
            got = df.loc[i, next(c for c in df.columns if str(c).endswith(year))]
            if cell:
                assert abs(float(got) / scale - float(cell.replace(",", ""))) < 0.05, (name, year, cell, got)


@pytest.mark.parametrize("region, section, column, mark", [
    (YUEYANGLOU, "track", "target_fact_id", "f"), ("530300", "periods", "fact_id", "f"),
    ("430000", "projects", "project_id", "j")])  # 湖南省: its own projects, not those of the places below
def test_region_csv_links_have_the_rows_shown(client, region, section, column, mark):
    """Each table of a region page links to the export of its own rows (``below=false``), the same rows."""
    part = page(client, f"/regions/{region}").css_first(f"section#{section}")
    rows = part.css("tbody tr")
    assert rows
    df = _csv(client, part)
    assert len(df) == len(rows)
    shown = {int(m) for a in part.css("tbody a") for m in re.findall(rf"#{mark}(\d+)$", a.attributes["href"])}
    assert shown and shown <= {int(v) for v in df[column].dropna()}


@pytest.mark.parametrize("query", ["", "?year=2018", "?level=county"])
def test_attention_csv_link_has_the_rows_shown(client, query):
    tree = page(client, "/attention" + query)
    rows = tree.css("#attention tbody tr")
    topics = len(tree.css("#attention thead th")) - 2
    assert rows and topics
    df = _csv(client, tree)
    shown = {(r.css_first("th").text(), int(r.css_first("td").text())) for r in rows}
    assert df["topic"].nunique() == topics
    assert set(zip(df["region_name"], df["report_year"].astype(int))) == shown


# -- home page: every region as a tree, the latest reports --------------------------------------------
def test_overview_tree_holds_every_region_with_its_count(client, corpus):
    tree = page(client, "/").css_first("#regions")
    counts = corpus.region_counts()
    root = tree.css_first("details.region > summary .n")
    assert int(root.text()) == int(counts["count"].sum())  # the nation's node totals every report
    assert len(tree.css("details.region[open]")) == 1  # the nation opened; everything below folded
    links = {a.attributes["href"] for a in tree.css("a")}
    for code in set(counts["successor_code"].fillna(counts["region_code"]).dropna()):
        assert f"/regions/{code}" in links, code
    own = counts[(counts["region_code"] == YUEYANGLOU) & counts["successor_code"].isna()]["count"].sum()
    leaf = tree.css_first(f'a[href="/regions/{YUEYANGLOU}"]').parent  # a leaf: its own reports are all it has
    assert leaf.css_first(".n").text() == str(own) and own
    hunan = tree.css_first('summary:has(a[href="/regions/430000"]) .n')
    n_hunan = counts[counts["province_code"] == "430000"]["count"].sum()
    own_hunan = counts[counts["region_code"] == "430000"]["count"].sum()
    assert hunan.text() == str(n_hunan) and hunan.attributes["title"] == f"本级 {own_hunan} 篇，含下辖共 {n_hunan} 篇"
    # a town, which has no code, sits under its county, under its prefecture and province
    town = next(a for a in tree.css("a") if a.text() == "史家寨乡")
    ancestors = []
    node = town.parent
    while node is not None:
        if node.tag == "details":
            ancestors.append(node.css_first("summary a").text())
        node = node.parent
    assert ancestors[:4] == ["阜平县", "保定市", "河北省", "中华人民共和国"]


def test_overview_lists_the_latest_reports_and_pages_on(client, corpus):
    from gwr.web.pages import LATEST

    tree = page(client, "/")
    rows = tree.css("#latest tbody tr")
    expected = corpus.page("latest", limit=LATEST + 5)
    assert len(rows) == LATEST < expected.attrs["total"]
    assert [r.css_first("td:nth-child(4) a").attributes["href"] for r in rows] == \
        [f"/reports/{i}" for i in expected["id"][:LATEST]]
    years = [int(r.css_first("td").text()) for r in rows if r.css_first("td").text().isdigit()]
    assert years == sorted(years, reverse=True)
    more = tree.css_first("#latest p.more a").attributes["href"]
    second = page(client, more)
    assert int(re.search(r"共 (\d+) 篇", second.css_first("#summary").text()).group(1)) == expected.attrs["total"]
    first_ids = [a.attributes["href"] for a in page(client, "/reports").css("tbody td:nth-child(4) a")]
    assert first_ids[:LATEST + 5] == [f"/reports/{i}" for i in expected["id"]]
    page(client, "/reports?page=999", status=404)


# -- attention cell: the sentences behind it, each a link into the reader ----------------------------------
def test_attention_cell_opens_a_page_of_its_sentences(client):
    heat = page(client, "/attention?year=2018")
    a = heat.css_first('#attention td.heat-cell a[href^="/attention/cell"]')
    cell = page(client, a.attributes["href"])
    assert cell.css_first("h1").text().strip()
    json_href = cell.css_first("a.json").attributes["href"]
    rows = client.get(json_href).json()["items"]
    expected = [e for r in rows for e in r["evidence"]]
    sentences = cell.css("ol.sentences a.sentence")
    assert expected and len(sentences) == len(expected)
    for link, e in zip(sentences, expected):
        assert link.text() == e["quote"]
        assert [m.text() for m in link.css("mark")] == [m["quote"] for m in e["matches"]]
        r = client.get(link.attributes["href"], follow_redirects=False)
        assert r.status_code == 307
        target = r.headers["location"]
        number = int(target.rsplit("#p", 1)[1])
        reader = page(client, target.split("#")[0])
        para = reader.css_first(f"#p{number}")
        assert para is not None and e["quote"][:20] in para.text(), (target, e["quote"])
    df = _csv(client, cell)
    assert list(df["quote"]) == [e["quote"] for e in expected]
    assert list(df["start"]) == [e["span"][0] for e in expected]


# -- the region page's other tables: each its own "下载 CSV" --------------------------------------------
def _links(part, pattern):
    return [m for a in part.css("a") for m in re.findall(pattern, a.attributes.get("href") or "")]


def test_region_timeline_csv_links_have_the_figures_shown(client):
    section = page(client, f"/regions/{YUEYANGLOU}").css_first("section#timelines")
    cards = section.css("article.indicator")
    assert cards
    every = set()
    for card in cards:
        shown = {int(f) for f in _links(card, r"#f(\d+)$")}
        df = _csv(client, card)
        assert set(df["fact_id"]) == shown and len(df) == len(shown)
        assert df["quote"].notna().all() and (df["end"] > df["start"]).all()
        every |= shown
    whole = _csv(client, section.css_first("#timelines-download"))
    assert set(whole["fact_id"]) == every


def test_region_commitments_csv_link_has_the_items_shown(client):
    import json as _json

    section = page(client, f"/regions/{YUEYANGLOU}").css_first("section#commitments")
    rows = section.css("tbody tr")
    assert rows
    df = _csv(client, section)
    assert len(df) == len(rows)
    starts = {_json.loads(s)[0] for s in df["span"]}
    assert {int(s) for s in _links(section, r"\?mark=c(\d+)$")} == starts
    assert [r.css("td")[-1].css_first("a").attributes["title"] for r in rows] == list(df["quote"])


def test_region_heat_map_csv_link_has_the_cells_shown(client):
    section = page(client, f"/regions/{YUEYANGLOU}").css_first("section#attention")
    cells = {b.attributes["data-target"] for b in section.css(".evidence-toggle")}
    df = _csv(client, section)
    assert {f"a-{t}-{int(y)}" for t, y in zip(df["topic"], df["report_year"])} == cells
    assert df["evidence"].str.contains('"span"').any()  # the sentences, with their spans
    box = section.css_first(".evidence a.cell-page")
    assert page(client, box.attributes["href"]).css("ol.sentences li")


def test_region_document_csv_links_have_the_documents_shown(client):
    section = page(client, "/regions/430000").css_first("section#reports")
    tables = section.css("table")
    own = {int(i) for i in _links(tables[0], r"^/reports/(\d+)$")}
    below = {int(i) for i in _links(tables[1], r"^/reports/(\d+)$")}
    assert own and below and not own & below
    assert set(_csv(client, section.css_first("#own-docs-download"))["id"]) == own
    assert set(_csv(client, section.css_first("#all-docs-download"))["id"]) == own | below


@pytest.mark.parametrize("section", ["by-level", "by-year", "by-province"])
def test_overview_count_csv_links_have_the_rows_shown(client, section):
    part = page(client, "/").css_first(f"section#{section}")
    shown = [int(r.css("td")[1].text()) for r in part.css("tbody tr")]
    df = _csv(client, part)
    assert sorted(df["count"]) == sorted(shown) and len(df) == len(shown)


def test_overview_tree_csv_link_has_every_region(client, corpus):
    df = _csv(client, page(client, "/").css_first("section#regions"))
    assert df["count"].sum() == corpus.region_counts()["count"].sum() == corpus.document_counts("level")["count"].sum()
