"""One very long report, for the reader's scaling checks (bench_web, tests/web/test_reader_scale.py).

A real-looking county report (``samples/qinghe_county_2024.txt``) whose review
paragraphs are printed again and again, each copy with its figures changed, until
the file reaches the size asked for: one document (not a compilation, not a
repeat of the same report) with thousands of paragraphs and tens of thousands of
marked figures, as the tester's 1.6–31 MB documents were.
"""
from __future__ import annotations

import re
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "qinghe_county_2024.txt"
_REVIEW = re.compile(r"^（[一二三四五六]）坚持", re.M)


def big_report(size: int, sample: Path = SAMPLE) -> str:
    """The sample with its review paragraphs repeated (figures varied per copy) to about ``size`` UTF-8 bytes."""
    lines = sample.read_text(encoding="utf-8").split("\n")
    review = [i for i, line in enumerate(lines) if _REVIEW.match(line)]
    body = [lines[i] for i in review]
    head, tail = lines[:review[-1] + 1], lines[review[-1] + 1:]
    base = len("\n".join(lines).encode())
    extra, copy = [], 0
    while base + sum(len(x.encode()) + 1 for x in extra) < size:
        copy += 1
        for line in body:
            extra.append(re.sub(r"\d+", lambda m: str(int(m.group()) + copy), line))
    return "\n".join(head + extra + tail)


def write_big_report(path: Path, size: int) -> Path:
    path.write_text(big_report(size), encoding="utf-8")
    return path
