"""The ``gwr`` command's application and what its command groups share: the global options
(``-v``, ``-q``, ``--version``), the options every group takes (files, limits, ``--db``, region, level,
year), opening the database and printing a table.

The commands live in one module per group (``files``, ``store``, ``commitments``, ``attention``,
``cascade``), each importing only this module, so that no two modules import each other.
Output goes to stdout (JSON, JSON lines or a table); every per-file problem is one line on stderr
naming the file, and the exit status is 1 when any file failed, so scripts can tell a partial batch
from a clean one.
"""
from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from ..errors import one_line

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="gwr — Chinese government work reports (政府工作报告) as structured, cited data.",
)


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


def _err(message: str) -> None:
    sys.stderr.write(f"gwr: {one_line(message)}\n")


_QUIET = False  # set by -q: errors only (no progress bars, no summaries)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        print(__version__)
        raise typer.Exit()


@app.callback()
def _global(
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="Log what gwr does on stderr "
                                         "(-v: INFO, -vv: DEBUG).")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Errors only: no progress bars, no summaries.")] = False,
    show_version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Print gwr's version and exit.")] = False,
) -> None:
    """gwr — Chinese government work reports (政府工作报告) as structured, cited data."""
    import logging

    global _QUIET
    _QUIET = quiet
    level = logging.ERROR if quiet else {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    # the library logs under "gwr.*" and never configures logging itself: the shell decides what is seen
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("gwr: %(levelname)s: %(name)s: %(message)s"))
    logger = logging.getLogger("gwr")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False


STDIN_NAME = "<stdin>"


def _inputs(paths: list[str] | None, files_from: str | None) -> tuple[list[str], dict[str, str], list[str]]:
    """The paths to read: the arguments, then the lines of ``--files-from`` (``-``: standard input).

    A ``-`` argument is standard input, copied to a temporary file so that it is read in a worker
    under the same limits as any file; the returned map names it ``<stdin>`` again in output and
    errors.  Returns (paths, {temporary path: shown name}, temporary files to remove)."""
    paths = list(paths or [])
    if files_from is not None:
        if files_from == "-" and "-" in paths:
            _err("error: standard input cannot be both a report (-) and the list of files (--files-from -)")
            raise typer.Exit(2)
        try:
            if files_from == "-":
                listed = sys.stdin.read().splitlines()
            else:
                with open(files_from, encoding="utf-8") as fh:
                    listed = fh.read().splitlines()
        except (OSError, UnicodeDecodeError) as e:
            reason = getattr(e, "strerror", None) or str(e)
            _err(f"error: --files-from {one_line(files_from)}: cannot read: {reason}")
            raise typer.Exit(2)
        paths += [line.strip() for line in listed if line.strip()]
    names: dict[str, str] = {}
    temps: list[str] = []
    if "-" in paths:
        import tempfile

        fd, tmp = tempfile.mkstemp(prefix="gwr-stdin-")
        with open(fd, "wb") as fh:
            fh.write(sys.stdin.buffer.read())
        names[tmp] = STDIN_NAME
        temps.append(tmp)
        paths = [tmp if p == "-" else p for p in paths]
    return paths, names, temps


def _rename(result, error, names: dict[str, str]):
    """A result or an error of standard input's temporary copy, named ``<stdin>``."""
    if not names:
        return result, error
    if result is not None and not isinstance(result, str) and result.source.path in names:  # str: renamed already
        result.source.path = names[result.source.path]
    if error is not None and error.path in names:
        error.path = names[error.path]
    return result, error


def _remove(temps: list[str]) -> None:
    import os

    for t in temps:
        try:
            os.unlink(t)
        except OSError:
            pass


MemoryOption = Annotated[Optional[float], typer.Option(
    "--memory-mb", help="Memory ceiling per worker process, in MiB above its start (default "
    "$GWR_MEMORY_MB or 1024; 0: none). A file past it is refused with one line.", show_default=False)]
FilesFromOption = Annotated[Optional[str], typer.Option(
    "--files-from", help="Also read the paths listed in this file, one per line (-: standard input).",
    show_default=False)]
SecondsOption = Annotated[Optional[float], typer.Option(
    "--seconds-per-mb", help="Time budget per file: this many seconds per MiB, at least $GWR_MIN_SECONDS "
    "(10) (default $GWR_SECONDS_PER_MB or 5; 0 with GWR_MIN_SECONDS=0: none).", show_default=False)]



DbOption = Annotated[Optional[str], typer.Option("--db", help="SQLite file or database URL (postgresql://…); "
                                                 "default $GWR_DB or gwr.sqlite.", show_default=False)]
RegionOption = Annotated[Optional[str], typer.Option("--region", "-r", help="Region name or 6-digit code; "
                                                     "a province or city includes everything under it.")]
LevelOption = Annotated[Optional[str], typer.Option("--level", "-l", help="province, prefecture, county, district, "
                                                    "town, township (comma-separated).")]
