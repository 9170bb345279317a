"""Which review item answers a plan item: the same thing, counted the same way.

Users checked ``gwr commitments`` on consecutive-year reports and found one
paired row in four wrong when objects matched by containment: 投资 matched any
投资, 新增规上工业企业15家 was "done" by the stock 规上工业企业达到90家, 学校
matched 学校食堂.  A careful reader pairs two items only when

- their **head nouns** agree: the head is the last word of the object
  (规上工业企业 → 企业, with the modifiers 规上工业), found with the segmenter's
  dictionary (``rjieba``), after spellings of one thing are made one (造林绿化,
  营造林, 植树造林 → 造林; 农村 ~ 村级 ~ 村组, the village level said three ways)
  and an action written after its object is dropped (老旧小区改造 → 老旧小区);
  an activity is written verb first or as one noun (培训农民工 ~
  农民工技能培训, 改造农村户厕 ~ 农村户厕改造), so an item whose verb names the
  activity is read as the noun; and a compound of two words says the same in
  either order (挂牌企业 ~ 企业挂牌);
- their **modifiers** agree: one may say more than the other (学位 ~ 中小学学位),
  but two different ones (高新技术企业 / 规上工业企业) never match, and a
  generic head (投资, 项目, 面积 …) needs the same modifiers on both sides,
  a threshold included (投资5亿元以上的文旅项目 is not any 文旅项目); words that
  say when or that a figure is planned (年度, 计划: 年度计划投资 ~ 完成年度投资)
  are no modifiers;
- they count **the same kind of measure**: a count of new things (新增, 新建,
  引进) never pairs with a stock (总数, 累计, 达到), and an item that says
  neither never pairs with a stock written as one (示范家庭农场总数达到40家 does not
  answer 培育示范家庭农场12家); a money figure of a batch
  (总投资80亿元 of 重点项目) pairs only with the same batch's, not another
  batch's or one named project's;
- a **combined** item (泵站和调蓄池5座) is compared with the sum of its parts,
  each found on its own, or stays unpaired; it is never judged by one part.

When nothing agrees the row says ``no_outcome``: an honest gap is better
than a wrong verdict.  Vocabulary: ``data/commitment_pairing.json``.  The
review items are indexed by head noun, so pairing is linear in the number of
items (plus the candidates sharing a head).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, Sequence

__all__ = ["pair", "object_key", "measure_kind", "ObjectKey"]

_SUB_ITEM = re.compile(r"\s*其中")
_KINDS = re.compile(r"([大中小微]{2,4})型")


@dataclass(frozen=True)
class _Vocab:
    generic: frozenset[str]
    synonym_rx: re.Pattern[str]
    canonical: dict[str, str]
    new_rx: re.Pattern[str]
    total_rx: re.Pattern[str]
    trailing_rx: re.Pattern[str]
    conjunctions: str
    activity_rx: re.Pattern[str]
    time_words: frozenset[str]


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def vocab() -> _Vocab:
    """The vocabulary of ``data/commitment_pairing.json``, compiled once."""
    raw = json.loads(resources.files("gwr").joinpath("data/commitment_pairing.json").read_text(encoding="utf-8"))
    canonical = {w: group[0] for group in raw["synonyms"] for w in group}
    return _Vocab(
        generic=frozenset(raw["generic_heads"]),
        synonym_rx=re.compile(_alt(canonical)),
        canonical=canonical,
        new_rx=re.compile(_alt(raw["new_markers"])),
        total_rx=re.compile(_alt(raw["total_markers"])),
        trailing_rx=re.compile(f"(?:{_alt(raw['trailing_verbs'] + raw['trailing_measures'])})+$"),
        conjunctions=raw["conjunctions"],
        activity_rx=re.compile(f"(?:{_alt(raw['activity_verbs'] + raw['trailing_verbs'])})+$"),
        time_words=frozenset(raw["time_modifiers"]),
    )


@dataclass(frozen=True)
class ObjectKey:
    """An object as a careful reader compares it: the thing (``canon``), its head noun and the modifiers."""
    canon: str
    head: str
    modifiers: str
    parts: tuple[str, ...]  # a combined object's parts (泵站和调蓄池 → 泵站, 调蓄池), else ()


def measure_kind(verb: str, verb_kind: str | None, head_text: str) -> str | None:
    """``new`` (what the year adds), ``total`` (a stock or level reached) or ``None`` (either).

    ``head_text`` is the item up to its figure.  An explicit stock word (总数,
    累计) wins; then a new-marker verb (新增就业达到9500人 is new); then a level
    verb (达到, 突破) says total.
    """
    v = vocab()
    if v.total_rx.search(head_text):
        return "total"
    if verb and v.new_rx.search(verb):
        return "new"
    if verb_kind == "level":
        return "total"
    return None


@cache
def object_key(obj_norm: str, raw: str = "") -> ObjectKey:
    """The comparable form of an object: synonyms made one, trailing actions and measures dropped, head split off."""
    v = vocab()
    canon = _canon(obj_norm)
    parts: tuple[str, ...] = ()
    pieces = [p for p in re.split(f"[{re.escape(v.conjunctions)}]", raw or "") if p]
    if len(pieces) <= 1 and (m := _KINDS.search(raw or obj_norm)):
        # 大中型水库 → 大型水库, 中型水库: a compressed coordination is a combined item
        whole = raw or obj_norm
        pieces = [whole[:m.start()] + k + "型" + whole[m.end():] for k in m.group(1)]
    if len(pieces) > 1:
        from .commitments import normalize_object

        parts = tuple(_canon(normalize_object(p)) for p in pieces)
        if not all(parts):
            parts = ()
    core = _untimed(canon)
    stripped = v.trailing_rx.sub("", core)
    if len(stripped) >= 2:
        core = stripped
    head = _head(core)
    modifiers = core[:len(core) - len(head)]
    if head in v.generic and len(trimmed := v.trailing_rx.sub("", modifiers)) >= 2:
        modifiers = trimmed  # 标准化建设项目 ~ 标准化项目: an action before a generic head says nothing more
    return ObjectKey(canon=canon, head=head, modifiers=modifiers, parts=parts)


def _canon(s: str) -> str:
    """Spellings made one, until none is left (营造林面积 → 造林面积 → 造林); at most three passes."""
    v = vocab()
    for _ in range(3):
        t = v.synonym_rx.sub(lambda m: v.canonical[m.group()], s)
        if t == s:
            break
        s = t
    return s


def _untimed(s: str) -> str:
    """``s`` without the leading words that say when or that it is planned (年度计划投资 → 投资).

    Whole words only (rjieba's), so 计划生育 keeps its 计划; never down to less than two characters.
    """
    words = _time_lead(s)
    return s[words:] if words and len(s) - words >= 2 else s


def _time_lead(s: str) -> int:
    v = vocab()
    if not any(s.startswith(w) for w in v.time_words):
        return 0
    import rjieba

    n = 0
    for w in rjieba.cut(s):
        if w not in v.time_words:
            break
        n += len(w)
    return n


def _head(s: str) -> str:
    """The last word of ``s``: the shortest dictionary word of two or more characters ending it, else its last word."""
    if len(s) <= 2:
        return s
    import rjieba  # imported on use: loading the dictionary costs ~0.3 s

    best = None
    for w in rjieba.cut_for_search(s):
        if len(w) >= 2 and s.endswith(w) and (best is None or len(w) < len(best)):
            best = w
    if best is None:
        words = rjieba.cut(s)
        best = words[-1] if words else s
    return best


def agree(a: ObjectKey, b: ObjectKey) -> bool:
    """Same head noun and agreeing modifiers (the generic heads need the same ones)."""
    if not a.head:
        return False
    if bool(a.parts) != bool(b.parts):
        # 中小学幼儿园 ~ 中小学和幼儿园: the same things listed without the conjunction
        whole, listed = (a, b) if b.parts else (b, a)
        return "".join(listed.parts) in (whole.canon, whole.modifiers + whole.head)
    if a.head != b.head:
        return _swapped(a, b)
    if a.parts:
        return a.parts == b.parts
    ma, mb = a.modifiers, b.modifiers
    if ma == mb:
        return True
    short, long_ = sorted((ma, mb), key=len)
    if short not in long_:
        return False
    if a.head in vocab().generic:
        # 固定资产投资 ~ 固定资产投资, never 投资 ~ 总投资; a threshold (投资5亿元以上的) is part of the thing
        return bool(short) and not re.search(r"\d", long_.replace(short, "", 1))
    return True


def _swapped(a: ObjectKey, b: ObjectKey) -> bool:
    """挂牌企业 ~ 企业挂牌, 流转土地 ~ 土地流转: the same two words in the other order (never for a generic head)."""
    generic = vocab().generic
    return (not a.parts and bool(a.modifiers) and a.modifiers == b.head and b.modifiers == a.head
            and a.head not in generic and b.head not in generic)


def _key(row: dict[str, Any]) -> ObjectKey:
    """The row's object as compared; a verb naming the activity joins it as the noun (培训农民工 → 农民工培训)."""
    from .commitments import normalize_object

    obj = row.get("object") or ""
    norm = row.get("object_norm") or normalize_object(obj)
    m = vocab().activity_rx.search(row.get("verb") or "")
    if m and norm and m.group() not in norm:
        norm += m.group()
    return object_key(norm, obj)


def _stock(row: dict[str, Any]) -> bool:
    """A stock said in words (总数, 累计), not only by a level verb: 示范家庭农场总数达到40家, 累计建成2100个."""
    if _kind(row) != "total":
        return False
    if row.get("verb_kind") != "level":
        return True  # an action verb is total only by such a word
    head = row.get("object") or ""
    quote, span, fig = row.get("quote"), row.get("span"), row.get("figure_span")
    if quote and span and fig:
        head = quote[:max(0, fig[0] - span[0])]
    return vocab().total_rx.search(head) is not None


def _batch_key(row: dict[str, Any]) -> ObjectKey | None:
    from .commitments import normalize_object

    b = row.get("batch")
    return object_key(normalize_object(b), b) if b else None


def _kind(row: dict[str, Any]) -> str | None:
    if "measure_kind" in row:
        return row["measure_kind"]
    return measure_kind(row.get("verb") or "", row.get("verb_kind"), row.get("object") or "")


def _compatible(c: dict, ck: ObjectKey, o: dict, ok: ObjectKey) -> bool:
    if o.get("unit_base") != c.get("unit_base") or o.get("value_base") is None:
        return False
    if not agree(ck, ok):
        return False
    if not _scope_said(c, ck, ok):
        return False  # 其中高层次人才100人 is not answered by 引进各类人才2300人
    kinds = {_kind(c), _kind(o)}
    if kinds == {"new", "total"}:
        return False
    if kinds == {None, "total"} and _stock(c if _kind(c) else o):
        return False  # 培育示范家庭农场12家 is not answered by 示范家庭农场总数达到40家
    cb, ob = _batch_key(c), _batch_key(o)
    if ck.head in vocab().generic and cb is not None and ob is not None and not agree(cb, ob):
        return False  # 总投资 of 重点项目 is not 总投资 of 省外项目
    return True


def _scope_said(c: dict, ck: ObjectKey, ok: ObjectKey) -> bool:
    """A part (其中…) is answered only by a review item that names that part, never by the whole.

    其中高层次人才100人 counts part of the 人才 of the item before it: 引进各类人才2300人
    says nothing of it.  Elsewhere a review may drop a scope word the plan
    said (城镇老旧小区 ~ 老旧小区, 公办幼儿园学位 ~ 幼儿园学位): the same thing.
    """
    if ck.parts or ck.head != ok.head or len(ck.modifiers) <= len(ok.modifiers):
        return True
    return not _SUB_ITEM.match(_said(c))


def _said(row: dict) -> str:
    """The row's clause up to its figure (其中高层次人才 of 其中高层次人才100人)."""
    quote, span, fig = row.get("quote") or "", row.get("span"), row.get("figure_span")
    return quote[:max(0, fig[0] - span[0])] if span and fig else quote


def _verbs(verb: str) -> list[str]:
    """新建和改扩建 → 新建, 改扩建: the verbs a combined verb joins (one verb gives one)."""
    from .commitments import vocab as item_vocab

    return item_vocab().verb_rx.findall(verb or "") or ([verb] if verb else [])


def _shared_verb(c: dict, o: dict) -> bool:
    """开工建设 ~ 新开工: the two verbs share a word of two characters (not 交付 for 开工建设)."""
    a, b = c.get("verb") or "", o.get("verb") or ""
    return any(a[i:i + 2] in b for i in range(len(a) - 1))


def _rank(c: dict, ck: ObjectKey, o: dict, ok: ObjectKey, index: int) -> tuple:
    cb, ob = _batch_key(c), _batch_key(o)
    return (ck.canon == ok.canon, _shared_verb(c, o), _kind(c) == _kind(o), cb is not None and ob is not None,
            o.get("verb_kind") == c.get("verb_kind"), o.get("verb") == c.get("verb"),
            -abs(len(ck.modifiers) - len(ok.modifiers)), -index)


def _best(c: dict, ck: ObjectKey, by_head: dict[str, list[tuple[int, dict, ObjectKey]]],
          keep=None) -> dict | None:
    best, best_rank = None, None
    swapped = by_head.get(ck.modifiers, []) if ck.modifiers and ck.modifiers != ck.head else []
    for i, o, ok in [*by_head.get(ck.head, ()), *swapped]:
        if (keep is None or keep(o)) and _compatible(c, ck, o, ok):
            r = _rank(c, ck, o, ok, i)
            if best_rank is None or r > best_rank:
                best, best_rank = o, r
    return best


def pair(planned: Sequence[dict[str, Any]], achieved: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each commitment with the review item of the same thing and measure, and a status.

    ``done``: the outcome reaches the figure (at most the figure for a ceiling
    such as 控制在…以内); ``short``: it does not; ``no_outcome``: the next report
    states nothing that agrees.  A combined item's outcome is the sum of its
    parts' outcomes (``outcome.parts``), when every part has one.
    """
    by_head: dict[str, list[tuple[int, dict, ObjectKey]]] = {}
    for i, o in enumerate(achieved):
        ok = _key(o)
        if ok.head and len(ok.canon) >= 2:
            by_head.setdefault(ok.head, []).append((i, o, ok))
    out = []
    for c in planned:
        if _due_later(c):
            out.append({**c, "status": None, "outcome": None})  # 到2020年…达到8000公里: not next year's to judge
            continue
        ck = _key(c)
        outcome, value = None, None
        if len(ck.canon) >= 2:
            best = _best(c, ck, by_head)
            split = _by_verb(c, ck, best, by_head)
            if split is not None:
                outcome, value = _summed(split)
            elif best is not None:
                outcome, value = _outcome(best), best["value_base"]
            elif ck.parts:
                outcome, value = _combined(c, ck, by_head)
        if outcome is None or c.get("value_base") is None:
            status = "no_outcome"
        else:
            got, want = Decimal(str(value)), Decimal(str(c["value_base"]))
            status = "done" if (got <= want if c.get("ceiling") else got >= want) else "short"
        out.append({**c, "status": status, "outcome": outcome})
    return out


def _due_later(c: dict) -> bool:
    """A goal set for a later year than the plan's (到2020年, in a 2016 plan): next year's review cannot judge it."""
    year = c.get("year")
    due = re.search(r"((?:19|20)\d\d)年", c.get("deadline") or "")
    return year is not None and due is not None and int(due.group(1)) > year


def _by_verb(c: dict, ck: ObjectKey, best: dict | None, by_head) -> list[dict] | None:
    """新建和改扩建公办幼儿园6所 ~ 新建…4所，改扩建…3所: one outcome per verb of a combined verb.

    Only when the plan joins two or more verbs and the best outcome does not
    join the same ones (新建、改扩建中小学和幼儿园64所 answers it whole), and only
    when every verb has an outcome of its own, else the item is judged as before.
    """
    verbs = _verbs(c.get("verb") or "")
    if len(verbs) < 2 or (best is not None and set(verbs) <= set(_verbs(best.get("verb") or ""))):
        return None
    found = []
    for verb in verbs:
        o = _best({**c, "verb": verb}, ck, by_head, lambda o: _verbs(o.get("verb") or "") == [verb])
        if o is None or any(o is f for f in found):
            return None
        found.append(o)
    return found


def _combined(c: dict, ck: ObjectKey, by_head) -> tuple[dict | None, Any]:
    """泵站和调蓄池5座: each part's own outcome, summed; ``None`` unless every part has one."""
    found = []
    for part in ck.parts:
        pk = object_key(part)
        o = _best({**c, "object": part, "object_norm": part}, pk, by_head)
        if o is None:
            return None, None
        found.append(o)
    return _summed(found)


def _summed(found: list[dict]) -> tuple[dict, Any]:
    """The outcomes of a combined item as one: their sum, each kept in ``parts``."""
    total = sum(Decimal(str(o["value_base"])) for o in found)
    spans = {tuple(o.get("span") or ()) for o in found}
    quotes = list(dict.fromkeys(o.get("quote") for o in found if o.get("quote")))
    first = _outcome(found[0])
    value = sum(Decimal(str(o["value"])) for o in found) if all(o.get("unit") == found[0].get("unit")
                                                                for o in found) else None
    return {**first, "value": _num(value), "number": None, "value_base": _num(total),
            "quote": "；".join(quotes), "span": first["span"] if len(spans) == 1 else None,
            "figure_span": None, "parts": [_outcome(o) for o in found]}, _num(total)


def _num(d: Decimal | None) -> int | float | None:
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


def _outcome(o: dict[str, Any]) -> dict[str, Any]:
    keep = ("path", "document_index", "report_year", "year", "verb", "object", "value", "number", "unit",
            "value_base", "unit_base", "qualifier", "span", "quote", "figure_span", "section_path", "measure_kind")
    return {k: o.get(k) for k in keep}
