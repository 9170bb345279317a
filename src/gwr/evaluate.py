"""Precision and recall of projects against hand-checked annotations, per file.

The shared scorer (``../shared/tools/score.py``) covers documents, targets
and actuals; projects are scored here, on the JSON that ``gwr extract``
prints, so the same numbers come from the command line (``gwr score``) and
from the test suite.  A gold project is found when a predicted project of the
same document has the same amount in the same unit and an overlapping name
(or, for a project stated without an amount, an overlapping name and the same
stage).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

_UNIT = {"亿": "亿元", "万": "万元"}
NAME_OVERLAP = 0.6


def name_match(a: str | None, b: str | None) -> bool:
    a, b = re.sub(r"\s+", "", a or ""), re.sub(r"\s+", "", b or "")
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    sa, sb = set(a), set(b)
    return len(sa & sb) / min(len(sa), len(sb)) >= NAME_OVERLAP


def project_matches(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if not name_match(gold["name"], pred["name"]):
        return False
    if gold["investment_value"] is not None:
        return (pred["investment"] is not None and abs(pred["investment"] - gold["investment_value"]) < 1e-6
                and _UNIT.get(pred["unit"], pred["unit"]) == gold["investment_unit"])
    return pred["investment"] is None and pred["stage"] == gold["stage"]


@dataclass(slots=True)
class FileScore:
    name: str
    found: int = 0
    gold: int = 0
    found_with_amount: int = 0
    gold_with_amount: int = 0
    correct: int = 0
    predicted: int = 0
    missed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def recall_with_amount(self) -> float:
        return self.found_with_amount / self.gold_with_amount if self.gold_with_amount else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]) + 1)


def score_projects(pred_files: list[dict[str, Any]], gold_projects: list[dict[str, Any]],
                   gold_documents: list[dict[str, Any]]) -> list[FileScore]:
    """One score per predicted file; documents are paired by their line ranges."""
    lines = {(d["file"], d["doc_index"]): (d["start_line"], d["end_line"]) for d in gold_documents}
    out = []
    for f in pred_files:
        name = os.path.basename(f["path"])
        s = FileScore(name)
        docs = f["documents"]

        def doc_of(gold: dict[str, Any]) -> int | None:
            span = lines.get((name, gold["doc_index"]))
            best = max(docs, key=lambda d: _overlap(span, tuple(d["lines"])), default=None) if span else None
            return best["index"] if best is not None and _overlap(span, tuple(best["lines"])) else None

        golds = [(g, doc_of(g)) for g in gold_projects if g["file"] == name]
        preds = [(d["index"], p) for d in docs for p in d.get("projects", [])]
        for g, di in golds:
            hit = any(d == di and project_matches(g, p) for d, p in preds)
            s.gold += 1
            s.found += hit
            if g["investment_value"] is not None:
                s.gold_with_amount += 1
                s.found_with_amount += hit
            if not hit:
                s.missed.append(g)
        s.predicted = len(preds)
        s.correct = sum(any(d == di and project_matches(g, p) for g, di in golds) for d, p in preds)
        out.append(s)
    return out


def report(scores: list[FileScore]) -> str:
    """Per file and overall, as ``gwr score`` prints it."""
    rows = []
    for s in scores:
        rows.append(f"{s.name}: recall {s.found}/{s.gold} = {s.recall:.3f} (with amount {s.found_with_amount}/"
                    f"{s.gold_with_amount} = {s.recall_with_amount:.3f}); precision {s.correct}/{s.predicted}"
                    f" = {s.precision:.3f}")
        rows += [f"    missed: #{g['doc_index']} {g['name']} {g['investment_value'] or ''}{g['investment_unit'] or ''}"
                 for g in s.missed]
    found, gold = sum(s.found for s in scores), sum(s.gold for s in scores)
    correct, predicted = sum(s.correct for s in scores), sum(s.predicted for s in scores)
    rows.append(f"overall: recall {found}/{gold} = {found / max(1, gold):.3f}, "
                f"precision {correct}/{predicted} = {correct / max(1, predicted):.3f}")
    return "\n".join(rows)
