"""``gwr attention``: topic attention indices, straight from files or over a stored corpus.

A thin shell over ``gwr.attention``: files go through ``gwr.pipeline`` (no
database needed); with ``--db`` the stored texts and section spans are used.
"""
from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from .app import DbOption, LevelOption, RegionOption, YearOption, _err, app


class AttentionFormat(str, Enum):
    json = "json"
    csv = "csv"


class By(str, Enum):
    document = "document"
    section = "section"
    region_year = "region-year"


@app.command()
def attention(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files or directories (searched recursively); "
                                                         "none: the database (--db, $GWR_DB or gwr.sqlite).",
                                                         show_default=False)] = None,
    dictionary: Annotated[Optional[list[str]], typer.Option(
        "--dictionary", "-d", help="A shipped dictionary (gwr) or a file: gwr JSON, cntext YAML/JSON, or one "
        "term per line (.txt). Repeat to add topics; a later topic replaces one of the same id.")] = None,
    topic: Annotated[Optional[str], typer.Option("--topic", "-t", help="Only these topic ids (comma-separated).")] = None,
    by: Annotated[By, typer.Option("--by", help="One row per document, section role or region-year, and topic.")]
    = By.document,
    format: Annotated[AttentionFormat, typer.Option("--format", "-f")] = AttentionFormat.json,
    evidence: Annotated[int, typer.Option("--evidence", "-e", help="Add up to N sentences behind each row "
                                          "(JSON only), matched terms marked 【】, with spans.")] = 0,
    kind: Annotated[str, typer.Option(help="Document kinds counted (comma-separated), or 'all'.")]
    = "official_report,report_excerpt",
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Processes extracting files (0: one per core).")] = 1,
    db: DbOption = None,
    region: RegionOption = None,
    level: LevelOption = None,
    year: YearOption = None,
) -> None:
    """How much each report attends to each topic: counts of the topic's terms, per 10,000 characters
    and share of sentences (rules: docs/ATTENTION.md)."""
    from ..attention import COLUMNS, load_many, rows
    from ..errors import GwrError

    if paths and db:
        _err("error: give files or directories, or --db (not both)")
        raise typer.Exit(2)
    if not paths and not db:  # like every command over a database: --db, else $GWR_DB, else gwr.sqlite
        import os

        from .app import _default_db

        db = _default_db()
        if "://" not in db and not os.path.exists(db):  # do not create an empty database to score nothing
            _err(f"error: give files or directories, or --db (there is no database at {db})")
            raise typer.Exit(2)
    if (region or level or year) and not db:
        _err("error: --region, --level and --year filter a database (--db)")
        raise typer.Exit(2)
    kinds = None if kind == "all" else [k.strip() for k in kind.split(",") if k.strip()]
    try:
        d = load_many(dictionary).select(topic.split(",") if topic else None)
    except GwrError as e:
        _err(f"error: {e}")
        raise typer.Exit(2)
    failed = [0]
    if db:
        from .app import _open, _years
        from ..attention.corpus import score_corpus

        scored = score_corpus(_open(db), d, region=region, level=level, year=_years(year), kind=kinds)
    else:
        scored = _score_files(paths, d, kinds, failed, jobs)
    out = rows(scored, d, by=by.value, evidence_per_row=evidence if format is AttentionFormat.json else 0)
    if format is AttentionFormat.json:
        envelope = {"dictionary": {"name": d.name, "version": d.version, "topics": [t.id for t in d.topics]},
                    "by": by.value, "rows": out}
        if by is By.region_year:
            envelope["skipped_documents"] = out.skipped
        json.dump(envelope, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        w = csv.DictWriter(sys.stdout, fieldnames=COLUMNS[by.value], extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for r in out:
            w.writerow({**r, "terms": ";".join(f"{k}:{v}" for k, v in r["terms"].items())})
    if failed[0]:
        _err(f"{failed[0]} file(s) failed")
        raise typer.Exit(1)


def _score_files(paths, d, kinds, failed, jobs):
    from ..attention import score_result
    from ..pipeline import extract_lean, extract_many

    seen = 0
    for path, result, error in extract_many(paths, jobs=jobs, work=extract_lean):
        seen += 1
        if error is not None:
            failed[0] += 1
            _err(f"error: {error}")
            continue
        yield from score_result(result, d, kinds=kinds)
    if not seen:
        _err("no files found")
        raise typer.Exit(2)
