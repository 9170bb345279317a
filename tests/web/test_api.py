"""The REST API over the real seed corpus: pages, filters, spans, exports, errors and uploads.

Read tests take ``client`` and run on SQLite and on a real PostgreSQL server;
the rest run on SQLite.  Expected figures come from the Python API over the
same database, so a test fails when the shell and the library disagree.
"""
from __future__ import annotations

import io
import json
import os
import sqlite3

import pandas as pd
import pytest
from fastapi.testclient import TestClient

import gwr
from gwr.web.api import MAX_LIMIT
from gwr.web.app import Settings, create_app

from corpus_data import CORPUS_FILES, SAMPLES, needs_shared

pytestmark = needs_shared

LISTS = ["/api/files", "/api/documents", "/api/facts", "/api/targets", "/api/actuals", "/api/projects",
         "/api/search?q=增长", "/api/compare?indicator=gdp", "/api/documents/{doc}/paragraphs",
         "/api/documents/{doc}/sections", "/api/track", "/api/check"]


def split(url: str) -> tuple[str, dict[str, str]]:
    """httpx replaces a URL's query by ``params``; keep both."""
    path, _, query = url.partition("?")
    return path, dict(p.split("=") for p in query.split("&") if p)


def ok(r) -> dict:
    assert r.status_code == 200, r.text
    return r.json()


