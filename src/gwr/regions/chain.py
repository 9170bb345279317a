"""The levels a target passes through: a region's parents and children as they were in a given year.

A target cascades down the administrative tree: the State Council's report,
then the province's, the prefecture's, the county's.  Which parents a county
had depends on the year (清苑县 was a county of 保定市 until 2015, 清苑区 a
district since), so the chain is read from the year-aware divisions of the
gazetteer, not from today's tree.  A level is a :class:`Level`: the code and
name valid in that year plus ``key``, today's code continuing it, which is how
reports of a former name are joined to today's division (see
``gwr.analysis.rows.region_key``).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..parse.meta import NATION, NATION_CODE
from .queries import gazetteer
from .records import Place

__all__ = ["Level", "chain", "children", "place_in_year"]

_TOWN = frozenset({"town", "township", "subdistrict"})
_NO_REPORTS = frozenset({"71", "81", "82"})


@dataclass(frozen=True)
class Level:
    code: str  # valid in the year asked for (清苑县 in 2013: 130622)
    name: str
    level: str  # national, province, prefecture, county, district
    key: str  # today's code continuing it (130608): what facts and statistics are joined by

    @classmethod
    def of(cls, place: Place) -> Level:
        key = place.successor if place.valid_to is not None and place.successor else place.code
        return cls(place.code, place.name, place.level, key)


NATIONAL = Level(NATION_CODE, NATION, "national", NATION_CODE)


def place_in_year(code: str, year: int) -> Place | None:
    """The division that ``code`` (today's or a former one) stood for in ``year``.

    Today's code of a renamed division gives the former one valid that year
    (130608 in 2013 → 清苑县 130622); in the year of the change, when both are
    valid, the former one, because a report sets its targets at the start of
    the year, before a mid-year renaming.
    """
    g = gazetteer()
    place = g.get(code, year) or g.get(code)
    if place is None:
        return None
    if place.valid_to is None:  # today's division: was it something else then?
        former = [p for p in g.former(place.code) if p.valid_in(year) and p.level not in _TOWN]
        if former and (not place.valid_in(year) or place.valid_from == year):
            return former[-1]
    return place


def chain(code: str, year: int) -> list[Level]:
    """The levels from the nation down to ``code`` in ``year``, top first (the nation alone for 100000)."""
    if code == NATION_CODE:
        return [NATIONAL]
    g = gazetteer()
    place = place_in_year(code, year)
    if place is None:
        return []
    parents = [g.get(c, year) or g.get(c) for c in place.parent_codes]
    return [NATIONAL, *(Level.of(p) for p in parents if p is not None), Level.of(place)]


def children(code: str, year: int) -> list[Level]:
    """The divisions directly below ``code`` in ``year`` (provinces under the nation), in code order.

    Today's children that existed then, plus former divisions that lay under it
    then (清苑县 under 保定市 in 2013); a former one and its successor valid in the
    same year count once: as the former in the year of the change (see
    :func:`place_in_year`), as today's after it; divisions merged into one
    (北市区 and 南市区 → 莲池区) each count until then.
    """
    g = gazetteer()
    if code == NATION_CODE:
        # the dataset's provinces; not Taiwan, Hong Kong and Macao, which give no such reports
        units = [p for p in g._units if p.level == "province" and p.code[:2] not in _NO_REPORTS]  # noqa: SLF001
    else:
        place = place_in_year(code, year)
        if place is None:
            return []
        codes = {place.code, Level.of(place).key}
        units = [c for k in codes for c in g.children(k) if c.level not in _TOWN]
        units += [p for p in g.former() if p.parent_codes and p.parent_codes[-1] in codes and p.level not in _TOWN]
    valid = {p.code: p for p in units if p.code and p.valid_in(year)}
    drop: set[str] = set()
    for p in list(valid.values()):
        if p.valid_to is not None:
            continue
        formers = [f.code for f in valid.values() if f.valid_to is not None and f.successor == p.code and f is not p]
        if formers:  # in the year of the change the former ones, after it today's (codes linger in the lists)
            drop.update([p.code] if p.valid_from == year else formers)
    return sorted((Level.of(p) for c, p in valid.items() if c not in drop), key=lambda lv: lv.code)
