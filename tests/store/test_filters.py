"""gwr.store.filters: a region's queries read its documents by the indexes on its codes.

SQLite keeps no statistics, so how a filter is written decides the plan: the near-duplicate
filter once led it to read every document through the index on ``canonical_id`` (nearly every
document is canonical) for a query about one county.  The plans are asked of a
real SQLite file (empty: without statistics the planner chooses as it does at 10,000 reports).
"""
from __future__ import annotations

import pytest
from sqlalchemy import event

import gwr


def _plans(corpus, call) -> list[str]:
    """EXPLAIN QUERY PLAN of every SELECT ``call`` runs, each plan as one string."""
    seen: list[tuple[str, tuple]] = []

    def capture(conn, cursor, statement, params, context, many):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, params))

    event.listen(corpus.engine, "before_cursor_execute", capture)
    try:
        call()
    finally:
        event.remove(corpus.engine, "before_cursor_execute", capture)
    with corpus.engine.connect() as conn:
        return [" | ".join(str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + s, p))
                for s, p in seen]


@pytest.fixture()
def corpus(tmp_path):
    return gwr.open(tmp_path / "gwr.sqlite")


@pytest.mark.parametrize("below", [False, True])
def test_a_regions_figures_are_read_by_its_codes(corpus, below):
    (plan,) = [p for p in _plans(corpus, lambda: corpus.facts(region="990101", below=below)) if "facts" in p]
    assert "ix_documents_canonical_id" not in plan
    assert "ix_documents_region_year" in plan and "ix_documents_successor_code" in plan
    if below:  # and every place below it: one index per code of the OR
        assert "ix_documents_parent_code" in plan and "ix_documents_prefecture_code" in plan
        assert "ix_documents_province_level_year" in plan
    assert "SCAN documents" not in plan


def test_commitments_and_attention_of_a_region_use_its_codes(corpus):
    for call in (lambda: corpus.commitments(region="990101", below=False),
                 lambda: corpus.attention(region="990101", below=False)):
        plans = [p for p in _plans(corpus, call) if "documents" in p]
        assert plans and all("ix_documents_canonical_id" not in p for p in plans)


@pytest.mark.parametrize("below", [False, True])
def test_a_regions_figures_of_one_indicator_are_read_through_its_documents(corpus, below):
    """A comparison over a county read every figure of the indicator in the corpus through its index
    and kept the county's: the region's documents first, then their figures by ``document_id``."""
    (plan,) = [p for p in _plans(corpus, lambda: corpus.facts(indicator="gdp", region="990101", below=below))
               if "facts" in p]
    assert "ix_facts_indicator_year" not in plan and "ix_facts_document_id" in plan
    assert "ix_documents_region_year" in plan


def test_the_figures_of_one_indicator_everywhere_are_read_by_its_index(corpus):
    (plan,) = [p for p in _plans(corpus, lambda: corpus.facts(indicator="gdp")) if "facts" in p]
    assert "ix_facts_indicator_year" in plan
