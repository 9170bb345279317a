"""The section tree of a report: headings, their depth and their role.

Reports number their headings in a fixed order of styles — 一、 then （一）
then 1. then （1） then ① — with unnumbered part titles (``2018年工作安排``)
above them all.  Markdown ``#`` levels on web copies are unreliable (a page
jumps from ``##`` to ``####``), so depth comes from the numbering style: a
heading closes every open heading of the same or a lower rank.  Many numbered
"headings" are lead sentences (``（一）稳定经济增长，促进转型发展。全力开展…``):
the title is the lead sentence.  Reports pasted as one long line keep their
top-level headings fused with the text (``一、2019年工作回顾2019年是…``); those
are found inside the line when their title names a part of the report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from functools import cache

from .genre import alternation, pattern, role_patterns, vocabulary
from ..model import Section
from .split import is_boilerplate_line

_CN = "一二三四五六七八九十"
_MD = re.compile(r"^(?P<md>#{1,6})[ \t]*|^\*\*(?=.+\*\*[ \t]*$)")
_NUMBERING = re.compile(
    "|".join(
        f"(?P<r{rank}_{i}>{rx})"
        for i, (rank, rx) in enumerate([
            (1, rf"第[{_CN}]{{1,3}}部分[、，,:：\s]*"),
            (1, rf"[{_CN}]{{1,3}}(?:、|[.．](?!\d))"),
            (2, rf"[(（][{_CN}]{{1,3}}[)）][、.．]?"),
            (3, r"\d{1,2}(?:、|[.．](?!\d))"),
            (3, rf"第[{_CN}]{{1,3}}[、，,:：]"),
            (4, r"[(（]\d{1,2}[)）][、.．]?"),
            (5, r"[①-⑳]"),
        ])
    )
)
# first characters a heading line can start with: anything else is a paragraph
_MAY_START = re.compile(rf"[ \t]*[#*第(（\d①-⑳{_CN}]|.{{1,{40}}}$")
_LEAD_END = re.compile(r"[。；;:：！!？?]")
# an unnumbered part title is a short whole line: no sentence punctuation inside it, no
# bullet or caption mark before it (· ▲ —), no table cells, not a file name
_NOT_A_TITLE = re.compile(r"[。，,；;！!：:\t]|^[·•▲△■□●○◆◇>\-—(（]|\.[A-Za-z]{2,4}$")
_YEAR_PART = re.compile(r"^(?:(?:19|20)\d\d|20[xX×]{2}|[xX×]{2,4}|今|明|下半|上半)年.{0,12}?(?:工作|回顾|安排|目标|任务|计划|部署)")
MAX_BARE_TITLE = 24


@cache
def _part_words() -> str:
    kw = vocabulary()["role_keywords"]
    return alternation([w for role in ("targets", "problems", "self_government", "review", "plan")
                        for w in kw[role] if len(w) >= 3])


@cache
def _inline() -> re.Pattern[str]:
    """Top-level headings fused into a long line: a numbering and a title naming a part."""
    return re.compile(rf"(?P<num>[{_CN}][{_CN}]?、)(?P<title>[^。；;，,]{{0,24}}?(?:{_part_words()}))")


@cache
def _title_more() -> re.Pattern[str]:
    """A fused title going on past its first part word: 2025年主要工作 + 和"十四五"发展成就."""
    return re.compile(rf"[和与及暨、][^。；;，,]{{0,20}}?(?:{_part_words()})")


def _fused_title_end(text: str, end: int) -> int:
    """Where a fused title ends: after the part words its conjunctions join."""
    for _ in range(3):
        m = _title_more().match(text, end)
        if not m:
            break
        end = m.end()
    return end


MAX_TITLE = 40
# how a part's first paragraph opens, right after a heading fused into it
_PARAGRAPH_OPENS = re.compile(r"(?:19|20)\d\d年|过去|一年来|五年来|今年|去年|各位代表|面对|我们|全[省市区县州镇乡旗]")
LONG_LINE = 2000  # longer lines are whole reports pasted as one line, not paragraphs
SHORT_PASTED = 400  # a shorter line is one pasted report only if it addresses the congress


@dataclass(slots=True)
class _Heading:
    rank: int
    start: int  # heading start (offset in text)
    end: int  # heading end
    title: str
    numbering: str | None


def _heading_of_line(line: str, offset: int) -> _Heading | None:
    s = line.rstrip()
    if not s:  # (stripped on the right, s is blank only if empty: no second copy of a long line)
        return None
    body = s.lstrip()
    lead = len(s) - len(body)
    md = _MD.match(body)
    marked = bool(md)
    if md:
        body = body[md.end() :]
        lead += md.end()
        if body.endswith("**"):
            body = body[:-2].rstrip()
    m = _NUMBERING.match(body)
    if m:
        rank = int(m.lastgroup[1])  # group names are r<rank>_<i>
        rest = body[m.end() :].lstrip()
        title = _lead_title(rest)
        if rank == 1 and len(rest) > MAX_TITLE:
            # 一、2024年工作回顾2024年，全市… : the heading runs straight into its paragraph
            fm = _inline().match(m.group(0) + rest)
            if fm:
                end = _fused_title_end(m.group(0) + rest, fm.end()) - len(m.group(0))
                if title is None or _PARAGRAPH_OPENS.match(rest, end):
                    title = rest[:end]
        if title is None or ("工作报告" in title and not _role_of(title)):
            return None  # 一、某县2019年政府工作报告: a report's title, not one of its parts
        start = offset + lead
        end = start + m.end() + (len(body) - m.end() - len(rest)) + len(title)
        return _Heading(rank, start, end, title.rstrip("。；;:："), m.group(0).strip())
    if len(body) > (MAX_TITLE if marked else MAX_BARE_TITLE) or _NOT_A_TITLE.search(body):
        return None
    if marked or (_YEAR_PART.match(body) or _role_of(body)):
        if "篇" in body[-3:] or ("工作报告" in body and not _role_of(body)) or is_boilerplate_line(body):
            return None
        start = offset + lead
        return _Heading(0, start, start + len(body), body.rstrip("?？"), "#" if marked else None)
    return None


def _lead_title(rest: str) -> str | None:
    """The heading text of a numbered line: all of a short line, else its lead sentence."""
    if len(rest) <= MAX_TITLE and not _LEAD_END.search(rest[:-1] if rest else rest):
        return rest
    m = _LEAD_END.search(rest)
    if m and m.start() <= MAX_TITLE + 10:
        return rest[: m.start()]
    return None


def _role_of(title: str) -> str | None:
    for role, rx in role_patterns():
        if rx.search(title):
            if role == "targets" and (pattern("multi_year").search(title) or _AND_TASKS.search(title)):
                return "plan"  # 十四五 goals, or 目标和重点任务: the plan, not the annual targets alone
            return role
    return None


_AND_TASKS = re.compile(r"[和与及](?:重点|主要)?(?:任务|工作)")


# first characters a heading line can start with; other lines are headings only when short
_HEAD_START = frozenset("#*第(（0123456789①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳" + _CN + " \t")


def find_headings(text: str, start: int, end: int) -> list[_Heading]:
    """Headings in ``text[start:end]`` (``text`` normalised), in order.

    A plain loop over lines with a first-character test is cheaper than a
    multiline regex; inside very long lines (a report pasted as one line),
    fused part headings are searched for.
    """
    heads: list[_Heading] = []
    fused = False
    pos = start
    for line in text[start:end].split("\n"):
        n = len(line)
        if n and (n <= MAX_TITLE + 4 or line[0] in _HEAD_START):
            h = _heading_of_line(line, pos)
            if h:
                heads.append(h)
        if n > LONG_LINE or (n > SHORT_PASTED and "各位代表" in line):
            for m in _inline().finditer(text, pos + 1, pos + n):
                a = m.start("num")
                # a fused heading follows the end of a sentence (or a space), never a word
                if text[a - 1] in _SENTENCE_END:
                    e = _fused_title_end(text, m.end())
                    heads.append(_Heading(1, a, e, text[m.start("title") : e], m["num"]))
                    fused = True
        pos += n + 1
    if fused:
        heads.sort(key=lambda h: h.start)
    return heads


_SENTENCE_END = frozenset("。！？!? \t\u3000")


def _tense_role(body: str) -> str:
    """review or plan for an untitled top-level part, by its verbs' tense."""
    fut = len(pattern("future_markers").findall(body))
    past = len(pattern("past_markers").findall(body))
    return "plan" if fut > past * 1.5 else "review"


