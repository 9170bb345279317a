"""Bad input: every failure is a one-line ReadError subclass naming the file."""
from __future__ import annotations

import os
import random
import time

import pytest

from gwr.errors import (BinaryFileError, DecodeError, EmptyFileError, ReadError,
                        TooLargeError, UnsupportedFormatError)
from gwr.read import read_bytes, read_file


def test_empty_file(write, check_error):
    path = write("empty.txt", b"")
    with pytest.raises(EmptyFileError) as excinfo:
        read_file(path)
    check_error(excinfo, EmptyFileError, path, "empty file")


@pytest.mark.parametrize("data", [b"   \n\t\r\n  ", "\u3000\u3000\n".encode("utf-8"),
                                  "\u3000\n".encode("gb18030"), b"\xef\xbb\xbf \n"])
def test_whitespace_only(write, check_error, data):
    path = write("blank.txt", data)
    with pytest.raises(EmptyFileError) as excinfo:
        read_file(path)
    check_error(excinfo, EmptyFileError, path, "whitespace")


def test_random_binary_with_nuls(write, check_error):
    data = bytes(random.Random(7).randrange(256) for _ in range(5000)) + b"\x00" * 16
    path = write("noise.txt", data)
    with pytest.raises(BinaryFileError) as excinfo:
        read_file(path)
    check_error(excinfo, BinaryFileError, path, "binary file, not text")


def test_control_bytes_without_nuls(write, check_error):
    data = bytes(range(1, 32)) * 50
    path = write("ctrl.md", data)
    with pytest.raises(BinaryFileError) as excinfo:
        read_file(path)
    check_error(excinfo, BinaryFileError, path, "binary file")


def test_png_named_txt(write, check_error):
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(200)
    path = write("picture.txt", data)
    with pytest.raises(UnsupportedFormatError) as excinfo:
        read_file(path)
    check_error(excinfo, UnsupportedFormatError, path, "PNG image")


def test_legacy_doc(write, check_error):
    path = write("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(UnsupportedFormatError) as excinfo:
        read_file(path)
    check_error(excinfo, UnsupportedFormatError, path, ".docx")


def test_bytes_invalid_in_every_encoding(write, check_error):
    path = write("garbage.txt", bytes(range(128, 256)) * 4)
    with pytest.raises(DecodeError) as excinfo:
        read_file(path)
    check_error(excinfo, DecodeError, path, "cannot decode", "not UTF-8")


def test_broken_utf16_with_bom(write, check_error):
    path = write("odd16.txt", b"\xff\xfe" + "政府".encode("utf-16-le") + b"\x00\xd8")
    with pytest.raises(DecodeError) as excinfo:
        read_file(path)
    check_error(excinfo, DecodeError, path, "UTF-16")


def test_huge_sparse_file_is_refused_before_reading(tmp_path, check_error):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(200 * 2**20)
    start = time.perf_counter()
    with pytest.raises(TooLargeError) as excinfo:
        read_file(path)
    assert time.perf_counter() - start < 0.5
    check_error(excinfo, TooLargeError, path, "200.0 MB", "64 MB limit")


def test_custom_size_limit(write, check_error):
    path = write("small.txt", "政府工作报告".encode() * 100)
    with pytest.raises(TooLargeError) as excinfo:
        read_file(path, max_bytes=1000)
    check_error(excinfo, TooLargeError, path)
    assert read_file(path, max_bytes=10_000).text


def test_directory(tmp_path, check_error):
    folder = tmp_path / "reports"
    folder.mkdir()
    with pytest.raises(ReadError) as excinfo:
        read_file(folder)
    check_error(excinfo, ReadError, folder, "is a directory")


def test_missing_file(tmp_path, check_error):
    path = tmp_path / "nowhere.txt"
    with pytest.raises(ReadError) as excinfo:
        read_file(path)
    check_error(excinfo, ReadError, path, "no such file")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(write, check_error):
    path = write("secret.txt", b"abc")
    os.chmod(path, 0)
    with pytest.raises(ReadError) as excinfo:
        read_file(path)
    check_error(excinfo, ReadError, path, "permission denied")


def test_unknown_forced_format(check_error):
    with pytest.raises(UnsupportedFormatError) as excinfo:
        read_bytes(b"abc", "x.txt", format="rtf")
    check_error(excinfo, UnsupportedFormatError, "x.txt", "unknown format")


def test_forced_docx_on_text(check_error):
    from gwr.errors import CorruptFileError

    with pytest.raises(CorruptFileError) as excinfo:
        read_bytes("不是文档".encode(), "x.docx", format="docx")
    check_error(excinfo, CorruptFileError, "x.docx", "not a valid zip")


def test_read_bytes_names_its_source(check_error):
    with pytest.raises(EmptyFileError) as excinfo:
        read_bytes(b"")
    check_error(excinfo, EmptyFileError, "<bytes>")


def test_damaged_files_never_leak_raw_exceptions(docx_bytes, pdf_bytes):
    """Byte flips, cuts and splices of real files: only ReadError subclasses escape."""
    page = ("<html><head><meta charset='gb2312'></head><body><div id=zoom>"
            + "<p>地区生产总值增长百分之六点五，财政收入稳步增长。</p>" * 30
            + "</div></body></html>").encode("gb18030")
    rng = random.Random(2024)
    outcomes = set()
    for base, name in ((docx_bytes, "x.docx"), (pdf_bytes, "x.pdf"), (page, "x.html")):
        for _ in range(120):
            data = bytearray(base)
            op = rng.random()
            if op < 0.4:
                for _ in range(rng.randint(1, 5)):
                    data[rng.randrange(len(data))] = rng.randrange(256)
            elif op < 0.7:
                data = data[: rng.randrange(len(data))]
            else:
                at = rng.randrange(len(data))
                junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 40)))
                data = data[:at] + junk + data[at + rng.randint(0, 80):]
            try:
                source = read_bytes(bytes(data), name)
                outcomes.add("ok")
                assert all(0 <= b.start <= b.end <= len(source.text) for b in source.blocks)
            except ReadError as err:
                outcomes.add(type(err).__name__)
                assert "\n" not in str(err) and name in str(err)
                assert not err.message.startswith("unexpected"), err.message
    assert {"ok", "CorruptFileError"} <= outcomes
