"""The stored corpus as pandas DataFrames: ``gwr.open(db).facts(indicator="gdp")``.

Each method is one SQL query with the shared filters of ``gwr.store.filters``;
nothing is loaded that the caller did not ask for.  Near-duplicate copies of a
report (see ``gwr.store.dedupe``) are left out unless ``duplicates=True``, so
that a report posted on five sites counts once.
"""
from __future__ import annotations

import os
from typing import Any, Iterable, Sequence

import pandas as pd
from sqlalchemy import Engine, func, select

from ..analysis.choice import choose
from .db import connect
from .filters import YearSpec, not_duplicate, one_of, region_ids, where, year_clause
from .schema import documents, facts, file_texts, files, paragraphs, projects, sections
from .texts import text_slice, text_slices

# The path a client sees: relative to the directory given at ingest (``files.name``); the absolute
# path the file was read from stays in the database (it identifies the file on re-ingest).
PATH = func.coalesce(files.c.name, files.c.path).label("path")
_FILE_COLUMNS = [PATH, *[c for c in files.c if c.name not in ("path", "name", "derived")]]

_DOC_COLUMNS = (documents.c.region_code, documents.c.region_name, documents.c.level, documents.c.successor_code,
                documents.c.province_code, documents.c.prefecture_code, documents.c.parent_code,
                documents.c.report_year, documents.c.review_year, documents.c.kind.label("document_kind"),
                documents.c.title.label("document_title"), PATH)


_INT_COLUMNS = frozenset({"year", "report_year", "review_year", "canonical_id", "paragraph_id", "section_id",
                          "parent_id", "count"})


