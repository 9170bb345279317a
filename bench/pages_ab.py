#!/usr/bin/env python3
"""The same pages rendered by two revisions of gwr: are they byte for byte the same, and which builds faster?

    python bench/pages_ab.py DB --before main                 # every URL once per revision: differences
    python bench/pages_ab.py DB --before main --rounds 5      # and the median build per kind, alternating

A page change must leave what a reader sees as it was; this is the check.  URLs of
every kind (reports, regions and provinces, searches, comparisons, tracking,
commitments, attention, the home page) are drawn from DB with a fixed seed; each
revision (``--before REV``: its ``src/`` exported from git; the other: this
checkout) renders them in a process of its own through the app and its middleware
(``create_app`` + the test client), the page cache emptied before every request, so
that every answer is built.  Bodies are compared whole; a difference is printed
with its first differing characters.  With ``--rounds R`` the two revisions run
alternately R times and each request's CPU time (``time.process_time`` of the
rendering process) gives a median per kind and revision, as a ratio: the machine
is shared, so only ratios within one run mean anything.

DB is opened read-only in spirit but through the app (which may migrate it): give
a copy of a store built by the code before when the code after adds a migration.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

INDICATORS = ("gdp", "fiscal_revenue", "fixed_asset_investment", "retail_sales", "urban_disposable_income",
              "rural_income")
NAMED = ("发展", "地区生产总值", "乡村振兴", "民生")

# Run in the process of one revision (its src/ first on sys.path): URLs in, one JSON line per URL out.
RENDER = r"""
import hashlib, json, sys, time
from fastapi.testclient import TestClient
from gwr.web.app import Settings, create_app

