"""Quantities in report text: number, unit as written and in a base unit,
qualifier, range, direction of change, and rank claims.

The extract stage has to run at ≥10 MB/s, so finding quantities is one
compiled regex scan that starts only on a digit or a Chinese numeral and
rejects in C everything that has no unit after it (years, dates, 一批, 两会);
Python only sees real candidates.  The scan pattern starts with a plain
character class so ``re`` can skip ahead with its fast charset search, and the
"not preceded by another digit" test is a lookbehind placed after that first
character: a run of a million digits is then entered once, not a million times.

Units live in ``data/units.json`` (users add measure words without code, see
``numerals.Unit`` for its flags); a unit may carry a 万/亿/千… prefix (万辆,
亿千瓦时).  Chinese numerals are converted by cn2an, on the matched span only.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, fields, make_dataclass, replace
from decimal import Decimal
from functools import lru_cache

from .parse.normalize import normalize
from .numerals import (CN, CTX, MULTIPLIERS, PREFIXES, STANDALONE, UNIT_MEMO, chinese_value, lookup_unit, pair_range,
                       parse_number, tidy, trie_regex, unit_info, units)

__all__ = ["GROWTH_VERBS", "Quantity", "Rank", "find_quantities", "find_ranks", "growth_direction", "parse_number", "unit_info"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int
    end: int
    number_start: int
    number_end: int
    value: Decimal | None
    low: Decimal | None = None
    high: Decimal | None = None
    unit: str = ""
    unit_base: str | None = None
    value_base: Decimal | None = None
    dimension: str | None = None
    qualifier: str = ""
    chinese: bool = False


@dataclass(frozen=True, slots=True)
class Rank:
    start: int
    end: int
    scope: str
    position: int
    text: str


def _builder(cls):
    """A constructor for a frozen slots dataclass at the cost of a mutable one.

    A frozen dataclass sets every field through ``object.__setattr__`` (≈2 µs
    for Quantity), which alone would cap the scan at ~60 MB/s on dense text.
    A mutable twin with the very same slots is built (≈0.3 µs) and then
    relabelled; CPython allows ``__class__`` assignment between identical slot
    layouts, and the result is an ordinary, frozen ``cls`` instance.
    """
    twin = make_dataclass("_" + cls.__name__, [(f.name, f.type, field(default=f.default)) for f in fields(cls)],
                          slots=True)

    def build(*args):
        obj = twin(*args)
        obj.__class__ = cls
        return obj

    build.twin = twin
    return build


_new_quantity = _builder(Quantity)
_QTwin = _new_quantity.twin


# Qualifiers: nearest first wins, longest spelling first so 超过 is not read as 超.
_BEFORE = ("不低于", "不少于", "不超过", "不高于", "不足", "不到", "超过", "突破", "接近", "将近", "大约",
           "力争", "至少", "高于", "低于", "多达", "约", "近", "超", "逾", "过")
_AFTER = "左右|以上|以内|以下|之内|上下"
_SHARED = frozenset(_AFTER.split("|"))
_UP = ("同比增长", "增长", "提高", "上升", "增加", "增幅", "提升", "增速", "上涨", "涨幅", "扩大", "多增")
_DOWN = ("负增长", "下降", "降低", "减少", "下滑", "回落", "降幅", "下跌", "缩减", "削减", "压减", "减排")
GROWTH_VERBS = frozenset(_UP + _DOWN)  # the words that make a figure after them a change
_DIRECTION_STOP = re.compile(r"[，,。;；:：!！?？\n()（）]")
_SEP = re.compile(r"[ \u3000]?(?:[-~—–－～〜−]|到|至)[ \u3000]?")
_MINUS = "-－−"
_NOT_MINUS = re.compile(r"[0-9０-９A-Za-z%％‰.]")
_UNIT_TAILS = frozenset("元人户亩米吨个项家所座张盏套间辆台条处批期栋件宗只头株棵篇场次倍位名万亿千百十")
_DIG = "[0-9０-９]"


@lru_cache(maxsize=2)
def _scanner(bare: bool) -> re.Pattern[str]:
    table = units()
    # 万 and 亿 on their own are read by the number groups (am, apm), not as units
    prefixable = [k for k, u in table.items() if not (u.no_prefix or u.before_number or u.multiplier)]
    unit = "(?:%s(?=%s))?%s" % (trie_regex(PREFIXES), trie_regex(prefixable),
                                trie_regex(k for k, u in table.items() if not (u.before_number or u.multiplier)))
    sp = "[ \u3000\u00a0]{0,2}"
    sep_ahead = rf"(?={_SEP.pattern}[0-9０-９{CN}])"
    a_tail = rf"(?:{sp}(?P<au>{unit})(?P<aq>{_AFTER})?" + (")?" if bare else rf"|(?<=[万亿])|{sep_ahead})")
    first = f"[0-9０-９{CN}](?<![0-9０-９.．第每{CN}].)"
    arabic = (rf"(?<=[0-9０-９])(?P<a>{_DIG}*+(?:,[0-9]{{3}}(?![0-9]))*(?:[.．]{_DIG}++)?)"
              rf"(?P<am>{'|'.join(STANDALONE)})?(?:(?P<ap>[余多])(?P<apm>万亿|亿|万)?)?{a_tail}")
    percent = rf"(?<=百)分之(?P<p>[{CN}]++(?:点[{CN}]++)?)(?P<pq>{_AFTER})?"
    chinese = (rf"(?<=[{CN}])(?P<c>[{CN}]*+(?:点[{CN}]++)?)(?:(?P<cp>[余多])(?P<cpm>万亿|亿|万)?)?"
               rf"(?:{sp}(?P<cu>{unit})(?P<cq>{_AFTER})?|(?<=[万亿])|{sep_ahead})")
    return re.compile(f"{first}(?:{arabic}|{percent}|{chinese})")


_QB_TAILS = frozenset(w[-1] for w in _BEFORE)
_BEFORE_BY_TAIL = {c: tuple(w for w in _BEFORE if w[-1] == c) for c in _QB_TAILS}  # in _BEFORE's order
# Words that merely end in a one-character qualifier: 签约十二个项目 is not "about twelve".
_NOT_QUALIFIER = frozenset(("签约", "节约", "集约", "预约", "合约", "制约", "履约", "特约", "最近", "附近", "临近",
                            "就近", "靠近", "邻近", "亲近", "赶超", "高超", "拉近", "通过", "经过", "不过", "度过",
                            "路过", "错过", "记过", "难过"))
_VERB_TAILS = frozenset(w[-1] for w in _UP + _DOWN)
_POWERS = frozenset("十百千万亿点")
_VAGUE = frozenset("数几上成")
_CHENG_VERBS = frozenset("完建达形促构变落组造生养合集竣做办")  # 完成, 建成…: the 成 ends a verb
_LONE = frozenset("一二零〇")
_RANK_MOVES = frozenset(("前移", "后移", "上升", "下降", "提升", "前进", "后退", "跃升", "上移", "下滑"))


def _latin(c: str) -> bool:
    return c.isalpha() and (c.isascii() or "Ａ" <= c <= "ｚ")


def _qualifier_before(text: str, pos: int, lo: int) -> str:
    if pos <= lo or text[pos - 1] not in _QB_TAILS:
        return ""
    head = text[max(lo, pos - 3):pos]
    word = next((w for w in _BEFORE_BY_TAIL[head[-1]] if head.endswith(w)), "")
    if len(word) == 1 and head[-2:] in _NOT_QUALIFIER:
        return ""
    return word


def _scaled(v: Decimal | None, mult: str) -> Decimal | None:
    return None if v is None else tidy(CTX.multiply(v, MULTIPLIERS[mult]))


def _candidate(text: str, m: re.Match[str], lo: int, bare: bool) -> Quantity | None:
    """One scan match as a Quantity, or None if it is no quantity.

    Hot path: one ``groups()`` call, spans computed from lengths, no regex
    calls in the common case.
    """
    a, am, ap, apm, au, aq, p, pq, cr, cp, cpm, cu, cq = m.groups()
    s, me = m.span()
    if p is not None:  # 百分之五十
        value = chinese_value(p)
        if value is None:
            return None
        return _new_quantity(s, me, s + 3, s + 3 + len(p), value, None, None, "百分之", "percent", value,
                             "ratio", pq or "", True)
    arabic = a is not None
    if arabic:
        run, mult, post, pm, unit, uq = a, am or "", ap or "", apm or "", au or "", aq or ""
    else:
        run, mult, post, pm, unit, uq = cr, "", cp or "", cpm or "", cu or "", cq or ""
    if len(run) > 23:
        return None  # no report number is this long: a code or a fuzzer's digit wall
    nend = s + 1 + len(run)
    num = text[s:nend]
    u = None
    if unit:
        u = UNIT_MEMO.get(unit) or lookup_unit(unit)
        if u is None or u.not_followed_by and text.startswith(u.not_followed_by, me - len(uq)):
            unit = uq = ""  # 三次产业, 五位一体, 二期工程: the measure word belongs to another word
            u = None
    end = me if unit else nend + len(mult) + len(post) + len(pm)
    qual, start = post, s
    if not qual:
        qual = _qualifier_before(text, s, lo) if s > lo and text[s - 1] in _QB_TAILS else ""
        if qual:
            start = s - len(qual)
        elif uq:
            qual = uq
        elif s - 2 >= lo and text[s - 2:s] == "保持":
            qual = "保持"  # 比重保持95%: a level to hold, weaker than any other word
        elif s - 3 >= lo and text[s - 1] in _VERB_TAILS and text[s - 3] in _QB_TAILS and text[s - 2:s] in GROWTH_VERBS:
            qual = _qualifier_before(text, s - 2, lo)  # 力争增长10%: the qualifier sits before the verb
    low = high = value = None
    if arabic:
        if not num.isascii():
            num = normalize(num)
        if num[0] == "0" and len(num) > 1 and num[1] != ".":
            return None  # 0730-…, 007: codes and phone numbers
        value = Decimal(num.replace(",", "") if "," in num else num)
    else:
        if s > lo and text[s - 1] in _VAGUE and num[0] in "十百千万" and not (
                text[s - 1] == "成" and s - 2 >= lo and text[s - 2] in _CHENG_VERBS):
            return None  # 数百家, 几十个, 上千人, 成千: "several hundred" is no number (but 完成四百亿元 is)
        if num[-1] not in "万亿":
            pass
        elif len(num) == 1:
            if not qual:
                return None  # 万众, 亿元 in a table heading; but 近万件, 超亿元, 亿元以上 are figures
            num = "一" + num
        elif lookup_unit(num[-1] + unit) if unit else not _SEP.match(text, end):
            if not (unit or qual):
                return None  # 千万, 百亿级: a figure of speech unless a unit or a qualifier comes with it
            nend, mult, num = nend - 1, num[-1], num[:-1]  # 三千万元 → 三千 + 万元; 超百亿 → 百 + 亿
        if num[0] in "百千万":
            if not (mult or post):
                return None  # 千家万户, 千名干部: a figure of speech unless a unit or 余 follows
            num = "一" + num  # 百亿元, 千余人, 万余人: the 一 is silent
        pr = pair_range(num) if 1 < len(num) < 4 else None
        if pr:
            low, high = pr
        elif len(num) > 1 and _POWERS.isdisjoint(num):
            return None  # 二〇一九, 一二三: digits read one by one are years and lists
        else:
            value = chinese_value(num)
            if value is None:
                return None
        if u:
            if len(run) == 0 and num in _LONE and not u.lone_one:
                return None  # 一批, 一次性, 二期, 零部件: an article, an ordinal or a word
            if u.chinese_ordinal and num != "两":
                return None  # 华翔三期, 三期工程: a phase, not a count (两期 is a count)
            if u.dimension == "money" and not mult and _POWERS.isdisjoint(num):
                return None  # 三元村, 三元路: place names; money in words has 千/万/亿 (三千万元)
    if post and mult:
        if unit and (joined := lookup_unit(mult + unit)):
            unit, u = mult + unit, joined  # 6亿多元: 6 亿元, qualifier 多, as a reader says it
        else:
            value, low, high = _scaled(value, mult), _scaled(low, mult), _scaled(high, mult)
    attach = pm if post else mult
    if attach:
        if unit and (joined := lookup_unit(attach + unit)):
            unit, u = attach + unit, joined
        elif unit:  # no such unit as 万%: the multiplier goes into the value
            value, low, high = _scaled(value, attach), _scaled(low, attach), _scaled(high, attach)
        else:  # 1.2万, 超百亿, 100多万: the multiplier is the unit as written
            unit, u = attach, lookup_unit(attach)
    if not unit:
        if arabic and (_latin(text[end:end + 1]) or _latin(text[s - 1:s]) and s > lo):
            return None  # 5G, 3D, G107, PM2.5: codes; but GDP4亿元 has a unit and is kept
        if not bare and not _SEP.match(text, end):
            return None
    elif u.base == "person":
        if text[s - 1:s] == "前":
            return None  # 前10名 is a rank band, find_ranks' business
        if unit[-1] == "位" and text[s - 2:s] in _RANK_MOVES:
            u = lookup_unit("位次")  # 排名前移四位: places in a ranking, not people
    if u is None:
        q = _QTwin(start, end, s, nend, value, low, high, unit, None, None, None, qual, not arabic)
    else:
        base = None if value is None else value if u.factor == 1 else value * u.factor
        q = _QTwin(start, end, s, nend, value, low, high, unit, u.base, base, u.dimension, qual, not arabic)
    q.__class__ = Quantity  # see _builder
    return q


def _bare_ok(text: str, q: Quantity) -> bool:
    """Unit-less Arabic numbers that are years, dates, headings, ratios or codes are not quantities."""
    num = text[q.number_start:q.number_end]
    after = text[q.number_end:q.number_end + 2]
    if after and after[0] in "年月日号时点届期":
        return False
    if after and (after[0] in ".、)）" and not after[1:2].isdigit() or after[0] in ":：" and after[1:2].isdigit()):
        return False
    before = text[max(0, q.number_start - 2):q.number_start]
    if before[-1:] in (":", "：", "(", "（") or before[-1:] in _MINUS and _latin(before[:1]):
        return False  # 1.3:17.4, (2), COVID-19
    digits = num.replace(",", "")
    return not (digits.isdigit() and (len(digits) >= 7 or len(digits) == 4 and 1900 <= int(digits) <= 2100))


def _join(text: str, prev: Quantity, q: Quantity) -> Quantity | None:
    """6%－6.5%, 5-10万元, 5万-10万元, 两到三个: one range in the unit written last."""
    if not q.unit or q.value is None or prev.value is None or not _SEP.fullmatch(text, prev.end, q.start):
        return None
    if prev.unit and normalize(prev.unit) != normalize(q.unit) and not (
            prev.dimension == "number" and q.unit.startswith(prev.unit)):
        return None
    return replace(q, start=prev.start, number_start=prev.number_start, value=None, value_base=None,
                   low=min(prev.value, q.value), high=max(prev.value, q.value),
                   qualifier=prev.qualifier or q.qualifier, chinese=prev.chinese or q.chinese)


def _negated(text: str, q: Quantity, lo: int) -> Quantity:
    """增长-2.3%: a minus sign after a word (not after a digit, %, or unit: that is a range dash)."""
    s = q.number_start
    if s - 1 < lo or text[s - 1] not in _MINUS or q.value is None:
        return q
    if s - 2 >= lo and (_NOT_MINUS.match(text[s - 2]) or text[s - 2] in _UNIT_TAILS):
        return q
    return replace(q, value=-q.value, value_base=None if q.value_base is None else -q.value_base,
                   number_start=s - 1, start=min(q.start, s - 1))


def find_quantities(text: str, start: int = 0, end: int | None = None, *, bare: bool = False) -> list[Quantity]:
    """Every quantity in ``text[start:end]``, in order, with absolute spans.

    A number counts only with a unit (a bare 万/亿 counts as one: 1.2万 is
    1.2 of unit 万, dimension "number") or as part of a range, so years,
    dates and headings never need excluding.  ``bare=True`` also returns
    unit-less Arabic numbers that are not years, dates, headings, ratios
    (1.3:17.4) or codes.
    """
    if not isinstance(text, str):
        return []
    start = max(0, start)
    end = len(text) if end is None else max(start, min(end, len(text)))
    out: list[Quantity] = []
    prev: Quantity | None = None
    prev_out = False
    for m in _scanner(bare).finditer(text, start, end):
        q = _candidate(text, m, start, bare)
        if q is None:
            prev = None
            continue
        if prev is not None and q.start - prev.end <= 3 and (r := _join(text, prev, q)):
            if prev_out:
                out.pop()
            out.append(r)
            prev, prev_out = None, False
            continue
        if text[q.number_start - 1:q.number_start] in _MINUS:
            q = _negated(text, q, start)
        keep = bool(q.unit)
        if not keep and bare and not q.chinese and q.value is not None:
            keep = _bare_ok(text, q)
        if keep:
            out.append(q)
        prev, prev_out = q, keep
    if len(out) > 1:
        _share_trailing_qualifiers(text, out)
    return out


def _share_trailing_qualifiers(text: str, out: list[Quantity]) -> None:
    """分别增长7%和8%左右: a 左右/以上/以内 written once after a pair applies to both."""
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        if (not a.qualifier and b.qualifier in _SHARED and b.unit == a.unit and b.start - a.end == 1
                and text[a.end] in "和、与及" and text.endswith(b.qualifier, b.start, b.end)):
            out[i] = replace(a, qualifier=b.qualifier)


def growth_direction(text: str, q: Quantity) -> int:
    """+1 / -1 for the change verb in the ≤6 characters before ``q``; 提高到60% is a level, 0.

    In a list (分别增长14.0%、12.2%) the verb is read off the first member.
    """
    for _ in range(8):
        sign, listed = _head_sign(text[max(0, q.start - 6):q.start], q.dimension == "ratio")
        if not listed or q.start < 2:
            return sign
        before = find_quantities(text, max(0, q.start - 30), q.start - 1)
        if not before or before[-1].end != q.start - 1 or before[-1].dimension != q.dimension:
            return 0
        q = before[-1]
    return 0


@lru_cache(maxsize=1 << 16)
def _head_sign(head: str, ratio: bool) -> tuple[int, bool]:
    """The change verb's sign in the six characters before a figure, and whether the figure
    follows a list joiner (、和与及) with no verb of its own.  Memoised: these few characters
    (比上年增长, ，增长, 同比下降) are the genre's formulae and repeat from figure to figure."""
    cut = [mm.end() for mm in _DIRECTION_STOP.finditer(head)]
    if cut:
        head = head[cut[-1]:]
    if head.endswith(("到", "至")):
        return 0, False
    sign = _verb_sign(head, ratio)
    return sign, not sign and bool(head) and head[-1] in "、和与及"


