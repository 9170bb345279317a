"""Money amounts an investment is stated in, and the counts of a batch."""
from __future__ import annotations

import re
from typing import Iterable

from ..quantities import Quantity, find_quantities, parse_number
from .vocabulary import _BARE_MAGNITUDE, _CN_NUM

# 总投资十四亿, 投资超百亿, 投入6000万: a magnitude without 元 after an investment word
_BARE_TAIL = (r"(?P<qual>约|超过|超|近|逾|突破|高达|达到|达|过)?"
              rf"(?P<num>\d+(?:\.\d+)?|[{_CN_NUM}]+)(?P<mag>万亿|亿|万)(?P<post>以上|左右|多|余)?(?![元美港欧日\d万亿千百多余])")
# (?:投资|投入|投资额|引资) as one pattern per first character: a pattern that opens with
# a literal is found by re's fast literal scan, an alternation by its ~10× dearer charset
# scan.  Their matches cannot overlap (neither tail holds 投 or 引), so the two scans
# find what the one did.
_BARE_AMOUNTS = (re.compile(r"投(?:资|入|资额)" + _BARE_TAIL), re.compile(r"引资" + _BARE_TAIL))
_QUALIFIERS = ("约", "超过", "超", "近", "逾", "突破", "过")


def _amounts(norm: str, start: int, end: int, quantities: Iterable[Quantity] | None = None) -> list[Quantity]:
    """Money amounts in ``norm[start:end]``: gwr.quantities' plus bare magnitudes after an investment word."""
    if quantities is None:
        quantities = find_quantities(norm, start, end)
    out = [q for q in quantities if q.dimension == "money" and start <= q.start and q.end <= end]
    for m in (hit for rx in _BARE_AMOUNTS for hit in rx.finditer(norm, start, end)):
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


def _int(num: str) -> int | None:
    if num.isdigit():
        return int(num)
    v = parse_number(num)
    return int(v) if v is not None and v == int(v) else None
