"""Quantities, numerals, directions and ranks on phrases in the reports' own style.

The phrases are written for these tests in the genre's wording; the property
tests pin the conversions (Arabic, Chinese, unit factors) and the fuzz tests
pin the promise that no input crashes or stalls the scan.
"""
from __future__ import annotations

import json
import time
from dataclasses import FrozenInstanceError, asdict
from decimal import Decimal
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwr.parse.normalize import normalize
from gwr.quantities import Quantity, Rank, find_quantities, find_ranks, growth_direction, parse_number, unit_info

D = Decimal


def only(text: str, **kw) -> Quantity:
    qs = find_quantities(text, **kw)
    assert len(qs) == 1, [text[q.start:q.end] for q in qs]
    return qs[0]


def quotes(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quantities(text)]


# (text, quote, value, unit, unit_base, value_base, qualifier)
SINGLE = [
    ("实现地区生产总值614.8亿元", "614.8亿元", "614.8", "亿元", "yuan", "61480000000", ""),
    ("地区生产总值增长9.5%左右", "9.5%左右", "9.5", "%", "percent", "9.5", "左右"),
    ("城镇登记失业率控制在4.5%以内", "4.5%以内", "4.5", "%", "percent", "4.5", "以内"),
    ("单位生产总值能耗下降3%以上", "3%以上", "3", "%", "percent", "3", "以上"),
    ("研发投入占比提高0.6个百分点", "0.6个百分点", "0.6", "个百分点", "percentage_point", "0.6", ""),
    ("新增城镇就业1.2万人", "1.2万人", "1.2", "万人", "person", "12000", ""),
    ("项目总投资约5亿元", "约5亿元", "5", "亿元", "yuan", "500000000", "约"),
    ("惠及群众三千余人", "三千余人", "3000", "人", "person", "3000", "余"),
    ("集中签约十二个项目", "十二个", "12", "个", "item", "12", ""),
    ("项目分两期实施", "两期", "2", "期", "item", "2", ""),
    ("人均补助近20万元", "近20万元", "20", "万元", "yuan", "200000", "近"),
    ("落实奖补资金逾600万元", "逾600万元", "600", "万元", "yuan", "6000000", "逾"),
    ("技术合同成交额突破1000万元", "突破1000万元", "1000", "万元", "yuan", "10000000", "突破"),
    ("进出口总额增长超四成", "超四成", "4", "成", "percent", "40", "超"),
    ("外贸进出口同比增长16 %", "16 %", "16", "%", "percent", "16", ""),
    ("投入帮扶资金300多万元", "300多万元", "300", "万元", "yuan", "3000000", "多"),
    ("回收政府性资金6亿多元", "6亿多元", "6", "亿元", "yuan", "600000000", "多"),
    ("累计完成投资六亿多元", "六亿多元", "6", "亿元", "yuan", "600000000", "多"),
    ("转移农村劳动力十余万人", "十余万人", "10", "万人", "person", "100000", "余"),
    ("安排专项资金一千二百万元", "一千二百万元", "1200", "万元", "yuan", "12000000", ""),
    ("整治农村公路42.5公里", "42.5公里", "42.5", "公里", "km", "42.5", ""),
    ("新增造林面积1.6万亩", "1.6万亩", "1.6", "万亩", "mu", "16000", ""),
    ("改造老旧小区26万平方米", "26万平方米", "26", "万平方米", "m2", "260000", ""),
    ("粮食总产量达到8.3万吨", "8.3万吨", "8.3", "万吨", "ton", "83000", ""),
    ("港口吞吐量120万标箱", "120万标箱", "120", "万标箱", "teu", "1200000", ""),
    ("全年发电量3.5亿千瓦时", "3.5亿千瓦时", "3.5", "亿千瓦时", "kwh", "350000000", ""),
    ("新增公交车45辆", "45辆", "45", "辆", "item", "45", ""),
    ("新装路灯1300盏", "1300盏", "1300", "盏", "item", "1300", ""),
    ("新增养老床位75张", "75张", "75", "张", "item", "75", ""),
    ("改扩建中小学9所", "9所", "9", "所", "item", "9", ""),
    ("新增市场主体超过两万户", "超过两万户", "2", "万户", "household", "20000", "超过"),
    ("实际利用外资1.2亿美元", "1.2亿美元", "1.2", "亿美元", "usd", "120000000", ""),
    ("主要污染物排放总量削减率超过2%", "超过2%", "2", "%", "percent", "2", "超过"),
    ("接待游客120万人次", "120万人次", "120", "万人次", "person_time", "1200000", ""),
    ("农村自来水普及率达到百分之九十五", "百分之九十五", "95", "百分之", "percent", "95", ""),
    ("规上工业增加值增长一倍", "一倍", "1", "倍", "times", "1", ""),
    ("全年新增就业1,200人", "1,200人", "1200", "人", "person", "1200", ""),
    ("财政收入增长-2.3%", "-2.3%", "-2.3", "%", "percent", "-2.3", ""),
    ("综合排名前移四位", "四位", "4", "位", "rank", "4", ""),
    ("新增贷款10亿人民币", "10亿人民币", "10", "亿人民币", "yuan", "1000000000", ""),
    ("园区营业收入超百亿元", "超百亿元", "100", "亿元", "yuan", "10000000000", "超"),
    ("吸纳就业千余人", "千余人", "1000", "人", "person", "1000", "余"),
    ("集中签约十二个项目", "十二个", "12", "个", "item", "12", ""),
    ("排查安全隐患近万件", "近万件", "10000", "件", "item", "10000", "近"),
    ("推进亿元以上项目建设", "亿元以上", "100000000", "元", "yuan", "100000000", "以上"),
    ("区属服务业增加值的比重保持95%", "95%", "95", "%", "percent", "95", "保持"),
    ("全年实现国内生产总值gdp4亿元", "4亿元", "4", "亿元", "yuan", "400000000", ""),
    ("选派58名医护人员", "58名", "58", "名", "person", "58", ""),
    ("每个镇街道均有1所以上", "1所以上", "1", "所", "item", "1", "以上"),
    ("实现产值过100亿元", "过100亿元", "100", "亿元", "yuan", "10000000000", "过"),
    ("收购烟叶1.82万担", "1.82万担", "1.82", "万担", "ton", "910", ""),
]


