"""Numbers and units as reports write them: Arabic, Chinese, or Arabic with
万/亿, and the unit table of ``data/units.json``.

Chinese numerals go through the cn2an library rather than a converter of our
own, but only ever on a span already cut out by a pattern: its sentence mode
reads 两三个 as 23 and 全国两会 as 全国2会, so it must never see running text.
Values are ``Decimal`` so that 614.8 stays 614.8 all the way to the JSON.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from decimal import Context, Decimal
from functools import lru_cache
from importlib import resources

from .parse.normalize import normalize

log = logging.getLogger(__name__)

CN_DIGITS = "〇零一二两三四五六七八九"
CN_POWERS = "十百千万亿"
# What the scanner starts on.  The financial forms (壹贰…拾佰仟) are parsed
# but never scanned for: they sit inside everyday words (队伍, 陆续, 大陆).
CN = CN_DIGITS + CN_POWERS
_CN_ALL = CN + "壹贰叁肆伍陆柒捌玖拾佰仟"
# Large multipliers a number can carry on its own (1.2万) and, with 千 and 百,
# the prefixes a unit can take (千米 is a unit, 3千 is not a number anyone writes).
MULTIPLIERS = {
    "万亿": Decimal("1e12"), "千亿": Decimal("1e11"), "百亿": Decimal("1e10"),
    "十亿": Decimal("1e9"), "亿": Decimal("1e8"), "千万": Decimal("1e7"),
    "百万": Decimal("1e6"), "十万": Decimal("1e5"), "万": Decimal("1e4"),
    "千": Decimal("1e3"), "百": Decimal("1e2"),
}
STANDALONE = ("万亿", "千亿", "百亿", "十亿", "千万", "百万", "十万", "亿", "万")
# Wide enough that no multiplication or sum ever rounds (29 digits × 1e12).
CTX = Context(prec=60)

_ARABIC = re.compile(r"-?[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?")
_ARABIC_MULT = re.compile(r"(-?[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)(%s|千|百)" % "|".join(STANDALONE))
_CN_ONLY = re.compile("负?[%s]+(?:点[%s]+)?(?:万亿|亿|万)?" % (_CN_ALL, _CN_ALL))
_PAIR = re.compile("([一二两三四五六七八九])([二两三四五六七八九])([十百千万]?)")
_DIGIT_VALUE = ({c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
                | {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")})
_MIXED = re.compile("[0-9.]+[%s]|[%s][0-9]" % (_CN_ALL, _CN_ALL))
_MAX_LEN = 64  # no number in a report is longer; longer input is not a number


def _cn2an():
    """Import on first use: most texts never need it, and it pulls in ``proces``.  Kept once
    found: an ``import`` statement of a loaded package still costs a microsecond."""
    if not _CN2AN:
        import cn2an

        _CN2AN.append(cn2an.cn2an)
    return _CN2AN[0]


_CN2AN: list = []


def pair_range(s: str) -> tuple[Decimal, Decimal] | None:
    """两三 / 三四十 / 七八百: an approximate range, not the number 23 or 340."""
    m = _PAIR.fullmatch(s)
    if not m:
        return None
    a, b = _DIGIT_VALUE[m.group(1)], _DIGIT_VALUE[m.group(2)]
    if b != a + 1:
        return None
    scale = {"": 1, "十": 10, "百": 100, "千": 1000, "万": 10000}[m.group(3)]
    return Decimal(a) * scale, Decimal(b) * scale


@lru_cache(maxsize=8192)
def chinese_value(s: str) -> Decimal | None:
    """A run of Chinese numerals (cut out already) as a Decimal, or None."""
    if not s or len(s) > _MAX_LEN or s.endswith("点") or pair_range(s):
        return None
    for suffix in ("万亿", "亿", "万"):
        # cn2an reads 一点二 and 一亿 but not 一点二亿
        if s.endswith(suffix) and "点" in s:
            inner = chinese_value(s[: -len(suffix)])
            return None if inner is None else tidy(CTX.multiply(inner, MULTIPLIERS[suffix]))
    sign = 1
    if s.startswith("负"):
        sign, s = -1, s[1:]
    whole, _, frac = s.partition("点")
    if not whole or any(c not in _CN_ALL for c in whole) or any(c not in _DIGIT_VALUE for c in frac):
        return None
    try:
        value = Decimal(int(_cn2an()(whole, "normal")))
        if frac:
            # digit by digit, so 零点零五 keeps its zero and no float is involved
            digits = "".join(str(int(_cn2an()(c, "normal"))) for c in frac)
            value += Decimal("0." + digits)
    except (ValueError, TypeError, KeyError, ArithmeticError) as exc:
        log.debug("not a Chinese numeral %r: %s", s, exc)
        return None
    return value if sign > 0 else -value


def _mixed_value(s: str) -> Decimal | None:
    """3万5千: Arabic and Chinese in one number, cn2an's smart mode on the span only."""
    try:
        out = _cn2an()(s, "smart")
    except (ValueError, TypeError, KeyError, ArithmeticError, IndexError) as exc:
        log.debug("not a mixed numeral %r: %s", s, exc)
        return None
    if isinstance(out, (int, float)):
        return Decimal(str(out))
    return None


