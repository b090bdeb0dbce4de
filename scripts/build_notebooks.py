"""Write the source of the exploration notebook (outputs are added by executing it).

Run ``python scripts/build_notebooks.py`` then ``make notebooks`` after changing cells here.
"""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell
from notebook_sources import DISPLAY, NOTEBOOKS, notebook

SETUP = (
    DISPLAY
    + """\
from kpi_analysis import load
from kpi_analysis.outputs import charts
from kpi_analysis.outputs.labels import for_display
from kpi_analysis.outputs.labels import kind_shares_display
from kpi_analysis.analysis.summaries import (
    counts_by_project_period,
    indicator_counts,
    kind_shares,
)"""
)

PARAMETERS = """\
# 参数 / parameters (papermill): input folder or file, and where charts go
DATA = "../data/raw"
FIGURES_DIR = "../reports/figures\""""


def explore_targets() -> nbformat.NotebookNode:
    """01: load the forms, show the tables, counts, kinds, findings and one chart."""
    cells = [
        new_markdown_cell(
            "# 01 绩效目标表概览 / Explore the performance targets\n\n"
            "读取绩效目标表（默认：宿州市委编办 2021 年 5 个项目），查看整洁表格、"
            "各项目指标数量、定量与定性指标占比和读取问题。\n\n"
            "Loads the forms in `DATA` into tidy tables and summarises them."
        ),
        new_code_cell(SETUP),
        new_code_cell(PARAMETERS, metadata={"tags": ["parameters"]}),
        new_markdown_cell("## 读取 / Load"),
        new_code_cell(
            "ds = load(DATA)\n"
            "for name, frame in ds.tables().items():\n"
            '    print(f"{name:<11} {len(frame):>4} 行")'
        ),
        new_markdown_cell("## 项目与资金 / Projects and funding（万元）"),
        new_code_cell(
            'cols = ["project_no", "project", "attribute", "term", "start", "end",\n'
            '        "annual_budget_wan"]\n'
            "print(for_display(ds.projects[cols]).to_string(index=False))"
        ),
        new_code_cell(
            'funding = ds.funding.pivot_table(index=["project_no", "project"],\n'
            '                                 columns=["period", "category"],\n'
            '                                 values="amount_wan", aggfunc="sum")\n'
            "print(funding.round(2).to_string())"
        ),
        new_markdown_cell("## 绩效指标 / Indicators"),
        new_code_cell(
            'cols = ["project_no", "period", "level1", "level2", "indicator_no",\n'
            '        "indicator", "target", "kind", "comparator", "value", "unit"]\n'
            "print(for_display(ds.indicators[cols].head(15)).to_string(index=False))"
        ),
        new_markdown_cell(
            "### 各项目 × 一级指标 × 期间的指标数 / Counts by project × level × period\n\n"
            "空白模板行（只有“指标1：”）单独计数。"
        ),
        new_code_cell(
            "counts = indicator_counts(ds.indicators)\n"
            'table = counts.pivot_table(index=["project_no", "level1"], columns="period",\n'
            '                           values=["indicators", "placeholders"], fill_value=0,\n'
            '                           aggfunc="sum")\n'
            "print(table.to_string())"
        ),
        new_markdown_cell("### 指标值类型占比（%）/ Share of target kinds"),
        new_code_cell("print(kind_shares_display(kind_shares(ds.indicators)).to_string())"),
        new_markdown_cell("## 读取问题 / Findings of the loader"),
        new_code_cell(
            'cols = ["severity", "code", "message", "text"]\n'
            "print(for_display(ds.findings[cols]).to_string(index=False))"
        ),
        new_markdown_cell("## 图 / Chart"),
        new_code_cell(
            "fig = charts.indicator_counts_chart(\n"
            "    counts_by_project_period(ds.indicators),\n"
            '    title="各项目绩效指标数量（不含空白模板行）",\n'
            ")\n"
            'path = charts.save_figure(fig, Path(FIGURES_DIR) / "01-indicator-counts.png")\n'
            'print("图已保存 / saved:", path.name)'
        ),
    ]
    return notebook(cells)


def main() -> None:
    """Write every notebook source defined here."""
    nbformat.write(explore_targets(), NOTEBOOKS / "01-explore-targets.ipynb")


if __name__ == "__main__":
    main()