@pytest.mark.parametrize("text,quote,value,unit,base,value_base,qualifier", SINGLE)
def test_single_quantity(text, quote, value, unit, base, value_base, qualifier):
    q = only(text)
    assert text[q.start:q.end] == quote
    assert q.value == D(value) and q.low is None and q.high is None
    assert (q.unit, q.unit_base, q.qualifier) == (unit, base, qualifier)
    assert q.value_base == D(value_base)
    assert text[q.number_start:q.number_end] in quote


# (text, quote, low, high, unit)
RANGES = [
    ("地区生产总值增长7%-7.5%", "7%-7.5%", "7", "7.5", "%"),
    ("地区生产总值增长6%－6.5%", "6%－6.5%", "6", "6.5", "%"),
    ("一般公共预算收入增长6%到6.5%", "6%到6.5%", "6", "6.5", "%"),
    ("固定资产投资增长8%至10%", "8%至10%", "8", "10", "%"),
    ("每户补助5-10万元", "5-10万元", "5", "10", "万元"),
    ("每户补助5万-10万元", "5万-10万元", "5", "10", "万元"),
    ("每个乡镇培育1-2家龙头企业", "1-2家", "1", "2", "家"),
    ("每年打造两到三个示范村", "两到三个", "2", "3", "个"),
    ("每村配备两三个网格员", "两三个", "2", "3", "个"),
    ("带动三四十户群众增收", "三四十户", "30", "40", "户"),
]


@pytest.mark.parametrize("text,quote,low,high,unit", RANGES)
def test_ranges(text, quote, low, high, unit):
    q = only(text)
    assert text[q.start:q.end] == quote
    assert q.value is None and q.value_base is None
    assert (q.low, q.high, q.unit) == (D(low), D(high), unit)


def test_trailing_qualifier_written_once_covers_the_pair():
    text = "城乡居民人均可支配收入分别增长7%和8%左右"
    assert [(q.value, q.qualifier) for q in find_quantities(text)] == [(7, "左右"), (8, "左右")]


