"""How far the estimated "about N hits" totals are from the exact counts, with and without filters.

    .venv/bin/python bench/search_estimates.py --db URL [--queries 发展,改革,...]

bench_growth checks the unfiltered totals only; a filter that holds for whole
reports (a level, a span of years) makes a sampled total far noisier, since a
slice's hits count or not by the report it falls in.  Each query is searched
with each filter as ``Corpus.search`` does; every total labelled an estimate is
compared with the exact count (PostgreSQL: ``strpos`` and the filters' tags over
every row; SQLite: the same search with a window as large as the corpus).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402,F401  (puts this checkout's src on the path unless PYTHONPATH names a tree)

import gwr  # noqa: E402

COMMON = "发展,改革,加快,推进,建设,教育,经济,提升,规划,增长,改造,的新"
FILTERS = [{}, {"level": "county"}, {"year": (2019, 2027)}]


def exact(conn, query: str, filters: dict) -> int:
    from sqlalchemy import text

    from gwr.search import filter_groups, search
    from gwr.search._postgres import tags_query
    from gwr.search.tokens import normalize

    if conn.dialect.name != "postgresql":
        return search(conn, query, limit=1, window=10 ** 9, **filters).total
    groups = filter_groups(**filters)
    where = "strpos(body, :n) > 0" + (" AND tags @@ CAST(:tq AS tsquery)" if groups else "")
    return conn.execute(text(f"SELECT count(*) FROM paragraph_search WHERE {where}"),
                        {"n": normalize(query), "tq": tags_query(groups)}).scalar()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--queries", default=COMMON)
    args = ap.parse_args(argv)
    corpus = gwr.open(args.db)
    errors: list[tuple[str, dict, float]] = []
    for q in args.queries.split(","):
        for f in FILTERS:
            page = corpus.search(q, limit=1, **f)
            if not page.attrs["total_is_estimate"]:
                continue
            with corpus.engine.connect() as conn:
                n = exact(conn, q, f)
            err = (page.attrs["total"] - n) / n
            errors.append((q, f, err))
            print(f"{q} {f or ''}: about {page.attrs['total']:,}, exactly {n:,} ({100 * err:+.1f} %)", flush=True)
    if errors:
        errs = [abs(e) for *_, e in errors]
        print(f"{len(errs)} estimated: median {100 * statistics.median(errs):.1f} %, max {100 * max(errs):.1f} %, "
              f"{sum(e > 0.05 for e in errs)} above 5 %")
    else:
        print("no total was estimated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
