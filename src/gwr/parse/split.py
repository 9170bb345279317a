"""Split one file's text into documents.

Collected material comes in three shapes, and a file is read as the first
that fits:

* a *compilation* page that pastes several texts under part headings
  (``XX政府工作报告篇三``, ``【篇三】``, ``第三篇：``), with a site preface and
  pagination markers (``共3页，当前第2页``) between the parts;
* a *listing* page of short items, each a bracketed title line
  (``【X招商】…``), a body and a posting-date line;
* a *feed* of articles, each a headline with the site's dated byline right
  under it (``发布时间：2024-03-12 来源：…``), then its body;
* a single text (one report as saved from a site).

Each piece gets a ``kind``; classifying is left to ``classify`` so that the
same rules judge a 篇, a listing item and a whole file.
"""
from __future__ import annotations

import functools
import logging
import re

from .genre import CN_NUM, alternation, count_words, pattern, vocabulary
from .lines import Lines
from ..model import Piece
from .normalize import normalize

LOGGER = logging.getLogger(__name__)

_MARK = r"[#*\s]*"
# 篇 headings: suffix form (…报告篇三), prefix form (【篇三】…, 篇三：…), 第三篇.
PART_HEADING = re.compile(
    rf"^{_MARK}(?:(?P<title>[^\n。；;!！?？]{{0,60}}?)\s*(?:篇|心得体会|心得|体会|范文)\s*(?P<n1>{CN_NUM}|\d{{1,3}}){_MARK}$"
    rf"|【?篇\s*(?P<n2>{CN_NUM}|\d{{1,3}})】?\s*[:：、.．]?\s*(?P<t2>[^\n]{{0,80}})$"
    rf"|第\s*(?P<n3>{CN_NUM}|\d{{1,3}})\s*篇\s*[:：、.．]?\s*(?P<t3>[^\n]{{0,80}})$)"
)
_PART_WORD = re.compile("篇|心得|体会|范文")
LISTING_TITLE = re.compile(r"^\s*[-*•]?\s*【[^】\n]{1,30}】\s*\S")
DATE_LINE = re.compile(
    r"^\s*(?:发布(?:时间|日期)[:：]\s*)?(?P<y>(?:19|20)\d\d)[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?"
    r"(?:\s+\d{1,2}:\d\d(?::\d\d)?)?\s*$"
)
# a byline under a headline: 发布时间：2024-03-12 10:30  来源：… (a labelled date, then anything short)
BYLINE = re.compile(
    r"^\s*(?:(?:发布|发表|更新|上传)(?:时间|日期)|时间|日期)\s*[:：]\s*"
    r"(?P<y>(?:19|20)\d\d)[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?(?:\s*\d{1,2}:\d\d(?::\d\d)?)?"
    r"(?:\s+\S.{0,80})?\s*$"
)
MAX_HEADLINE = 80
SEPARATOR = re.compile(r"^\s*(?:-{1,}|\*{3,}|_{3,}|={3,}|·{3,})\s*$")
BULLET_SHORT = re.compile(r"^\s*[-*•]\s*\S{1,12}\s*$")

MAX_BOILERPLATE_LINE = 60
MIN_OWN_PREFACE = 1000  # a preface shorter than this is the site's title and blurb


def _page_marker() -> re.Pattern[str]:
    return pattern("page_marker")


def _site() -> re.Pattern[str]:
    return pattern("site_boilerplate")


def is_boilerplate_line(line: str) -> bool:
    """A short line made of site furniture: pagination, footer links, contact lines, a toolbar.

    A longer line (a site's copyright notice with its links) needs two cues.
    """
    s = line.strip()
    if not s or len(s) > 4 * MAX_BOILERPLATE_LINE:
        return False
    if len(s) <= MAX_BOILERPLATE_LINE:
        return bool(_page_marker().search(s) or _site().search(s)) or is_toolbar_line(s)
    return len(set(_site().findall(s))) >= 2


_TOOLBAR_GAPS = re.compile(r"[\s【】\[\]()（）|｜/／:：、,，·•<>《》\-—_]+")


