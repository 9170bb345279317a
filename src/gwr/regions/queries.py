"""The :class:`Gazetteer`: lookup, get, children, ancestors, resolve, find."""
from __future__ import annotations

import functools
from typing import Iterable

from .dataset import _SPACE_RE, _Dataset
from .evidence import _Evidence, _Scoring
from .matching import _Matching
from .records import Place


class Gazetteer(_Dataset, _Scoring, _Matching):
    """All provinces, prefectures, counties/districts and towns of the dataset.

    Units above town level are built as :class:`Place` records at load time;
    towns (~43k) are kept as bare names and become records when a query
    returns them, which keeps loading at ~0.15 s.
    """

    # ------------------------------------------------------------------ queries
    def __len__(self) -> int:
        return self._n_units + len(self._town_names)

    def __iter__(self):
        """Every place, in dataset order within each kind: units, then towns."""
        return (self._place(i) for i in range(len(self)))

    @property
    def places(self) -> list[Place]:
        """Every place (builds all ~47k records)."""
        return list(self)

    def lookup(self, name: str, year: int | None = None) -> list[Place]:
        """Every place whose full name, short name or generated alias is ``name``
        (东胜 → 东胜区; 湘西, 湘西州, 湘西自治州 → 湘西土家族苗族自治州), sorted
        province, prefecture, county/district, town level, then by code.

        ``year``: the places of that year, former divisions included (清苑县 in
        2013 → 130622; 清苑 in 2013 → 清苑县, in 2020 → 清苑区); if none existed
        that year exactly, those within a year of it.  ``None``: today's places.
        """
        v = self._index.get(_SPACE_RE.sub("", name or ""))
        if v is None:
            return []
        if year is None:
            if type(v) is int:
                return [self._place(v)] if v < self._h0 else []
            return self._places(i for i in v if i < self._h0)
        return self._in_year(self._places([v] if type(v) is int else v), year)

    def get(self, code: str, year: int | None = None) -> Place | None:
        """The province, prefecture or county-level unit with this 6-digit code
        (in ``year``, when given: 130622 in 2013 → 清苑县; else today's)."""
        code = str(code).strip()
        if year is not None:
            former = self._in_year([self._former[i] for i in self._former_by_code.get(code, ())], year)
            uid = self._by_code.get(code)
            now = [self._units[uid]] if uid is not None and self._units[uid].valid_in(year, 1) else []
            found = [p for p in now if p.valid_in(year)] or [p for p in former if p.valid_in(year)] or now or former
            if found:
                return found[-1]
        uid = self._by_code.get(code)
        return None if uid is None else self._units[uid]

    def successor(self, place: Place) -> Place | None:
        """Today's division continuing a former one (清苑县 → 清苑区); ``None`` for
        a division of today's tree or one that nothing continues."""
        if place.valid_to is None or not place.successor:
            return None
        return self.get(place.successor)

    def former(self, code: str | None = None) -> list[Place]:
        """Former divisions (changed since 2000), all or those continued by ``code``."""
        if code is None:
            return list(self._former)
        return [p for p in self._former if p.successor == code]

    def children(self, code: str) -> list[Place]:
        """Direct children of the unit ``code`` (pseudo-levels skipped: a
        municipality's children are its districts, 中山市's are its towns)."""
        code = str(code).strip()
        ids = list(self._unit_children.get(code, ()))
        for ci in self._towns_of.get(code, ()):
            c = self._contexts[ci]
            ids.extend(range(self._n_units + c.start, self._n_units + c.end))
        return self._places(ids)

    def ancestors(self, place: Place) -> list[Place]:
        """The ancestors of ``place``, outermost first (a former division's as they were then)."""
        if place.valid_to is not None:
            year = place.valid_to
            return [a for a in (self.get(c, year) for c in place.parent_codes) if a is not None]
        return [self._units[self._by_code[c]] for c in place.parent_codes if c in self._by_code]

    def resolve(self, name: str, context: str = "", level: str | Iterable[str] | None = None,
                year: int | None = None) -> Place | None:
        """The one place ``name`` means, or ``None`` if it cannot be told.

        Candidates (from :meth:`lookup`, restricted to ``level``: one level or
        several) are ranked by their ancestors that ``context`` mentions (2 per
        ancestor named in full, 1 per one named by short name: 天津市河东区 →
        120102, 临沂 → 371312), then by how many of their direct children it
        names (大王庄街道 → 天津's 河东区); remaining ties go to the
        higher-level unit (朝阳 → 朝阳市 over the 朝阳区s).  If several
        candidates are still tied the answer is ``None``: never a guess.
        ``year`` restricts the candidates to that year's as :meth:`lookup` does.
        """
        cands = self.lookup(name, year)
        if level is not None:
            wanted = {level} if isinstance(level, str) else set(level)
            cands = [p for p in cands if p.level in wanted]
        context = context or ""
        if len(cands) > 1 and context:
            return self._choose(cands, self._evidence(context, self._evidence_strings(cands)))
        return self._choose(cands, _Evidence(context))


@functools.cache
def gazetteer() -> Gazetteer:
    """The shared :class:`Gazetteer`, loaded on first use (~0.15 s)."""
    return Gazetteer()
