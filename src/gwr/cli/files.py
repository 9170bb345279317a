"""The commands over files: ``extract``, ``text``, ``score``, ``version``; a thin shell over ``gwr.pipeline``."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import one_line
from .app import (STDIN_NAME, FilesFromOption, MemoryOption, OutputFormat, SecondsOption, _err, _inputs, _progress,
                  _remove, _rename, app)


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
    from ..workers import Limits

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

    from ..pipeline import extract_json, extract_lean, extract_many

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
    from ..errors import GwrError
    from ..read import read_file

    try:
        if path == "-":
            from ..read import read_bytes

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
    from ..evaluate import report, score_projects

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
    from .. import __version__

    print(__version__)


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
