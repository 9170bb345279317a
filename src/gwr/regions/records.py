"""The records :class:`Gazetteer` returns (:class:`Place`, :class:`Mention`)
and the administrative levels they can have."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

#: Every level a :class:`Place` can have, outermost first.
LEVELS = ("province", "prefecture", "county", "district", "town", "township", "subdistrict")
_RANK = {"province": 0, "prefecture": 1, "county": 2, "district": 2, "town": 3, "township": 3, "subdistrict": 3}
_TOWN_LEVELS = frozenset({"town", "township", "subdistrict"})


@dataclass(frozen=True, slots=True)
class Place:
    """One administrative unit of the dataset."""

    name: str  # full name as in the dataset: 东胜区, 湘西土家族苗族自治州, 枨冲镇
    short: str  # dataset short name (东胜, 湘西); towns: name without 镇/乡/街道/苏木 (枨冲)
    level: str  # province | prefecture | county | district | town | township | subdistrict
    code: str | None  # 6-digit code; a town carries its county's (or, with no county, its city's)
    parent: str  # ancestors' full names, outermost first, no separator: 湖南省长沙市浏阳市; "" for a province
    parent_codes: tuple[str, ...]  # ancestors' codes, outermost first
    # validity (years, both inclusive; None = open): 清苑县 (None, 2015), 清苑区 (2015, None)
    valid_from: int | None = None
    valid_to: int | None = None  # None for every division of today's tree
    successor: str | None = None  # a former division: the code of today's one that continues it

    @property
    def current(self) -> bool:
        """Whether the division is in today's tree (a former one has ``valid_to``)."""
        return self.valid_to is None

    def valid_in(self, year: int, slack: int = 0) -> bool:
        """Whether the division existed in ``year`` (``slack`` years of tolerance each side)."""
        return ((self.valid_from is None or self.valid_from - slack <= year)
                and (self.valid_to is None or year <= self.valid_to + slack))

    @property
    def full(self) -> str:
        """Parent chain plus own name: 湖南省长沙市浏阳市枨冲镇."""
        return self.parent + self.name


class _MentionBase(NamedTuple):
    start: int
    end: int
    place: Place | None


class Mention(_MentionBase):
    """A place name found by :meth:`Gazetteer.find`: a ``(start, end, place)`` tuple.

    ``text[start:end]`` is the matched name.  ``place`` is the candidate chosen
    by :meth:`Gazetteer.resolve` against the context, or ``None`` when the name
    is shared by several places and the context does not single one out;
    ``candidates`` always holds every place of the requested levels bearing
    that name, and ``matched`` the name itself.
    """

    candidates: tuple[Place, ...] = ()
    matched: str = ""

    def __new__(cls, start: int, end: int, place: Place | None,
                candidates: tuple[Place, ...] = (), matched: str = ""):
        self = super().__new__(cls, start, end, place)
        self.candidates = candidates
        self.matched = matched
        return self

    @property
    def ambiguous(self) -> bool:
        return self.place is None


def _sort_key(p: Place) -> tuple:
    return (_RANK[p.level], p.code or "~", p.parent, p.name)
