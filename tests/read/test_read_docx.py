"""Word documents: body paragraphs and table rows in document order."""
from __future__ import annotations

import io
import zipfile

import pytest

from gwr.errors import CorruptFileError, UnsupportedFormatError
from gwr.read import read_bytes, read_file


def test_paragraphs_and_table_in_body_order(write, docx_bytes):
    path = write("report.docx", docx_bytes)
    source = read_file(path)
    assert source.format == "docx" and source.encoding is None
    assert source.text.split("\n") == [
        "2023年政府工作报告",
        "各位代表：",
        "过去一年，地区生产总值增长6.5%。",
        "指标\t2022年\t增长",
        "地区生产总值\t320亿元\t6.5%",
        "二、2023年主要目标",
        "地区生产总值增长7%左右。",
    ]
    assert "页眉" not in source.text and "第 1 页" not in source.text
    locators = [b.locator for b in source.blocks]
    assert locators == [
        {"paragraph": 0}, {"paragraph": 1}, {"paragraph": 2},
        {"table": 0, "row": 0}, {"table": 0, "row": 1},
        {"paragraph": 4}, {"paragraph": 5},  # paragraph 3 is the empty one
    ]
    for block, line in zip(source.blocks, source.text.split("\n")):
        assert source.text[block.start:block.end] == line


def test_paragraph_locator_matches_python_docx(docx_bytes):
    import docx

    document = docx.Document(io.BytesIO(docx_bytes))
    source = read_bytes(docx_bytes, "r.docx")
    for block in source.blocks:
        if "paragraph" in block.locator:
            assert document.paragraphs[block.locator["paragraph"]].text == \
                source.text[block.start:block.end]


def test_docx_named_txt_is_read_as_docx(write, docx_bytes):
    path = write("misnamed.txt", docx_bytes)
    source = read_file(path)
    assert source.format == "docx"
    assert source.warnings == ["extension .txt but content is docx; read as docx"]


def test_text_named_docx_is_read_as_text(write):
    path = write("fake.docx", "2023年政府工作报告\n各位代表：\n".encode("gbk"))
    source = read_file(path)
    assert source.format == "txt" and source.encoding == "gb18030"
    assert source.warnings == ["extension .docx but content is txt; read as txt"]


def test_truncated_docx(write, check_error, docx_bytes):
    path = write("half.docx", docx_bytes[: len(docx_bytes) // 2])
    with pytest.raises(CorruptFileError) as excinfo:
        read_file(path)
    check_error(excinfo, CorruptFileError, path, "truncated or corrupt .docx")


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_zip_that_is_not_a_docx(write, check_error):
    data = _zip({"readme.txt": b"hello", "data/x.csv": b"a,b"})
    path = write("archive.docx", data)
    with pytest.raises(CorruptFileError) as excinfo:
        read_file(path)
    check_error(excinfo, CorruptFileError, path, "word/document.xml")
    path = write("archive.zip", data)
    with pytest.raises(UnsupportedFormatError) as excinfo:
        read_file(path)
    check_error(excinfo, UnsupportedFormatError, path, "not a .docx")


def test_docx_with_broken_xml(write, check_error, docx_bytes):
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    members["word/document.xml"] = members["word/document.xml"][:300]
    path = write("badxml.docx", _zip(members))
    with pytest.raises(CorruptFileError) as excinfo:
        read_file(path)
    check_error(excinfo, CorruptFileError, path, "corrupt .docx")


def test_damaged_package_with_intact_body_is_salvaged(write, docx_bytes):
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as zf:
        members = {name: zf.read(name) for name in zf.namelist()
                   if name != "[Content_Types].xml"}
    source = read_file(write("notypes.docx", _zip(members)))
    assert source.text == read_bytes(docx_bytes, "ok.docx").text
    assert "[Content_Types].xml" in source.warnings[0]
