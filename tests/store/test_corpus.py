"""The Python API over a stored corpus: filters, comparison and export, on the real seed corpus."""
from __future__ import annotations

import json

import pandas as pd
import pytest

import gwr
from gwr.errors import GwrError
from gwr.store.export import write

from corpus_data import CORPUS_FILES, DATA, SAMPLES, needs_shared

pytestmark = needs_shared


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The seed corpus, the samples and the held-out texts in one SQLite file (read-only for these tests)."""
    root = tmp_path_factory.mktemp("db")
    c = gwr.open(root / "gwr.sqlite")
    out = c.ingest([*CORPUS_FILES, SAMPLES, DATA / "heldout", DATA / "heldout4", DATA / "facts_gold"])
    assert (out.status == "added").all()
    return c


def test_facts_carry_region_year_and_quote(corpus):
    gdp = corpus.actuals(indicator="gdp")
    assert len(gdp) > 20
    assert gdp.quote.str.contains("生产总值|GDP").all()
    assert gdp.year.dtype == "Int64" and gdp.region_name.notna().mean() >= 0.85


def test_region_filter_includes_everything_below(corpus):
    docs = corpus.documents()
    provinces = docs.province_code.dropna().value_counts()
    code = provinces.index[0]
    by_code = corpus.documents(region=code)
    assert len(by_code) == provinces.iloc[0]
    from gwr.regions import gazetteer

    name = gazetteer().get(code).name
    assert set(corpus.documents(region=name).id) == set(by_code.id)
    county = docs.dropna(subset=["region_code"]).iloc[0]
    assert county.id in set(corpus.documents(region=county.region_code).id)


def test_year_filters(corpus):
    t = corpus.targets()
    years = sorted(t.year.dropna().unique())
    lo, hi = years[0], years[len(years) // 2]
    ranged = corpus.targets(year=(int(lo), int(hi)))
    assert len(ranged) == ((t.year >= lo) & (t.year <= hi)).sum()
    assert len(corpus.targets(year=int(hi))) == (t.year == hi).sum()


def test_compare_puts_regions_side_by_side(corpus):
    table = corpus.compare(indicators=["gdp"], measure="growth_pct")
    assert table.columns.nlevels == 2 and set(table.columns.get_level_values(0)) == {"gdp"}
    a = corpus.actuals(indicator="gdp").dropna(subset=["growth_pct", "region_code", "year"]).iloc[-1]
    label = f"{a.region_name} ({a.region_code})"
    assert table.loc[label, ("gdp", a.year)] == pytest.approx(a.growth_pct)


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx", "json", "jsonl", "dta"])
def test_export_round_trips(corpus, tmp_path, fmt):
    df = corpus.facts()
    path = tmp_path / f"facts.{fmt}"
    write(df, path)
    back = {"csv": lambda p: pd.read_csv(p, encoding="utf-8-sig"), "parquet": pd.read_parquet,
            "xlsx": pd.read_excel, "json": lambda p: pd.DataFrame(json.loads(p.read_text(encoding="utf-8"))),
            "jsonl": lambda p: pd.read_json(p, lines=True, dtype=False),
            "dta": pd.read_stata}[fmt](path)
    assert len(back) == len(df)
    assert list(back.quote) == list(df.quote)
    assert back.value.fillna(-1).tolist() == pytest.approx(df.value.fillna(-1).tolist())


def test_export_refuses_unknown_format(corpus, tmp_path):
    with pytest.raises(GwrError, match="unknown format"):
        write(corpus.facts(), tmp_path / "x.sav")
    assert not list(tmp_path.iterdir())


def test_stata_keeps_long_chinese_text_and_labels(corpus, tmp_path):
    """A paragraph longer than Stata's 2,045-byte str goes out as strL (version 118, UTF-8) and comes back whole;
    Stata's reserved ``end`` is renamed ``end_``; variables carry labels for ``describe``."""
    from pandas.io.stata import StataReader

    docs = corpus.documents(kind="official_report")
    paras = pd.concat([corpus.paragraphs(int(i)) for i in docs.id[:3]], ignore_index=True)
    assert paras.text.map(lambda t: len(t.encode("utf-8"))).max() > 2045
    path = tmp_path / "paragraphs.dta"
    write(paras, path, title="gwr paragraphs")
    back = pd.read_stata(path)
    assert back.text.tolist() == paras.text.tolist()
    assert back.end_.tolist() == paras.end.tolist() and "end" not in back.columns
    assert path.read_bytes().startswith(b"<stata_dta><header><release>118</release>")
    with StataReader(path) as r:
        assert r.data_label == "gwr paragraphs"
        assert r.variable_labels()["end_"] == "end offset in the file text"


def test_all_tables_as_parquet(corpus, tmp_path):
    """``gwr export --all``: one Parquet file per table, as many rows as the database, types from the schema."""
    import pyarrow.parquet as pq
    from sqlalchemy import func, select

    from gwr.store.tables import TABLES, dump

    counts = dump(corpus.engine, tmp_path / "all")
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == sorted(f"{t}.parquet" for t in TABLES)
    with corpus.engine.connect() as conn:
        for name, table in TABLES.items():
            assert counts[name] == conn.execute(select(func.count()).select_from(table)).scalar_one() > 0
    facts = pq.read_table(tmp_path / "all" / "facts.parquet")
    assert str(facts.schema.field("year").type) == "int64" and str(facts.schema.field("value").type) == "double"
    texts = {r["file_id"]: r["text"] for r in pq.read_table(tmp_path / "all" / "file_texts.parquet").to_pylist()}
    docs = {r["id"]: r["file_id"] for r in pq.read_table(tmp_path / "all" / "documents.parquet").to_pylist()}
    for r in facts.to_pylist()[:500]:  # every quote is still its text's characters, read from Parquet alone
        assert texts[docs[r["document_id"]]][r["start"]:r["end"]] == r["quote"]
    assert "minhash" not in pq.read_schema(tmp_path / "all" / "documents.parquet").names


def test_all_tables_read_by_duckdb(corpus, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    from gwr.store.tables import dump

    counts = dump(corpus.engine, tmp_path / "all")
    n = duckdb.sql(f"SELECT count(*) FROM '{tmp_path / 'all' / 'facts.parquet'}' WHERE kind = 'target'").fetchone()[0]
    assert 0 < n <= counts["facts"]


def test_stats(corpus):
    s = corpus.stats()
    assert s["files"] > 10 and s["targets"] > 50 and s["documents_by"]["kind"]["official_report"] > 10


def test_paragraph_text_is_the_file_text(corpus):
    doc = corpus.documents(kind="official_report").iloc[0]
    paras = corpus.paragraphs(int(doc.id))
    text = corpus.text(int(doc.file_id))
    assert len(paras) > 5
    assert all(text[s:e] == t for s, e, t in zip(paras.start, paras.end, paras.text))


def test_track_on_the_stored_corpus(corpus):
    """泗洪县's report for 2021 gives the 2020 outcome of the 2020 report's targets (held-out round 4)."""
    t = corpus.track(indicator="gdp")
    pair = t[(t.status != "no_outcome")]
    assert len(pair) >= 1
    row = pair.iloc[0]
    assert row.status in ("met", "missed") and row.target_quote and row.outcome_quote
    assert row.gap == pytest.approx(row.outcome - row.target)


def test_check_flags_carry_quotes(corpus):
    flags = corpus.check()
    assert len(flags) >= 1
    assert all(len(f) >= 1 and all(x["quote"] for x in f) for f in flags.facts)
