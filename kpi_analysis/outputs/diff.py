"""Outputs of ``kpi-analysis diff``: the change table (CSV, Excel) and a chart of it.

The table is :func:`kpi_analysis.analysis.tracking.changes.document_changes`; the chart counts
its changes per project, stacked by kind, in the fixed colours of :data:`KIND_COLORS`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from kpi_analysis.analysis.tracking.changes import DIFF_KINDS, DIFF_LABELS
from kpi_analysis.outputs.charts import fonts
from kpi_analysis.outputs.export import write_csv, write_workbook
from kpi_analysis.outputs.files import publish, staging_folder

__all__ = ["CHART", "CSV", "KIND_COLORS", "WORKBOOK", "changes_chart", "write_diff"]

CSV = "changes.csv"
WORKBOOK = "changes.xlsx"
CHART = "changes.png"
KIND_COLORS = {
    "project_added": "#2E7D32",
    "project_removed": "#C62828",
    "added": "#66BB6A",
    "dropped": "#EF5350",
    "target_changed": "#FFA726",
    "renamed": "#8172B3",
    "funding_changed": "#4C72B0",
}
DIFF_HEADERS = {
    "project": "项目名称",
    "change": "变化代码",
    "change_label": "变化",
    "level1": "一级指标",
    "level2": "二级指标",
    "item": "指标或资金项目",
    "old": "原内容",
    "new": "新内容",
    "old_amount_wan": "原金额（万元）",
    "new_amount_wan": "新金额（万元）",
    "source_old": "原文件位置",
    "source_new": "新文件位置",
}


def changes_chart(changes: pd.DataFrame, *, title: str = "两个年度绩效目标的变化") -> Figure:
    """Changes per project as stacked horizontal bars, one colour per kind of change.

    >>> frame = pd.DataFrame({"project": ["甲", "甲", "乙"],
    ...     "change": ["target_changed", "funding_changed", "project_added"]})
    >>> len(changes_chart(frame).axes[0].patches)
    6
    """
    fonts.register_cjk_font()
    fig = Figure(figsize=(8, 1.9 + 0.45 * max(changes["project"].nunique(), 1)), dpi=150)
    ax = fig.add_subplot()
    if changes.empty:
        ax.text(0.5, 0.5, "两个年度之间没有变化", ha="center", va="center")
        ax.set_axis_off()
        ax.set_title(title)
        return fig
    counts = pd.crosstab(changes["project"].astype(str), changes["change"].astype(str))
    kinds = [kind for kind in DIFF_KINDS if kind in counts.columns]
    counts = counts.reindex(columns=kinds, fill_value=0)
    left = [0.0] * len(counts)
    positions = list(range(len(counts)))
    for kind in kinds:
        values = counts[kind].astype(float).tolist()
        ax.barh(positions, values, left=left, color=KIND_COLORS[kind], label=DIFF_LABELS[kind])
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(positions, labels=[p if len(p) <= 18 else p[:17] + "…" for p in counts.index])
    ax.invert_yaxis()
    ax.set_xlabel("变化条数")
    ax.set_title(title)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=4, fontsize=8, frameon=False)
    ax.grid(axis="x", linestyle=":", linewidth=0.6, alpha=0.7)
    ax.set_axisbelow(True)
    fig.tight_layout()
    return fig


def write_diff(changes: pd.DataFrame, out_dir: Path, *, title: str | None = None) -> list[Path]:
    """Write ``changes.csv``, ``changes.xlsx`` and ``changes.png`` into ``out_dir``; all or
    nothing."""
    with staging_folder(out_dir) as staging:
        write_csv(changes, staging / CSV)
        shown = changes.rename(columns=DIFF_HEADERS)
        write_workbook({"两个年度的变化": shown}, staging / WORKBOOK)
        figure = changes_chart(changes, **({"title": title} if title else {}))
        figure.savefig(staging / CHART)
        return publish(staging, [CSV, WORKBOOK, CHART], out_dir)
