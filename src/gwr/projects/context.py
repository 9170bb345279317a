"""The reading of one document's span: candidates (_Cand) found from each amount,
their names and stages, and for news items projects and batches without an amount."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..quantities import Quantity
from .amounts import _int
from .geometry import WINDOW, _around, _breaks, _is_break, _windows
from .vocabulary import (
    _ABSTRACT,
    _ANNUAL,
    _ATTR_START,
    _ATTRIBUTE,
    _BACK_STOP,
    _BARE_MAGNITUDE,
    _BATCH_EVENT,
    _BREAKS,
    _BUILD_VERB,
    _C_LEAD,
    _COMPARED,
    _CONNECT,
    _CONTINUES,
    _COUNT_AFTER,
    _COUNT_BEFORE,
    _COUNT_NEXT,
    _CUE,
    _GENERIC,
    _HEAD,
    _HEAD_END,
    _HEADER_STAGE,
    _ITEMS,
    _LEAD,
    _LISTED_AS_PROJECT,
    _MARKER,
    _MODAL,
    _NOT_WORD,
    _OBJECT_END,
    _OF,
    _PRED_TAIL,
    _REALIZED,
    _SENTENCE_CHARS,
    _SINGLE_MARKERS,
    _STAGE_WORD,
    _STRONG_END,
    _TRAIL,
    _VERB_BEFORE,
    _VERB_STAGE,
    MAX_NAME,
    STAGES,
    _stage_of,
)


# a project referred back to: 项目总投资5亿元, 该项目总投资…
_BACK_SUBJECT = re.compile(r"(?:该|此|本|上述|其)?项目")
# a clause opening with a building verb names its object after it: 开工建设X工程，总投资…
_LEAD_VERB = re.compile(r"(?:开工建设|启动建设|启动|新建|建设|实施|推进|兴建|续建|谋划)")
MAX_STAGE_TAIL = 14
_CUE_REACH = 40  # characters before the trailing blanks within which a _CUE match starts (its longest is ~14)
_NAME_DIGIT = re.compile(r"\d(?<![A-Za-z\d]\d)")  # a digit not after a letter or digit (guard after it: faster)


@dataclass(slots=True)
class _Cand:
    names: list[tuple[int, int]]
    q: Quantity | None = None
    cue_start: int | None = None
    stage: str | None = None
    stage_span: tuple[int, int] | None = None
    aggregate: bool = False
    count: int | None = None
    extra: list[tuple[int, int]] = field(default_factory=list)  # other spans the quote must cover
    in_title: bool = False


class _Context:
    def __init__(self, norm: str, start: int, end: int, kind: str | None, plan: list[tuple[int, int]],
                 near: list[int] | None = None):
        self.norm, self.start, self.end, self.kind, self.plan = norm, start, end, kind, plan
        hard: list[int] = []
        soft: list[int] = []
        sentences: list[int] = []
        # breaks are only ever looked up around an amount: index those stretches, not the document
        for a, b in _windows(near, start, end) if near is not None and kind != "news" else [(start, end)]:
            h, s, t = _breaks(norm, a, b)
            hard += h
            soft += s
            sentences += t
        self.clause_breaks = sorted(hard + soft) if soft else hard
        self.sentence_breaks = sentences
        self.title_end = self.start
        self.title_stage = None
        if kind == "news":
            nl = norm.find("\n", start, end)
            self.title_end = end if nl == -1 else nl
            title = norm[start:self.title_end]
            words = [m for m in _STAGE_WORD.finditer(title) if not _MODAL.search(title[max(0, m.start() - 4):m.start()])]
            if words:
                self.title_stage = max((_stage_of(m) for m in words), key=STAGES.index)

    # --- geometry ---------------------------------------------------------

    # Breaks are indexed only WINDOW characters around amounts, so a clause or sentence is never
    # taken wider than that either side of a position: a list of a thousand amounts with no
    # break (…1亿元、1亿元、…) made every amount scan the whole list, n² in its length.
    def clause(self, pos: int) -> tuple[int, int]:
        a, b = _around(self.clause_breaks, pos, self.start, self.end)
        return max(a, pos - WINDOW), min(b, pos + WINDOW)

    def sentence(self, pos: int) -> tuple[int, int]:
        a, b = _around(self.sentence_breaks, pos, self.start, self.end)
        return max(a, pos - WINDOW), min(b, pos + WINDOW)

    def prev_clause(self, clause_start: int) -> tuple[int, int] | None:
        """The clause before, when it belongs to the same sentence."""
        b = clause_start - 1
        if b <= self.start or self.norm[b] in _SENTENCE_CHARS:
            return None
        a, e = self.clause(b - 1) if b - 1 >= self.start else (b, b)
        return (a, b) if a < b else None

    def next_clause(self, clause_end: int) -> tuple[int, int] | None:
        if clause_end >= self.end or self.norm[clause_end] in _SENTENCE_CHARS:
            return None
        a = clause_end + 1
        return self.clause(a) if a < self.end else None

    def in_plan(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.plan)

    # --- stages -----------------------------------------------------------

    def predicate_stage(self, a: int, b: int, planned: bool = False) -> tuple[str | None, tuple[int, int] | None]:
        """The latest lifecycle event reported in ``norm[a:b]`` (a predicate).

        ``planned``: the clause is a plan (推进…, a plan section): only events marked done count.
        """
        best = None
        plan = planned or self.in_plan(a)
        for m in _STAGE_WORD.finditer(self.norm, a, b):
            before = self.norm[a:m.start()]
            realized = bool(_REALIZED.search(before)) or m.group() == "在建"
            if _MODAL.search(before) and not realized:
                continue
            if plan and not realized:
                continue
            st = _stage_of(m)
            if best is None or STAGES.index(st) > STAGES.index(best[0]):
                best = (st, (m.start(), m.end()))
        return best if best else (None, None)

    def header_stage(self, sent_start: int, name_start: int) -> tuple[str | None, tuple[int, int] | None]:
        """A category word earlier in the sentence: 已竣工项目3个，投资…的X."""
        last = None
        for m in _HEADER_STAGE.finditer(self.norm, sent_start, name_start):
            last = m
        if last is None:
            return None, None
        w = last.group("w") or last.group("w2")
        st = {"签订": "签约", "在建": "开工", "建成": "竣工"}.get(w, w)
        return st, (last.start(), last.end())

    def stage_for(self, name_start: int, name_end: int, lead: tuple[int, int] | None = None
                  ) -> tuple[str | None, tuple[int, int] | None]:
        """The stage of the name at ``[name_start, name_end)``.

        Its predicate first; then a verb governing the amount (``签约总投资…的``,
        given by ``lead``, the clause text before the investment word); then a
        category word earlier in the sentence (``已竣工项目…``).
        """
        ca, cb = self.clause(name_end - 1)
        planned = False
        if lead is not None:
            la, lb = lead
            planned = bool(_MODAL.search(self.norm, la, lb))
        st, sp = self.predicate_stage(name_end, cb, planned)
        if st:
            return st, sp
        nxt = self.next_clause(cb)
        if nxt and _CONTINUES.match(self.norm, nxt[0], nxt[1]):  # …的X项目，目前已建成投产
            st, sp = self.predicate_stage(nxt[0], nxt[1], planned)
            if st:
                return st, sp
        if lead is not None:
            m = _VERB_BEFORE.search(self.norm, lead[0], lead[1])
            if m and not _MODAL.search(self.norm, lead[0], m.start()) and not self.in_plan(m.start()):
                w = _STAGE_WORD.match(m.group("w"))
                return (_stage_of(w) if w else "签约"), (m.start("w"), m.end("w"))
        sa, _ = self.sentence(name_start)
        return self.header_stage(sa, name_start)

    # --- names ------------------------------------------------------------

    def forward_name(self, a: int, limit: int, need_head: bool) -> tuple[int, int] | None:
        """The noun phrase starting at ``a``: up to the last head before a predicate."""
        n = self.norm
        limit = min(limit, a + MAX_NAME)
        stop = limit
        for m in _MARKER.finditer(n, a, limit):
            if m.start() - a < 2:
                continue
            if m.group() in _SINGLE_MARKERS:
                prev = n[a:m.start()]
                if not _HEAD_END.search(prev) and prev[-1] not in _CONNECT:
                    continue
            stop = m.start()
            break
        digit = _NAME_DIGIT.search(n, a, stop)  # S225改线工程: a road code is part of the name
        if digit:
            stop = digit.start()
        k = n.find("、", a, stop)
        while k != -1:
            if _HEAD_END.search(n, a, k):
                stop = k
                break
            k = n.find("、", k + 1, stop)
        heads = [m for m in _HEAD.finditer(n, a, stop)]
        if heads:
            e = heads[-1].end()
            if e < stop and n[e] in "(（":  # 高铁(州内段)
                close = n.find(")", e, stop) if n[e] == "(" else n.find("）", e, stop)
                if close != -1:
                    e = close + 1
        elif need_head:
            return None
        else:
            e = stop
        return self.clean(a, e)

    def clean(self, a: int, b: int) -> tuple[int, int] | None:
        n = self.norm
        while True:
            m = _LEAD.match(n, a, b)
            if not m or m.end() == a:
                break
            a = m.end()
        de = n.rfind("的", a, b)
        if de != -1 and b - de - 1 >= 2:
            a = de + 1
            m = _LEAD.match(n, a, b)
            if m and m.end() > a:
                a = m.end()
        m = _TRAIL.search(n, a, b)
        if m and m.start() > a:
            b = m.start()
        if b - a < 2 or b - a > MAX_NAME:
            return None
        # balance a closing bracket or quote left at the start
        if n[a] in ")）”":
            a += 1
        return (a, b) if b - a >= 2 else None

    def is_generic(self, a: int, b: int, residue: int = 2) -> bool:
        """Made of category words only (重点项目, 工业园区, 这些项目); 县工业园 names one place."""
        name = self.norm[a:b]
        rest = _NOT_WORD.sub("", _GENERIC.sub("", name))
        if len(rest) >= residue:
            return False
        # 县工业园: the county's own park is one place
        own = len(name) >= 3 and name[0] in "省市州县区镇乡" and not _GENERIC.sub("", name[1:])
        return not (residue <= 2 and own and not _STRONG_END.search(name))

    def batch_event(self, a: int, b: int, count_start: int, named: bool, counted_after: bool) -> bool:
        """A batch reported as one event (12个项目集中开工), not a year's tally (全年签约项目28个).

        ``[a, b)`` is the clause (or clauses) stating the batch and its stage.
        """
        if named or self.kind == "news":
            return True
        if _ANNUAL.search(self.norm, a, count_start):
            return False
        if _BATCH_EVENT.search(self.norm, *self.sentence(count_start)):
            return True
        return not counted_after

    def count_batch(self, a: int, b: int) -> tuple[int, int, int | None, bool, bool] | None:
        """A counted batch inside ``norm[a:b]``: (start, end, count, named_set, counted_after)."""
        n = self.norm
        best = None
        for m in _COUNT_BEFORE.finditer(n, a, b):
            num, cls = m.group("num"), m.group("cls")
            if cls is None and (num[0].isdigit() or m.group("mid")):
                continue
            if num.isdigit() and len(num) == 4 and m.group("mid").startswith("年"):
                continue
            count = None if cls == "批" else _int(num)
            best = (m.start(), m.end(), count, cls == "大", False)
        if best:
            return best
        for m in _COUNT_AFTER.finditer(n, a, b):
            s = self.clean(a, m.start("head"))
            s0 = s[0] if s else m.start("head")
            best = (s0, m.end(), None if m.group("cls") == "批" else _int(m.group("num")), False, True)
        return best

    # --- amounts ----------------------------------------------------------

    def from_amount(self, q: Quantity) -> list[_Cand] | None:
        n = self.norm
        if q.dimension != "money":
            return None
        ca, cb = self.clause(q.start)
        lead = n[ca:q.start]
        # _CUE ends at the end of ``lead`` (…\\s*$) and is short: trying it at every start of a
        # 600-character clause was the bulk of reading a long list of amounts
        cue = _CUE.search(lead, max(0, len(lead.rstrip()) - _CUE_REACH))
        if cue is None and q.unit in _BARE_MAGNITUDE:
            return None  # 十四亿 without an investment word is not money
        cue_start = ca + cue.start("cue") if cue else None
        after = n[q.end:cb]
        in_title = self.kind == "news" and q.start < self.title_end

        # A: 总投资X亿元的Y / X万元的Y项目
        m = _OF.match(after)
        if m:
            return self._pattern_a(q, ca, cb, cue, cue_start, q.end + m.end(), in_title)
        # A2 (headlines): 16亿元锂离子动力电池项目签约
        if cue is None:
            nm = self.forward_name(q.end, cb, need_head=True)
            if nm and nm[0] == q.end and _STRONG_END.search(n[nm[0]:nm[1]]) and not self.is_generic(*nm):
                if not lead.strip("【】[] ") or lead.endswith("】"):
                    st, sp = self.stage_for(*nm)
                    return [_Cand([nm], q, q.start, st, sp, in_title=in_title)]
            return None
        explicit = bool(cue.group("explicit"))
        subject = self.clean(ca, cue_start) if cue_start > ca else None
        if explicit and subject and not _BACK_SUBJECT.fullmatch(n[subject[0] : subject[1]]):
            return self._pattern_b(q, ca, cb, cue_start, subject, in_title)
        if explicit and subject:
            # 项目总投资5亿元, 该项目总投资…: the subject is the project named in the clause before
            got = self._pattern_b2(q, ca, cb, cue_start, in_title)
            if got is not None:
                return got
        if explicit and _C_LEAD.match(n[ca:cue_start]):
            got = self._pattern_b2(q, ca, cb, cue_start, in_title)
            if got is not None:
                return got
        if _C_LEAD.match(n[ca:cue_start]):
            return self._pattern_c(q, ca, cb, cue_start, in_title)
        return None

    def _pattern_a(self, q, ca, cb, cue, cue_start, name_at, in_title):
        n = self.norm
        nm = self.forward_name(name_at, cb, need_head=False)
        if nm is None:
            return None
        start = cue_start if cue_start is not None else q.start
        lead = (ca, start)
        batch = self.count_batch(*nm)
        if batch and batch[1] >= nm[1] - 2:
            bs, be, count, named, after = batch
            st, sp = self.stage_for(nm[0], nm[1], lead)
            if st is None and not named or not self.batch_event(ca, cb, bs, named, after):
                return None
            return [_Cand([(min(bs, nm[0]), nm[1])], q, start, st, sp, aggregate=True, count=count, in_title=in_title)]
        if self.is_generic(*nm) or _ITEMS.match(n, nm[0]):
            names = self.enumeration(ca, cue_start if cue_start is not None else q.start)
            if not names:
                return None
            st, sp = self.stage_for(nm[0], nm[1], (start, start))
            return [_Cand(names, q, start, st, sp, extra=[nm], in_title=in_title)]
        if cue is None and not _STRONG_END.search(n[nm[0]:nm[1]]):
            return None
        if not _HEAD_END.search(n, nm[0], nm[1]) and _ABSTRACT.search(n, nm[0], nm[1]):
            return None
        if cue is None and _COMPARED.search(n, ca, q.start):
            return None
        st, sp = self.stage_for(nm[0], nm[1], lead)
        return [_Cand([nm], q, start, st, sp, in_title=in_title)]

    def enumeration(self, ca: int, cue_start: int) -> list[tuple[int, int]]:
        """``A、B、C等`` right before the investment word: the listed names."""
        n = self.norm
        k = cue_start
        if k - 1 < ca or n[k - 1] != "等":
            return []
        out = []
        pieces = n[ca:k - 1].split("、")
        pos = ca
        for p in pieces:
            s = self.clean(pos, pos + len(p))
            if s and not self.is_generic(*s):
                out.append(s)
            pos += len(p) + 1
        return out

    def _pattern_b(self, q, ca, cb, cue_start, subject, in_title):
        n = self.norm
        batch = self.count_batch(*subject)
        if batch or self.count_batch(ca, cue_start):
            bs, be, count, named, after = batch or self.count_batch(ca, cue_start)
            st, sp = self.predicate_stage(ca, cb)
            if st is None and not named or not self.batch_event(ca, cb, bs, named, after):
                return None
            return [_Cand([(bs, be)], q, cue_start, st, sp, aggregate=True, count=count, in_title=in_title)]
        if _ITEMS.search(n, subject[0], subject[1]) or self.is_generic(*subject):
            return None
        k = n.rfind("等", subject[0], subject[1])
        if k != -1 and (k + 1 == subject[1] or self.is_generic(k + 1, subject[1])):
            return None  # 装备制造、轻纺等重点产业园区完成投资…: a category, not one project
        # the subject is the name; its own predicate may follow in the next clause (…，主体工程建设全面启动)
        nxt = self.next_clause(cb)
        st, sp = self.predicate_stage(q.end, nxt[1] if nxt else cb)
        if st is None:
            sa, _ = self.sentence(subject[0])
            st, sp = self.header_stage(sa, subject[0])
        return [_Cand([subject], q, cue_start, st, sp, in_title=in_title)]

    def _pattern_b2(self, q, ca, cb, cue_start, in_title):
        """``…，总投资X亿元``: the name or the batch is in the clause before."""
        n = self.norm
        prev = self.prev_clause(ca)
        if prev is None:
            return None
        pa, pb = prev
        batch = self.count_batch(pa, pb)
        if batch:
            bs, be, count, named, after = batch
            st, sp = self.predicate_stage(pa, pb)
            if st is None and not named or not self.batch_event(pa, cb, bs, named, after):
                return []
            return [_Cand([(bs, be)], q, cue_start, st, sp, aggregate=True, count=count, in_title=in_title)]
        lead = _LEAD_VERB.match(n, pa, pb)
        nm = self.forward_name(lead.end() if lead else pa, pb, need_head=True)  # 开工建设X工程，总投资…
        if nm is None or self.is_generic(*nm) or _ITEMS.search(n, nm[0], nm[1]):
            return []
        for m in _ITEMS.finditer(n, pa, pb):
            if not _ATTRIBUTE.search(n, max(pa, m.start() - 6), m.start()):
                return []  # 新建标准厂房100万平方米，完成投资…: a programme
        tail = _NOT_WORD.sub("", _ITEMS.sub("", n[nm[1]:pb]))
        if not _PRED_TAIL.fullmatch(tail) and not _ATTR_START.match(tail) and not (
                len(tail) <= MAX_STAGE_TAIL and _STAGE_WORD.search(tail)):
            # 加快补齐基础设施短板，确保完成投资…: the clause is not about a named thing; but a short
            # tail that reports a stage (开工奠基, 竣工投用, 同步签约, 签约落户桐乡) is
            return []
        st, sp = self.predicate_stage(nm[1], pb)
        return [_Cand([nm], q, cue_start, st, sp, in_title=in_title)]

    def _pattern_c(self, q, ca, cb, cue_start, in_title):
        """``投入X万元(，)完成Y工程``: the object of a building verb."""
        n = self.norm
        a, b = q.end, cb
        if a == b:
            nxt = self.next_clause(cb)
            if nxt is None:
                return None
            a, b = nxt
        m = _BUILD_VERB.match(n, a, b)
        if not m:
            return None
        obj = self.clean(m.end(), b)
        if obj is None:
            return None
        text = n[obj[0]:obj[1]]
        if _ITEMS.search(text) or not _OBJECT_END.search(text) or self.is_generic(*obj):
            return None
        verb = m.group("verb")
        st = _VERB_STAGE.get(verb)
        if st is None and m.group("le"):
            st = "竣工"
        sp = (m.start("verb"), m.end("verb"))
        if st and (self.in_plan(q.start) or _MODAL.search(n[ca:m.start("verb")])):
            st = None
        if st is None:
            st, sp = self.predicate_stage(obj[1], b)
        return [_Cand([obj], q, cue_start, st, sp, in_title=in_title)]

    # --- news: projects and batches without an amount ---------------------

    def batches_without_amount(self) -> list[_Cand]:
        out = []
        n = self.norm
        for rx in (_COUNT_BEFORE, _COUNT_AFTER):
            for m in rx.finditer(n, self.start, self.end):
                num, cls = m.group("num"), m.group("cls")
                if rx is _COUNT_BEFORE and cls is None and (num[0].isdigit() or m.group("mid")):
                    continue
                ca, cb = self.clause(m.start())
                st, sp = self.predicate_stage(ca, cb)
                named = cls == "大"
                if st is None and not named:
                    continue
                a = m.start()
                if rx is _COUNT_AFTER:
                    s = self.clean(ca, m.start("head"))
                    a = s[0] if s else m.start("head")
                count = None if cls == "批" else _int(num)
                out.append(_Cand([(a, m.end())], None, None, st, sp, aggregate=True, count=count,
                                 in_title=m.start() < self.title_end))
        return out

    def named_without_amount(self) -> list[_Cand]:
        """News items: every named project (…项目/…工程, or a facility listed as a project)."""
        out = []
        n = self.norm
        for m in _HEAD.finditer(n, self.start, self.end):
            e = m.end()
            tail = n[e:e + 3]
            if tail.startswith(("项目", "工程")) or _COUNT_NEXT.match(tail):
                continue  # the name goes on (…中心项目), or a count follows (签约项目7个)
            if m.group() not in ("项目", "工程"):
                before = n[max(self.start, e - 30):e]
                if not (tail.startswith("等项目") or _LISTED_AS_PROJECT.search(before)):
                    continue
            a = self.backward_start(e)
            if a is None:
                continue
            nm = self.clean(a, e)
            if nm is None or nm[1] != e or self.is_generic(*nm, residue=3) or self.count_batch(*nm):
                continue
            k = max(n.rfind(c, nm[0], nm[1]) for c in _CONNECT)
            if k != -1 and self.is_generic(k + 1, nm[1], residue=3):
                continue  # 创新产业领域与重点项目: a generic head coordinated with something else
            if _ITEMS.search(n, nm[0], nm[1]):
                continue
            st, sp = self.stage_for(*nm)
            out.append(_Cand([nm], None, None, st, sp, in_title=nm[0] < self.title_end))
        return out

    def backward_start(self, e: int) -> int | None:
        """Where the name ending at ``e`` starts: after a break, 的, a list mark or a verb."""
        n = self.norm
        i = e
        lo = max(self.start, e - MAX_NAME)
        while i > lo:
            c = n[i - 1]
            if (c in _BREAKS and c not in ", ") or c in "、 \t的了“”\"()（）" or c == "等" or (c in ", " and _is_break(n, i - 1)):
                break
            if c in "和与及" and _HEAD_END.search(n, max(lo, i - 7), i - 1):
                break
            if _BACK_STOP.search(n, max(lo, i - 4), i):
                break
            i -= 1
        return i if i < e else None
