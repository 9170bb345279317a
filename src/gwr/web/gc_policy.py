"""How a server worker's garbage collector runs.

A page that reads thousands of rows (a province's tracking reads 17,000 figures at
10,000 reports) allocates hundreds of thousands of dicts and lists; with CPython's
defaults a collection of the youngest generation runs every 700 of them and, every
hundred of those, a full one walks the whole heap — the interpreter, pandas, the
gazetteer, the templates: 40 % of such a page's time was the collector.  A worker
therefore freezes what it holds once started (never garbage: moved out of the
collector's sight) and collects the youngest generation every ``GEN0`` allocations.
Cyclic garbage is still collected, a little later: at most ``GEN0`` young objects wait.
"""
from __future__ import annotations

import gc

GEN0 = 10_000


def settle() -> None:
    """Collect once, freeze the start-up heap and space the young collections (``GEN0``)."""
    gc.collect()
    gc.freeze()
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(GEN0, gen1, gen2)
