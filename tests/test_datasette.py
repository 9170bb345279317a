"""The datasette plugin, tested with the real datasette: a ``datasette serve`` process over a gwr
SQLite file, queried over HTTP on 127.0.0.1.

The plugin is found through the ``datasette`` entry point of an installed gwr.  A development
environment whose gwr metadata predates the entry point (an editable install from another tree)
loads the same module through ``--plugins-dir`` instead; the entry point itself is checked by
tests/test_install.py in a fresh virtual environment.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from corpus_data import CORPUS_FILES, DATA, SAMPLES, needs_shared

pytest.importorskip("datasette")
pytestmark = needs_shared
SRC = Path(__file__).resolve().parents[1] / "src"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    import gwr

    path = tmp_path_factory.mktemp("datasette") / "gwr.sqlite"
    c = gwr.open(path)
    # heldout4 holds a county's reports of two years: targets of 2020 and their outcome
    assert (c.ingest([*CORPUS_FILES, SAMPLES, DATA / "heldout4"]).status == "added").all()
    c.engine.dispose()
    return path, c


@pytest.fixture(scope="module")
def server(corpus, tmp_path_factory):
    path, _ = corpus
    port = _free_port()
    args = [sys.executable, "-m", "datasette", "serve", str(path), "-h", "127.0.0.1", "-p", str(port),
            "--setting", "sql_time_limit_ms", "5000"]
    if not any(e.name == "gwr" and e.value == "gwr.datasette_plugin" for e in entry_points(group="datasette")):
        shim = tmp_path_factory.mktemp("plugins") / "gwr_plugin.py"
        shim.write_text("from gwr.datasette_plugin import *  # noqa\n", encoding="utf-8")
        args += ["--plugins-dir", str(shim.parent)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH")) if p)}
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"datasette did not start: {proc.stderr.read() if proc.poll() is not None else ''}")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def get(base: str, path: str, **params):
    url = f"{base}{path}?{urllib.parse.urlencode(params)}" if params else base + path
    with urllib.request.urlopen(url, timeout=30) as r:
        body = r.read().decode("utf-8")
    return json.loads(body) if ".json" in path else body


def test_the_plugin_is_loaded(server):
    plugins = get(server, "/-/plugins.json")
    assert any(set(p["hooks"]) >= {"prepare_connection", "canned_queries", "render_cell"} for p in plugins)


@pytest.mark.parametrize("query", ["棚改", "地区生产总值", "GDP"])
def test_search_finds_what_gwr_finds(server, corpus, query):
    """Exact: the canned search returns the paragraphs gwr's own search returns, two characters included."""
    _, c = corpus
    rows = get(server, "/gwr/search.json", q=query, region="", year="", _shape="array")
    mine = set(c.search(query, limit=500).paragraph_id)
    assert rows and {r["paragraph_id"] for r in rows} == mine
    assert all("<mark>" in r["snippet"] for r in rows)


def test_search_filters_by_region_and_year(server, corpus):
    _, c = corpus
    hit = c.search("地区生产总值", limit=1).iloc[0]
    rows = get(server, "/gwr/search.json", q="地区生产总值", region=hit.region_name, year=str(hit.report_year),
               _shape="array")
    assert rows and all(r["report_year"] == hit.report_year for r in rows)
    assert {r["paragraph_id"] for r in rows} == set(
        c.search("地区生产总值", region=hit.region_name, year=int(hit.report_year), limit=500).paragraph_id)


def test_match_function_in_any_sql(server):
    sql = ("SELECT count(*) AS n FROM paragraph_fts WHERE paragraph_fts MATCH gwr_match('棚改') ")
    [row] = get(server, "/gwr.json", sql=sql, _shape="array")
    assert row["n"] > 0


def test_snippets_are_highlighted_and_nothing_else_is_html(server):
    page = get(server, "/gwr/search", q="棚改", region="", year="")
    assert "<mark>棚改</mark>" in page
    sql = "SELECT '<script>alert(1)</script><mark>x</mark>' AS snippet"
    page = get(server, "/gwr", sql=sql)
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_targets_vs_outcomes(server, corpus):
    _, c = corpus
    rows = get(server, "/gwr/targets_vs_outcomes.json", region="", indicator="gdp", _shape="array")
    assert rows and all(r["indicator"] == "gdp" and r["target_quote"] for r in rows)
    met = [r for r in rows if r["outcome_quote"]]
    assert met, "no target of the corpus found its outcome"
    tracked = c.track(indicator="gdp")
    paired = tracked[tracked.status != "no_outcome"]
    assert {(r["target_quote"], r["outcome_quote"]) for r in met} >= set(zip(paired.target_quote,
                                                                               paired.outcome_quote))


def test_region_series(server, corpus):
    _, c = corpus
    a = c.actuals(indicator="gdp").dropna(subset=["region_code", "year"]).iloc[0]
    rows = get(server, "/gwr/region_series.json", region=a.region_name, indicator="gdp", _shape="array")
    assert rows and {r["fact_id"] for r in rows} >= {int(a.fact_id)}
    assert [r["year"] for r in rows] == sorted(r["year"] for r in rows)


def test_search_latency(server):
    """Figures for the report: a two-character query over HTTP, end to end."""
    times = []
    for _ in range(10):
        t = time.perf_counter()
        get(server, "/gwr/search.json", q="棚改", region="", year="", _shape="array")
        times.append(time.perf_counter() - t)
    times.sort()
    print(f"datasette search 棚改: median {times[5] * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms")
    assert times[5] < 2.0
