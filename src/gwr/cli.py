"""The ``gwr`` command: a thin shell over ``gwr.pipeline``.

Output goes to stdout (JSON, JSON lines or a table); every per-file problem is
one line on stderr naming the file, and the exit status is 1 when any file
failed, so scripts can tell a partial batch from a clean one.
"""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import one_line

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
        from . import __version__

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


@app.command()
def extract(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files or directories (searched recursively); "
                                                         "- reads one report from standard input.",
                                                         show_default=False)] = None,
    files_from: FilesFromOption = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="json: one array; jsonl: one file per line; table: a summary.")] = OutputFormat.json,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout (-: stdout).")] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr (default: when stderr is a terminal).")] = sys.stderr.isatty(),
    max_mb: Annotated[float, typer.Option("--max-mb", help="Refuse files larger than this many MiB (read before any byte is loaded).")] = 64,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Processes to spread files over (0: one per core).")] = 1,
    memory_mb: MemoryOption = None,
    seconds_per_mb: SecondsOption = None,
) -> None:
    """Read report files, split them into documents and identify each one.

    Each file is read in a worker process under a memory ceiling and a time budget; a file
    past either (or one that crashes its reader) gets one line on stderr and the batch goes on."""
    from .workers import Limits

    limits = Limits.from_env(memory_mb=memory_mb, seconds_per_mb=seconds_per_mb)
    paths, names, temps = _inputs(paths, files_from)
    if not paths:
        _err("error: give files or directories, - for standard input, or --files-from FILE")
        raise typer.Exit(2)
    try:
        _extract(paths, names, format, output, progress, max_mb, jobs, limits)
    finally:
        _remove(temps)


def _extract(paths, names, format, output, progress, max_mb, jobs, limits) -> None:
    from functools import partial

    from .pipeline import extract_json, extract_lean, extract_many

    if output is not None and str(output) == "-":
        output = None
    try:
        out = open(output, "w", encoding="utf-8") if output else sys.stdout
    except OSError as e:
        _err(f"error: cannot write {one_line(str(output))}: {e.strerror or e}")
        raise typer.Exit(2)
    failed = 0
    done = 0
    results = []
    try:
        with _progress(progress) as bar:
            task = bar.add_task("extracting", total=None) if bar else None
            first = True
            if format is OutputFormat.json:
                out.write("[")
            # JSON is made in the workers (extract_json): the parent only writes it
            work = extract_lean if format is OutputFormat.table else partial(extract_json, names=names)
            for path, result, error in extract_many(paths, max_bytes=int(max_mb * 2**20), jobs=jobs, work=work,
                                                    limits=limits):
                result, error = _rename(result, error, names)
                if bar:
                    bar.update(task, advance=1, description=Path(path).name[:40])
                if error is not None:
                    failed += 1
                    _err(f"error: {error}")
                    continue
                done += 1
                if format is OutputFormat.table:
                    results.append(result)
                    continue
                text = result if isinstance(result, str) else json.dumps(result.to_dict(), ensure_ascii=False)
                if format is OutputFormat.json:
                    out.write(("\n" if first else ",\n") + text)
                else:
                    out.write(text + "\n")
                first = False
            if format is OutputFormat.json:
                out.write("\n]\n")
        if format is OutputFormat.table:
            _table(results, out)
    finally:
        if output:
            out.close()
    if done == 0 and failed == 0:
        _err("no files found")
        raise typer.Exit(2)
    if failed:
        _err(f"{failed} file(s) failed, {done} read")
        raise typer.Exit(1)


@app.command()
def text(path: Annotated[str, typer.Argument(help="A report file of any supported format; - reads standard "
                                             "input.")]) -> None:
    """Print the text gwr extracts from a file: the text all offsets refer to.

    When the read stage repaired it (literal \\r\\n of an export, HTML entities,
    PDF's spaced figures), one line on stderr says so, naming the file."""
    from .errors import GwrError
    from .read import read_file

    try:
        if path == "-":
            from .read import read_bytes

            source = read_bytes(sys.stdin.buffer.read(), STDIN_NAME)
        else:
            source = read_file(path)
    except GwrError as e:
        _err(f"error: {e}")
        raise typer.Exit(1)
    if source.repairs:
        _err(f"{source.path}: text repaired: {'; '.join(source.repairs)}")  # (one line: _err escapes)
    sys.stdout.write(source.text)


@app.command()
def score(
    prediction: Annotated[Path, typer.Argument(help="JSON printed by `gwr extract … --format json`.")],
    gold: Annotated[Path, typer.Option(help="Folder with projects.json and documents.json.")] = Path("../shared/gold"),
) -> None:
    """Projects' precision and recall per file against hand-checked annotations.

    Documents, targets and actuals are scored by the shared scorer
    (../shared/tools/score.py); this scores the projects.
    """
    from .evaluate import report, score_projects

    def load(path: Path):
        return json.loads(path.read_text(encoding="utf-8"))

    try:
        scores = score_projects(load(prediction), load(gold / "projects.json"), load(gold / "documents.json"))
    except (OSError, ValueError, KeyError) as e:
        _err(f"error: cannot score: {e}")
        raise typer.Exit(2)
    print(report(scores))


@app.command()
def version() -> None:
    """Print gwr's version."""
    from . import __version__

    print(__version__)


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


def _table(results, out) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="gwr: documents found", show_lines=False)
    for col in ("file", "lines", "kind", "region", "level", "code", "year", "delivered", "speaker", "sections",
                "targets", "actuals", "projects"):
        table.add_column(col, no_wrap=True)
    for r in results:
        name = Path(r.source.path).name
        for d in r.documents:
            reg = d.region
            table.add_row(
                name, f"{d.lines[0]}-{d.lines[1]}", d.kind,
                (reg.name or "—") if reg else "", (reg.level or "") if reg else "", (reg.code or "") if reg else "",
                str(d.report_year or ""), d.delivered_date or "", d.speaker or "",
                str(len(d.sections)) if d.sections else "",
                str(len(d.targets)) if d.targets else "", str(len(d.actuals)) if d.actuals else "",
                str(len(d.projects)) if d.projects else "",
            )
    Console(file=out, width=max(180, Console().width)).print(table)


def main() -> None:
    try:
        app()
    except ImportError as e:  # a command of an extra that is not installed: say which one, in one line
        from .extras import MissingExtraError, explain

        missing = e if isinstance(e, MissingExtraError) else explain(e) if isinstance(e, ModuleNotFoundError) else None
        if missing is None:
            raise
        _err(f"error: {missing}")
        sys.exit(2)


from . import cli_store  # noqa: E402,F401 - registers the database commands on ``app``
from . import cli_commitments  # noqa: E402,F401 - registers ``gwr commitments``
from . import cli_attention  # noqa: E402,F401 - registers ``gwr attention``
from . import cli_cascade  # noqa: E402,F401 - registers ``gwr cascade`` and ``gwr outcomes``


if __name__ == "__main__":
    main()
