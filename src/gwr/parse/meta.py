"""Who delivered a report, where, when, and for which year.

Everything is read from the document's own text, in the order the genre
states it: the header (``2019年4月22日在衡阳市石鼓区第四届人民代表大会第四次会议上``,
``石鼓区人民政府区长  刘  浪``), the opening (``我代表鼎湖区人民政府``), the part
headings (``一、2018年工作回顾``, ``二、2019年工作安排``) and, for a single
page, its title.  Nothing is guessed: a masked name (``xx镇``) or year
(``20xx``) leaves the field ``None``.  The title of a compilation part
(``吉州区政府工作报告篇五``) is the site's, not the report's, and is not used.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .genre import CN_NUM, alternation, vocabulary
from ..model import Region, Section
from ..numerals import parse_number

HEAD_CHARS = 1200
_SPACE = re.compile(r"\s\s*")  # not \s+: a leading class lets re skip ahead (see normalize)
_HAN = "\u4e00-\u9fff"
MASK = re.compile(r"[xX×ｘＸ*＊□○某][xX×ｘＸ*＊□○某]{0,3}")  # a leading class: searched with re's charset skip

_CN_YEAR_DIGIT = "〇零一二三四五六七八九"
DATE = re.compile(
    rf"(?P<y>(?:19|20)\d\d|[{_CN_YEAR_DIGIT}]{{4}})年(?P<m>\d{{1,2}}|[一二三四五六七八九十]{{1,2}})月"
    rf"(?P<d>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})日"
)
SESSION = re.compile(
    rf"(?:在|于)?(?P<session>(?P<place>[^，。；,;:：\s“”《》()（）\d日在于—\-]{{0,24}}?)第(?P<term>{CN_NUM}|\d{{1,2}})届"
    rf"人民代表大会第(?P<sitting>{CN_NUM}|\d{{1,2}})次(?:全体)?会议)"
)
MEETING = re.compile(r"在(?P<session>[^，。；,;:：\s“”《》()（）\d日在于—\-]{2,40}?(?:会议|大会))上")
DELEGATE = re.compile(r"我(?:谨)?代表(?:(?P<state>国务院)|(?P<org>[^，。；,;\s]{0,24}?)(?:(?:人民)?政府|办事处))")
TITLE_PLACE = re.compile(
    r"^(?:【[^】]*】)?\s*(?:(?:19|20)\d\d年(?:度)?)?(?P<place>[^\s，。【】0-9]{2,24}?)"
    r"(?:(?:19|20)\d\d年(?:度)?)?(?:人民)?政府(?:(?:19|20)\d\d年(?:度)?)?工作报告"
)
# a header line holding only the delivery date: （2016年2月20日）, ——2016年2月20日
DATE_LINE = re.compile(r"^[\s(（—\-]*(?P<date>[^\n]{6,14}日)[)）\s]*$", re.M)
TAG = re.compile(r"^【(?P<tag>[^】]{2,20}?)(?:招商|政务|要闻|动态|新闻|资讯)?】")

def _number(s: str) -> int | None:
    """Date parts in either script: 2019, 二〇一九, 十二."""
    v = parse_number(s)
    return int(v) if v is not None and v == v.to_integral_value() else None


@dataclass(slots=True)
class Header:
    delivered_date: str | None = None
    session: str | None = None
    session_place: str | None = None
    speaker: str | None = None
    speaker_title: str | None = None
    speaker_org: str | None = None
    delegate_org: str | None = None


@cache
def _leader_title() -> re.Pattern[str]:
    titles = alternation(vocabulary()["leader_titles"])
    # (?:代理?|副)?(?:titles) spelled out as one alternation whose branches open with a
    # character: re then skips to the characters a title can start with instead of
    # trying the whole alternation at every position of the header (same matches)
    return re.compile(rf"(?:代理?(?:{titles})|副(?:{titles})|{titles})(?:候选人)?")


# Between the title and the name: spaces, a colon, an acting mark (市长（代）), or the line's end
# when the name stands alone on the next line.  Names are two to four characters, padded with
# spaces by typesetters (刘  浪), or transliterated ones whose parts a middle dot joins
# (阿不都·买买提, written with ·, •, ・, ‧ or a full stop).
_TITLE_GAP = r"[ \t:：]*(?:[(（]代[)）][ \t]*)?(?:\n[ \t]*)?"
_NAME = re.compile(
    rf"{_TITLE_GAP}(?P<name>[{_HAN}]{{1,8}}(?:[ \t]*[·•・‧∙.][ \t]*[{_HAN}]{{1,10}}){{1,2}}"
    rf"|[{_HAN}](?:[ \t]*[{_HAN}]){{1,3}}?)(?=[ \t]*(?:同志)?[ \t]*(?:\n|$|各位代表|[（(]))"
)
_DOT = re.compile(r"[ \t]*[·•・‧∙.][ \t]*")
_GOV_ORG = re.compile(rf"(?P<org>[{_HAN}]{{0,16}}?)(?:(?:人民)?政府|办事处)[ \t]*$|(?P<state>国务院)[ \t]*$")
_BARE_PLACE = re.compile(rf"^[ \t]*(?P<org>[{_HAN}]{{1,16}}(?:[省市州县区旗镇乡盟]|街道))[ \t]*$")
_FUSED_HEADER = re.compile(r"^.*(?:会议|大会)上?")


def _clean_name(raw: str) -> str | None:
    """A name as written, without the typesetter's spaces; dotted names keep one ``·``."""
    name = _DOT.sub("·", raw) if _DOT.search(raw) else raw
    name = re.sub(r"\s+", "", name)
    if MASK.search(name) or _not_a_name().search(name):
        return None
    if "·" in name:
        return name if 3 <= len(name) <= 18 else None
    return name if 2 <= len(name) <= 4 else None


