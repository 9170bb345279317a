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

    def lookup(self, name: str) -> list[Place]:
        """Every place whose full name, short name or generated alias is ``name``
        (东胜 → 东胜区; 湘西, 湘西州, 湘西自治州 → 湘西土家族苗族自治州), sorted
        province, prefecture, county/district, town level, then by code."""
        v = self._index.get(_SPACE_RE.sub("", name or ""))
        if v is None:
            return []
        if type(v) is int:
            return [self._place(v)]
        return self._places(v)

    def get(self, code: str) -> Place | None:
        """The province, prefecture or county-level unit with this 6-digit code."""
        uid = self._by_code.get(str(code).strip())
        return None if uid is None else self._units[uid]

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
        """The ancestors of ``place``, outermost first."""
        return [self._units[self._by_code[c]] for c in place.parent_codes if c in self._by_code]

    def resolve(self, name: str, context: str = "", level: str | Iterable[str] | None = None) -> Place | None:
        """The one place ``name`` means, or ``None`` if it cannot be told.

        Candidates (from :meth:`lookup`, restricted to ``level``: one level or
        several) are ranked by their ancestors that ``context`` mentions (2 per
        ancestor named in full, 1 per one named by short name: 天津市河东区 →
        120102, 临沂 → 371312), then by how many of their direct children it
        names (大王庄街道 → 天津's 河东区); remaining ties go to the
        higher-level unit (朝阳 → 朝阳市 over the 朝阳区s).  If several
        candidates are still tied the answer is ``None``: never a guess.
        """
        cands = self.lookup(name)
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
