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
# # 01 绩效目标表概览 / Explore the performance targets
#
# 读取绩效目标表（默认：宿州市委编办 2021 年 5 个项目），查看参数 `YEAR` 所指年度的项目、资金、绩效指标、各项目指标数量、定量与定性指标占比和读取问题。
#
# Loads the forms in `DATA` into tidy tables and summarises the projects with annual targets or funding for `YEAR`.

# %%
# %matplotlib inline
import pandas as pd

pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 30)
pd.set_option("display.max_colwidth", 40)

from pathlib import Path

from kpi_analysis import load
from kpi_analysis.analysis.compare import dataset_for_year
from kpi_analysis.analysis.summaries import (
    counts_by_project_period,
    indicator_counts,
    kind_shares,
)
from kpi_analysis.outputs import charts
from kpi_analysis.outputs.display import nothing_for, show_figure, show_table
from kpi_analysis.outputs.labels import kind_shares_display

# %% tags=["parameters"]
# 参数 / parameters (papermill): input folder or file, budget year, where charts go
DATA = "../data/raw"
YEAR = 2021
FIGURES_DIR = "../reports/figures"

# %% [markdown]
# ## 读取 / Load

# %%
everything = load(DATA)
annual = everything.indicators[everything.indicators["period"] == "annual"]
have = sorted({int(y) for y in annual["year_start"].dropna()})
ds = dataset_for_year(everything, YEAR)
for name, frame in ds.tables().items():
    print(f"{name:<11} {len(frame):>4} 行")
if ds.projects.empty:
    print(nothing_for(YEAR, "绩效目标表", have))

# %% [markdown]
# ## 项目与资金 / Projects and funding（万元）

# %%
cols = ["project_no", "project", "attribute", "term", "start", "end", "annual_budget_wan"]
show_table(ds.projects[cols], name="projects", table="projects")

# %%
funding = ds.funding.copy()
funding["column"] = (
    funding["period"].map({"mid_term": "中期", "annual": "年度"}).fillna(funding["period"])
    + funding["category"].map({"total": "资金总额", "fiscal": "财政拨款", "other": "其他资金"})
    + "（万元）"
)
wide = funding.pivot_table(
    index=["project_no", "project"], columns="column", values="amount_wan", aggfunc="sum"
)
order = [f"{p}{c}（万元）" for p in ("中期", "年度") for c in ("资金总额", "财政拨款", "其他资金")]
wide = wide.reindex(columns=[c for c in order if c in wide.columns] + [
    c for c in wide.columns if c not in order
])
wide.columns.name = None
show_table(wide, index=True, name="funding")

# %% [markdown]
# ## 绩效指标 / Indicators（前 15 条）

# %%
cols = ["project_no", "period", "level1", "level2", "indicator_no", "indicator", "target",
        "kind", "comparator", "value", "unit"]  # fmt: skip
show_table(ds.indicators[cols].head(15), name="indicators", table="indicators")

# %% [markdown]
# ### 各项目 × 一级指标 × 期间的指标数 / Counts by project × level × period
#
# 一级指标按官方顺序排列；空白模板行（只有“指标1：”）单独计数。

# %%
counts = indicator_counts(ds.indicators)  # level1 is an ordered categorical: official order
if counts.empty:
    print(nothing_for(YEAR, "绩效指标", have))
else:
    counts["period"] = counts["period"].map({"mid_term": "中期", "annual": "年度"})
    table = counts.pivot_table(
        index=["project_no", "level1"], columns="period", values=["indicators", "placeholders"],
        fill_value=0, aggfunc="sum", observed=True,
    )  # fmt: skip
    names = {"indicators": "指标数", "placeholders": "空白模板行"}
    table.columns = [f"{period}{names[what]}" for what, period in table.columns]
    show_table(table, index=True, name="counts")

# %% [markdown]
# ### 指标值类型占比（%）/ Share of target kinds

# %%
if ds.indicators.empty:
    print(nothing_for(YEAR, "绩效指标", have))
else:
    show_table(kind_shares_display(kind_shares(ds.indicators)), index=True, name="kinds")

# %% [markdown]
# ## 读取问题 / Findings of the loader

# %%
cols = ["severity", "code", "message", "text"]
print(f"读取问题 {len(ds.findings)} 条")
show_table(ds.findings[cols], name="findings", table="findings")

# %% [markdown]
# ## 图 / Chart

# %%
if ds.indicators.empty:
    print(nothing_for(YEAR, "绩效指标", have))
else:
    fig = charts.indicator_counts_chart(
        counts_by_project_period(ds.indicators),
        title=f"{YEAR}年度 各项目绩效指标数量（不含空白模板行）",
    )
    show_figure(fig, Path(FIGURES_DIR) / "01-indicator-counts.png")