def is_toolbar_line(line: str) -> bool:
    """A page's toolbar (【下载】【打印】 字号：大 中 小 分享): nothing but the toolbar's words
    (``page_toolbar`` in genre.json) between brackets and bars, at least two of them, one
    longer than a character — so that 大 中 小 alone, or a sentence, never is one."""
    if len(line) > MAX_BOILERPLATE_LINE:
        return False
    squeezed = _TOOLBAR_GAPS.sub("", line)
    if not squeezed:
        return False
    words = pattern("page_toolbar").findall(squeezed)
    if len(words) < 2 or max(map(len, words)) < 2 or sum(map(len, words)) != len(squeezed):
        return False
    return True


def split(text: str, norm: str | None = None) -> list[Piece]:
    """Find the documents in ``text``; each gets 1-based inclusive lines.

    ``norm`` is ``normalize(text)`` when the caller already has it.
    """
    lines = Lines.of(text)
    if norm is None:
        norm = normalize(text)
    nlines = norm.split("\n")
    parts = [i for i, s in enumerate(nlines, 1) if len(s) <= 100 and _PART_WORD.search(s) and PART_HEADING.match(s)]
    items = _listing_items(nlines)
    if len(parts) < 2:
        parts = _report_titles(nlines)
    feed = _feed_items(nlines) if len(items) < 2 else []
    if len(parts) >= 2 and len(parts) >= max(len(items), len(feed)):
        spans = _compilation(nlines, parts)
    elif len(items) >= 2:
        spans = _listing(nlines, items)
    elif len(feed) >= 2:
        spans = _feed(nlines, feed)
    else:
        spans = _single(nlines)
    pieces: list[Piece] = []
    for first, last, kind, title_line, posted in spans:
        title = None
        title_span = None
        if title_line:
            raw = lines.line(title_line)
            title = _clean_title(raw)
            title_span = (lines.start(title_line), lines.end(title_line))
        start, end = lines.start(first), lines.end(last)
        if kind is None:
            kind = classify(norm[start:end], listing=posted is not None)
        pieces.append(Piece(len(pieces), first, last, start, end, kind, title, title_span, posted))
    return pieces


_Span = tuple[int, int, "str | None", "int | None", "str | None"]


def _trim(nlines: list[str], first: int, last: int) -> tuple[int, int] | None:
    """Shrink [first, last] to its non-blank lines; None if all blank."""
    while first <= last and not nlines[first - 1].strip():
        first += 1
    while last >= first and not nlines[last - 1].strip():
        last -= 1
    return (first, last) if first <= last else None


def _footer_start(nlines: list[str], first: int, last: int) -> int:
    """First line of the trailing block of site furniture in [first, last], or last+1.

    Furniture is pagination, footer words, short link bullets and markdown
    links; a list of headlines under a list header (往期推荐, 相关阅读) is too.
    """
    i = last
    start = last + 1
    seen_site = False
    while i >= first:
        s = nlines[i - 1]
        if not s.strip():
            i -= 1
            continue
        if is_boilerplate_line(s):
            seen_site = True
            start = i
        elif BULLET_SHORT.match(s) or SEPARATOR.match(s) or LINK_LINE.match(s):
            start = i
        else:
            break
        i -= 1
    # headlines listed under a list header just above the block
    j, headlines = i, 0
    while j >= first and headlines <= MAX_HEADLINES:
        s = nlines[j - 1].strip()
        if not s:
            j -= 1
            continue
        if LIST_HEADER.search(s) and len(s) <= 12:
            if headlines:
                start, seen_site = j, True
            break
        if len(s) > 40 or HEADLINE_STOP.search(s):
            break
        headlines += 1
        j -= 1
    return start if seen_site else last + 1


LINK_LINE = re.compile(r"^\s*[-*•·]?\s*\[[^\]]+\]\([^)]*\)\s*$")
LIST_HEADER = re.compile(r"往期|相关阅读|相关文章|相关推荐|推荐阅读|猜你喜欢|热门文章|延伸阅读|更多阅读")
HEADLINE_STOP = re.compile(r"[。；;！!]")
MAX_HEADLINES = 8


def _segments_with_markers(nlines: list[str], first: int, last: int) -> list[_Span]:
    """Cut [first, last] at pagination lines, which become one-line boilerplate pieces."""
    out: list[_Span] = []
    cur = first
    for i in range(first, last + 1):
        s = nlines[i - 1]
        if "页" in s and len(s.strip()) <= MAX_BOILERPLATE_LINE and _page_marker().search(s):
            t = _trim(nlines, cur, i - 1)
            if t:
                out.append((t[0], t[1], None, t[0], None))
            out.append((i, i, "boilerplate", i, None))
            cur = i + 1
    t = _trim(nlines, cur, last)
    if t:
        out.append((t[0], t[1], None, t[0], None))
    return out


