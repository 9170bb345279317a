"""Plain text: the text must be exactly what open(path, encoding=enc).read() gives."""
from __future__ import annotations

import codecs
import glob
import hashlib
import os
import sys
import subprocess

import pytest

from gwr.read import read_bytes, read_file

CORPUS = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "..", "..", "..",
                                       "shared", "corpus", "*.txt")))


def same_as_open(source, path):
    with open(path, encoding=source.encoding) as fh:
        assert source.text == fh.read()


@pytest.mark.parametrize(
    ("name", "encode", "encoding"),
    [
        ("utf8.txt", lambda s: s.encode("utf-8"), "utf-8"),
        ("utf8bom.txt", lambda s: codecs.BOM_UTF8 + s.encode("utf-8"), "utf-8-sig"),
        ("gb18030.txt", lambda s: (s + "𠀀㐀").encode("gb18030"), "gb18030"),
        ("gbk.txt", lambda s: s.encode("gbk"), "gb18030"),
        ("gb2312.txt", lambda s: s.replace("——", "").encode("gb2312"), "gb18030"),
        ("utf16le.txt", lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"), "utf-16"),
        ("utf16be.txt", lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"), "utf-16"),
        ("utf32.txt", lambda s: s.encode("utf-32"), "utf-32"),
        ("crlf.txt", lambda s: s.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
        ("crlf_gbk.txt", lambda s: s.replace("\n", "\r\n").encode("gbk"), "gb18030"),
        ("crlf16.txt", lambda s: s.replace("\n", "\r\n").encode("utf-16"), "utf-16"),
        ("old_mac.txt", lambda s: s.replace("\n", "\r").encode("utf-8"), "utf-8"),
        ("notes.md", lambda s: ("# 标题\n\n" + s).encode("utf-8"), "utf-8"),
    ],
)
def test_encodings_round_trip_through_open(write, report_text, name, encode, encoding):
    data = encode(report_text)
    path = write(name, data)
    source = read_file(path)
    assert source.encoding == encoding
    assert source.format == ("md" if name.endswith(".md") else "txt")
    same_as_open(source, path)
    assert "地区生产总值增长6.5%" in source.text
    assert "\r" not in source.text and not source.text.startswith("\ufeff")
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert source.size == len(data)
    assert source.warnings == []
    assert [(b.start, b.end) for b in source.blocks] == [(0, len(source.text))]


def test_text_is_not_stripped_or_normalised(write):
    raw = "\n\n  　　全角空格\u00a0与&nbsp;保留，１２３％ \t\n\n"
    path = write("raw.txt", raw.encode("utf-8"))
    source = read_file(path)
    assert source.text == raw


def test_mixed_newlines_follow_universal_newlines(write):
    data = "甲\r\n乙\r丙\n丁\r\n\r\n戊\r".encode("gb18030")
    path = write("mixed.txt", data)
    source = read_file(path)
    assert source.text == "甲\n乙\n丙\n丁\n\n戊\n"
    same_as_open(source, path)


def test_utf16_without_bom_is_recognised(write, report_text):
    path = write("nobom.txt", ("Report 2023\n" + report_text).encode("utf-16-le"))
    source = read_file(path)
    assert source.encoding == "utf-16-le"
    same_as_open(source, path)
    assert any("byte-order mark" in w for w in source.warnings)


def test_big5_is_not_mistaken_for_gb18030(write):
    text = ("政府工作報告：過去一年，全縣經濟穩定發展，地區生產總值增長百分之六點五，"
            "財政收入穩步增長，城鄉居民收入持續提高，民生福祉不斷增進。") * 4
    data = text.encode("big5")
    data.decode("gb18030")  # the trap: Big5 bytes are also valid GB18030
    path = write("big5.txt", data)
    source = read_file(path)
    assert source.text == text
    assert codecs.lookup(source.encoding).name in ("big5", "cp950", "big5hkscs")
    same_as_open(source, path)


def test_utf8_cut_mid_character_keeps_the_text(write, report_text):
    data = report_text.encode("utf-8") + "完".encode("utf-8")[:2]
    source = read_bytes(data, "cut.txt")
    assert source.encoding == "utf-8"
    assert source.text.startswith(report_text) and source.text.endswith("\ufffd")
    assert source.warnings


@pytest.mark.skipif(not CORPUS, reason="shared corpus not present")
@pytest.mark.parametrize("path", CORPUS, ids=os.path.basename)
def test_real_corpus_files(path):
    source = read_file(path)
    assert source.encoding == "utf-8"
    assert source.format == "txt"
    same_as_open(source, path)
    assert source.blocks[0].start == 0 and source.blocks[-1].end == len(source.text)


def test_read_bytes_matches_read_file(write, report_text):
    data = report_text.encode("gbk")
    path = write("x.txt", data)
    a, b = read_file(path), read_bytes(data, path)
    assert (a.text, a.encoding, a.sha256, a.format) == (b.text, b.encoding, b.sha256, b.format)


def test_forced_format(report_text):
    source = read_bytes(("<p>" + report_text + "</p>").encode(), "x.bin", format="txt")
    assert source.format == "txt" and source.text.startswith("<p>")


def test_import_is_cheap():
    code = ("import sys, gwr.read; heavy = [m for m in ('selectolax', 'docx', 'pypdfium2',"
            " 'charset_normalizer') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