@cache
def _not_a_name() -> re.Pattern[str]:
    """Words a header line may hold that are not a person (目录, 各位代表, 政府工作报告 …)."""
    return re.compile(alternation(vocabulary()["not_names"]) + r"|[年月日省市县区镇乡\d]")


_AFTER_SESSION = re.compile(r"(?:会议|大会)上?[ \t]+$")


@cache
def _title_chain() -> re.Pattern[str]:
    return re.compile(rf"(?:{_leader_title().pattern})[、，,][ \t]*$")


def _strip_title_chain(before: str) -> str:
    """The organ before a chain of titles: 某市人民政府副市长、 → 某市人民政府."""
    m = _title_chain().search(before)
    while m:
        before = before[: m.start()]
        m = _title_chain().search(before)
    return before


def _speaker(head: str) -> tuple[str, str, str | None] | None:
    """(name, title, organ) from a line such as ``某某区人民政府区长  刘  浪``.

    A leader's title counts only where a speaker line has it: after the
    government's name or at the start of a line, so that commentary such as
    ``听了市长的报告`` is not read as a speaker.
    """
    for m in _leader_title().finditer(head):
        line_start = head.rfind("\n", 0, m.start()) + 1
        before = head[line_start : m.start()]
        org = None
        # 副市长、代理市长 张三: the title next to the name is the one that counts
        before = _strip_title_chain(before)
        if before.strip() and _AFTER_SESSION.search(before):
            before = ""  # ——2017年1月10日在某市…会议上 市长 张三: the header on one line
        if before.strip():
            # the organ (某区人民政府, 某街道办事处, 国务院) or, above county level, the bare place (某省)
            om = _GOV_ORG.search(before) or _BARE_PLACE.match(before)
            if not om:
                continue
            if om.groupdict().get("state"):
                org = om["state"]
            else:
                org = _FUSED_HEADER.sub("", om["org"]) or None
        nm = _NAME.match(head, m.end())
        if not nm:
            continue
        name = _clean_name(nm["name"])
        if name:
            return name, m.group().replace("候选人", ""), org
    return None


