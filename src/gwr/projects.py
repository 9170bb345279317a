"""Projects: named investment projects, their amount and the lifecycle event reported.

Reports and investment news state projects in a handful of constructions:

* ``总投资16亿元的锂离子动力电池项目正式签约`` — the amount before ``的`` and the
  name (pattern *A*); ``A、B等投资10亿元以上的重大项目相继落户`` names each
  project in a list before ``等`` and ends in a generic head (enumeration);
* ``某某项目总投资约5亿元``, ``某某高铁完成投资54亿元`` — the name is the subject of
  an explicit investment word (*B*); ``某某工程基本建成，总投入1300万元`` puts the
  name in the clause before (*B2*);
* ``投入300万元(，)完成某某工程`` — the money first, then a building verb and its
  object (*C*); ``投资1.85亿元改造农贸市场12个`` counts items: a programme, not
  a project;
* ``11个重点产业项目集中签约，总投资14亿元`` — a batch (``aggregate``, with its
  ``count``), stated only with a lifecycle verb or as a named set (``十大产业项目``);
  ``实施重点项目102个，完成投资112.3亿元`` is an annual statistic, not a project.

The stage is the lifecycle event the text reports (签约 → 开工 → 竣工 → 投产):
the predicate after the name, a category word before it (``已竣工项目``,
``在建项目``, ``已签约的``), and for a news item its headline.  Planned events
(``争取早日签约``, anything in a plan section unless marked ``已``) give ``None``.

Reports mention many named projects without amounts; only news items (kind
``news``, an investment portal's listing) report those as projects too.

Rules read the normalised text (same length as the original); quotes come from
the original, so ``quote == text[span[0]:span[1]]``.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable

from .quantities import Quantity, find_quantities, parse_number

# ---------------------------------------------------------------------------
# Vocabulary of the genre

# name heads: strong ones make a name anywhere; place heads name a facility
STRONG_HEAD = r"项目|工程"
PLACE_HEAD = (
    r"产业园|工业园|科技园|物流园|创业园|园区|产业城|科技城|工业城|新城|商城|城|综合体|基地|中心|"
    r"电厂|电站|变电站|厂房|工厂|厂|公司|医院|卫生院|敬老院|院|学校|小学|中学|幼儿园|大学|馆|广场|市场|"
    r"大厦|酒店|港|码头|机场|铁路|高铁|高速|公路|大道|道路|干道|路|桥|隧道|水库|管网|设施|线|房|楼|站|村部|"
    r"开发区|示范区|核心区|新区|景区|片区|小区|园"
)
WORK_HEAD = r"整治|改造|治理|修缮|提质|改扩建|扩建|新建|建设"
_HEAD = re.compile(rf"(?:{STRONG_HEAD}|{PLACE_HEAD})")
_STRONG_END = re.compile(rf"(?:{STRONG_HEAD})$")
_HEAD_END = re.compile(rf"(?:{STRONG_HEAD}|{PLACE_HEAD})\)?$")
_OBJECT_END = re.compile(rf"(?:{STRONG_HEAD}|{PLACE_HEAD}|{WORK_HEAD})\)?$")

# the investment word before an amount; ``explicit`` ones may follow a name
_CUE = re.compile(
    r"(?P<cue>(?P<explicit>(?:计划|预计|协议|合同|实际|累计)?总投资(?:额)?|总投入|投资总额|"
    r"实际投资额?|(?:累计)?完成(?:项目)?投资(?:额)?|计划投资|预计投资|协议投资(?:额|总额)?|合同投资(?:额)?|"
    r"签约(?:总)?金额|合同(?:总)?金额|协议(?:总)?金额|合同引资|协议引资)"
    r"|投资|投入(?:资金|专项资金|各类资金)?|引资|引进资金)"
    r"(?:为|达到|达|约为|约|共计|共|合计|计|超过|超|近|逾|突破|高达|过)?\s*$"
)
# a bare 投资 / 投入 at the start of its clause, after these
_C_LEAD = re.compile(
    r"^(?:其中|同时|另外|此外|全年|今年|年内|当年|去年|累计|共计|共|先后|已|又|再|还|并|新|"
    r"(?:19|20)\d\d年|[一二三四五六七八九十]+是)*$"
)
_BUILD_VERB = re.compile(
    r"(?:加快|全力|深入|大力|着力|积极|扎实|继续|全面|重点|基本|顺利|集中|"
    r"[向为在][^，,。；;：:、\d]{2,16}?)*"
    r"(?P<verb>完成|实施|建成|新建|改扩建|改建|扩建|改造|援建|推进|启动|兴建|修建|开工建设|建设|打造)(?P<le>了)?"
)
_VERB_STAGE = {"完成": "竣工", "建成": "竣工", "开工建设": "开工"}

STAGES = ("签约", "开工", "竣工", "投产")
_STAGE_WORD = re.compile(
    r"(?P<签约>签约|签订|签署|落户|落地)"
    r"|(?P<开工>开工|动工|奠基|开建|在建|复工|启动建设|开始建设|建设全面启动|全面启动建设|加快建设|加速建设|建设加快)"
    r"|(?P<竣工>竣工|建成|完工|落成|通车|投入使用|交付使用|(?:顺利|全面|基本|已经?)完成(?=$|[，,。；;]|建设|施工))"
    r"|(?P<投产>投产|试生产|试产|达产|开业|投运|投入运营|投入运行|正式运营|建成运营)"
)
# a lifecycle verb governing the amount: 签约总投资50亿元的…, 集中开工了总投资…的
_VERB_BEFORE = re.compile(r"(?P<w>签约|签订|签署|落地|落户|引进|开工建设|开工|动工|竣工|建成|投产)了?$")
# a clause going on about the same subject: …的X项目，目前已建成投产
_CONTINUES = re.compile(r"目前|现已|现在|已经?|并|且|均|正在|顺利|全面|如期|提前|当年|年内|随后|于\d")
# a year's tally rather than one event: 全年签约项目28个
_ANNUAL = re.compile(r"全年|今年|年内|当年|去年|累计|上半年|下半年|前三季度|\d{1,2}[-—~至到]\d{1,2}月|截[至止]|全年共|共计")
# one event that gathers a batch
_BATCH_EVENT = re.compile(r"集中|仪式|活动|大会|推介会|洽谈会|签约会|博览会|观摩|首批|同批|一批|批次|当天|现场|云签约|线上签约")
# words that make the event a plan or a wish, not a report
_MODAL = re.compile(r"(?<!原)计划|将|拟|力争|争取|确保|预计|有望|即将|尽快|早日|推动|推进|促进|准备|洽谈|谋划|待|抓好?|预期|力求|筹备")
_REALIZED = re.compile(r"(?:已经?|正在|均已)\S{0,2}$")
# a category word before the name: 已竣工项目 / 在建项目 / 已签约的 / 签约合同
_HEADER_STAGE = re.compile(
    r"(?:已经?|正在|新)?(?P<w>签约|签订|开工|在建|竣工|建成|投产)(?=的|项目|合同|企业)"
    r"|已经?(?P<w2>签约|签订|开工|竣工|建成|投产)"
)

_CN_NUM = "零一二两三四五六七八九十百千"
_NUM = rf"(?:\d+|[{_CN_NUM}]+)"
# a counted batch: 11个重点产业项目 / 十大产业项目 / 一批项目 / 签约项目7个
_COUNT_BEFORE = re.compile(
    rf"(?P<num>\d+|[{_CN_NUM}]+)(?P<cls>个|项|大|批)?(?:(?:以上|多|余)个?)?(?P<mid>[^，,。；;：:、\d]{{0,14}}?)(?P<head>项目|工程)"
)
_COUNT_AFTER = re.compile(rf"(?P<head>项目|工程)(?:共|总数|数量?)?(?:达|为)?(?P<num>\d+|[{_CN_NUM}]+)(?P<cls>个|项|批)")
# items counted inside an object: a multi-item programme (改造农贸市场12个)
_ITEMS = re.compile(
    rf"{_NUM}(?:\.\d+)?(?:多|余)?(?:个|座|所|处|条|套|项|公里|千米|米|间|户|亩|万亩|家|台|栋|幢|公顷|平方米|"
    r"万平方米|km|宗|块|口|眼|盏|座|批|类|村|镇|乡)"
)

# leading words that are not part of a name (verbs, adverbs, connectives, times)
_LEAD = re.compile(
    r"(?:[\s“”\"'‘’【】\[\]]|其中|此外|同时|另外|例如|比如|包括|尤其是|特别是|以及|而且|并且|项目如|"
    r"如|而|则|并|且|还|也|又|即|以|为(?!民)|对(?![口外])|把|将|由|从|在|使|让|了|的|共计|共有|共(?=[\d一二三四五六七八九十])|"
    r"累计|全年|今年|年内|去年|当年|上半年|下半年|当季|目前|截至目前|"
    r"(?:19|20)\d\d年(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}(?:[-—~至到]\d{1,2})?月(?:份|底|末)?|前\d+个月|"
    r"截[至止](?:目前|今年|年底|\d{1,2}月(?:底|末)?)?|前三季度|一季度|二季度|三季度|四季度|"
    r"[一二三四五六七八九十]+是|全力|大力|加快|加速|着力|积极|继续|深入|扎实|稳步|全面|集中力量|"
    r"确保|力争|争取|努力|推进|推动|实施|完成|抓好了?|决战|启动|续建|开工建设|打造|谋划|"
    r"新引进|引进|新增|举全[县市区省州镇乡]之力|一大批|一批|一系列|成功|顺利|正式)+"
)
_TRAIL = re.compile(
    r"(?:建设|工作|等|和|及|与|、|的|之一|\s|已经?|累计|共计|共|全年|当年|今年|年内|去年|目前|截至目前|计划|实际|预计|"
    r"当期|上半年|前三季度|本年|年度)+$"
)
# generic words: a name made only of these is a category, not a project
_GENERIC_WORDS = (
    "这些 这个 那些 该 此 本 各 每个 其他 其余 其它 所有 全部 一批 这批 此批 一些 部分 多个 若干 相关 上述 以上 同类 类似 此类 "
    "新 重点 重大 骨干 龙头 优质 大型 中小型 小型 大 好 产业 工业 招商引资 招商 引资 签约 在建 续建 新建 新开工 开工 竣工 "
    "投产 建设 建 投资 创新 民生 基础设施 设施 市政 公共 省级 市级 县级 区级 州级 镇级 乡级 村级 省 市 州 县 区 镇 乡 村 级 "
    "年度 计划 储备 后续 前期 示范 一期 二期 三期 四期 首期 主体 配套 科技 高科技 高新技术 技术 对外 外资 内资 亿元 万元 "
    "月 月份 季度 年 个 项 实体 企业 园区 园 中心 基地 平台 项目 工程 合同 意向 框架 协议 其 它 和 与 及 、 已 已经"
).split()
_GENERIC = re.compile("|".join(sorted(map(re.escape, _GENERIC_WORDS), key=len, reverse=True)) + r"|[\d.]+|\d期")
# where a name stops, scanning forward from its first character
_MARKER = re.compile(
    r"在|于|已|将|是|为|被|由|等"  # single characters: only right after a head or a connective
    r"|正式|顺利|加快|加速|相继|先后|全面|基本|列为|作为|实现|实行|进行|占地|位于|规划|总投资|总建筑|建筑面积|"
    r"主要|计划|预计|达产|投产|开工|动工|签约|竣工|建成|完成|落户|落地|通车|投入使用|启动|"
    r"建设(?![工项])|推进|带动|强化|取得|成为|投资|投入|引资|分两期|分期|均已|已经|正在|提前|较原"
)
# what an amount can be "of" that is not a project: 总投资14亿元的规模
_ABSTRACT = re.compile(r"(?:规模|目标|任务|计划|份额|比重|比例|水平|能力|资金|基金|规划|额度|总量|成本|收入|产值|效益|"
                       r"贡献|增长|增幅|投入|支出|补贴|奖励|债券|贷款|融资|额|量|率|数)$")
# after a name in the clause before an amount: only a predicate (…工程基本建成并投入使用)
_PRED_TAIL = re.compile(
    r"(?:基本|全面|顺利|正式|已经?|并|相继|加快|加速|提前|全部|均|实现|主体|项目|如期|)*"
    r"(?:建设|建成|竣工|完工|投产|开工|动工|签约|落户|投入使用|交付使用|通车|推进|启动|运营|达产|开业)?"
    r"(?:并|和|、|及)?(?:建成|竣工|投产|投入使用|交付使用|通车|运营|达产|开业|落户)?$"
)
# what may follow a name in its own clause: 某某电站总装机容量10万千瓦，总投资6亿元
_ATTR_START = re.compile(r"(?:总|规划|设计|项目)?(?:占地|面积|建筑面积|用地|全长|长|规模|产能|年产|装机|容量|库容|位于|由|选址|"
                         r"建设内容|主要建设|建设规模|分[两二三]期)")
# measures that describe a project rather than count items: 占地200亩
_ATTRIBUTE = re.compile(r"(?:占地|面积|用地|全长|总长|长|宽|规模|产能|年产|装机|容量|库容)(?:约|达|为|近|超)?$")
# words a name never contains, so its start is after them (scanning back from its head)
_BACK_STOP = re.compile(
    r"(?:包括|例如|比如|其中|此外|以及|如|将|对|由|把|在|作为|成为|推动|确保|保障|支持|吸引|参与|围绕|通过|强调|"
    r"引进|布局|深化|加速|优化|显示|来看|效仿|带动|促进|实现|完成|加强|提升|推进|落实|组建|简化|压缩|聚焦|"
    r"覆盖|涵盖|推出|选择|择优|看|是)$"
)
_SINGLE_MARKERS = set("在于已将是为被由等")
_CONNECT = "和与及、"
_CLAUSE_CHARS = "，,；;。！!？?：:\n\r【】"
_SENTENCE_CHARS = "；;。！!？?\n\r【】"
_BREAKS = set(_CLAUSE_CHARS)
# a comma between digits is a thousands separator; a space between Chinese characters ends a clause (headlines)
_CLAUSE_BREAK = re.compile(r"[，；;。！!？?：:\n\r【】]|,(?<!\d,)|,(?!\d{3})|(?<=[\u2e80-\U0002ffff]) (?=[\u2e80-\U0002ffff])")
_HARD_BREAK = re.compile(r"[，；;。！!？?：:\n\r【】]")
_SOFT_BREAK = re.compile(r"[, ]")
_SENTENCE_BREAK = re.compile(r"[；;。！!？?\n\r【】]")
_DIGIT = re.compile(r"\d")
_NOT_WORD = re.compile(r"[^\u4e00-\u9fffA-Za-z]")
# the amount modifies the name: 投资X亿元的Y, X亿元建设的Y
_OF = re.compile(r"(?:以上|左右|多|余)?(?:建设|兴建|新建|打造|实施|引进|落户)?的")
# an amount compared with, not invested in: 远超206.5亿元的年度计划
_COMPARED = re.compile(
    r"(?:超|达|超过|远超|相当于|占|比|约|"
    r"(?:产值|销售收入|销售额|营业收入|营收|税收|利税|利润|收入|出口额|交易额|贷款|融资|补助|补贴|奖励|资金|基金|债券|"
    r"注册资本|注册资金|资产|授信)(?:可|将|预计)?(?:达到|达|为|约|超过|超|近|逾)?)$"
)
_COUNT_NEXT = re.compile(rf"(?:\d+|[{_CN_NUM}]+)[个项批]")
_LISTED_AS_PROJECT = re.compile(r"项目(?:如|包括|有)[^，,。；;]*$")
_BARE_MAGNITUDE = {"亿": Decimal(10) ** 8, "万": Decimal(10) ** 4, "万亿": Decimal(10) ** 12,
                   "千万": Decimal(10) ** 7, "百万": Decimal(10) ** 6}
MAX_NAME = 48


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


# ---------------------------------------------------------------------------
# Entry points


def extract(text: str, norm: str, doc: Any, quantities: Iterable[Quantity] | None = None) -> None:
    """Fill ``doc.projects`` for reports, excerpts and news items."""
    if doc.kind not in ("official_report", "report_excerpt", "news"):
        return
    plan = [s.span for s in doc.sections if s.role in ("plan", "targets")]
    doc.projects = extract_projects(text, norm, doc.span[0], doc.span[1], kind=doc.kind, plan_spans=plan,
                                    quantities=quantities)


def extract_projects(text: str, norm: str, start: int, end: int, *, kind: str | None = None,
                     plan_spans: Iterable[tuple[int, int]] = (),
                     quantities: Iterable[Quantity] | None = None) -> list[dict[str, Any]]:
    """Projects stated in ``text[start:end]`` (one document's span).

    ``kind="news"`` also reports named projects and batches without an amount
    and lets the headline give the stage; ``plan_spans`` (the plan sections of
    a report) turn unmarked lifecycle verbs into plans (stage ``None``);
    ``quantities``: ``find_quantities(norm, start, end)`` when the caller has it
    already (the scan is most of the cost).
    """
    amounts = list(_amounts(norm, start, end, quantities))
    if not amounts and kind != "news":
        return []  # no money named: no project to read (and no clause index to build)
    ctx = _Context(norm, start, end, kind, sorted(plan_spans), [q.start for q in amounts])
    cands: list[_Cand] = []
    for q in amounts:
        c = ctx.from_amount(q)
        if c is not None:
            cands.extend(c)
    if kind == "news":
        cands.extend(ctx.batches_without_amount())
        cands.extend(ctx.named_without_amount())
    out = []
    for c in _dedupe(ctx, cands):
        if c.stage is None and kind == "news":
            c.stage = ctx.title_stage
        out.extend(_records(text, c))
    out.sort(key=lambda r: (r["span"][0], r["span"][1]))
    return out


# ---------------------------------------------------------------------------


WINDOW = 600  # far more than a clause or sentence of the genre


def _windows(positions: list[int], start: int, end: int) -> list[tuple[int, int]]:
    """Merged stretches of ``WINDOW`` characters either side of each position."""
    out: list[tuple[int, int]] = []
    for p in sorted(positions):
        a, b = max(start, p - WINDOW), min(end, p + WINDOW)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


class _Context:
    def __init__(self, norm: str, start: int, end: int, kind: str | None, plan: list[tuple[int, int]],
                 near: list[int] | None = None):
        self.norm, self.start, self.end, self.kind, self.plan = norm, start, end, kind, plan
        hard: list[int] = []
        soft: list[int] = []
        sentences: list[int] = []
        # breaks are only ever looked up around an amount: index those stretches, not the document
        for a, b in _windows(near, start, end) if near is not None and kind != "news" else [(start, end)]:
            hard += [m.start() for m in _HARD_BREAK.finditer(norm, a, b)]
            soft += [m.start() for m in _SOFT_BREAK.finditer(norm, a, b) if _is_break(norm, m.start())]
            sentences += [m.start() for m in _SENTENCE_BREAK.finditer(norm, a, b)]
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

    def clause(self, pos: int) -> tuple[int, int]:
        return _around(self.clause_breaks, pos, self.start, self.end)

    def sentence(self, pos: int) -> tuple[int, int]:
        return _around(self.sentence_breaks, pos, self.start, self.end)

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
        digit = _DIGIT.search(n, a, stop)
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
        cue = _CUE.search(lead)
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
        if explicit and subject:
            return self._pattern_b(q, ca, cb, cue_start, subject, in_title)
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
        nm = self.forward_name(pa, pb, need_head=True)
        if nm is None or self.is_generic(*nm) or _ITEMS.search(n, nm[0], nm[1]):
            return []
        for m in _ITEMS.finditer(n, pa, pb):
            if not _ATTRIBUTE.search(n, max(pa, m.start() - 6), m.start()):
                return []  # 新建标准厂房100万平方米，完成投资…: a programme
        tail = _NOT_WORD.sub("", _ITEMS.sub("", n[nm[1]:pb]))
        if not _PRED_TAIL.fullmatch(tail) and not _ATTR_START.match(tail):
            return []  # 加快补齐基础设施短板，确保完成投资…: the clause is not about a named thing
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


# ---------------------------------------------------------------------------


def _is_break(norm: str, i: int) -> bool:
    return bool(_CLAUSE_BREAK.match(norm, i))


def _around(breaks: list[int], pos: int, lo: int, hi: int) -> tuple[int, int]:
    k = bisect_left(breaks, pos)
    if k < len(breaks) and breaks[k] == pos:
        # pos is itself a break: the clause ending here
        a = breaks[k - 1] + 1 if k > 0 else lo
        return a, pos
    a = breaks[k - 1] + 1 if k > 0 else lo
    b = breaks[k] if k < len(breaks) else hi
    return a, b


# 总投资十四亿, 投资超百亿, 投入6000万: a magnitude without 元 after an investment word
_BARE_AMOUNT = re.compile(
    r"(?:投资|投入|投资额|引资)(?P<qual>约|超过|超|近|逾|突破|高达|达到|达|过)?"
    rf"(?P<num>\d+(?:\.\d+)?|[{_CN_NUM}]+)(?P<mag>万亿|亿|万)(?P<post>以上|左右|多|余)?(?![元美港欧日\d万亿千百多余])"
)
_QUALIFIERS = ("约", "超过", "超", "近", "逾", "突破", "过")


def _amounts(norm: str, start: int, end: int, quantities: Iterable[Quantity] | None = None) -> list[Quantity]:
    """Money amounts in ``norm[start:end]``: gwr.quantities' plus bare magnitudes after an investment word."""
    if quantities is None:
        quantities = find_quantities(norm, start, end)
    out = [q for q in quantities if q.dimension == "money" and start <= q.start and q.end <= end]
    for m in _BARE_AMOUNT.finditer(norm, start, end):
        num = m.group("num")
        v = parse_number(num) if num[0] not in "十百千" or num == "十" else parse_number("一" + num)
        if v is None and num[0] in "十百千":
            v = parse_number(num)
        if v is None:
            continue
        qual = m.group("qual") or ""
        qual = qual if qual in _QUALIFIERS else ""
        s = m.start("qual") if qual else m.start("num")
        factor = _BARE_MAGNITUDE[m.group("mag")]
        out.append(Quantity(s, m.end(), m.start("num"), m.end("num"), v, None, None, m.group("mag"), "yuan",
                            v * factor, "money", qual or m.group("post") or "", not num[0].isdigit()))
    out.sort(key=lambda q: q.start)
    return out


def _stage_of(m: re.Match[str]) -> str:
    for st in STAGES:
        if m.group(st):
            return st
    raise AssertionError(m)


def _int(num: str) -> int | None:
    if num.isdigit():
        return int(num)
    v = parse_number(num)
    return int(v) if v is not None and v == int(v) else None


def _number(v: Decimal | None) -> int | float | None:
    if v is None:
        return None
    return int(v) if v == v.to_integral_value() else float(v)


def _dedupe(ctx: _Context, cands: list[_Cand]) -> list[_Cand]:
    """One record per mention; a news item's repeats (headline, body) are one project.

    Two findings are the same mention when their spans overlap or, within a
    news item, when they share name and amount (or count, for batches).
    """
    n = ctx.norm
    news = ctx.kind == "news"
    # mentions with an amount first, and body mentions before headline ones
    order = sorted(range(len(cands)), key=lambda i: (cands[i].q is None, cands[i].in_title, i))
    kept: list[_Cand] = []
    for i in order:
        c = cands[i]
        if not any(_same(n, news, c, k) for k in kept):
            kept.append(c)
    return kept


def _same(n: str, news: bool, c: _Cand, k: _Cand) -> bool:
    names = [n[a:b] for a, b in c.names]
    knames = [n[a:b] for a, b in k.names]
    same_name = any(x in y or y in x for x in names for y in knames)
    overlap = any(a < kb and ka < b for a, b in c.names for ka, kb in k.names)
    if c.q is not None and k.q is not None:
        if c.q.start == k.q.start:
            return same_name or overlap
        return news and _base(c.q) == _base(k.q) and (same_name or (c.aggregate and k.aggregate))
    if not news:
        return overlap
    if c.aggregate and k.aggregate:
        return (c.count is not None and c.count == k.count) or same_name
    if c.aggregate or k.aggregate:
        return overlap
    return same_name


def _as_written(text: str, q: Quantity) -> tuple[Decimal | None, str]:
    """Value and unit as the text writes them: 6亿多元 is 6 亿元 (多), not 600000000 元."""
    if q.unit == "元" and q.value is not None:
        m = re.match(r"[\d.]+(万亿|亿|万)[多余]", text[q.number_start:q.end])
        if m:
            return q.value / _BARE_MAGNITUDE[m.group(1)], m.group(1) + "元"
    return q.value, q.unit


def _base(q: Quantity) -> Decimal | None:
    return q.value_base


def _records(text: str, c: _Cand) -> list[dict[str, Any]]:
    """One record per name; names listed together share the quote."""
    spans = list(c.names) + list(c.extra)
    if c.q is not None:
        spans.append((c.cue_start if c.cue_start is not None else c.q.start, c.q.end))
    if c.stage_span:
        spans.append(c.stage_span)
    a = min(s[0] for s in spans)
    b = max(s[1] for s in spans)
    value, unit = _as_written(text, c.q) if c.q else (None, None)
    out = []
    for x, y in c.names:
        out.append({
            "name": text[x:y],
            "investment": _number(value),
            "unit": unit,
            "investment_qualifier": (c.q.qualifier or "") if c.q else "",
            "investment_base": _number(_base(c.q)) if c.q else None,
            "investment_base_unit": c.q.unit_base if c.q else None,
            "stage": c.stage,
            "aggregate": c.aggregate,
            "count": c.count,
            "span": [a, b],
            "quote": text[a:b],
        })
    return out
