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


MemoryOption = Annotated[Optional[float], typer.Option(
    "--memory-mb", help="Memory ceiling per worker process, in MiB above its start (default "
    "$GWR_MEMORY_MB or 1024; 0: none). A file past it is refused with one line.", show_default=False)]
SecondsOption = Annotated[Optional[float], typer.Option(
    "--seconds-per-mb", help="Time budget per file: this many seconds per MiB, at least $GWR_MIN_SECONDS "
    "(10) (default $GWR_SECONDS_PER_MB or 5; 0 with GWR_MIN_SECONDS=0: none).", show_default=False)]


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files or directories (searched recursively).")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="json: one array; jsonl: one file per line; table: a summary.")] = OutputFormat.json,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr (default: when stderr is a terminal).")] = sys.stderr.isatty(),
    max_mb: Annotated[float, typer.Option("--max-mb", help="Refuse files larger than this many MiB (read before any byte is loaded).")] = 64,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Processes to spread files over (0: one per core).")] = 1,
    memory_mb: MemoryOption = None,
    seconds_per_mb: SecondsOption = None,
) -> None:
    """Read report files, split them into documents and identify each one.

    Each file is read in a worker process under a memory ceiling and a time budget; a file
    past either (or one that crashes its reader) gets one line on stderr and the batch goes on."""
    from .pipeline import extract_lean, extract_many
    from .workers import Limits

    limits = Limits.from_env(memory_mb=memory_mb, seconds_per_mb=seconds_per_mb)
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
            for path, result, error in extract_many(paths, max_bytes=int(max_mb * 2**20), jobs=jobs, work=extract_lean,
                                                    limits=limits):
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
                text = json.dumps(result.to_dict(), ensure_ascii=False)
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
def text(path: Annotated[str, typer.Argument(help="A report file of any supported format.")]) -> None:
    """Print the text gwr extracts from a file: the text all offsets refer to.

    When the read stage repaired it (literal \\r\\n of an export, HTML entities,
    PDF's spaced figures), one line on stderr says so, naming the file."""
    from .errors import GwrError
    from .read import read_file

    try:
        source = read_file(path)
    except GwrError as e:
        _err(f"error: {e}")
        raise typer.Exit(1)
    if source.repairs:
        _err(f"{path}: text repaired: {'; '.join(source.repairs)}")  # (one line: _err escapes)
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
    if not enabled:
        return _NoBar()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), transient=True, console=_stderr_console())


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


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
