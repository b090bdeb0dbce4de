"""Charts of the annual vs mid-term comparison and of the target review (Chinese labels).

Like :mod:`kpi_analysis.outputs.charts.targets`, every function takes tidy DataFrames, returns a
:class:`matplotlib.figure.Figure`, reads no files and leaves its input unchanged; save with
:func:`kpi_analysis.outputs.charts.targets.save_figure`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from kpi_analysis.analysis.review.notes import note_mark
from kpi_analysis.analysis.review.rules import RULES, SEVERITY_ORDER
from kpi_analysis.outputs import charts
from kpi_analysis.outputs.charts import fonts
from kpi_analysis.outputs.labels import REVIEW_VALUE_LABELS, SEVERITY_LABELS

__all__ = [
    "SEVERITY_COLORS",
    "findings_by_rule_chart",
    "phasing_chart",
    "target_comparison_chart",
]

#: Fixed colours per severity.
SEVERITY_COLORS: Mapping[str, str] = {"error": "#C44E52", "warning": "#DD8452", "info": "#4C72B0"}
_MID_LABEL, _ANNUAL_LABEL = "中期折合每年", "年度目标"
#: Caption under a chart with an indicator marked by the target review.
REVIEW_MARK_CAPTION = (
    "红色【审核错误 R…】：目标审核发现该指标有错误（规则编号见审核发现与审核意见）"
)


def _wrap(label: object, width: int) -> str:
    return "\n".join(textwrap.wrap(str(label), width=width)) or str(label)


def _check_frame(frame: object, columns: tuple[str, ...], what: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lacks columns {missing}")


def _figure(height: float) -> Figure:
    width, base = fonts.CHART_STYLE["figure.figsize"]
    return Figure(
        figsize=(width, max(base, height)),
        dpi=fonts.CHART_STYLE["figure.dpi"],
        layout="constrained",
    )


def target_comparison_chart(pacing: pd.DataFrame, *, title: str) -> Figure:
    """Annual target vs the mid-term target per year, one panel per indicator of a project.

    ``pacing`` holds rows of :func:`kpi_analysis.analysis.compare.pace_targets` (usually one
    project);
    rows without a ratio (not both quantities, or units that differ) are left out. Each panel
    has two bars in the indicator's own unit: 中期折合每年 (``expected_annual``) and 年度目标
    (``annual_per_year``), and its title gives the ratio and the verdict. When ``pacing``
    has a ``review_note`` column (:func:`kpi_analysis.analysis.review.notes.with_review_notes`),
    the panels of indicators the target review found an error in are titled in red with
    the rule (``【审核错误 R8】``) and a caption explains the mark.
    """
    _check_frame(
        pacing,
        ("indicator_annual", "expected_annual", "annual_per_year", "ratio", "pacing", "unit"),
        "pacing",
    )
    rows = pacing[pacing["ratio"].notna()]
    if rows.empty:
        raise ValueError("pacing has no indicator with quantities on both sides")
    fig = _figure(0.4 + 1.25 * len(rows))
    axes = fig.subplots(len(rows), 1, squeeze=False)[:, 0]
    colors = (charts.PERIOD_COLORS["mid_term"], charts.PERIOD_COLORS["annual"])
    noted = False
    for ax, (_, row) in zip(axes, rows.iterrows(), strict=True):
        values = [float(row["expected_annual"]), float(row["annual_per_year"])]
        unit = "" if pd.isna(row["unit"]) else str(row["unit"])
        bars = ax.barh([0, 1], values, color=colors, height=0.6)
        ax.bar_label(bars, labels=[f"{v:.4g}{unit}" for v in values], padding=2, fontsize=8)
        ax.set_yticks([0, 1], labels=[_MID_LABEL, _ANNUAL_LABEL])
        ax.invert_yaxis()
        ax.set_xlim(0, max(max(values), 1e-9) * 1.25)
        verdict = REVIEW_VALUE_LABELS["pacing"].get(row["pacing"], row["pacing"])
        mark = note_mark(row.get("review_note"))
        noted = noted or bool(mark)
        ax.set_title(
            f"{mark}{_wrap(row['indicator_annual'], 30)}"
            f"（比值 {float(row['ratio']):.2f}，{verdict}）",
            fontsize=9,
            loc="left",
            **({"color": SEVERITY_COLORS["error"]} if mark else {}),
        )
        ax.grid(axis="x", linestyle=":", linewidth=0.6, alpha=0.7)
        ax.set_axisbelow(True)
    axes[-1].set_xlabel("目标值（各指标按其计量单位，折合每年）")
    if noted:
        fig.supxlabel(
            REVIEW_MARK_CAPTION, fontsize=7, color=SEVERITY_COLORS["error"], x=0.01, ha="left"
        )
    fig.suptitle(title)
    return fig


def phasing_chart(
    phasing: pd.DataFrame, *, title: str, band: tuple[float, float] = (0.5, 1.5)
) -> Figure:
    """Funding phasing ratio per project, with the reference band shaded.

    ``phasing`` is :func:`kpi_analysis.analysis.compare.funding_phasing`; projects without a ratio
    are
    drawn as 0 and labelled 无法比较.
    """
    _check_frame(phasing, ("project", "phasing_ratio"), "phasing")
    if phasing.empty:
        raise ValueError("phasing is empty")
    ratios = phasing["phasing_ratio"].astype("Float64")
    values = ratios.fillna(0).to_numpy(dtype=float)
    fig = _figure(1.2 + 0.45 * len(phasing))
    ax = fig.add_subplot()
    positions = np.arange(len(phasing), dtype=float)
    ax.axvspan(*band, color="#55A868", alpha=0.12, label=f"参考区间 {band[0]:g}～{band[1]:g}")
    ax.axvline(1.0, color="#555555", linewidth=0.8, linestyle="--")
    bars = ax.barh(positions, values, color=charts.PERIOD_COLORS["mid_term"], height=0.6)
    labels = ["无法比较" if pd.isna(r) else f"{float(r):.2f}" for r in ratios]
    ax.bar_label(bars, labels=labels, padding=2, fontsize=8)
    ax.set_yticks(positions, labels=[_wrap(p, 16) for p in phasing["project"]])
    ax.invert_yaxis()
    ax.set_xlim(0, max(float(values.max()), band[1]) * 1.15)
    ax.set_xlabel("中期资金总额 ÷（年度资金总额 × 年数）")
    ax.set_ylabel("项目")
    ax.set_title(title)
    ax.legend(loc="lower right", frameon=False)
    return fig


def findings_by_rule_chart(findings: pd.DataFrame, *, title: str) -> Figure:
    """Number of findings per rule, stacked by severity (error, warning, info)."""
    _check_frame(findings, ("rule", "severity"), "findings")
    if findings.empty:
        raise ValueError("findings is empty: nothing to draw")
    counts = pd.crosstab(findings["rule"].astype(str), findings["severity"].astype(str))
    counts = counts.reindex(columns=list(SEVERITY_ORDER), fill_value=0)
    counts = counts.loc[sorted(counts.index, key=lambda rule: int(rule[1:]))]
    fig = _figure(1.2 + 0.4 * len(counts))
    ax = fig.add_subplot()
    positions = np.arange(len(counts), dtype=float)
    left = np.zeros(len(counts))
    for severity in SEVERITY_ORDER:
        widths = counts[severity].to_numpy(dtype=float)
        ax.barh(
            positions,
            widths,
            left=left,
            height=0.6,
            color=SEVERITY_COLORS[severity],
            label=SEVERITY_LABELS[severity],
        )
        left += widths
    for y, total in zip(positions, left, strict=True):
        ax.text(total, y, f" {int(total)}", va="center", fontsize=8)
    names = [f"{rule} {RULES[rule].name}" if rule in RULES else rule for rule in counts.index]
    ax.set_yticks(positions, labels=names)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, float(left.max()) * 1.12)
    ax.set_xlabel("问题数（条）")
    ax.set_ylabel("审核规则")
    ax.set_title(title)
    ax.legend(title="严重程度", loc="lower right", frameon=False)
    ax.grid(axis="x", linestyle=":", linewidth=0.6, alpha=0.7)
    ax.set_axisbelow(True)
    return fig
