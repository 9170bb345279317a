"""The tables of a gwr database, defined once for SQLite and PostgreSQL.

One row per thing a user may want to cite: a file (its bytes' hash and its
extracted text, which every span points into), the documents split from it,
their sections and paragraphs, and the figures found in them.  Spans stay as
``start``/``end`` character offsets into ``file_texts.text`` so that any quote
can be checked against its source in SQL (``substr(gwr_text(text), …)``).

References inside one document (a paragraph's section, a fact's paragraph)
are plain columns, not foreign keys: they live and die with their document,
and a constraint would make every delete scan an unindexed column.

The full-text index is not declared here: it is dialect-specific (an FTS5
virtual table, a tsvector table) and belongs to ``gwr.search``; the
migrations create both.
"""
from __future__ import annotations

from sqlalchemy import (JSON, BigInteger, Boolean, Column, Float, ForeignKey, Index, Integer, LargeBinary,
                        MetaData, String, Table, Text)

from .texts import StoredText

# Constraint names fixed by convention, so that Alembic can later alter them by name on both dialects.
metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

Id = BigInteger().with_variant(Integer, "sqlite")  # INTEGER PRIMARY KEY is SQLite's rowid alias


def _id() -> Column:
    return Column("id", Id, primary_key=True, autoincrement=True)


def _span() -> list[Column]:
    return [Column("start", Integer, nullable=False), Column("end", Integer, nullable=False)]


files = Table(
    "files", metadata, _id(),
    Column("path", Text, nullable=False, unique=True),
    Column("sha256", String(64), nullable=False, index=True),
    Column("size", BigInteger, nullable=False),
    Column("format", Text, nullable=False),
    Column("encoding", Text),
    Column("text_sha256", String(64), nullable=False),
    Column("n_chars", Integer, nullable=False),
    Column("warnings", JSON),
    Column("ingested_at", String(32), nullable=False),  # ISO 8601 UTC, the same on both dialects
    Column("gwr_version", String(32), nullable=False),
    # the path as a client may see it: relative to the directory given at ingest (or the upload
    # directory), never the server's absolute path (migration 0007)
    Column("name", Text),
    # the version (gwr.store.derived.VERSION) of the commitments and attention rows stored for the
    # file's documents; null or another version: ``derived.backfill`` computes them again
    Column("derived", String(64)),
)

# The extracted text lives apart from ``files`` so that listing files never drags megabytes along.
# On SQLite it is stored compressed (gwr.store.texts, migration 0011): read it through the column's type,
# ``gwr.store.texts.text_slice`` or, in SQL written by hand, ``gwr_text(text)``.
file_texts = Table(
    "file_texts", metadata,
    Column("file_id", Id, ForeignKey("files.id", ondelete="CASCADE"), primary_key=True),
    Column("text", StoredText, nullable=False),
)