def parse_number(s: str) -> Decimal | None:
    """Any number as written in a report, or None; never raises on bad input."""
    try:
        if not isinstance(s, str):
            return None
        s = normalize(s).strip()
        if not s or len(s) > _MAX_LEN:
            return None
        if _ARABIC.fullmatch(s):
            return Decimal(s.replace(",", ""))
        m = _ARABIC_MULT.fullmatch(s)
        if m:
            return tidy(CTX.multiply(Decimal(m.group(1).replace(",", "")), MULTIPLIERS[m.group(2)]))
        if _CN_ONLY.fullmatch(s):
            return chinese_value(s)
        if _MIXED.search(s):
            return _mixed_value(s)
    except Exception:  # noqa: BLE001 - the contract is "garbage → None"
        log.debug("unparseable number %r", s, exc_info=True)
    return None


def tidy(d: Decimal) -> Decimal:
    """6.148E+10 → 61480000000 and 6.60 → 6.6, so values print as people write them."""
    try:
        if d == d.to_integral_value():
            return d.quantize(Decimal(1), context=CTX)
        return d.normalize(CTX)
    except ArithmeticError:
        return d


@dataclass(frozen=True, slots=True)
class Unit:
    """One entry of ``data/units.json``; the flags keep the genre's traps out of code.

    ``no_prefix``: never takes 万/亿/千 (万% is not a unit).  ``lone_one``: a
    bare 一 before it is a number (一倍, 一个百分点), not the article of 一批.
    ``not_followed_by``: the measure word is part of a longer word
    (三次产业, 五位一体).  ``chinese_ordinal``: Chinese numerals before it name
    a phase (三期工程), except 两.  ``before_number``: written before the
    number (百分之五).  ``multiplier``: 万/亿 standing alone as the unit (1.2万).
    """

    base: str
    factor: Decimal
    dimension: str
    no_prefix: bool = False
    lone_one: bool = False
    not_followed_by: tuple[str, ...] = ()
    before_number: bool = False
    chinese_ordinal: bool = False
    multiplier: bool = False


def _exact(factor: str) -> Decimal:
    """1e8 → Decimal(100000000), so 614 亿元 gives 61400000000, not 6.14E+10."""
    d = Decimal(str(factor))
    return Decimal(int(d)) if d == d.to_integral_value() else d


@lru_cache(maxsize=1)
def units() -> dict[str, Unit]:
    raw = json.loads(resources.files("gwr").joinpath("data/units.json").read_text(encoding="utf-8"))
    return {
        normalize(k): Unit(v["base"], _exact(v["factor"]), v["dimension"], bool(v.get("no_prefix")),
                           bool(v.get("lone_one")), tuple(v.get("not_followed_by", ())), bool(v.get("before_number")),
                           bool(v.get("chinese_ordinal")), bool(v.get("multiplier")))
        for k, v in raw.items() if not k.startswith("_")
    }


PREFIXES = sorted(MULTIPLIERS, key=len, reverse=True)
UNIT_MEMO: dict[str, Unit | None] = {}


def lookup_unit(unit: str) -> Unit | None:
    """The unit as written, or a prefixed form of one (万辆 = 万 × 辆); memoised in a plain dict for speed."""
    try:
        return UNIT_MEMO[unit]
    except KeyError:
        pass
    table = units()
    u = normalize(unit)
    found = table.get(u)
    if found is None:
        for p in PREFIXES:
            base = table.get(u[len(p):]) if u.startswith(p) else None
            if base and not (base.no_prefix or base.before_number or base.multiplier):
                found = Unit(base.base, base.factor * _exact(MULTIPLIERS[p]), base.dimension,
                             lone_one=base.lone_one, not_followed_by=base.not_followed_by)
                break
    if len(UNIT_MEMO) < 10000:
        UNIT_MEMO[unit] = found
    return found


def unit_info(unit: str) -> tuple[str, Decimal, str] | None:
    """(unit_base, factor, dimension) for a unit as written, prefixed forms included."""
    u = lookup_unit(unit) if isinstance(unit, str) and unit else None
    return (u.base, u.factor, u.dimension) if u else None


def _fw(c: str) -> str:
    """A unit spelled in ASCII also matches its full-width form (％, ｋｍ) in raw text."""
    return f"[{re.escape(c)}{re.escape(chr(ord(c) + 0xFEE0))}]" if "!" <= c <= "~" else re.escape(c)


def trie_regex(words) -> str:
    """An alternation as a character trie, longest match first.

    ``re`` tries the branches of ``a|b|c`` one by one; with ~120 units every
    number would pay ~120 failed comparisons, the trie pays a handful.
    """
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [_fw(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and len(alts[0]) == 1 else "(?:%s)" % "|".join(alts)
        return body + "?" if "" in node else body

    return emit(root)
