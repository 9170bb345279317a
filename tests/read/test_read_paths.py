"""Expanding arguments into files: lazy, sorted, hidden entries skipped."""
from __future__ import annotations

import os
import types

from gwr.read import SUPPORTED_EXTENSIONS, iter_paths


def test_supported_extensions():
    assert set(SUPPORTED_EXTENSIONS) == {".txt", ".md", ".markdown", ".html", ".htm",
                                         ".xhtml", ".docx", ".pdf"}


def test_thousands_of_nested_files(tmp_path):
    expected = []
    exts = [".txt", ".TXT", ".md", ".html", ".Htm", ".docx", ".pdf", ".markdown", ".xhtml"]
    for i in range(3000):
        folder = tmp_path / f"d{i % 7}" / f"sub{i % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"r{i:04d}{exts[i % len(exts)]}"
        path.write_bytes(b"x")
        expected.append(str(path))
    skipped = [tmp_path / ".git" / "a.txt", tmp_path / "d1" / ".hidden.txt",
               tmp_path / "d2" / ".cache" / "b.txt", tmp_path / "d3" / "~$lock.docx",
               tmp_path / "d4" / "image.png", tmp_path / "d4" / "data.json",
               tmp_path / "d5" / "noext"]
    for path in skipped:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    # names that sort differently from a naive per-directory walk
    for name in ("a.txt", "a/x.txt", "a-b.txt", "a0.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
        expected.append(str(tmp_path / name))

    result = iter_paths([str(tmp_path)])
    assert isinstance(result, types.GeneratorType)
    got = list(result)
    assert got == sorted(expected)
    assert len(got) == 3004
    assert got == list(iter_paths([tmp_path]))  # deterministic, PathLike accepted


def test_explicit_files_are_yielded_whatever_their_extension(tmp_path):
    odd = tmp_path / "scan.png"
    odd.write_bytes(b"x")
    hidden = tmp_path / ".notes.txt"
    hidden.write_bytes(b"x")
    missing = str(tmp_path / "missing.txt")
    got = list(iter_paths([str(odd), str(hidden), missing]))
    assert got == [str(odd), str(hidden), missing]


def test_explicit_hidden_directory_is_expanded(tmp_path):
    folder = tmp_path / ".data"
    folder.mkdir()
    (folder / "r.txt").write_bytes(b"x")
    assert list(iter_paths([str(folder)])) == [os.path.join(str(folder), "r.txt")]


def test_directory_symlinks_are_not_followed(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "r.txt").write_bytes(b"x")
    os.symlink(tmp_path, tmp_path / "real" / "loop")
    assert list(iter_paths([str(tmp_path)])) == [str(tmp_path / "real" / "r.txt")]