_HEADER_END = re.compile(r"各位代表|^[一二三四五六七八九十]、", re.M)
_NAME_LINE = re.compile(
    rf"^[ \t]*(?P<name>[{_HAN}](?:[ \t]?[{_HAN}]){{1,3}}|[{_HAN}]{{1,8}}(?:[ \t]*[·•・‧∙.][ \t]*[{_HAN}]{{1,10}}){{1,2}})[ \t]*$",
    re.M,
)


def _bare_speaker(head: str) -> str | None:
    """A name standing alone on a header line, below the title and the session line and
    above 各位代表: the speaker, with no title written (政府工作报告 / ——…会议上 / 张三)."""
    end = _HEADER_END.search(head)
    header = head[: end.start() if end else min(len(head), 300)]
    framed = False
    for line in header.split("\n"):
        if framed:
            m = _NAME_LINE.match(line)
            if m:
                name = _clean_name(m["name"])
                if name:
                    return name
        if "工作报告" in line or "会议" in line or DATE.search(line):
            framed = True
    return None


def _session(text: str) -> re.Match[str] | None:
    """The session the report was delivered at: the one in the frame 在…会议上 if any,
    else the first named.  Searched from its fixed words backwards (a far cheaper scan)."""
    first = None
    pos = text.find("届人民代表大会")
    while pos != -1:
        m = SESSION.search(text, max(0, pos - 30), pos + 30)
        if m:
            if text.startswith("上", m.end()):
                return m
            first = first or m
        pos = text.find("届人民代表大会", pos + 7)
    return first


_MEETING_PLACE = re.compile(r"^(?P<place>.{2,20}?(?:街道|[省市州县区旗镇乡盟]))(?:第|20|19|\d|[一二三四五六七八九十]+届|.{0,6}(?:会议|大会))")


def _meeting_place(session: str) -> str | None:
    m = _MEETING_PLACE.match(session)
    return m["place"] if m else None


def read_header(head: str) -> Header:
    """Date, session and speaker from the first lines of a report (normalised text)."""
    h = Header()
    ft = _SPACE.sub("", head)  # the header is often broken over lines and padded with spaces
    sm = _session(ft)
    if sm:
        h.session = sm["session"]
        h.session_place = sm["place"] or None
        # the delivery date is the one written right before the session
        dm = None
        for m in DATE.finditer(ft, max(0, sm.start() - 30), sm.start() + 1):
            dm = m
        if dm is None:
            dm = DATE.search(ft, sm.end(), sm.end() + 30)
        if dm:
            h.delivered_date = _iso(dm)
    else:
        mm = MEETING.search(ft)
        if mm:
            h.session = mm["session"]
            h.session_place = _meeting_place(mm["session"])
            dm = None
            for m in DATE.finditer(ft, max(0, mm.start() - 30), mm.start() + 1):
                dm = m
            if dm:
                h.delivered_date = _iso(dm)
    if h.delivered_date is None:
        for m in DATE_LINE.finditer(head):
            dm = DATE.fullmatch(re.sub(r"\s+", "", m["date"]))
            if dm:
                h.delivered_date = _iso(dm)
                break
    sp = _speaker(head)
    if sp:
        h.speaker, h.speaker_title, h.speaker_org = sp
    else:
        h.speaker = _bare_speaker(head)
    dm = DELEGATE.search(head)
    if dm:
        h.delegate_org = dm["state"] or dm["org"] or None
    return h


def _iso(m: re.Match[str]) -> str | None:
    y, mo, d = _number(m["y"]), _number(m["m"]), _number(m["d"])
    if not (y and mo and d) or not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


# ---------------------------------------------------------------------------
# Years

