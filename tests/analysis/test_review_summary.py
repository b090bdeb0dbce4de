"""Summaries of the findings: by rule, by project, the worst indicators."""

from __future__ import annotations

import pandas as pd
from review_examples import indicators

from kpi_analysis.analysis.compare import align_indicators, status_counts
from kpi_analysis.analysis.review import FINDINGS
from kpi_analysis.analysis.review.summary import (
    by_project,
    by_rule,
    by_rule_and_project,
    worst_indicators,
)
from kpi_analysis.outputs.labels import for_display


def _findings() -> pd.DataFrame:
    rows = [
        # rule, severity, project, indicator no, source row
        ("R2", "warning", 1, 1, 13),
        ("R12", "warning", 1, 2, 9),
        ("R8", "error", 2, 1, 20),
        ("R2", "warning", 2, 1, 20),
        ("R13", "info", 2, 2, 21),
        ("R16", "warning", 2, None, 4),
    ]
    frame = pd.DataFrame(
        [
            {
                "rule": rule,
                "rule_name": "",
                "severity": severity,
                "project_no": project,
                "project": f"项目{project}",
                "period": "annual",
                "level1": "产出指标",
                "level2": "数量指标",
                "indicator_no": number,
                "indicator": f"指标{number}" if number else None,
                "source": f"a.txt#table={project},row={row},col=8",
                "message": "m",
                "basis": "b",
            }
            for rule, severity, project, number, row in rows
        ]
    )
    return FINDINGS.coerce(frame)


def test_by_rule_in_numeric_order() -> None:
    table = by_rule(_findings())
    assert table["rule"].tolist() == ["R2", "R8", "R12", "R13", "R16"]
    assert table.loc[0, ["error", "warning", "info", "total"]].tolist() == [0, 2, 0, 2]
    assert table.loc[1, "rule_name"] == "指标名称中的数字与指标值不符"
    assert table["total"].sum() == 6


def test_by_project() -> None:
    table = by_project(_findings())
    assert table["project_no"].tolist() == [1, 2]
    assert table[["error", "warning", "info", "total"]].values.tolist() == [
        [0, 2, 0, 2],
        [1, 2, 1, 4],
    ]


def test_by_rule_and_project() -> None:
    table = by_rule_and_project(_findings())
    assert table.index.tolist() == ["R2", "R8", "R12", "R13", "R16"]
    assert table.loc["R2"].tolist() == [1, 1]
    assert table.loc["R16"].tolist() == [0, 1]


def test_worst_indicators_rank_errors_first_then_document_order() -> None:
    table = worst_indicators(_findings(), n=3)
    assert table["indicator"].tolist() == ["指标1", "指标2", "指标1"]
    assert table["project_no"].tolist() == [2, 1, 1]  # then row 9 before row 13
    assert table.loc[0, "rules"] == "R2、R8"
    assert table.loc[0, ["error", "warning", "total"]].tolist() == [1, 1, 2]
    # project-level findings (no indicator) are not indicators
    assert "R16" not in "".join(worst_indicators(_findings(), n=10)["rules"])


def test_empty_findings() -> None:
    empty = FINDINGS.empty()
    assert by_rule(empty).empty and by_project(empty).empty
    assert worst_indicators(empty).empty and by_rule_and_project(empty).empty


def test_summaries_display_in_chinese() -> None:
    shown = for_display(by_rule(_findings()), "review")
    assert list(shown.columns) == ["规则", "规则名称", "错误", "警告", "提示", "合计"]
    table = for_display(by_rule_and_project(_findings()), "review")
    assert (table.index.name, table.columns.name) == ("规则", "项目序号")


def test_crosstab_cells_stay_counts() -> None:
    aligned = align_indicators(
        indicators(
            [
                {"indicator": "开展培训", "target": "1次"},
                {"project_no": 2, "level2": "成本指标", "indicator": ""},
            ]
        )
    )
    shown = for_display(status_counts(aligned), "review")
    assert list(shown.columns) == ["仅年度有", "空白模板行"]
    # "placeholder" is also the boolean column of the indicators table: 0 must not become 否
    assert shown.to_numpy().tolist() == [[1, 0], [0, 1]]
