"""What a notebook user sees: short reprs, HTML tables, records that read both ways, a progress bar."""
from __future__ import annotations

import json
import pickle

import pytest

from gwr.model import Actual, Project, Record, Target
from gwr.pipeline import extract_file

from corpus_data import SAMPLES


@pytest.fixture(scope="module")
def results():
    return [extract_file(p) for p in sorted(SAMPLES.iterdir()) if p.is_file()]


def test_reprs_are_short_and_say_what_is_there(results):
    for r in results:
        assert len(repr(r)) < 800, repr(r)
        assert r.source.text[:200] not in repr(r.source)
        for d in r.documents:
            assert len(repr(d)) < 300 and d.kind in repr(d)
    qinghe = next(r for r in results if r.source.path.endswith("qinghe_county_2024.txt"))
    assert "清禾县 2024" in repr(qinghe) and "11 targets" in repr(qinghe)


def test_html_reprs_are_tables_with_escaped_text(results):
    for r in results:
        page = r._repr_html_()
        assert page.count("<tr>") == len(r.documents) + 1
        for d in r.documents:
            assert d._repr_html_().count("<tr>") == 1 + len(d.targets) + len(d.actuals) + len(d.period_actuals)
    r = results[0]
    r.source.path = "<script>.txt"
    assert "<script>" not in r._repr_html_()


def test_facts_read_as_mapping_and_as_attributes(results):
    kinds = {"targets": Target, "actuals": Actual, "projects": Project}
    seen = set()
    for r in results:
        for d in r.documents:
            for key, kind in kinds.items():
                for item in getattr(d, key):
                    seen.add(key)
                    assert type(item) is kind and isinstance(item, dict)
                    assert item.quote == item["quote"] and item.span == item["span"]
                    assert len(repr(item)) < 300
    assert seen == set(kinds)
    t = next(t for r in results for d in r.documents for t in d.targets)
    with pytest.raises(AttributeError):
        t.no_such_field
    assert getattr(t, "no_such_field", None) is None and "growth_pct" in dir(t)
    assert pickle.loads(pickle.dumps(t)) == t  # a worker process sends them back
    t.note = "x"
    assert t["note"] == "x"


def test_the_json_contract_is_plain_dicts(results):
    for r in results:
        for d in r.to_dict()["documents"]:
            for key in ("targets", "actuals", "period_actuals", "projects"):
                assert all(type(x) is dict for x in d[key])
        json.dumps(r.to_dict(), ensure_ascii=False)


def test_records_from_plain_dicts():
    """A caller that builds a Document by hand (dict items) gets records on ``as_records``; records stay."""
    from gwr.model import Document

    d = Document(index=0, lines=(1, 2), span=(0, 10), kind="official_report",
                 targets=[{"indicator": "gdp", "quote": "增长6%"}])
    d.as_records()
    assert d.targets[0].indicator == "gdp" and type(d.targets[0]) is Target
    same = d.targets[0]
    assert d.as_records().targets[0] is same and isinstance(same, Record)


def test_corpus_repr_ingest_progress(tmp_path, capfd):
    pytest.importorskip("sqlalchemy")
    import gwr

    c = gwr.open(tmp_path / "nb.sqlite")
    assert repr(c) == f"Corpus('sqlite:///{tmp_path / 'nb.sqlite'}')"
    c.ingest([SAMPLES / "qinghe_county_2024.txt"])  # not a notebook: silent
    assert capfd.readouterr().err == ""
    out = c.ingest([SAMPLES], progress=True)
    err = capfd.readouterr().err
    assert "6/6" in err and len(out) == 6
    page = c._repr_html_()
    assert "<table>" in page and "<th>files</th><td>6</td>" in page
