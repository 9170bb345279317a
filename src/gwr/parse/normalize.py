"""A same-length normalised view of the text.

Reports mix full-width digits (２０１８), full-width and half-width
punctuation, NO-BREAK and ideographic spaces.  Rules are simpler on one form,
but every offset must lead back to the original characters.  Mapping each
character to exactly one character keeps ``len(norm) == len(text)``, so a span
found in the normalised view *is* the span in the original: nothing to map back.
Stages that need to ignore spaces (a header broken over lines, a name padded
with spaces) match on a folded copy and keep only what they read from it.
"""
from __future__ import annotations

import re

_PAIRS = {
    # full-width ASCII range → ASCII, except the ideographic ones we keep
    **{chr(0xFF01 + i): chr(0x21 + i) for i in range(94)},
    "\u3000": " ",  # ideographic space
    "\u00a0": " ",  # no-break space
    "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200b": " ", "\ufeff": " ",
    "\u3002": "。",  # keep the ideographic full stop as it is
    "\uff61": "。",  # halfwidth ideographic full stop
    "\u2014": "—", "\u2013": "-", "\u2212": "-", "\uff0d": "-",
    "\u301c": "~",
    "\u00b7": "·",
}
# Chinese commas, colons and semicolons stay Chinese: they carry sentence
# structure, and reports use both forms.  Only what rules never care about
# the width of is folded to ASCII: digits, letters, % . + - ( ) and spaces.
for _c in "，：；！？（）":
    _PAIRS.pop(chr(ord(_c)), None)
_PAIRS["（"] = "("
_PAIRS["）"] = ")"
_TABLE = str.maketrans(_PAIRS)
# str.translate looks every character up in a dict (≈30 MB/s on Chinese text);
# the characters to change are rare, so find their runs first (≈240 MB/s).
# Spelled [x][x]* rather than [x]+: a pattern that opens with a character class
# lets ``re`` skip ahead with its charset search, one that opens with a repeat
# is tried at every position (three times the instructions per character).
# The commonest changes are each one whole-text ``str.replace`` in C (a scan at memory speed):
# ideographic spaces indent the paragraphs of many reports (seven runs per thousand characters,
# each a Python call in the run-by-run pass), and full-width brackets are frequent everywhere.
_COMMON = tuple((c, _PAIRS[c]) for c in "\u3000（）\u00a0")
_CHANGED_CLASS = "[%s]" % re.escape("".join(k for k, v in _PAIRS.items() if k != v and k not in dict(_COMMON)))
_CHANGED = re.compile(_CHANGED_CLASS + _CHANGED_CLASS + "*")


def _translate_run(m: re.Match[str]) -> str:
    return m.group().translate(_TABLE)


# A year written in Chinese numerals (二〇一二年) reads as four digits (2012年): same length,
# so every year rule sees one form.  Older reports write the zero as 〇, 零, ○, O or 0.
# Opened by the literal 年 (found by re's fast literal scan) and checked behind it.
_ZEROS = "〇零○OoＯ0０"
_CN_YEAR = re.compile(rf"年(?<=[一二][{_ZEROS}一二三四五六七八九]{{3}}年)")
_YEAR_DIGITS = str.maketrans({**dict.fromkeys(_ZEROS, "0"), **{c: str(i) for i, c in enumerate("〇一二三四五六七八九")}})


def _digit_year(m: re.Match[str]) -> str:
    y = m.string[m.start() - 4 : m.start()].translate(_YEAR_DIGITS)
    return y + "年" if y[:2] in ("19", "20") else m.string[m.start() - 4 : m.end()]


def normalize(text: str) -> str:
    """Same-length normalisation: full-width ASCII → ASCII, odd spaces → space,
    Chinese-numeral years → digits."""
    for c, to in _COMMON:
        text = text.replace(c, to)
    text = _CHANGED.sub(_translate_run, text)
    if _CN_YEAR.search(text) is None:
        return text
    out, last = [], 0
    for m in _CN_YEAR.finditer(text):
        a = m.start() - 4
        out.append(text[last:a])
        out.append(_digit_year(m))
        last = m.end()
    out.append(text[last:])
    return "".join(out)
