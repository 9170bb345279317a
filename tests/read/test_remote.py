"""Files named by fsspec URLs: read like local files, with the same limits and one-line errors."""
from __future__ import annotations

import pytest

from gwr.errors import GwrError
from gwr.read import iter_paths, read_file
from gwr.read.remote import is_url, normalize

from invented import REPORT

fsspec = pytest.importorskip("fsspec")


@pytest.fixture
def memfs():
    fs = fsspec.filesystem("memory")
    fs.pipe("/remote-test/d/report.txt", REPORT.encode("utf-8"))
    fs.pipe("/remote-test/d/sub/notes.md", "# 说明\n\n" .encode("utf-8") + REPORT.encode("utf-8"))
    fs.pipe("/remote-test/d/.hidden.txt", b"x")
    fs.pipe("/remote-test/d/image.png", b"\x89PNG")
    yield fs
    fs.rm("/remote-test", recursive=True)


def test_a_url_reads_as_the_same_file_would(memfs, tmp_path):
    local = tmp_path / "report.txt"
    local.write_text(REPORT, encoding="utf-8")
    remote = read_file("memory://remote-test/d/report.txt")
    here = read_file(local)
    assert (remote.text, remote.sha256, remote.format) == (here.text, here.sha256, here.format)
    assert read_file(local.as_uri()).sha256 == here.sha256


def test_a_directory_url_expands_to_its_supported_files_in_order(memfs):
    assert list(iter_paths(["memory://remote-test/d"])) == [
        "memory:///remote-test/d/report.txt", "memory:///remote-test/d/sub/notes.md"]


def test_one_spelling_per_url():
    assert normalize("memory://remote-test/a.txt") == normalize("memory:///remote-test/a.txt")
    assert is_url("s3://bucket/x.pdf") and is_url("file:///tmp/x") and not is_url("C:\\x") and not is_url("./x")


@pytest.mark.parametrize("url,reason", [
    ("memory://remote-test/d/missing.txt", "no such file"),
    ("memory://remote-test/d", "is a directory"),
    ("nosuchproto://bucket/x.txt", "cannot open this URL"),
])
def test_unreadable_urls_fail_in_one_line_naming_them(memfs, url, reason):
    with pytest.raises(GwrError) as e:
        read_file(url)
    msg = str(e.value)
    assert msg.startswith(url) and reason in msg and "\n" not in msg


def test_the_size_limit_holds_before_the_bytes_are_loaded(memfs):
    from gwr.errors import TooLargeError

    with pytest.raises(TooLargeError) as e:
        read_file("memory://remote-test/d/report.txt", max_bytes=100)
    assert str(e.value).startswith("memory://remote-test/d/report.txt: ") and "limit" in str(e.value)