_REVIEW_YEAR = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)年(?:度)?(?:的)?(?:政府)?(?:主要)?工作(?:回顾|总结)|回顾(?P<y2>(?:19|20)\d\d)年")
_PLAN_YEAR = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)年(?:的)?(?:政府)?(?:主要|重点)?(?:工作(?:安排|任务|部署|计划|打算|思路|建议|重点)|目标任务|重点工作|主要任务|主要工作|工作的总体要求)"
)
# (?:19|20)\d\d年… with the year read behind the 年: a pattern that opens with a literal is
# found by re's fast literal scan (only ever tested for a match anywhere in the text)
_YEAR_WORK = re.compile(r"年(?<=(?:19|20)\d\d年)(?:的)?(?:政府)?(?:主要|重点)?(?:工作|目标|重点|主要)")
_TARGET_YEAR = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)年(?:全[省市区县州镇乡旗])?(?:经济社会发展|国民经济和社会发展)?(?:的)?主要预期目标")


_PART_OPENING_YEAR = re.compile(r"\s*(?:各位代表[，,:：!！]\s*)?(?P<y>(?:19|20)\d\d)年\s*[，,]?\s*(?:是|我|全)")
# a year standing alone in a part's title, not one end of a period (2016—2020年, 2021-2025年)
_TITLE_YEAR = re.compile(r"(?<![\d—\-~～至到])(?P<y>(?:19|20)\d\d)年(?![\d—\-~～至到])")
# the targets stated for a year: 2021年全县经济社会发展的主要预期目标是：
_TARGET_STATEMENT = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)年(?:全[省市区县州镇乡旗国])?(?:经济社会发展|国民经济和社会发展|发展)?(?:的)?"
    r"主要预期目标(?:是|为|如下|[:：])"
)
_ANY_YEAR = re.compile(r"年(?<=(?:19|20)\d\d年)")


def _title_year(title: str, pattern: re.Pattern[str], depth: int) -> int | None:
    """The year a part's title names: by the genre's wording (2018年工作回顾, 2019年工作安排), or
    for a top-level part any lone year in it (2025年主要工作和"十四五"发展成就, 2024年经济社会
    发展总体要求和政策取向)."""
    m = pattern.search(title)
    if m:
        return int(m["y"] or m["y2"]) if "y2" in m.groupdict() else int(m["y"])
    if depth == 1:
        m = _TITLE_YEAR.search(title)
        if m:
            return int(m["y"])
    return None


def _most_named_year(text: str) -> int | None:
    """The year a review part names most (at least twice): the year it looks back on."""
    counts: dict[str, int] = {}
    for m in _ANY_YEAR.finditer(text):
        y = text[m.start() - 4 : m.start()]
        counts[y] = counts.get(y, 0) + 1
    if not counts:
        return None
    y, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return int(y) if n >= 2 else None


def years(sections: list[Section], text: str, delivered: str | None, title: str | None,
          offset: int = 0) -> tuple[int | None, int | None]:
    """(report_year, review_year), from the report's own words first.

    The part headings name their years; a part's first sentence often does
    (2005年是…的重要一年); a report delivered in the last quarter (岳阳楼区:
    2017-12-25) sets targets for the next year; the targets paragraph names
    its year; the report's own title does.  A page's scraped header (年份：,
    发布时间：) is the site's and is never read.  A target passage heading
    alone is weaker evidence: sources mislabel it.
    """
    review = plan = None
    for s in sections:
        if s.depth > 2:
            continue
        if review is None and s.role == "review":
            review = _title_year(s.title, _REVIEW_YEAR, s.depth)
        if plan is None and s.role in ("plan", "targets"):
            plan = _title_year(s.title, _PLAN_YEAR, 0) or _title_year(s.title, _TARGET_YEAR, s.depth)
    if plan is None or review is None:
        # a part's first sentence names its year: "2005年是构建和谐社会…的重要一年"
        for s in sections:
            if s.depth == 1 and s.role in ("review", "plan", "targets"):
                m = _PART_OPENING_YEAR.match(text, s.heading_span[1] - offset, s.heading_span[1] - offset + 80)
                if m and s.role == "review" and review is None:
                    review = int(m["y"])
                elif m and s.role != "review" and plan is None:
                    plan = int(m["y"])
    if plan is None and review is not None:
        plan = review + 1
    if plan is None and delivered:
        y, mo = int(delivered[:4]), int(delivered[5:7])
        plan = y + 1 if mo >= 10 else y
    if plan is None:
        m = _TARGET_STATEMENT.search(text) if "主要预期目标" in text else None
        if m:
            plan = int(m["y"])
    if plan is None and title:
        m = re.search(r"(?<!\d)((?:19|20)\d\d)年(?!度)[^篇]*工作报告", title)
        if m:
            plan = int(m.group(1))
    if plan is None:
        first_review = next((s for s in sections if s.depth == 1 and s.role == "review"), None)
        if first_review is not None:
            a, b = first_review.span[0] - offset, first_review.span[1] - offset
            review = _most_named_year(text[a:b])
    if plan is None and review is None:
        m = _PLAN_YEAR.search(text) if _YEAR_WORK.search(text) else None
        if m:
            plan = int(m["y"])
    if plan is None and review is not None:
        plan = review + 1
    if review is None and plan is not None:
        review = plan - 1
    return plan, review


