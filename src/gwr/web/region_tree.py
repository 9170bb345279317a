"""The home page's tree of regions: nation → provinces → prefectures → counties and districts → towns.

Built from ``Corpus.region_counts`` (one grouped row per region, whatever the number of reports)
and the gazetteer's parent chains, so that a county whose province has no report of its own still
sits under that province.  A node counts its own reports (``count``) and those of everything below it
(``total``).  Towns are many (tens of thousands in a national corpus) and have no code: each county
lists at most ``TOWNS_SHOWN`` of them and links to its own page for the rest.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from ..parse.meta import NATION, NATION_CODE

TOWNS_SHOWN = 30
UNKNOWN = "未定位的地区"  # no region, or a name the gazetteer does not place


@dataclass
class Node:
    key: str | None  # the region page's path segment: a code, else a name; None for UNKNOWN
    name: str
    level: str | None
    count: int = 0
    total: int = 0
    children: list["Node"] = field(default_factory=list)
    hidden: int = 0  # children left out (towns beyond TOWNS_SHOWN), reached through the node's own page
    hidden_total: int = 0


def build(rows: Iterable[dict[str, Any]], gazetteer) -> Node:
    """The tree under a root for the nation (``100000``) from ``region_counts`` records."""
    root = Node(NATION_CODE, NATION, "national")
    coded: dict[str, Node] = {NATION_CODE: root}
    parent_of: dict[str, str] = {}
    named: dict[tuple[str, str], Node] = {}  # (parent code, name) → a place without a code
    unknown = Node(None, UNKNOWN, None)

    def place(code: str, name: str | None, level: str | None, chain: list[str]) -> Node:
        node = coded.get(code)
        if node is None:
            known = gazetteer.get(code)
            node = coded[code] = Node(code, known.name if known else (name or code),
                                      known.level if known else level)
            ups = list(known.parent_codes) if known else [c for c in chain if c and c != code]
            up = ups[-1] if ups else NATION_CODE
            parent_of[code] = up
            if up not in coded:
                place(up, None, None, ups[:-1])
        return node

    for r in rows:
        code = r.get("successor_code") or r.get("region_code")  # a former division counts for today's
        chain = [r.get("province_code"), r.get("prefecture_code")]
        if code:
            place(code, r.get("region_name"), r.get("level"), chain).count += int(r["count"])
            continue
        name = r.get("region_name")
        up = r.get("parent_code") or r.get("prefecture_code") or r.get("province_code")
        if not name:
            unknown.count += int(r["count"])
            continue
        if up:
            place(up, r.get("parent"), None, chain)
        key = (up or "", name)
        node = named.get(key)
        if node is None:
            node = named[key] = Node(name, name, r.get("level"))
        node.count += int(r["count"])
    for code, node in coded.items():
        if code != NATION_CODE:
            coded[parent_of[code]].children.append(node)
    for (up, _name), node in named.items():
        (coded[up] if up else unknown).children.append(node)
    for node in coded.values():
        node.children.sort(key=lambda n: (n.key is None or not n.key.isdigit(), n.key or "", n.name))
    _totals(root)
    if unknown.count or unknown.children:
        _totals(unknown)
        root.children.append(unknown)
        root.total += unknown.total
    _cap_towns(root)
    return root


def _totals(node: Node) -> int:
    node.total = node.count + sum(_totals(c) for c in node.children)
    return node.total


def _cap_towns(node: Node) -> None:
    """Keep the first ``TOWNS_SHOWN`` places without a code under each node; count the rest."""
    towns = [c for c in node.children if not (c.key or "").isdigit() and c.key is not None]
    if len(towns) > TOWNS_SHOWN:
        dropped = {id(c) for c in towns[TOWNS_SHOWN:]}
        node.hidden = len(dropped)
        node.hidden_total = sum(c.total for c in towns[TOWNS_SHOWN:])
        node.children = [c for c in node.children if id(c) not in dropped]
    for c in node.children:
        _cap_towns(c)