class Corpus:
    def __init__(self, engine: Engine):
        self.engine = engine

    def __repr__(self) -> str:  # no query: a repr must be cheap and never fail
        return f"Corpus({self.engine.url.render_as_string(hide_password=True)!r})"

    def _repr_html_(self) -> str:
        """In a notebook: what the corpus holds (one count per table, near-duplicates once)."""
        import html

        s = self.stats()
        counts = {k: s[k] for k in ("files", "documents", "near_duplicates", "targets", "actuals", "period_figures",
                                    "projects", "paragraphs")}
        years = [y for y in s["documents_by"]["report_year"] if y != "unknown"]
        span = f", reports of {years[0]}–{years[-1]}" if years else ""
        cells = "".join(f"<tr><th>{k}</th><td>{v:,}</td></tr>" for k, v in counts.items())
        return f"<p>{html.escape(repr(self))}{span}</p><table>{cells}</table>"

    # -- writing ---------------------------------------------------------------------------------
    def ingest(self, paths: Iterable[str | os.PathLike[str]], *, jobs: int = 1,
               progress: bool | None = None) -> pd.DataFrame:
        """Store files; one row per file with its status (added, replaced, unchanged, failed).

        ``progress``: a bar per file (``None``: only in a Jupyter notebook, where a long ingest
        would otherwise look hung; scripts stay silent unless they ask).
        """
        from ..progress import in_notebook, progress as bar
        from .ingest import ingest

        paths = [os.fspath(p) for p in paths]
        outcomes = ingest(self.engine, paths, jobs=jobs)
        if in_notebook() if progress is None else progress:
            from ..read import iter_paths
            from pathlib import Path

            outcomes = bar(outcomes, total=sum(1 for _ in iter_paths(paths)), description="ingesting",
                           label=lambda o: Path(o.path).name)
        rows = [{"path": o.path, "status": o.status, "documents": o.documents, "facts": o.facts,
                 "projects": o.projects, "duplicates": len(o.duplicates),
                 "error": str(o.error) if o.error else None}
                for o in outcomes]
        return pd.DataFrame(rows, columns=["path", "status", "documents", "facts", "projects", "duplicates",
                                           "error"])

    # -- reading ---------------------------------------------------------------------------------
    def _frame(self, stmt) -> pd.DataFrame:
        with self.engine.connect() as conn:
            df = pd.read_sql(stmt, conn)
        for col in _INT_COLUMNS.intersection(df.columns):  # years stay years where some are unknown (masked)
            df[col] = df[col].astype("Int64")
        return df

    def _doc_filters(self, stmt, region, level, report_year, kind, duplicates, below=True):
        return where(stmt, region_ids(region, below=below), one_of(documents.c.level, level),
                     year_clause(documents.c.report_year, report_year), one_of(documents.c.kind, kind),
                     None if duplicates else not_duplicate())

    def generation(self) -> int:
        """A number that changes whenever anything is written: the key of caches over the corpus."""
        from .schema import corpus_state

        with self.engine.connect() as conn:
            return conn.execute(select(corpus_state.c.generation).where(corpus_state.c.id == 1)).scalar() or 0

    def files(self) -> pd.DataFrame:
        n_docs = (select(func.count()).where(documents.c.file_id == files.c.id).scalar_subquery()
                  .label("documents"))
        return self._frame(select(*_FILE_COLUMNS, n_docs).order_by(files.c.id))

    def documents(self, *, region: str | None = None, level: str | Sequence[str] | None = None,
                  year: YearSpec = None, kind: str | Sequence[str] | None = None,
                  duplicates: bool = False) -> pd.DataFrame:
        """Documents (reports and the rest); ``year`` is the report year."""
        return self._frame(self._documents(region, level, year, kind, duplicates))

    def _documents(self, region, level, year, kind, duplicates):
        stmt = (select(*[c for c in documents.c if c.name != "minhash"], PATH)
                .join(files, files.c.id == documents.c.file_id).order_by(documents.c.id))
        return self._doc_filters(stmt, region, level, year, kind, duplicates)

    def facts(self, *, kind: str | Sequence[str] | None = ("target", "actual"), indicator: str | Sequence[str] | None = None,
              region: str | None = None, level: str | Sequence[str] | None = None, year: YearSpec = None,
              report_year: YearSpec = None, duplicates: bool = False, below: bool = True) -> pd.DataFrame:
        """Figures with their region and report; ``kind`` target, actual, period (a figure covering
        several years: ``period_start``–``period_end`` and ``measure``, ``year`` null) or other
        (every figure no target or actual claimed); ``year`` the year a figure is about."""
        return self._frame(self._facts(kind, indicator, region, level, year, report_year, duplicates, below))

    def _facts(self, kind, indicator, region, level, year, report_year, duplicates, below, only=None):
        columns = [facts.c.id.label("fact_id"), facts.c.document_id, facts.c.kind, facts.c.indicator,
                   facts.c.label, facts.c.year, facts.c.period_start, facts.c.period_end, facts.c.measure,
                   facts.c.value, facts.c.unit, facts.c.value_qualifier,
                   facts.c.value_base, facts.c.unit_base, facts.c.growth_pct, facts.c.growth_qualifier,
                   facts.c.growth_low, facts.c.growth_high, facts.c.quote, facts.c.start, facts.c.end,
                   facts.c.paragraph_id, facts.c.extra, *_DOC_COLUMNS]
        if only is not None:  # the columns a caller reads (a province's tracking reads 17,000 rows)
            columns = [c for c in columns if c.key in only]
        stmt = (select(*columns)
                .join(documents, documents.c.id == facts.c.document_id)
                .join(files, files.c.id == documents.c.file_id)
                .order_by(facts.c.id))
        # a region's figures of one indicator: read through the region's documents, not the indicator's
        # index (SQLite keeps no statistics: it read every GDP figure of the corpus for one county's)
        by_indicator = facts.c.indicator + "" if region else facts.c.indicator
        stmt = where(stmt, one_of(facts.c.kind, kind), one_of(by_indicator, indicator),
                     year_clause(facts.c.year, year))
        return self._doc_filters(stmt, region, level, report_year, None, duplicates, below)

    def targets(self, **filters: Any) -> pd.DataFrame:
        return self.facts(kind="target", **filters)

    def actuals(self, **filters: Any) -> pd.DataFrame:
        return self.facts(kind="actual", **filters)

    def periods(self, *, year: YearSpec = None, **filters: Any) -> pd.DataFrame:
        """Figures covering several years (五年累计…, 年均增长…): never part of a year's series.
        ``year`` selects the periods that include it (2018, or any year of 2016-2020)."""
        df = self.facts(kind="period", **filters)
        if year is None or df.empty:
            return df
        lo, hi = (year, year) if isinstance(year, int) else year if isinstance(year, tuple) else (min(year), max(year))
        start = df["period_start"].fillna(-10**6)
        end = df["period_end"].fillna(10**6)
        keep = pd.Series(True, index=df.index)
        if lo is not None:
            keep &= end >= lo
        if hi is not None:
            keep &= start <= hi
        return df[keep].reset_index(drop=True)

    def projects(self, *, region: str | None = None, level: str | Sequence[str] | None = None,
                 year: YearSpec = None, stage: str | Sequence[str] | None = None,
                 duplicates: bool = False, below: bool = True) -> pd.DataFrame:
        return self._frame(self._projects(region, level, year, stage, duplicates, below))

    def _projects(self, region, level, year, stage, duplicates, below):
        stmt = (select(projects.c.id.label("project_id"), projects.c.document_id, projects.c.name,
                       projects.c.investment, projects.c.unit, projects.c.investment_qualifier,
                       projects.c.investment_base, projects.c.stage, projects.c.aggregate, projects.c.count,
                       projects.c.quote, projects.c.start, projects.c.end, *_DOC_COLUMNS)
                .join(documents, documents.c.id == projects.c.document_id)
                .join(files, files.c.id == documents.c.file_id)
                .order_by(projects.c.id))
        stmt = where(stmt, one_of(projects.c.stage, stage))
        return self._doc_filters(stmt, region, level, year, None, duplicates, below)

    def sections(self, document_id: int) -> pd.DataFrame:
        return self._frame(select(sections).where(sections.c.document_id == document_id)
                           .order_by(sections.c.ordinal))

    def paragraphs(self, document_id: int, *, limit: int | None = None, offset: int = 0) -> pd.DataFrame:
        """A document's paragraphs with their text (``limit``/``offset``: a page of them).

        The text is cut once, for the stretch the paragraphs cover, and sliced here: SQLite's
        ``substr`` walks a text from its start, so one ``substr`` per paragraph made a long
        report cost the square of its length.
        """
        stmt = select(paragraphs).where(paragraphs.c.document_id == document_id).order_by(paragraphs.c.number)
        if limit is not None:
            stmt = stmt.limit(limit).offset(offset)
        df = self._frame(stmt)
        if df.empty:
            return df.assign(text=pd.Series(dtype=object))
        with self.engine.connect() as conn:
            file_id = conn.execute(select(documents.c.file_id).where(documents.c.id == document_id)).scalar_one()
        lo, hi = int(df["start"].min()), int(df["end"].max())
        text = self.text_slice(file_id, lo, hi)
        df["text"] = [text[a - lo:b - lo] for a, b in zip(df["start"], df["end"])]
        return df

    def text(self, file_id: int) -> str:
        with self.engine.connect() as conn:
            return conn.execute(select(file_texts.c.text).where(file_texts.c.file_id == file_id)).scalar_one()

    def search(self, query: str, *, region: str | None = None, level: str | Sequence[str] | None = None,
               year: YearSpec = None, role: str | Sequence[str] | None = None,
               kind: str | Sequence[str] | None = None, limit: int = 20, offset: int = 0) -> pd.DataFrame:
        """Paragraphs containing ``query``, best first, with a highlighted snippet and a citation.

        ``year`` is the report year.  The frame's ``attrs`` carry ``total`` (and
        ``total_is_estimate``) for paging.
        """
        from ..search import search as run, snippet
        from .filters import region_code

        code = region_code(region) if region else None
        if isinstance(year, tuple) and len(year) == 2 and None in year:  # an open range: up to the years stored
            lo, hi = year
            year = (lo if lo is not None else 1949, hi if hi is not None else max(lo or 0, _this_year() + 1))
        with self.engine.connect() as conn:
            page = run(conn, query, region=code or region, level=level, year=year, role=role, kind=kind,
                       limit=limit, offset=offset)
            ids = [pid for pid, _ in page.hits]
            rows = {}
            if ids:
                stmt = (select(paragraphs.c.id, paragraphs.c.number, paragraphs.c.role, paragraphs.c.start,
                               paragraphs.c.end, paragraphs.c.document_id, paragraphs.c.locator,
                               documents.c.file_id, sections.c.title.label("section"), *_DOC_COLUMNS)
                        .join(documents, documents.c.id == paragraphs.c.document_id)
                        .join(files, files.c.id == documents.c.file_id)
                        .outerjoin(sections, sections.c.id == paragraphs.c.section_id)
                        .where(paragraphs.c.id.in_(ids)))
                plain = conn.dialect.name != "sqlite"  # PostgreSQL cuts every hit's text in the same query
                if plain:
                    stmt = stmt.add_columns(func.substr(file_texts.c.text, paragraphs.c.start + 1,
                                                        paragraphs.c.end - paragraphs.c.start).label("text")) \
                        .join(file_texts, file_texts.c.file_id == files.c.id)
                rows = {r.id: r._asdict() for r in conn.execute(stmt)}
                spans = [(r.pop("file_id"), r["start"], r["end"]) for r in rows.values()]
                if not plain:
                    for r, text in zip(rows.values(), text_slices(conn, spans)):
                        r["text"] = text
        out = []
        for pid, score in page.hits:
            r = rows.get(pid)
            if r is None:
                continue
            r["score"] = score
            r["snippet"] = snippet(r["text"], query)
            r["citation"] = citation(r)
            out.append(r)
        for r in out:  # the frame's names given to the rows (renaming the frame afterwards copied it)
            r["paragraph_id"], r["paragraph"] = r.pop("id"), r.pop("number")
        df = pd.DataFrame(out, columns=["paragraph_id", "score", "citation", "snippet", "region_name", "region_code",
                                        "level", "report_year", "section", "role", "paragraph", "document_id",
                                        "document_title", "document_kind", "path", "start", "end", "text", "locator"])
        df.attrs.update(total=page.total, total_is_estimate=page.total_is_estimate, query=query)
        return df

    def stats(self) -> dict[str, Any]:
        with self.engine.connect() as conn:
            def count(table, *where_):
                return conn.execute(where(select(func.count()).select_from(table), *where_)).scalar_one()

            by = {}
            for col in ("kind", "level", "report_year"):
                c = documents.c[col]
                by[col] = {("unknown" if k is None else str(k)): n for k, n in conn.execute(
                    select(c, func.count()).where(documents.c.canonical_id.is_(None)).group_by(c).order_by(c))}
            # one pass over the figures for every kind (a count per kind read a million rows four times)
            kinds = dict(conn.execute(select(facts.c.kind, func.count()).group_by(facts.c.kind)).all())
            return {"files": count(files), "documents": count(documents),
                    "near_duplicates": count(documents, documents.c.canonical_id.is_not(None)),
                    "paragraphs": count(paragraphs), "targets": kinds.get("target", 0),
                    "actuals": kinds.get("actual", 0), "period_figures": kinds.get("period", 0),
                    "other_figures": kinds.get("other", 0), "projects": count(projects), "documents_by": by}

    def fact_rows(self, **filters: Any) -> list[dict[str, Any]]:
        """Targets and actuals as the plain rows ``gwr.analysis`` works on."""
        return _analysis_rows(self.facts(kind=("target", "actual"), **filters))

    def track_of(self, facts_frame: pd.DataFrame, *, indicator=None, year: YearSpec = None) -> pd.DataFrame:
        """:meth:`track` of the targets and actuals of a :meth:`facts` frame already read (a region
        page reads its facts once for its timelines and its tracking)."""
        from ..analysis.track import track

        rows = _analysis_rows(facts_frame[facts_frame["kind"].isin(("target", "actual"))])
        return pd.DataFrame(track(rows, statistics=self._statistics_for(rows, indicator, year)))


    def track_rows_of(self, fact_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """:meth:`track_of` of plain rows (``facts_rows``), as plain rows (the values ``plain_rows`` gives
        of its frame): the region page's tracking without pandas."""
        from ..analysis.track import track
        from .frame_like import like_frame

        rows = _analysis_plain(r for r in fact_rows if r["kind"] in ("target", "actual"))
        return like_frame(track(rows, statistics=self._statistics_for(rows, None, None)))

    def track(self, *, indicator: str | Sequence[str] | None = None, region: str | None = None,
              level: str | Sequence[str] | None = None, year: YearSpec = None, below: bool = True) -> pd.DataFrame:
        """Each region's targets for a year against the outcome the next report gives for that year."""
        from ..analysis.track import track

        rows = self.fact_rows(indicator=indicator, region=region, level=level, year=year, below=below)
        return pd.DataFrame(track(rows, statistics=self._statistics_for(rows, indicator, year)))

    def track_rows(self, *, indicator: str | Sequence[str] | None = None, region: str | None = None,
                   level: str | Sequence[str] | None = None, year: YearSpec = None,
                   below: bool = True) -> list[dict[str, Any]]:
        """:meth:`track` as plain rows (the values ``plain_rows`` gives of its frame), read without
        pandas: what ``/api/track`` pages through."""
        from ..analysis.track import track
        from .frame_like import like_frame

        stmt = self._facts(("target", "actual"), indicator, region, level, year, None, False, below,
                           only=_TRACKED)
        rows = _analysis_plain(self._rows(stmt), copy=False)  # read here, for this only
        return like_frame(track(rows, statistics=self._statistics_for(rows, indicator, year)))

    def check(self, *, indicator: str | Sequence[str] | None = None, region: str | None = None,
              level: str | Sequence[str] | None = None, year: YearSpec = None) -> pd.DataFrame:
        """Figures that do not add up, each with its quotes."""
        from ..analysis.consistency import check

        from ..analysis.statistics import mismatches

        rows = self.fact_rows(indicator=indicator, region=region, level=level, year=year)
        flags = check(rows) + mismatches(rows, self._statistics_for(rows, indicator, year))
        return pd.DataFrame(flags)

    # -- official statistics (gwr outcomes import; gwr.store.statistics) ----------------------------
    def import_statistics(self, paths: Iterable[str | os.PathLike[str]]) -> pd.DataFrame:
        """Import statistics files (CSV, Excel); one row per file: status, rows imported, errors (one line each)."""
        from .statistics import import_file

        out = [import_file(self.engine, p) for p in paths]
        return pd.DataFrame([{"path": o.path, "status": o.status, "rows": o.rows, "errors": o.errors} for o in out],
                            columns=["path", "status", "rows", "errors"])

    def statistics(self, *, region: str | None = None, indicator: str | Sequence[str] | None = None,
                   year: YearSpec = None) -> pd.DataFrame:
        """Imported official figures with their provenance; ``region`` selects one region (and its former names)."""
        from .filters import region_code as code_of
        from .statistics import statistic_rows

        keys = None
        if region:
            code = code_of(region)
            keys = [code] if code else []
        return pd.DataFrame(statistic_rows(self.engine, keys=keys, indicator=indicator, year=year))

    def _statistics_for(self, rows: list[dict[str, Any]], indicator, year) -> list[dict[str, Any]]:
        from .statistics import statistic_rows

        keys = {str(r.get("successor_code") or r.get("region_code")) for r in rows if r.get("region_code")}
        if not keys:
            return []
        # many regions (a whole province's track): read all and let the analysis join, not a huge IN list
        return statistic_rows(self.engine, keys=sorted(keys) if len(keys) <= 500 else None, indicator=indicator,
                              year=year)

    # -- targets down the levels (gwr.analysis.cascade) ---------------------------------------------
    def cascade(self, *, indicator: str, year: int, region: str, children: bool = False) -> pd.DataFrame:
        """A target from the nation down to ``region`` in ``year``, one row per level, top first; with
        ``children``, the region's children against its target (``attrs``: ``parent``, ``summary``).
        A level without a stored report is ``status == "missing"``; see docs/CASCADE.md."""
        from .cascade import cascade_frame

        return cascade_frame(self.engine, indicator=indicator, year=year, region=region, children_of=children)

    # -- analysis ----------------------------------------------------------------------------------
    def compare(self, *, indicators: str | Sequence[str], regions: Sequence[str] | None = None,
                level: str | Sequence[str] | None = None, year: YearSpec = None, kind: str = "actual",
                measure: str = "value") -> pd.DataFrame:
        """Regions × (indicator, year): ``measure`` value (as written), value_base or growth_pct.

        Several statements may give one region's figure for a year (the headline and a later
        mention, a threshold on the way, a copy on another site): the one shown follows the rule
        of :mod:`gwr.analysis.choice`; ``attrs['shown']`` holds the facts shown and
        ``attrs['alternatives']`` the others, each with its quote.  A former division's figures
        share the row of today's (清苑县's and 清苑区's: 清苑区 (130608)).
        """
        frames = []
        for region in regions or [None]:
            frames.append(self.facts(kind=kind, indicator=indicators, region=region, level=level, year=year))
        df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        if df.empty:
            return df
        df = df.dropna(subset=[measure]).sort_values(["report_year", "fact_id"])
        if df.empty:  # figures stated, none with this measure (growth only, asked for values): no table
            return pd.DataFrame()
        from ..regions import gazetteer

        g = gazetteer()
        labels = []
        for n, s, c in zip(df["region_name"], df["successor_code"], df["region_code"]):
            if isinstance(s, str) and s:
                now = g.get(s)
                n, c = (now.name if now is not None else n), s
            labels.append(f"{n or '?'} ({c})" if isinstance(c, str) else (n or "?"))
        df["region"] = labels
        shown, alternatives = [], []
        # the frame's records once, grouped as groupby(sort=False) would (first appearance; a row
        # with a missing key in no group): a to_dict per group was most of a comparison's time
        groups: dict[tuple, list[dict[str, Any]]] = {}
        for r in df.to_dict("records"):
            key = (r["region"], r["indicator"], r["year"])
            if not any(pd.isna(k) for k in key):
                groups.setdefault(key, []).append(r)
        for group in groups.values():
            chosen, others = choose(group, measure)
            shown.append(chosen)
            alternatives.extend({**o, "alternative_to": chosen["fact_id"]} for o in others)
        table = pd.DataFrame(shown).pivot(index="region", columns=["indicator", "year"], values=measure)
        table = table.sort_index(axis=1)
        # the statements not shown, each with its quote (the rule: gwr.analysis.choice)
        table.attrs["alternatives"] = pd.DataFrame(alternatives)
        table.attrs["shown"] = pd.DataFrame(shown)
        return table

    def compare_shown(self, *, indicators: str | Sequence[str], regions: Sequence[str] | None = None,
                      level: str | Sequence[str] | None = None, year: YearSpec = None, kind: str = "actual",
                      measure: str = "value") -> list[dict[str, Any]]:
        """The facts :meth:`compare` shows (its ``attrs['shown']``, each with its ``region`` label), as
        plain rows read without pandas: what the comparison page lays out (``gwr.store.comparison``)."""
        from .comparison import shown

        rows = [r for region in regions or [None]
                for r in self._plain(self._facts(kind, indicators, region, level, year, None, False, True))]
        return shown(rows, measure, _INT_COLUMNS)

    # -- for the dashboard pages (gwr.web.pages) ----------------------------------------------------
    def _rows(self, stmt) -> list[dict[str, Any]]:
        """The rows :meth:`_frame` would give through ``plain_rows``, without pandas: what a page reads
        per request (the same values: ``gwr.store.frame_like``)."""
        from .frame_like import like_frame, like_frame_typed

        if self.engine.dialect.name != "sqlite":  # a NaN may be stored: every column looked at
            return like_frame(self._plain(stmt), _INT_COLUMNS)
        with self.engine.connect() as conn:
            result = conn.execute(stmt)
            keys = list(result.keys())
            data = result.all()
        # SQLite gives floats of a REAL column and stores no NaN: only an integer column read as
        # floats by pandas (one with a missing value) can differ from what the query gave
        return like_frame_typed(keys, data, [c.type for c in stmt.selected_columns], _INT_COLUMNS)

    def document_rows(self, *, region: str | None = None, level: str | Sequence[str] | None = None,
                      year: YearSpec = None, kind: str | Sequence[str] | None = None,
                      duplicates: bool = False) -> list[dict[str, Any]]:
        """:meth:`documents` as plain rows (the values ``plain_rows`` gives of the frame)."""
        return self._rows(self._documents(region, level, year, kind, duplicates))

    def facts_rows(self, *, kind: str | Sequence[str] | None = ("target", "actual"),
                   indicator: str | Sequence[str] | None = None, region: str | None = None,
                   level: str | Sequence[str] | None = None, year: YearSpec = None, report_year: YearSpec = None,
                   duplicates: bool = False, below: bool = True) -> list[dict[str, Any]]:
        """:meth:`facts` as plain rows."""
        return self._rows(self._facts(kind, indicator, region, level, year, report_year, duplicates, below))

    def project_rows(self, *, region: str | None = None, level: str | Sequence[str] | None = None,
                     year: YearSpec = None, stage: str | Sequence[str] | None = None,
                     duplicates: bool = False, below: bool = True) -> list[dict[str, Any]]:
        """:meth:`projects` as plain rows."""
        return self._rows(self._projects(region, level, year, stage, duplicates, below))

    def document(self, document_id: int) -> dict[str, Any] | None:
        """One document (any kind, duplicates included: a reader link must open) with its file's path."""
        stmt = (select(*[c for c in documents.c if c.name != "minhash"], PATH)
                .join(files, files.c.id == documents.c.file_id).where(documents.c.id == document_id))
        rows = self._plain(stmt)
        return rows[0] if rows else None

    def _plain(self, stmt) -> list[dict[str, Any]]:
        """Rows as plain dicts, without pandas: what a page reads per request (a DataFrame built and
        turned back into rows cost more than the query)."""
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(stmt).mappings()]

    def _document_facts(self, document_id: int, kind, span):
        stmt = (select(facts.c.id.label("fact_id"), *[c for c in facts.c if c.name != "id"])
                .where(facts.c.document_id == document_id).order_by(facts.c.start, facts.c.id))
        return where(stmt, one_of(facts.c.kind, kind), *_overlapping(facts, span))

    def _document_projects(self, document_id: int, span):
        stmt = (select(projects.c.id.label("project_id"), *[c for c in projects.c if c.name != "id"])
                .where(projects.c.document_id == document_id).order_by(projects.c.start, projects.c.id))
        return where(stmt, *_overlapping(projects, span))

    def document_facts(self, document_id: int, *, kind: str | Sequence[str] | None = ("target", "actual"),
                       span: tuple[int, int] | None = None) -> pd.DataFrame:
        """The facts of one document in text order: what the report reader highlights (``span``: only
        those overlapping ``[start, end)``, a page of a long report)."""
        return self._frame(self._document_facts(document_id, kind, span))

    def document_projects(self, document_id: int, *, span: tuple[int, int] | None = None) -> pd.DataFrame:
        """The projects of one document in text order (``span`` as for :meth:`document_facts`)."""
        return self._frame(self._document_projects(document_id, span))

    def document_fact_rows(self, document_id: int, *, kind: str | Sequence[str] | None = ("target", "actual"),
                           span: tuple[int, int] | None = None) -> list[dict[str, Any]]:
        """:meth:`document_facts` as plain dicts (missing values ``None``), for the reader's pages."""
        return self._plain(self._document_facts(document_id, kind, span))

    def document_project_rows(self, document_id: int, *, span: tuple[int, int] | None = None
                              ) -> list[dict[str, Any]]:
        """:meth:`document_projects` as plain dicts, for the reader's pages."""
        return self._plain(self._document_projects(document_id, span))

    def document_mark_counts(self, document_id: int) -> dict[str, int]:
        """How many targets, actuals, period figures and projects a document has (the reader's legend)."""
        with self.engine.connect() as conn:
            out = dict(conn.execute(select(facts.c.kind, func.count()).where(facts.c.document_id == document_id)
                                    .group_by(facts.c.kind)).all())
            out["project"] = conn.execute(select(func.count()).select_from(projects)
                                          .where(projects.c.document_id == document_id)).scalar_one()
        return {k: int(out.get(k, 0)) for k in ("target", "actual", "period", "project")}

    def section_rows(self, document_id: int) -> list[dict[str, Any]]:
        """A document's sections as plain dicts, in reading order, without pandas: a compilation of
        thousands of sections should not cost the reader a DataFrame per page."""
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(
                select(sections).where(sections.c.document_id == document_id).order_by(sections.c.ordinal))]

    def paragraph_spans(self, document_id: int) -> list[tuple[int, int, int]]:
        """``(number, start, end)`` of every paragraph of a document, without their text: enough to
        cut a long report into pages before reading any of it."""
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(
                select(paragraphs.c.number, paragraphs.c.start, paragraphs.c.end)
                .where(paragraphs.c.document_id == document_id).order_by(paragraphs.c.number))]

    def text_slice(self, file_id: int, start: int, end: int) -> str:
        """``text[start:end]`` of a file's text; only what covers the span is read (a page never loads the
        whole file)."""
        with self.engine.connect() as conn:
            return text_slice(conn, file_id, start, end)

    def document_counts(self, by: str, *, kind: str | Sequence[str] | None = ("official_report", "report_excerpt")
                        ) -> pd.DataFrame:
        """How many documents (near-duplicates once) per ``level``, ``report_year``, ``province_code`` or
        ``kind``: columns ``key`` and ``count``, largest group first for provinces, in key order otherwise."""
        if by not in ("level", "report_year", "province_code", "kind"):
            raise ValueError(f"cannot count documents by {by!r}")
        col = documents.c[by]
        stmt = where(select(col.label("key"), func.count().label("count")).group_by(col),
                     documents.c.canonical_id.is_(None), one_of(documents.c.kind, kind))
        df = self._frame(stmt.order_by(func.count().desc() if by == "province_code" else col))
        return df.astype({"count": "int64", **({"key": "Int64"} if by == "report_year" else {})})

    def region_counts(self, *, kind: str | Sequence[str] | None = ("official_report", "report_excerpt")
                      ) -> pd.DataFrame:
        """How many reports (near-duplicates once) each region has, with what places it in the tree
        (codes of its parent, prefecture and province): one grouped query, so the home page's region
        tree costs the same few milliseconds at 100 reports and at 100,000."""
        d = documents.c
        cols = [d.region_code, d.successor_code, d.region_name, d.level, d.parent_code, d.parent,
                d.province_code, d.prefecture_code]
        stmt = where(select(*cols, func.count().label("count")).group_by(*cols),
                     d.canonical_id.is_(None), one_of(d.kind, kind))
        return self._frame(stmt).astype({"count": "int64"})

    def latest(self, *, kind: str | Sequence[str] | None = ("official_report", "report_excerpt")) -> pd.DataFrame:
        """Reports newest first (report year, then the date delivered, then the latest stored), without
        their near-duplicates; ``page("latest", limit=…)`` cuts it in the database."""
        d = documents.c
        cols = [d.id, d.kind, d.title, d.region_code, d.region_name, d.level, d.report_year, d.delivered_date,
                d.speaker]
        stmt = select(*cols).order_by(d.report_year.desc().nulls_last(), d.delivered_date.desc().nulls_last(),
                                      d.id.desc())
        return self._frame(where(stmt, d.canonical_id.is_(None), one_of(d.kind, kind)))

    # -- pages (the REST API) ----------------------------------------------------------------------
    def file(self, file_id: int) -> dict[str, Any] | None:
        rows = self._frame(select(*_FILE_COLUMNS).where(files.c.id == file_id)).to_dict("records")
        return rows[0] if rows else None

    def page(self, what: str, *, limit: int, offset: int = 0, **filters: Any) -> pd.DataFrame:
        """One page of ``files``, ``documents``, ``facts``, ``targets``, ``actuals`` or ``projects``
        with the same filters; ``attrs['total']`` counts every match.  The database cuts the page,
        so page 500 costs what page 1 does and a client never pulls the whole table through."""
        if what not in _PAGED:
            raise ValueError(f"cannot page {what!r} (one of {', '.join(sorted(_PAGED))})")
        pager = _Pager(self.engine, limit, offset)
        df = getattr(pager, what)(**filters)
        df.attrs["total"] = pager.total
        return df

    # -- commitments (gwr.commitments over the stored texts) ---------------------------------------
    def commitments(self, *, region: str | None = None, year: YearSpec = None, below: bool = True) -> pd.DataFrame:
        """Quantified plan items of the stored reports, each with the next report's outcome and status
        (``below=False``: the region's own reports, not those of the places below it)."""
        from .commitments import stored_commitments

        return pd.DataFrame(stored_commitments(self, region=region, year=year, below=below))

    # -- attention indices (gwr.attention) ---------------------------------------------------------
    def attention(self, dictionary: Any = None, *, by: str = "region-year", topics: Sequence[str] | None = None,
                  region: str | None = None, level: str | Sequence[str] | None = None, year: YearSpec = None,
                  kind: str | Sequence[str] | None = ("official_report", "report_excerpt"),
                  evidence: int = 0, below: bool = True) -> pd.DataFrame:
        """Topic attention per ``by`` (document, section or region-year), one row per unit and topic.

        ``dictionary``: a ``gwr.attention.Dictionary``, a shipped name or a file (gwr's own by
        default).  Region-year rows give time series per region and comparisons across regions:
        ``df.pivot_table(index="report_year", columns="region_name", values="per_10k")``.
        """
        from ..attention import COLUMNS

        out, d = self._attention(dictionary, by=by, topics=topics, region=region, level=level, year=year,
                                 kind=kind, evidence=evidence, below=below)
        df = pd.DataFrame(out, columns=COLUMNS[by] + (["evidence"] if evidence else []))
        for col in _ATTENTION_INT.intersection(df.columns):
            df[col] = df[col].astype("Int64")  # a year stays a year where some are unknown
        df.attrs.update(dictionary=d.name, version=d.version, skipped=out.skipped)
        return df

    def attention_rows(self, *, by: str = "region-year", region: str | None = None, evidence: int = 0,
                       below: bool = True) -> list[dict[str, Any]]:
        """:meth:`attention` (gwr's own dictionary, every topic, reports and excerpts) as plain rows: the
        values ``plain_rows`` gives of its frame, for the region page."""
        from ..attention import COLUMNS
        from .frame_like import like_frame

        out, _d = self._attention(None, by=by, topics=None, region=region, level=None, year=None,
                                  kind=("official_report", "report_excerpt"), evidence=evidence, below=below)
        columns = COLUMNS[by] + (["evidence"] if evidence else [])
        return like_frame([{c: r.get(c) for c in columns} for r in out], _ATTENTION_INT)

    def _attention(self, dictionary, *, by, topics, region, level, year, kind, evidence, below):
        from ..attention import Dictionary, load, rows
        from ..attention.corpus import score_corpus
        from . import attention as stored

        d = (dictionary if isinstance(dictionary, Dictionary) else load(dictionary)).select(topics)
        kinds = [k.strip() for k in kind.split(",") if k.strip()] if isinstance(kind, str) else kind
        if stored.usable(d, by, evidence, kinds):  # the tallies stored at ingest, by index
            from .derived import ensure

            ensure(self.engine)
            docs = stored.scored(self, region=region, level=level, year=year, kind=kinds, below=below)
            out = rows(docs, d, by=by)
            if evidence:
                stored.add_evidence(self, out, docs, d, by, evidence)
        else:  # another dictionary, or evidence per section role: counted from the stored texts
            out = rows(score_corpus(self, d, region=region, level=level, year=year, kind=kind), d, by=by,
                       evidence_per_row=evidence)
        return out, d


