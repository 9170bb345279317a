"""The indicator taxonomy: canonical ids for the quantities reports state.

The ids and the genre's many wordings for each live in ``data/indicators.json``
(plain data).  A user file in the same format — ``taxonomy(extra=PATH)`` or the
environment variable ``GWR_INDICATORS`` (several paths joined by ``os.pathsep``)
— adds aliases to existing ids or adds new ids without touching code; an alias
a later file gives to another id moves there.

Two questions are answered here:

* ``Taxonomy.match(label)``: which indicator a label (the report's own words
  before a figure) names.  Exact alias first — after reading parenthetical
  notes (``工业增加值（规模以上）``, ``城乡居民人均可支配收入（城镇）``) and
  stripping the genre's prefixes (全年, 全市, 实现, 其中, …) — then the longest
  alias the label contains (``区属社会消费品零售总额`` → retail_sales).  A share
  (``服务业增加值占地区生产总值比重``) names its numerator's share indicator,
  never the denominator.
* ``Taxonomy.find(text)``: every alias occurrence in running text,
  leftmost-longest and non-overlapping, with spans into the original text.

Matching ignores character width (全角/半角), ASCII case and spaces; both use
one Aho–Corasick automaton per taxonomy.
"""
from __future__ import annotations

import json
import os
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick_rs

__all__ = ["Indicator", "Taxonomy", "taxonomy", "ENV_VAR", "DIMENSIONS", "KINDS", "SENSES", "GROWTH_BASES"]

ENV_VAR = "GWR_INDICATORS"
DIMENSIONS = frozenset({"money", "ratio", "count", "mass", "area", "length", "energy", "intensity",
                        "concentration", "duration", "volume", "index"})
KINDS = frozenset({"flow", "level", "rate", "index"})
# Which way is good when a target has no explicit qualifier (floor: more is better).
SENSES = frozenset({"floor", "ceiling"})
# How the genre states an indicator's growth: real (comparable prices) or nominal, like its level.
GROWTH_BASES = frozenset({"real", "nominal"})
_ID = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    name: str
    dimension: str | None
    kind: str | None
    aliases: tuple[str, ...] = field(repr=False)
    description: str = field(default="", repr=False)
    share: str | None = None  # id of the indicator for this one's share (服务业增加值 → services_share)
    sense: str = "floor"  # "ceiling" when less is better (失业率, 能耗); tracking reads it
    growth_basis: str = "nominal"  # "real" when growth is at comparable prices but the level is not


# ---------------------------------------------------------------------------
# Normalisation (one character → one character, so spans stay valid)

_PAIRS = {chr(0xFF01 + i): chr(0x21 + i) for i in range(94)}  # full-width ASCII → ASCII
_PAIRS.update({chr(c): chr(c - 32) for c in range(ord("a"), ord("z") + 1)})  # ASCII upper case
_PAIRS.update({chr(0xFF41 + i): chr(0x41 + i) for i in range(26)})  # full-width a-z → A-Z
_PAIRS.update({"\u3000": " ", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ",
               "\t": " ", "\u3010": "[", "\u3011": "]", "\u3014": "(", "\u3015": ")",
               "\u2014": "-", "\u2013": "-", "\uff0d": "-", "\u2212": "-", "\uff0e": "."})
_TABLE = str.maketrans(_PAIRS)
_SPACE = " \u200b\ufeff"  # after translation: dropped inside words
# [x][x]* rather than [x]+ throughout: a pattern opening with a class is searched
# with re's charset skip; one opening with a repeat is tried at every position
_KEEP = re.compile(f"[^{_SPACE}][^{_SPACE}]*")


# str.translate looks up every character; the ones to change are rare, so find their runs first.
_CHANGED_CLASS = "[%s]" % re.escape("".join(_PAIRS))
_CHANGED = re.compile(_CHANGED_CLASS + _CHANGED_CLASS + "*")


def _norm(s: str) -> str:
    """Width- and case-folded form, same length as ``s``."""
    return _CHANGED.sub(lambda m: m.group().translate(_TABLE), s)


_SPACES = re.compile(r"[\s\u200b\ufeff][\s\u200b\ufeff]*")


