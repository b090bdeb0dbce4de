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
# # 03 绩效目标审核 / Target review
#
# 按审核规则（完整性、模糊表述、名称数字与指标值、指标值与绩效标准、100% 满意度、成本指标、指标方向、空白模板、年度与中期衔接、资金平衡、项目属性、文字重复）逐项检查绩效目标表，列出问题、所在单元格和依据。规则、阈值和词表见 `kpi_analysis.analysis.review.ReviewProfile`。
#
# Runs every review rule over the tables; the findings table is what `kpi-analysis review` writes to `findings.csv`.

# %%
# %matplotlib inline
import pandas as pd

pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 30)
pd.set_option("display.max_colwidth", 40)

from pathlib import Path

from kpi_analysis import load
from kpi_analysis.analysis.compare import dataset_for_year
from kpi_analysis.analysis.review import ReviewProfile, review_dataset
from kpi_analysis.analysis.review.summary import (
    by_project,
    by_rule,
    by_rule_and_project,
    worst_indicators,
)
from kpi_analysis.outputs.charts.review import findings_by_rule_chart
from kpi_analysis.outputs.display import nothing_for, show_figure, show_table

# %% tags=["parameters"]
# 参数 / parameters (papermill): input folder or file, budget year, where charts go
DATA = "../data/raw"
YEAR = 2021
FIGURES_DIR = "../reports/figures"

# %% [markdown]
# ## 审核 / Review

# %%
everything = load(DATA)
annual = everything.indicators[everything.indicators["period"] == "annual"]
have = sorted({int(y) for y in annual["year_start"].dropna()})
ds = dataset_for_year(everything, YEAR)
findings = review_dataset(ds, ReviewProfile())
counts = findings["severity"].value_counts()
print(f"{YEAR}年度：项目 {len(ds.projects)} 个，审核发现 {len(findings)} 条")
errors, warnings, infos = (counts.get(key, 0) for key in ("error", "warning", "info"))
print(f"错误 {errors}，警告 {warnings}，提示 {infos}")
if ds.projects.empty:
    print(nothing_for(YEAR, "年度绩效目标表", have))

# %% [markdown]
# ## 按规则 / By rule

# %%
show_table(by_rule(findings), "review", name="by-rule")

# %%
if findings.empty:
    print("没有审核发现，未作图")
else:
    fig = findings_by_rule_chart(findings, title=f"{YEAR}年度 绩效目标审核发现（按规则）")
    show_figure(fig, Path(FIGURES_DIR) / "03-findings-by-rule.png")

# %% [markdown]
# ## 按项目 / By project

# %%
show_table(by_project(findings), "review", name="by-project")

# %%
show_table(by_rule_and_project(findings), "review", index=True, name="by-rule-and-project")

# %% [markdown]
# ## 问题最多的指标 / The worst indicators
#
# 先按错误数、再按警告数、再按问题总数排序。

# %%
cols = ["project_no", "period", "level2", "indicator_no", "indicator", "error", "warning",
        "info", "rules"]  # fmt: skip
if findings.empty:
    print("没有审核发现")
else:
    show_table(worst_indicators(findings, n=10)[cols], "review", name="worst")

# %% [markdown]
# ## 错误 / Errors（可直接用于审核意见）

# %%
for row in findings[findings["severity"] == "error"].itertuples():
    print(f"[{row.rule}] {row.message}")
    print(f"    单元格：{row.source.split('#')[-1]}")

# %% [markdown]
# ## 每条规则的第一条发现 / First finding of each rule

# %%
for row in findings.groupby("rule", sort=False).head(1).itertuples():
    print(f"[{row.rule} {row.rule_name}｜{row.severity}] {row.message}")
    print(f"    依据：{row.basis}")