def error_of(r, status: int) -> dict:
    """The one error shape, with no traceback in it."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    err = r.json()["error"]
    assert err["code"] and err["message"] and "Traceback" not in r.text
    return err


def a_report(client) -> dict:
    """The official report with the most sections (many paragraphs, facts and sections to page through)."""
    docs = ok(client.get("/api/documents", params={"kind": "official_report", "limit": MAX_LIMIT}))["items"]
    best = max(docs, key=lambda d: d["span"][1] - d["span"][0])
    return ok(client.get(f"/api/documents/{best['id']}"))


def id_of(item: dict) -> object:
    for key in ("id", "fact_id", "project_id", "paragraph_id"):
        if key in item:
            return item[key]
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


@pytest.mark.parametrize("path", LISTS)
def test_every_list_endpoint_pages(client, path):
    url, params = split(path.format(doc=a_report(client)["id"]))
    first = ok(client.get(url, params=params | {"limit": 2}))
    assert first["total"] >= 3 and first["limit"] == 2 and first["offset"] == 0 and len(first["items"]) == 2
    second = ok(client.get(url, params=params | {"limit": 2, "offset": 1}))
    assert second["total"] == first["total"] and id_of(second["items"][0]) == id_of(first["items"][1])
    past = ok(client.get(url, params=params | {"limit": 2, "offset": first["total"]}))
    assert past["items"] == [] and past["total"] == first["total"]
    error_of(client.get(url, params=params | {"limit": MAX_LIMIT + 1}), 422)


def test_walking_the_pages_gives_every_row_once(client):
    total = ok(client.get("/api/facts", params={"limit": 1}))["total"]
    seen = []
    for offset in range(0, total, 97):
        seen += [f["fact_id"] for f in ok(client.get("/api/facts", params={"limit": 97, "offset": offset}))["items"]]
    assert len(seen) == len(set(seen)) == total


def test_region_level_and_year_filters(client):
    docs = ok(client.get("/api/documents", params={"region": "湖南省", "limit": MAX_LIMIT}))
    assert docs["total"] >= 3 and all(d["province_code"] == "430000" for d in docs["items"])
    by_code = ok(client.get("/api/documents", params={"region": "430000", "limit": MAX_LIMIT}))
    assert {d["id"] for d in by_code["items"]} == {d["id"] for d in docs["items"]}
    counties = ok(client.get("/api/documents", params={"level": "county,district", "limit": MAX_LIMIT}))["items"]
    assert counties and {d["level"] for d in counties} == {"county", "district"}
    ranged = ok(client.get("/api/actuals", params={"year": "2017-2020", "indicator": "gdp", "limit": MAX_LIMIT}))
    assert ranged["items"] and all(2017 <= f["year"] <= 2020 and f["indicator"] == "gdp" for f in ranged["items"])
    listed = ok(client.get("/api/targets", params={"year": "2019,2021", "limit": MAX_LIMIT}))["items"]
    assert listed and {f["year"] for f in listed} <= {2019, 2021}
    assert ok(client.get("/api/facts", params={"kind": "other", "limit": 5}))["items"][0]["kind"] == "other"


def test_filters_agree_with_the_python_api(client):
    corpus = gwr.open(client.db)
    for path, frame in [("/api/targets", corpus.targets(region="湖南省", year=(2016, None))),
                        ("/api/projects", corpus.projects(region="湖南省", year=(2016, None)))]:
        assert ok(client.get(path, params={"region": "湖南省", "year": "2016-", "limit": 1}))["total"] == len(frame)


def test_a_facts_quote_is_the_text_at_its_span(client):
    facts = ok(client.get("/api/facts", params={"limit": 60}))["items"]
    files = {}
    for f in facts:
        doc = ok(client.get(f"/api/documents/{f['document_id']}"))
        start, end = f["span"]
        part = ok(client.get(f"/api/files/{doc['file_id']}/text", params={"start": start, "end": end}))
        assert part["text"] == f["quote"] and part["span"] == [start, end]
        files.setdefault(doc["file_id"], ok(client.get(f"/api/files/{doc['file_id']}/text"))["text"])
        assert files[doc["file_id"]][start:end] == f["quote"]


def test_a_document_has_its_sections_paragraphs_and_text(client):
    doc = a_report(client)
    assert doc["sections"] and [s["ordinal"] for s in doc["sections"]] == sorted(s["ordinal"] for s in doc["sections"])
    text = ok(client.get(f"/api/documents/{doc['id']}/text"))
    assert text["span"] == doc["span"] and len(text["text"]) == doc["span"][1] - doc["span"][0]
    lo = doc["span"][0]
    for s in doc["sections"]:
        assert doc["span"][0] <= s["span"][0] <= s["span"][1] <= doc["span"][1]
        assert s["title"] in text["text"][s["heading_span"][0] - lo:s["heading_span"][1] - lo]
    paras = ok(client.get(f"/api/documents/{doc['id']}/paragraphs", params={"limit": MAX_LIMIT}))["items"]
    assert [p["number"] for p in paras] == list(range(1, len(paras) + 1))
    for p in paras:
        assert text["text"][p["span"][0] - lo:p["span"][1] - lo] == p["text"]


def test_search_hits_carry_snippet_citation_and_span(client):
    page = ok(client.get("/api/search", params={"q": "棚户区改造", "limit": 10}))
    assert page["query"] == "棚户区改造" and page["total"] >= len(page["items"]) > 0
    for hit in page["items"]:
        assert "<mark>" in hit["snippet"] and hit["citation"].endswith(f"第{hit['paragraph']}段")
        assert "棚户区改造" in hit["text"]
        doc = ok(client.get(f"/api/documents/{hit['document_id']}"))
        start, end = hit["span"]
        assert ok(client.get(f"/api/files/{doc['file_id']}/text",
                             params={"start": start, "end": end}))["text"] == hit["text"]
    hunan = ok(client.get("/api/search", params={"q": "增长", "region": "湖南省", "limit": MAX_LIMIT}))["items"]
    assert hunan and all(h["region_code"] and h["region_code"][:2] == "43" for h in hunan if h["region_code"])


def test_unknown_values_are_null_not_nan(client):
    r = client.get("/api/targets", params={"limit": MAX_LIMIT})
    assert "NaN" not in r.text
    items = ok(r)["items"]
    assert any(t["value"] is None and t["growth_pct"] is not None for t in items)


def test_compare_rows_are_the_latest_statement(client):
    rows = ok(client.get("/api/compare", params={"indicator": "gdp", "measure": "growth_pct", "limit": MAX_LIMIT}))
    table = gwr.open(client.db).compare(indicators=["gdp"], measure="growth_pct")
    assert rows["total"] == int(table.notna().sum().sum())
    for r in rows["items"]:
        assert r["indicator"] == "gdp" and table.loc[r["region"], ("gdp", r["year"])] == pytest.approx(r["value"])


def test_stats_are_the_corpus_counts(client):
    stats = ok(client.get("/api/stats"))
    assert stats == json.loads(json.dumps(gwr.open(client.db).stats()))


@pytest.mark.parametrize("table", ["track", "check"])
def test_tracking_and_checks_cite_facts(sqlite_client, table):
    items = ok(sqlite_client.get(f"/api/{table}", params={"limit": MAX_LIMIT}))["items"]
    assert items
    fact_ids = {f["fact_id"] for f in ok(sqlite_client.get("/api/facts", params={"limit": 1}))["items"]} | {
        f["fact_id"] for off in range(0, 1400, MAX_LIMIT)
        for f in ok(sqlite_client.get("/api/facts", params={"limit": MAX_LIMIT, "offset": off}))["items"]}
    cited = [i["target_fact_id"] for i in items] if table == "track" else [x for i in items for x in i["fact_ids"]]
    assert cited and set(cited) <= fact_ids


# -- export -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx", "json"])
def test_export_streams_every_matching_row(sqlite_client, fmt):
    r = sqlite_client.get(f"/api/export/targets.{fmt}", params={"indicator": "gdp"})
    assert r.status_code == 200, r.text
    assert f'filename="targets.{fmt}"' in r.headers["content-disposition"]
    data = io.BytesIO(r.content)
    df = {"csv": lambda: pd.read_csv(data, encoding="utf-8-sig"), "parquet": lambda: pd.read_parquet(data),
          "xlsx": lambda: pd.read_excel(data), "json": lambda: pd.read_json(data)}[fmt]()
    listed = ok(sqlite_client.get("/api/targets", params={"indicator": "gdp", "limit": MAX_LIMIT}))
    assert len(df) == listed["total"] == len(listed["items"]) and set(df["indicator"]) == {"gdp"}
    assert list(df["quote"]) == [t["quote"] for t in listed["items"]]


def test_export_of_compare_needs_an_indicator(sqlite_client):
    assert sqlite_client.get("/api/export/compare.csv", params={"indicator": "gdp"}).status_code == 200


# -- errors -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("url, status, code", [
    ("/api/documents/999999", 404, "not_found"),
    ("/api/documents/999999/paragraphs", 404, "not_found"),
    ("/api/files/999999", 404, "not_found"),
    ("/api/files/999999/text", 404, "not_found"),
    ("/api/no-such-endpoint", 404, "not_found"),
    ("/api/documents/abc", 422, "validation_error"),
    ("/api/facts?limit=0", 422, "validation_error"),
    ("/api/search", 422, "validation_error"),
    ("/api/compare?indicator=gdp&measure=mean", 422, "validation_error"),
    ("/api/export/facts.doc", 422, "validation_error"),
    ("/api/facts?year=last", 422, "validation_error"),
    ("/api/documents?year=2017-2020-", 422, "validation_error"),
    ("/api/facts?year=123456789012345678901", 422, "validation_error"),
    ("/api/search?q=%00", 422, "validation_error"),
    ("/api/documents?region=%E6%B9%96%00", 422, "validation_error"),
    ("/api/export/compare.csv", 422, "validation_error"),
])
def test_errors_are_json(client, url, status, code):
    assert error_of(client.get(url), status)["code"] == code


def test_a_span_is_cut_as_python_slices(sqlite_client):
    text = ok(sqlite_client.get("/api/files/1/text"))["text"]
    assert ok(sqlite_client.get("/api/files/1/text", params={"start": 10, "end": 5}))["text"] == text[10:5] == ""
    tail = ok(sqlite_client.get("/api/files/1/text", params={"start": len(text) - 3, "end": len(text) + 99}))
    assert tail["text"] == text[-3:] and tail["span"] == [len(text) - 3, len(text)]


def test_validation_errors_name_the_field(sqlite_client):
    err = error_of(sqlite_client.get("/api/facts", params={"limit": "many"}), 422)
    assert err["details"][0]["loc"] == ["query", "limit"] and "limit" in err["message"]


def test_a_wrong_method_is_405_with_allow(sqlite_client):
    r = sqlite_client.delete("/api/documents")
    assert error_of(r, 405)["code"] == "method_not_allowed" and r.headers["allow"] == "GET"


def test_an_unexpected_failure_is_a_500_without_traceback(tmp_path):
    """A database broken under the server (a table dropped by hand) must not leak a traceback."""
    db = tmp_path / "broken.sqlite"
    gwr.open(db).ingest([SAMPLES / "qinghe_county_2024.txt"])
    with TestClient(create_app(Settings(db=str(db))), raise_server_exceptions=False) as client:
        assert ok(client.get("/api/facts"))["total"] > 0
        with sqlite3.connect(db) as conn:
            conn.execute("DROP TABLE projects")
        err = error_of(client.get("/api/projects"), 500)
        assert err["code"] == "internal_error" and "OperationalError" in err["message"]
        assert "projects" not in err["message"]  # no SQL or schema detail either
        assert ok(client.get("/api/facts"))["total"] > 0  # and the server carries on


def test_the_pages_keep_their_own_errors(sqlite_client):
    """API errors are JSON; a path outside /api is not turned into the API's shape."""
    r = sqlite_client.get("/no-such-page-anywhere")
    assert r.status_code == 404 and "error" not in (r.json() if "json" in r.headers["content-type"] else {})


