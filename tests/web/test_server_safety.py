"""What a public server must not give away or allow: absolute paths, framing, sniffing, bad parameters."""
from __future__ import annotations

import os
import re

import pytest

from corpus_data import needs_shared

pytestmark = needs_shared

ABSOLUTE = re.compile(r"(?<![\w.:/])/(?:tmp|home|root|work|usr|var|private)/")


@pytest.mark.parametrize("url", ["/", "/api/stats", "/static/gwr.css", "/no/such/page", "/api/no-such", "/search?q=发展"])
def test_every_response_has_the_security_headers(sqlite_client, url):
    r = sqlite_client.get(url)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline' ;" not in csp
    assert "'unsafe-eval'" not in csp


def test_pages_have_no_inline_script(sqlite_client):
    """The policy allows scripts from /static only: every page's <script> is a file or JSON data."""
    import gwr

    corpus = gwr.open(sqlite_client.db)
    doc = int(corpus.documents(kind="official_report").id.iloc[0])
    code = corpus.documents(kind="official_report").region_code.dropna().iloc[0]
    for url in ["/", f"/reports/{doc}", f"/regions/{code}", "/search?q=发展", "/compare", "/attention"]:
        html = sqlite_client.get(url).text
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)


@pytest.mark.parametrize("path", ["/docs"])
def test_docs_pages_get_a_policy_with_their_scripts_hashes(sqlite_client, path):
    import base64
    import hashlib

    r = sqlite_client.get(path)
    assert r.status_code == 200
    for body in re.findall(r"<script>(.*?)</script>", r.text, flags=re.S):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in r.headers["content-security-policy"]


def test_docs_page_needs_no_other_host(sqlite_client):
    """Swagger UI comes from the package: neither the page nor its policy names a host, and its files are served."""
    r = sqlite_client.get("/docs")
    assert not re.search(r"https?://", r.text), re.findall(r"https?://[^\s\"']+", r.text)
    assert "http" not in r.headers["content-security-policy"]
    for url in re.findall(r'(?:src|href)="(/[^"]+)"', r.text):
        assert sqlite_client.get(url).status_code == 200, url
    assert sqlite_client.get("/docs/oauth2-redirect").status_code == 200


def test_no_absolute_path_reaches_a_client(sqlite_client):
    import gwr

    corpus = gwr.open(sqlite_client.db)
    doc = int(corpus.documents(kind="official_report").id.iloc[0])
    for url in ["/api/files?limit=500", "/api/documents?limit=500", "/api/search?q=发展&limit=50",
                f"/api/documents/{doc}", "/api/commitments?limit=500", "/api/attention?by=document&evidence=2",
                f"/reports/{doc}", "/api/export/files.csv", "/api/export/documents.json"]:
        r = sqlite_client.get(url)
        assert r.status_code == 200, url
        assert not ABSOLUTE.search(r.text), (url, ABSOLUTE.search(r.text).group())
        assert os.getcwd() not in r.text and "/tmp/" not in r.text, url


def test_compare_refuses_a_region_outside_its_schema(sqlite_client):
    for bad in ["\x00", "x" * 101]:
        r = sqlite_client.get("/api/compare", params={"indicator": "gdp", "region": bad})
        assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"
    assert sqlite_client.get("/api/compare", params={"indicator": "gdp", "region": "岳阳市"}).status_code == 200


@pytest.mark.parametrize("url", ["/api/documents/None/sections", "/api/documents/None", "/api/files/None/text"])
def test_a_missing_id_is_a_documented_json_error(sqlite_client, url):
    r = sqlite_client.get(url)
    assert r.status_code == 422 and r.headers["content-type"] == "application/json"
    assert r.json()["error"]["code"] == "validation_error"
