"""gwr.web.page_cache: answers kept per corpus generation, gzipped, bounded; over real SQLite files."""
from __future__ import annotations

import gzip
import threading

import pytest
from fastapi.testclient import TestClient

import gwr
from gwr.web.app import Settings, create_app
from gwr.web.page_cache import LRU, PageCache, accepts_gzip

from corpus_data import CORPUS_FILES, needs_shared

pytestmark = needs_shared


@pytest.fixture()
def served(tmp_path):
    db = tmp_path / "c.sqlite"
    corpus = gwr.open(db)
    corpus.ingest([CORPUS_FILES[1]])
    app = create_app(Settings(db=str(db)))
    return corpus, app, TestClient(app)


def test_a_page_is_sent_gzipped_and_the_same_inflated(served):
    corpus, app, client = served
    doc = int(corpus.documents(kind="official_report").id.iloc[0])
    zipped = client.get(f"/reports/{doc}", headers={"Accept-Encoding": "gzip"})
    plain = client.get(f"/reports/{doc}", headers={"Accept-Encoding": "identity"})
    assert zipped.headers["content-encoding"] == "gzip" and "content-encoding" not in plain.headers
    assert zipped.text == plain.text and "<html" in plain.text
    assert int(plain.headers["content-length"]) == len(plain.content)
    # the security headers are on a kept answer as on a built one
    assert plain.headers["content-security-policy"] and plain.headers["x-frame-options"] == "DENY"
    entry = next(iter(app.state.page_cache.items.values()))
    assert entry.gzipped and len(entry.body) < len(plain.content) / 2


def test_an_answer_follows_the_corpus_after_a_write(served):
    """Kept until the generation changes: a new file shows at once in the counts and the lists."""
    corpus, app, client = served
    first = client.get("/api/stats").json()
    assert client.get("/api/stats").json() == first and len(app.state.page_cache) == 1
    corpus.ingest([CORPUS_FILES[0]])
    second = client.get("/api/stats").json()
    assert second["files"] == first["files"] + 1
    assert len(app.state.page_cache) == 1  # the former generation's answers are gone


def test_on_postgresql_an_answer_follows_the_corpus_too(postgres_url):
    """The generation read in a thread of the cache's own (no SQLite file to read it from)."""
    from pg import fresh_database

    url = fresh_database(postgres_url)
    corpus = gwr.open(url)
    corpus.ingest([CORPUS_FILES[1]])
    app = create_app(Settings(db=url))
    with TestClient(app) as client:
        first = client.get("/api/stats").json()
        assert client.get("/api/stats").json() == first and len(app.state.page_cache) == 1
        corpus.ingest([CORPUS_FILES[0]])
        assert client.get("/api/stats").json()["files"] == first["files"] + 1
    app.state.corpus.engine.dispose()
    corpus.engine.dispose()


def test_errors_and_files_are_not_kept(served):
    _, app, client = served
    assert client.get("/reports/999999").status_code == 404
    assert client.get("/regions/no-such-place").status_code == 404
    assert client.get("/static/gwr.css").status_code == 200
    assert len(app.state.page_cache) == 0


def test_the_cache_is_bounded_in_bytes_and_entries():
    lru = LRU(max_entries=3, max_bytes=100)
    for i in range(5):
        lru.put(i, b"x" * 10)
    assert list(lru.items) == [2, 3, 4]
    lru.put("big", b"x" * 30)  # over a quarter of the bytes: never kept
    assert "big" not in lru.items
    lru = LRU(max_entries=100, max_bytes=100)
    for i in range(10):
        lru.put(i, b"x" * 20)
    assert lru.bytes <= 100 and list(lru.items) == [5, 6, 7, 8, 9]


def test_accept_encoding():
    def scope(value):
        return {"headers": [(b"accept-encoding", value.encode())]}

    assert accepts_gzip(scope("gzip, deflate, br"))
    assert accepts_gzip(scope("br;q=1.0, gzip;q=0.5"))
    assert not accepts_gzip(scope("gzip;q=0"))
    assert not accepts_gzip(scope("identity"))
    assert not accepts_gzip({"headers": []})


