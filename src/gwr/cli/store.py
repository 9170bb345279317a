"""The commands over a database: ingest, search, track, check, compare, export, stats.

Each is a thin shell over ``gwr.store`` and ``gwr.analysis``; the database is
``--db`` (a SQLite path or a URL), else ``$GWR_DB``, else ``gwr.sqlite``.
"""
from __future__ import annotations

import contextlib
import functools
import json
import signal
import sys
import threading
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import (DbOption, FilesFromOption, LevelOption, MemoryOption, RegionOption, SecondsOption,
                  TableFormat, YearOption, _default_db, _err, _indicators, _inputs, _open, _print, _progress,
                  _regions, _stderr_console, _years, app)


@app.command()
def ingest(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files or directories (searched recursively).",
                                                         show_default=False)] = None,
    files_from: FilesFromOption = None,
    db: DbOption = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Processes extracting files (0: one per core).")] = 1,
    max_mb: Annotated[float, typer.Option("--max-mb", help="Refuse files larger than this many MiB.")] = 64,
    progress: Annotated[bool, typer.Option(help="Progress bar on stderr (default: when a terminal).")] = sys.stderr.isatty(),
    memory_mb: MemoryOption = None,
    seconds_per_mb: SecondsOption = None,
    root: Annotated[Optional[str], typer.Option(
        "--root", help="Know files by their path relative to this directory (the same on every machine), "
                       "not by their absolute path.")] = None,
    scheduler: Annotated[Optional[str], typer.Option(
        "--scheduler", help="Extract and store on a Dask cluster: its scheduler's address (tcp://host:8786), "
                            "or 'local' for a cluster of --jobs processes here (needs gwr[dask]).")] = None,
) -> None:
    """Extract files and store them in the database, one transaction per file.

    Unchanged files are skipped, changed ones replaced, and an interrupted
    batch leaves each file stored whole or not at all.  Files are read in worker
    processes under a memory ceiling and a time budget: a file past either, or one
    that crashes its reader, is reported in one line and the batch goes on.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from ..errors import GwrError
    from ..read import iter_paths
    from ..store.ingest import ingest as run
    from ..workers import Limits

    if paths and "-" in paths:
        _err("error: ingest stores files by their path: save standard input to a file first "
             "(or list paths with --files-from -)")
        raise typer.Exit(2)
    paths, _, _ = _inputs(paths, files_from)
    if not paths:
        _err("error: give files or directories, or --files-from FILE")
        raise typer.Exit(2)
    if scheduler is not None:
        _ingest_on_dask(paths, db, scheduler, jobs, root, max_mb)
        return
    corpus = _open(db)
    counts = dict.fromkeys(("added", "replaced", "unchanged", "failed"), 0)
    ndocs = nfacts = ndups = 0
    total = sum(1 for _ in iter_paths(paths)) if progress else None
    current = ""
    stopped: list[bool] = []  # Ctrl-C came (see _ctrl_c)
    try:
        with _progress(progress) as bar, _ctrl_c(stopped):
            task = bar.add_task("ingesting", total=total) if bar else None
            for o in run(corpus.engine, paths, jobs=jobs, max_bytes=int(max_mb * 2**20),
                         limits=Limits.from_env(memory_mb=memory_mb, seconds_per_mb=seconds_per_mb), root=root):
                if stopped:  # the interrupt reached us as this file's failure (a write it cancelled)
                    raise KeyboardInterrupt
                current = o.path
                counts[o.status] += 1
                ndocs += o.documents
                nfacts += o.facts
                ndups += len(o.duplicates)
                if o.error is not None:
                    _err(f"error: {o.error}")
                if bar:
                    bar.update(task, advance=1, description=Path(o.path).name[:40])
            if stopped:
                raise KeyboardInterrupt
    except KeyboardInterrupt:
        _interrupted(counts, current)
    except (GwrError, SQLAlchemyError, OSError) as e:  # the database itself failing (a full disk …)
        if stopped:  # … or a statement the interrupt cancelled
            _interrupted(counts, current)
        detail = str(e).splitlines()[0] if str(e) else type(e).__name__
        _err(f"error: the database failed after {counts['added'] + counts['replaced']} file(s) stored "
             f"whole: {type(e).__name__}: {detail}")
        raise typer.Exit(1)
    summary = (f"{counts['added']} added, {counts['replaced']} replaced, {counts['unchanged']} unchanged, "
               f"{counts['failed']} failed; {ndocs} documents, {nfacts} targets and actuals, "
               f"{ndups} near-duplicate(s) linked")
    _stderr_console().print(f"gwr: {summary}", highlight=False)
    if sum(counts.values()) == 0:
        _err("no files found")
        raise typer.Exit(2)
    if counts["failed"]:
        raise typer.Exit(1)


def _interrupted(counts: dict[str, int], current: str) -> None:
    _err(f"interrupted: {counts['added'] + counts['replaced']} file(s) stored whole; "
         f"the file being written after {current or 'the start'} was rolled back")
    raise typer.Exit(130)


@contextlib.contextmanager
def _ctrl_c(stopped: list[bool]):
    """Ctrl-C noted in ``stopped`` as well as raised: a KeyboardInterrupt raised inside a database
    driver's call may come back as that statement's error (cancelled), and so as one file failed,
    not as the interrupt; the caller, seeing ``stopped``, reports an interrupt (exit 130)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_sigint(signum, frame):
        stopped.append(True)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _ingest_on_dask(paths: list[str], db: str | None, scheduler: str, jobs: int, root: str | None,
                    max_mb: float) -> None:
    """``gwr ingest --scheduler``: the same files, stored by the workers of a Dask cluster (gwr.scale)."""
    from ..errors import GwrError
    from ..store.db import default_db, url_of

    db = db if db is not None else default_db()
    if url_of(db).startswith("sqlite") and scheduler != "local":
        _err(f"error: --scheduler {scheduler}: workers on other machines cannot write the SQLite file {db}; "
             "give --db postgresql://… (or --scheduler local)")
        raise typer.Exit(2)
    try:
        from distributed import Client

        from .. import scale
    except ImportError:
        _err("error: --scheduler needs Dask distributed: pip install 'gwr[dask]'")
        raise typer.Exit(2)
    try:
        client = scale.local_client(jobs or None) if scheduler == "local" else Client(scheduler, timeout="30s")
    except (OSError, TimeoutError) as e:
        _err(f"error: --scheduler {scheduler}: cannot connect: {str(e).splitlines()[0] if str(e) else type(e).__name__}")
        raise typer.Exit(1)
    try:
        with client:
            out = scale.ingest(paths, db, client, root=root, max_bytes=int(max_mb * 2**20))
        if scheduler == "local":
            client.cluster.close()
    except GwrError as e:
        _err(f"error: {e}")
        raise typer.Exit(1)
    except KeyboardInterrupt:
        _err("interrupted: every file the workers committed is stored whole; run again to store the rest")
        raise typer.Exit(130)
    for err in out["error"].dropna():
        _err(f"error: {err}")
    counts = out["status"].value_counts()
    n = {k: int(counts.get(k, 0)) for k in ("added", "replaced", "unchanged", "failed")}
    summary = (f"{n['added']} added, {n['replaced']} replaced, {n['unchanged']} unchanged, {n['failed']} failed; "
               f"{int(out['documents'].sum())} documents, {int(out['facts'].sum())} targets and actuals, "
               f"{int(out['duplicates'].sum())} near-duplicate(s) linked")
    _stderr_console().print(f"gwr: {summary}", highlight=False)
    if len(out) == 0:
        _err("no files found")
        raise typer.Exit(2)
    if n["failed"]:
        raise typer.Exit(1)


