"""The gwr command as users run it: a real process, real files, the JSON contract."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from corpus_data import CORPUS, SAMPLES, needs_shared

REPORT_FIELDS = {"index", "lines", "kind", "title", "region", "report_year", "review_year",
                 "delivered_date", "speaker", "session", "sections", "targets", "actuals", "projects"}
FILE_FIELDS = {"path", "sha256", "format", "encoding", "documents"}


def gwr(*args: str, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gwr", *args], capture_output=True, text=True,
                          timeout=120, **kw)


@pytest.fixture(scope="module")
def corpus_json():
    proc = gwr("extract", *sorted(str(p) for p in CORPUS.glob("*.txt")), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@needs_shared
def test_cli_extract_json_follows_the_contract(corpus_json):
    assert len(corpus_json) == 5
    for f in corpus_json:
        assert FILE_FIELDS <= f.keys()
        assert f["format"] == "txt" and f["encoding"] == "utf-8" and len(f["sha256"]) == 64
        text = open(f["path"], encoding=f["encoding"]).read()
        nlines = text.count("\n") + 1
        for d in f["documents"]:
            assert REPORT_FIELDS <= d.keys()
            assert 1 <= d["lines"][0] <= d["lines"][1] <= nlines
            if d["region"]:
                assert {"name", "level", "code", "parent"} <= d["region"].keys()
            for s in d["sections"]:
                a, b = s["span"]
                assert d["span"][0] <= a < b <= d["span"][1]
                assert s["role"] in {"review", "problems", "plan", "targets", "self_government", "other"}
                assert s["depth"] >= 1
                # the heading's words are in the text at the span's start
                assert s["title"][:4] in text[a : a + len(s["title"]) + 12].replace(" ", " ")


@needs_shared
def test_cli_extract_jsonl_one_file_per_line():
    proc = gwr("extract", str(CORPUS), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(rows) == 5 and all(r["documents"] for r in rows)


def test_cli_extract_table_over_samples():
    proc = gwr("extract", str(SAMPLES), "--format", "table")
    assert proc.returncode == 0, proc.stderr
    assert "official_report" in proc.stdout and "county" in proc.stdout


def test_cli_bad_files_fail_alone(tmp_path):
    good = tmp_path / "good.txt"
    good.write_bytes((SAMPLES / "qinghe_county_2024.txt").read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 50)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    proc = gwr("extract", str(tmp_path), "--format", "json")
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if "error" in line]
    assert len(errors) == 4
    for name in ("empty.txt", "binary.txt", "broken.docx", "broken.pdf"):
        assert sum(name in line for line in errors) == 1
    result = json.loads(proc.stdout)
    assert [r["path"] for r in result] == [str(good)]
    assert result[0]["documents"][0]["kind"] == "official_report"


def test_cli_missing_file_and_no_files(tmp_path):
    proc = gwr("extract", str(tmp_path / "nope.txt"))
    assert proc.returncode == 1 and "nope.txt" in proc.stderr
    empty = tmp_path / "empty_dir"
    empty.mkdir()
    proc = gwr("extract", str(empty))
    assert proc.returncode == 2 and "no files" in proc.stderr


def test_cli_text_prints_what_offsets_refer_to():
    path = SAMPLES / "songling_city_2025.html"
    proc = gwr("text", str(path))
    assert proc.returncode == 0
    from gwr.read import read_file

    assert proc.stdout == read_file(path).text


def test_cli_output_file(tmp_path):
    out = tmp_path / "out.json"
    proc = gwr("extract", str(SAMPLES / "bailu_town_2022.md"), "-o", str(out))
    assert proc.returncode == 0 and proc.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))[0]["format"] == "md"


def test_cli_too_large_file_is_refused_without_reading(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(200 * 2**20)  # sparse: no disk, no time
    small = tmp_path / "small.txt"
    small.write_bytes((SAMPLES / "qinghe_county_2024.txt").read_bytes())
    proc = gwr("extract", str(big), str(small), "--format", "jsonl")
    assert proc.returncode == 1
    (line,) = [x for x in proc.stderr.splitlines() if "error" in x]
    assert "big.txt" in line and "large" in line
    assert len(proc.stdout.splitlines()) == 1
    proc = gwr("extract", str(small), "--max-mb", "0.001")
    assert proc.returncode == 1 and "small.txt" in proc.stderr


@needs_shared
def test_cli_score_prints_projects_per_file(tmp_path):
    pred = tmp_path / "p.json"
    assert gwr("extract", *sorted(str(p) for p in CORPUS.glob("*.txt")), "-o", str(pred)).returncode == 0
    proc = gwr("score", str(pred), "--gold", str(CORPUS.parent / "gold"))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert sum(line.startswith(("000_", "001_", "002_", "003_", "004_")) for line in lines) == 5
    assert lines[-1].startswith("overall: recall")


def test_cli_facts_of_extracted_formats_carry_a_locator():
    """A fact of a PDF, docx or HTML file says where it is in the original: page, paragraph, element."""
    from corpus_data import DATA

    for name, keys in (("04_gulou_fuzhou_district_2020.pdf", {"page"}), ("03_qujing_prefecture_2022.docx",
                       {"paragraph", "table"}), ("01_anhua_county_gbk_trs.html", {"element"})):
        path = DATA / "heldout2" / name
        proc = gwr("extract", str(path))
        assert proc.returncode == 0, proc.stderr
        docs = json.loads(proc.stdout)[0]["documents"]
        facts = [x for d in docs for k in ("targets", "actuals") for x in d[k]]
        assert facts and all(keys & set(x["locator"] or {}) for x in facts), name


def test_cli_version_flag_and_command_agree():
    from gwr import __version__

    for args in (("--version",), ("version",)):
        proc = gwr(*args)
        assert proc.returncode == 0 and proc.stdout.strip() == __version__, args


def test_cli_standard_input_is_a_report():
    data = (SAMPLES / "qinghe_county_2024.txt").read_bytes()
    proc = subprocess.run([sys.executable, "-m", "gwr", "text", "-"], input=data, capture_output=True, timeout=120)
    from gwr.read import read_file

    assert proc.returncode == 0 and proc.stdout.decode("utf-8") == read_file(SAMPLES / "qinghe_county_2024.txt").text
    proc = subprocess.run([sys.executable, "-m", "gwr", "extract", "-"], input=data, capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    (result,) = json.loads(proc.stdout)
    assert result["path"] == "<stdin>" and result["documents"][0]["kind"] == "official_report"
    proc = subprocess.run([sys.executable, "-m", "gwr", "extract", "-"], input=b"", capture_output=True, timeout=120)
    assert proc.returncode == 1 and proc.stderr.decode().startswith("gwr: error: <stdin>: [E101]")


def test_cli_files_from_a_list_or_standard_input(tmp_path):
    names = [SAMPLES / "bailu_town_2022.md", SAMPLES / "qinghe_county_2024.txt"]
    listing = tmp_path / "list.txt"
    listing.write_text(f"{names[0]}\n\n  {names[1]}  \n", encoding="utf-8")
    proc = gwr("extract", "--files-from", str(listing), "-f", "jsonl")
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["path"] for line in proc.stdout.splitlines()] == [str(n) for n in names]
    proc = gwr("extract", "--files-from", "-", "-f", "jsonl", input=f"{names[1]}\n")
    assert proc.returncode == 0 and json.loads(proc.stdout)["path"] == str(names[1])
    proc = gwr("extract", "--files-from", str(tmp_path / "nope.txt"))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "nope.txt" in proc.stderr
    proc = gwr("extract", "-", "--files-from", "-", input="")
    assert proc.returncode == 2 and "standard input" in proc.stderr
    proc = gwr("extract")
    assert proc.returncode == 2 and proc.stderr.startswith("gwr: error:")


def test_cli_verbose_logs_and_quiet_silences(tmp_path):
    db = tmp_path / "v.sqlite"
    proc = gwr("-v", "ingest", str(SAMPLES / "bailu_town_2022.md"), "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    assert "INFO: gwr.store.ingest:" in proc.stderr and "bailu_town_2022.md: added" in proc.stderr
    proc = gwr("ingest", str(SAMPLES / "bailu_town_2022.md"), "--db", str(db))
    assert "INFO" not in proc.stderr and "1 unchanged" in proc.stderr
    proc = gwr("-q", "ingest", str(SAMPLES / "bailu_town_2022.md"), "--db", str(db), "--progress")
    assert proc.returncode == 0 and proc.stderr == ""
    proc = gwr("-vv", "commitments", str(SAMPLES / "qinghe_county_2024.txt"), "-f", "json")
    assert proc.returncode == 0 and "DEBUG: gwr.commitments:" in proc.stderr
    proc = gwr("-q", "extract", str(tmp_path / "nope.txt"))
    assert proc.returncode == 1 and "nope.txt" in proc.stderr  # errors are still said


def test_cli_indicators_lists_ids_and_names():
    proc = gwr("indicators", "-f", "json")
    assert proc.returncode == 0
    rows = {r["id"]: r for r in json.loads(proc.stdout)}
    assert rows["gdp"]["name"] == "地区生产总值" and "GDP" in rows["gdp"]["aliases"]
    proc = gwr("indicators", "-q", "gdp", "-f", "csv")
    assert proc.returncode == 0 and proc.stdout.startswith("id,name")
    assert {line.split(",")[0] for line in proc.stdout.splitlines()[1:]} >= {"gdp", "per_capita_gdp"}
    proc = gwr("indicators", "-q", "收入")
    assert proc.returncode == 0 and "fiscal_revenue" in proc.stdout
    proc = gwr("indicators", "-q", "zzzz")
    assert proc.returncode == 1 and "zzzz" in proc.stderr


def test_cli_serve_on_a_busy_port_fails_in_one_line(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = gwr("serve", "--db", str(tmp_path / "s.sqlite"), "--port", str(port))
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and f"--port {port}" in proc.stderr and "serving" not in proc.stderr
