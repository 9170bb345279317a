"""PostgreSQL's two ways to find candidates — a walk of the primary key testing the text, and the
gram index — must give the same hits, order and totals, also when a query that looks common among
the newest rows is rare below them (the walk hands over to the index mid-search)."""
from __future__ import annotations

import random

import pytest
import sqlalchemy as sa

from gwr.search import _postgres, create_index, index_paragraphs, search, tags

WORDS = ("推进", "建设", "改革", "提升", "服务", "产业", "城乡", "生态")


def _text(rnd: random.Random, with_word: bool) -> str:
    body = "".join(rnd.choice(WORDS[1:]) for _ in range(rnd.randint(3, 12)))
    if with_word:
        at = rnd.randint(0, len(body))
        body = body[:at] + "推进" + body[at:]
    return body + "。"


@pytest.fixture(scope="module")
def engine(postgres_url):
    eng = sa.create_engine(postgres_url)
    rnd = random.Random(7)
    # ids 1..3000: 推进 in one paragraph of 60; ids 3001..3400: in nine of ten (the newest)
    rows, truth = [], {}
    for i in range(1, 3401):
        hit = rnd.random() < (0.9 if i > 3000 else 1 / 60)
        year = 2016 + i % 5
        rows.append((i, _text(rnd, hit), tags(region_code="990101", level="county", year=year)))
        if hit:
            truth[i] = year
    with eng.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS paragraph_search")
        create_index(conn)
        index_paragraphs(conn, rows)
    yield eng, truth
    with eng.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS paragraph_search")
    eng.dispose()


def _pages(conn, query: str, **kw) -> tuple[list[int], int, bool]:
    page = search(conn, query, limit=5000, window=400, **kw)
    return [h.paragraph_id for h in page.hits], page.total, page.total_is_estimate


@pytest.mark.parametrize("filters", [{}, {"year": 2018}])
def test_walk_hands_over_to_the_index(engine, monkeypatch, filters):
    eng, truth = engine
    expected = {i for i, y in truth.items() if "year" not in filters or y == filters["year"]}
    with eng.connect() as conn:
        monkeypatch.setattr(_postgres, "SCAN_ROWS", 10**9)  # walks cost nothing: walk, index never
        monkeypatch.setattr(_postgres, "ROW_COST", 0)
        walked = _pages(conn, "推进", **filters)
        monkeypatch.setattr(_postgres, "SCAN_ROWS", 0)  # never walk: the gram index alone
        monkeypatch.setattr(_postgres, "ROW_COST", 10**9)
        indexed = _pages(conn, "推进", **filters)
        monkeypatch.setattr(_postgres, "FETCH_COST", 0)  # the filters' index, the text checked
        by_filters = _pages(conn, "推进", **filters)
        monkeypatch.setattr(_postgres, "FETCH_COST", 10**9)
        monkeypatch.setattr(_postgres, "SCAN_ROWS", 10**9)  # walk the dense top, then the index
        monkeypatch.setattr(_postgres, "ROW_COST", 0)
        monkeypatch.setattr(_postgres, "PROBE", 100)
        mixed = _pages(conn, "推进", **filters)
    assert set(walked[0]) == expected and walked == indexed == by_filters == mixed
    assert walked[1] == len(expected) and not walked[2]


def test_a_sampled_count_is_exact_over_the_sampled_ids(engine, monkeypatch):
    # a filtered query's sample: the ids of some remainders modulo PERIOD, counted by the gram index
    # AND-ed with the remainder's (the years here repeat every five ids: the remainders must not
    # alias with them); an unfiltered one's: slices of consecutive ids.  Over the sampled ids the
    # count is exact, whichever way the filter is checked, and the total drawn from it is labelled
    from gwr.search import filter_groups, rank
    from gwr.search.rank import Query
    from gwr.search.tokens import query_phrase

    eng, truth = engine
    with eng.connect() as conn:
        for year in (None, 2018):
            for dense in (0.0, 1.0):
                monkeypatch.setattr(_postgres, "DENSE_FILTER_SAMPLED", dense)
                for fraction in (0.01, 0.1, 0.5, 0.9):
                    q = Query(query_phrase("推进"), "推进", filter_groups(year=year) if year else [])
                    q.exact = _postgres.exact(q)
                    part = _postgres.sample(1, 3001, fraction, q)
                    if year:
                        ids = [i for i in range(1, 3001) if part.holds(i)]
                    else:
                        ids = [i for a, b in part.ranges() for i in range(a, b)]
                    assert not part.whole and part.rows == len(ids) and 0 < len(ids) < 3000
                    got, checked = _postgres.count(conn, q, part)
                    want = sum(1 for i in ids if i in truth and year in (None, truth[i]))
                    assert checked and got == want, (year, dense, fraction)
        monkeypatch.setattr(rank, "SAMPLE_HITS", 40)
        page = search(conn, "推进", limit=5, window=20)
        filtered = search(conn, "推进", limit=5, window=20, year=2018)
    assert page.total_is_estimate and abs(page.total - len(truth)) < 0.5 * len(truth)
    assert filtered.total_is_estimate
    want = sum(y == 2018 for y in truth.values())
    assert abs(filtered.total - want) < 0.5 * want


def test_density_of_rows_spread_over_the_ids(engine):
    # runs of consecutive ids spread over the range (at PROBE_AT's shares of it): the dense newest
    # rows weigh their share
    import math

    from gwr.search.rank import Query
    from gwr.search.tokens import query_phrase

    eng, truth = engine
    run = _postgres.PROBE // _postgres.PROBE_RUNS
    starts = [1 + math.floor(f * 3400) for f in _postgres.PROBE_AT]
    probed = [i for a in starts for i in range(a, a + run) if i <= 3400]
    with eng.connect() as conn:
        dense = _postgres.density(conn, Query(query_phrase("推进"), "推进", []))
        absent = _postgres.density(conn, Query(query_phrase("没有"), "没有", []))
    assert dense == sum(i in truth for i in probed) / len(probed) and absent == 0.0
    assert dense < 0.5  # the newest 512 rows alone would say 0.7
