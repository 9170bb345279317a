"""Paragraph-level full-text search with exact substring semantics, on SQLite and PostgreSQL."""
from __future__ import annotations

from .index import (Hit, SearchError, SearchPage, create_index, delete_paragraphs,
                    filter_groups, index_paragraphs, index_prepared, prepare, search)
from .tokens import index_tokens, snippet, tags, word_tokens

__all__ = ["Hit", "SearchError", "SearchPage", "create_index", "delete_paragraphs",
           "filter_groups", "index_paragraphs", "index_prepared", "prepare", "search", "index_tokens", "snippet", "tags",
           "word_tokens"]