def _compilation(nlines: list[str], parts: list[int]) -> list[_Span]:
    n = len(nlines)
    spans: list[_Span] = []
    pre = _trim(nlines, 1, parts[0] - 1)
    if pre:
        for a, b, kind, _t, _p in _segments_with_markers(nlines, *pre):
            # The preface is the site's title and blurb unless it is a text of its own.
            if kind is None:
                body = "\n".join(nlines[a - 1 : b])
                own_text = len(body) >= MIN_OWN_PREFACE and classify(body) in ("official_report", "report_excerpt")
                kind = None if own_text else "boilerplate"
            spans.append((a, b, kind, a, None))
    bounds = parts + [n + 1]
    for k, head in enumerate(parts):
        last = bounds[k + 1] - 1
        end = _footer_start(nlines, head, last) - 1  # a part may end with the site's links (相关阅读…)
        segs = _segments_with_markers(nlines, head, end)
        for j, (a, b, kind, _t, _p) in enumerate(segs):
            # The text of a 篇 runs from its heading; later pieces are page markers.
            spans.append((a, b, kind, head if (j == 0 and kind is None) else a, None))
        if k < len(parts) - 1:
            between = _trim(nlines, end + 1, last)
            if between:
                spans.extend(_furniture(nlines, *between))
    tail = _trim(nlines, _footer_start(nlines, parts[-1], n), n)
    if tail and tail[0] > parts[-1]:
        spans.extend(_furniture(nlines, *tail))
    return spans


def _furniture(nlines: list[str], first: int, last: int) -> list[_Span]:
    """A trailing block of site furniture, each pagination line a piece of its own."""
    return [(a, b, "boilerplate", a, None) for a, b, _k, _t, _p in _segments_with_markers(nlines, first, last)]