def test_direction_carries_along_a_list():
    text = "实现城镇居民人均可支配收入21782元、农民人均纯收入8506元,分别增长10.5%、13.2%和9%"
    assert [growth_direction(text, q) for q in find_quantities(text)] == [0, 0, 1, 1, 1]
    text = "规模工业总产值468亿元、增加值125亿元,规模以上工业增加值7.5%左右"
    assert [growth_direction(text, q) for q in find_quantities(text)] == [0, 0, 1]


def test_paired_rates_are_two_quantities():
    text = "城镇、农村居民人均可支配收入分别增长8%和9%"
    qs = find_quantities(text)
    assert [(q.value, q.unit) for q in qs] == [(D(8), "%"), (D(9), "%")]
    assert [growth_direction(text, q) for q in qs] == [1, 1]


def test_paragraph_in_order_with_directions():
    text = "全年实现地区生产总值614.8亿元,增长6.6%;完成固定资产投资234.1亿元,增长13.8%;刑事发案率下降38.9%。"
    qs = find_quantities(text)
    assert quotes(text) == ["614.8亿元", "6.6%", "234.1亿元", "13.8%", "38.9%"]
    assert [growth_direction(text, q) for q in qs] == [0, 1, 0, 1, -1]
    assert [q.dimension for q in qs] == ["money", "ratio", "money", "ratio", "ratio"]


def test_full_width_raw_and_normalised_agree():
    raw = "规模工业增加值增长６.６％，完成投资１２.５亿元"
    norm = normalize(raw)
    a, b = find_quantities(raw), find_quantities(norm)
    assert [(q.start, q.end, q.value, q.value_base, q.unit_base) for q in a] == \
        [(q.start, q.end, q.value, q.value_base, q.unit_base) for q in b]
    assert [q.value for q in b] == [D("6.6"), D("12.5")]
    assert b[0].unit == "%" and a[0].unit == "％"


def test_multiplier_without_unit_and_bare_numbers():
    q = only("全年接待游客1.2万,")
    assert (q.value, q.unit, q.unit_base, q.value_base, q.dimension) == (D("1.2"), "万", "number", 12000, "number")
    q = only("投资超百亿的骨干项目")
    assert (q.value, q.unit, q.value_base, q.qualifier) == (100, "亿", 10**10, "超")
    text = "三次产业结构调整为1.3:17.4:81.3,共有成员单位35,2019年5月13日召开。"
    assert find_quantities(text) == []
    bare = find_quantities(text, bare=True)
    assert [text[q.start:q.end] for q in bare] == ["35"]


def test_start_end_and_absolute_spans():
    text = "前言。增长9%;投资5亿元;新建3所学校"
    a = text.index("投资")
    qs = find_quantities(text, a, text.index(";", a))
    assert [(text[q.start:q.end], q.start) for q in qs] == [("5亿元", a + 2)]
    assert find_quantities(text, 5, 5) == [] and find_quantities(text, 10, 2) == []


