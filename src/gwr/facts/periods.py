"""Figures that cover several years: which they are, over which years, and what they measure.

A review states two kinds of results.  Most are the review year's own
(地区生产总值614.8亿元，增长6.6%).  Others sum or average several years: a
paragraph opened by 五年来 / 过去五年 / "十三五"时期 / 本届政府任期内 / 2016年以来,
or a clause that says so itself (年均增长8%, 累计完成投资3100亿元, 能耗累计下降18%,
翻了一番).  Filed under one year, such a figure is a spike in every series
(new jobs jumping fivefold in the last year of a plan), so it is kept apart
with its period and measure:

- ``average_annual``: 年均, 平均每年;
- ``change``: a growth or change over the whole period (比2015年增长45%, 累计下降18%, 翻番);
- ``total``: a flow summed over the period (累计完成, 五年来新增就业…, 完成投资…);
- ``level``: a level reached at the period's end (达到, 突破, 增加到) — that is the
  last year's figure, filed under that year when it is the review year.

Within a framed paragraph a sentence or clause that names a single year
(2020年, 去年, 全年) is that year's, not the period's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..numerals import parse_number

# a period named at the start of a sentence: 五年来， 过去五年， "十三五"时期， 2016年以来，
FRAME = re.compile(
    r"(?:过去的?|近|这|以往|刚刚过去的)?(?<![\d〇一二三四五六七八九十])(?P<n>[五5三3])年(?:来|间|中|以来|里)?[，,]"
    r"|[“\"]?十(?P<plan>[一二三四五六七八九])五[”\"]?(?:期间|时期|以来|的五年|这五年|五年)?[，,]"
    r"|本届政府(?:任期)?(?:以来|内)[，,]"
    r"|(?P<since>(?:19|20)\d\d)年以来[，,]"
)
# what may stand between the start of a sentence and its frame
_FRAME_LEAD = re.compile(r"(?:各位代表[，,！!]?|[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+是[，,]?|全[省市区县州镇乡旗]|我[省市区县州镇乡旗]|同时|其中)?")
_SENTENCE_BREAK = re.compile(r"[。！？!?；;\n]")
# a clause that speaks of several years itself
# (each lookbehind sits after the first character it guards, 年(?<!全年)均 for (?<!全)年均: a
# pattern that opens with a lookbehind is tried at every position, one that opens with a
# character only where that character is — the same matches, ~10× faster on a paragraph)
CLAUSE_MARKER = re.compile(
    r"年(?<!全年)均|平均每年|每年平均|累(?<!全年累)(?<!当年累)(?<!年内累)(?<!今年累)(?<!去年累)计|翻了?一番|翻番|十[一二三四五六七八九]五|五年"
)
# any word that may make a figure a period's or no result at all: is a paragraph worth a closer look
ANY_MARKER = re.compile(CLAUSE_MARKER.pattern + r"|2035|中长期|远景")
# a clause naming one year: that year's figure, not the period's
# (not after 2016年至: the end of a range; the guard after the first digit, as above)
_RANGE_BEFORE = r"[\dxX×年][至到—\-~～]"
SINGLE_YEAR = re.compile(rf"(?:1(?<!{_RANGE_BEFORE}1)9|2(?<!{_RANGE_BEFORE}2)0)(?:\d\d|[xX×]{{2}})年(?![以至到—\-~～]|来)(?:末|底)?"
                         r"|去年|上年|今年|全年|当年")
def last_single_year(norm: str, start: int, end: int) -> re.Match[str] | None:
    """The last single year named in ``norm[start:end]``, not counting the base of a change
    (由2010年的34.7%提高到43.3%: the 43.3% is no 2010 figure)."""
    last = None
    for m in SINGLE_YEAR.finditer(norm, start, end):
        if m.start() == 0 or norm[m.start() - 1] not in "由从":
            last = m
    return last


# a paragraph about one year: 2022年，全区… / 过去一年，…
OPENS_WITH_YEAR = re.compile(r"\s*(?:各位代表[，,！!]\s*)?(?:(?:19|20)\d\d年|去年|过去一年|过去的一年|一年来|今年以来)")
JOINERS_ONLY = re.compile(r"[\s、和及与,，]*(?:分别)?[\s、和及与,，]*")
# not results at all: far goals
FAR = re.compile(r"2035|中长期|远景")
_AVERAGE = re.compile(r"年(?<!全年)均|平均每年|每年平均")  # 全年均值: one year's mean
_TOTAL = re.compile(r"累计|共计|合计|总计|^共")
_LEVEL_VERB = re.compile(r"(?:达到|达|突破|超过|增加到|增加至|提高到|提高至|提升到|提升至|增至|升至|跃升到|跃升至|跃上|迈上|"
                         r"站上|扩大到|扩大至|保持在|稳定在|控制在|上升到|上升至|下降到|下降至|降到|降至|降低到|降低至)$")


@dataclass(frozen=True, slots=True)
class Frame:
    """The period a frame names, before the report's years are known: ``years`` back from the
    review year (五年来), a five-year plan's number (十三五 → 13), or a first year (2016年以来)."""

    years: int | None = None
    plan: int | None = None
    since: int | None = None