@app.command()
def indicators(
    query: Annotated[Optional[str], typer.Option("--query", "-q", help="Only ids, names or aliases containing "
                                                 "this text (case and width ignored).", show_default=False)] = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
) -> None:
    """The indicator ids --indicator takes, with their names (the taxonomy, with $GWR_INDICATORS)."""
    import pandas as pd

    from ..indicators import _key, taxonomy

    want = _key(query) if query else None
    rows = [{"id": t.id, "name": t.name, "dimension": t.dimension, "kind": t.kind, "sense": t.sense,
             "aliases": list(t.aliases)} for t in taxonomy()
            if want is None or any(want in _key(w) for w in (t.id, t.name, *t.aliases))]
    if not rows:
        _err(f"error: --query: no indicator matches {query!r}")
        raise typer.Exit(1)
    if format is TableFormat.json:  # aliases as a list, not the JSON text a flat table holds
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return
    df = pd.DataFrame(rows)
    _print(df if format is not TableFormat.csv else df.assign(aliases=df.aliases.map("; ".join)), format,
           title=f"{len(rows)} indicators", columns=["id", "name", "dimension", "kind"])


@app.command()
def stats(db: DbOption = None) -> None:
    """What the database holds: files, documents by kind and level, facts."""
    corpus = _open(db)
    s = corpus.stats()
    print(json.dumps(s, ensure_ascii=False, indent=1))


