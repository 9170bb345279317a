"""Hostile inputs, written on demand (never committed): what a reader or an extraction stage
must survive within its per-file limits.  Shared by tests/test_hostile.py and bench/bench_hostile.py.

Each builder writes one file and returns its path.  The bombs are real bombs for the reader
(a PDF whose content stream inflates to gigabytes of drawing operators, a .docx whose body
inflates to a gibibyte) but small on disk and cheap to build: the compressed streams are made
by repeating one compressed block (after a full flush, zlib's output for the same input
repeats), so building a 1 GiB bomb costs milliseconds, not a gigabyte of RAM.
"""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

REPORT_HEAD = ("2023年某某县政府工作报告\n"
               "——2023年1月10日在某某县第十八届人民代表大会第二次会议上\n"
               "县长 张三\n各位代表：\n现在，我代表县人民政府，向大会报告政府工作，请予审议。\n"
               "一、2022年工作回顾\n")


def deflate_repeated(unit: bytes, total: int, *, raw: bool = False) -> tuple[bytes, int, int]:
    """A deflate stream of ``unit`` repeated to about ``total`` bytes, built in O(output):
    (stream, inflated size, its crc32).  ``raw``: no zlib header or adler trailer (zip members)."""
    chunk = unit * max(1, (1 << 20) // len(unit))
    c = zlib.compressobj(9, zlib.DEFLATED, -15 if raw else 15)
    first = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    assert c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH) == again, "compressor output not periodic"
    n = max(2, total // len(chunk))
    end = c.flush(zlib.Z_FINISH)
    adler = crc = None
    adler, crc = 1, 0
    for _ in range(n):  # checksums over n copies: cheap next to inflating them
        adler = zlib.adler32(chunk, adler)
        crc = zlib.crc32(chunk, crc)
    stream = first + again * (n - 1) + (end if raw else end[:-4] + struct.pack(">I", adler))
    return stream, n * len(chunk), crc


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_bomb(path: Path, inflated: int = 1 << 30) -> Path:
    """One page whose content stream inflates to ``inflated`` bytes of ``0 0 1 1 re f``: pdfium
    builds a path object per 13 bytes, several GB for 1 GiB, and aborts (SIGABRT) when an
    allocation fails."""
    stream, _, _ = deflate_repeated(b"0 0 1 1 re f\n", inflated)
    path.write_bytes(_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]))
    return path


def _zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip archive from (name, deflated bytes, declared size, crc, method) members."""
    out = bytearray()
    central = bytearray()
    for name, data, size, crc, method in members:
        n = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), size, len(n), 0)
        out += n + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc,
                               len(data), size, len(n), 0, 0, 0, 0, 0, offset) + n
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + end)


_CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  b'<Default Extension="xml" ContentType="application/xml"/>'
                  b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                  b'officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         b'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_bomb(path: Path, inflated: int = 1 << 30, *, declared: int | None = None) -> Path:
    """A .docx whose word/document.xml inflates to ``inflated`` bytes of one paragraph's text
    (``declared``: the size its zip headers claim, when they lie)."""
    head = b'<?xml version="1.0" encoding="UTF-8"?><w:document ' + _W + b'><w:body><w:p><w:r><w:t>'
    body, size, _ = deflate_repeated("全年完成投资1亿元、".encode() * 16, inflated, raw=True)
    # the body member must be one deflate stream: head and tail go into their own stored blocks
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    pre = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    post = zlib.compressobj(9, zlib.DEFLATED, -15)
    post_data = post.compress(tail) + post.flush(zlib.Z_FINISH)
    data = pre + body[:-2] + post_data if body.endswith(b"\x03\x00") else pre + _unfinished(body) + post_data
    real = len(head) + size + len(tail)
    crc = zlib.crc32(tail, _crc_of(head, body, size))
    members = [("[Content_Types].xml", _CONTENT_TYPES, len(_CONTENT_TYPES), zlib.crc32(_CONTENT_TYPES), 0),
               ("_rels/.rels", _RELS, len(_RELS), zlib.crc32(_RELS), 0),
               ("word/document.xml", data, declared if declared is not None else real, crc, 8)]
    path.write_bytes(_zip(members))
    return path


def _unfinished(body: bytes) -> bytes:
    raise AssertionError("unexpected end of a raw deflate stream")


def _crc_of(head: bytes, body: bytes, size: int) -> int:
    d = zlib.decompressobj(-15)
    crc = zlib.crc32(head)
    for i in range(0, len(body), 1 << 16):
        crc = zlib.crc32(d.decompress(body[i:i + (1 << 16)]), crc)
    return crc


def investment_list(path: Path, n: int) -> Path:
    """One line: ``全年完成投资1亿元、1亿元、…`` (the unbounded clause scans of the project context)."""
    path.write_text(REPORT_HEAD + "全年完成投资" + "1亿元、" * n + "1亿元。\n", encoding="utf-8")
    return path


def park_list(path: Path, n: int) -> Path:
    """A realistic run-on list: ``第N号产业园项目总投资X亿元、`` n times on one line."""
    items = "".join(f"第{i}号产业园项目总投资{i % 97 + 1}亿元、" for i in range(1, n + 1))
    path.write_text(REPORT_HEAD + "重点推进" + items + "确保按期开工。\n", encoding="utf-8")
    return path


def many_lines(path: Path, mb: float) -> Path:
    """A multi-line report of about ``mb`` MB: the review paragraph repeated with varying figures."""
    para = "过去一年，全县地区生产总值增长{0}.5%，达到{1}亿元；新开工{0}号项目总投资{2}亿元。\n"
    lines, size, i = [REPORT_HEAD], 0, 0
    while size < mb * 1e6:
        line = para.format(i % 9 + 1, 300 + i % 700, i % 50 + 1)
        lines.append(line)
        size += len(line.encode())
        i += 1
    path.write_text("".join(lines), encoding="utf-8")
    return path


def one_line(path: Path, mb: float) -> Path:
    """The same report with every line break removed: one line of about ``mb`` MB."""
    many_lines(path, mb)
    path.write_text(path.read_text(encoding="utf-8").replace("\n", ""), encoding="utf-8")
    return path


def deep_html(path: Path, depth: int) -> Path:
    """``depth`` unclosed nested elements around a paragraph of report text."""
    path.write_text("<html><body>" + "<div><span>" * (depth // 2) + "<p>" + REPORT_HEAD
                    + "地区生产总值增长6.5%。</p></body></html>", encoding="utf-8")
    return path


def newline_name(directory: Path) -> Path:
    """A good report whose file name holds a newline and a forged message."""
    path = directory / "ok\ngwr: error: forged.txt: [E000] forged line.txt"
    path.write_text(REPORT_HEAD + "地区生产总值增长6.5%。\n", encoding="utf-8")
    return path