YearOption = Annotated[Optional[str], typer.Option("--year", "-y", help="2018, 2017-2020, 2017-, or 2016,2018.")]


class TableFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _open(db: str | None):
    from ..errors import GwrError
    from ..store.corpus import open as open_corpus

    try:
        return open_corpus(db)
    except GwrError as e:
        _err(f"error: {e}")
        raise typer.Exit(2)


def _years(spec: str | None):
    from ..store.filters import parse_years

    try:
        return parse_years(spec)
    except ValueError:
        _err(f"error: cannot read years {spec!r} (use 2018, 2017-2020, 2017-, or 2016,2018)")
        raise typer.Exit(2)


def _indicators(given: str | list[str] | None, option: str = "--indicator") -> list[str] | None:
    """Indicator ids, each known to the taxonomy; an unknown one stops the command with the close
    ids (difflib over ids, names and aliases), since an unknown id would print an empty table."""
    if not given:
        return None
    ids = [i.strip() for part in ([given] if isinstance(given, str) else given) for i in part.split(",") if i.strip()]
    from ..indicators import taxonomy

    tax = taxonomy()
    for i in ids:
        if i not in tax:
            near = _near_indicators(i, tax)
            hint = f" (did you mean {', '.join(near)}?)" if near else ""
            _err(f"error: {option}: unknown indicator {i!r}{hint}; `gwr indicators` lists them")
            raise typer.Exit(2)
    return ids


def _near_indicators(given: str, tax) -> list[str]:
    import difflib

    found: list[str] = []
    exact = tax.exact(given)
    if exact is not None:
        found.append(exact.id)
    found += difflib.get_close_matches(given.lower(), [t.id for t in tax], n=3, cutoff=0.6)
    labels: dict[str, str] = {}
    for t in tax:
        for word in (t.name, *t.aliases):
            labels.setdefault(word, t.id)
    found += [labels[w] for w in difflib.get_close_matches(given, list(labels), n=3, cutoff=0.6)]
    return [f"{i} ({tax.get(i).name})" for i in dict.fromkeys(found)][:3]


def _regions(corpus, given: str | list[str] | None, option: str = "--region") -> None:
    """Stop with one line when a region filter names no place the gazetteer knows and no stored
    report: it would match nothing and print an empty table.  Suggests close names (difflib)."""
    if not given:
        return
    from ..regions import gazetteer
    from ..store.filters import NATION_NAMES, region_code

    g = gazetteer()
    for name in [given] if isinstance(given, str) else given:
        name = name.strip()
        if name in NATION_NAMES or region_code(name) is not None or g.lookup(name):
            continue
        if name.isdigit() and len(name) == 6:
            continue  # a code: region_code took it as written
        if not corpus.documents(region=name).empty:
            continue  # a town, or a name the dataset lacks, stored as written
        import difflib

        near = difflib.get_close_matches(name, list(g._index), n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(near)}?)" if near else ""
        _err(f"error: {option}: unknown region {name!r}{hint}: no such place in the gazetteer nor in {corpus_name(corpus)}")
        raise typer.Exit(2)


def corpus_name(corpus) -> str:
    url = corpus.engine.url
    return url.database if url.get_backend_name() == "sqlite" and url.database else url.render_as_string(hide_password=True)


def _print(df, fmt: TableFormat, title: str | None = None, columns: list[str] | None = None) -> None:
    import pandas as pd

    if fmt is TableFormat.json:
        from ..store.export import flat

        sys.stdout.write(flat(df).to_json(orient="records", force_ascii=False, indent=1) + "\n")
        return
    if fmt is TableFormat.csv:
        from ..store.export import flat

        flat(df).to_csv(sys.stdout, index=False)
        return
    from rich.console import Console
    from rich.table import Table

    from rich.cells import cell_len

    shown = df[columns] if columns else df
    t = Table(title=title, show_lines=False)
    for c in shown.columns:  # a cell may fold, a column's name never breaks letter by letter
        t.add_column(str(c), overflow="fold", min_width=max(cell_len(w) for w in str(c).split("_") or [""]))
    for row in shown.itertuples(index=False):
        t.add_row(*["" if (v is None or (not isinstance(v, (list, dict)) and pd.isna(v))) else str(v) for v in row])
    Console(width=max(160, Console().width)).print(t)


class _NoBar:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def _progress(enabled: bool):
    if not enabled or _QUIET:
        return _NoBar()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), transient=True, console=_stderr_console())


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True, quiet=_QUIET, soft_wrap=True)  # one line per message, never wrapped


def _default_db() -> str:
    from ..store.db import default_db

    return default_db()


def main() -> None:
    try:
        app()
    except ImportError as e:  # a command of an extra that is not installed: say which one, in one line
        from ..extras import MissingExtraError, explain

        missing = e if isinstance(e, MissingExtraError) else explain(e) if isinstance(e, ModuleNotFoundError) else None
        if missing is None:
            raise
        _err(f"error: {missing}")
        sys.exit(2)
