"""Batches: every file gets a result or one error; nothing stops the rest."""
from __future__ import annotations

from gwr.errors import GwrError
from gwr.pipeline import extract_lean, extract_many, extract_source
from gwr.read import read_bytes

from corpus_data import SAMPLES


def test_pipeline_thousands_of_files_with_bad_ones(tmp_path):
    report = (SAMPLES / "bailu_town_2022.md").read_bytes()
    expected_bad = set()
    for i in range(1500):
        sub = tmp_path / f"d{i // 300}"
        sub.mkdir(exist_ok=True)
        path = sub / f"f{i:04d}.txt"
        if i % 100 == 7:
            path.write_bytes(b"")
            expected_bad.add(str(path))
        elif i % 100 == 42:
            path.write_bytes(b"\x00\x01\x02binary\xff" * 10)
            expected_bad.add(str(path))
        else:
            path.write_bytes(report[: 200 + i])
    seen, bad = 0, set()
    for path, result, error in extract_many([str(tmp_path)]):
        seen += 1
        if error is not None:
            assert isinstance(error, GwrError) and path in str(error) and "\n" not in str(error)
            bad.add(path)
        else:
            assert result.documents
    assert seen == 1500
    assert bad == expected_bad


def test_pipeline_gb18030_offsets_refer_to_decoded_text():
    text = (SAMPLES / "qinghe_county_2024.txt").read_text(encoding="utf-8")
    source = read_bytes(text.encode("gb18030"), "x.txt")
    assert source.encoding == "gb18030" and source.text == text
    result = extract_source(source)
    (doc,) = [d for d in result.documents if d.kind == "official_report"]
    for s in doc.sections:
        assert text[s.heading_span[0] : s.heading_span[1]].replace("（", "(").replace("）", ")")[-2:] \
            == s.title.replace("（", "(").replace("）", ")")[-2:]


def test_pipeline_parallel_batch_equals_serial(tmp_path):
    for copy in range(3):  # more files than one task carries: results come back from several
        for i, p in enumerate(sorted(SAMPLES.iterdir())):
            (tmp_path / f"{copy}{i}_{p.name}").write_bytes(p.read_bytes())
    (tmp_path / "1_empty.txt").write_bytes(b"")  # a bad file among them
    serial = [(p, r.to_dict() if r else None, str(e) if e else None) for p, r, e in extract_many([str(tmp_path)])]
    parallel = [(p, r.to_dict() if r else None, str(e) if e else None)
                for p, r, e in extract_many([str(tmp_path)], jobs=2)]
    assert parallel == serial
    errors = [e for _p, _r, e in parallel if e]
    assert len(errors) == 1 and "1_empty.txt" in errors[0] and "[E101]" in errors[0]


def test_lean_results_keep_every_reported_field_and_drop_only_the_figures(tmp_path):
    """What `gwr extract` prints is the same whether the figures travel back from the workers or not."""
    for i, p in enumerate(sorted(SAMPLES.iterdir())):
        (tmp_path / f"{i}_{p.name}").write_bytes(p.read_bytes())
    full = list(extract_many([str(tmp_path)], jobs=2))
    lean = list(extract_many([str(tmp_path)], jobs=2, work=extract_lean))
    assert [(p, r.to_dict()) for p, r, _e in lean] == [(p, r.to_dict()) for p, r, _e in full]
    assert any(d.quantities for _p, r, _e in full for d in r.documents)
    assert not any(d.quantities for _p, r, _e in lean for d in r.documents)
