"""Progress bars for the Python API: shown in a notebook, silent in scripts unless asked.

A library should not write to a script's stderr uninvited, but a notebook user
who calls ``corpus.ingest(["reports/"])`` on ten thousand files deserves to see
it move.  rich renders the same bar in a terminal and, through IPython's
display, in Jupyter.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def in_notebook() -> bool:
    """True inside a Jupyter kernel (not a plain IPython terminal, not a script)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:
        return False
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def progress(items: Iterable[T], *, total: int | None, description: str, label=None) -> Iterator[T]:
    """``items`` unchanged, with a bar advancing per item (``label(item)`` names the current one)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=not in_notebook())
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=False) as bar:
        task = bar.add_task(description, total=total)
        for item in items:
            yield item
            bar.update(task, advance=1, description=(label(item) if label else description)[:40])