@app.command()
def compare(
    indicator: Annotated[list[str], typer.Option("--indicator", "-i", help="Indicator id(s), e.g. gdp.")],
    region: Annotated[Optional[list[str]], typer.Option("--region", "-r", help="Regions to compare (repeat).")] = None,
    level: LevelOption = None,
    year: YearOption = None,
    kind: Annotated[str, typer.Option(help="actual or target.")] = "actual",
    measure: Annotated[str, typer.Option(help="value, value_base or growth_pct.")] = "value",
    format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
    db: DbOption = None,
) -> None:
    """Regions side by side: one row per region, one column per indicator and year."""
    from ..store.export import flat

    corpus = _open(db)
    indicator = _indicators(indicator)
    _regions(corpus, region)
    df = corpus.compare(indicators=indicator, regions=region, level=level, year=_years(year), kind=kind,
                        measure=measure)
    _print(flat(df) if not df.empty else df, format, title=f"{kind} {measure}")


class ExportTable(str, Enum):
    documents = "documents"
    facts = "facts"
    targets = "targets"
    actuals = "actuals"
    projects = "projects"
    track = "track"
    checks = "checks"
    compare = "compare"


@app.command()
def export(
    table: Annotated[Optional[ExportTable], typer.Argument(help="What to export (not with --all).")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write; the format follows its "
                                                   "extension (.csv, .parquet, .xlsx, .json, .jsonl, .dta); "
                                                   "- is standard output (with --format).")] = None,
    format: Annotated[Optional[str], typer.Option("--format", "-f", help="csv, parquet, xlsx, json, jsonl "
                                                  "(JSON Lines) or dta (Stata 14+).")] = None,
    all_tables: Annotated[Optional[Path], typer.Option("--all", help="Write every table of the corpus to this "
                                                       "directory, one Parquet file each (DuckDB, polars, R).",
                                                       show_default=False)] = None,
    region: RegionOption = None,
    level: LevelOption = None,
    year: YearOption = None,
    indicator: Annotated[Optional[str], typer.Option("--indicator", "-i", help="Indicator id(s), comma-separated.")] = None,
    db: DbOption = None,
) -> None:
    """Write a table (a panel: region, year, indicator, value, quote…) for Stata, R, Excel or pandas,
    or with --all DIR every table as Parquet."""
    from ..errors import GwrError
    from ..store.export import format_of, write

    if all_tables is not None:
        if table is not None or output is not None:
            _err("error: --all DIR writes every table: give no TABLE and no --output")
            raise typer.Exit(2)
        from ..store.tables import dump

        try:
            counts = dump(_open(db).engine, all_tables)
        except GwrError as e:
            _err(f"error: {e}")
            raise typer.Exit(1)
        listed = ", ".join(f"{n} {name}" for name, n in counts.items())
        _stderr_console().print(f"gwr: {len(counts)} Parquet files written to {all_tables} ({listed})",
                                highlight=False)
        return
    if table is None or output is None:
        _err("error: give a TABLE and --output FILE, or --all DIR")
        raise typer.Exit(2)
    to_stdout = str(output) == "-"
    if to_stdout and not format:
        _err("error: --output - (standard output) needs --format (csv, json, jsonl, parquet, xlsx or dta)")
        raise typer.Exit(2)
    try:
        fmt = format_of(output, format)
    except GwrError as e:
        _err(f"error: {e}")
        raise typer.Exit(2)
    if to_stdout and fmt in BINARY_FORMATS and sys.stdout.isatty():
        _err(f"error: --output -: {fmt} is binary and standard output is a terminal (redirect it, or give a file)")
        raise typer.Exit(2)
    corpus = _open(db)
    years = _years(year)
    indicators = _indicators(indicator)
    _regions(corpus, region)
    t = table.value
    if t == "documents":
        df = corpus.documents(region=region, level=level, year=years)
    elif t in ("facts", "targets", "actuals"):
        kind = {"facts": ("target", "actual"), "targets": "target", "actuals": "actual"}[t]
        df = corpus.facts(kind=kind, indicator=indicators, region=region, level=level, year=years)
    elif t == "projects":
        df = corpus.projects(region=region, level=level, year=years)
    elif t == "track":
        df = corpus.track(region=region, level=level, year=years, indicator=indicators)
    elif t == "checks":
        df = corpus.check(region=region, level=level, year=years, indicator=indicators)
    else:
        if not indicators:
            _err("error: compare needs --indicator")
            raise typer.Exit(2)
        df = corpus.compare(indicators=indicators, level=level, year=years,
                            regions=[region] if region else None)
    try:
        if to_stdout:
            _write_stdout(df, fmt, title=f"gwr {t}")
        else:
            write(df, output, fmt, title=f"gwr {t}")
    except GwrError as e:
        _err(f"error: {e}")
        raise typer.Exit(1)
    where = "standard output" if to_stdout else output
    _stderr_console().print(f"gwr: {len(df)} row(s) of {t} written to {where} ({fmt})", highlight=False)