documents = Table(
    "documents", metadata, _id(),
    Column("file_id", Id, ForeignKey("files.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("index", Integer, nullable=False),
    Column("kind", Text, nullable=False),
    Column("title", Text),
    Column("line_start", Integer, nullable=False),
    Column("line_end", Integer, nullable=False),
    *_span(),
    Column("region_name", Text),
    Column("region_full_name", Text),
    Column("level", Text),
    Column("region_code", String(6)),
    Column("parent_code", String(6), index=True),  # indexed: a region filter's OR reads by each of its codes
    Column("parent", Text),
    Column("region_source", Text),
    # a former division (清苑县 130622): today's one continuing it (清苑区 130608), to join the two
    Column("successor_code", String(6), index=True),
    # the province and prefecture a region lies in, so that "every district of a province" is one equality
    Column("province_code", String(6)),
    Column("prefecture_code", String(6), index=True),
    Column("report_year", Integer),
    Column("review_year", Integer),
    Column("delivered_date", String(10)),
    Column("speaker", Text),
    Column("speaker_title", Text),
    Column("session", Text),
    Column("posted", String(10)),
    Column("locator", JSON),
    Column("n_chars", Integer, nullable=False),
    # near-duplicates (the same report posted again elsewhere) point at the first copy stored
    Column("canonical_id", Id, ForeignKey("documents.id", ondelete="SET NULL"), index=True),
    Column("similarity", Float),
    Column("minhash", LargeBinary),
    Index("ix_documents_region_year", "region_code", "report_year"),
    Index("ix_documents_province_level_year", "province_code", "level", "report_year"),
    Index("ix_documents_kind_year", "kind", "report_year"),
)

sections = Table(
    "sections", metadata, _id(),
    Column("document_id", Id, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("ordinal", Integer, nullable=False),
    Column("parent_id", Id),  # sections.id; references within one document need no constraint
    Column("depth", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("numbering", Text),
    *_span(),
    Column("heading_start", Integer, nullable=False),
    Column("heading_end", Integer, nullable=False),
    Column("locator", JSON),
)

paragraphs = Table(
    "paragraphs", metadata, _id(),
    Column("document_id", Id, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("section_id", Id),  # sections.id of the same document
    Column("number", Integer, nullable=False),  # 1-based within its document: the citation
    Column("role", Text),  # of its innermost section, copied so that search filters need no join
    *_span(),
    Column("locator", JSON),
)

facts = Table(
    "facts", metadata, _id(),
    Column("document_id", Id, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("paragraph_id", Id),  # paragraphs.id of the same document
    Column("kind", Text, nullable=False),  # target, actual, period (several years), other
    Column("indicator", Text),
    Column("label", Text),
    Column("year", Integer),
    Column("period_start", Integer),  # a period figure's first and last year (五年来, 十三五 …)
    Column("period_end", Integer),
    Column("measure", Text),  # a period figure's measure: total, average_annual, change
    Column("value", Float),
    Column("unit", Text),
    Column("value_qualifier", Text),
    Column("value_base", Float),
    Column("unit_base", Text),
    Column("growth_pct", Float),
    Column("growth_unit", Text),
    Column("growth_qualifier", Text),
    Column("growth_low", Float),
    Column("growth_high", Float),
    Column("extra", JSON),  # what the contract adds later (rank claims, …) without a migration
    *_span(),
    Column("quote", Text, nullable=False),
    Column("locator", JSON),
    Index("ix_facts_indicator_year", "indicator", "year", "kind"),
)

projects = Table(
    "projects", metadata, _id(),
    Column("document_id", Id, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("paragraph_id", Id),  # paragraphs.id of the same document
    Column("name", Text, nullable=False),
    Column("investment", Float),
    Column("unit", Text),
    Column("investment_qualifier", Text),
    Column("investment_base", Float),
    Column("stage", Text),
    Column("aggregate", Boolean, nullable=False, default=False),
    Column("count", Integer),
    *_span(),
    Column("quote", Text, nullable=False),
    Column("locator", JSON),
)

# Locality-sensitive hashing bands of each document's MinHash: candidates for near-duplicates are the
# documents sharing a band, found through this index instead of an in-memory LSH that a second process
# (or the next run) would not see.
document_bands = Table(
    "document_bands", metadata,
    Column("band", BigInteger, nullable=False, index=True),
    Column("document_id", Id, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
)

# One row whose counter every write transaction bumps: readers (the dashboard's page cache) compare it
# to know whether anything they rendered may have changed, at the cost of one primary-key lookup.
corpus_state = Table(
    "corpus_state", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("generation", BigInteger, nullable=False, default=0),
)

# Outcomes from official statistics (统计公报, 统计年鉴), imported from a user's CSV or Excel file
# (``gwr outcomes import``): the number the statistics office gives beside the one a report claims.
# Each row keeps where it came from (file, its sha256, the line) so that a figure can be traced and a
# file imported twice adds nothing.
statistics = Table(
    "statistics", metadata, _id(),
    Column("region_code", String(6), nullable=False),  # the code valid in ``year`` (清苑县 2013: 130622)
    Column("successor_code", String(6)),  # a former division: today's one continuing it (130608)
    Column("region_name", Text, nullable=False),
    Column("year", Integer, nullable=False),
    Column("indicator", Text, nullable=False),
    Column("label", Text),  # the file's own wording of the indicator
    Column("measure", Text, nullable=False),  # growth (a rate in percent) or value (a level)
    Column("value", Float, nullable=False),
    Column("unit", Text),
    Column("value_base", Float),
    Column("unit_base", Text),
    Column("source", Text),  # as the file gives it: 河北省统计局《2024年国民经济和社会发展统计公报》
    Column("file_name", Text, nullable=False),
    Column("file_path", Text, nullable=False),
    Column("file_sha256", String(64), nullable=False),
    Column("line", Integer, nullable=False),
    Column("imported_at", String(32), nullable=False),
    Index("ix_statistics_region_year", "region_code", "year", "indicator"),
    Index("ix_statistics_successor", "successor_code"),
    Index("uq_statistics_file_sha256_line", "file_sha256", "line", unique=True),
)

# -- computed once per document at ingest (gwr.store.derived), read by index (migration 0007) -----------

# A document's plan items (gwr.commitments.commitments) and review items (gwr.commitments.outcomes) as the
# pure functions return them, each list one blob (gwr.store.compact.pack_items); ``pairs``: what
# gwr.commitments.pair gave each plan item against the next report of its region (status, outcome), one
# entry per plan item.  One row per document since migration 0010 (before: one per item, 12× the bytes).
commitments = Table(
    "commitments", metadata,
    Column("document_id", Id, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True,
           autoincrement=False),
    Column("region_key", Text),  # gwr.commitments.region_key as text; null: never paired
    Column("report_year", Integer),
    Column("report", Boolean, nullable=False),  # a report (its review items answer the year before's plans)
    Column("plan_items", LargeBinary),  # null: none
    Column("review_items", LargeBinary),
    Column("pairs", LargeBinary),  # null: not paired (no next report stored, or not yet)
    Index("ix_commitments_region_key_report_year", "region_key", "report_year"),
)

# Region-years whose pairs must be computed again (a report of the year or of the next came or went);
# written in the file's transaction, emptied right after its commit (gwr.store.derived.repair).
commitment_repairs = Table(
    "commitment_repairs", metadata,
    Column("region_key", Text, primary_key=True),
    Column("report_year", Integer, primary_key=True, autoincrement=False),
    Column("n", Integer, nullable=False, default=0),  # bumped by each writer: a repair deletes what it saw
)

# A document's attention tallies for the shipped dictionary: the whole document (``role_scope``
# ``document``) and each section role (``role``), as gwr.attention.score counts them; the whole
# document's row also keeps the first sentences behind each topic (spans only: the text has them).
# ``data``: [counts, sentences_with, terms, evidence] in one blob (gwr.store.compact.pack, migration 0010):
# topic → counted matches, topic → sentences mentioning it, topic → term → matches,
# topic → [[start, end, role, [[start, end, term], …]], …] or null.
attention_tallies = Table(
    "attention_tallies", metadata, _id(),
    Column("document_id", Id, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("dictionary", Text, nullable=False),  # name@version
    Column("scope", String(8), nullable=False),  # document, role
    Column("role", Text),
    Column("chars", Integer, nullable=False),
    Column("sentences", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
)
