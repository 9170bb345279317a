"""Where the facts are: the passages announcing the year's main targets (a sentence
after a cue, the list lines after a bare cue, a target table) and the review part."""
from __future__ import annotations

import re
from decimal import Decimal

from ..model import Document, Section
from ..quantities import Quantity, find_quantities, unit_info
from .clauses import LABEL_PREFIX, MULTI_YEAR, SENTENCE_END, _attach, _Fact, _strip_verbs, _tax, _within, indicator_of

# the sentence that announces the year's main targets
TARGET_CUE = re.compile(
    r"(?:主要|预期|任务|奋斗|工作)(?:经济)?(?:社会)?(?:发展)?(?:预期)?(?:目标|指标)(?:任务)?"
    r"(?:建议|初步安排|安排)?(?:是|为|如下)?\s*[:：]|"
    r"(?:预期|主要|奋斗|工作)目标(?:任务)?(?:建议|初步安排|安排)?(?:是|为|如下[。:：]?)|目标任务(?:是|为)"
)
# a title that plans one year next to five (“十三五”发展目标和2016年工作安排) is not a five-year part
ONE_YEAR = re.compile(r"(?:19|20)\d\d年|今年|明年|本年|年度")
_ANNUAL_TARGETS = re.compile(r"预期目标|主要目标|主要指标|目标任务")


PASSAGE_LINES = 12


def target_passages(norm: str, doc: Document, qs: list[Quantity] | None = None) -> list[tuple[int, int]]:
    """Spans of the passages announcing the year's main targets (not five-year goals)."""
    out: list[tuple[int, int]] = []
    a, b = doc.span
    for m in _cues(norm, a, b):
        if qs is None:
            qs = find_quantities(norm, a, b)
        inside = [s for s in doc.sections if s.span[0] <= m.start() < s.span[1]]
        # the sentence starts after its last full stop, or after a heading fused into its line
        # (…主要目标和2026年重点工作2026年全县…主要预期目标是)
        lo = max([a, m.start() - 40] + [s.heading_span[1] for s in inside if s.heading_span[1] <= m.start()])
        before = norm[lo : m.start()]
        sentence_start = max(before.rfind(c) for c in SENTENCE_END) + 1
        if _states_five_year_goals(before[sentence_start:]):
            continue
        if inside:
            title = max(inside, key=lambda s: s.depth).title
            if MULTI_YEAR.search(title) and not ONE_YEAR.search(title):
                continue  # the goals of a five-year part (十三五时期…主要任务)
        end = _passage_end(norm, m.end(), b, qs)
        if any(s <= m.start() < e for s, e in out):
            continue
        out.append((m.end(), end))
    if qs is None:
        qs = find_quantities(norm, a, b)
    for sec in doc.sections:
        # a heading 主要预期目标 whose body lists the targets
        if sec.role == "targets" and _ANNUAL_TARGETS.search(sec.title) and not MULTI_YEAR.search(sec.title):
            a2 = sec.heading_span[1]
            b2 = min([t.heading_span[0] for t in doc.sections if t.heading_span[0] > a2] + [sec.span[1]])
            if _within(qs, a2, b2) and not any(s <= a2 < e or a2 <= s < b2 for s, e in out):
                out.append((a2, b2))
    return sorted(out)


def _states_five_year_goals(lead: str) -> bool:
    """Whether the words before a target cue announce five-year goals (“十四五”时期主要目标是).

    A sentence may name the plan only to say the year's targets fit it (对接“十四五”规划，今年
    主要预期目标是…; 与“十三五”规划相衔接，…): the clause right before the cue decides, and
    one that names the single year (今年, 2024年) and no period announces the year's targets.
    """
    if not MULTI_YEAR.search(lead):
        return False
    clause = lead[max(lead.rfind(c) for c in "，,；;") + 1 :]
    return not (ONE_YEAR.search(clause) and not MULTI_YEAR.search(clause) and not _BY_YEAR.search(clause))


# 到2025年…主要目标: the end of a period, not one year
_BY_YEAR = re.compile(r"[到至](?:19|20)\d\d年")


def _cues(norm: str, a: int, b: int):
    """Target cues, searched around the words 目标/指标 only: the cue regex opens with an
    alternation the engine would otherwise try at every character of the report."""
    last = a
    for start in _cue_words(norm, a, b):
        m = TARGET_CUE.search(norm, max(last, start - 12), min(b, start + 2 + 8))
        if m and m.start() >= last:
            last = m.end()
            yield m


def _cue_words(norm: str, a: int, b: int):
    """Starts of 目标 and 指标 in ``norm[a:b]``: the 标 found with ``str.find``, a
    plain character scan several times cheaper than a regex's two-character class."""
    i = norm.find("标", a + 1, b)
    while i != -1:
        if norm[i - 1] in "目指":
            yield i - 1
        i = norm.find("标", i + 1, b)