NOT_QUANTITIES = [
    "2019年5月13日,区政府2017年度工作报告",
    "十三五期间,十四五时期,全国两会,三农工作",
    "一批重点项目,一大批企业,一流营商环境,统一规划,一体化发展",
    "万众创新,千方百计,百姓满意,十分重要,千家万户",
    "一是稳增长;二是调结构;(三)抓改革;1.保障城市安全",
    "第一要务,第二财源,第三产业,第十二个",
    "三次产业结构,五位一体,四位一体,二期工程,华翔三期,三期叠加",
    "汽车零部件,零就业家庭,零容忍",
    "三元村和三元路,一张蓝图绘到底,一次性告知,最后一公里",
    "5G基站建设,4A级景区,G107国道,PM2.5浓度",
    "咨询电话0730-8222222,办理12345热线",
    "每万人拥有,每千人口,全国前10名",
    "五届人大四次会议,十三届七次全会",
    "二〇一九年,一二三产业",
    "数百家企业,几十个部门,上千人次,成千上万人,千名干部",
    "单位:亿元,千万不要,百亿级产业,万元GDP能耗",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_quantities(text):
    assert quotes(text) == []


def test_articles_give_way_to_counts():
    assert quotes("建成一批项目和两个园区") == ["两个"]
    assert quotes("提高一个百分点,打造一个中心") == ["一个百分点"]
    assert quotes("推动三个转变、实施八项工程") == ["三个", "八项"]


@pytest.mark.parametrize("text,expected", [
    ("地区生产总值增长9.5%", 1), ("同比增长16 %", 1), ("提高0.6个百分点", 1), ("增幅达12%", 1),
    ("下降3%以上", -1), ("降低0.5个百分点", -1), ("同比减少36.7%", -1), ("负增长2%", -1),
    ("下降了3%", -1), ("占比达到60%", 0), ("提高到60%", 0), ("增长9%,达到678亿元", 0),
    ("力争增长超过10%", 1),
])
def test_growth_direction(text, expected):
    qs = find_quantities(text)
    assert growth_direction(text, qs[-1]) == expected


def test_qualifier_before_the_verb():
    q = only("力争增长10%")
    assert q.qualifier == "力争" and q.start == 4


@pytest.mark.parametrize("text,quote,scope,position", [
    ("税收收入增长9%,增速排名全市第一。", "增速排名全市第一", "全市", 1),
    ("空气质量指数位居全省第3位", "位居全省第3位", "全省", 3),
    ("营商环境考核名列全省县市区第二", "考核名列全省县市区第二", "全省县市区", 2),
    ("注册商标1687件,排名城区第一。", "排名城区第一", "城区", 1),
    ("一般公共预算收入总量从全市的第9位上升", "全市的第9位", "全市", 9),
])
def test_ranks(text, quote, scope, position):
    (r,) = find_ranks(text)
    assert isinstance(r, Rank)
    assert (r.text, r.scope, r.position) == (quote, scope, position)
    assert text[r.start:r.end] == r.text


@pytest.mark.parametrize("text", ["建成全省第一个智慧园区", "全国第一批试点", "全省第三产业增加值",
                                  "全区第一书记", "进入全省第一梯队", "社区居委会第九次换届"])
def test_not_ranks(text):
    assert find_ranks(text) == []


@pytest.mark.parametrize("s,expected", [
    ("614.8", "614.8"), ("1,234.5", "1234.5"), ("１２", "12"), ("一百零五", "105"), ("十二", "12"),
    ("两", "2"), ("三千", "3000"), ("1.2万", "12000"), ("3.4亿", "340000000"), ("二〇一九", "2019"),
    ("零点零五", "0.05"), ("一点二亿", "120000000"), ("壹佰贰拾", "120"), ("3万5千", "35000"), ("-2.3", "-2.3"),
])
def test_parse_number(s, expected):
    assert parse_number(s) == D(expected)


@pytest.mark.parametrize("s", ["", " ", "abc", "一批", "十三五", "两三", "百", "千亿", "点五", "1.2.3", "1,23",
                               "1" * 100, None, 12, "一十百千万亿", "１２ａ"])
def test_parse_number_garbage(s):
    assert parse_number(s) is None


def test_decimal_stays_exact():
    q = only("实现地区生产总值614.8亿元")
    assert str(q.value) == "614.8" and q.value_base == D("61480000000")
    assert only("完成5.23亿元").value_base == D("523000000")


def test_units_file_is_consistent():
    raw = json.loads(resources.files("gwr").joinpath("data/units.json").read_text(encoding="utf-8"))
    dims = {"money", "ratio", "count", "area", "length", "volume", "mass", "energy", "power", "voltage",
            "duration", "age", "multiple", "rank", "number", "concentration"}  # 微克/立方米: indicators' dimension
    for unit, spec in raw.items():
        base, factor, dim = unit_info(unit)
        assert (base, dim) == (spec["base"], spec["dimension"]) and dim in dims
        assert factor == D(spec["factor"]) and factor > 0
    assert unit_info("亿元") == ("yuan", D("1e8"), "money")
    assert unit_info("万辆") == ("item", D(10000), "count")  # prefixed measure word, not in the file
    assert unit_info("万%") is None and unit_info("") is None and unit_info("斤两") is None


def test_quantity_is_a_frozen_dataclass():
    q = only("新增就业9000人")
    with pytest.raises(FrozenInstanceError):
        q.value = D(1)  # type: ignore[misc]
    assert type(q) is Quantity and asdict(q)["unit"] == "人"
    assert q == Quantity(**asdict(q)) and hash(q) == hash(Quantity(**asdict(q)))


# ---------------------------------------------------------------- properties

decimals = st.decimals(min_value=0, max_value=D("1e12"), places=4, allow_nan=False, allow_infinity=False)


@given(decimals)
def test_parse_number_round_trips_decimals(d):
    assert parse_number(format(d, "f")) == d
    assert parse_number(format(-d, "f")) == -d


@given(st.integers(min_value=0, max_value=10**12))
def test_parse_number_reads_thousands_separators(n):
    assert parse_number(f"{n:,}") == n


@given(st.integers(min_value=0, max_value=10**8))
def test_chinese_numerals_round_trip(n):
    from cn2an import an2cn

    assert parse_number(an2cn(n)) == n


@given(st.integers(min_value=3, max_value=10**8))
def test_chinese_numerals_in_text(n):
    from cn2an import an2cn

    q = only(f"惠及群众{an2cn(n)}人,")
    assert q.value_base == n and q.chinese and q.unit_base == "person"


_UNITS = sorted(u for u, spec in json.loads(
    resources.files("gwr").joinpath("data/units.json").read_text(encoding="utf-8")).items()
    if not spec.get("before_number"))


@given(decimals, st.sampled_from(_UNITS))
def test_value_base_is_value_times_factor(d, unit):
    text = f"完成{format(d, 'f')}{unit}。"
    q = only(text)
    _, factor, _ = unit_info(q.unit)
    assert q.value * factor == q.value_base
    assert q.value_base == d * unit_info(unit)[1]


# ---------------------------------------------------------------------- fuzz

_ALPHABET = (
    "0123456789０１２３４５６７８９.,，。、;；:：%％‰-－~～—到至 \u3000\n()（）"
    "〇零一二两三四五六七八九十百千万亿点负余多第每前"
    "个人元亿万户亩吨项家所期成倍位名米度次批条张盏"
    "约近超逾突破过左右以上内下增长下降提高降低排名全市省第国一"
    "的了在和是GDPkmAＡ①"
)


def _check(text: str) -> None:
    prev_end = -1
    for q in find_quantities(text):
        assert 0 <= q.start <= q.number_start < q.number_end <= q.end <= len(text)
        assert q.start >= prev_end
        prev_end = q.end
        assert (q.value is None) == (q.low is not None)
        growth_direction(text, q)
    for r in find_ranks(text):
        assert text[r.start:r.end] == r.text and r.position >= 1
    find_quantities(text, bare=True)
    parse_number(text)


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_ALPHABET, max_size=300))
def test_fuzz_report_like_text(text):
    _check(text)
    _check(normalize(text))


