"""Quantified commitments of a report's plan, and whether the next report says they were met.

Supervision offices (督查) turn the plan part of a report into a follow-up list:
新增学位3000个, 节能改造1300盏路灯, 力争新增总部企业10家.  The plan is written
in a small grammar, read here from the figures ``gwr.quantities`` already found
(``Document.quantities``) rather than from any report's wording:

- a clause ends at ，；。：or a line break; inside a clause a figure closes an
  item, so 建成小广场10个、文化活动中心20个 is two items sharing the verb 建成;
- the verb precedes the number (adjacent verbs merge: 提质改造, 签约落地);
- the object sits between verb and number (新增 **学位** 3000个), or, when
  nothing is there or a list closes with 等, right after the unit (节能改造1300盏
  **路灯**; 完成甲、乙等6个 **安全饮水项目**);
- a level verb follows its object (**高新技术产值** 突破300亿元);
- the deadline (年底前, 6月底前, 2025年前, 全年) is the nearest one before the
  figure in its clause, else in its sentence; the aim word (力争, 确保) likewise.

Not commitments, and left out with a debug log: growth rates and changes of
rates (增长9.5%, 提高1个百分点), the sentences holding the headline targets of
``doc.targets``, figures about past years (a year before the report year or a
past marker such as 去年 in the sentence), figures inside quotation marks
(“五个一公里” is a name), a lone Chinese 一 (一个方案 is an idiom), durations
naming a period (三年行动计划), bare magnitudes modifying a noun (过10亿项目) —
but a 万 before a noun counting people counts them (8万农村人口) —, shares
(新增财力的60%) and changes against a base (比去年增加…).
The vocabulary is data: ``data/commitments.json``.

A review also states results without a verb: an indicator and its figure
(社会消费品零售总额116亿元), an indicator 为 its figure (城镇调查失业率为4.8%), a
count before the noun it counts as the subject of a sentence
(60个县级重点项目完成投资47亿元).

Run over a review section (``roles=("review",)``) the same grammar reads what a
report says was done; :func:`pair` matches a year's commitments with the next
report's outcomes of the same thing counted the same way (``gwr.commitment_pairs``).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
import json
import logging
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, Iterable, Sequence

from .quantities import GROWTH_VERBS, Quantity, growth_direction, unit_info

__all__ = ["commitments", "outcomes", "items", "pair", "file_commitments", "pair_documents", "region_key",
           "normalize_object"]

log = logging.getLogger(__name__)

PLAN_ROLES = ("plan", "targets")
REVIEW_ROLES = ("review",)
FACT_KINDS = ("official_report", "report_excerpt", "news")


@dataclass(frozen=True)
class _Vocab:
    verb_rx: re.Pattern[str]
    verb_kind: dict[str, str]
    deadline_rx: re.Pattern[str]
    aims_rx: re.Pattern[str]
    past_rx: re.Pattern[str]
    lead_stop: re.Pattern[str]
    trail_stop: re.Pattern[str]
    inner_stop: re.Pattern[str]
    not_followed_by: dict[str, str]
    joiners: str
    from_markers: str
    ceiling_qualifiers: frozenset[str]
    quote_pairs: tuple[str, ...]
    clause_breaks: str
    sentence_breaks: str
    max_object: int
    noun_verbs: frozenset[str]
    beneficiary_verbs: frozenset[str]
    batch_total_rx: re.Pattern[str]
    copula_rx: re.Pattern[str]
    people_rx: re.Pattern[str]
    people_unit: dict[str, str]
    distributive_rx: re.Pattern[str]
    distributive_lead_rx: re.Pattern[str]
    indicator_rx: re.Pattern[str]


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def vocab() -> _Vocab:
    """The vocabulary of ``data/commitments.json``, compiled once."""
    raw = json.loads(resources.files("gwr").joinpath("data/commitments.json").read_text(encoding="utf-8"))
    kind = {w: k for k, words in raw["verbs"].items() for w in words}
    return _Vocab(
        verb_rx=re.compile(f"(?:{_alt(kind)})"),
        verb_kind=kind,
        deadline_rx=re.compile("|".join(f"(?:{p})" for p in raw["deadlines"])),
        aims_rx=re.compile(_alt(raw["aims"])),
        past_rx=re.compile(_alt(raw["past_markers"])),
        lead_stop=re.compile(raw["object_lead_stop"]),
        trail_stop=re.compile(raw["object_trail_stop"]),
        inner_stop=re.compile(raw["object_inner_stop"]),
        not_followed_by=raw["verb_not_followed_by"],
        joiners=raw["verb_joiners"],
        from_markers=raw["from_markers"],
        ceiling_qualifiers=frozenset(raw["ceiling_qualifiers"]),
        quote_pairs=tuple(raw["quote_pairs"]),
        clause_breaks=raw["clause_breaks"],
        sentence_breaks=raw["sentence_breaks"],
        max_object=int(raw["max_object"]),
        noun_verbs=frozenset(raw["noun_verbs"]),
        beneficiary_verbs=frozenset(raw["beneficiary_verbs"]),
        batch_total_rx=re.compile(f"(?:{_alt(raw['batch_totals'])})$"),
        copula_rx=re.compile(f"(?<![{re.escape(raw['copula_not_after'])}])(?:{_alt(raw['copulas'])})$"),
        people_rx=re.compile(f"[\u4e00-\u9fff]{{0,4}}?({_alt(raw['people_nouns'])})"),
        people_unit=raw["people_nouns"],
        distributive_rx=re.compile(f"(?:{_alt(raw['distributives'])})$"),
        distributive_lead_rx=re.compile(f"\\s*(?:{_alt(raw['distributives'])})"),
        indicator_rx=re.compile(f"(?:{_alt(raw['indicator_tails'])})$"),
    )


# -- the public functions ---------------------------------------------------------------------------

def commitments(text: str, norm: str, doc, quantities: Sequence[Quantity] | None = None) -> list[dict[str, Any]]:
    """The quantified items of ``doc``'s plan sections (roles ``plan`` and ``targets``), in text order.

    ``text`` is the source text every span refers to, ``norm`` its same-length
    normalised view (``gwr.normalize``), ``quantities`` the figures found in
    ``norm`` (default ``doc.quantities``, which ``extract_source`` fills).
    """
    return items(text, norm, doc, quantities, roles=PLAN_ROLES, past=False)


def outcomes(text: str, norm: str, doc, quantities: Sequence[Quantity] | None = None) -> list[dict[str, Any]]:
    """The same grammar over the review sections: what the report says its review year achieved."""
    return items(text, norm, doc, quantities, roles=REVIEW_ROLES, past=True)


def items(text: str, norm: str, doc, quantities: Sequence[Quantity] | None = None, *,
          roles: Sequence[str] = PLAN_ROLES, past: bool = False) -> list[dict[str, Any]]:
    """Quantified items of the sections whose innermost role is in ``roles``.

    ``past=False`` drops figures about years before the report year (a plan
    recalling last year's results); a review is about the past, so it keeps them.
    """
    if doc.kind not in FACT_KINDS or not doc.sections:
        return []
    qs = sorted(doc.quantities if quantities is None else quantities, key=lambda q: q.start)
    v = vocab()
    headline = _headline_sentences(norm, doc, v)
    rows: list[dict[str, Any]] = []
    state = _ClauseState()
    paths = _Paths(doc.sections)
    for i, q in enumerate(qs):
        path = paths.at(q.start)
        if not path or path[-1].role not in roles:
            continue
        q = _lower_bound(_people(norm, q, v))
        why = _skip(norm, q, doc, v, headline, past, qs[i - 1] if i else None, qs[i + 1] if i + 1 < len(qs) else None)
        if why:
            log.debug("commitments: doc %s: %r not an item (%s)", doc.index, text[q.start:q.end], why)
            continue
        row = _item(text, norm, q, v, state, review=past)
        if row is None:
            continue
        row["section_path"] = [s.title for s in path]
        row["section_role"] = path[-1].role
        row["document_index"] = doc.index
        row["year"] = doc.report_year if roles == PLAN_ROLES else doc.review_year
        rows.append(row)
    _batches(rows)
    return rows


def _batches(rows: list[dict[str, Any]]) -> None:
    """``batch``: what a generic figure (投资, 总投资, 面积 …) belongs to, so that pairing tells batches apart.

    实施重点项目60个，完成投资85亿元 and 总投资80亿元的20个重点项目: the count of
    the same sentence (before the figure, else after it); 锦程新材料项目完成投资8亿元:
    the one thing named before the verb — also when the sentence counts things of
    its kind, for then it is one of them with money of its own (60个县级重点项目完成
    投资47亿元，青崖水泥技改项目完成投资6亿元: the second money is the project's).
    Counts and other objects get ``None``.
    """
    from .commitment_pairs import object_key, vocab as pair_vocab

    generic = pair_vocab().generic
    for i, r in enumerate(rows):
        topic = r.pop("_topic", None)
        r["batch"] = None
        key = object_key(r["object_norm"], r["object"])
        if r["dimension"] == "count" or key.head not in generic or len(key.modifiers) > 1:
            continue  # 招商引资到位资金 names its money itself: no batch's
        sentence = r["_sentence"]
        near = [x for x in reversed(rows[:i]) if x["_sentence"] == sentence and x["dimension"] == "count"]
        near = near or [x for x in rows[i + 1:] if x["_sentence"] == sentence and x["dimension"] == "count"]
        if near and not (topic and _one_of(topic, near[0]["object"])):
            r["batch"] = near[0]["object"]
        else:
            r["batch"] = topic
    for r in rows:
        r.pop("_sentence", None)


def _one_of(topic: str, counted: str) -> bool:
    """青崖水泥技改项目 is one of 县级重点项目: the same head noun."""
    from .commitment_pairs import object_key

    a, b = object_key(normalize_object(topic), topic), object_key(normalize_object(counted), counted)
    return bool(a.head) and a.head == b.head


def file_commitments(result, *, roles: Sequence[str] = PLAN_ROLES, norm: str | None = None) -> list[dict[str, Any]]:
    """Every plan item of every document of a ``FileResult``, with the document's region and years.
    ``norm``: the text's normalised view, when the caller has it."""
    from .parse.normalize import normalize

    text = result.source.text
    norm = normalize(text) if norm is None else norm
    out = []
    for doc in result.documents:
        found = (commitments if tuple(roles) == PLAN_ROLES else outcomes)(text, norm, doc)
        for row in found:
            out.append({**_doc_fields(result.source.path, doc), **row})
    return out


def region_key(region) -> tuple | None:
    """The same region across reports: its code, else name and level; ``None`` when unnamed (xx镇)."""
    if region is None:
        return None
    if region.code:
        return ("code", region.code)
    if region.name and region.level:
        return ("name", region.name, region.level)
    return None


def pair_documents(results: Iterable) -> list[dict[str, Any]]:
    """Every commitment of the given files, each with the outcome its region's next report states.

    A commitment of report year *y* is looked up in the review sections of the
    report of year *y + 1* of the same region (see :func:`region_key`).  Rows
    whose region has no such report among ``results`` keep ``status: None``.
    """
    from .parse.normalize import normalize

    plans: list[tuple[tuple, int, list[dict]]] = []
    reviews: dict[tuple[tuple, int], list[dict]] = {}
    for result in results:
        text = result.source.text
        norm = normalize(text)
        for doc in result.documents:
            key = region_key(doc.region)
            base = _doc_fields(result.source.path, doc)
            plan = [{**base, **r} for r in commitments(text, norm, doc)]
            if plan:
                plans.append((key, doc.report_year, plan))
            if key is not None and doc.report_year is not None:
                got = [{**base, **r} for r in outcomes(text, norm, doc)]
                reviews.setdefault((key, doc.report_year), []).extend(got)
    out: list[dict[str, Any]] = []
    for key, year, plan in plans:
        nxt = reviews.get((key, year + 1)) if key is not None and year is not None else None
        if nxt is None:
            out.extend({**row, "status": None, "outcome": None} for row in plan)
        else:
            out.extend(pair(plan, nxt))
    return out


def pair(planned: Sequence[dict[str, Any]], achieved: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each commitment with the outcome of the same thing counted the same way, and a status.

    See :mod:`gwr.commitment_pairs`: same head noun with agreeing modifiers
    (generic heads such as 投资 need the same ones), synonyms made one, a new
    count never against a stock, a batch's money only against the same batch's,
    a combined item against the sum of its parts.  ``done``: the outcome reaches
    the figure (at most the figure for a ceiling such as 控制在…以内); ``short``:
    it does not; ``no_outcome``: the next report states nothing that agrees.
    """
    from .commitment_pairs import pair as pair_items

    return pair_items(planned, achieved)


def normalize_object(obj: str) -> str:
    """An object reduced for matching: letters, digits and CJK only, lead, inner and trail stop-words removed."""
    v = vocab()
    s = _BRACKETS_AND_MARKS.sub("", obj or "")
    s = v.lead_stop.sub("", s)
    return v.inner_stop.sub("", v.trail_stop.sub("", s))


# -- the grammar ----------------------------------------------------------------------------------

class _ClauseState:
    """What the previous item left behind: its clause (for list members that share a verb) and sentence."""

    def __init__(self) -> None:
        self.clause: tuple[int, int] | None = None
        self.verb: tuple[str, str] | None = None
        self.sentence: tuple[int, int] | None = None
        self.item_end: int | None = None  # where the previous item (figure and any noun after it) ends
        self.object: tuple[str, str, str | None] | None = None  # its object as written, normalised, unit_base


def _item(text: str, norm: str, q: Quantity, v: _Vocab, state: _ClauseState, *,
          review: bool = False) -> dict[str, Any] | None:
    cs, ce = _bounds(norm, q.start, q.end, v.clause_breaks)
    ss, se = _bounds(norm, q.start, q.end, v.sentence_breaks)
    # a figure closes an item: the previous counted figure of the clause ends the previous item
    item_start = cs
    if state.clause == (cs, ce) and state.item_end is not None and state.item_end <= q.start:
        item_start = state.item_end
    head_lo = item_start
    verbs = _verb_groups(norm, head_lo, q.number_start, v, q.start)
    if ((cop := v.copula_rx.search(norm, head_lo, q.start)) and not any(g[3] > cop.start() for g in verbs)
            and not norm.startswith("的", q.end) and _indicator(norm, head_lo, cop.start(), v)):
        verbs.append((cop.group(), "level", cop.start(), cop.end()))  # 城镇调查失业率为4.8%: 为 states a level
    verb, kind, vstart, vend = "", "", -1, -1
    subject_end = None
    if verbs:
        verb, kind, vstart, vend = verbs[0]
    elif state.clause == (cs, ce) and state.verb:
        verb, kind = state.verb  # 建成小广场10个、文化活动中心20个: the list shares the verb
        vstart = vend = head_lo
    elif q.dimension == "count" and (aim := _last(v.aims_rx, norm, head_lo, q.number_start)) is not None:
        verb, kind, vstart, vend = aim.group(), "action", aim.start(), aim.end()  # 力争有机农产品认证2个以上
    elif (subject_end := _counted_subject(norm, q, v, head_lo, ce)) is not None:
        vstart = vend = head_lo  # 60个县级重点项目完成投资47亿元: the count of the subject
    elif (late := _verb_after_subject(norm, q, v, head_lo, ce)) is not None:
        verb, kind, subject_end = late  # 12个省市重点项目全部开工: the count, its noun, then the verb
        vstart = vend = head_lo
    elif state.sentence == (ss, se):
        vstart = vend = head_lo  # 实施项目120个，总投资500亿元: a continuation of the item before
    elif review and _stated_level(norm, head_lo, q, ce, v):
        vstart = vend = head_lo  # 社会消费品零售总额116亿元: a review states an indicator's level without a verb
    else:
        log.debug("commitments: %r has no verb", text[cs:ce])
        return None
    # the object
    if kind in ("level", "ceiling") and verbs:
        raw = norm[head_lo:vstart]
    else:
        # 新增就业达到9500人: a level verb after the action verb closes the object
        nxt = next((g[2] for g in verbs[1:] if g[1] in ("level", "ceiling")), q.start)
        raw = norm[vend:min(nxt, q.start)]
    listed = raw.rstrip().endswith("等") or "、" in raw  # 甲、乙等6个X / 甲、乙2个X: X is the object
    obj, obj_start = _clean(norm, raw, vend if kind not in ("level", "ceiling") or not verbs else head_lo, v)
    item_end = q.end
    if listed or not obj:
        after_end = subject_end if subject_end is not None else _after_unit_end(norm, q.end, ce)
        after = norm[q.end:after_end]
        cleaned, a_start = _clean(norm, after, q.end, v)
        if cleaned:
            obj, obj_start, item_end = cleaned, a_start, after_end
    topic, bare = None, True
    if verbs and kind not in ("level", "ceiling") and vstart > head_lo:
        topic, t_start = _clean(norm, norm[head_lo:vstart], head_lo, v)
        bare = not topic
        if not 2 <= len(topic) <= v.max_object // 2:
            topic = None
    if (not obj and verbs and verb in v.noun_verbs and topic and t_start + len(topic) == vstart
            and _SUBJECT.fullmatch(topic)):
        obj, obj_start = norm[t_start:vend], t_start  # 其中人工造林0.9万亩: the kind of the activity is said
    elif not obj and verbs and verb in v.noun_verbs:
        obj, obj_start = verb, vstart  # 营造林4.3万亩, 面上造林1000亩: the activity is what is counted
    elif not obj and topic:
        obj, obj_start = topic, t_start  # 限上商贸企业新增43家, 棚改新开工8600套: the object before its verb
    if verb in v.beneficiary_verbs and (not obj or obj in v.people_unit):
        obj, obj_start = verb, vstart  # 惠及居民3.5万户 ~ 惠及4.1万户: who benefits, said or not
    if not _CJK.search(obj):
        obj = ""  # 分别达到100%、60%: a figure is not an object
    obj_text = text[obj_start:obj_start + len(obj)]
    if obj and v.distributive_rx.fullmatch(obj):
        obj = ""  # 分别达到36100元、19618元: several indicators in turn, none named here
    elif not obj and kind == "level" and (grown := _grown_indicator(norm, ss, cs, v)) is not None:
        obj, obj_start = grown  # 固定资产投资增长12%，达到1330亿元: the indicator of the clause before
        obj_text = text[obj_start:obj_start + len(obj)]
    several = v.distributive_lead_rx.match(norm, cs) is not None  # 分别达到…、…: each another indicator's
    if (not obj and bare and not several and state.sentence == (ss, se) and state.object
            and state.object[2] == q.unit_base):
        obj_text, obj = state.object[0], state.object[1]  # 规上工业企业达到92家，新增12家: the object left out
    if not obj:
        log.debug("commitments: %r has no object", text[cs:ce])
        return None
    if len(obj) > v.max_object:
        obj_start += len(obj) - v.max_object
        obj = obj[-v.max_object:]
        obj_text = text[obj_start:obj_start + len(obj)]
    qualifiers = [w for w in (q.qualifier,) if w]
    aim = _nearest(v.aims_rx, norm, cs, q.start) or _nearest(v.aims_rx, norm, ss, cs)
    if aim:
        qualifiers.insert(0, aim)
    deadline = _nearest(v.deadline_rx, norm, cs, q.start) or _nearest(v.deadline_rx, norm, ss, cs)
    ceiling = kind == "ceiling" or q.qualifier in v.ceiling_qualifiers
    qstart, qend = _trim(text, cs, ce)
    state.clause, state.verb, state.sentence, state.item_end = (cs, ce), (verb, kind), (ss, se), item_end
    state.object = (obj_text, obj, q.unit_base)
    from .commitment_pairs import measure_kind

    return {
        "verb": verb,
        "verb_kind": kind or None,
        "object": obj_text,
        "object_norm": normalize_object(obj),
        "measure_kind": measure_kind(verb, kind, norm[item_start:q.number_start]),
        "value": _num(q.value),
        "number": text[q.number_start:q.number_end],
        "unit": q.unit,
        "value_base": _num(q.value_base),
        "unit_base": q.unit_base,
        "dimension": q.dimension,
        "qualifier": qualifiers[0] if qualifiers else "",
        "qualifiers": qualifiers,
        "deadline": deadline,
        "ceiling": ceiling,
        "figure_span": [q.start, q.end],
        "span": [qstart, qend],
        "quote": text[qstart:qend],
        "_sentence": (ss, se),
        "_topic": text[t_start:t_start + len(topic)] if topic and topic != obj else None,
    }


def _skip(norm: str, q: Quantity, doc, v: _Vocab, headline: list[tuple[int, int]], past: bool,
          before: Quantity | None = None, after: Quantity | None = None) -> str | None:
    """Why ``q`` is not a commitment, or ``None``; ``before``/``after`` are the figures around it."""
    if not q.unit or q.value is None:
        return "no unit"
    if q.dimension == "number" and q.end < len(norm) and _cjk(norm[q.end]):
        return "a magnitude modifying a noun"
    if (before is not None and before.dimension == "count" and q.dimension != "count" and q.end < len(norm)
            and _cjk(norm[q.end]) and _ATTRIBUTE_GAP.fullmatch(norm[before.end:q.start])):
        return "a threshold of the noun a count counts"  # 引进1个投资50亿元以上的大项目: the item is 1个
    if q.chinese and q.value == 1:
        return "a lone 一"
    if _CHANGE.search(norm, max(0, q.start - 12), q.start):
        return "a change against a base"  # 民生支出5.5亿元，比去年增加1.08亿元: how much more, not how much
    if q.dimension == "ratio" and q.start > 0 and norm[q.start - 1] == "的" and not _share_stated(norm, q, v):
        return "a share of something"  # 新增财力的60%以上用于民生: what part goes where, no count
    if q.unit_base == "percentage_point" or (q.dimension in ("ratio", "multiple") and growth_direction(norm, q)):
        return "a growth rate"
    if q.dimension == "ratio" and (any(a <= q.start < b for a, b in headline)
                                   or any(t["span"][0] < q.end and q.start < t["span"][1] for t in doc.targets)):
        return "a headline target"
    nxt = norm[q.end] if q.end < len(norm) else ""
    if q.dimension == "duration" and _cjk(nxt):
        return "a period qualifying a noun"  # 三年行动计划, 24小时自助图书馆
    if q.chinese and q.value is not None and q.value <= 10 and _cjk(nxt):
        return "a numbered slogan"  # 三个方面, 四个突破: counted targets are written in digits
    if q.start > 0 and norm[q.start - 1] in v.from_markers:
        return "a starting point"
    if (_cjk(nxt) and q.dimension in ("money", "number", "count", "person") and _figure_follows(norm, q, v)
            and not v.batch_total_rx.search(norm[max(0, q.start - 8):q.start])
            and not _counts_described_noun(norm, q, after)
            and _counted_subject(norm, q, v, _bounds(norm, q.start, q.end, v.clause_breaks)[0], None) is None):
        return "a figure modifying a noun"  # 过亿元企业3家, 100人以上自然村…10公里
    cs, _ = _bounds(norm, q.start, q.end, v.clause_breaks)
    if _inside_quotes(norm[cs:q.start], v):
        return "inside quotation marks"
    head = norm[cs:q.start]
    if head.count("（") + head.count("(") > head.count("）") + head.count(")"):
        return "inside brackets"  # 利用永兴北路（54米路）开通的契机: an aside
    if not past:
        ss, _ = _bounds(norm, q.start, q.end, v.sentence_breaks)
        head = norm[ss:q.start]
        if v.past_rx.search(head):
            return "a past figure"
        year = doc.report_year
        if year is not None:
            for m in _YEAR.finditer(head):
                if int(m.group(1)) < year:
                    return "a past year"
    return None


_YEAR = re.compile(r"(?<![\d比较])((?:19|20)\d\d)年")
_ATTRIBUTE_GAP = re.compile(r"[\u4e00-\u9fff]{1,6}")
_CHANGE = re.compile(f"比[^，,；;。：:\\n]{{1,8}}?(?:{'|'.join(sorted(GROWTH_VERBS, key=len, reverse=True))})$")
_NOUN_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9.]+")
_SUBJECT = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fffA-Za-z]*")
_DATE = re.compile(r"(?:19|20)\d\d年|\d月")
_SHARE = re.compile(r"[\u4e00-\u9fff]{2,}占[\u4e00-\u9fff]{2,}的")
_BRACKETS_AND_MARKS = re.compile(r"\(.*?\)|（.*?）|[^\w]")
_CJK = re.compile("[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")
_COUNTED_FIGURE = re.compile(r"\d|[一二两三四五六七八九十百千万]+[个家座所条项]")
_LEAD_JOINERS = re.compile(r"[\s、，,和及与或“”\"]+")
_TRAIL_JOINERS = re.compile(r"[\s、，,和及与“”\"]+$")
_ITEM_END = re.compile(r"[、，,；;。]|[和及与](?=[\d一二三四五六七八九十])")
_PERCENT_NEXT = re.compile(r"\s*[\d.]+\s*%")


def _counted_subject(norm: str, q: Quantity, v: _Vocab, lo: int, clause_end: int | None) -> int | None:
    """Where the noun a clause-opening count counts ends, when that noun is the subject of a verb with its own figure.

    60个县级重点项目完成投资47亿元: the count (nothing before it in the clause
    but deadlines and stop-words), its noun (县级重点项目), then a verb whose
    figure says what the counted things did.  The count is an item of its own
    (the review's 60 projects), and the money after the verb is their batch's.
    Not when the verb states a level, or a distributive (均, 都) says the figure
    holds for each of them: 36个行政村集体经济收入均达到10万元 counts no villages.
    """
    if q.dimension != "count" or _clean(norm, norm[lo:q.start], lo, v)[0]:
        return None
    if clause_end is None:
        clause_end = _bounds(norm, q.start, q.end, v.clause_breaks)[1]
    m = v.verb_rx.search(norm, q.end, clause_end)
    if m is None or not 2 <= m.start() - q.end <= v.max_object or not _SUBJECT.fullmatch(norm, q.end, m.start()):
        return None
    if v.verb_kind[m.group()] in ("level", "ceiling") or v.distributive_rx.search(norm, q.end, m.start()):
        return None
    return m.start() if _DIGIT.search(norm, m.end(), clause_end) else None


_GROWTH = re.compile("|".join(sorted(GROWTH_VERBS, key=len, reverse=True)))


def _grown_indicator(norm: str, ss: int, cs: int, v: _Vocab) -> tuple[str, int] | None:
    """固定资产投资增长12%，达到1330亿元: a level clause with no name of its own names the indicator that grew before it.

    Only the clause right before, in the same sentence, and only when it is an
    indicator's name, a growth verb and a figure.
    """
    if cs - 1 <= ss or v.distributive_lead_rx.match(norm, cs):
        return None  # 增长9%和9.5%，分别达到…: each figure is another indicator's
    lo, _ = _bounds(norm, cs - 2, cs - 1, v.clause_breaks)
    m = _GROWTH.search(norm, lo, cs - 1)
    if m is None or not _PERCENT_NEXT.match(norm, m.end(), cs - 1):
        return None
    obj, start = _clean(norm, norm[lo:m.start()], lo, v)
    if not obj or not _indicator(norm, start, start + len(obj), v):
        return None
    return obj, start


def _verb_after_subject(norm: str, q: Quantity, v: _Vocab, lo: int, clause_end: int) -> tuple[str, str, int] | None:
    """12个省市重点项目全部开工: a clause-opening count, its noun, a distributive, and an action verb ending the clause.

    The verb, its kind and where the noun ends; ``None`` unless the verb is the
    last word of the clause (with a figure after it the count is a subject whose
    verb has a figure of its own: ``_counted_subject``).
    """
    if q.dimension != "count" or _clean(norm, norm[lo:q.start], lo, v)[0]:
        return None
    groups = _verb_groups(norm, q.end, clause_end, v)
    if not groups or norm[groups[-1][3]:clause_end].strip(" 了") or groups[-1][1] != "action":
        return None
    verb, kind, end, _ = groups[-1]
    if (d := v.distributive_rx.search(norm, q.end, end)) is not None:
        end = d.start()
    if not 2 <= end - q.end <= v.max_object or not _SUBJECT.fullmatch(norm, q.end, end):
        return None
    return verb, kind, end


def _share_stated(norm: str, q: Quantity, v: _Vocab) -> bool:
    """民生支出占财政支出的72%: a share stated as 甲占乙的N%, the level of the share 甲占乙 (比重).

    Both sides must be named in the clause: a bare 占…的 (占年度计划的137.5%) or
    a 的 with no 占 (新增财力的60%用于民生) says what part goes where, not a level.
    """
    cs, _ = _bounds(norm, q.start, q.end, v.clause_breaks)
    m = _SHARE.search(norm, cs, q.start)
    return m is not None and m.end() == q.start


def _stated_level(norm: str, lo: int, q: Quantity, clause_end: int, v: _Vocab) -> bool:
    """社会消费品零售总额116亿元: a clause that is only an indicator and its figure states the indicator's level.

    Only for a name that ends as indicators' names do (总额, 收入, …率): a verb
    the lists lack (刑事拘留620人, 企业开办时间压缩至1个工作日) is no indicator.
    """
    return not norm[q.end:clause_end].strip() and _indicator(norm, lo, q.start, v)


def _indicator(norm: str, lo: int, hi: int, v: _Vocab) -> bool:
    """``norm[lo:hi]``, trimmed, names an indicator: words only, no date, ending in an indicator's last word."""
    obj, _ = _clean(norm, norm[lo:hi], lo, v)
    return (bool(obj) and (_cjk(obj[0]) or obj[0].isascii() and obj[0].isalpha()) and _NOUN_RUN.fullmatch(obj) is not None and not _DATE.search(obj)
            and v.indicator_rx.search(obj) is not None)


def _people(norm: str, q: Quantity, v: _Vocab) -> Quantity:
    """8万农村人口, 1.2万农户: a bare 万/亿 before a noun counting people (or households) counts them."""
    if q.dimension != "number" or q.value_base is None:
        return q
    m = v.people_rx.match(norm, q.end)
    if m is None:
        return q
    info = unit_info(q.unit + v.people_unit[m.group(1)])
    if info is None:
        return q
    base, factor, dimension = info
    return replace(q, unit_base=base, value_base=q.value * factor, dimension=dimension)


def _lower_bound(q: Quantity) -> Quantity:
    """新增4000—5000亩: a range commits to its lower end, the least that counts as done."""
    if q.value is not None or q.low is None or not q.unit:
        return q
    info = unit_info(q.unit)
    if info is None:
        return q
    base, factor, dimension = info
    return replace(q, value=q.low, unit_base=base, value_base=q.low * factor, dimension=dimension)


def _counts_described_noun(norm: str, q: Quantity, after: Quantity | None) -> bool:
    """1个投资50亿元以上的大项目: a count whose noun a figure of another kind describes is the item itself."""
    return (q.dimension == "count" and after is not None and after.dimension != "count"
            and _ATTRIBUTE_GAP.fullmatch(norm[q.end:after.start]) is not None
            and after.end < len(norm) and _cjk(norm[after.end]))


def _figure_follows(norm: str, q: Quantity, v: _Vocab) -> bool:
    """Another figure later in the same list item: then ``q`` describes the noun that item counts."""
    end = _after_unit_end(norm, q.end, _bounds(norm, q.start, q.end, v.clause_breaks)[1])
    return _COUNTED_FIGURE.search(norm, q.end, end) is not None


def _headline_sentences(norm: str, doc, v: _Vocab) -> list[tuple[int, int]]:
    """The sentences holding ``doc.targets``: the main expected targets are not the follow-up list."""
    spans = set()
    for t in doc.targets:
        a, b = t["span"]
        spans.add(_bounds(norm, a, b, v.sentence_breaks))
    return sorted(spans)


def _verb_groups(norm: str, lo: int, hi: int, v: _Vocab, figure: int | None = None) -> list[tuple[str, str, int, int]]:
    """Verbs in ``norm[lo:hi]``, adjacent ones merged (提质改造), with the kind of the group.

    ``figure`` is where the figure starts (its qualifier included): a level verb
    of one character (达) is one only right before it; elsewhere it is part of a
    name (宏达纺织项目完成投资2.4亿元).
    """
    groups: list[list[Any]] = []
    for m in v.verb_rx.finditer(norm, lo, hi):
        k = v.verb_kind[m.group()]
        if m.end() < len(norm) and norm[m.end()] in v.not_followed_by.get(m.group(), ""):
            continue  # 达标率, 覆盖率: part of a noun
        if k == "level" and len(m.group()) == 1 and figure is not None and m.end() < figure:
            continue  # 宏达纺织: a character of a name
        if m.group() in v.noun_verbs and groups and groups[-1][3] == m.start():
            continue  # 完成植树造林, 新增流转: the activity is the object
        if groups and (groups[-1][3] == m.start() or (
                groups[-1][3] == m.start() - 1 and norm[m.start() - 1] in v.joiners)):
            if groups[-1][3] != m.start():
                groups[-1][0] += norm[m.start() - 1]
            g = groups[-1]
            g[0] += m.group()
            g[3] = m.end()
            if k in ("ceiling", "level") or (k == "down" and g[1] == "action"):
                g[1] = k
        else:
            groups.append([m.group(), k, m.start(), m.end()])
    return [tuple(g) for g in groups]


def _clean(norm: str, raw: str, start: int, v: _Vocab) -> tuple[str, int]:
    """The object in ``raw`` (at ``start`` in ``norm``) without deadlines, aims, stop-words and edges."""
    s, off = raw, start
    changed = True
    while changed and s:
        changed = False
        for rx in (v.deadline_rx, v.aims_rx, v.lead_stop, _LEAD_JOINERS):
            m = rx.match(s)
            if m and m.end():
                s, off, changed = s[m.end():], off + m.end(), True
    s = _TRAIL_JOINERS.sub("", s)
    m = v.trail_stop.search(s)
    if m and m.start() > 0:
        s = s[:m.start()]
    if s.endswith("等"):
        s = s[:-1]
    return s, off


def _after_unit_end(norm: str, pos: int, clause_end: int) -> int:
    """Where the noun after a unit ends: the clause end, a list comma, or a conjunction before a figure."""
    m = _ITEM_END.search(norm, pos, clause_end)
    return m.start() if m else clause_end


def _last(rx: re.Pattern[str], norm: str, lo: int, hi: int) -> re.Match[str] | None:
    found = None
    for m in rx.finditer(norm, lo, hi):
        found = m
    return found


def _nearest(rx: re.Pattern[str], norm: str, lo: int, hi: int) -> str | None:
    found = None
    for m in rx.finditer(norm, lo, hi):
        found = m.group()
    return found


def _bounds(norm: str, start: int, end: int, breaks: str) -> tuple[int, int]:
    """The clause (or sentence) around ``[start, end)``: from just after a break to just before the
    next, looked for at most ``BOUNDS_REACH`` characters away (a run-on list with no break would
    otherwise make every figure walk the whole of it)."""
    floor = max(0, start - BOUNDS_REACH)
    ceiling = min(len(norm), end + BOUNDS_REACH)
    at = _breaks_of(norm, breaks)
    i = bisect_left(at, start) - 1
    lo = at[i] + 1 if i >= 0 and at[i] >= floor else floor
    j = bisect_left(at, end)
    return lo, (at[j] if j < len(at) and at[j] < ceiling else ceiling)


BOUNDS_REACH = 2000
_BREAKS: dict[str, tuple[str, list[int]]] = {}


def _breaks_of(norm: str, breaks: str) -> list[int]:
    """Where ``breaks`` occur in ``norm``, found once per text: every figure of a report asks
    for its clause and sentence several times, and a scan per question was a third of the
    commitments' time.  One text per kind of break is kept (the one being read)."""
    kept = _BREAKS.get(breaks)
    if kept is not None and kept[0] is norm:
        return kept[1]
    at = [m.start() for m in re.finditer("[" + re.escape(breaks) + "]", norm)]
    _BREAKS[breaks] = (norm, at)
    return at


def _trim(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def _inside_quotes(head: str, v: _Vocab) -> bool:
    for pair_ in v.quote_pairs:
        a, b = pair_[0], pair_[1]
        if a == b:
            if head.count(a) % 2:
                return True
        elif head.rfind(a) > head.rfind(b):
            return True
    return False


class _Paths:
    """The sections holding a position, outermost first, for positions asked in increasing order:
    the path only changes where a section starts or ends, so it is found once per stretch."""

    def __init__(self, sections) -> None:
        self.nested = sorted(sections, key=lambda s: (s.span[0], -s.span[1]))
        self.cuts = sorted({x for s in sections for x in s.span})
        self.lo, self.hi, self.path = 0, -1, []

    def at(self, pos: int) -> list:
        if not self.lo <= pos < self.hi:
            k = bisect_right(self.cuts, pos)
            self.lo = self.cuts[k - 1] if k else -1
            self.hi = self.cuts[k] if k < len(self.cuts) else pos + 1
            self.path = [s for s in self.nested if s.span[0] <= pos < s.span[1]]
        return self.path


def _cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def _num(d: Decimal | None) -> int | float | None:
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


def _doc_fields(path: str, doc) -> dict[str, Any]:
    r = doc.region
    return {"path": path, "region": r.name if r else None, "region_code": r.code if r else None,
            "level": r.level if r else None, "report_year": doc.report_year}
