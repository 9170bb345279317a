"""The Chinese words the pages show for the codes the data uses (levels, kinds, roles, statuses, units).

Kept apart from the templates so that one table serves every page, the filters
of the search form and the tests.
"""
from __future__ import annotations

import functools
import re

LEVELS = {"national": "国家", "province": "省级", "prefecture": "地级", "county": "县级",
          "district": "市辖区", "town": "镇", "township": "乡", "subdistrict": "街道"}

DOCUMENT_KINDS = {"official_report": "政府工作报告", "report_excerpt": "报告节选", "commentary": "心得体会",
                  "news": "新闻", "boilerplate": "网站附属内容"}

ROLES = {"review": "工作回顾", "problems": "问题与不足", "plan": "工作安排", "targets": "主要预期目标",
         "self_government": "政府自身建设", "other": "其他"}

FACT_KINDS = {"target": "预期目标", "actual": "完成情况", "period": "多年数据", "other": "其他数字", "project": "项目"}
PERIOD_MEASURES = {"total": "累计", "average_annual": "年均", "change": "期间变化", "level": "期末"}

STATUSES = {"met": "完成", "missed": "未完成", "undetermined": "无法判定", "not_comparable": "口径不可比",
            "no_outcome": "暂无结果"}

MEASURES = {"value": "数值", "growth_pct": "增速"}

# Indicators whose timelines a region page shows first, in this order; the rest follow by how often they occur.
MAIN_INDICATORS = ("gdp", "general_budget_revenue", "fiscal_total_revenue", "fixed_asset_investment",
                   "retail_sales", "industrial_value_added_above_scale", "industrial_value_added",
                   "urban_disposable_income", "rural_disposable_income", "registered_unemployment_rate",
                   "new_urban_jobs")

UNIT_BASES = {"yuan": "元", "percent": "%", "person": "人", "mu": "亩", "m2": "平方米", "km": "公里", "ton": "吨",
              "usd": "美元", "household": "户"}


def label(table: dict[str, str], code: object, empty: str = "不详") -> str:
    """The Chinese word for ``code`` (the code itself when the table lacks it; ``empty`` when unknown)."""
    if code is None or code == "":
        return empty
    return table.get(str(code), str(code))


@functools.cache
def indicator_name(indicator: str | None) -> str:
    """地区生产总值 for gdp: the taxonomy's name (the id when the taxonomy does not know it)."""
    if not indicator:
        return "未归类指标"
    from ..indicators import taxonomy

    found = taxonomy().get(indicator)
    return found.name if found is not None else indicator


@functools.cache
def indicator_choices() -> list[tuple[str, str]]:
    """(id, name) of every indicator of the taxonomy, main ones first: the comparison page's menu."""
    from ..indicators import taxonomy

    rest = sorted((i.id, i.name) for i in taxonomy() if i.id not in MAIN_INDICATORS)
    return [(i, indicator_name(i)) for i in MAIN_INDICATORS if i in taxonomy()] + rest


_TITLE_LABEL = re.compile(r"^\s*(?:标\s*题|题\s*目)\s*[：:]\s*")
TITLE_CHARS = 60


def report_title(title: str | None, limit: int | None = TITLE_CHARS) -> str:
    """A report's title as shown: without the "标题：" a scraped page header put before it, and cut
    to ``limit`` characters with "…" (a page that had no real title gave its first long line)."""
    if not isinstance(title, str) or not title.strip():
        return "（无标题）"
    text = _TITLE_LABEL.sub("", title.strip()) or title.strip()
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"
