"""Chinese place names → 6-digit administrative codes, levels and parent chains.

The data is the administrative tree that the ``jionlp`` package ships as
``jionlp/dictionary/china_location.zip`` (member ``china_location.txt``): a
tab-indented tree, depth 0 = province ``name\\tcode\\tshort``, depth 1 =
prefecture, depth 2 = county/district, depth 3 = town (name only), depth 4 =
village.  The file is read straight from the installed package (jionlp itself
is never imported: its import is slow) and villages are skipped; the ~3.5k
units above town level become :class:`Place` records at once, the ~43k towns
when a query returns them, so loading takes about 0.15 s.

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

import functools
import importlib.util
import json
import re
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, NamedTuple

__all__ = [
    "Place",
    "Mention",
    "Gazetteer",
    "gazetteer",
    "level_of_suffix",
    "LEVELS",
    "dataset_path",
]

#: Every level a :class:`Place` can have, outermost first.
LEVELS = ("province", "prefecture", "county", "district", "town", "township", "subdistrict")
_RANK = {"province": 0, "prefecture": 1, "county": 2, "district": 2, "town": 3, "township": 3, "subdistrict": 3}

_DATASET_PACKAGE = "jionlp"
_DATASET_ZIP = ("dictionary", "china_location.zip")
_DATASET_MEMBER = "china_location.txt"

# A non-village line: a newline not followed by four tabs (villages are depth 4).
_LINE_RE = re.compile(rb"\n(?!\t\t\t\t)([^\r\n]*)")
_SPACE_RE = re.compile(r"\s+")
# Evidence for resolve() is looked up with `in` (memoised) while
# len(context) * number of strings stays under this, else with one automaton
# pass over the context (same answers, bounded cost).
_CONTEXT_SCAN_WORK = 5_000_000


@dataclass(frozen=True, slots=True)
class Place:
    """One administrative unit of the dataset."""

    name: str  # full name as in the dataset: 东胜区, 湘西土家族苗族自治州, 枨冲镇
    short: str  # dataset short name (东胜, 湘西); towns: name without 镇/乡/街道/苏木 (枨冲)
    level: str  # province | prefecture | county | district | town | township | subdistrict
    code: str | None  # 6-digit code; a town carries its county's (or, with no county, its city's)
    parent: str  # ancestors' full names, outermost first, no separator: 湖南省长沙市浏阳市; "" for a province
    parent_codes: tuple[str, ...]  # ancestors' codes, outermost first

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


@functools.cache
def _rules() -> dict:
    text = resources.files("gwr").joinpath("data", "levels.json").read_text(encoding="utf-8")
    return json.loads(text)


def dataset_path() -> Path:
    """Path of jionlp's ``china_location.zip``, found without importing jionlp."""
    spec = importlib.util.find_spec(_DATASET_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the jionlp package (which ships china_location.zip) is not installed")
    for root in spec.submodule_search_locations:
        p = Path(root).joinpath(*_DATASET_ZIP)
        if p.is_file():
            return p
    raise FileNotFoundError("jionlp is installed but has no dictionary/china_location.zip")


@functools.cache
def _SUFFIX_TABLE() -> list[tuple[str, str | None]]:
    """levels.json's suffix → level table, longest suffix first."""
    table = {k: v for k, v in _rules()["suffix_levels"].items() if not k.startswith("_")}
    return sorted(table.items(), key=lambda kv: -len(kv[0]))


def level_of_suffix(name: str) -> str | None:
    """The level a name's suffix implies (省→province, 自治州/地区/盟→prefecture,
    县/旗→county, 区→district, 镇→town, 乡/苏木→township, 街道→subdistrict);
    ``None`` for 市 (prefecture or county-level city) or no known suffix."""
    name = _SPACE_RE.sub("", name)
    for suffix, level in _SUFFIX_TABLE():
        if name.endswith(suffix) and len(name) > len(suffix):
            return level
    return None


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"


def _read_lines(path: Path) -> list[str]:
    """Non-village lines of the tree (villages are depth 4), decoded, without CR."""
    with zipfile.ZipFile(path) as z:
        raw = z.read(_DATASET_MEMBER)
    first_end = raw.find(b"\n")
    first = raw[: first_end if first_end >= 0 else len(raw)].rstrip(b"\r")
    lines = _LINE_RE.findall(raw)
    if first and not first.startswith(b"\t\t\t\t"):
        lines.insert(0, first)
    return b"\n".join(lines).decode("utf-8").lstrip("\ufeff").split("\n")


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


class _Matcher(NamedTuple):
    ac: object
    patterns: list[str]
    ids: list[tuple[int, ...]]  # place ids per pattern
    guarded: list[bool]  # two-character names that need boundary checks
    need: list[int]  # _NEED_*: what a mention needs in the context to be kept
    below_province: list[bool]


class _TownContext(NamedTuple):
    parent: str  # the county's parent chain + its name
    parent_codes: tuple[str, ...]
    code: str | None  # what its towns carry
    start: int  # town ids [start, end)
    end: int


class Gazetteer:
    """All provinces, prefectures, counties/districts and towns of the dataset.

    Units above town level are built as :class:`Place` records at load time;
    towns (~43k) are kept as bare names and become records when a query
    returns them, which keeps loading at ~0.15 s.
    """

    def __init__(self, path: Path | None = None):
        rules = _rules()
        self._rules = rules
        self.path = path or dataset_path()

        pseudo = rules["pseudo_units"]
        pseudo_names = frozenset(pseudo["names"])
        pseudo_suffixes = tuple(pseudo["name_suffixes"])
        same_code_depths = frozenset(pseudo["same_code_as_parent_at_depths"])
        depth_rules = {
            int(d): (r["default"], [(s["suffix"], s["level"], bool(s.get("only_if_stem_is_short")))
                                     for s in sorted(r["suffixes"], key=lambda s: -len(s["suffix"]))])
            for d, r in rules["depth_levels"].items()
        }
        self._town_default, town_suffixes = depth_rules[3]
        self._town_level_by_last = _by_last_char((s, lvl) for s, lvl, _ in town_suffixes)
        self._town_strip_by_last = _by_last_char((s, s) for s in rules["town_short_strip"])

        units: list[Place] = []
        unit_forms: list[tuple[str, ...]] = []  # every short form of each unit
        by_code: dict[str, int] = {}
        unit_children: dict[str, list[int]] = {}
        town_names: list[str] = []
        town_ctx: list[int] = []
        contexts: list[_TownContext] = []
        towns_of: dict[str, list[int]] = {}  # code → context ids whose towns it holds

        # where children of the node last seen at each depth hang:
        # (parent chain string, parent codes, code a town would inherit)
        ctx: list[tuple[str, tuple[str, ...], str | None]] = [("", (), None)] * 4
        cur = -1  # current town context id
        tappend = town_names.append
        cappend = town_ctx.append
        for line in _read_lines(self.path):
            if line.startswith("\t\t\t"):
                name = line[3:].strip()
                if not name or name in pseudo_names or name.endswith(pseudo_suffixes):
                    continue
                tappend(name)
                cappend(cur)
                continue
            if not line:
                continue
            depth = len(line) - len(line.lstrip("\t"))
            fields = line[depth:].split("\t")
            name = fields[0].strip()
            code = fields[1].strip() if len(fields) > 1 and fields[1].strip() else None
            short_field = fields[2].strip() if len(fields) > 2 else ""
            parent, parent_codes, inherited = ctx[depth]
            if (name in pseudo_names or name.endswith(pseudo_suffixes)
                    or (depth in same_code_depths and code is not None and parent_codes
                        and code == parent_codes[-1])):
                # skipped: its children hang on the real ancestor; towns under
                # e.g. 中山市/市直辖行政区划 carry the nearest real code
                new_ctx = (parent, parent_codes, code or inherited)
            else:
                forms = tuple(f for f in (x.strip() for x in short_field.split("/")) if f) or (name,)
                default, suffixes = depth_rules[depth]
                level = default
                for suffix, lvl, stem_is_short in suffixes:
                    if name.endswith(suffix) and len(name) > len(suffix):
                        if stem_is_short and name[: -len(suffix)] not in forms:
                            continue
                        level = lvl
                        break
                if code is not None and code in parent_codes:
                    code = None  # e.g. Hong Kong's districts all carry 810000
                uid = len(units)
                units.append(Place(name, forms[0], level, code, parent, parent_codes))
                unit_forms.append(forms)
                if parent_codes:
                    unit_children.setdefault(parent_codes[-1], []).append(uid)
                if code is not None:
                    by_code.setdefault(code, uid)
                    new_ctx = (parent + name, parent_codes + (code,), code)
                else:
                    new_ctx = (parent + name, parent_codes, inherited)
            if depth < 3:
                ctx[depth + 1] = new_ctx
            if depth == 2:
                if cur >= 0:
                    contexts[cur] = contexts[cur]._replace(end=len(town_names))
                cur = len(contexts)
                contexts.append(_TownContext(*new_ctx, len(town_names), len(town_names)))
                if new_ctx[2] is not None:
                    towns_of.setdefault(new_ctx[2], []).append(cur)
        if cur >= 0:
            contexts[cur] = contexts[cur]._replace(end=len(town_names))

        self._units = units
        self._unit_forms = unit_forms
        self._by_code = by_code
        self._unit_children = unit_children
        self._town_names = town_names
        self._town_ctx = town_ctx
        self._contexts = contexts
        self._towns_of = towns_of
        self._town_cache: dict[int, Place] = {}
        self._n_units = len(units)

        # lookup index: full names, short forms, generated aliases → place ids
        index: dict[str, int | list[int]] = {}

        def add(key: str, pid: int) -> None:
            v = index.get(key)
            if v is None:
                index[key] = pid
            elif type(v) is int:
                if v != pid:
                    index[key] = [v, pid]
            elif pid not in v:
                v.append(pid)

        for uid, p in enumerate(units):
            add(p.name, uid)
        full_names = set(index)
        for uid, p in enumerate(units):
            for f in unit_forms[uid]:
                if f != p.name and len(f) >= 2 and _abbreviates(f, p.name):
                    add(f, uid)
        u = self._n_units
        strip = self._town_strip_by_last
        get = index.get
        for j, name in enumerate(town_names):
            pid = u + j
            v = get(name)
            if v is None:
                index[name] = pid
            elif type(v) is int:
                index[name] = [v, pid]
            else:
                v.append(pid)
            sufs = strip.get(name[-1])
            if sufs:
                for s in sufs:
                    if name.endswith(s) and len(name) - len(s) >= 2:
                        add(name[: -len(s)], pid)
                        break
        full_names.update(town_names)
        self._aliases = self._make_aliases(full_names)
        for alias, uid in self._aliases.items():
            add(alias, uid)
        self._index = index
        self._matchers: dict[frozenset[str], _Matcher] = {}

    # ------------------------------------------------------------------ build
    def _make_aliases(self, full_names: set[str]) -> dict[str, int]:
        found: dict[str, set[int]] = {}
        for rule in self._rules["aliases"]["rules"]:
            levels = set(rule["levels"])
            suffix = rule["suffix"]
            for uid, p in enumerate(self._units):
                if p.level not in levels or not p.name.endswith(suffix):
                    continue
                for short in self._unit_forms[uid]:
                    # short + MIDDLE + suffix with a non-empty MIDDLE (the ethnic groups)
                    if not p.name.startswith(short) or len(p.name) <= len(short) + len(suffix):
                        continue
                    for form in rule["forms"]:
                        alias = short + form
                        if alias != p.name:
                            found.setdefault(alias, set()).add(uid)
        return {a: next(iter(ids)) for a, ids in found.items() if len(ids) == 1 and a not in full_names}

    def _town_level_short(self, name: str) -> tuple[str, str]:
        level = self._town_default
        for s, lvl in self._town_level_by_last.get(name[-1], ()):
            if name.endswith(s) and len(name) > len(s):
                level = lvl
                break
        short = name
        for s, _ in self._town_strip_by_last.get(name[-1], ()):
            if name.endswith(s) and len(name) > len(s):
                short = name[: -len(s)]
                break
        return level, short

    def _stem(self, p: Place) -> str:
        """The name without its level suffix (岳阳楼区 → 岳阳楼, 老城区 → 老城)."""
        if p.short != p.name and p.name.startswith(p.short):
            return p.short
        for suffix, _ in _SUFFIX_TABLE():
            if p.name.endswith(suffix) and len(p.name) > len(suffix):
                return p.name[: -len(suffix)]
        return p.name

    def _place(self, pid: int) -> Place:
        if pid < self._n_units:
            return self._units[pid]
        p = self._town_cache.get(pid)
        if p is None:
            j = pid - self._n_units
            name = self._town_names[j]
            c = self._contexts[self._town_ctx[j]]
            level, short = self._town_level_short(name)
            p = self._town_cache[pid] = Place(name, short, level, c.code, c.parent, c.parent_codes)
        return p

    def _places(self, ids: Iterable[int]) -> list[Place]:
        return sorted((self._place(i) for i in ids), key=_sort_key)

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

    def find(self, text: str, levels: Iterable[str] | None = None,
             context: str | None = None, strict: bool = False) -> list[Mention]:
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
                                else frozenset(self._rules["find"]["default_levels"]))
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

        patterns = matcher.patterns
        return [Mention(a, b, *chosen[idx], patterns[idx]) for idx, a, b in hits]

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
        codes = p.parent_codes[1:] if near and len(p.parent_codes) > 1 else p.parent_codes
        for code in codes:
            uid = self._by_code.get(code)
            if uid is None:
                continue
            if ev.has(self._units[uid].name):
                score += 2
            elif any(len(s) >= 2 and ev.has(s) for s in self._unit_forms[uid]):
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
            for code in p.parent_codes:
                uid = self._by_code.get(code)
                if uid is not None:
                    out.add(self._units[uid].name)
                    out.update(s for s in self._unit_forms[uid] if len(s) >= 2)
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

    def _matcher(self, levels: frozenset[str]) -> _Matcher:
        m = self._matchers.get(levels)
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
            for j, name in enumerate(self._town_names):
                level, short = self._town_level_short(name)
                # only names with a known suffix and a stem of >= 2 characters
                if level in levels and short != name and len(short) >= town_min:
                    by_pattern.setdefault(name, []).append(self._n_units + j)
        for alias, uid in self._aliases.items():
            if self._units[uid].level in levels:
                by_pattern.setdefault(alias, []).append(uid)
        patterns = sorted(by_pattern)
        ids = [tuple(by_pattern[k]) for k in patterns]
        guarded = [len(k) <= 2 for k in patterns]
        generic = rules["generic_names"]
        stem_chars = set(generic["stem_chars"])
        word_endings = tuple(generic["word_endings"])

        u = self._n_units

        def risky(i: int) -> tuple[bool, bool]:
            """(is a town, is generic) without building town records."""
            if i < u:
                return False, set(self._stem(self._units[i])) <= stem_chars
            name = self._town_names[i - u]
            short = self._town_level_short(name)[1]
            return True, set(short) <= stem_chars or name.endswith(word_endings)

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
        below_province = [any(i >= u or self._units[i].level != "province" for i in ids[k])
                          for k in range(len(patterns))]
        # a DFA scans the few thousand county-and-above names ~1.7x faster; for
        # the ~40,000 town names it is slower and costs ~50 MB more
        impl = None if levels & _TOWN_LEVELS else ahocorasick_rs.Implementation.DFA
        ac = (ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                         implementation=impl)
              if patterns else None)
        m = _Matcher(ac, patterns, ids, guarded, need, below_province)
        self._matchers[levels] = m
        return m


