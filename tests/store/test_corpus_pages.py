"""The Corpus queries the dashboard pages added: one document, its facts and projects, counts by group."""
from __future__ import annotations

import pandas as pd
import pytest

import gwr
from corpus_data import CORPUS, SAMPLES, needs_shared
from gwr.store.filters import region_code


def _key(v):
    return None if pd.isna(v) else v


@pytest.fixture
def corpus(db_url):
    c = gwr.open(db_url)
    c.ingest([CORPUS / "001_209cad49592183ba.txt", CORPUS / "003_e1b2c6009affd81b.txt", SAMPLES])
    return c


@needs_shared
def test_document_facts_and_projects_in_text_order(corpus):
    docs = corpus.documents(region="430602")
    doc = corpus.document(int(docs.iloc[0]["id"]))
    assert doc["region_name"] == "岳阳楼区" and doc["report_year"] == 2018 and doc["path"].endswith(".txt")
    assert corpus.document(10**9) is None
    text = corpus.text(doc["file_id"])
    facts = corpus.document_facts(doc["id"])
    assert set(facts["kind"]) == {"target", "actual"} and len(facts) > 10
    assert list(facts["start"]) == sorted(facts["start"])
    assert all(text[f.start:f.end] == f.quote for f in facts.itertuples())
    assert len(corpus.document_facts(doc["id"], kind="other")) > 0
    listing = corpus.documents(region="邵阳市")
    projects = corpus.document_projects(int(listing.iloc[0]["id"]))
    assert not projects.empty
    assert all(corpus.text(int(listing.iloc[0]["file_id"]))[p.start:p.end] == p.quote for p in projects.itertuples())


@needs_shared
def test_document_counts_count_reports_once_by_group(corpus):
    reports = corpus.documents(kind=["official_report", "report_excerpt"])
    for by, col in (("level", "level"), ("report_year", "report_year"), ("province_code", "province_code")):
        counts = corpus.document_counts(by)
        assert counts["count"].sum() == len(reports)
        expected = reports[col].value_counts(dropna=False)
        got = {_key(k): n for k, n in zip(counts["key"], counts["count"])}
        assert got == {_key(k): n for k, n in expected.items()}, by
    assert corpus.document_counts("province_code")["count"].is_monotonic_decreasing
    with pytest.raises(ValueError):
        corpus.document_counts("speaker")


@pytest.mark.parametrize("name, code", [("岳阳楼区", "430602"), ("湖南省", "430000"), ("430181", "430181"),
                                        ("枨冲镇", None)])
def test_region_code_of_a_town_is_not_its_countys(name, code):
    """A town carries its county's code in the dataset; filtering by it would select the whole county."""
    assert region_code(name) == code
