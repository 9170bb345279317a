"""Reading jionlp's ``china_location.zip`` tree into :class:`Place` records.

Levels, skipped pseudo-levels, town short names and generated aliases follow
the rules in ``gwr/data/levels.json``; :class:`_Dataset` holds the tables
(units, lazily built towns, the lookup index) that :class:`Gazetteer` queries.
"""
from __future__ import annotations

import functools
import importlib.util
import json
import re
import zipfile
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, NamedTuple

from .records import Place, _sort_key

if TYPE_CHECKING:
    from .matching import _Matcher

_DATASET_PACKAGE = "jionlp"
_DATASET_ZIP = ("dictionary", "china_location.zip")
_DATASET_MEMBER = "china_location.txt"

# A non-village line: a newline not followed by four tabs (villages are depth 4).
_LINE_RE = re.compile(rb"\n(?!\t\t\t\t)([^\r\n]*)")
_SPACE_RE = re.compile(r"\s+")


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


class _TownContext(NamedTuple):
    parent: str  # the county's parent chain + its name
    parent_codes: tuple[str, ...]
    code: str | None  # what its towns carry
    start: int  # town ids [start, end)
    end: int


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


class _Dataset:
    """The loaded tree: the build half of :class:`Gazetteer`."""

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
