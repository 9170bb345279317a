"""Projects: named investment projects, their amount and the lifecycle event reported.

Reports and investment news state projects in a handful of constructions:

* ``总投资16亿元的锂离子动力电池项目正式签约`` — the amount before ``的`` and the
  name (pattern *A*); ``A、B等投资10亿元以上的重大项目相继落户`` names each
  project in a list before ``等`` and ends in a generic head (enumeration);
* ``某某项目总投资约5亿元``, ``某某高铁完成投资54亿元`` — the name is the subject of
  an explicit investment word (*B*); ``某某工程基本建成，总投入1300万元`` puts the
  name in the clause before (*B2*);
* ``投入300万元(，)完成某某工程`` — the money first, then a building verb and its
  object (*C*); ``投资1.85亿元改造农贸市场12个`` counts items: a programme, not
  a project;
* ``11个重点产业项目集中签约，总投资14亿元`` — a batch (``aggregate``, with its
  ``count``), stated only with a lifecycle verb or as a named set (``十大产业项目``);
  ``实施重点项目102个，完成投资112.3亿元`` is an annual statistic, not a project.

The stage is the lifecycle event the text reports (签约 → 开工 → 竣工 → 投产):
the predicate after the name, a category word before it (``已竣工项目``,
``在建项目``, ``已签约的``), and for a news item its headline.  Planned events
(``争取早日签约``, anything in a plan section unless marked ``已``) give ``None``.

Reports mention many named projects without amounts; only news items (kind
``news``, an investment portal's listing) report those as projects too.

Rules read the normalised text (same length as the original); quotes come from
the original, so ``quote == text[span[0]:span[1]]``.

The package: ``vocabulary`` (the genre's words), ``geometry`` (clause breaks),
``amounts`` (money amounts, batch counts), ``context`` (reading a span into
candidates), ``records`` (candidates → records); the entry points are here.
"""
from __future__ import annotations

from typing import Any, Iterable

from ..quantities import Quantity
from .amounts import _amounts
from .context import _Cand, _Context
from .geometry import WINDOW
from .records import _dedupe, _records
from .vocabulary import MAX_NAME, PLACE_HEAD, STAGES, STRONG_HEAD, WORK_HEAD

__all__ = ["MAX_NAME", "PLACE_HEAD", "STAGES", "STRONG_HEAD", "WINDOW", "WORK_HEAD", "extract", "extract_projects"]


# ---------------------------------------------------------------------------
# Entry points


def extract(text: str, norm: str, doc: Any, quantities: Iterable[Quantity] | None = None) -> None:
    """Fill ``doc.projects`` for reports, excerpts and news items."""
    if doc.kind not in ("official_report", "report_excerpt", "news"):
        return
    plan = [s.span for s in doc.sections if s.role in ("plan", "targets")]
    doc.projects = extract_projects(text, norm, doc.span[0], doc.span[1], kind=doc.kind, plan_spans=plan,
                                    quantities=quantities)


def extract_projects(text: str, norm: str, start: int, end: int, *, kind: str | None = None,
                     plan_spans: Iterable[tuple[int, int]] = (),
                     quantities: Iterable[Quantity] | None = None) -> list[dict[str, Any]]:
    """Projects stated in ``text[start:end]`` (one document's span).

    ``kind="news"`` also reports named projects and batches without an amount
    and lets the headline give the stage; ``plan_spans`` (the plan sections of
    a report) turn unmarked lifecycle verbs into plans (stage ``None``);
    ``quantities``: ``find_quantities(norm, start, end)`` when the caller has it
    already (the scan is most of the cost).
    """
    amounts = list(_amounts(norm, start, end, quantities))
    if not amounts and kind != "news":
        return []  # no money named: no project to read (and no clause index to build)
    ctx = _Context(norm, start, end, kind, sorted(plan_spans), [q.start for q in amounts])
    cands: list[_Cand] = []
    for q in amounts:
        c = ctx.from_amount(q)
        if c is not None:
            cands.extend(c)
    if kind == "news":
        cands.extend(ctx.batches_without_amount())
        cands.extend(ctx.named_without_amount())
    out = []
    for c in _dedupe(ctx, cands):
        if c.stage is None and kind == "news":
            c.stage = ctx.title_stage
        out.extend(_records(text, c))
    out.sort(key=lambda r: (r["span"][0], r["span"][1]))
    return out
