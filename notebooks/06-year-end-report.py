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
# # 06 年终报告 / Year-end report
#
# 为参数 `YEAR` 所指年度的每个项目填写标准《项目支出绩效自评表》（.docx 和 .xlsx），生成当年的图（资金、执行率、完成率、总分与等级、中期目标累计进度），并把全年汇总成一份可打印（A4）的 HTML 报告（装有 Chromium 时另出 PDF），写入 `REPORT_DIR/YEAR`。与命令 `kpi-analysis report --year YEAR` 相同。
#
# 默认输入 `data/raw` 中的实际完成情况工作簿是**示例数据（虚构）**，仅用于演示；由它生成的表、图和报告均注明“示例数据”。

# %%
# %matplotlib inline
import pandas as pd

pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 30)
pd.set_option("display.max_colwidth", 40)

from pathlib import Path

from IPython.display import display

from kpi_analysis.outputs.display import nothing_for, show_table
from kpi_analysis.outputs.report import (
    load_year_end,
    report_years,
    score_year_end,
    selfeval_forms,
    write_year_report,
    year_charts,
)

# %% tags=["parameters"]
# 参数 / parameters (papermill): input folder, report year, where the report goes
DATA = "../data/raw"
YEAR = 2021
REPORT_DIR = "../reports"

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
HAVE_YEAR = YEAR in years
if not HAVE_YEAR:
    print(nothing_for(YEAR, "实际完成情况", years).replace("本节从略", "不写年终报告"))

# %% [markdown]
# ## 写出报告 / Write the report
#
# 自评表（.docx/.xlsx）、图（figures/）和 HTML 报告；PDF 只在装有 Chromium 时写出，不列在下面。

# %%
out = Path(REPORT_DIR) / str(YEAR)
if HAVE_YEAR:
    files = write_year_report(data, YEAR, out, scored=scored)
    for path in [*files.forms, *files.charts, files.html]:
        print(path.relative_to(out))

# %% [markdown]
# ## 当年得分汇总 / The year's totals

# %%
cols = ["project_no", "project", "execution_rate", "execution_score", "indicator_score", "total",
        "grade"]  # fmt: skip
summary = scored.summary[scored.summary["year"] == YEAR].reindex(columns=cols)
show_table(summary, "tracking", name="totals", table="summary")

# %% [markdown]
# ## 图 / Charts
#
# 与报告中相同的图（各图数据截至参数年度）。

# %%
for name, fig in (year_charts(scored, YEAR, example=data.example) if HAVE_YEAR else {}).items():
    print(f"图：{YEAR}-{name}.png")
    display(fig)

# %% [markdown]
# ## 各表说明 / Notes under each form
#
# 自评表下方的说明：评分规则、执行率低于 90% 的原因、按中期目标计分的指标、超额完成、未填偏差原因和与单位自评得分的差异。

# %%
for form in selfeval_forms(data, scored, YEAR) if HAVE_YEAR else []:
    print(f"{form.project_no}. {form.project}")
    for note in form.notes:
        print("   ", note)