_PART_ROLES = {"review", "plan", "targets", "problems", "self_government"}


def _top_style_first(heads: list[_Heading]) -> list[_Heading]:
    """Depth follows the document: where the parts are numbered 1. 2. 3. (no 一、), that style
    is the top and （一） nests under it, though 1. ranks below （一） by convention."""
    ranks = {h.rank for h in heads}
    if 0 in ranks or 1 in ranks:
        return heads
    top = next((h.rank for h in heads if _role_of(h.title) in _PART_ROLES), None)
    if top is None or top == min(ranks, default=top):
        return heads
    for h in heads:
        h.rank = 1 if h.rank == top else h.rank + 1
    return heads


def sections(text: str, start: int, end: int) -> list[Section]:
    """The section tree of the document ``text[start:end]`` as a flat list with depths."""
    heads = _top_style_first(find_headings(text, start, end))
    out: list[Section] = []
    stack: list[tuple[int, int]] = []  # (rank, index in out)
    for k, h in enumerate(heads):
        while stack and stack[-1][0] >= h.rank:
            stack.pop()
        parent = out[stack[-1][1]] if stack else None
        depth = len(stack) + 1
        own = _role_of(h.title)
        if parent is None:
            role = own
        elif own == "problems" or (own in ("targets", "self_government") and parent.role in ("plan", "targets")):
            role = own
        else:
            role = parent.role
        out.append(Section(h.title, role or "", depth, (h.start, end), (h.start, h.end), h.numbering))
        stack.append((h.rank, len(out) - 1))
    # spans: up to the next heading of the same or a shallower depth
    for i, s in enumerate(out):
        for t in out[i + 1 :]:
            if t.depth <= s.depth:
                s.span = (s.span[0], t.span[0])
                break
    # untitled top-level parts take their role from their tense; children follow
    last_role = ""
    for s in out:
        if s.depth == 1 and not s.role:
            s.role = _tense_role(text[s.heading_span[1] : s.span[1]])
            if last_role == "plan" and s.role == "review":
                s.role = "plan"  # the plan never goes back to the review
        if s.depth == 1:
            last_role = s.role
    for i, s in enumerate(out):
        if not s.role:
            parents = [p for p in out[:i] if p.depth < s.depth and p.span[0] <= s.span[0] < p.span[1]]
            s.role = parents[-1].role if parents else "other"
    return out
