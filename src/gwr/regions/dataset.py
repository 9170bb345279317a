"""Reading the shipped division files into :class:`Place` records.

``gwr/data/divisions/tree.txt.gz`` is today's tree (the tab-indented layout
of jionlp's ``china_location.txt``, villages removed) and
``divisions.tsv.gz`` every province, prefecture and county-level division
since 2000 with its validity period and successor; both are built by
:mod:`gwr.regions.build`, so nothing is downloaded or imported from another
package at run time.  Levels, skipped pseudo-levels, town short names and
generated aliases follow the rules in ``gwr/data/levels.json``;
:class:`_Dataset` holds the tables (units, lazily built towns, former
divisions, the lookup index) that :class:`Gazetteer` queries.
"""
from __future__ import annotations

import functools
import gzip
import json
import re
import zipfile
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, NamedTuple

from .records import Place, _sort_key

if TYPE_CHECKING:
    from .matching import _Matcher

_DATA_DIR = ("data", "divisions")
_TREE_FILE = "tree.txt.gz"
_PERIODS_FILE = "divisions.tsv.gz"
_ZIP_MEMBER = "china_location.txt"  # a jionlp china_location.zip may still be given as the tree

# A non-village line: a newline not followed by four tabs (villages are depth 4).
_LINE_RE = re.compile(rb"\n(?!\t\t\t\t)([^\r\n]*)")
_SPACE_RE = re.compile(r"\s+")


@functools.cache
def _rules() -> dict:
    text = resources.files("gwr").joinpath("data", "levels.json").read_text(encoding="utf-8")
    return json.loads(text)


def _data_file(name: str) -> Path:
    return Path(str(resources.files("gwr").joinpath(*_DATA_DIR, name)))


def dataset_path() -> Path:
    """Path of the shipped tree of today's divisions (``tree.txt.gz``)."""
    return _data_file(_TREE_FILE)


def periods_path() -> Path:
    """Path of the shipped divisions with validity periods (``divisions.tsv.gz``)."""
    return _data_file(_PERIODS_FILE)


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
    """Non-village lines of the tree, decoded, without CR (the shipped file has no villages)."""
    path = Path(path)
    if path.suffix == ".gz":
        return gzip.decompress(path.read_bytes()).decode("utf-8").lstrip("\ufeff").rstrip("\n").split("\n")
    with zipfile.ZipFile(path) as z:
        raw = z.read(_ZIP_MEMBER)
    first_end = raw.find(b"\n")
    first = raw[: first_end if first_end >= 0 else len(raw)].rstrip(b"\r")
    lines = _LINE_RE.findall(raw)
    if first and not first.startswith(b"\t\t\t\t"):
        lines.insert(0, first)
    return b"\n".join(lines).decode("utf-8").lstrip("\ufeff").split("\n")


def _read_periods(path: Path) -> tuple[dict[tuple[str, str], int | None], list[list[str]]]:
    """(valid_from of today's divisions by (code, name), rows of former divisions)."""
    since: dict[tuple[str, str], int | None] = {}
    former: list[list[str]] = []
    lines = gzip.decompress(Path(path).read_bytes()).decode("utf-8").split("\n")
    for line in lines[1:]:
        if not line:
            continue
        row = line.split("\t")
        if row[5]:
            former.append(row)
        else:
            since[row[0], row[1]] = int(row[4]) if row[4] else None
    return since, former


def _short_of(name: str) -> str:
    """A former division's short name: its name without the level suffix (清苑县 → 清苑),
    unless that leaves one character or an ethnic name (…族自治县 keeps its full name)."""
    for suffix, _ in _SUFFIX_TABLE():
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = name[: -len(suffix)]
            return name if "族" in stem or stem.endswith("自治") else stem
    return name


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

    def __init__(self, path: Path | None = None, periods: Path | None | bool = True):
        rules = _rules()
        self._rules = rules
        self.path = path or dataset_path()
        if periods is True:
            periods = periods_path()
        since, former = _read_periods(periods) if periods else ({}, [])

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
                units.append(Place(name, forms[0], level, code, parent, parent_codes,
                                   since.get((code, name)) if code is not None else None))
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
        self._load_former(former, add)
        self._index = index
        self._matchers: dict[frozenset[str], _Matcher] = {}

    # ------------------------------------------------------------------ build
    def _load_former(self, rows: list[list[str]], add) -> None:
        """Former divisions (清苑县, 襄樊市, 巢湖地区) as places with ids after the towns'.

        They are indexed by full and short name like today's ones, and
        :meth:`Gazetteer.lookup` keeps them only for a year in which they existed.
        """
        h0 = self._h0 = self._n_units + len(self._town_names)
        former: list[Place] = []
        by_code: dict[str, list[int]] = {}
        for code, name, level, parent_code, vf, vt, succ, parent in rows:
            if not parent_code:
                parent_codes: tuple[str, ...] = ()
            elif parent_code.endswith("0000"):
                parent_codes = (parent_code,)
            else:
                parent_codes = (code[:2] + "0000", parent_code)
            p = Place(name, _short_of(name), level, code, parent, parent_codes,
                      int(vf) if vf else None, int(vt), succ or None)
            by_code.setdefault(code, []).append(len(former))
            former.append(p)
        self._former = former
        self._former_by_code = by_code
        for i, p in enumerate(former):
            add(p.name, h0 + i)
            if p.short != p.name:
                add(p.short, h0 + i)
        # ancestors as they were: 巢湖地区 for its counties, 襄樊市 for its districts
        anc: dict[Place, tuple[tuple[str, tuple[str, ...]], ...]] = {}
        for p in former:
            chain = []
            for c in p.parent_codes:
                then = [q for i in by_code.get(c, ()) for q in (former[i],)
                        if (q.valid_from or 0) <= (p.valid_to or 9999) and (p.valid_from or 0) <= (q.valid_to or 9999)]
                if then:
                    chain.append((then[-1].name, (then[-1].short,)))
                elif c in self._by_code:
                    uid = self._by_code[c]
                    chain.append((self._units[uid].name, self._unit_forms[uid]))
            anc[p] = tuple(chain)
        self._former_ancestors = anc

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
        if pid >= self._h0:
            return self._former[pid - self._h0]
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

    @staticmethod
    def _in_year(places: list[Place], year: int | None) -> list[Place]:
        """The places that existed in ``year`` (today's when ``None``); if none did,
        those within a year of it (a report may still use a name changed weeks before)."""
        if year is None:
            return [p for p in places if p.valid_to is None]
        strict = [p for p in places if p.valid_in(year)]
        return strict or [p for p in places if p.valid_in(year, 1)]

    def _ancestor_forms(self, p: Place, near: bool = False) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(full name, short forms) of each ancestor of ``p`` as it was named in ``p``'s time;
        ``near``: without the province (unless it is the only ancestor)."""
        if p.valid_to is not None:
            chain = self._former_ancestors.get(p, ())
            return chain[1:] if near and len(p.parent_codes) > 1 and len(chain) > 1 else chain
        out = []
        for code in (p.parent_codes[1:] if near and len(p.parent_codes) > 1 else p.parent_codes):
            uid = self._by_code.get(code)
            if uid is not None:
                out.append((self._units[uid].name, self._unit_forms[uid]))
        return tuple(out)
