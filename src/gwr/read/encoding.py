"""Text decoding that agrees with ``open(path, encoding=enc).read()``.

Every offset downstream is an index into the decoded text, and quotes are
checked by opening the file with the encoding we report, so the text must be
exactly what text-mode ``open()`` gives: same codec, universal newlines.
"""
from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass, field

from ..errors import BinaryFileError, DecodeError

log = logging.getLogger(__name__)

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts the same
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 controls other than \t \n \v \f \r and ESC, plus DEL: real text has
# (almost) none, binaries are full of them.
_CONTROL = bytes([*range(0, 9), *range(14, 27), *range(28, 32), 127])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)

_GB_FAMILY = {"gb18030", "gbk", "gb2312", "cp936", "hz"}


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode_text(data: bytes) -> Decoded:
    """Decode file bytes the way ``open(path, encoding=enc).read()`` would.

    Order: BOM, strict UTF-8 (most files), GB18030 (Chinese government sites;
    a superset of GBK/GB2312), then charset-normalizer for the rest (Big5 …).
    """
    for bom, enc in BOMS:
        if data.startswith(bom):
            return Decoded(_universal_newlines(_decode_bom(data, bom, enc)), enc)
    if b"\x00" in data:
        return _decode_nul_text(data)
    _refuse_control_bytes(data)

    try:
        return Decoded(_universal_newlines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError as err:
        utf8_err = err
    warnings: list[str] = []
    if utf8_err.reason == "unexpected end of data" and utf8_err.start >= len(data) - 3:
        warnings.append("UTF-8 text cut off in the middle of its last character; "
                        "that character is replaced with U+FFFD")
        text = data.decode("utf-8", errors="replace")
        return Decoded(_universal_newlines(text), "utf-8", warnings)

    gb_text: str | None
    try:
        gb_text = data.decode("gb18030")
    except UnicodeDecodeError as err:
        gb_text = None
        if err.start >= len(data) - 3 and _plausible_simplified(data[:err.start].decode(
                "gb18030", errors="replace")):
            warnings.append("GB18030 text cut off in the middle of its last character; "
                            "that character is replaced with U+FFFD")
            text = data.decode("gb18030", errors="replace")
            return Decoded(_universal_newlines(text), "gb18030", warnings)
    if gb_text is not None and _plausible_simplified(gb_text):
        return Decoded(_universal_newlines(gb_text), "gb18030")

    for enc in ("utf-8", "gb18030"):
        damaged = _mostly(data, enc)
        if damaged is not None:
            text, bad = damaged
            warnings.append(f"{bad} invalid {enc.upper()} byte sequence(s) "
                            "replaced with U+FFFD")
            return Decoded(_universal_newlines(text), enc, warnings)

    guess = _charset_normalizer_guess(data)
    if guess is not None:
        enc, text = guess
        if gb_text is None or codecs.lookup(enc).name not in _GB_FAMILY:
            return Decoded(_universal_newlines(text), enc,
                           [f"encoding guessed as {enc} by charset-normalizer"])
    if gb_text is not None:
        return Decoded(_universal_newlines(gb_text), "gb18030",
                       ["decoded as GB18030 but many characters are rare; "
                        "the encoding may be wrong"])
    raise DecodeError(
        f"cannot decode: not UTF-8 (bad byte 0x{data[utf8_err.start]:02x} at offset "
        f"{utf8_err.start}), not GB18030, and no other encoding fits")


def decode_declared(data: bytes, declared: str, *, lenient: bool = False) -> Decoded | None:
    """Decode with a charset a web page declares, or None if it does not fit.

    ``lenient`` accepts a few undecodable bytes (a page cut off or damaged in
    transit) as U+FFFD, with a warning, rather than losing the whole page.
    """
    enc = normalize_charset(declared)
    if enc is None:
        return None
    if lenient:
        try:
            text = data.decode(enc, errors="replace")
        except LookupError:
            return None
        bad = text.count("\ufffd")
        if bad > max(3, len(text) // 200):
            return None
        return Decoded(_universal_newlines(text), enc,
                       [f"{bad} undecodable byte sequence(s) replaced with U+FFFD"])
    if enc in ("cp1252", "latin-1", "iso8859-1", "ascii"):
        # Pages declare these by template default; valid UTF-8 with non-ASCII
        # bytes is much more likely the truth than Latin-1 mojibake.
        try:
            data.decode("utf-8")
            if not data.isascii():
                return None
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None
    if enc == "utf-8" and text.startswith("\ufeff"):
        return None  # leave BOM files to decode_text
    return Decoded(_universal_newlines(text), enc)


def normalize_charset(label: str) -> str | None:
    """A Python codec name for a charset label, GB labels widened to GB18030."""
    label = label.strip().strip("\"'").lower()
    if label in ("gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "csgb2312",
                 "chinese", "iso-ir-58", "euc-cn", "x-euc-cn", "gb18030"):
        return "gb18030"
    if label in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "windows-1252"):
        return "cp1252"  # what browsers do with these labels
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in _GB_FAMILY:
        return "gb18030"
    if name in ("utf-16-le", "utf-16-be", "utf-16", "utf-32"):
        return None  # a meta tag in an ASCII-compatible stream cannot be UTF-16
    return name


def _decode_bom(data: bytes, bom: bytes, enc: str) -> str:
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as err:
        raise DecodeError(
            f"not valid {enc.upper().replace('-SIG', '')} despite its byte-order mark "
            f"(bad bytes at offset {err.start})") from None
    return text


def _decode_nul_text(data: bytes) -> Decoded:
    """UTF-16 without BOM puts NULs on one side of every ASCII character."""
    if len(data) % 2 == 0 and len(data) >= 4:
        nul_even = data[0::2].count(0)
        nul_odd = data[1::2].count(0)
        for enc, right, wrong in (("utf-16-le", nul_odd, nul_even),
                                  ("utf-16-be", nul_even, nul_odd)):
            if right >= 2 and wrong < right:
                try:
                    text = data.decode(enc)
                except UnicodeDecodeError:
                    continue
                if _looks_like_text(text):
                    return Decoded(_universal_newlines(text), enc,
                                   [f"no byte-order mark; decoded as {enc.upper()}"])
    raise BinaryFileError("binary file, not text (contains NUL bytes)")


_TEXTY = re.compile(r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u3000-\u303f"
                    r"\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")


def _looks_like_text(text: str) -> bool:
    """Random bytes read as UTF-16 scatter over the whole BMP; text does not."""
    sample = text[:65536]
    texty = sum(len(m) for m in _TEXTY.findall(sample))
    return texty >= 0.95 * len(sample)


def _refuse_control_bytes(data: bytes) -> None:
    n = len(data.translate(None, _NOT_CONTROL))
    if n and n > max(8, len(data) // 100):
        raise BinaryFileError(f"binary file, not text ({n} control bytes)")


def _control_ratio(text: str) -> float:
    sample = text[:65536]
    bad = sum(1 for ch in sample if (ch < " " and ch not in "\t\n\r\x0b\x0c\x1b")
              or "\x7f" <= ch <= "\x9f")
    return bad / max(1, len(sample))


def _universal_newlines(text: str) -> str:
    """What text-mode ``open()`` (newline=None) does: \\r\\n and \\r become \\n."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


_COMMON_GB: dict[int, None] | None = None


def _common_gb_table() -> dict[int, None]:
    """Translate table deleting ASCII, GB2312 level-1 hanzi and Chinese punctuation."""
    global _COMMON_GB
    if _COMMON_GB is None:
        table: dict[int, None] = dict.fromkeys(range(128))
        rows = [0xA1, 0xA3, *range(0xB0, 0xD8)]
        for lead in rows:
            for trail in range(0xA1, 0xFF):
                try:
                    ch = bytes([lead, trail]).decode("gb2312")
                except UnicodeDecodeError:
                    continue
                table[ord(ch)] = None
        for ch in "\u3000\u00a0\ufeff":
            table[ord(ch)] = None
        _COMMON_GB = table
    return _COMMON_GB


def _plausible_simplified(text: str) -> bool:
    """False when GB18030 decoding produced mojibake (Big5, UTF-8 shards…).

    Genuine simplified-Chinese prose is almost all common (level-1) hanzi and
    punctuation; mis-decoded bytes scatter over kana, symbols and rare hanzi.
    """
    sample = text[:20000]
    non_ascii = len(sample) - len(sample.encode("ascii", "ignore"))
    if non_ascii < 20:
        return True
    return len(_uncommon_gb().findall(sample)) / non_ascii < 0.2


_UNCOMMON_GB: list[re.Pattern[str]] = []


def _uncommon_gb() -> re.Pattern[str]:
    """One character outside the table of :func:`_common_gb_table`, as a regex: counting those
    in C was ~6× faster than ``str.translate`` with the table (a dict lookup per character,
    ~2 ms per report in GB18030)."""
    if not _UNCOMMON_GB:
        ranges: list[list[int]] = []
        for k in sorted(_common_gb_table()):
            if ranges and ranges[-1][1] == k - 1:
                ranges[-1][1] = k
            else:
                ranges.append([k, k])
        cls = "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges)
        _UNCOMMON_GB.append(re.compile(f"[^{cls}]"))
    return _UNCOMMON_GB[0]


def _mostly(data: bytes, enc: str) -> tuple[str, int] | None:
    """Text in ``enc`` with a few damaged bytes, or None if it is not ``enc`` at all."""
    text = data.decode(enc, errors="replace")
    bad = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if not bad or bad > max(8, len(data) // 2000) or non_ascii < 20 * bad:
        return None
    if enc == "gb18030" and not _plausible_simplified(text):
        return None
    return text, bad


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        log.warning("charset-normalizer is not installed; cannot guess the encoding")
        return None
    try:
        best = from_bytes(data[:2_000_000]).best()
    except Exception as err:  # noqa: BLE001 - a guesser failure is "no guess"
        log.debug("charset-normalizer failed: %s", err)
        return None
    if best is None or not best.encoding:
        return None
    try:
        enc = codecs.lookup(best.encoding).name
        text = data.decode(enc)
    except (LookupError, UnicodeDecodeError):
        return None
    if _control_ratio(text) >= 0.01:
        return None
    return enc, text