# what tracking reads of a figure (gwr.analysis.track, .statistics, .choice): a province's tracking
# reads every figure below it, and the columns it does not read were a fifth of the query
_TRACKED = frozenset({"fact_id", "document_id", "kind", "indicator", "label", "year", "value", "unit",
                      "value_qualifier", "value_base", "unit_base", "growth_pct", "growth_qualifier", "growth_low",
                      "growth_high", "quote", "start", "end", "region_code", "region_name", "level",
                      "successor_code", "report_year", "review_year", "document_kind", "path"})

_ATTENTION_INT = _INT_COLUMNS.union({"document", "document_id"})


def _analysis_rows(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Facts as the plain rows ``gwr.analysis`` works on (``growth_range``, ``span``, ``doc_kind``)."""
    return _analysis_plain(plain_rows(df))


def _analysis_plain(fact_rows: Iterable[dict[str, Any]], copy: bool = True) -> list[dict[str, Any]]:
    """:func:`_analysis_rows` of plain fact rows (each copied unless ``copy`` is false: the caller's rows
    stay as they are)."""
    rows = []
    for r in fact_rows:
        r = dict(r) if copy else r
        lo, hi = r.pop("growth_low"), r.pop("growth_high")
        r["growth_range"] = [lo, hi] if lo is not None and hi is not None else None
        r["span"] = [r.pop("start"), r.pop("end")]
        r["doc_kind"] = r.pop("document_kind")
        rows.append(r)
    return rows


def plain_rows(df: pd.DataFrame | None) -> list[dict[str, Any]]:
    """Rows as dicts with pandas' missing values (NaN, NA) as ``None``, for templates, JSON and the analyses.

    Column by column (one missing-value mask and a ``tolist`` per column), not
    ``to_dict("records")``, which boxes every cell through ``itertuples``: a region page turns
    thousands of rows.
    """
    if df is None or df.empty:
        return []
    if not df.columns.is_unique:  # a repeated name: the last column wins, as in a dict
        return [{k: (None if not isinstance(v, (list, dict, str)) and pd.isna(v) else v) for k, v in r.items()}
                for r in df.to_dict("records")]
    missing = df.isna().to_numpy()
    columns = []
    for j, k in enumerate(df.columns):
        values = df[k].tolist()
        m = missing[:, j]
        columns.append([None if x else v for v, x in zip(values, m.tolist())] if m.any() else values)
    keys = list(df.columns)
    return [dict(zip(keys, r)) for r in zip(*columns)]


def _overlapping(table, span: tuple[int, int] | None) -> list:
    if span is None:
        return []
    return [table.c.start < span[1], table.c.end > span[0]]


_PAGED = frozenset({"files", "documents", "latest", "facts", "targets", "actuals", "periods", "projects"})


class _Pager(Corpus):
    """A ``Corpus`` whose one query is counted and cut to a page (see ``Corpus.page``)."""

    def __init__(self, engine: Engine, limit: int, offset: int):
        super().__init__(engine)
        self.limit, self.offset, self.total = limit, offset, 0

    def _frame(self, stmt) -> pd.DataFrame:
        with self.engine.connect() as conn:
            self.total = conn.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()
        return super()._frame(stmt.limit(self.limit).offset(self.offset))


def _this_year() -> int:
    import datetime

    return datetime.date.today().year


def citation(r: dict[str, Any]) -> str:
    """岳阳楼区 2018年政府工作报告, 2017年工作回顾, 第12段: what a reader needs to find the paragraph."""
    parts = [f"{r.get('region_name') or '(地区不详)'} {r['report_year']}年" if r.get("report_year")
             else (r.get("region_name") or "(地区不详)")]
    if r.get("document_title"):
        parts[0] += f"《{r['document_title']}》"
    if r.get("section"):
        parts.append(r["section"])
    parts.append(f"第{r['number']}段")
    return "，".join(parts)


def open(db: str | os.PathLike[str] | None = None, **connection: Any) -> Corpus:  # noqa: A001 - gwr.open(db) is the API
    """A corpus in ``db`` (a SQLite path or a database URL), created and migrated when needed;
    ``connection``: ``pool_size``, ``mmap_mb``, ``cache_mb`` of ``gwr.store.db.connect``."""
    return Corpus(connect(db, **connection))