def _listing_items(nlines: list[str]) -> list[tuple[int, int, str]]:
    """(title line, date line, date) of each listing item: a bracketed title, a body, a date."""
    items = []
    n = len(nlines)
    i = 1
    while i <= n:
        if "】" in nlines[i - 1] and LISTING_TITLE.match(nlines[i - 1]):
            for j in range(i + 1, min(n, i + 6) + 1):
                m = DATE_LINE.match(nlines[j - 1])
                if m:
                    items.append((i, j, f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"))
                    i = j
                    break
                if LISTING_TITLE.match(nlines[j - 1]):
                    break
        i += 1
    return items


def _listing(nlines: list[str], items: list[tuple[int, int, str]]) -> list[_Span]:
    n = len(nlines)
    spans: list[_Span] = []
    pre = _trim(nlines, 1, items[0][0] - 1)
    if pre:
        body = [s for s in nlines[pre[0] - 1 : pre[1]] if s.strip() and not SEPARATOR.match(s)]
        if body:
            spans.append((pre[0], pre[1], "boilerplate", pre[0], None))
    for k, (a, b, posted) in enumerate(items):
        spans.append((a, b, None, a, posted))
        nxt = items[k + 1][0] - 1 if k + 1 < len(items) else n
        gap = _trim(nlines, b + 1, nxt)
        if gap:
            real = [s for s in nlines[gap[0] - 1 : gap[1]] if s.strip() and not SEPARATOR.match(s)]
            if real:
                spans.append((gap[0], gap[1], "boilerplate", gap[0], None))
    return spans


def _feed_items(nlines: list[str]) -> list[tuple[int, str]]:
    """(headline line, date) of each article of a feed: a headline with a byline under it."""
    items = []
    for j, line in enumerate(nlines, 1):
        if j < 2 or ":" not in line and "：" not in line:
            continue
        m = BYLINE.match(line)
        if not m:
            continue
        i = j - 1
        if not nlines[i - 1].strip() and i > 1:
            i -= 1  # one blank line between a headline and its byline
        head = nlines[i - 1].strip()
        if head and len(head) <= MAX_HEADLINE and not HEADLINE_STOP.search(head[-1]) and not BYLINE.match(head):
            items.append((i, f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"))
    return items


def _feed(nlines: list[str], items: list[tuple[int, str]]) -> list[_Span]:
    """Each article from its headline to the next one's; the site's furniture before, between
    and after them is boilerplate."""
    n = len(nlines)
    spans: list[_Span] = []
    pre = _trim(nlines, 1, items[0][0] - 1)
    if pre:
        spans.append((pre[0], pre[1], "boilerplate", pre[0], None))
    for k, (a, posted) in enumerate(items):
        last = items[k + 1][0] - 1 if k + 1 < len(items) else n
        end = _footer_start(nlines, a, last) - 1
        t = _trim(nlines, a, end)
        if t:
            spans.append((t[0], t[1], None, a, posted))
        tail = _trim(nlines, end + 1, last)
        if tail:
            spans.append((tail[0], tail[1], "boilerplate", tail[0], None))
    return spans


def _single(nlines: list[str]) -> list[_Span]:
    t = _trim(nlines, 1, len(nlines))
    if not t:
        return []
    foot = _footer_start(nlines, t[0], t[1])
    spans: list[_Span] = []
    body = _trim(nlines, t[0], foot - 1)
    if body:
        inner = _embedded_report(nlines, *body)
        if inner:
            lead = _trim(nlines, body[0], inner - 1)
            if lead:
                spans.append((lead[0], lead[1], _lead_kind(nlines, *lead), lead[0], None))
            body = (inner, body[1])
        spans.append((body[0], body[1], None, body[0], None))
    tail = _trim(nlines, foot, t[1])
    if tail:
        spans.extend(_furniture(nlines, *tail))
    return spans


def _lead_kind(nlines: list[str], first: int, last: int) -> str | None:
    """The kind of what stands above a report printed in a page, or None to let ``classify`` judge.

    A page's header — its title, byline and toolbar, and a summary of the report
    under a label (内容摘要：…, 导读：…) — is boilerplate: the summary repeats the
    report's own words and figures, so read as a text of its own it would count the
    report twice.  A lead with prose of its own (a news article) is left to classify.
    """
    lines = [s for s in nlines[first - 1:last] if s.strip()]
    if any(_summary_label().match(s) for s in lines):
        return "boilerplate"
    if all(_header_line(s) for s in lines):
        return "boilerplate"
    return None


def _header_line(line: str) -> bool:
    s = line.strip()
    return (is_boilerplate_line(s) or bool(BYLINE.match(s) or DATE_LINE.match(s))
            or (len(s) <= MAX_HEADLINE // 2 and not HEADLINE_STOP.search(s)))


@functools.cache
def _summary_label() -> re.Pattern[str]:
    """A line opening with a summary's label: 内容摘要：, 【导读】, 摘要 on a line of its own."""
    words = alternation(vocabulary()["summary_label"])
    return re.compile(rf"^[\s#*]*(?:[【\[〔(（](?:{words})[】\]〕)）]|(?:{words})\s*(?:[:：]|$))")


# a report's own title: it names the report (…政府工作报告（全文）), it does not cite it
# (《政府工作报告》相关名词解释, 政府工作报告解读)
REPORT_TITLE = re.compile(
    r"^[#*\s]*(?:【[^】]{0,20}】)?[^。，,；;！!？?《》]{0,40}政\s*府\s*工\s*作\s*报\s*告"
    r"\s*(?:[（(](?:全文|摘要|节选|摘登|全文发布)[）)]|全文)?[#*\s]*$"
)
FULL_TEXT_CUE = re.compile(r"^[\s(（【]*(?:以下(?:为|是)|下面是)?(?:政府工作)?报告全文(?:如下)?[)）】:：\s]*$")
DELIVERY_FRAME = re.compile(r"在.{2,40}?(?:会议|大会)上|人民代表大会")
COLLECTION_TITLE = re.compile(r"汇编|汇总|精选|范文|大全|合集|\d+篇|[一二两三四五六七八九十]+篇")
MIN_PART_LINES = 8  # a title followed by less than this is a page's title, not a part


def _report_titles(nlines: list[str]) -> list[int]:
    """Lines titling one report each (## 2023年某县政府工作报告（全文）) on a page that pastes several.

    Two titles count as parts only with a report's worth of text between them;
    a page title repeated above its article is one report.
    """
    titles = [i for i, s in enumerate(nlines, 1)
              if "报告" in s and len(s) <= 70 and REPORT_TITLE.match(s) and not COLLECTION_TITLE.search(s)]
    parts: list[int] = []
    for i in titles:
        if parts and sum(1 for s in nlines[parts[-1] : i - 1] if s.strip()) < MIN_PART_LINES:
            continue  # the report's own title right under its part heading
        parts.append(i)
    if len(parts) >= 2 and sum(1 for s in nlines[parts[-1]:] if s.strip()) >= MIN_PART_LINES:
        return parts
    return []


def _embedded_report(nlines: list[str], first: int, last: int) -> int | None:
    """The first line of a report printed inside an article (news lead, then 以下为报告全文 …).

    A report's own title block — 政府工作报告 with its delivery line (——…在…会议上)
    right below — or a 报告全文 cue starts it; the text before is the article's.
    """
    for i in range(first + 3, min(last, first + 200)):
        s = nlines[i - 1]
        if FULL_TEXT_CUE.match(s):
            nxt = _trim(nlines, i + 1, last)
            return nxt[0] if nxt else None
        if "报告" in s and len(s) <= 70 and REPORT_TITLE.match(s):
            below = " ".join(nlines[i : i + 4])
            if DELIVERY_FRAME.search(below):
                return i
    return None


_TITLE_MARKS = re.compile(r"^[#*\s\u3000]+|[#*\s\u3000]+$")


def _clean_title(line: str) -> str:
    return _TITLE_MARKS.sub("", line)


# ---------------------------------------------------------------------------
# Kinds


_CLASSIFY_WORDS = ("part_review", "part_plan", "first_person_not", "first_person", "commentary", "news",
                   "report_voice")


_DELEGATE_OPENING = re.compile(r"我(?:谨)?代表(?:国务院|.{0,20}?(?:人民政府|政府|办事处))")
SESSION_HEADER = re.compile(r"在.{0,40}?人民代表大会.{0,20}?会议上")


def classify(text: str, *, listing: bool = False) -> str:
    """Kind of a piece of text: official_report, report_excerpt, commentary or news.

    A report speaks to the congress in the government's voice (各位代表, 我代表…
    政府向大会报告) and closes with a call (让我们…而奋斗): a text with that whole
    frame is a report at any length; one with its opening and both a review and
    a plan is a report too.  Commentary talks *about* a report in the first
    person singular (我认为, 作为一名); news reports on one in the third person
    (本报讯, 日上午, 据了解).  Boilerplate is decided by the splitter, which sees
    the page's furniture.
    """
    size = len(text)
    if size > SAMPLE_HEAD + SAMPLE_TAIL:
        # the kind shows in a text's first pages and its end; counting over all
        # of a 40,000-character report only costs time
        text = text[:SAMPLE_HEAD] + "\n" + text[-SAMPLE_TAIL:]
    head = text[:1500]
    session = bool(SESSION_HEADER.search(head))
    # the opening stands before the body: in a short text, 各位代表 near the end is the closing
    opening = session or bool(pattern("opening").search(text, 0, min(800, max(200, len(text) // 3))))
    tail = text[-3000:] if len(text) > 3000 else text
    closing = bool(pattern("closing").search(tail))
    if (session or _DELEGATE_OPENING.search(head)) and closing and size >= MIN_REPORT:
        return "official_report"  # the government addresses the congress and closes: a whole report
    counts = count_words(text, _CLASSIFY_WORDS)
    about, singular = counts["commentary"], counts["first_person"]
    news, voice = counts["news"], counts["report_voice"]
    review, plan = counts["part_review"] > 0, counts["part_plan"] > 0
    if not session:
        if about >= 3 and singular >= 2 and singular >= news:
            return "commentary"
        if news >= 2 and not opening:
            return "news"
        if about >= 3 and about * 4 >= voice:
            return "commentary"
    if opening and closing and size >= MIN_REPORT:
        return "official_report"
    if opening and review and plan and size >= MIN_FRAMELESS_REPORT:
        return "official_report"
    if review and plan and closing and size >= 2 * MIN_FRAMELESS_REPORT:
        return "official_report"
    if listing and not (opening or review or plan):
        return "news"
    if voice >= 3 or opening or review or plan:
        return "report_excerpt"
    if about:
        return "commentary"
    return "news"


SAMPLE_HEAD, SAMPLE_TAIL = 4000, 2000
MIN_REPORT = 300  # a whole frame (opening … closing) around less than this is not a report
MIN_FRAMELESS_REPORT = 1500