@settings(max_examples=100, deadline=2000)
@given(st.text(max_size=200))
def test_fuzz_any_unicode(text):
    _check(text)


_LINE = "0123456789〇零一二两三四五六七八九十百千万亿点"


# The time bounds below guard against hangs (a backtracking regex on 10^6 characters runs for hours),
# not speed: they are loose enough for a loaded 2-core machine.
HANG = 90


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_LINE + "个人元%-余", min_size=1, max_size=40))
def test_fuzz_million_character_line(chunk):
    line = (chunk * (10**6 // len(chunk) + 1))[:10**6]
    t0 = time.perf_counter()
    find_quantities(line)
    find_ranks(line)
    assert time.perf_counter() - t0 < HANG


@pytest.mark.parametrize("line", ["1" * 10**6, "一" * 10**6, "1一" * 500_000, "1.1" * 333_333,
                                  "1,000" * 200_000, "十" * 10**6, "1-" * 500_000, "万亿" * 500_000])
def test_million_character_lines_without_punctuation(line):
    t0 = time.perf_counter()
    find_quantities(line)
    find_quantities(line, bare=True)
    assert time.perf_counter() - t0 < HANG


@pytest.mark.parametrize("text,value,unit", [
    ("社会消费品零售总额完成四百二十亿元", 420, "亿元"),  # the 成 of 完成 is no 成百上千
    ("建成三千米绿道", 3000, "米"),
    ("形成两百亿元产业集群", 200, "亿元"),
])
def test_a_verb_ending_in_cheng_leaves_the_numeral_alone(text, value, unit):
    (q,) = find_quantities(text)
    assert (q.value, q.unit) == (value, unit)


@pytest.mark.parametrize("text", ["成千上万的群众", "成百亿元的资金", "数十个项目", "几百家企业"])
def test_vague_round_numbers_stay_out(text):
    assert not find_quantities(text)
