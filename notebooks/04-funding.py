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
# # 04 资金：中期与年度、各年执行 / Funding by project and period
#
# 绩效目标表中的中期资金与年度资金安排，以及各年度的全年预算数、全年执行数、预算执行率（执行率 = 全年执行数 ÷ 全年预算数，低于 90% 须说明原因）和累计执行占中期资金总额的比例。
#
# 默认输入 `data/raw` 中的实际完成情况工作簿是**示例数据（虚构）**，仅用于演示；由它生成的表和图在标题中注明“示例数据”。

# %%
# %matplotlib inline
import pandas as pd

pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 30)
pd.set_option("display.max_colwidth", 40)

from pathlib import Path

from kpi_analysis.analysis.compare import funding_phasing
from kpi_analysis.outputs.charts import execution as charts_execution
from kpi_analysis.outputs.display import nothing_for, show_figure, show_table
from kpi_analysis.outputs.report import load_year_end, report_years, score_year_end

# %% tags=["parameters"]
# 参数 / parameters (papermill): input folder, year, where charts go
DATA = "../data/raw"
YEAR = 2021
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

# %% [markdown]
# ## 中期与年度资金安排（万元）/ Mid-term vs annual funding in the targets
#
# 分期比 = 中期资金总额 ÷（年度资金总额 × 年数）；偏离 1 较多时提示核对（启发式，见 [docs/rules.md 中期与年度目标](../docs/rules.md#mid-term)）。

# %%
cols = ["project_no", "project", "year_start_mid", "year_end_mid", "mid_total", "annual_total",
        "years", "phasing_ratio", "phasing"]  # fmt: skip
if data.targets is None:
    print("输入中没有绩效目标表，本节从略。")
else:
    phasing = funding_phasing(data.targets.funding, data.targets.projects)
    show_table(phasing.reindex(columns=cols), "review", name="phasing", table="funding_phasing")

# %% [markdown]
# ## 各年度预算执行（万元）/ Budget execution by year
#
# 累计执行数逐年相加，与中期资金总额比较。

# %%
cols = ["project_no", "project", "year", "budget_initial", "budget_full", "executed",
        "execution_rate", "cumulative_executed", "mid_term_total", "cumulative_share"]  # fmt: skip
show_table(scored.funding.reindex(columns=cols), "tracking", name="execution", table="execution")

# %% [markdown]
# ### 执行率低于 90% 的项目 / Rates below 90 %
#
# 未说明原因的标为“是”（见 [docs/rules.md 自评评分规则](../docs/rules.md#profiles)，来源 [S7](../docs/rules.md#s7)）。

# %%
cols = ["project_no", "project", "year", "execution_rate", "reason", "low_rate_without_reason"]
low = scored.funding[scored.funding["execution_rate"] < 0.9].reindex(columns=cols)
print(f"执行率低于 90% 的项目年度 {len(low)} 个")
show_table(low, "tracking", name="low-rates", table="execution")

# %% [markdown]
# ### 参数年度 / The year `YEAR`
#
# 参数 `YEAR` 所指年度的资金执行。

# %%
cols = ["project_no", "project", "budget_full", "executed", "execution_rate", "note"]
year = scored.funding[scored.funding["year"] == YEAR].reindex(columns=cols)
if year.empty:
    print(nothing_for(YEAR, "资金执行数据", years))
else:
    budget, executed = year["budget_full"].sum(), year["executed"].sum()
    print(f"{YEAR} 年：全年预算数合计 {budget:.2f} 万元，全年执行数合计 {executed:.2f} 万元")
    show_table(year, "tracking", name="the-year", table="execution")

# %% [markdown]
# ## 图 / Charts

# %%
if scored.funding.empty:
    print(nothing_for(None, "资金执行数据", years))
else:
    fig = charts_execution.funding_chart(scored.funding, example=scored.is_example)
    show_figure(fig, Path(FIGURES_DIR) / "04-funding.png")

# %%
rates = scored.funding[scored.funding["execution_rate"].notna()]
if rates.empty:
    print(nothing_for(None, "预算执行率", years))
else:
    fig = charts_execution.execution_rate_chart(rates, example=scored.is_example)
    show_figure(fig, Path(FIGURES_DIR) / "04-execution-rate.png")