def _counting_app(body: bytes, calls: list, gate: threading.Event | None = None, status: int = 200,
                  ctype: bytes = b"text/html; charset=utf-8", chunks: int = 1):
    """A plain ASGI app (not gwr's) under the cache: counts how often it is asked to build."""
    import anyio

    async def app(scope, receive, send):
        calls.append(scope["path"])
        if gate is not None:
            await anyio.to_thread.run_sync(gate.wait)
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())]})
        step = max(1, len(body) // chunks)
        parts = [body[i:i + step] for i in range(0, len(body), step)]
        for i, part in enumerate(parts):
            await send({"type": "http.response.body", "body": part, "more_body": i < len(parts) - 1})
    return app


def test_readers_of_a_page_being_built_wait_for_that_build(tmp_path):
    import anyio
    import httpx

    corpus = gwr.open(tmp_path / "c.sqlite")
    calls: list[str] = []
    gate = threading.Event()
    body = "<p>某县 2030 年 " .encode() * 200
    cache = PageCache(_counting_app(body, calls, gate), corpus=corpus, cache=LRU(100, 2**20))

    async def main():
        transport = httpx.ASGITransport(app=cache)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            results = []

            async def get():
                results.append(await client.get("/page?x=1"))

            async with anyio.create_task_group() as tg:
                for _ in range(8):
                    tg.start_soon(get)
                await anyio.sleep(0.2)
                gate.set()
            return results

    results = anyio.run(main)
    assert calls == ["/page"]  # one build for eight readers
    assert all(r.status_code == 200 and r.content == body for r in results)


def test_a_large_answer_streams_through_unkept(tmp_path):
    import anyio
    import httpx

    corpus = gwr.open(tmp_path / "c.sqlite")
    calls: list[str] = []
    body = b"0123456789" * 1000
    lru = LRU(100, 2**20)
    cache = PageCache(_counting_app(body, calls, chunks=10), corpus=corpus, cache=lru, max_page=2500)

    async def main():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=cache), base_url="http://t") as client:
            return [await client.get("/big") for _ in range(2)]

    results = anyio.run(main)
    assert [r.content for r in results] == [body, body] and len(calls) == 2 and len(lru) == 0
    assert "content-encoding" not in results[0].headers


def test_other_content_and_methods_pass_through(tmp_path):
    import anyio
    import httpx

    corpus = gwr.open(tmp_path / "c.sqlite")
    calls: list[str] = []
    lru = LRU(100, 2**20)
    cache = PageCache(_counting_app(b"a,b\n1,2\n" * 100, calls, ctype=b"text/csv"), corpus=corpus, cache=lru)

    async def main():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=cache), base_url="http://t") as client:
            await client.get("/table.csv")
            await client.get("/table.csv")
            await client.post("/table.csv")

    anyio.run(main)
    assert len(calls) == 3 and len(lru) == 0


def test_a_kept_answer_is_gzip_of_what_was_built(tmp_path):
    import anyio
    import httpx

    corpus = gwr.open(tmp_path / "c.sqlite")
    body = '{"地区": "某市", "数值": 12.5}'.encode() * 100
    lru = LRU(100, 2**20)
    cache = PageCache(_counting_app(body, [], ctype=b"application/json"), corpus=corpus, cache=lru)

    async def main():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=cache), base_url="http://t") as client:
            return await client.get("/api/x", headers={"Accept-Encoding": "gzip"})

    r = anyio.run(main)
    assert r.content == body
    (entry,) = lru.items.values()
    assert gzip.decompress(entry.body) == body and entry.gzipped


def test_workers_share_what_they_built_until_the_generation_changes(tmp_path):
    """Two caches (two worker processes of one server) over one directory: a page built by one is
    served by the other; after a write, neither serves it and the old directory is gone."""
    import anyio
    import httpx

    from gwr.web.page_cache import SharedPages

    corpus = gwr.open(tmp_path / "c.sqlite")
    shared_dir = tmp_path / "pages"
    calls: list[str] = []
    body = "<p>某市 2031 年 增长 7.5%</p>".encode() * 100
    workers = [PageCache(_counting_app(body, calls), corpus=corpus, cache=LRU(100, 2**20),
                         shared=SharedPages(shared_dir, 2**20)) for _ in range(2)]

    async def get(worker, path):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=worker), base_url="http://t") as client:
            return await client.get(path, headers={"Accept-Encoding": "identity"})

    a = anyio.run(get, workers[0], "/regions/x")
    b = anyio.run(get, workers[1], "/regions/x")
    assert a.content == b.content == body and calls == ["/regions/x"]
    assert b.headers["content-type"].startswith("text/html")
    old = {p.name for p in shared_dir.iterdir()}
    corpus.ingest([CORPUS_FILES[1]])  # a write: a new generation
    c = anyio.run(get, workers[1], "/regions/x")
    assert c.content == body and calls == ["/regions/x", "/regions/x"]
    assert not old & {p.name for p in shared_dir.iterdir()}


def test_shared_pages_stay_within_their_bound(tmp_path):
    from gwr.web.page_cache import Entry, SharedPages

    shared = SharedPages(tmp_path, max_bytes=40_000)
    for i in range(40):
        shared.put(7, f"/reports/{i}", b"", Entry(200, ((b"content-type", b"text/html"),), b"x" * 4000, False))
    size = sum(p.stat().st_size for p in (tmp_path / "7").iterdir())
    assert size <= 40_000 + 5 * 4200
    assert shared.get(7, "/reports/39", b"").body == b"x" * 4000  # the newest is kept
    assert shared.get(7, "/reports/0", b"") is None and shared.get(8, "/reports/39", b"") is None