UNKNOWN = Frame()
FAR_GOAL = Frame(years=-1)  # a figure that is no result at all (2035, 远景) or another year's


def _frame_of_match(m: re.Match[str]) -> Frame:
    if m["n"]:
        return Frame(years=int(parse_number(m["n"])))
    if m["plan"]:
        return Frame(plan=10 + "一二三四五六七八九".index(m["plan"]) + 1)
    if m["since"]:
        return Frame(since=int(m["since"]))
    return Frame(years=5)  # 本届政府: a government's five-year term


@dataclass(frozen=True, slots=True)
class OneYear:
    """A sentence opening with a single year (2022年，… / 今年以来，…), as written."""

    said: str
_YEAR_OPENER = re.compile(r"(?:(?:19|20)(?:\d\d|[xX×]{2})年(?![以至到—\-~～]|来)|去年|今年|过去一年|过去的一年|一年来|全年)")


# every character _FRAME_LEAD, FRAME or _YEAR_OPENER can start with (tests/test_periods.py checks)
_OPENING_FIRST = frozenset("各(（一二三四五六七八九十全我同其" "过近这以刚五5三3“\"十本12" "去今一全")
# a sentence break, the spaces after it, and (ahead) one of those first characters
_OPENING_AT = re.compile("%s[ \t\r]*(?=[%s])" % (_SENTENCE_BREAK.pattern, re.escape("".join(sorted(_OPENING_FIRST)))))


def openings(norm: str, pos: int, end: int) -> list[tuple[int, object]]:
    """What each sentence of a paragraph opens with, where it says: a period (a
    :class:`Frame`) or a single year (:class:`OneYear`), in order.

    Only sentence starts are tried (after 。！？；, give or take a short lead such as
    各位代表，): anchored matches, a handful per paragraph, instead of two searches
    through all of it."""
    out: list[tuple[int, object]] = []
    a = pos
    while a < end and norm[a] in " \t\r":
        a += 1
    # most sentences cannot open with a lead, a frame or a year: only those whose first
    # character can are visited (one scan in C rather than a loop over every sentence)
    starts = [a] if a < end and norm[a] in _OPENING_FIRST else []
    starts.extend(m.end() for m in _OPENING_AT.finditer(norm, pos, end))
    for a in starts:
        lead = _FRAME_LEAD.match(norm, a, end)
        for b in (a, lead.end()) if lead is not None and lead.end() > a else (a,):
            m = FRAME.match(norm, b, end)
            if m is not None:
                out.append((b, _frame_of_match(m)))
                break
            m = _YEAR_OPENER.match(norm, b, end)
            if m is not None:
                out.append((b, OneYear(m.group())))
                break
    return out


_TITLE_FRAME = re.compile(r"(?<![\d〇一二三四五六七八九十])(?P<n>[五5三3])年|十(?P<plan>[一二三四五六七八九])五|本届政府")


def title_frame(title: str) -> Frame | None:
    """The period a part's title names (过去五年工作回顾, "十三五"时期发展成就)."""
    m = _TITLE_FRAME.search(title)
    if m is None:
        return None
    if m["n"]:
        return Frame(years=int(parse_number(m["n"])))
    if m["plan"]:
        return Frame(plan=10 + "一二三四五六七八九".index(m["plan"]) + 1)
    return Frame(years=5)


_FLOW_VERB = re.compile(r"完成|实现|新增|引进|接待|化解|实施|建成|新建|改造|培育|争取|招引|落实|投入|减少|发放|帮助|转移")


def measure(clause: str, growth: bool, qualifier: str = "", sentence: str = "") -> str:
    """What a period figure measures, read from the words before it: its clause first, then
    its sentence (五年累计完成投资848亿元、外商直接投资48亿美元: both sums)."""
    if _AVERAGE.search(clause):
        return "average_annual"
    if growth or "翻" in clause:
        return "change"
    if _TOTAL.search(clause) and not _LEVEL_VERB.search(clause.rstrip("了")):
        return "total"  # 累计完成投资: a sum; 累计达到14家: a stock reached
    if qualifier in _MILESTONES or _LEVEL_VERB.search(clause.rstrip("了")):
        return "level"
    if _FLOW_VERB.search(clause):
        return "total"
    return "total" if _TOTAL.search(sentence) else "level"


_MILESTONES = frozenset({"突破", "超过", "超", "逾", "过"})


def years(frame: Frame, review_year: int | None) -> tuple[int | None, int | None]:
    """[first, last] of a frame's period; what the text leaves open stays None."""
    if frame.plan is not None:
        first = 2006 + 5 * (frame.plan - 11)  # 十一五 2006–2010, 十三五 2016–2020 (六五 1981–1985)
        return first, first + 4
    if frame.since is not None:
        return frame.since, review_year
    if frame.years is not None and review_year is not None:
        return review_year - frame.years + 1, review_year
    return None, review_year
