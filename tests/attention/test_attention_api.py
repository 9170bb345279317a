"""``GET /api/attention``: the REST shell over ``Corpus.attention``, on a real SQLite database."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import gwr
from corpus_data import needs_shared
from gwr.web.app import Settings, create_app

pytestmark = needs_shared


@pytest.fixture(scope="module")
def client(attention_db):
    with TestClient(create_app(Settings(db=str(attention_db)))) as c:
        c.db = attention_db
        yield c


def ok(r) -> dict:
    assert r.status_code == 200, r.text
    return r.json()


def test_attention_api_region_year_equals_the_python_api(client):
    page = ok(client.get("/api/attention", params={"topic": ["digital", "environment"], "limit": 500}))
    df = gwr.open(client.db).attention(by="region-year", topics=["digital", "environment"])
    assert page["total"] == len(df) and page["version"] == df.attrs["version"] and page["by"] == "region-year"
    assert [(r["region_name"], r["report_year"], r["topic"], r["count"]) for r in page["items"]] == \
        list(zip(df["region_name"], df["report_year"], df["topic"], df["count"]))
    assert page["skipped_documents"] == df.attrs["skipped"]


def test_attention_api_pages_and_evidence_spans(client):
    first = ok(client.get("/api/attention", params={"by": "document", "limit": 3, "evidence": 2}))
    second = ok(client.get("/api/attention", params={"by": "document", "limit": 3, "offset": 1}))
    assert first["items"][1]["topic"] == second["items"][0]["topic"] and first["total"] == second["total"]
    for row in first["items"]:
        assert len(row["evidence"]) == min(2, row["sentences_with"])
        for e in row["evidence"]:
            text = ok(client.get(f"/api/documents/{e['document_id']}/text"))
            doc_start = text["span"][0]
            assert text["text"][e["span"][0] - doc_start:e["span"][1] - doc_start] == e["quote"]


def test_attention_api_by_section_has_roles(client):
    rows = ok(client.get("/api/attention", params={"by": "section", "topic": "livelihood", "limit": 500}))["items"]
    assert {"review", "plan"} <= {r["role"] for r in rows}


@pytest.mark.parametrize("params", [{"dictionary": "/etc/passwd"}, {"topic": "no_such_topic"},
                                    {"by": "province"}, {"evidence": 11}, {"year": "soon"}])
def test_attention_api_refuses_bad_parameters(client, params):
    r = client.get("/api/attention", params=params)
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"


def test_attention_api_kind_and_filters(client):
    every = ok(client.get("/api/attention", params={"by": "document", "topic": "urban", "kind": "official_report,"
                                                    "report_excerpt,commentary,news,boilerplate", "limit": 500}))
    reports = ok(client.get("/api/attention", params={"by": "document", "topic": "urban", "limit": 500}))
    assert every["total"] > reports["total"] > 0
    assert {r["kind"] for r in reports["items"]} <= {"official_report", "report_excerpt"}
    hunan = ok(client.get("/api/attention", params={"region": "湖南省", "topic": "urban", "limit": 500}))["items"]
    assert hunan and all(r["region_code"] is None or r["region_code"].startswith("43") for r in hunan)