BINARY_FORMATS = frozenset({"parquet", "xlsx", "dta"})


def _write_stdout(df, fmt: str, *, title: str) -> None:
    """The file ``write`` would make, on standard output: written to a temporary directory first (the
    binary writers need a seekable file), without the BOM a CSV file carries for Excel."""
    import tempfile

    from ..store.export import write

    with tempfile.TemporaryDirectory(prefix="gwr-export-") as tmp:
        path = Path(tmp) / f"out.{fmt}"
        write(df, path, fmt, title=title)
        data = path.read_bytes()
    if fmt == "csv" and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find, exactly as written (两个字 such as 棚改 work).")],
    region: RegionOption = None,
    level: LevelOption = None,
    year: YearOption = None,
    role: Annotated[Optional[str], typer.Option(help="Section role: review, plan, targets, problems, "
                                                "self_government, other.")] = None,
    kind: Annotated[Optional[str], typer.Option(help="official_report, report_excerpt, commentary, news.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Hits per page.")] = 10,
    page: Annotated[int, typer.Option("--page", "-p", help="Page number, from 1.")] = 1,
    format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
    db: DbOption = None,
) -> None:
    """Paragraphs containing QUERY, best first, with a snippet and a citation."""
    from ..errors import GwrError

    corpus = _open(db)
    _regions(corpus, region)
    try:
        hits = corpus.search(query, region=region, level=level, year=_years(year), role=role, kind=kind,
                                limit=limit, offset=(max(page, 1) - 1) * limit)
    except GwrError as e:
        _err(f"error: {e}")
        raise typer.Exit(2)
    if format is not TableFormat.table:
        _print(hits.drop(columns=["text"]), format)
        return
    from rich.console import Console
    from rich.markup import escape

    console = Console()
    total = hits.attrs.get("total", len(hits))
    about = "about " if hits.attrs.get("total_is_estimate") else ""
    console.print(f"[bold]{about}{total}[/] paragraph(s) contain {escape(query)!r}; page {page}", highlight=False)
    for i, r in enumerate(hits.itertuples(), (max(page, 1) - 1) * limit + 1):
        snippet = escape(r.snippet.replace("<mark>", "\x00").replace("</mark>", "\x01"))
        snippet = snippet.replace("\x00", "[reverse]").replace("\x01", "[/reverse]")
        import html

        console.print(f"{i}. [bold]{escape(r.citation)}[/]\n   {html.unescape(snippet)}\n   [dim]{escape(str(r.path))}"
                      f" [{r.start}:{r.end}][/]", highlight=False)