def _passage_end(norm: str, start: int, limit: int, qs: list[Quantity]) -> int:
    """The end of the target list: its sentence, or the list lines that follow a bare cue."""
    stop = norm.find("。", start, limit)
    line_end = norm.find("\n", start, limit)
    line_end = limit if line_end == -1 else line_end
    end = min(stop if stop != -1 else limit, line_end)
    if _within(qs, start, end):
        # the list may run on in the next sentences of the paragraph: 农民人均纯收入增长16%以上，…
        # (items set apart by 。, an item without a figure between them: 国际收支趋于平衡。)
        while end < line_end:
            nxt = _next_target_sentence(norm, end + 1, line_end, qs)
            if nxt is None:
                break
            stop = norm.find("。", nxt, line_end)
            end = line_end if stop == -1 else stop
        return end
    # "主要预期目标是：" then one target per line
    pos, lines = line_end + 1, 0
    while pos < limit and lines < PASSAGE_LINES:
        nl = norm.find("\n", pos, limit)
        nl = limit if nl == -1 else nl
        line = norm[pos:nl].strip()
        if line:
            if not _within(qs, pos, nl) and not _TABLE_ROW.match(line):
                if lines == 0 and _TABLE_HEADER.match(line):
                    pos = nl + 1  # 指标 单位 目标: the header of a target table
                    continue
                if not _LIST_ITEM.match(line) or _LIST_END.search(line):
                    break
                # an item without a figure (外贸进出口总额保持稳定；) is still part of the list
            elif _LIST_END.search(line):
                break
            end = nl
            lines += 1
        pos = nl + 1
    return end


# a target-list item: short, one clause or a few, ending like a list item (；, 。 or nothing)
_LIST_ITEM = re.compile(r"^[^。]{2,80}[；;。]?$")
# what ends a target list: a heading, a lead-in to what follows, a line announcing another list
_LIST_END = re.compile(r"^(?:[(（]?[一二三四五六七八九十]+[)）、]|#)|[:：]$|^(?:为实现|实现上述|围绕上述|为完成|完成上述)")


_TABLE_HEADER = re.compile(r"^[^\d\t]{1,12}(?:\t[^\d\t]{1,12}){1,4}$")
_TABLE_ROW = re.compile(r"^[^\t]{2,30}\t[^\t]{0,6}\t[-+]?\d+(?:\.\d+)?")
_ROW_VALUE = re.compile(r"[-+]?\d+(?:\.\d+)?")
_ROW_QUALIFIER = re.compile(r"左右|以上|以内|以下|上下")


def table_targets(norm: str, start: int, end: int) -> list[_Fact]:
    """Rows of a target table (指标 | 单位 | 目标: 地区生产总值增长 | % | 8左右), one fact each.

    A table has no verbs between name and figure: the unit column says what
    the number is, and a name ending in 增长/下降 makes it a growth.
    """
    out = []
    pos = start
    for line in norm[start:end].split("\n"):
        if _TABLE_ROW.match(line.strip()):
            lead = len(line) - len(line.lstrip())
            cells = line.strip().split("\t")
            label, unit, value = cells[0].strip(), cells[1].strip(), cells[2].strip()
            m = _ROW_VALUE.match(value)
            qual = _ROW_QUALIFIER.search(value, m.end())
            sign = -1 if label.endswith(("下降", "降低")) else 1 if label.endswith(("增长", "增速", "增幅")) else 0
            if sign:
                label = label[:-2]
            info = unit_info(unit)
            v = Decimal(m.group())
            a = pos + lead
            vs = a + line.strip().index(value)
            q = Quantity(vs, vs + len(value), vs, vs + m.end(), v, None, None, unit, info[0] if info else None,
                         v * info[1] if info else None, info[2] if info else None, qual.group() if qual else "")
            f = _Fact(label, a, a, a + len(line.strip()))
            _attach(f, q, sign)
            out.append(f)
        pos += len(line) + 1
    return out


def _next_target_sentence(norm: str, start: int, limit: int, qs: list[Quantity]) -> int | None:
    """Where the list goes on after a full stop: the next sentence if it opens with a target,
    else the first such sentence after at most ``GAP_ITEMS`` short items without a figure
    (居民收入增长和经济发展同步。), or None: the list has ended."""
    pos = start
    for _ in range(GAP_ITEMS + 1):
        if _opens_with_target(norm, pos, limit):
            return pos
        stop = norm.find("。", pos, min(limit, pos + GAP_CHARS + 1))
        if stop == -1 or _within(qs, pos, stop):
            return None
        pos = stop + 1
    return None


GAP_ITEMS = 2
GAP_CHARS = 30  # an item without a figure is short; a longer sentence is the text after the list


def _opens_with_target(norm: str, start: int, limit: int) -> bool:
    """A sentence that starts by naming an indicator and its target figure: the name (after a
    list marker or 全年…) then nothing but the genre's verbs before the figure (增长7%,
    分别增长6%和7%, 控制在4.5%以内, 1100万人以上)."""
    head = norm[start : min(limit, start + 40)]
    d = _DIGIT.search(head)
    if d is None:
        return False
    hits = _tax().find(head, 0, d.start())
    if hits and hits[0][0] <= 4:
        words = head[hits[-1][1] : d.start()]
        return len(words) <= 8 and _strip_verbs(words) == ""
    # a name the automaton does not hold: 经济增长6%左右 (a whole label of its own)
    label = _strip_verbs(head[: d.start()])
    label = label[LABEL_PREFIX.match(label).end() :]
    return 0 < len(label) <= 6 and indicator_of(label) is not None


_DIGIT = re.compile(r"[0-9]")


def _review_spans(doc: Document) -> list[tuple[int, int]]:
    """Where the review year's results are: everything before the first plan part
    (the review's headline paragraph often precedes its first heading), and any
    review section after it."""
    plans = [s.span[0] for s in doc.sections if s.role in ("plan", "targets")]
    first_plan = min(plans, default=doc.span[1])
    spans = [(doc.span[0], first_plan)]
    spans += [s.span for s in doc.sections if s.role == "review" and s.span[0] >= first_plan and _top(s, doc.sections)]
    return spans


def _top(section: Section, sections: list[Section]) -> bool:
    """A review section not nested in another review section (to read each span once)."""
    return not any(p is not section and p.role == "review" and p.span[0] <= section.span[0]
                   and section.span[1] <= p.span[1] and p.depth < section.depth for p in sections)