_TOWN_LEVELS = frozenset({"town", "township", "subdistrict"})
# what find() asks of the context before keeping a mention of a risky name
_NEED_NONE, _NEED_ANY, _NEED_NEAR = 0, 1, 2  # nothing / any ancestor / a prefecture or county


def _by_last_char(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[tuple[str, str], ...]]:
    """Suffix rules grouped by their last character, longest suffix first."""
    out: dict[str, list[tuple[str, str]]] = {}
    for suffix, value in pairs:
        out.setdefault(suffix[-1], []).append((suffix, value))
    return {k: tuple(sorted(v, key=lambda sv: -len(sv[0]))) for k, v in out.items()}


def _abbreviates(short: str, name: str) -> bool:
    """Whether ``short`` reads as an abbreviation of ``name``: its prefix (东胜)
    or its characters in order from the first one (莫旗, 察右中旗, 克州).  The
    dataset also gives development zones generic "short names" (高新区, 经开区,
    新城区 for 平顶山市城乡一体化示范区) that are not indexed."""
    if name.startswith(short):
        return True
    if not short or short[0] != name[0]:
        return False
    it = iter(name)
    return all(ch in it for ch in short)


def _sort_key(p: Place) -> tuple:
    return (_RANK[p.level], p.code or "~", p.parent, p.name)


def _best(items: list[Place], score) -> list[Place]:
    scored = [(score(p), p) for p in items]
    hi = max(s for s, _ in scored)
    return [p for s, p in scored if s == hi]


@functools.cache
def gazetteer() -> Gazetteer:
    """The shared :class:`Gazetteer`, loaded on first use (~0.15 s)."""
    return Gazetteer()