# ---------------------------------------------------------------------------
# Region

_LEVEL_CHAR = {"街道": "subdistrict", "省": "province", "州": "prefecture", "盟": "prefecture", "县": "county", "旗": "county",
               "区": "district", "镇": "town", "乡": "township"}


def level_from_org(org: str | None) -> str | None:
    """The level an organ's name implies: 区人民政府 → district, 县 → county …  (市 is ambiguous)."""
    if not org:
        return None
    if org.endswith("自治区"):
        return "province"
    for suffix, level in _LEVEL_CHAR.items():
        if org.endswith(suffix):
            return level
    return None


_ORGAN_BEFORE = re.compile(rf"[{_HAN}]{{2,12}}(?:[区县市州旗镇乡]|街道)$")


def _self_organs(text: str):
    """Names written right before 人民政府 or 办事处 (柳汀区人民政府, 粤海街道办事处), in order.

    Found from the fixed word backwards: a regex that tries every start
    position of a run of Chinese characters costs far more.
    """
    hits = []
    for word in ("人民政府", "办事处"):
        pos = text.find(word)
        while pos != -1:
            m = _ORGAN_BEFORE.search(text, max(0, pos - 14), pos)
            if m:
                hits.append((m.start(), m.group()))
            pos = text.find(word, pos + len(word))
    return [org for _pos, org in sorted(hits)]


# words that run into an organ's name in running text: 我代表县人民政府, 在市委和区人民政府
_FUNCTION_PREFIX = re.compile(r"^.+(?:代表|在|和|的|与|及|向|由|对|经|受|是|为|将|了)")
_SELF_REFERENCE = re.compile(r"(?:全|我)(街道|[省州县区旗镇乡])")


def self_level(text: str) -> str | None:
    """The level a report speaks from: 全县/我县 → county, 全区 → district … (全市 is ambiguous)."""
    counts: dict[str, int] = {}
    for m in _SELF_REFERENCE.finditer(text):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    if not counts:
        return None
    char, n = max(counts.items(), key=lambda kv: kv[1])
    return _LEVEL_CHAR.get(char) if n >= 2 else None


_PREFECTURE_CUES = re.compile(r"县[(（]?市[、,，]?区[)）]?|县市区|各区县|区县[(（]市[)）]")


