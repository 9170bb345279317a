"""``gwr cascade`` (a target down the levels) and ``gwr outcomes`` (official statistics).

Thin shells over ``Corpus.cascade`` and ``Corpus.import_statistics`` /
``Corpus.statistics``; the rules are in docs/CASCADE.md.
"""
from __future__ import annotations

import csv
import json
import sys
from typing import Annotated, Any, Optional

import typer

from .app import DbOption, RegionOption, TableFormat, YearOption, _err, _open, _years, app
from ..web.cascade_text import clean, target_text, texts

outcomes_app = typer.Typer(no_args_is_help=True, help="Outcomes from official statistics (统计公报, 年鉴): "
                           "import them, list them; track, check and cascade show them beside the reports' claims.")
app.add_typer(outcomes_app, name="outcomes")

@app.command()
def cascade(
    indicator: Annotated[str, typer.Option("--indicator", "-i", help="Indicator id (gdp, general_budget_revenue, …).")],
    year: Annotated[int, typer.Option("--year", "-y", help="The year whose targets are compared (a report year).")],
    region: Annotated[str, typer.Option("--region", "-r", help="Region name (today's or as it was) or 6-digit code.")],
    children: Annotated[bool, typer.Option("--children", help="The region's children against its target "
                                           "(provinces under 全国, counties under a prefecture).")] = False,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="table, json or csv.")] = TableFormat.table,
    db: DbOption = None,
) -> None:
    """A target down the levels: the nation's, the province's, the prefecture's, the region's (top first),
    each with its qualifier, quote and outcome; a level whose report is not stored is shown as missing."""
    from ..errors import GwrError

    corpus = _open(db)
    try:
        df = corpus.cascade(indicator=indicator, year=year, region=region, children=children)
    except GwrError as e:
        _err(f"error: {e.message}")
        raise typer.Exit(2)
    rows = [texts(r) for r in df.to_dict("records")]
    if fmt is TableFormat.json:
        if children:
            out: Any = {"parent": texts(df.attrs["parent"]), "summary": clean(df.attrs["summary"]), "children": rows}
        else:
            out = rows
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    if fmt is TableFormat.csv:
        columns = list(df.columns) + ["target_text", "outcome_text", "statistic_text", "diff_text"]
        w = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        w.writerows({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
                     for k, v in r.items()} for r in rows)
        return
    _table(rows, indicator, year, region, df.attrs if children else None)


def _table(rows: list[dict[str, Any]], indicator: str, year: int, region: str, fan: dict | None) -> None:
    from rich.console import Console
    from rich.table import Table

    from ..web.labels import LEVELS, indicator_name

    console = Console(width=max(150, Console().width))
    name = indicator_name(indicator)
    if fan is not None:
        s, p = fan["summary"], texts(fan["parent"])
        title = f"{year}年{name}目标：{p['region_name']}（{target_text(p)}）下辖各地区"
    else:
        title = f"{year}年{name}目标：自上而下至{region}"
    t = Table(title=title, show_lines=False)
    heads = [("级别", "level"), ("地区", "region_name"), ("代码", "region_code"), ("目标", "target_text"),
             ("完成（报告）", "outcome_text"), ("统计", "statistic_text"), ("差（百分点）", "diff_text"),
             ("原文", "target_quote"), ("报告", "target_document_id")]
    for h, _ in heads:
        t.add_column(h, overflow="fold")
    for r in rows:
        cells = []
        for _, k in heads:
            v = r.get(k)
            if k == "level":
                v = LEVELS.get(v, v)
            if k == "target_document_id" and v is not None:
                v = f"/reports/{v}"
            cells.append("" if v is None else str(v))
        t.add_row(*cells)
    console.print(t)
    if fan is not None:
        s = fan["summary"]
        share = f"{s['share_higher'] * 100:.0f}%" if s.get("share_higher") is not None else "–"
        console.print(f"{s['children']} 个下辖地区，{s['reported']} 个有报告，{s['with_target']} 个列出目标；"
                      f"可比 {s['comparable']} 个中高于上级目标 {s['higher']} 个（{share}），持平 {s['equal']} 个，"
                      f"低于 {s['lower']} 个。", highlight=False)


@outcomes_app.command("import")
def outcomes_import(
    paths: Annotated[list[str], typer.Argument(help="CSV or Excel files: region, year, indicator, value, unit, source.")],
    db: DbOption = None,
) -> None:
    """Import official figures with their provenance; the same file again changes nothing; a bad row is one
    line on stderr (file:line: why) and the other rows still import."""
    corpus = _open(db)
    result = corpus.import_statistics(paths)
    failed = False
    for r in result.to_dict("records"):
        for e in r["errors"]:
            _err(f"error: {e}")
        failed = failed or bool(r["errors"])
        refused = f", {len(r['errors'])} refused" if r["errors"] else ""
        sys.stderr.write(f"gwr: {r['path']}: {r['status']}, {r['rows']} row(s) imported{refused}\n")
    if failed:
        raise typer.Exit(1)


@outcomes_app.command("list")
def outcomes_list(
    region: RegionOption = None,
    year: YearOption = None,
    indicator: Annotated[Optional[str], typer.Option("--indicator", "-i", help="Indicator id(s), comma-separated.")] = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="table, json or csv.")] = TableFormat.table,
    db: DbOption = None,
) -> None:
    """The imported official figures, each with its file, line and source."""
    from .app import _print

    df = _open(db).statistics(region=region, year=_years(year), indicator=indicator.split(",") if indicator else None)
    _print(df, fmt, title="official statistics",
           columns=[c for c in ("region_name", "region_code", "year", "indicator", "measure", "value", "unit", "source",
                                "file_name", "line") if c in df.columns] or None)
