"""Vocabulary of the genre: name heads, investment and lifecycle words, the
words around a name, and clause breaks."""
from __future__ import annotations

import re
from decimal import Decimal

# name heads: strong ones make a name anywhere; place heads name a facility
STRONG_HEAD = r"项目|工程"
PLACE_HEAD = (
    r"产业园|工业园|科技园|物流园|创业园|园区|产业城|科技城|工业城|新城|商城|城|综合体|基地|中心|"
    r"电厂|电站|变电站|厂房|工厂|厂|公司|医院|卫生院|敬老院|院区|校区|院|学校|小学|中学|幼儿园|大学|馆|广场|市场|"
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
    r"签约(?:总)?金额|签约总额|签约资金|合同(?:总)?金额|协议(?:总)?金额|合同引资|协议引资)"
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
# (计(?<!原计)划 is (?<!原)计划 with the guard after the first character: a pattern opening
# with a lookbehind is tried at every position, one opening with characters only at those)
_MODAL = re.compile(r"计(?<!原计)划|将|拟|力争|争取|确保|预计|有望|即将|尽快|早日|推动|推进|促进|准备|洽谈|谋划|待|抓好?|预期|力求|筹备")
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
# hard breaks (the clause characters but the ASCII comma), soft ones (a comma or a space,
# breaks only where _CLAUSE_BREAK says so) and sentence breaks, found in one scan (geometry._breaks)
_ANY_BREAK = re.compile(r"[，；;。！!？?：:\n\r【】, ]")
_SOFT_CHARS = ", "
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


def _stage_of(m: re.Match[str]) -> str:
    for st in STAGES:
        if m.group(st):
            return st
    raise AssertionError(m)