db, urls_file, out_file, keep = sys.argv[1:5]
urls = json.loads(open(urls_file, encoding="utf-8").read())
app = create_app(Settings(db=db))
with TestClient(app) as client, open(out_file, "w", encoding="utf-8") as out:
    client.get("/api/stats")  # imports and first connections outside the timed requests
    for kind, url in urls:
        app.state.page_cache.clear()
        t0 = time.process_time()
        r = client.get(url, follow_redirects=False)
        cpu = time.process_time() - t0
        body = r.content
        rec = {"url": url, "kind": kind, "status": r.status_code, "cpu": cpu,
               "sha": hashlib.sha256(body).hexdigest()}
        if keep == "1":
            rec["body"] = body.decode("utf-8", "replace")
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
"""


def draw_urls(db: str, per_kind: int, seed: int = 7) -> list[tuple[str, str]]:
    """(kind, URL) pairs: official reports, their regions and provinces, comparisons, tracking (first page and
    a later one), commitments, attention, searches and the overview pages."""
    sys.path.insert(0, str(ROOT / "src"))
    import gwr

    c = gwr.open(db)
    docs = c.documents(kind="official_report")
    rng = random.Random(seed)
    ids = sorted(rng.sample(list(docs["id"]), min(per_kind, len(docs))))
    codes = sorted({str(x) for x in docs["region_code"].dropna()})
    own = sorted(rng.sample(codes, min(per_kind, len(codes))))
    provinces = sorted({x[:2] + "0000" for x in codes})
    provinces = sorted(rng.sample(provinces, min(max(3, per_kind // 4), len(provinces))))
    named = sorted({str(n) for n in docs.loc[docs["region_code"].isna(), "region_name"].dropna()})
    named = sorted(rng.sample(named, min(max(3, per_kind // 4), len(named))))  # towns: no code, a name
    regions = own + provinces + [quote(n) for n in named]
    texts = [c.text(int(i)) for i in rng.sample(list(c.files()["id"]), min(20, len(c.files())))]
    from common import draw_substrings

    qs = draw_substrings(texts, rng, NAMED, max(len(NAMED), per_kind // 2))
    years = sorted({int(y) for y in docs["report_year"].dropna()})
    c.engine.dispose()
    out = [("home", "/"), ("home", "/reports?page=2")]
    out += [("report", f"/reports/{i}") for i in ids]
    out += [("region", f"/regions/{r}") for r in regions]
    for n, r in enumerate(regions):
        ind = INDICATORS[n % len(INDICATORS)]
        out.append(("compare", f"/compare?indicator={ind}&region={r}"))
        if n % 3 == 0:
            out.append(("compare", f"/compare?indicator={ind}&region={r}&measure=growth_pct&kind=target"))
        out.append(("track", f"/api/track?region={r}&limit=50"))
        if n % 3 == 1:
            out.append(("track", f"/api/track?region={r}&limit=50&offset=50"))
            out.append(("track", f"/api/track?region={r}&indicator={ind}&limit=20"))
        if n % 4 == 0:
            out.append(("commitments", f"/api/commitments?region={r}&limit=50"))
            out.append(("attention", f"/api/attention?by=region-year&region={r}&evidence=3"))
    out += [("compare", f"/compare?indicator={ind}") for ind in INDICATORS[:2]]
    out += [("search", f"/search?q={quote(q)}") for q in qs]
    out += [("attention", f"/attention?year={y}") for y in years[-2:]]
    return out


def render(src: Path, db: str, urls_file: Path, out: Path, keep: bool) -> list[dict]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    subprocess.run([sys.executable, "-c", RENDER, db, str(urls_file), str(out), "1" if keep else "0"],
                   env=env, check=True)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def first_difference(a: str, b: str, context: int = 120) -> str:
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    lo = max(0, i - context)
    return f"at {i}:\n  before: {a[lo:i + context]!r}\n  after:  {b[lo:i + context]!r}"


def main() -> None:
    from common import source_of

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db")
    ap.add_argument("--before", required=True, metavar="REV", help="git revision of the code before")
    ap.add_argument("--per-kind", type=int, default=30, help="reports and regions drawn (default 30)")
    ap.add_argument("--rounds", type=int, default=1, help="renderings per revision, alternating (timing)")
    ap.add_argument("--urls", help="a JSON file of [kind, URL] pairs instead of drawing them")
    ap.add_argument("--kinds", default="", help="only these kinds (comma-separated)")
    ap.add_argument("--show", type=int, default=10, help="differences printed")
    ap.add_argument("--slowest", type=int, default=0, help="also list the N URLs slowest after (median CPU)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="gwr-pages-ab-") as tmp:
        tmp = Path(tmp)
        urls = (json.loads(Path(args.urls).read_text(encoding="utf-8")) if args.urls
                else draw_urls(args.db, args.per_kind))
        if args.kinds:
            keep_kinds = set(args.kinds.split(","))
            urls = [u for u in urls if u[0] in keep_kinds]
        urls_file = tmp / "urls.json"
        urls_file.write_text(json.dumps(urls, ensure_ascii=False), encoding="utf-8")
        print(f"{len(urls)} URLs", file=sys.stderr)
        srcs = {"before": source_of(args.before, tmp / "before"), "after": ROOT / "src"}
        cpu: dict[str, dict[str, list[float]]] = {"before": {}, "after": {}}
        per_url: dict[str, dict[str, list[float]]] = {"before": {}, "after": {}}
        first: dict[str, list[dict]] = {}
        for r in range(args.rounds):
            for name in ("before", "after") if r % 2 == 0 else ("after", "before"):
                recs = render(srcs[name], args.db, urls_file, tmp / f"{name}-{r}.jsonl", keep=r == 0)
                first.setdefault(name, recs)
                for rec in recs:
                    cpu[name].setdefault(rec["kind"], []).append(rec["cpu"])
                    per_url[name].setdefault(rec["url"], []).append(rec["cpu"])
                print(f"round {r + 1} {name}: {sum(x['cpu'] for x in recs):.1f} s CPU", file=sys.stderr,
                      flush=True)
        differ = [(a, b) for a, b in zip(first["before"], first["after"])
                  if (a["status"], a["sha"]) != (b["status"], b["sha"])]
        statuses: dict[int, int] = {}
        for b in first["after"]:
            statuses[b["status"]] = statuses.get(b["status"], 0) + 1
        print(f"{len(urls)} URLs, {len(differ)} differ; statuses after: "
              + ", ".join(f"{k}×{n}" for k, n in sorted(statuses.items())))
        for a, b in differ[:args.show]:
            print(f"\n{a['url']}: status {a['status']} → {b['status']}, " + first_difference(a["body"], b["body"]))
        print("\n| kind | URLs | median CPU ms before | after | after / before |\n| --- | ---: | ---: | ---: | ---: |")
        for kind in cpu["after"]:
            bm, am = (statistics.median(cpu[n][kind]) * 1000 for n in ("before", "after"))
            print(f"| {kind} | {len(cpu['after'][kind]) // args.rounds} | {bm:.1f} | {am:.1f} | "
                  f"{am / bm if bm else float('nan'):.2f}× |")
        tb, ta = (sum(sum(v) for v in cpu[n].values()) for n in ("before", "after"))
        print(f"| all (total CPU s) | {len(urls)} | {tb:.1f} | {ta:.1f} | {ta / tb if tb else float('nan'):.2f}× |")
        if args.slowest:
            med = {n: {u: statistics.median(v) * 1000 for u, v in per_url[n].items()} for n in per_url}
            print("\n| URL | median CPU ms before | after |\n| --- | ---: | ---: |")
            for u in sorted(med["after"], key=med["after"].get, reverse=True)[:args.slowest]:
                print(f"| `{u}` | {med['before'][u]:.0f} | {med['after'][u]:.0f} |")
        sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