# -- uploads ----------------------------------------------------------------------------------------
@pytest.fixture()
def writable(tmp_path):
    """An app over an empty database that accepts uploads of up to 1 MB with the token ``s3cret``."""
    settings = Settings(db=str(tmp_path / "up.sqlite"), upload_token="s3cret", max_upload_mb=1,
                        upload_dir=str(tmp_path / "uploads"))
    with TestClient(create_app(settings)) as client:
        client.uploads = tmp_path / "uploads"
        yield client


AUTH = {"Authorization": "Bearer s3cret"}


def report_file(name: str = "qinghe_county_2024.txt") -> tuple[str, bytes, str]:
    return (name, (SAMPLES / "qinghe_county_2024.txt").read_bytes(), "text/plain")


def test_uploads_are_refused_by_a_read_only_server(sqlite_client):
    r = sqlite_client.post("/api/files", files={"files": report_file()}, headers=AUTH)
    assert error_of(r, 403)["code"] == "read_only"


def test_uploads_need_the_right_token(writable):
    r = writable.post("/api/files", files={"files": report_file()})
    assert error_of(r, 401)["code"] == "unauthorized" and r.headers["www-authenticate"] == "Bearer"
    r = writable.post("/api/files", files={"files": report_file()}, headers={"Authorization": "Bearer guess"})
    assert error_of(r, 403)["code"] == "forbidden"
    r = writable.post("/api/files", files={"files": report_file()}, headers={"Authorization": "Basic s3cret"})
    assert error_of(r, 401)["code"] == "unauthorized"
    assert ok(writable.get("/api/files"))["total"] == 0 and not writable.uploads.exists()


