"""Fixture files for the reader tests, built at test time from real libraries."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# The builders live beside this file; make them importable in any import mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from read_builders import build_docx, build_pdf  # noqa: E402

REPORT = (
    "2023年某某县政府工作报告\n"
    "——2023年1月10日在某某县第十八届人民代表大会第二次会议上\n"
    "县长 张三\n"
    "各位代表：\n"
    "现在，我代表县人民政府，向大会报告政府工作，请予审议。\n"
    "一、2022年工作回顾\n"
    "过去一年，全县地区生产总值增长6.5%，达到320亿元；一般公共预算收入25.6亿元。\n"
    "二、2023年主要目标\n"
    "地区生产总值增长7%左右，城镇调查失业率控制在5.5%以内，粮食产量稳定在42万吨。\n"
)


@pytest.fixture
def report_text() -> str:
    return REPORT


@pytest.fixture
def check_error():
    """Assert the error class and that the message is one line naming the file."""

    def check(excinfo: pytest.ExceptionInfo, cls: type, path: str | os.PathLike,
              *words: str) -> str:
        err = excinfo.value
        assert type(err) is cls, f"{type(err).__name__}: {err}"
        msg = str(err)
        assert "\n" not in msg and "\r" not in msg, msg
        assert os.path.basename(os.fspath(path)) in msg, msg
        for word in words:
            assert word in msg, msg
        return msg

    return check


@pytest.fixture
def docx_bytes() -> bytes:
    return build_docx(
        ["2023年政府工作报告", "各位代表：", "过去一年，地区生产总值增长6.5%。"],
        [["指标", "2022年", "增长"], ["地区生产总值", "320亿元", "6.5%"]],
        ["二、2023年主要目标", "地区生产总值增长7%左右。"],
    )


@pytest.fixture
def pdf_bytes() -> bytes:
    return build_pdf([
        ["2023年政府工作报告", "过去一年，地区生产总值增长6.5%。"],
        [],  # a blank page: no text, no block
        ["二、2023年主要目标", "地区生产总值增长7%左右。"],
    ])


@pytest.fixture
def write(tmp_path: Path):
    """Write bytes to a file in tmp_path and return its path as str."""

    def _write(name: str, data: bytes) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return str(path)

    return _write
