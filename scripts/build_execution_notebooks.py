"""Write the sources of the execution notebooks 04–06 (outputs are added by executing them).

    .venv/bin/python scripts/build_execution_notebooks.py
    cd notebooks && MPLBACKEND=Agg JUPYTER_PREFER_ENV_PATH=1 ../.venv/bin/jupyter nbconvert \\
        --to notebook --execute --inplace 04-funding.ipynb 05-execution-2021-2023.ipynb \\
        06-year-end-report.ipynb

All logic lives in the package (:mod:`kpi_analysis.outputs.report`,
:mod:`kpi_analysis.analysis.tracking`,
:mod:`kpi_analysis.outputs.charts.execution`); the cells only call it, print rounded text tables and
save charts under ``FIGURES_DIR`` (printing the file name, never showing them inline). The
cell sources below are kept ``ruff format`` clean.
"""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell
from notebook_sources import DISPLAY, NOTEBOOKS, notebook

PARAMETERS = """\
# 参数 / parameters (papermill): input folder, year, where charts go
DATA = "../data/raw"
YEAR = 2021
FIGURES_DIR = "../reports/figures\""""

REPORT_PARAMETERS = """\
# 参数 / parameters (papermill): input folder, report year, where the report goes
DATA = "../data/raw"
YEAR = 2021
REPORT_DIR = "../reports\""""

LOAD = """\
data = load_year_end(DATA)
scored = score_year_end(data)
years = sorted({int(y) for y in scored.summary["year"]})
projects = 0 if data.targets is None else len(data.targets.projects)
forms = 0 if data.selfeval is None else len(data.selfeval.totals)
print(f"绩效目标表项目 {projects} 个；实际完成情况工作簿 {len(data.actuals)} 个；自评表 {forms} 张")
print("年度：", "、".join(map(str, years)))
for notice in scored.notices:
    print("注意：示例数据（虚构）——", notice)
for problem in data.problems:
    print("无法使用的文件：", problem)"""

EXAMPLE_NOTE = (
    "默认输入 `data/raw` 中的实际完成情况工作簿是**示例数据（虚构）**，仅用于演示；"
    "由它生成的表和图在标题中注明“示例数据”。"
)

# ----------------------------------------------------------------------------- 04

FUNDING_SETUP = """\
from kpi_analysis.outputs import charts
from kpi_analysis.outputs.charts import execution as charts_execution
from kpi_analysis.analysis.compare import funding_phasing
from kpi_analysis.outputs.report import load_year_end, score_year_end
from kpi_analysis.outputs import labels as review_labels
from functools import partial
from kpi_analysis.outputs import labels
for_display = partial(labels.for_display, subject=\"tracking\")"""

PHASING = """\
cols = [
    "project_no",
    "project",
    "year_start_mid",
    "year_end_mid",
    "mid_total",
    "annual_total",
    "years",
    "phasing_ratio",
    "phasing",
]
phasing = funding_phasing(data.targets.funding, data.targets.projects)
print(review_labels.for_display(phasing[cols], \"review\").to_string(index=False))"""

EXECUTION_BY_YEAR = """\
cols = [
    "project_no",
    "project",
    "year",
    "budget_initial",
    "budget_full",
    "executed",
    "execution_rate",
    "cumulative_executed",
    "mid_term_total",
    "cumulative_share",
]
table = scored.funding[cols].copy()
table["execution_rate"] = (table["execution_rate"] * 100).round(2)
table["cumulative_share"] = (table["cumulative_share"] * 100).round(2)
percent = {"预算执行率": "预算执行率（%）", "累计执行占中期资金比例": "累计执行占中期资金（%）"}
print(for_display(table).rename(columns=percent).to_string(index=False, max_colwidth=16))"""

LOW_RATES = """\
cols = ["project_no", "project", "year", "execution_rate", "reason", "low_rate_without_reason"]
low = scored.funding[scored.funding["execution_rate"] < 0.9][cols]
print(for_display(low).to_string(index=False, max_colwidth=30))"""

THE_YEAR = """\
cols = ["project_no", "project", "budget_full", "executed", "execution_rate", "note"]
year = scored.funding[scored.funding["year"] == YEAR][cols].copy()
year["execution_rate"] = (year["execution_rate"] * 100).round(2)
budget, executed = year["budget_full"].sum(), year["executed"].sum()
print(f"{YEAR} 年：全年预算数合计 {budget:.2f} 万元，全年执行数合计 {executed:.2f} 万元")
shown = for_display(year).rename(columns={"预算执行率": "预算执行率（%）"})
print(shown.to_string(index=False, max_colwidth=30))"""

# ----------------------------------------------------------------------------- 05