_VERB_SIGN = {w: 1 for w in _UP} | {w: -1 for w in _DOWN}
_VERB_LENGTHS = sorted({len(w) for w in _VERB_SIGN}, reverse=True)


def _verb_sign(head: str, ratio: bool) -> int:
    """The sign of the change verb in ``head`` that ends last (the longest of those ending there).

    Only each verb's last occurrence counts, as with ``rfind``: an 增加 followed by 值
    (增加值125亿元 is value added, not an increase) is no verb unless the figure is a ratio,
    and an earlier 增加 does not stand in for it.  Walking the ends from the right and
    looking words up in a dict tries a handful of slices instead of every verb.
    """
    seen: set[str] = set()
    for e in range(len(head), 1, -1):
        for n in _VERB_LENGTHS:
            if n > e:
                continue
            w = head[e - n:e]
            sg = _VERB_SIGN.get(w)
            if sg is None or w in seen:
                continue
            if ratio or not head.startswith("值", e):
                return sg
            seen.add(w)
    return 0


_SCOPE = r"(?P<scope>[^第\s，。；、,;:：()（）“”\"《》]{0,8}?)"
_NTH = r"第(?P<n>[0-9]{1,3}|[一二三四五六七八九十]{1,3})(?P<u>位|名)?"
# Either the scope says 全… (全市第一), or a ranking verb leads in (排名城区第二, 排名第一).
_RANKS = (re.compile("(?P<all>全[国省市区县州盟旗])" + _SCOPE + _NTH),
          re.compile("(?:排名|排位|排序|位居|位列|跃居|稳居|名列|居于|排在)(?P<all>)" + _SCOPE + _NTH))