def test_uploads_above_the_limit_are_413(writable):
    big = ("big.txt", (SAMPLES / "qinghe_county_2024.txt").read_bytes() * 400, "text/plain")
    assert len(big[1]) > 1024 * 1024
    assert error_of(writable.post("/api/files", files={"files": big}, headers=AUTH), 413)["code"] == "payload_too_large"
    assert ok(writable.get("/api/files"))["total"] == 0


@pytest.mark.parametrize("name", ["report.exe", "report", "report.txt.sh", "report.doc"])
def test_uploads_of_other_types_are_415(writable, name):
    r = writable.post("/api/files", files=[("files", report_file()), ("files", (name, b"MZ\x90\x00", "x/y"))],
                      headers=AUTH)
    assert error_of(r, 415)["code"] == "unsupported_media_type" and name in r.json()["error"]["message"]
    assert ok(writable.get("/api/files"))["total"] == 0  # nothing of a refused request is stored


def test_uploads_with_the_token_are_ingested(writable):
    r = ok(writable.post("/api/files", files=[("files", report_file()),
                                              ("files", ("松岭.html", (SAMPLES / "songling_city_2025.html").read_bytes(),
                                                         "text/html"))], headers=AUTH))
    assert [o["status"] for o in r["files"]] == ["added", "added"]
    first = r["files"][0]
    assert first["stored_as"] == "qinghe_county_2024.txt" and first["documents"] >= 1 and first["facts"] > 0
    assert (writable.uploads / "qinghe_county_2024.txt").exists() and (writable.uploads / "松岭.html").exists()
    stored = ok(writable.get(f"/api/files/{first['file_id']}"))
    assert stored["path"] == "qinghe_county_2024.txt"  # relative to the upload directory, never the server's path
    assert ok(writable.get("/api/targets"))["total"] > 0

    again = ok(writable.post("/api/files", files={"files": report_file()}, headers=AUTH))
    assert again["files"][0]["status"] == "unchanged"
    name, data, mime = report_file()
    changed = ok(writable.post("/api/files", files={"files": (name, data + "\n附：补充说明。\n".encode(), mime)},
                               headers=AUTH))
    assert changed["files"][0]["status"] == "replaced"
    assert ok(writable.get("/api/files"))["total"] == 2


