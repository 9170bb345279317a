"""How well ``pair`` matches a plan with next year's review, on report pairs written for the tests.

Four consecutive-year pairs (county, district, prefecture, town; invented names
and figures) and a hand-annotated gold file, ``tests/data/commitment_pairs/gold.json``.
Three scores, counted as docs/COMMITMENTS.md says:

- pair precision: paired rows (status ``done``/``short``) whose outcome is the
  gold outcome, over all paired rows of the plan (a paired row that is no gold
  item counts as wrong);
- verdict accuracy: gold items whose row has the gold status, over all gold
  items (an item not found counts as wrong);
- recall: gold items with an outcome whose row has that outcome, over those items.

``python tests/commitments/test_pairing_measure.py`` prints them, per pair and in all.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
OWN = HERE.parent / "data" / "commitment_pairs"
GOLD = json.loads((OWN / "gold.json").read_text(encoding="utf-8"))

# measured 1.0 on all three when the rules were written (on main before: 0.786, 0.625, 0.579); never lower
FLOORS = {"precision": 0.95, "verdicts": 0.95, "recall": 0.95}


def _at(text: str, needle: str) -> tuple[int, int]:
    i = text.find(needle)
    assert i >= 0, needle
    assert text.find(needle, i + 1) < 0, f"{needle!r} is not unique"
    return i, i + len(needle)


def _figure(o: dict, text: str) -> tuple[int, int]:
    """Where an outcome's figure is: its ``figure_span``, else its number inside its clause."""
    if o.get("figure_span"):
        return tuple(o["figure_span"])
    a, b = o["span"]
    i = text.find(o["number"], a, b)
    return (i, i + len(o["number"])) if i >= 0 else (a, b)


def _inside(fig: tuple[int, int], box: tuple[int, int]) -> bool:
    return box[0] <= fig[0] and fig[1] <= box[1]


def _right_outcome(row: dict, want, review: str) -> bool:
    o = row.get("outcome")
    if o is None or want is None:
        return False
    wants = [want] if isinstance(want, str) else list(want)
    parts = o.get("parts") or [o]
    if len(parts) != len(wants):
        return False
    boxes = [_at(review, w) for w in wants]
    return all(any(_inside(_figure(p, review), b) for p in parts) for b in boxes)


def score_pair(entry: dict) -> dict:
    from gwr.commitments import pair_documents
    from gwr.pipeline import extract_file

    plan_path, review_path = OWN / entry["plan"], OWN / entry["review"]
    plan_text = plan_path.read_text(encoding="utf-8")
    review_text = review_path.read_text(encoding="utf-8")
    rows = [r for r in pair_documents([extract_file(plan_path), extract_file(review_path)])
            if r["path"].endswith(entry["plan"])]
    items = []
    for g in entry["items"]:
        box = _at(plan_text, g["plan"])
        row = next((r for r in rows if _inside(tuple(r["figure_span"]), box)
                    and (not g.get("number") or r["number"] == g["number"])), None)
        items.append((g, row))
    gold_of = {id(row): g for g, row in items if row is not None}
    paired = [r for r in rows if r.get("outcome") is not None]
    right_pairs = [r for r in paired if id(r) in gold_of and _right_outcome(r, gold_of[id(r)]["outcome"], review_text)]
    with_outcome = [(g, row) for g, row in items if g["outcome"] is not None]
    found = [g for g, row in with_outcome if row is not None and _right_outcome(row, g["outcome"], review_text)]
    verdicts = [g for g, row in items if row is not None and row["status"] == g["status"]]
    wrong = [(g["plan"], g["status"], row and row["status"], row and (row.get("outcome") or {}).get("quote"))
             for g, row in items if row is None or row["status"] != g["status"]
             or (g["outcome"] is not None and not _right_outcome(row, g["outcome"], review_text))]
    wrong += [(r["quote"], None, r["status"], r["outcome"]["quote"]) for r in paired if id(r) not in gold_of]
    return {"paired": len(paired), "right_pairs": len(right_pairs), "items": len(items),
            "right_verdicts": len(verdicts), "gold_pairs": len(with_outcome), "found": len(found), "wrong": wrong}


def scores(per_pair: list[dict]) -> dict:
    def ratio(a: str, b: str) -> float:
        total = sum(p[b] for p in per_pair)
        return sum(p[a] for p in per_pair) / total if total else 1.0

    return {"precision": ratio("right_pairs", "paired"), "verdicts": ratio("right_verdicts", "items"),
            "recall": ratio("found", "gold_pairs")}


@pytest.fixture(scope="module")
def measured():
    return [score_pair(e) for e in GOLD["pairs"]]


def test_gold_file_covers_four_levels_with_enough_items():
    assert {e["level"] for e in GOLD["pairs"]} == {"county", "district", "prefecture", "town"}
    assert all(15 <= len(e["items"]) <= 30 for e in GOLD["pairs"])


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_pairing_scores_stay_above_their_floors(measured, name):
    got = scores(measured)
    wrong = [w for p in measured for w in p["wrong"]]
    assert got[name] >= FLOORS[name], (got, wrong)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parents[1] / "src"))
    per = [score_pair(e) for e in GOLD["pairs"]]
    for e, p in zip(GOLD["pairs"], per):
        print(f"{e['plan']:>18}: paired {p['right_pairs']}/{p['paired']} right, verdicts {p['right_verdicts']}/"
              f"{p['items']}, found {p['found']}/{p['gold_pairs']}")
        for w in p["wrong"]:
            print("    wrong:", *w)
    print({k: round(v, 3) for k, v in scores(per).items()})
