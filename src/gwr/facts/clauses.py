"""Clauses → facts: each figure attached to the indicator label before it, and
the indicator a label names (read against the taxonomy in force)."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..indicators import taxonomy
from ..quantities import GROWTH_VERBS, Quantity, find_quantities, growth_direction
from . import periods as _periods

FIVE_YEAR_FRAME = re.compile(r"\s*(?:过去|近)?(?:五|5)年(?:来|间|中|以来)?[，,]|\s*[“\"]?十[一二三四五六七八九]五[”\"]?(?:期间|时期|以来)[，,]")
_VERB_AFTER = re.compile(r"(?:以上|左右|以内|次|的)")
# (全年均值 is one year's mean: its 年均 is no average over years)
# (年(?<!全年)均 rather than (?<!全)年均: a leading lookbehind is tried at every position)
MULTI_YEAR = re.compile(r"十[一二三四五六七八九]五|五年|年(?<!全年)均|2035|中长期|远景|翻一番|翻番")
CLAUSE_END = "，,；;。：:!！?？\n"
SENTENCE_END = "。!！?？\n"
# words between an indicator's name and its figure, stripped from the end of a label
VERB_WORDS = tuple(sorted({
    "实现", "完成", "达到", "达", "为", "突破", "超过", "保持在", "保持", "控制在", "控制", "稳定在",
    "增长", "下降", "提高", "降低", "增加", "减少", "上升", "同比增长", "增幅", "增速", "增收", "减收", "增支",
    "分别", "同比", "比上年", "较上年", "比去年", "同口径", "按可比价计算", "按可比价格计算", "可比价",
    "迈上", "跨上", "站上", "迈入", "跨入",
    "上涨", "下跌", "提升", "回落", "下滑", "扩大", "缩小", "收窄",
    # adverbs before those verbs: 首次突破, 稳步增长, 较快增长
    "首次", "再次", "首度", "一举", "稳步", "持续", "顺利", "成功", "历史性", "较快", "大幅", "明显", "快速", "平稳",
    # what a figure covering several years says of itself (read only among period figures)
    "年均", "平均每年", "每年平均", "累计", "五年",
    # how a growth is measured: 实际增长5%, 可比增长6.2% (at comparable prices), 名义增长
    "实际", "可比", "名义",
    # a rate stated as the year's mean: 城镇调查失业率平均为5.2%, 均值4.9%
    "平均", "均值",
    # a level reached: 提高到4.6万元, 降到4.9% (到/至 alone are no verbs: 从…到 reads them)
    "降到", "降至", "下降到", "下降至", "降低到", "降低至", "提高到", "提高至", "提升到", "提升至",
    "增加到", "增加至", "增至", "上升到", "上升至", "升至", "回落到", "回落至", "扩大到", "扩大至",
    "减少到", "减少至", "缩小到", "缩小至", "跃升到", "跃升至",
    # when, said between the name and its figure: 粮食产量去年达到6.9亿吨, 全年平均为5.2%
    "去年", "上年", "全年", "当年", "年末", "年底",
}, key=len, reverse=True))


# the same words reversed, matched at the start of the reversed label: a regex anchored
# at the end of a string is tried from every position, one anchored at the start is not
_VERBS_REVERSED = re.compile("(?:%s)+" % "|".join(re.escape(w[::-1]) for w in VERB_WORDS))
_VERB_ENDS = frozenset(w[-1] for w in VERB_WORDS)


def _strip_verbs(text: str) -> str:
    """Drop trailing verbs (…分别达到, …同比增长)."""
    if not text or text[-1] not in _VERB_ENDS:
        return text  # no verb can end here: skip reversing the text
    m = _VERBS_REVERSED.match(text[::-1])
    return text[: len(text) - m.end()] if m else text


# a label is what follows the last figure or year in its clause (…稳增长□20xx年全区完成地区生产总值)
# (a list item's number takes its dot or bracket with it: 1.地区生产总值, (2)财政总收入)
_AFTER_DIGITS = re.compile(r"^.*[\dxX×]+(?:年|月|日|个|项|家|亿元|万元|元|%|[.．、)）])?")
LABEL_PREFIX = re.compile(r"^(?:其中|全年|今年|预计|力争|确保|实现|完成|全[省市区县州镇乡旗]|我[省市区县州镇乡旗]|共|累计|台阶|大关|关口"
                          r"|[一二三四五六七八九十]+是)*")
_PREFIX_FIRST = frozenset("其全今预力确实完我共累台大关一二三四五六七八九十")  # LABEL_PREFIX's first characters
# a caliber clause has no subject of its own: 扣除留抵退税因素后同口径增长8.1% continues the last fact
_CALIBER_WORDS = ("扣除", "剔除", "不含", "若扣除", "按可比口径", "按同口径", "可比口径")
CALIBER = re.compile("^(?:%s)" % "|".join(_CALIBER_WORDS))
SPLIT_LABELS = re.compile(r"[、及和与]")
URBAN_RURAL = re.compile(r"^城乡(居民)?")
# sectors named by their ordinals run together: 一二三产增加值, 二三产业
_RUN_ORDINALS = re.compile(r"(一二三|一二|二三)(产业|产)(.*)")
MAX_LABEL = 24
MAX_RAW = 3 * MAX_LABEL
MAX_CLAUSE = 300  # characters a clause-wide scan looks back from a figure
RATE_UNITS = ("%", "个百分点", "‰", "百分之")  # 百分之六点五 is 6.5%, written out
_CN_ORDINALS = set("一二三四五六七八九十")
_JOINERS = ("、", "和", "及", "与", ",", "，")
# what joins figures (、127亿元和94亿元) is no label, nor is a list item's circled number
_LABEL_JUNK = " \u3000\t—-·、和及与并①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass(slots=True, eq=False)  # compared by identity: facts.index(f) must not compare fields
class _Fact:
    label: str
    label_start: int
    start: int
    end: int
    growth: Quantity | None = None
    growth_sign: int = 0
    level: Quantity | None = None
    level_sign: int = 1  # a change in percentage points (降低0.5个百分点) is a signed level
    milestone: bool = False  # the level is a threshold passed (突破2600亿元): an exact figure replaces it
    frame: object = None  # periods.Frame of a figure covering several years
    measure: str | None = None  # what the level measures over the period (total, level, change …)
    growth_measure: str | None = None  # what the growth measures (average_annual, change)


def _tax():
    """The taxonomy in force; looked up once per document, not per clause (it reads the environment)."""
    return _TAXONOMY[0] if _TAXONOMY else taxonomy()


_TAXONOMY: list = []


def _within(qs: list[Quantity], start: int, end: int) -> list[Quantity]:
    lo = bisect_left(qs, start, key=lambda q: q.start)
    hi = bisect_left(qs, end, key=lambda q: q.start)
    return [q for q in qs[lo:hi] if q.end <= end]


_GROWTH_VERB = re.compile("|".join(sorted(GROWTH_VERBS, key=len, reverse=True)))  # the verbs growth_direction reads


# what opens a comparison with a benchmark; a tuple for str.startswith, which a label
# of every figure is tested with (a regex call costs several times more)
_COMPARISON_WORDS = ("高于", "低于", "快于", "慢于", "多于", "少于", "比", "较", "相当于", "占")
_GROWTH_NOUN = re.compile(r"(?:涨幅|增速|增幅|增长)$")
# a growth rate named as a noun, then a verb of level: 增速达到6.3%, 增幅为5%, 增速回落至4.2%
_GROWTH_NOUN_LEVEL = re.compile(r"的?(?:增速|增幅|涨幅|增长率|增长速度)(?:达到|达|为|是|保持在|稳定在|回升到|回升至"
                                r"|回落到|回落至|提高到|提高至|提升到|提升至|加快到|加快至|放缓到|放缓至)?$")


def _is_growth_label(label: str, verbs: str) -> bool:
    if _GROWTH_NOUN.search(label):
        return True
    ind = indicator_of(label)
    return ind is not None and ind.dimension == "money" and not verbs.strip()


_DIGIT = re.compile(r"\d")
_BRACKETED = re.compile(r"[\[【][^\]】]*[\]】]")  # 国内生产总值[gdp]: an abbreviation in brackets
_INNER_VERBS = re.compile(r"(?<=..)(?:预计|实现|完成|累计)")


_PAREN = re.compile(r"[（(][^）)]*[）)]$")
# what may follow an indicator's name and still name it: 财政总收入额, 增加值的增速
_HEAD_TAIL = re.compile(r"^(?:额|总额|金额|资金|资金额|总量|总值|规模|任务|人数|人员|的?增速|的?增幅|的?涨幅|的?降幅|的?增长率|现价|同口径)?$")


def indicator_of(label: str):
    tax = _TAXONOMY[0] if _TAXONOMY else taxonomy()
    cache = _INDICATOR_CACHE.get(id(tax))
    if cache is None or len(cache) > 50_000:
        _INDICATOR_CACHE.clear()
        _INDICATOR_CACHE[id(tax)] = cache = {}
    try:
        return cache[label]
    except KeyError:
        cache[label] = ind = _indicator_of(label, tax)
        return ind


# labels repeat across reports; per taxonomy (by identity: a taxonomy lives as long as the process)
_INDICATOR_CACHE: dict[int, dict] = {}


def _indicator_of(label: str, tax):
    """The indicator a label names, reading the noun phrase head-final: 规模工业增加值综合能耗
    is an energy figure, not value added, though it contains the name of value added.
    Verbs inside a label (第三产业实现增加值, 区属生产总值预计) do not change what it names."""
    label = _INNER_VERBS.sub("", _BRACKETED.sub("", label)) or label
    ind = tax.match(label)
    if ind is None:
        return None
    bare = _PAREN.sub("", label)
    hits = tax.find(bare)
    if hits and not _HEAD_TAIL.match(bare[hits[-1][1] :]):
        return None
    return ind


def clause_facts(norm: str, start: int, end: int, *, target: bool,
                 quantities: list[Quantity] | None = None, periods: _PeriodContext | None = None) -> list[_Fact]:
    """Facts of the clauses in ``norm[start:end]``: each figure attached to the label before it.

    Results (``target=False``) read with a :class:`_PeriodContext`: figures that cover several
    years are left out and their paragraphs noted (``periods.paragraphs``); with
    ``periods.collect`` those paragraphs are read again and only the period figures kept.
    """
    facts: list[_Fact] = []
    current: _Fact | None = None
    pending: list[_Fact] = []  # labels waiting for 分别 figures
    prev_end = start
    last: tuple[Quantity, int] | None = None
    qs = _within(quantities, start, end) if quantities is not None else find_quantities(norm, start, end)
    if not qs:
        return facts  # no figure, no fact: spare the clause index
    bounds = _Bounds(norm, start, qs[-1].start)  # looked up only at figures: none lies beyond the last
    multi_year: dict[int, int | None] = {}
    from_label: tuple[str, int, int] | None = None
    # facts made before figure i: a sentence's facts are a tail of ``facts`` (every fact starts
    # before its figure), so 分别 looks there, not through the whole span (n² on a long list)
    made: list[int] = []
    starts = [q.start for q in qs]
    ordered = all(a <= b for a, b in zip(starts, starts[1:]))
    for qi, q in enumerate(qs):
        made.append(len(facts))
        if not q.unit or norm[q.start - 1 : q.start] == "第":  # no unit; 第3名: an ordinal
            continue
        # a clause's markers are near its figure: a clause without punctuation for pages (a
        # pasted list) is read back MAX_CLAUSE characters, not to its start for every figure
        clause_start = max(bounds.clause(q.start), q.start - MAX_CLAUSE)
        frame = None
        if periods is None:
            s0 = bounds.sentence(q.start)
            if s0 not in multi_year:  # a sentence framed as five years' (五年来，…) is all five-year
                multi_year[s0] = bool(FIVE_YEAR_FRAME.match(norm, s0, min(q.start, s0 + 16)))
            if multi_year[s0] or MULTI_YEAR.search(norm, clause_start, q.start):
                continue  # …or a clause that says so itself (五年累计…, 年均增长…)
        else:
            frame = periods.frame_of(norm, q, clause_start, start, end)
            if frame is _periods.FAR_GOAL:
                continue
            if not periods.collect and frame is not None:
                continue  # read again with the period figures of its paragraph
        if q.dimension == "count" and q.end < end and "\u4e00" <= norm[q.end] <= "\u9fff" and not _VERB_AFTER.match(norm, q.end):
            continue  # 剩余8个贫困村: a count modifying a noun, not an indicator's figure
        if (q.dimension == "money" and q.end < end and "\u4e00" <= norm[q.end] <= "\u9fff"
                and norm[q.end] not in _AFTER_MONEY):
            prev_end = max(prev_end, q.end)  # the next figure's label starts after it
            continue  # 税收过亿元楼宇: an amount qualifying a noun, not the indicator's figure
        if prev_end > clause_start:
            clause_start = prev_end  # 总产值468亿元、增加值125亿元: a label starts after the last figure
        prev_end = q.end
        # a label with its verbs is short; a long clause's far start only costs regex time
        raw_start = max(clause_start, q.start - MAX_RAW)
        raw = norm[raw_start : q.start]
        ms = _is_milestone(norm, q)
        label, label_start = _label(raw, raw_start)
        if label is None:
            continue  # 高于全省2.1个百分点: a gap against a benchmark, no figure of the indicator
        if (periods is not None and periods.collect and not label and current is not None
                and periods.covers_period(current) != (frame is not None)):
            # 增长6.5%，年均增长7.2%: a period figure of the last indicator is a fact of its own
            label, label_start = current.label, current.label_start
        fm = _FROM.search(raw) if "从" in raw or "由" in raw else None
        if fm:
            # 地区生产总值从2016年的1775亿元增加到2021年的3393亿元: the first is a base, not a result
            base_label, base_start = _label(raw[: fm.start()], raw_start)
            from_label = (base_label, base_start, q.end) if base_label else None
            continue
        if from_label is not None and _TO.search(raw) and bounds.same_sentence(from_label[2], q.start):
            label, label_start = from_label[:2]
            from_label = None
            f = _Fact(label, label_start, label_start, q.end)
            _attach(f, q, 0, ms)
            facts.append(f)
            current, pending = f, []
            continue
        if label in _BACK_REFERENCE and current is not None and bounds.same_sentence(current.end, q.start):
            label = ""  # 地区生产总值增长6.5%左右，总量达到215亿元: the total is the last indicator's
        elif (label and current is not None and current.growth is None and _COMMENT.match(label)
              and q.unit in RATE_UNITS and not _tax().find(label) and _same_sentence(norm, current.end, q.start)
              and growth_direction(norm, q)):
            label = ""  # 达到4.2万亿元、稳居全国前列、增长5.1%: a remark on the rank, then the same figure's growth
        if label and len(label) <= 4 and current is not None and not _tax().match(label):
            label = _complete_label(current.label, label)
        if (label and len(label) <= 6 and "占" not in label and not _tax().match(label)
                and clause_start > start and norm[clause_start - 1] in ",，"):
            # 实施重点项目102个，完成投资112.3亿元: the investment is the previous clause's projects'
            subject, subject_start = _previous_subject(norm, clause_start - 1, bounds)
            if subject and indicator_of(subject + label) is not None:
                label, label_start = subject + label, subject_start
        labels = _split_labels(label, label_start) if label else []
        if not target and labels and (indicator_of(label) is None if len(labels) == 1 and labels[0][0] is label
                                      else not any(indicator_of(lab) for lab, _a in labels)):
            sign = 0  # a result that names no indicator is dropped: its growth need not be read
        else:
            sign = _sign(norm, q, label, label_start, last)
        last = (q, sign)
        if label:
            current = None
            pending = []
            for lab, lab_start in labels:
                f = _Fact(lab, lab_start, lab_start, q.end)
                facts.append(f)
                pending.append(f)
            current = pending[0]
            _attach(pending[0], q, sign, ms)
            pending = pending[1:] if len(pending) > 1 else []
            continue
        # no label: a continuation of the last fact, or the next 分别 figure
        if pending:
            f = pending.pop(0)
            f.end = max(f.end, q.end)
            _attach(f, q, sign, ms)
            continue
        aim = bounds.aim(current.end, q.start) if current is not None else -1  # 力争 between them
        if current is not None and aim != -1 and bounds.same_sentence(current.end, q.start):
            if (not sign and q.unit_base == "percent" and current.growth is not None and current.level is None
                    and current.growth.unit_base == "percent"):
                sign = current.growth_sign or 1  # 增长7.5%，力争达到8%: the stretch is a growth rate too
            stretch = (current.growth if sign else current.level) is not None
        else:
            stretch = False
        if stretch:
            # 完成固定资产投资9685万元，力争完成13037万元: the stretch target beside the base one
            a = aim
            f = _Fact(f"{current.label}（力争）", a, a, q.end)
            _attach(f, q, sign, ms)
            facts.append(f)
            continue
        if current is not None and bounds.same_sentence(current.end, q.start):
            group_head = current
            if "分别" in norm[bounds.clause(q.start) : q.start]:
                # 城镇…21906元，农村…16672元，分别增长12%和13%: the n figures after 分别 go to
                # the sentence's last n facts (项目12个，资金…，资金…，分别增长…: not to the count)
                s0 = bounds.sentence(q.start)
                tail = facts[made[bisect_left(starts, s0)]:] if ordered else facts
                in_sentence = [f for f in tail if f.start >= s0]
                n = _listed(norm, qs, qi)
                if in_sentence:
                    group_head = in_sentence[-n] if len(in_sentence) >= n else in_sentence[0]
            f = _next_with_room(facts, group_head, sign)
            if f is not None:
                _attach(f, q, sign, ms)
                for g in facts[_rindex(facts, group_head):]:  # one quote for the whole group
                    g.end = max(g.end, q.end)
    for a, b in zip(facts, facts[1:]):
        if (b.growth is None and b.level is None and a.label_start == b.label_start
                and a.label.endswith(_URBAN) and b.label == a.label[: -len(_URBAN)] + _RURAL):
            a.label = a.label[: -len(_URBAN)]  # 城乡居民人均可支配收入增长8%: one figure for the whole
    facts = [f for f in facts if f.growth is not None or f.level is not None]
    if periods is not None and periods.other_years:
        facts = [f for f in facts if not periods.of_other_year(f)]
    if periods is not None and periods.collect:
        facts = [f for f in facts if periods.tag(f, norm)]
    return facts


def _paragraph_start(norm: str, start: int, pos: int) -> int:
    """Where the paragraph holding ``pos`` starts: a line that a web copy broke inside a sentence
    (no full stop at its end) goes on in the next (at most three lines back)."""
    p0 = norm.rfind("\n", start, pos) + 1 or start
    for _ in range(3):
        if p0 <= start:
            break
        prev_end = p0 - 1
        while prev_end > start and norm[prev_end - 1] in " \t\r\n":
            prev_end -= 1
        if prev_end <= start or norm[prev_end - 1] in "。！？!?；;：:」”\"）)":
            break
        p0 = norm.rfind("\n", start, prev_end) + 1 or start
    return p0


class _PeriodContext:
    """What reading results needs to know of periods: the frames of the review's five-year
    sections, the paragraphs holding period figures, and whether to collect them."""

    def __init__(self, section_frames: list[tuple[int, int, "_periods.Frame"]] | None = None,
                 review_year: int | None = None, headings: list[int] | None = None):
        self.section_frames = section_frames or []
        self.headings = sorted(headings or [])
        self._last_measure: str | None = None
        self.review_year = review_year
        self.paragraphs: dict[int, int] = {}  # start → end of paragraphs with period figures
        self.collect = False
        self.figures: dict[int, tuple[object, int, str]] = {}  # id(quantity) → (frame, clause start, measure)
        # per line: (paragraph start, end, sentence openings, any period word, the part's period)
        self._lines: dict[int, tuple] = {}
        self._ends: dict[int, tuple[int, list[int]]] = {}  # paragraph start → (its end, its sentence ends)
        self._prev_end = 0
        self._line: tuple | None = None  # (span start, span end, line start, line end, its paragraph)
        self.other_years: set[int] = set()  # id() of figures of another single year
        self.restated: set[int] = set()  # id() of the review year's figures told inside a period's account

    def frame_of(self, norm: str, q: Quantity, clause_start: int, start: int, end: int):
        """The period ``q`` covers (a :class:`periods.Frame`), ``FAR_GOAL``, or None for the
        review year's own figure.

        A paragraph speaks of a period from a sentence that opens with one (五年来，…) until
        a sentence opens with a single year (2022年，… / 今年以来，…); a paragraph of a part
        about a whole period (过去五年工作回顾) speaks of it from its start.  Within a
        period, a clause naming one year is that year's.
        """
        # the figure's line and what its paragraph holds, found once per line (an rfind per
        # figure: n² on one line) and kept for the next figure (most lines hold several)
        cached = self._line
        if cached is not None and cached[0] == start and cached[1] == end and cached[2] <= q.start < cached[3]:
            para = cached[4]
        else:
            line = norm.rfind("\n", start, q.start) + 1 or start
            nl = norm.find("\n", q.start, end)
            para = self._paragraph(norm, q, line, start, end)
            self._line = (start, end, line, end if nl == -1 else nl, para)
        if para is None:
            return None  # most paragraphs: nothing in them speaks of another year or of a period
        p0, p1, events, marked, section, framed, opened = para
        if marked and _periods.FAR.search(norm, clause_start, q.start):
            return _periods.FAR_GOAL
        if framed and _FROM.search(norm, max(clause_start, q.start - 12), q.start):
            # 从2016年的1775亿元(增加到…): the base of a change, read for its label, never a fact
            self.other_years.add(id(q))
            return None
        if events:
            sentence_start = self._sentence_start(norm, p0, p1, max(p0, q.start - 200), q.start)
        i = bisect_left(opened, q.start) - 1 if events else -1
        frame, since = None, p0
        if i >= 0:
            pos, what = events[i]
            if isinstance(what, _periods.OneYear):
                # 2018年，全县…: that sentence is 2018's, unless a clause of it names another year
                one = _periods.last_single_year(norm, max(sentence_start, pos), q.start)
                said = one.group() if one is not None else what.said if pos >= sentence_start else None
                if said is not None:
                    self._single_year(said, q)
            elif q.start < self._reach(pos, p1):
                frame, since = what, pos
        else:
            frame = section
        if marked and _periods.CLAUSE_MARKER.search(norm, clause_start, q.start):
            # 年均增长8%, 累计完成…: the clause says so itself, unless it names its one year
            if _periods.SINGLE_YEAR.search(norm, clause_start, q.start):
                return None
            frame = frame or section or _periods.UNKNOWN
        elif frame is not None:
            if not events:
                sentence_start = self._sentence_start(norm, p0, p1, max(p0, q.start - 200), q.start)
            one = _periods.last_single_year(norm, max(sentence_start, since, q.start - 200), q.start)
            if one is not None:
                self.restated.add(id(q))  # a year's figure told again in a period's account
                return self._single_year(one.group(), q)
        if frame is not None:
            self.paragraphs[p0] = p1
            words = norm[max(clause_start, self._prev_end if self._prev_end <= q.start else clause_start) : q.start]
            if _periods.JOINERS_ONLY.fullmatch(words) and self._last_measure is not None:
                level = self._last_measure  # 分别达到43120元和16450元: the second is what the first is
            else:
                sentence = norm[max(p0, q.start - 200) : q.start]
                level = _periods.measure(words, False, q.qualifier or "", sentence)
            self._prev_end = q.end
            if frame is _periods.UNKNOWN and level == "level":
                return None  # 高新技术企业累计达14家: a stock of today, the review year's figure
            self._last_measure = level
            self.figures[id(q)] = (frame, clause_start, level)
        return frame

    def _paragraph(self, norm: str, q: Quantity, line: int, start: int, end: int) -> tuple | None:
        """(start, end, sentence openings, any period word, the part's period, framed) of the
        paragraph holding ``q``'s line, once per line; None when nothing in it speaks of
        another year or of a period."""
        if line in self._lines:
            return self._lines[line]
        p0 = _paragraph_start(norm, start, q.start)
        p1 = norm.find("\n", q.start, end)
        p1 = end if p1 == -1 else p1
        section = next((f for a, b, f in self.section_frames if a <= line < b), None)
        events = _periods.openings(norm, p0, p1)
        any_frame = any(isinstance(w, _periods.Frame) for _p, w in events)
        if section is None and not any_frame:
            # with no period about, a sentence opening with the review year (or 去年, 全年)
            # changes nothing: only another year's opening is worth keeping
            events = [e for e in events if self._other_year(e[1].said)]
        framed = section is not None or any_frame  # (the filter keeps every Frame: none to lose)
        marked = _periods.ANY_MARKER.search(norm, p0, p1) is not None
        # the events' positions, for bisect without a key function per step
        para = (p0, p1, events, marked, section, framed, [e[0] for e in events]) if events or marked or section else None
        self._lines[line] = para
        return para

    def _sentence_start(self, norm: str, p0: int, p1: int, lo: int, pos: int) -> int:
        """Just after the last 。！？!?；; in ``norm[lo:pos]`` (``p0 <= lo <= pos <= p1``), else ``lo``.

        The paragraph's sentence ends are found once, on the first figure that asks, and
        bisected: seven ``rfind`` calls per figure cost more on a paragraph of many figures."""
        ends = self._ends.get(p0)
        if ends is None or ends[0] != p1:
            ends = self._ends[p0] = (p1, [m.start() for m in _PERIOD_SENTENCE_END.finditer(norm, p0, p1)])
        at = ends[1]
        k = bisect_left(at, pos) - 1
        return at[k] + 1 if k >= 0 and at[k] >= lo else lo

    def _single_year(self, said: str, q: Quantity):
        """A clause naming one year inside a period: the review year's figure, or another
        year's (kept for reading the clause, never a fact: 从2016年的1775亿元增加到…)."""
        if self._other_year(said):
            self.other_years.add(id(q))
        return None

    def _other_year(self, said: str) -> bool:
        return said[:2] in ("19", "20") and said[2:4].isdigit() and self.review_year is not None \
            and int(said[:4]) != self.review_year

    def _reach(self, pos: int, paragraph_end: int) -> int:
        """A frame speaks to the end of its paragraph, or of its part where a report was
        pasted as one line: up to the next heading."""
        i = bisect_left(self.headings, pos + 1)
        return min(paragraph_end, self.headings[i]) if i < len(self.headings) else paragraph_end

    def restates(self, f: _Fact) -> bool:
        return any(q is not None and id(q) in self.restated for q in (f.level, f.growth))

    def of_other_year(self, f: _Fact) -> bool:
        return all(q is None or id(q) in self.other_years for q in (f.level, f.growth))

    def covers_period(self, f: _Fact) -> bool:
        return any(q is not None and id(q) in self.figures for q in (f.level, f.growth))

    def tag(self, f: _Fact, norm: str) -> bool:
        """Mark a fact with the period of its figures and what each measures; whether it has one."""
        for q in (f.level, f.growth):
            seen = self.figures.get(id(q)) if q is not None else None
            if seen is None:
                continue
            frame, clause_start, level = seen
            f.frame = f.frame or frame
            if q is f.growth or q.unit == "个百分点":
                m = _periods.measure(norm[clause_start : q.start], True)
            else:
                m = level
            if q is f.growth:
                f.growth_measure = m
            else:
                f.measure = m
        return f.frame is not None


_PERIOD_SENTENCE_END = re.compile("[。！？!?；;]")  # what ends the sentence a period figure is read in
_URBAN, _RURAL = "（城镇）", "（农村）"  # the halves _split_labels makes of a 城乡 label


# what may follow an indicator's amount: conjunctions, 的 (…亿元的好成绩), 大关, a verb or a comparison
_AFTER_MONEY = frozenset("的和与及、大以左增同比较占其分为是达实完提减降上居位排台关")
_BACK_REFERENCE = frozenset({"总量", "总额", "规模", "总值", "总规模", "经济总量"})
# a remark on a figure's rank or record, set between the figure and its growth (稳居全国前列,
# 总量居全省第三位, 创历史新高): it names no subject of its own
_COMMENT = re.compile(r"(?:总量|经济总量|规模)?(?:稳居|位居|居于|居|跃居|位列|名列|排名|排位|排在|跻身|再创|创|刷新|连续)")
_FROM = re.compile(r"[从由](?:(?:19|20)\d\d年|上年|去年|上一年)?(?:末|底)?的?$")
_TO = re.compile(r"^[，,]?(?:增加|提高|增长|上升|扩大|跃升|提升)?(?:到|至)(?:(?:19|20)\d\d年|今年|去年)?(?:末|底)?的?$")


def _sign(norm: str, q: Quantity, label: str, label_start: int, last: tuple[Quantity, int] | None) -> int:
    """+1 or -1 when the figure is a growth (增长/下降 …), 0 when it is a level."""
    # growth is a rate; 增加1.08亿元 is an amount (and 增加值 is not a verb)
    sign = growth_direction(norm, q) if q.unit in RATE_UNITS else 0
    if sign and label and not _GROWTH_VERB.search(norm[label_start + len(label) : q.start]):
        sign = 0  # 人口自然增长率控制在7%以内: the 增长 is in the name, the figure is a level
    if not sign and q.unit_base == "percent" and label:
        verbs = norm[label_start + len(label) : q.start]
        if _GROWTH_NOUN_LEVEL.match(verbs):
            sign = 1  # 地区生产总值增速达到6.3%: the rate reached is a growth
        elif _is_growth_label(label, verbs):
            sign = 1  # 居民消费价格涨幅3.5%, 规模以上工业增加值7.5%左右: a percentage of a flow is its growth
    if not sign and last is not None and q.unit == last[0].unit and norm[last[0].end : q.start].strip() in _JOINERS:
        sign = last[1]  # 增长8.4%、9.2%: the second figure is a growth too
    return sign


def _listed(norm: str, qs: list[Quantity], i: int) -> int:
    """How many figures of one unit are listed from ``qs[i]`` on (12%、13%和14% → 3)."""
    n = 1
    while i + n < len(qs) and qs[i + n].unit == qs[i].unit and \
            norm[qs[i + n - 1].end : qs[i + n].start].strip() in _JOINERS:
        n += 1
    return n


def _rindex(facts: list[_Fact], f: _Fact) -> int:
    """Where ``f`` is in ``facts``, searched from the end: a group's head is among the last
    facts, and ``list.index`` from the front made a sentence of n figures cost n²."""
    for i in range(len(facts) - 1, -1, -1):
        if facts[i] is f:
            return i
    raise ValueError("fact not in list")


def _next_with_room(facts: list[_Fact], current: _Fact, sign: int) -> _Fact | None:
    """For 增长9%和9.5%,分别达到36100元、19618元: the first fact of the group still lacking this kind of figure."""
    for f in facts[_rindex(facts, current):]:
        if (f.growth if sign else f.level) is None or (not sign and f.milestone):
            return f
    return None


def _attach(f: _Fact, q: Quantity, sign: int, milestone: bool = False) -> None:
    """A figure after 增长/下降 is the growth; any other is the level (达到678亿元, 控制在4%以内).

    A change in percentage points (城镇化率提高1个百分点) is no growth rate: it is kept
    as a signed level in 个百分点.  A milestone (突破2600亿元, 迈上2300亿元台阶) gives way
    to the exact figure the sentence goes on to state (达到2619亿元).
    """
    if sign and q.unit == "个百分点":
        if f.level is None:
            f.level, f.level_sign = q, sign
    elif sign and f.growth is None:
        f.growth, f.growth_sign = q, sign
    elif not sign and f.level is None:
        f.level = q
        f.milestone = milestone
    elif not sign and f.milestone and (f.level.unit_base or f.level.unit) == (q.unit_base or q.unit):
        f.level = q  # 突破2万元大关，达到20315元: the same base unit, though written otherwise
        f.milestone = milestone


def _is_milestone(norm: str, q: Quantity) -> bool:
    """突破2600亿元, 迈上2300亿元台阶, 跨过千亿大关: a round threshold passed, not the figure itself."""
    return (q.qualifier in MILESTONE or norm.startswith(_MILESTONE_AFTER, q.end)
            or q.start >= 2 and norm[q.start - 2 : q.start] in _MILESTONE_BEFORE)


MILESTONE = frozenset({"突破", "超过", "超", "逾", "过"})
_MILESTONE_AFTER = ("台阶", "大关", "关口")
_MILESTONE_BEFORE = frozenset(("迈上", "跨上", "站上", "迈入", "跨入"))


_CLAUSE_RX = re.compile("[%s]" % re.escape(CLAUSE_END))
_SENTENCE_CHARS = frozenset(SENTENCE_END + "；;")  # a 分别 group never spans a ；
_SENTENCE_RX = re.compile("[%s]" % re.escape(SENTENCE_END + "；;"))
_AIM_RX = re.compile("力争")
assert _SENTENCE_CHARS <= frozenset(CLAUSE_END)


class _Bounds:
    """Clause and sentence starts of one span, found once and looked up by bisection.

    Questions about the stretch between two figures (same sentence? a 力争 in it?) are answered
    here too, by bisection: scanning the stretch itself cost n² on a list of n figures whose
    first fact stays the current one (全年完成投资1亿元、1亿元、…)."""

    def __init__(self, norm: str, start: int, end: int):
        self.norm, self.start, self.end = norm, start, end
        self.clauses = [m.start() for m in _CLAUSE_RX.finditer(norm, start, end)]
        # every sentence end (and ；) ends a clause too: picked from those, not scanned for again
        self.sentences = [i for i in self.clauses if norm[i] in _SENTENCE_CHARS]
        self.aims = [m.start() for m in _AIM_RX.finditer(norm, start, end)]

    def same_sentence(self, a: int, b: int) -> bool:
        """:func:`_same_sentence` for ``start <= a``, ``b <= end``."""
        if a < self.start or b > self.end:
            return _same_sentence(self.norm, a, b)
        i = bisect_left(self.sentences, a)
        return i == len(self.sentences) or self.sentences[i] >= b

    def aim(self, a: int, b: int) -> int:
        """Where the first 力争 wholly inside ``norm[a:b]`` starts, or -1."""
        if a < self.start or b > self.end:
            i = self.norm.find("力争", a, b)
            return i
        i = bisect_left(self.aims, a)
        return self.aims[i] if i < len(self.aims) and self.aims[i] + 2 <= b else -1

    def clause(self, pos: int) -> int:
        i = bisect_left(self.clauses, pos) - 1
        return self.clauses[i] + 1 if i >= 0 else self.start

    def sentence(self, pos: int) -> int:
        i = bisect_left(self.sentences, pos) - 1
        return self.sentences[i] + 1 if i >= 0 else self.start


def _same_sentence(norm: str, a: int, b: int) -> bool:
    return _SENTENCE_RX.search(norm, a, b) is None  # one scan in C, no slice


def _label(raw: str, offset: int) -> tuple[str | None, int]:
    """The indicator's name in the words before a figure: verbs and prefixes stripped.

    ``""`` when the words name nothing (the figure continues the last fact),
    ``None`` when they compare with a benchmark (the figure is no fact at all).
    """
    text = _strip_verbs(raw)
    stripped = text.lstrip(_LABEL_JUNK)
    lead = len(text) - len(stripped)
    text = stripped.rstrip(_LABEL_JUNK)
    # all LABEL_PREFIX's parts are optional: it always matches, and only from these characters is it not empty
    cut = LABEL_PREFIX.match(text).end() if text and text[0] in _PREFIX_FIRST else 0
    label = text[cut:] if cut else text
    if _DIGIT.search(label):
        m = _AFTER_DIGITS.match(label)  # anchored at the start: one match, no substitution pass
        tail = label[m.end():] if m else label
        tail_cut = len(label) - len(tail)
        p = LABEL_PREFIX.match(tail)
        extra = p.end() if p else 0
        label = tail[extra:]
        cut += tail_cut + extra
    if label.startswith(_COMPARISON_WORDS):
        return None, offset  # 高于全市平均水平3个百分点: a gap against a benchmark
    if label.startswith(_CALIBER_WORDS):
        return "", offset  # 扣除…因素后同口径增长: a caliber, not a subject
    if len(label) < 2 or len(label) > MAX_LABEL:
        # a long run-in (全年共实施重大建设项目100个,完成投资…) names no single indicator
        if label and len(label) > MAX_LABEL:
            tail = label[-MAX_LABEL:]
            hit = _tax().find(tail)
            if hit:
                s, e, _ind = hit[-1]
                return tail[s:], offset + lead + cut + len(label) - MAX_LABEL + s
        return "", offset
    return label, offset + lead + cut


def _previous_subject(norm: str, end: int, bounds: _Bounds) -> tuple[str, int]:
    """The noun phrase a clause opens with, up to its first figure: 实施重点项目102个 → 重点项目."""
    a = bounds.clause(end)
    m = _DIGIT.search(norm, a, end)
    words = norm[a : m.start()] if m else ""
    cut = LABEL_PREFIX.match(words).end()
    v = _PROJECT_VERBS.match(words, cut)
    cut = v.end() if v else cut
    return words[cut:], a + cut


_PROJECT_VERBS = re.compile(r"(?:安排|实施|推进|开工|建设|引进|签约|新建|新开工|在建)+")


def _complete_label(previous: str, head: str) -> str:
    """规模工业总产值468亿元、增加值125亿元: the second label shares the first's qualifier.

    Memoised per taxonomy: label pairs repeat from report to report, and each
    miss tries every prefix of ``previous`` against the alias table.
    """
    tax = _tax()
    key = (id(tax), previous, head)
    try:
        return _COMPLETED[key]
    except KeyError:
        pass
    if len(_COMPLETED) > 50_000:
        _COMPLETED.clear()
    _COMPLETED[key] = got = _completed(tax, previous, head)
    return got


_COMPLETED: dict[tuple[int, str, str], str] = {}


def _completed(tax, previous: str, head: str) -> str:
    for k in range(len(previous) - 1, 0, -1):
        candidate = previous[:k] + head
        if tax.exact(candidate) if hasattr(tax, "exact") else tax.match(candidate):
            return candidate
    return head


def _split_labels(label: str, start: int) -> list[tuple[str, int]]:
    """One label per indicator: 城镇、农村居民人均可支配收入 → 城镇居民…, 农村居民…;
    城乡居民人均可支配收入 (with two figures) → its urban and rural parts."""
    if "、" not in label and "和" not in label and "及" not in label and "与" not in label \
            and not label.startswith("城乡"):
        if label[:1] in "一二三" and (m := _RUN_ORDINALS.match(label)):
            # 一二三产增加值 → 一产增加值, 二产增加值, 三产增加值 (一二三产业… → 第一产业…): one quote for all
            lead = "第" if m.group(2) == "产业" else ""
            return [(lead + o + m.group(2) + m.group(3), start) for o in m.group(1)]
        return [(label, start)]  # the common case: one indicator, nothing to split (SPLIT_LABELS absent)
    parts = [p for p in SPLIT_LABELS.split(label) if p]
    if len(parts) > 1:
        head, last = parts[:-1], parts[-1]
        k = len(head[0])
        if all(len(p) == k for p in head) and len(last) > k + 1:
            # parallel qualifiers sharing the last part's noun: 城镇、农村居民… , 一、二、三产业…
            shared = last[k:]
            ordinal = "第" if all(p in _CN_ORDINALS for p in head) else ""
            out, pos = [], start
            for p in head:
                out.append((ordinal + p + shared, pos))
                pos += len(p) + 1
            out.append((ordinal + last, pos))
            return out
        if all(len(p) >= 2 for p in parts):
            out, pos = [], start
            for p in parts:
                out.append((p, pos))
                pos += len(p) + 1
            return out
    if URBAN_RURAL.match(label) and len(label) > 2:
        return [(label + _URBAN, start), (label + _RURAL, start)]
    return [(label, start)]