_RANK_CUES = ("排名", "排位", "排序", "位居", "位列", "跃居", "稳居", "名列", "居于", "排在", "保持", "列", "居", "排")
_RANK_METRICS = ("增速", "增幅", "总量", "综合", "考核")
_SCOPE_TRIM = re.compile("^(?:居于|居|列|在|于|为)|[的中]$")
_NOT_RANK_AFTER = re.compile("[个家批次座所条项部只期轮类种届季产阶号章节款级步书代]|方阵|梯队|集团|方队")


def find_ranks(text: str, start: int = 0, end: int | None = None) -> list[Rank]:
    """Rank claims: 增速排名全市第一, 居全省第3位, 排名城区第二; span from the metric word if any."""
    if not isinstance(text, str):
        return []
    end = len(text) if end is None else min(end, len(text))
    found: dict[int, Rank] = {}
    for rx in _RANKS:
        for m in rx.finditer(text, start, end):
            if not m.group("u") and _NOT_RANK_AFTER.match(text, m.end()):
                continue  # 全国第一批, 全省第三产业, 全区第一书记, 第一梯队
            pos = parse_number(m.group("n"))
            if pos is None or pos < 1:
                continue
            s = m.start()
            whole = bool(m.group("all"))
            if whole:
                cue = next((w for w in _RANK_CUES if text.endswith(w, max(start, s - 2), s)), "")
                s -= len(cue)
            metric = next((w for w in _RANK_METRICS if text.endswith(w, max(start, s - 2), s)), "")
            s -= len(metric)
            scope = text[m.start("all"):m.end("scope")] if whole else m.group("scope")
            scope = _SCOPE_TRIM.sub("", scope)
            rank = Rank(s, m.end(), scope, int(pos), text[s:m.end()])
            if m.end() not in found or found[m.end()].start > s:
                found[m.end()] = rank
    return [found[k] for k in sorted(found)]