def number(v) -> str:
    """A figure as written: 10 not 10.0, 6435350000 not 6.43535e+09."""
    from decimal import Decimal

    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        d = Decimal(repr(float(v))).normalize()
        return format(d, "f")
    return str(v)


@functools.cache
def _units_by_base() -> dict[str, list[tuple[float, str]]]:
    """Each base unit's 1×, 10⁴× and 10⁸× names from data/units.json (yuan: 元, 万元, 亿元)."""
    from importlib import resources

    units = json.loads(resources.files("gwr").joinpath("data/units.json").read_text("utf-8"))
    out: dict[str, dict[float, str]] = {}
    for name, u in units.items():
        if isinstance(u, dict) and "base" in u and float(u["factor"]) in (1.0, 1e4, 1e8):
            out.setdefault(u["base"], {}).setdefault(float(u["factor"]), name)
    return {b: sorted(f.items()) for b, f in out.items()}


def in_words(values, unit: str | None) -> list[str]:
    """Figures in a base unit (6435350000 yuan) as a report would write them (64.3535 亿元): the largest
    of the unit's 1×, 10⁴×, 10⁸× names that the largest figure reaches; a unit without a name as is."""
    scales = _units_by_base().get(unit or "")
    nums = [v for v in values if isinstance(v, (int, float)) and v == v]
    if not scales or not nums:
        return [f"{number(v)} {unit}".strip() if number(v) else "" for v in values]
    top = max(abs(v) for v in nums)
    factor, name = max(((f, n) for f, n in scales if f <= top or f == scales[0][0]), default=scales[0])
    return [f"{number(round(v / factor, 6))} {name}" if number(v) else "" for v in values]


def _with_units(df, method: str):
    """Track and check as a person reads them: each figure beside its unit (10 %, 1.2 万人, 64.35 亿元)."""
    df = df.copy()
    if method == "track":
        if "target_range" in df.columns:
            rng = df["target_range"].map(lambda r: "–".join(number(x) for x in r) if isinstance(r, list) else "")
            df["target"] = [number(t) or r for t, r in zip(df["target"], rng)]
        for col, unit in (("target", "target_unit"), ("outcome", "outcome_unit"), ("gap", "gap_unit")):
            if col in df.columns and unit in df.columns:
                df[col] = [f"{number(v) if not isinstance(v, str) else v} {u or ''}".strip()
                           if (number(v) if not isinstance(v, str) else v) else ""
                           for v, u in zip(df[col], df[unit])]
    elif {"expected", "stated", "unit"} <= set(df.columns):
        pairs = [in_words([e, s], u) for e, s, u in zip(df["expected"], df["stated"], df["unit"])]
        df["expected"] = [p[0] for p in pairs]
        df["stated"] = [p[1] for p in pairs]
        if "relative_diff" in df.columns:
            df["relative_diff"] = df["relative_diff"].map(lambda r: f"{number(round(r * 100, 2))}%"
                                                           if isinstance(r, (int, float)) and r == r else "")
    return df


def _analysis_command(method: str, title: str, columns: list[str]):
    def command(
        region: RegionOption = None,
        level: LevelOption = None,
        year: YearOption = None,
        indicator: Annotated[Optional[str], typer.Option("--indicator", "-i", help="Indicator id(s), comma-separated.")] = None,
        format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
        wide: Annotated[bool, typer.Option("--wide", help="Every column in the table (default: the main ones).")]
        = False,
        db: DbOption = None,
    ) -> None:
        corpus = _open(db)
        indicators = _indicators(indicator)
        _regions(corpus, region)
        df = getattr(corpus, method)(region=region, level=level, year=_years(year), indicator=indicators)
        if df.empty:
            _stderr_console().print(f"gwr: no {title} for these filters", highlight=False)
            if format is TableFormat.table:
                return
        if format is TableFormat.table:
            df = _with_units(df, method)
        _print(df, format, title=title, columns=None if wide else [c for c in columns if c in df.columns] or None)
    return command


