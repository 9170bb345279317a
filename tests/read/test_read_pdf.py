"""PDF: the text layer page by page, each page a block."""
from __future__ import annotations

import pytest

from read_builders import build_pdf
from gwr.errors import CorruptFileError, EmptyFileError
from gwr.read import read_bytes, read_file


def test_chinese_pdf_pages(write, pdf_bytes):
    path = write("report.pdf", pdf_bytes)
    source = read_file(path)
    assert source.format == "pdf" and source.encoding is None
    assert source.text == ("2023年政府工作报告\n过去一年，地区生产总值增长6.5%。\n"
                           "二、2023年主要目标\n地区生产总值增长7%左右。")
    assert [b.locator for b in source.blocks] == [{"page": 1}, {"page": 3}]
    assert source.text[source.blocks[1].start:source.blocks[1].end].startswith("二、")
    assert source.locate(0) == {"page": 1}
    assert "\r" not in source.text
    assert source.warnings == []


def test_pdf_named_txt_is_read_as_pdf(write, pdf_bytes):
    source = read_file(write("misnamed.txt", pdf_bytes))
    assert source.format == "pdf"
    assert "content is pdf" in source.warnings[0]


def test_truncated_pdf(write, check_error, pdf_bytes):
    path = write("half.pdf", pdf_bytes[: len(pdf_bytes) // 2])
    with pytest.raises((CorruptFileError, EmptyFileError)) as excinfo:
        read_file(path)
    check_error(excinfo, CorruptFileError, path, "PDF")


def test_encrypted_pdf(write, check_error):
    data = build_pdf([["机密文件"]], encrypt="secret")
    path = write("locked.pdf", data)
    with pytest.raises(CorruptFileError) as excinfo:
        read_file(path)
    check_error(excinfo, CorruptFileError, path, "encrypted")


def test_scanned_pdf_without_text_layer(write, check_error):
    path = write("scan.pdf", build_pdf([[], []]))
    with pytest.raises(EmptyFileError) as excinfo:
        read_file(path)
    check_error(excinfo, EmptyFileError, path, "no text layer", "OCR")


def test_utf8_text_named_pdf_is_text(write):
    path = write("notes.pdf", "2023年政府工作报告\n各位代表：\n".encode())
    source = read_file(path)
    assert source.format == "txt" and source.encoding == "utf-8"
    assert source.warnings == ["extension .pdf but content is txt; read as txt"]


def test_many_pdfs_do_not_leak(pdf_bytes):
    for _ in range(200):
        assert read_bytes(pdf_bytes, "x.pdf").blocks
