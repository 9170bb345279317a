"""Policy attention indices: how much a report attends to a topic, counted from its words.

``score(text, sections, dictionary)`` counts one document; ``score_result`` every document of an
extracted file; ``rows`` turns scores into flat records per document, section role or
region-year; ``evidence`` gives the sentences behind a figure.  Counting rules: ``gwr.attention.score``
and docs/ATTENTION.md.
"""
from __future__ import annotations

from .dictionary import Dictionary, DictionaryError, Topic, builtin_names, load, load_many, read_text_list
from .score import DocumentScore, Match, Tally, evidence, score

__all__ = ["Dictionary", "DictionaryError", "DocumentScore", "Match", "Tally", "Topic", "builtin_names",
           "evidence", "load", "load_many", "read_text_list", "score"]
from .table import BY, COLUMNS, REPORT_KINDS, Rows, Scored, rows, score_result  # noqa: E402

__all__ += ["BY", "COLUMNS", "REPORT_KINDS", "Rows", "Scored", "rows", "score_result"]
