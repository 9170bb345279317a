"""Finding place names in text: the Aho–Corasick matchers behind
:meth:`Gazetteer.find` and the guards against ordinary words."""
from __future__ import annotations

from typing import Iterable, NamedTuple

from .records import _TOWN_LEVELS, LEVELS, Mention, Place

# what find() asks of the context before keeping a mention of a risky name
_NEED_NONE, _NEED_ANY, _NEED_NEAR = 0, 1, 2  # nothing / any ancestor / a prefecture or county


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"


class _Matcher(NamedTuple):
    ac: object
    patterns: list[str]
    ids: list[tuple[int, ...]]  # place ids per pattern
    guarded: list[bool]  # two-character names that need boundary checks
    need: list[int]  # _NEED_*: what a mention needs in the context to be kept
    below_province: list[bool]


class _Matching:
    """:meth:`find` and its matchers (part of :class:`Gazetteer`)."""

    def find(self, text: str, levels: Iterable[str] | None = None,
             context: str | None = None, strict: bool = False, year: int | None = None) -> list[Mention]:
        """Every mention of a place's full name (with its suffix) in ``text``,
        leftmost-longest and non-overlapping, as :class:`Mention` tuples
        ``(start, end, place)`` with ``text[start:end]`` the name.

        ``levels`` defaults to province, prefecture, county and district; add
        ``"town"``, ``"township"``, ``"subdistrict"`` for towns (their names
        collide with ordinary words more often).  A name shared by several
        places is resolved against ``context`` (default: the whole ``text``)
        as :meth:`resolve` does; when that is ambiguous ``place`` is ``None``
        and ``Mention.candidates`` lists them all.

        Names that are also ordinary words are guarded (rules in
        ``levels.json``): ``城区``/``郊区``-like names never match; a
        two-character name (沛县, 和县) needs a boundary before it; such names,
        names made of generic characters (老城区, 城东区) and town names
        (小城镇) are kept only if the context names an ancestor of one of
        their candidates (province, prefecture or county, full or short
        name).  ``strict=True`` asks that of every name below province.
        """
        if not text:
            return []
        matcher = self._matcher(frozenset(levels) if levels is not None
                                else frozenset(self._rules["find"]["default_levels"]), year is not None)
        if matcher.ac is None:
            return []
        guard = self._rules["find"]["two_char_names"]
        before_ok = guard["boundary_before"]
        reject_after = guard["reject_following"]
        n = len(text)
        town_after = self._rules["find"]["generic_names"]["reject_town_following"]
        need = matcher.need
        hits: list[tuple[int, int, int, int]] = []  # pattern, start, end, evidence needed
        for idx, a, b in matcher.ac.find_matches_as_indexes(text):
            k = need[idx]
            if matcher.guarded[idx]:
                if a > 0 and _is_han(text[a - 1]) and text[a - 1] not in before_ok:
                    continue
                if b < n and text[b] in reject_after:
                    continue
            if k == _NEED_ANY and b < n and text[b] in town_after.get(text[b - 1], ""):
                k = _NEED_NEAR  # 发展乡|村
            if strict and k == _NEED_NONE and matcher.below_province[idx]:
                k = _NEED_ANY
            hits.append((idx, a, b, k))
        resolved: dict[int, tuple[Place | None, tuple[Place, ...]]] = {}
        todo: set[int] = set()  # names to weigh against the context
        if year is not None:  # names of another time are no mentions
            for idx in {h[0] for h in hits}:
                resolved[idx] = (None, tuple(self._in_year(self._places(matcher.ids[idx]), year)))
            hits = [h for h in hits if resolved[h[0]][1]]
            for idx in {h[0] for h in hits}:
                cands = resolved[idx][1]
                resolved[idx] = (cands[0] if len(cands) == 1 else None, cands)
                if len(cands) > 1:
                    todo.add(idx)
        for idx, _, _, k in hits:
            if idx not in resolved:
                cands = tuple(self._places(matcher.ids[idx]))
                resolved[idx] = (cands[0] if len(cands) == 1 else None, cands)
                if len(cands) > 1:
                    todo.add(idx)
            if k:
                todo.add(idx)
        kept: dict[tuple[int, int], bool] = {}
        if todo:
            ctx_text = text if context is None else context
            needed: set[str] = set()
            for idx in todo:
                needed.update(self._evidence_strings(resolved[idx][1]))
            evidence = self._evidence(ctx_text, needed)
            for idx in todo:
                cands = resolved[idx][1]
                if len(cands) > 1:
                    resolved[idx] = (self._choose(list(cands), evidence), cands)
            for idx, _, _, k in hits:
                if k and (idx, k) not in kept:
                    near = k == _NEED_NEAR
                    kept[idx, k] = any(self._ancestor_score(p, evidence, near) for p in resolved[idx][1])
            # an ordinary word here (老城区改造, 市和县委, 提高城镇化): dropped
            hits = [h for h in hits if not h[3] or kept[h[0], h[3]]]
        patterns = matcher.patterns
        return [Mention(a, b, *resolved[idx], patterns[idx]) for idx, a, b, _ in hits]

    def _town_forms(self) -> list[tuple[str, str]]:
        """(level, short name) of every town name, worked out once for all the automata."""
        forms = self.__dict__.get("_town_forms_list")
        if forms is None:
            forms = self.__dict__["_town_forms_list"] = [self._town_level_short(n) for n in self._town_names]
        return forms

    def _risky_memo(self) -> dict[int, tuple[bool, bool]]:
        return self.__dict__.setdefault("_risky_by_id", {})

    def _matcher(self, levels: frozenset[str], former: bool = False) -> _Matcher:
        """The automaton for ``levels``; ``former``: with the names of former divisions."""
        m = self._matchers.get((levels, former))
        if m is not None:
            return m
        import ahocorasick_rs

        unknown = levels - set(LEVELS)
        if unknown:
            raise ValueError(f"unknown levels {sorted(unknown)}; expected some of {LEVELS}")
        rules = self._rules["find"]
        town_min = int(rules["town_min_stem_chars"])
        drop_two = tuple(rules["two_char_names"]["drop_suffixes"])
        by_pattern: dict[str, list[int]] = {}
        for uid, p in enumerate(self._units):
            if p.level not in levels:
                continue
            if len(p.name) <= 2 and p.name.endswith(drop_two):
                continue  # 城区, 郊区, 矿区, 东区…: ordinary words
            by_pattern.setdefault(p.name, []).append(uid)
        if levels & _TOWN_LEVELS:
            forms = self._town_forms()
            for j, name in enumerate(self._town_names):
                level, short = forms[j]
                # only names with a known suffix and a stem of >= 2 characters
                if level in levels and short != name and len(short) >= town_min:
                    by_pattern.setdefault(name, []).append(self._n_units + j)
        for alias, uid in self._aliases.items():
            if self._units[uid].level in levels:
                by_pattern.setdefault(alias, []).append(uid)
        h0 = self._h0
        if former:
            for i, p in enumerate(self._former):
                if p.level in levels and not (len(p.name) <= 2 and p.name.endswith(drop_two)):
                    by_pattern.setdefault(p.name, []).append(h0 + i)
        patterns = sorted(by_pattern)
        ids = [tuple(by_pattern[k]) for k in patterns]
        guarded = [len(k) <= 2 for k in patterns]
        generic = rules["generic_names"]
        stem_chars = set(generic["stem_chars"])
        word_endings = tuple(generic["word_endings"])

        u = self._n_units

        forms = self._town_forms()
        memo = self._risky_memo()

        def risky(i: int) -> tuple[bool, bool]:
            """(is a town, is generic) without building town records; the same for every
            set of levels, so kept across the automata (each one used to redo ~40,000 towns)."""
            got = memo.get(i)
            if got is not None:
                return got
            if i < u or i >= h0:
                got = False, set(self._stem(self._place(i))) <= stem_chars
            else:
                name = self._town_names[i - u]
                got = True, set(forms[i - u][1]) <= stem_chars or name.endswith(word_endings)
            memo[i] = got
            return got

        def need_of(k: int) -> int:
            if guarded[k]:
                return _NEED_NEAR
            flags = [risky(i) for i in ids[k]]
            if all(g for _, g in flags):
                return _NEED_NEAR
            if any(t for t, _ in flags):
                return _NEED_ANY
            return _NEED_NONE

        need = [need_of(k) for k in range(len(patterns))]
        below_province = [any(self._place(i).level != "province" if (i < u or i >= h0) else True for i in ids[k])
                          for k in range(len(patterns))]
        # a DFA scans the few thousand county-and-above names ~1.7x faster; for
        # the ~40,000 town names it is slower and costs ~50 MB more
        impl = None if levels & _TOWN_LEVELS else ahocorasick_rs.Implementation.DFA
        ac = (ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                         implementation=impl)
              if patterns else None)
        m = _Matcher(ac, patterns, ids, guarded, need, below_province)
        self._matchers[levels, former] = m
        return m