def _key(s: str) -> str:
    """The form aliases and labels are compared in: folded, without spaces."""
    return _SPACES.sub("", _norm(s))


_CLASS = re.compile(r"\[([^\]]+)\]")


def _expand(alias: str) -> list[str]:
    """``[省市县区镇乡]级财政收入`` → 省级财政收入, 市级财政收入, …"""
    m = _CLASS.search(alias)
    if not m:
        return [alias]
    head, tail = alias[: m.start()], alias[m.end():]
    return [w for ch in m.group(1) for w in _expand(head + ch + tail)]


# ---------------------------------------------------------------------------
# Reading the data files


def _entries(doc: Any, source: str) -> list[dict[str, Any]]:
    items = doc.get("indicators") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise ValueError(f"{source}: expected a list of indicators or {{\"indicators\": [...]}}")
    for e in items:
        if not isinstance(e, dict) or not isinstance(e.get("id"), str):
            raise ValueError(f"{source}: every indicator needs an \"id\": {e!r}")
        if not _ID.fullmatch(e["id"]):
            raise ValueError(f"{source}: id {e['id']!r} is not snake_case")
        for key in ("aliases", "alone_aliases"):
            aliases = e.get(key, [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
                raise ValueError(f"{source}: {e['id']}: {key} must be non-empty strings")
        if e.get("sense") is not None and e["sense"] not in SENSES:
            raise ValueError(f"{source}: {e['id']}: sense must be one of {sorted(SENSES)}")
        if e.get("growth_basis") is not None and e["growth_basis"] not in GROWTH_BASES:
            raise ValueError(f"{source}: {e['id']}: growth_basis must be one of {sorted(GROWTH_BASES)}")
    return items


def _read(path: str | os.PathLike) -> list[dict[str, Any]]:
    p = Path(path)
    return _entries(json.loads(p.read_text("utf-8")), str(p))


def _builtin() -> list[dict[str, Any]]:
    text = resources.files("gwr").joinpath("data/indicators.json").read_text("utf-8")
    return _entries(json.loads(text), "gwr/data/indicators.json")


# ---------------------------------------------------------------------------
# The taxonomy

# Words that open a label without being part of the indicator's name.
_PREFIX = re.compile(
    r"^(?:全年|全[省市县区州盟旗镇乡国]|[我本][省市县区州盟旗镇乡]|今年|明年|去年|上年|当年|年内|本年度?|一年来"
    r"|实现|完成|其中|预计|累计|共计|合计|总计|共|力争|确保|新增(?=.{4})|年度|我国"
    r"|全社会|[省市县区镇乡]属|[省市县区镇乡]级|全口径|地方)"
)
# A share: "X占Y比重", "X比重", "X的比重", "X占比" — the indicator is X's share, not Y's.
_SHARE_WORD = re.compile(r"的?(?:占比|比重|比例|份额)")
# What may follow "X的" and still be about X itself (X的增速); anything else is another head noun.
_SAME_HEAD = re.compile(r"(?:年均|平均)?(?:增速|增幅|增长率?|增量|降幅|降低率|下降率)|总量|总额|总值|规模|水平"
                        r"|目标|任务|数量|总数|金额|完成额|完成值|绝对额|绝对值")
_NOTE = re.compile(r"\(([^()]*)\)")
_URBAN = {"城镇": "城镇", "城市": "城镇", "城镇居民": "城镇", "城区": "城镇",
          "农村": "农村", "农民": "农村", "农村居民": "农村", "乡村": "农村"}


@dataclass(slots=True)
class Taxonomy:
    indicators: dict[str, Indicator]
    _owner: dict[str, str] = field(repr=False)  # alias key → id
    _patterns: list[str] = field(repr=False)
    _pattern_ids: list[str] = field(repr=False)
    _longest: Any = field(repr=False)  # leftmost-longest automaton, for find()
    _all: Any = field(repr=False)  # standard automaton, overlapping matches for match()
    # words naming an indicator only when they are the whole label: 经济增长6% is GDP growth,
    # 海洋经济增长12% is not; kept out of the automata, so running text never matches them
    _alone: dict[str, str] = field(default_factory=dict, repr=False)
    _cache: dict[str, Indicator | None] = field(default_factory=dict, repr=False)

    # -- construction ---------------------------------------------------------

    @classmethod
    def from_entries(cls, sources: Iterable[list[dict[str, Any]]]) -> Taxonomy:
        """Merge entry lists in order: later lists add ids and aliases, and win alias conflicts.

        Within one list an alias naming two ids is an error.
        """
        meta: dict[str, dict[str, Any]] = {}
        owner: dict[str, str] = {}
        alone: dict[str, str] = {}
        spelled: dict[str, str] = {}  # key → alias as written first
        for entries in sources:
            seen: dict[str, str] = {}
            for e in entries:
                iid = e["id"]
                m = meta.setdefault(iid, {"name": iid, "dimension": None, "kind": None,
                                          "description": "", "share": None,
                                          "sense": "floor", "growth_basis": "nominal"})
                for k in ("name", "dimension", "kind", "description", "share", "sense", "growth_basis"):
                    if e.get(k) is not None:
                        m[k] = e[k]
                names = [e["name"]] if isinstance(e.get("name"), str) and e["name"].strip() else []
                for alias in names + list(e.get("aliases", [])):
                    for word in _expand(alias):
                        key = _key(word)
                        if not key:
                            continue
                        if seen.get(key, iid) != iid:
                            raise ValueError(f"alias {word!r} names both {seen[key]!r} and {iid!r}")
                        seen[key] = iid
                        owner[key] = iid
                        spelled.setdefault(key, word)
                for word in e.get("alone_aliases", []):
                    key = _key(word)
                    if seen.get(key, iid) != iid:
                        raise ValueError(f"alias {word!r} names both {seen[key]!r} and {iid!r}")
                    seen[key] = iid
                    alone[key] = iid
        for iid, m in meta.items():
            if m["share"] is not None and m["share"] not in meta:
                raise ValueError(f"{iid}: share {m['share']!r} is not an indicator")
        by_id: dict[str, list[str]] = {iid: [] for iid in meta}
        for key, iid in owner.items():
            by_id[iid].append(spelled[key])
        indicators = {
            iid: Indicator(id=iid, name=m["name"], dimension=m["dimension"], kind=m["kind"],
                           aliases=tuple(by_id[iid]), description=m["description"], share=m["share"],
                           sense=m["sense"], growth_basis=m["growth_basis"])
            for iid, m in meta.items()
        }
        patterns = list(owner)
        ids = [owner[k] for k in patterns]
        longest = ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        standard = ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.Standard)
        alone = {k: v for k, v in alone.items() if k not in owner}  # a plain alias of the same words wins
        return cls(indicators, owner, patterns, ids, longest, standard, alone)

    # -- lookup ---------------------------------------------------------------

    def get(self, id: str) -> Indicator | None:  # noqa: A002 - the contract's name
        return self.indicators.get(id)

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.indicators.values())

    def __len__(self) -> int:
        return len(self.indicators)

    def __contains__(self, id: object) -> bool:
        return id in self.indicators

    def aliases(self) -> dict[str, str]:
        """Every alias (normalised form) → its id; e.g. for a segmenter's user dictionary."""
        return dict(self._owner)

    def exact(self, label: str) -> Indicator | None:
        """The indicator whose alias is exactly ``label`` (width, case and spaces ignored)."""
        key = _key(label)
        iid = self._owner.get(key) or self._alone.get(key)
        return self.indicators[iid] if iid else None

    def match(self, label: str) -> Indicator | None:
        """The indicator a label names, or None if nothing fits."""
        try:
            return self._cache[label]
        except KeyError:
            pass
        hit = self._match(label)
        if len(self._cache) > 100_000:
            self._cache.clear()
        self._cache[label] = hit
        return hit

    def _match(self, label: str) -> Indicator | None:
        key = _key(label).strip("，,、：:；;。.-—·")
        if not key:
            return None
        notes = [n for n in _NOTE.findall(key) if n]
        base = _NOTE.sub("", key)
        base = base.split("(")[0]  # an unclosed note
        if not base:
            return None
        # A note that qualifies the name: 工业增加值（规模以上）, 城乡居民…收入（城镇）.
        for note in notes:
            hit = self._exact(note + base)
            if hit is None and "城乡" in base and note in _URBAN:
                hit = self._exact_stripped(base.replace("城乡", _URBAN[note], 1))
            if hit is not None:
                return hit
        hit = self._exact_stripped(base)
        if hit is not None:
            return hit
        best = self._best(base)
        whole = best[0] if best else None
        if whole is not None and whole.kind == "rate":
            return whole  # 城区空气质量优良天数比例: a rate is its own share
        share = _SHARE_WORD.search(base)
        z = base.find("占")
        cuts = [i for i in (z, share.start() if share else -1) if i >= 0]
        if cuts and (share or best is None or best[1] >= min(cuts)):
            # X占Y比重, X比重, 占Y的: the share of X (the numerator), never Y
            num = self._best(base[: min(cuts)])
            if num is None:
                return None
            if num[0].share:
                return self.indicators[num[0].share]
            return num[0] if num[0].kind == "rate" else None
        if best is not None:
            de = base.find("的", best[2])
            if de >= 0 and not _SAME_HEAD.fullmatch(base[de + 1:]):
                return None  # 税收超百万元的企业: X的Y names Y, not X
        return whole

    def _exact(self, key: str) -> Indicator | None:
        iid = self._owner.get(key) or self._alone.get(key)
        return self.indicators[iid] if iid else None

    def _exact_stripped(self, key: str) -> Indicator | None:
        """Exact alias, after peeling the genre's opening words one at a time."""
        while key:
            hit = self._exact(key)
            if hit is not None:
                return hit
            m = _PREFIX.match(key)
            if not m or m.end() >= len(key):
                return None
            key = key[m.end():]
        return None

    def _best(self, key: str) -> tuple[Indicator, int, int] | None:
        """The longest alias inside ``key``; on a tie the later one (the head of a Chinese noun phrase)."""
        best: tuple[int, int, int, int] | None = None
        for idx, start, end in self._all.find_matches_as_indexes(key, overlapping=True):
            if best is None or (end - start, end) > best[:2]:
                best = (end - start, end, start, idx)
        if best is None:
            return None
        return self.indicators[self._pattern_ids[best[3]]], best[2], best[1]

    # -- running text ---------------------------------------------------------

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, Indicator]]:
        """Every alias in ``text[start:end]``: ``(start, end, indicator)`` with spans into ``text``.

        Leftmost-longest and non-overlapping.  Spaces inside a word (``地区生产 总值``)
        are skipped; a match never crosses a line break.
        """
        end = len(text) if end is None else min(end, len(text))
        start = max(0, start)
        if start >= end:
            return []
        seg = _norm(text[start:end])
        # Drop spaces, remembering for each kept run where it starts in both strings.
        kept = [(m.start(), m.end()) for m in _KEEP.finditer(seg)]
        if len(kept) > 1 or (kept and kept[0] != (0, len(seg))):
            starts, origin, pos = [], [], 0
            for a, b in kept:
                starts.append(pos)
                origin.append(a)
                pos += b - a
            seg = "".join(seg[a:b] for a, b in kept)
        else:
            starts = None
        out = []
        for idx, a, b in self._longest.find_matches_as_indexes(seg):
            if starts is not None:
                i = bisect_right(starts, a) - 1
                j = bisect_right(starts, b - 1) - 1
                a, b = origin[i] + a - starts[i], origin[j] + b - starts[j]
            out.append((start + a, start + b, self.indicators[self._pattern_ids[idx]]))
        return out


# ---------------------------------------------------------------------------
# Loading


@cache
def _load(extras: tuple[tuple[str, int], ...]) -> Taxonomy:
    return Taxonomy.from_entries([_builtin(), *(_read(path) for path, _mtime in extras)])


def taxonomy(extra: str | os.PathLike | None = None) -> Taxonomy:
    """The built-in taxonomy, extended by ``extra`` or else by ``$GWR_INDICATORS``.

    Cached per set of files (and their modification times), so repeated calls are free.
    """
    if extra is not None:
        paths = [extra]
    else:
        env = os.environ.get(ENV_VAR, "")
        paths = [p for p in env.split(os.pathsep) if p.strip()]
    keyed = []
    for p in paths:
        path = Path(p).expanduser().resolve()
        keyed.append((str(path), path.stat().st_mtime_ns))
    return _load(tuple(keyed))