def region(head: Header, text: str, title: str | None, trust_title: bool, *,
           year: int | None = None) -> Region | None:
    """Resolve the report's region from its header, opening, title and text.

    Clues are tried from the most to the least explicit: the session line,
    the speaker's organ, the delegate sentence (我代表…人民政府), the page
    title, a government naming itself in the text (柳汀区人民政府), then the
    place of the report's level that the text names most.  A place the
    dataset does not know keeps its name as written, with no code.
    ``year`` (the report's): names and codes of that year, former divisions
    included (清苑县 in 2013 → 130622, with its successor 清苑区); ``None``: today's.
    """
    national = _national_cue(head)
    if national:
        return Region(name=NATION, level="national", code=NATION_CODE, parent=None, full_name=NATION,
                      source=national)
    from ..regions import gazetteer

    g = gazetteer()
    clues: list[tuple[str, str]] = []
    for source, value in (("session", head.session_place), ("speaker", head.speaker_org),
                          ("delegate", head.delegate_org)):
        if value:
            clues.append((source, value))
    level = None
    for _source, value in clues:
        if MASK.search(value):
            return Region(name=None, level=level_from_org(value), code=None, parent=None, source="masked")
        level = level or level_from_org(value)
    if title and trust_title:
        m = TITLE_PLACE.search(title)
        if m and not MASK.search(m["place"]):
            clues.append(("title", m["place"]))
    if level is None:
        level = self_level(text)
    for org in _self_organs(text[: HEAD_CHARS * 8]):
        org = _FUNCTION_PREFIX.sub("", org)
        if len(org) >= 3 and not MASK.search(org) and _fits(org, level):
            clues.append(("organ", org))
    context = text[:HEAD_CHARS] + "\n" + (title or "")
    if title:
        t = TAG.search(title)
        if t:
            context = t["tag"] + "\n" + context
    for source, value in clues:
        place = _place_in(g, value, context, level, year)
        if place is not None:
            return _region(place, source)
    # the report states its own name, but the dataset does not know it (new or renamed places)
    stated = [(s, v) for s, v in clues if s != "organ"]
    unknown = _unresolved(stated, level, text)
    if unknown is not None:
        return unknown
    # a text that masks its own name (xx县, 新xx) must not be given a neighbour's
    place = _most_mentioned(g, text, level, single=not MASK.search(text), year=year)
    if place is not None:
        return _region(place, "mentions")
    unknown = _unresolved(clues, level, text)
    if unknown is not None:
        return unknown
    if level:
        return Region(name=None, level=level, code=None, parent=None, source="level-only")
    return None


# The State Council's report speaks for the whole country: the contract's code for it.
NATION, NATION_CODE = "中华人民共和国", "100000"
STATE_COUNCIL = "国务院"


def _national_cue(head: Header) -> str | None:
    """Which header clue says the State Council speaks: 我代表国务院, 国务院总理 …, or a
    session of the 全国人民代表大会 (a province's congress is 省人民代表大会)."""
    if head.delegate_org == STATE_COUNCIL:
        return "delegate"
    if head.speaker_org == STATE_COUNCIL:
        return "speaker"
    if head.session and "全国人民代表大会" in head.session and "常务委员会" not in head.session:
        return "session"
    return None


def _fits(name: str, level: str | None) -> bool:
    """Whether a name's suffix allows the report's level (a 市 may be a prefecture or a county)."""
    own = level_from_org(name)
    if level is None or own == level:
        return True
    return own is None and level in ("prefecture", "county")


def _unresolved(clues: list[tuple[str, str]], level: str | None, text: str) -> Region | None:
    """A stated name the dataset lacks, kept as written: it must carry a unit's suffix."""
    for source, value in clues:
        named = len(value) >= 3 and (level_from_org(value) is not None or value.endswith("市"))
        if named and _fits(value, level):
            own = level_from_org(value) or level or _city_level(value, text)
            return Region(name=value, level=own, code=None, parent=None, source=f"{source} (not in dataset)")
    return None


def _city_level(name: str, text: str) -> str | None:
    """A 市 is a prefecture when its report speaks of its counties and districts, and a
    county-level city when it speaks only of its towns and subdistricts (各乡镇（街道）)."""
    if not name.endswith("市"):
        return None
    if _PREFECTURE_CUES.search(text):
        return "prefecture"
    if _COUNTY_CITY_CUES.search(text):
        return "county"
    return None


_COUNTY_CITY_CUES = re.compile(r"乡镇[(（]街道[)）]|镇[(（]街道[)）]|乡镇街道|镇街道|各镇街|[0-9一二三四五六七八九十]+个(?:乡镇|镇|镇街)")