app.command("track", help="Each region's targets for a year against the outcome the next year's report gives: "
            "met, missed, or no outcome reported.")(_analysis_command(
                "track", "targets against outcomes",
                ["region_name", "year", "indicator", "target", "qualifier", "outcome", "gap", "status"]))
app.command("check", help="Figures that do not add up (a target level against base × growth, a growth "
            "against two levels, a restated figure), each with its quotes.")(_analysis_command(
                "check", "consistency flags",
                ["kind", "region_name", "year", "indicator", "expected", "stated", "relative_diff",
                 "explanation"]))


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    token: Annotated[Optional[str], typer.Option(envvar="GWR_UPLOAD_TOKEN", help="Allow uploads (POST) "
                                                 "with this bearer token; without it the server is read-only.")] = None,
    max_upload_mb: Annotated[float, typer.Option(help="Largest upload accepted.")] = 32,
    upload_dir: Annotated[Optional[str], typer.Option(help="Where uploaded files are kept (default: beside "
                                                      "a SQLite file, else ./gwr-uploads).")] = None,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Server processes (default: one per core).")] = None,
    connections: Annotated[int, typer.Option(min=1, help="Database connections (and handler threads) per "
                                             "process.")] = 8,
    sqlite_mmap_mb: Annotated[Optional[float], typer.Option(min=0, help="SQLite: MiB of the file mapped per "
                                                            "connection (default 256, $GWR_SQLITE_MMAP_MB).")] = None,
    sqlite_cache_mb: Annotated[float, typer.Option(min=0, help="SQLite: MiB of page cache per connection (reads "
                                                   "of the mapped part bypass it).")] = 16,
    page_cache_mb: Annotated[float, typer.Option(min=0, help="MiB of rendered pages and answers kept (gzipped) "
                                                 "per process until the corpus changes.")] = 64,
) -> None:
    """Serve the REST API (/api, OpenAPI at /docs) and the dashboard over a database."""
    import dataclasses
    import json
    import os
    import shutil
    import tempfile

    import uvicorn

    from ..web.app import SETTINGS_ENV, Settings, _derive

    settings = Settings(db=db or _default_db(), upload_token=token, max_upload_mb=max_upload_mb,
                        upload_dir=upload_dir, pool_size=connections, sqlite_mmap_mb=sqlite_mmap_mb,
                        sqlite_cache_mb=sqlite_cache_mb, page_cache_mb=page_cache_mb)
    # migrate and derive once, here, and fail early, with one line, before any worker starts
    corpus = _open(settings.db)
    _derive(corpus)
    corpus.engine.dispose()
    _check_port(host, port)
    workers = workers or os.cpu_count() or 1
    _stderr_console().print(f"gwr: serving {settings.db} on http://{host}:{port}/ with {workers} worker(s) "
                            f"({'uploads allowed with the token' if token else 'read-only'})", highlight=False)
    # the workers share the pages they build through a directory of this server's own
    shared = tempfile.mkdtemp(prefix="gwr-pages-") if workers > 1 else None
    settings = dataclasses.replace(settings, shared_pages_dir=shared)
    # uvicorn starts (and restarts) the workers; each builds its own app and connections from this
    os.environ[SETTINGS_ENV] = json.dumps(dataclasses.asdict(settings))
    try:
        uvicorn.run("gwr.web.app:from_environment", factory=True, host=host, port=port, workers=workers,
                    log_level="warning")
    finally:
        if shared:
            shutil.rmtree(shared, ignore_errors=True)


def _check_port(host: str, port: int) -> None:
    """Bind the address once before saying "serving": a busy port is one line naming it, not a
    banner followed by uvicorn's traceback."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as e:
        _err(f"error: --host {host}: cannot resolve: {e.strerror or e}")
        raise typer.Exit(2)
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            sock.bind(address)
        except OSError as e:
            _err(f"error: --port {port}: cannot listen on {host}:{port}: {e.strerror or e}")
            raise typer.Exit(2)
