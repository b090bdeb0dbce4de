# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags
#     formats: ipynb,py:percent
#     notebook_metadata_filter: kernelspec,jupytext,-jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 05 绩效执行 2021—2023 / Execution 2021–2023
#
# 截至参数 `YEAR` 的各年度自评得分（评分规则 central_2020：预算执行率 10、产出 50、效益 30、满意度 10；等级 优≥90、良≥80、中≥60、差），各指标逐年完成率，以及对中期目标的累计完成进度。每年按当年的年度目标计分，没有年度目标的年度按中期目标计分并注明。
#
# 默认输入 `data/raw` 中的实际完成情况工作簿是**示例数据（虚构）**，仅用于演示；由它生成的表和图在标题中注明“示例数据”。

# %%
# %matplotlib inline
import pandas as pd

pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 30)
pd.set_option("display.max_colwidth", 40)

from pathlib import Path

from kpi_analysis.analysis import tracking
from kpi_analysis.outputs.charts import execution as charts_execution
from kpi_analysis.outputs.display import nothing_for, show_figure, show_table
from kpi_analysis.outputs.report import (
    completion_table,
    load_year_end,
    report_years,
    score_year_end,
)

# %% tags=["parameters"]
# 参数 / parameters (papermill): input folder, last year shown, where charts go
DATA = "../data/raw"
YEAR = 2023
FIGURES_DIR = "../reports/figures"

# %% [markdown]
# ## 读取与评分 / Load and score

# %%
data = load_year_end(DATA)
scored = score_year_end(data)
years = report_years(scored)
projects = 0 if data.targets is None else len(data.targets.projects)
forms = 0 if data.selfeval is None else len(data.selfeval.totals)
print(f"绩效目标表项目 {projects} 个；实际完成情况工作簿 {len(data.actuals)} 个；自评表 {forms} 张")
print("年度：", "、".join(map(str, years)) or "无")
for notice in scored.notices:
    print("注意：示例数据（虚构）——", notice)
for problem in data.problems:
    print("无法使用的文件：", problem)
if YEAR not in years:
    print(nothing_for(YEAR, "实际完成情况", years))


def up_to_year(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of the years up to ``YEAR``."""
    if "year" not in frame.columns:
        return frame.iloc[0:0]
    return frame[frame["year"].le(YEAR).fillna(False).astype(bool)]


summary = up_to_year(scored.summary)
scores = up_to_year(scored.scores)
print(f"截至 {YEAR} 年：{summary['year'].nunique()} 个年度、{len(summary)} 个项目年度")

# %% [markdown]
# ## 总分与等级 / Totals and grades by year

# %%
if summary.empty:
    print(nothing_for(YEAR, "自评得分", years))
else:
    index = ["project_no", "project"]
    shown = [
        "" if pd.isna(total) else f"{total:.2f}（{grade}）"
        for total, grade in zip(summary["total"], summary["grade"], strict=True)
    ]
    wide = summary.assign(shown=shown).pivot_table(
        index=index, columns="year", values="shown", aggfunc="first"
    )
    wide.columns = [f"{year}年总分（等级）" for year in wide.columns]
    show_table(wide, "tracking", index=True, name="totals")

# %% [markdown]
# ## 未得满分的指标 / Indicators below full marks
#
# 得分低于分值的指标及偏差原因；“提示”列说明未填原因、超额完成等情况。

# %%
cols = ["project_no", "year", "indicator", "target", "actual", "weight", "score", "reason",
        "flags"]  # fmt: skip
short = scores[scores["score"] < scores["weight"] - 0.005]
print(f"未得满分的指标 {len(short)} 条")
show_table(short.reindex(columns=cols), "tracking", name="short")

# %% [markdown]
# ## 完成率 / Completion by indicator and year
#
# 完成率 = 实际完成值 ÷ 年度指标值（反向指标取倒数）；定性指标为得分 ÷ 分值。

# %%
completion = completion_table(scores)
print(charts_execution.bands_caption(charts_execution.DEFAULT_STATUS_BANDS))
if completion.empty:
    print(nothing_for(YEAR, "指标完成情况", years))
else:
    index = ["project_no", "indicator"]
    wide = completion.pivot_table(index=index, columns="year", values="completion", aggfunc="first")
    wide.columns = [f"{year}年完成率" for year in wide.columns]
    show_table(wide, "tracking", index=True, percent=wide.columns, name="completion")

# %%
if not completion.empty:
    fig = charts_execution.completion_heatmap(completion, example=scored.is_example)
    show_figure(fig, Path(FIGURES_DIR) / "05-completion-heatmap.png")

# %% [markdown]
# ## 总分与等级趋势 / Score and grade trend

# %%
if summary.empty:
    print(nothing_for(YEAR, "自评得分", years))
else:
    fig = charts_execution.score_trend_chart(summary, example=scored.is_example)
    show_figure(fig, Path(FIGURES_DIR) / "05-score-trend.png")

# %% [markdown]
# ## 中期目标累计进度 / Cumulative progress to the mid-term targets
#
# 数量、金额逐年累加，比率取最近一年；进度比 = 累计完成 ÷ 按年度进度应完成，状态按进度比分档（启发式，见 [docs/rules.md 状态分档](../docs/rules.md#bands)）。定性目标不计累计进度。

# %%
print(tracking.DEFAULT_STATUS_BANDS.describe())
cols = ["project_no", "indicator", "mid_target", "year", "cumulative", "progress",
        "expected_share", "pace_shown", "status"]  # fmt: skip
progress = up_to_year(scored.progress)
progress = progress[progress["progress"].notna()]
latest = progress[progress["year"] == progress["year"].max()]
show_table(latest.reindex(columns=cols), "tracking", name="progress")

# %%
if progress.empty:
    print(nothing_for(YEAR, "可计算累计进度的指标", years))
else:
    fig = charts_execution.cumulative_progress_chart(progress, example=scored.is_example)
    show_figure(fig, Path(FIGURES_DIR) / "05-cumulative-progress.png")
