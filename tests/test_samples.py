"""The project's own invented samples: every format and layout through the whole pipeline.

Expected metadata is in tests/data/samples_expected.json, written by the
authors together with the texts.
"""
from __future__ import annotations

import pytest

from corpus_data import SAMPLES_EXPECTED

FIELDS = ["kind", "report_year", "review_year", "delivered_date", "speaker", "session"]


def _ids(e):
    return f"{e['file']}:{e['start_line']}"


def _find(sample_results, e):
    docs = sample_results[e["file"]].documents
    if e["start_line"] is None:  # html: one document, lines of the extracted text
        assert len([d for d in docs if d.kind != "boilerplate"]) == 1
        return next(d for d in docs if d.kind != "boilerplate")
    for d in docs:
        if tuple(d.lines) == (e["start_line"], e["end_line"]):
            return d
    raise AssertionError(f"no document at lines {e['start_line']}-{e['end_line']}: "
                         f"{[tuple(d.lines) for d in docs]}")


@pytest.mark.parametrize("expected", SAMPLES_EXPECTED, ids=_ids)
def test_samples_document_found(sample_results, expected):
    assert _find(sample_results, expected).kind == expected["kind"]


REPORTS = [e for e in SAMPLES_EXPECTED if e["kind"] in ("official_report", "report_excerpt")]


@pytest.mark.parametrize("expected", REPORTS, ids=_ids)
@pytest.mark.parametrize("field", FIELDS)
def test_samples_report_field(sample_results, expected, field):
    assert getattr(_find(sample_results, expected), field) == expected[field]


@pytest.mark.parametrize("expected", REPORTS, ids=_ids)
def test_samples_report_region(sample_results, expected):
    """Invented places keep the name the text states, and no code: nothing is made up."""
    reg = _find(sample_results, expected).region
    assert (reg.name if reg else None) == expected["region"]
    if expected["region"]:
        assert reg.code is None
    if expected["level"] and expected["region"]:
        assert reg.level in (expected["level"], None)


def test_samples_masked_excerpt_stays_unknown(sample_results):
    masked = [e for e in REPORTS if e["region"] is None]
    assert masked, "the samples include a masked excerpt"
    for e in masked:
        d = _find(sample_results, e)
        assert d.region is None or d.region.name is None
        assert d.report_year is None


def test_samples_html_is_main_text_only(sample_results):
    result = sample_results["songling_city_2025.html"]
    text = result.source.text
    assert "版权所有" not in text and "ICP" not in text and "政务公开" not in text.splitlines()[0]
    assert result.source.encoding == "gb18030"