EXECUTION_SETUP = """\
from kpi_analysis.outputs import charts
from kpi_analysis.outputs.charts import execution as charts_execution
from kpi_analysis.analysis import tracking
from kpi_analysis.outputs.report import completion_table, load_year_end, score_year_end
from functools import partial
from kpi_analysis.outputs import labels
for_display = partial(labels.for_display, subject=\"tracking\")"""

TOTALS = """\
index = ["project_no", "project"]
summary = scored.summary
totals = summary.pivot_table(index=index, columns="year", values="total")
grades = summary.pivot_table(index=index, columns="year", values="grade", aggfunc="first")
print(totals.round(2).to_string())
print()
print(grades.to_string())"""

SHORTFALLS = """\
cols = ["project_no", "year", "indicator", "target", "actual", "weight", "score", "reason"]
short = scored.scores[scored.scores["score"] < scored.scores["weight"] - 0.005]
print(for_display(short[cols + ["flags"]]).to_string(index=False, max_colwidth=24))"""

COMPLETION = """\
completion = completion_table(scored.scores)
print(charts_execution.bands_caption(charts_execution.DEFAULT_STATUS_BANDS))
index = ["project_no", "indicator"]
wide = completion.pivot_table(index=index, columns="year", values="completion", aggfunc="first")
print((wide * 100).round(0).to_string(max_colwidth=30))"""

PROGRESS = """\
print(tracking.DEFAULT_STATUS_BANDS.describe())
cols = [
    "project_no",
    "indicator",
    "mid_target",
    "year",
    "cumulative",
    "progress",
    "expected_share",
    "pace_shown",
    "status",
]
progress = scored.progress[scored.progress["progress"].notna()]
latest = progress[progress["year"] == progress["year"].max()]
print(for_display(latest[cols]).to_string(index=False, max_colwidth=24))"""

# ----------------------------------------------------------------------------- 06

REPORT_SETUP = """\
from kpi_analysis.outputs import charts  # noqa: F401  (registers the CJK font)
from kpi_analysis.outputs.report import (
    load_year_end,
    score_year_end,
    selfeval_forms,
    write_year_report,
)
from functools import partial
from kpi_analysis.outputs import labels
for_display = partial(labels.for_display, subject=\"tracking\")"""

WRITE = """\
out = Path(REPORT_DIR) / str(YEAR)
files = write_year_report(data, YEAR, out, scored=scored)
for path in files.all:
    print(path.relative_to(out))"""

YEAR_TOTALS = """\
cols = [
    "project_no",
    "project",
    "execution_rate",
    "execution_score",
    "indicator_score",
    "total",
    "grade",
]
summary = scored.summary[scored.summary["year"] == YEAR][cols]
print(for_display(summary).to_string(index=False))"""

NOTES = """\
for form in selfeval_forms(data, scored, YEAR):
    print(f"{form.project_no}. {form.project}")
    for note in form.notes:
        print("   ", note)"""


def _save_chart(call: str, name: str) -> str:
    return (
        f"fig = {call}\n"
        f'path = charts.save_figure(fig, Path(FIGURES_DIR) / "{name}")\n'
        'print(f"图已保存 / saved: {path.name}")'
    )


def _start(setup: str, parameters: str = PARAMETERS) -> list:
    return [
        new_code_cell(DISPLAY + setup),
        new_code_cell(parameters, metadata={"tags": ["parameters"]}),
        new_markdown_cell("## 读取与评分 / Load and score"),
        new_code_cell(LOAD),
    ]


def funding() -> nbformat.NotebookNode:
    """04: funding by project and period (mid-term vs annual) and execution by year."""
    return notebook(
        [
            new_markdown_cell(
                "# 04 资金：中期与年度、各年执行 / Funding by project and period\n\n"
                "绩效目标表中的中期资金与年度资金安排，以及各年度的全年预算数、全年执行数、"
                "预算执行率（执行率 = 全年执行数 ÷ 全年预算数，低于 90% 须说明原因）和"
                "累计执行占中期资金总额的比例。\n\n" + EXAMPLE_NOTE
            ),
            *_start(FUNDING_SETUP),
            new_markdown_cell(
                "## 中期与年度资金安排（万元）/ Mid-term vs annual funding in the targets\n\n"
                "分期比 = 中期资金总额 ÷（年度资金总额 × 年数）；偏离 1 较多时提示核对"
                "（启发式，domain.md §7）。"
            ),
            new_code_cell(PHASING),
            new_markdown_cell(
                "## 各年度预算执行（万元）/ Budget execution by year\n\n"
                "累计执行数逐年相加，与中期资金总额比较。"
            ),
            new_code_cell(EXECUTION_BY_YEAR),
            new_markdown_cell(
                "### 执行率低于 90% 的项目 / Rates below 90 %\n\n"
                "未说明原因的标为“是”（domain.md §5.3，S7）。"
            ),
            new_code_cell(LOW_RATES),
            new_markdown_cell("### 参数年度 / The year `YEAR`\n\n参数 `YEAR` 所指年度的资金执行。"),
            new_code_cell(THE_YEAR),
            new_markdown_cell("## 图 / Charts"),
            new_code_cell(
                _save_chart(
                    "charts_execution.funding_chart(scored.funding, example=scored.is_example)",
                    "04-funding.png",
                )
            ),
            new_code_cell(
                _save_chart(
                    "charts_execution.execution_rate_chart(scored.funding, "
                    "example=scored.is_example)",
                    "04-execution-rate.png",
                )
            ),
        ]
    )


