"""What a context says about candidate places: the evidence
:meth:`Gazetteer.resolve` and :meth:`Gazetteer.find` rank and keep them by."""
from __future__ import annotations

from typing import Iterable

from .records import _RANK, _TOWN_LEVELS, Place

# Evidence for resolve() is looked up with `in` (memoised) while
# len(context) * number of strings stays under this, else with one automaton
# pass over the context (same answers, bounded cost).
_CONTEXT_SCAN_WORK = 5_000_000


class _Evidence:
    """Answers "does the context contain s?" for resolve().

    Short contexts are searched with ``in`` (memoised); for a long one,
    ``present`` holds the names found by one automaton pass over it and
    ``universe`` the names that automaton knows, so both ways answer alike.
    """

    __slots__ = ("text", "memo", "present", "universe")

    def __init__(self, text: str, present: frozenset[str] | None = None,
                 universe: frozenset[str] = frozenset()):
        self.text = text
        self.memo: dict[str, bool] = {}
        self.present = present
        self.universe = universe

    def has(self, s: str) -> bool:
        r = self.memo.get(s)
        if r is None:
            if self.present is not None and s in self.universe:
                r = s in self.present
            else:
                r = s in self.text
            self.memo[s] = r
        return r


def _best(items: list[Place], score) -> list[Place]:
    scored = [(score(p), p) for p in items]
    hi = max(s for s, _ in scored)
    return [p for s, p in scored if s == hi]


class _Scoring:
    """Candidate ranking against a context (part of :class:`Gazetteer`)."""

    # ------------------------------------------------------------------ internals
    def _choose(self, cands: list[Place], ev: _Evidence) -> Place | None:
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]
        top = _best(cands, lambda p: self._ancestor_score(p, ev))
        if len(top) > 1:
            top = _best(top, lambda p: self._child_score(p, ev))
        if len(top) > 1:
            top = _best(top, lambda p: -_RANK[p.level])
        return top[0] if len(top) == 1 else None

    def _ancestor_score(self, p: Place, ev: _Evidence, near: bool = False) -> int:
        """2 per ancestor named in full in the context, 1 per one named by
        short name; ``near``: only ancestors below province (the province
        itself for units right under it)."""
        score = 0
        for name, forms in self._ancestor_forms(p, near):
            if ev.has(name):
                score += 2
            elif any(len(s) >= 2 and ev.has(s) for s in forms):
                score += 1
        return score

    def _child_names(self, p: Place) -> list[str]:
        if p.code is None or p.level in _TOWN_LEVELS:
            return []
        names = [self._units[i].name for i in self._unit_children.get(p.code, ())]
        for ci in self._towns_of.get(p.code, ()):
            c = self._contexts[ci]
            names.extend(self._town_names[c.start:c.end])
        return [nm for nm in names if len(nm) >= 3]

    def _child_score(self, p: Place, ev: _Evidence) -> int:
        return sum(1 for nm in self._child_names(p) if ev.has(nm))

    def _evidence_strings(self, cands: Iterable[Place]) -> set[str]:
        """Every string _choose() may look for in the context for these candidates."""
        out: set[str] = set()
        for p in cands:
            for name, forms in self._ancestor_forms(p):
                out.add(name)
                out.update(s for s in forms if len(s) >= 2)
            out.update(self._child_names(p))
        return out

    def _evidence(self, context: str, needed: set[str] | None = None) -> _Evidence:
        if not needed or len(context) * len(needed) <= _CONTEXT_SCAN_WORK:
            return _Evidence(context)
        # a long context and many strings: one automaton pass instead of many `in` scans
        import ahocorasick_rs

        patterns = sorted(needed)
        ac = ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.Standard)
        present = frozenset(patterns[i] for i, _, _ in ac.find_matches_as_indexes(context, overlapping=True))
        return _Evidence(context, present, frozenset(patterns))