@pytest.mark.parametrize("client_name, stored", [("../../etc/passwd.txt", "passwd.txt"),
                                                 ("C:\\Users\\x\\..\\报告 2024.txt", "报告_2024.txt"),
                                                 ("..txt", "upload.txt"), (".hidden.md", "hidden.md")])
def test_the_clients_file_name_never_becomes_a_path(writable, client_name, stored):
    r = ok(writable.post("/api/files", files={"files": (client_name, report_file()[1], "text/plain")}, headers=AUTH))
    # (python-multipart itself drops a Windows directory from the name it hands over)
    assert r["files"][0]["filename"] in (client_name, client_name.split("\\")[-1])
    assert r["files"][0]["stored_as"] == stored
    assert [p.name for p in writable.uploads.iterdir()] == [stored]


def test_a_broken_upload_fails_alone_with_its_reason(writable):
    r = ok(writable.post("/api/files", files=[("files", ("broken.docx", b"PK\x03\x04 not really a zip", "x/y")),
                                              ("files", report_file())], headers=AUTH))
    broken, good = r["files"]
    assert broken["status"] == "failed" and "E10" in broken["error"] and "\n" not in broken["error"]
    assert str(writable.uploads.resolve()) not in broken["error"] and "/tmp" not in broken["error"]  # no server path
    assert good["status"] == "added"
    assert sorted(p.name for p in writable.uploads.iterdir()) == ["qinghe_county_2024.txt"]


def test_corpus_files_reach_the_api(sqlite_client):
    """Every seed file is listed once, by its name relative to what was ingested (never an absolute path)."""
    paths = {f["path"] for f in ok(sqlite_client.get("/api/files", params={"limit": MAX_LIMIT}))["items"]}
    assert {p.name for p in CORPUS_FILES} <= paths
    assert not any(os.path.isabs(p) for p in paths)


def test_commitments_quote_their_file_text(sqlite_client):
    """Plan items of the stored reports, each quote being the file's text at its span."""
    c = sqlite_client
    body = ok(c.get("/api/commitments", params={"limit": 20}))
    assert body["total"] >= 20 and len(body["items"]) == 20
    docs = {}
    for item in body["items"]:
        assert item["verb"] and item["object"] and item["value"] is not None and item["section_path"]
        doc = docs.setdefault(item["document_id"], ok(c.get(f"/api/documents/{item['document_id']}")))
        text = ok(c.get(f"/api/files/{doc['file_id']}/text", params={"start": item["span"][0],
                                                                      "end": item["span"][1]}))["text"]
        assert text == item["quote"]
