"""One module per CLI subcommand; each exposes ``register(subparsers)``.

Add a command by writing a module here and listing it in :data:`COMMANDS`, with a one-line
summary in :data:`SUMMARIES` and examples in :data:`EXAMPLES`. The summaries let
``kpi-analysis --help`` list every command without importing any of them (no pandas): a
command's module is imported only when that command runs or its help is asked for. Command
modules import their heavy dependencies inside ``run``.
"""

from __future__ import annotations

COMMANDS = ("extract", "review", "diff", "template", "batch", "report", "notebooks", "score")

#: One line per command for ``kpi-analysis --help`` (the module's own ``help`` when it runs).
SUMMARIES = {
    "extract": "读取绩效目标表，输出整洁表格 (tidy tables)",
    "review": "年度与中期目标比对，并审核绩效目标（输出审核发现和审核意见）",
    "diff": "比较两个年度的绩效目标文件：项目增减、中期目标变化、资金变化",
    "template": "生成实际完成情况填报工作簿（按绩效目标预填）",
    "batch": "并行读取整个文件夹（本机多进程或 Dask 集群），输出分区 Parquet 数据集",
    "report": "生成年度自评报告：自评表（Word/Excel）和图表",
    "notebooks": "在指定数据上运行全部笔记本并导出 HTML",
    "score": "年终绩效自评评分（绩效目标表 + 自评表和/或实际完成情况工作簿）",
}

#: Examples shown at the end of each command's help (``epilog``).
EXAMPLES = {
    "extract": """示例：
  kpi-analysis extract                          # 读取 ./data/raw，写到 ./data/processed
  kpi-analysis extract 收到的文件/ --out 输出/
  kpi-analysis extract a.docx b.xlsx --out 输出/ --strict""",
    "review": """示例：
  kpi-analysis review data/raw --out reports/review
  kpi-analysis review 目标表.docx --out 审核/ --skip R13   # 不执行 R13（文字重复）""",
    "diff": """示例：
  kpi-analysis diff 2021年/ 2022年/ --out reports/diff
  kpi-analysis diff 2021目标表.docx 2022目标表.docx --out 变化/""",
    "template": """示例：
  kpi-analysis template data/raw --years 2021 2022 2023 --out 填报.xlsx
  kpi-analysis template 目标表.docx --out 填报.xlsx --force""",
    "batch": """示例：
  kpi-analysis batch 全省目标表/ --out dataset/ --jobs 4
  kpi-analysis batch 全省目标表/ --out dataset/ --incremental
  kpi-analysis batch 全省目标表/ --engine dask --scheduler tcp://10.0.0.5:8786""",
    "report": """示例：
  kpi-analysis report --year 2021 data/raw --out reports/2021""",
    "notebooks": """示例：
  kpi-analysis notebooks --data data/raw --out reports/notebooks
  kpi-analysis notebooks --data 我的数据/ --year 2022""",
    "score": """示例：
  kpi-analysis score data/raw --out reports/scores
  kpi-analysis score 目标表/ 自评表/ 填报.xlsx --profile central_2020""",
}
