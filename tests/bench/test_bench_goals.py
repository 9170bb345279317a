"""bench/bench_goals.py runs end to end on a few generated reports and reports every goal it measured."""
from __future__ import annotations

import json
import sys

from corpus_data import ROOT, SHARED, needs_shared

sys.path.insert(0, str(ROOT / "bench"))
import bench_goals  # noqa: E402

pytestmark = needs_shared


def test_one_run_measures_every_goal_row(tmp_path, capsys):
    raw = tmp_path / "goals.json"
    assert bench_goals.main(["--shared", str(SHARED), "--corpus", str(tmp_path / "corpus"), "--work",
                             str(tmp_path / "work"), "--reports", "8", "--ratio-reports", "4", "--copies", "1",
                             "--rounds", "1", "--queries", "3", "--serve-seconds", "0", "--no-postgres",
                             "--no-write", "--json", str(raw)]) == 0
    r = json.loads(raw.read_text())
    assert r["reports"] == 8 and r["storing"]["files"] == 4
    # ratios of figures measured in this run, not copied from anywhere
    assert r["floor_generated"]["pct"] > 0 and r["floor_real"]["pct"] > 0
    assert 0 < r["parent"]["pct"] < 100
    assert r["storing"]["sqlite_x_wall"] > 1  # storing includes extracting
    s = r["stores"]["sqlite"]
    assert s["failed"] == 0 and s["db_mb"] > s["text_mb"] > 0 and s["lat"]["n"] > 0
    table = capsys.readouterr().out
    for row in ("of the floor, generated", "of the floor, real", "parent ≤", "storing ≤", "database ≤",
                "search p95", "about N hits"):
        assert row in table
