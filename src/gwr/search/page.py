"""What a search returns, shared by the dialect modules."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from ..errors import GwrError


class SearchError(GwrError):
    """The search index cannot serve a request (unsupported database, bad filter)."""

    code = "E700"


class Hit(NamedTuple):
    """One ranked paragraph; higher ``score`` is better (scores compare within one page only)."""

    paragraph_id: int
    score: float


@dataclass
class SearchPage:
    """One page of hits.

    ``total`` is exact unless ``total_is_estimate``; ``ranked`` is how many
    matching paragraphs were ranked to choose this page (``None``: all of them).
    """

    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    total_is_estimate: bool = False
    ranked: int | None = None