def _place_in(g, value: str, context: str, level: str | None, year: int | None = None):
    """The innermost place named in ``value`` (e.g. 衡阳市石鼓区 → 石鼓区)."""
    found = g.find(value, context=value + "\n" + context, year=year)
    if found:
        # outer names in the clue (衡阳市石鼓区) disambiguate the inner one
        return g.resolve(found[-1].matched, context=value + "\n" + context, year=year)
    if len(value) >= 2:
        return g.resolve(value, context=context, level=level, year=year)
    return None


def _mention_scores(g, text: str, levels, context: str,
                    year: int | None = None) -> tuple[list[tuple[object, int]], int]:
    """Places named in the first pages of ``text`` with how often each is named, and how
    many distinct names were found.

    A text names its place in full rarely and by its short form often (美丽赫山, 五个鹤城,
    洛阳市 … 洛阳), so a place named in full at least once scores by its short name's count.
    """
    window = text[:MENTION_WINDOW]
    counts: dict[str, int] = {}
    places = {}
    for m in g.find(window, levels=levels, context=context or window, year=year):
        counts[m.matched] = counts.get(m.matched, 0) + 1
        places[m.matched] = m.place  # already resolved against the context
    scored = []
    for name, n in counts.items():
        place = places[name]
        if place is not None:
            short = place.short if len(place.short) >= 2 else name
            scored.append((place, max(n, text.count(short))))
    scored.sort(key=lambda ps: -ps[1])
    return scored, len(counts)


def _most_mentioned(g, text: str, level: str | None, single: bool = False, year: int | None = None):
    """The place of the report's own level that its text names most often."""
    if level is None:
        return None
    scored, names = _mention_scores(g, text, {level}, "", year)
    if scored and (scored[0][1] >= MIN_MENTIONS or (single and names == 1)):
        return scored[0][0]  # named often, or the only place of the report's own level named at all
    return None


MIN_MENTIONS = 3
MENTION_WINDOW = 10000  # a report names itself throughout; its first pages are enough


SUB_COUNTY = ("town", "township", "subdistrict")


def _region(place, source: str) -> Region:
    """A region record; units below the county have no 6-digit code of their own.

    A former division (清苑县 before 2015) names today's one that continues it
    (清苑区), so that stores and views join the two.
    """
    if place.level in SUB_COUNTY:
        return Region(name=place.name, level=place.level, code=None, parent=place.parent or None,
                      full_name=place.name, source=source, parent_code=place.code)
    successor = None
    if place.valid_to is not None and place.successor:
        from ..regions import gazetteer

        now = gazetteer().get(place.successor)
        if now is not None:
            successor = {"name": now.name, "code": now.code}
    return Region(name=place.name, level=place.level, code=place.code, parent=place.parent or None,
                  full_name=place.name, source=source,
                  parent_code=place.parent_codes[-1] if place.parent_codes else None, successor=successor)


def article_region(title: str | None, text: str, *, year: int | None = None) -> Region | None:
    """The place a news item or commentary is about: its title's tag or place, else the one it names most.

    Articles have no header or organ to read; their title names the place
    (【邵阳招商】…, 徐州市十六届人大三次会议开幕) or the body keeps naming it.
    """
    from ..regions import gazetteer

    g = gazetteer()
    context = (title or "") + "\n" + text[: HEAD_CHARS * 2]
    if title and not PART_TITLE.search(title):
        t = TAG.search(title)
        if t:
            place = g.resolve(t["tag"], context=context, year=year)
            if place is not None:
                return _region(place, "tag")
        for m in g.find(title, context=context, year=year):
            if m.place is not None:
                return _region(m.place, "title")
    scored, _names = _mention_scores(g, text, None, context, year)
    if scored and scored[0][1] >= 2:
        return _region(scored[0][0], "mentions")
    return None


# a compilation's part title (…报告篇三) names the site's subject, not the part's
PART_TITLE = re.compile(r"篇\s*(?:[一二三四五六七八九十百]+|\d+)\s*$|^【?篇")