def execution() -> nbformat.NotebookNode:
    """05: completion heatmap, score and grade trend, cumulative progress to mid-term targets."""
    return notebook(
        [
            new_markdown_cell(
                "# 05 绩效执行 2021—2023 / Execution 2021–2023\n\n"
                "各年度自评得分（评分规则 central_2020：预算执行率 10、产出 50、效益 30、"
                "满意度 10；等级 优≥90、良≥80、中≥60、差），各指标逐年完成率，"
                "以及对中期目标的累计完成进度。每年按当年的年度目标计分，没有年度目标的年度"
                "按中期目标计分并注明。\n\n" + EXAMPLE_NOTE
            ),
            *_start(EXECUTION_SETUP),
            new_markdown_cell("## 总分与等级 / Totals and grades by year"),
            new_code_cell(TOTALS),
            new_markdown_cell(
                "## 未得满分的指标 / Indicators below full marks\n\n"
                "得分低于分值的指标及偏差原因；“提示”列说明未填原因、超额完成等情况。"
            ),
            new_code_cell(SHORTFALLS),
            new_markdown_cell(
                "## 完成率 / Completion by indicator and year\n\n"
                "完成率 = 实际完成值 ÷ 年度指标值（反向指标取倒数）；定性指标为得分 ÷ 分值。"
            ),
            new_code_cell(COMPLETION),
            new_code_cell(
                _save_chart(
                    "charts_execution.completion_heatmap(completion, example=scored.is_example)",
                    "05-completion-heatmap.png",
                )
            ),
            new_markdown_cell("## 总分与等级趋势 / Score and grade trend"),
            new_code_cell(
                _save_chart(
                    "charts_execution.score_trend_chart(summary, example=scored.is_example)",
                    "05-score-trend.png",
                )
            ),
            new_markdown_cell(
                "## 中期目标累计进度 / Cumulative progress to the mid-term targets\n\n"
                "数量、金额逐年累加，比率取最近一年；进度比 = 累计完成 ÷ 按年度进度应完成，"
                "状态按进度比分档（启发式，domain.md §8）。定性目标不计累计进度。"
            ),
            new_code_cell(PROGRESS),
            new_code_cell(
                _save_chart(
                    "charts_execution.cumulative_progress_chart(progress, "
                    "example=scored.is_example)",
                    "05-cumulative-progress.png",
                )
            ),
        ]
    )


def year_end_report() -> nbformat.NotebookNode:
    """06: the year-end report of ``YEAR`` (filled forms and charts) via
    kpi_analysis.outputs.report."""
    return notebook(
        [
            new_markdown_cell(
                "# 06 年终报告 / Year-end report\n\n"
                "为参数 `YEAR` 所指年度的每个项目填写标准《项目支出绩效自评表》（.docx 和 .xlsx），"
                "并生成当年的图（资金、执行率、完成率、总分与等级、中期目标累计进度），"
                "写入 `REPORT_DIR/YEAR`。与命令 `kpi-analysis report --year YEAR` 相同。\n\n"
                + EXAMPLE_NOTE
            ),
            *_start(REPORT_SETUP, REPORT_PARAMETERS),
            new_markdown_cell("## 写出报告 / Write the report"),
            new_code_cell(WRITE),
            new_markdown_cell("## 当年得分汇总 / The year's totals"),
            new_code_cell(YEAR_TOTALS),
            new_markdown_cell(
                "## 各表说明 / Notes under each form\n\n"
                "自评表下方的说明：评分规则、执行率低于 90% 的原因、按中期目标计分的指标、"
                "超额完成、未填偏差原因和与单位自评得分的差异。"
            ),
            new_code_cell(NOTES),
        ]
    )


def main() -> None:
    """Write every notebook source defined here."""
    nbformat.write(funding(), NOTEBOOKS / "04-funding.ipynb")
    nbformat.write(execution(), NOTEBOOKS / "05-execution-2021-2023.ipynb")
    nbformat.write(year_end_report(), NOTEBOOKS / "06-year-end-report.ipynb")


if __name__ == "__main__":
    main()
