"""PostgreSQL: placeholder until the SQLite version is measured."""
from __future__ import annotations


def create_index(conn):
    raise NotImplementedError


index_paragraphs = delete_paragraphs = search = create_index
