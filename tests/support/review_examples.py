"""Hand-made tidy tables: a form that passes every rule, and builders for variants of it.

A reference for what the review expects of a good 绩效目标表, and the starting point of the
tests (change one cell, expect one finding).

>>> from kpi_analysis.analysis.review import review
>>> tables = clean_tables()
>>> len(review(**tables))
0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from kpi_analysis.tables import schema
from kpi_analysis.text.grammar import parse_target

DOCUMENT = "example.txt"
PROJECT = "业务培训与督查"

#: (level1, level2, no, name, mid-term 指标值, annual 指标值) of the clean form.
CLEAN_INDICATORS: tuple[tuple[str, str, int, str, str, str], ...] = (
    ("产出指标", "数量指标", 1, "开展业务培训", "不少于6次", "不少于2次"),
    ("产出指标", "数量指标", 2, "开展专项督查", "每年不少于2次", "不少于2次"),
    ("产出指标", "质量指标", 1, "培训合格率", "≥90%", "≥90%"),
    (
        "产出指标",
        "时效指标",
        1,
        "督查报告报送时限",
        "督查结束后10个工作日内",
        "督查结束后10个工作日内",
    ),
    ("产出指标", "成本指标", 1, "培训成本", "≤30万元", "≤10万元"),
    ("效益指标", "社会效益指标", 1, "业务办理差错率", "≤2%", "≤2%"),
    ("满意度指标", "服务对象满意度指标", 1, "参训人员满意度", "≥90%", "≥90%"),
)


def indicators(rows: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """An indicators table from partial rows; 指标值 parsed as the loader does.

    Defaults: project 1 of :data:`DOCUMENT`, annual 2021; ``source`` from the row number;
    ``standard`` empty; ``placeholder`` when the name is empty.
    """
    records = []
    for position, given in enumerate(rows, start=1):
        row: dict[str, object] = {
            "project_no": 1,
            "project": PROJECT,
            "period": "annual",
            "level1": "产出指标",
            "level2": "数量指标",
            "indicator_no": 1,
            "indicator": "",
            "target": "",
            "standard": "",
            **given,
        }
        row.setdefault("year_start", 2021)
        row.setdefault("year_end", 2023 if row["period"] == "mid_term" else row["year_start"])
        col = 4 if row["period"] == "mid_term" else 8
        row.setdefault("source", f"{DOCUMENT}#table={row['project_no']},row={position},col={col}")
        row.setdefault("placeholder", not row["indicator"])
        parse = parse_target(str(row["target"]))
        for name in ("kind", "comparator", "value", "unit", "per"):
            row.setdefault(name, getattr(parse, name))
        records.append(row)
    if not records:
        return schema.INDICATORS.empty()
    return schema.INDICATORS.coerce(pd.DataFrame.from_records(records))


def paired(
    rows: Iterable[tuple[str, str, int, str, str, str]], *, project_no: int = 1
) -> pd.DataFrame:
    """Mid-term and annual rows from (level1, level2, no, name, mid 指标值, annual 指标值)."""
    records = []
    for period, column in (("mid_term", 4), ("annual", 5)):
        for level1, level2, number, name, *targets in rows:
            target = targets[column - 4]
            records.append(
                {
                    "project_no": project_no,
                    "period": period,
                    "level1": level1,
                    "level2": level2,
                    "indicator_no": number,
                    "indicator": name,
                    "target": target,
                }
            )
    return indicators(records)


def projects(*, attribute: str | None = "延续项目", budget: float = 30.0) -> pd.DataFrame:
    """A projects table with one project."""
    return schema.PROJECTS.coerce(
        pd.DataFrame(
            {
                "source": [f"{DOCUMENT}#table=1,row=1,col=1"],
                "project_no": [1],
                "project": [PROJECT],
                "department": ["示例单位"],
                "implementer": ["示例单位"],
                "attribute": [attribute],
                "term": ["3年"],
                "start": ["2021-01-01"],
                "end": ["2023-12-31"],
                "annual_budget_wan": [budget],
                "basis": [None],
                "content": [None],
            }
        )
    )


def funding(
    mid: tuple[float, float, float] = (90.0, 90.0, 0.0),
    annual: tuple[float, float, float] = (30.0, 30.0, 0.0),
    *,
    project_no: int = 1,
) -> pd.DataFrame:
    """A funding table: (total, fiscal, other) 万元 for the mid-term and the annual side."""
    records = []
    for period, amounts, years in (
        ("mid_term", mid, (2021, 2023)),
        ("annual", annual, (2021, 2021)),
    ):
        for row, (category, amount) in enumerate(
            zip(("total", "fiscal", "other"), amounts, strict=True), start=7
        ):
            col = 3 if period == "mid_term" else 5
            records.append(
                {
                    "source": f"{DOCUMENT}#table={project_no},row={row},col={col}",
                    "project_no": project_no,
                    "project": PROJECT,
                    "period": period,
                    "year_start": years[0],
                    "year_end": years[1],
                    "category": category,
                    "amount_wan": amount,
                }
            )
    return schema.FUNDING.coerce(pd.DataFrame.from_records(records))


def goals() -> pd.DataFrame:
    """A goals table with one goal per period."""
    return schema.GOALS.coerce(
        pd.DataFrame(
            {
                "source": [f"{DOCUMENT}#table=1,row=11,col=2", f"{DOCUMENT}#table=1,row=11,col=3"],
                "project_no": [1, 1],
                "project": [PROJECT, PROJECT],
                "period": ["mid_term", "annual"],
                "year_start": [2021, 2021],
                "year_end": [2023, 2021],
                "goal_no": [1, 1],
                "goal": ["三年内完成全员业务培训和专项督查。", "完成年度业务培训和专项督查任务。"],
            }
        )
    )


def clean_tables() -> dict[str, pd.DataFrame]:
    """Keyword arguments for :func:`kpi_analysis.analysis.review.review` of a form with no
    findings."""
    return {
        "indicators": paired(CLEAN_INDICATORS),
        "projects": projects(),
        "funding": funding(),
        "goals": goals(),
        "findings": schema.FINDINGS.empty(),
    }
