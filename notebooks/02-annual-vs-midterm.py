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
# # 02 年度目标与中期目标比对 / Annual vs mid-term targets
#
# 逐项目把年度绩效指标与中期绩效指标配对（同一二级指标内按名称相似度和序号），比较数量类指标的进度（年度目标 × 年数 与中期目标；“每年”“每月”口径和百分比按水平值比较），并核对中期资金与年度资金的安排。比对方法均为启发式规则（见 [docs/rules.md 中期与年度目标](../docs/rules.md#mid-term)），只报告、不改数。
#
# Pairs each annual indicator with its mid-term counterpart, checks the pacing of quantities and the phasing of funding. All logic lives in `kpi_analysis.analysis.compare`.

# %%
# %matplotlib inline
import pandas as pd

pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 30)
pd.set_option("display.max_colwidth", 40)

from pathlib import Path

from kpi_analysis import load
from kpi_analysis.analysis.compare import (
    align_indicators,
    dataset_for_year,
    funding_phasing,
    pace_targets,
    pacing_counts,
    status_counts,
)
from kpi_analysis.analysis.review import review_dataset
from kpi_analysis.analysis.review.notes import with_review_notes
from kpi_analysis.outputs.charts.review import phasing_chart, target_comparison_chart
from kpi_analysis.outputs.display import nothing_for, show_figure, show_table

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
print(f"{YEAR}年度：项目 {len(ds.projects)} 个，指标 {len(ds.indicators)} 条")
if ds.projects.empty:
    print(nothing_for(YEAR, "年度绩效目标表", have))

# %% [markdown]
# ## 指标配对 / Alignment
#
# 比对结果：相同、指标值变化、名称变化、仅年度有、仅中期有；空白模板行（“指标1：”）只与空白模板行配对。名称相似度为 difflib 比值（0～1）。

# %%
aligned = align_indicators(ds.indicators)
if aligned.empty:
    print(nothing_for(YEAR, "可比对的指标", have))
else:
    show_table(status_counts(aligned), "review", index=True, name="status-counts")

# %%
cols = ["level2", "indicator_no_mid", "indicator_mid", "indicator_annual", "target_mid",
        "target_annual", "status", "match_score"]  # fmt: skip
for (number, name), rows in aligned.groupby(["project_no", "project"], sort=False):
    shown = rows[rows["status"] != "placeholder"][cols]
    show_table(shown, "review", name=f"aligned-{number}", caption=f"项目{number}「{name}」")

# %% [markdown]
# ## 进度比对 / Pacing
#
# 比值 = 年度目标（折合全年） ÷ 中期折合每年目标：中期为期间合计时按年数平均（中期累计），中期写明“每年”“每月”或为百分比时按水平值比较。1 ± 0.2 以内为一致；年度为中期一部分（如 62 家中的 47 家）记为“年度为中期的一部分”。
#
# 目标审核（`kpi-analysis review`）发现的错误随指标带到“目标审核发现”列，并在下面的各项目图中以红色【审核错误 R…】标出。

# %%
pace = with_review_notes(  # the review of this year's targets, beside each pair
    pace_targets(aligned),
    review_dataset(ds),
    ds.indicators,
    indicator_columns=("indicator_annual", "indicator_mid"),
    year_column="year_annual",
)
cols = ["project_no", "indicator_annual", "target_mid", "target_annual", "basis", "years",
        "expected_annual", "annual_per_year", "ratio", "pacing", "review_note"]  # fmt: skip
show_table(pace[cols], "review", name="pacing", table="pacing")

# %%
if not pace.empty:
    show_table(pacing_counts(pace), "review", index=True, name="pacing-counts")

# %% [markdown]
# ## 资金安排 / Funding phasing（万元）
#
# 资金安排比 = 中期资金总额 ÷（年度资金总额 × 年数），0.5～1.5 以外提示“不均衡”；资金差额 = 资金总额 − 财政拨款 − 其他资金（应为 0）。

# %%
phasing = funding_phasing(ds.funding, ds.projects)
cols = ["project_no", "mid_total", "annual_total", "years", "phasing_ratio", "phasing",
        "mid_identity_gap", "annual_identity_gap", "mid_covers_annual", "budget_gap"]  # fmt: skip
show_table(phasing.reindex(columns=cols), "review", name="phasing", table="funding_phasing")

# %%
if phasing.empty:
    print(nothing_for(YEAR, "资金安排", have))
else:
    fig = phasing_chart(phasing, title=f"{YEAR}年度 中期资金与年度资金安排")
    show_figure(fig, Path(FIGURES_DIR) / "02-funding-phasing.png")

# %% [markdown]
# ## 各项目年度与中期目标图 / Targets per project
#
# 每个项目一张图：两端都是数量的指标，比较“中期折合每年”与“年度目标”（按各指标自身的计量单位）。

# %%
if pace.empty:
    print(nothing_for(YEAR, "可比对的指标", have))
for (number, name), rows in pace.groupby(["project_no", "project"], sort=False):
    comparable = rows[rows["ratio"].notna()]
    if comparable.empty:
        print(f"项目{number}「{name}」：没有两端均为数量的指标，未作图")
        continue
    print(f"项目{number}「{name}」：{len(comparable)} 个指标")
    fig = target_comparison_chart(comparable, title=f"项目{number}「{name}」年度与中期目标")
    show_figure(fig, Path(FIGURES_DIR) / f"02-targets-project-{number}.png")
