"""Charts with Chinese labels, drawn from tidy tables.

Functions here take DataFrames and return :class:`matplotlib.figure.Figure` objects; they read
no files and never touch pyplot's global figure list. :func:`save_figure` is the one writer.
Importing this module registers the CJK font (see :mod:`kpi_analysis.outputs.charts.fonts`).
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from kpi_analysis.outputs.charts import fonts
from kpi_analysis.outputs.files import write_atomically

__all__ = [
    "PERIOD_COLORS",
    "PERIOD_LABELS",
    "indicator_counts_chart",
    "save_figure",
]

fonts.register_cjk_font()

#: Display labels of the ``period`` values used in the tidy tables.
PERIOD_LABELS: Mapping[str, str] = {"mid_term": "中期", "annual": "年度"}
#: Fixed colours per period, so a chart looks the same whatever columns it gets.
PERIOD_COLORS: Mapping[str, str] = {"mid_term": "#4C72B0", "annual": "#DD8452"}
_FALLBACK_COLORS = ("#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3", "#8C8C8C")

_LABEL_WIDTH = 16  # characters per line of a project name on the axis


def _wrap(label: object, width: int = _LABEL_WIDTH) -> str:
    text = str(label)
    return "\n".join(textwrap.wrap(text, width=width)) if len(text) > width else text


def indicator_counts_chart(counts: pd.DataFrame, *, title: str) -> Figure:
    """Draw indicator counts as grouped horizontal bars: one group per project, one bar per period.

    ``counts`` has one row per project (the index holds project names) and one column per
    period (``mid_term``, ``annual``, …); cells are counts, missing cells count as 0. The
    input is not modified.

    >>> counts = pd.DataFrame({"mid_term": [5, 3], "annual": [6, 4]}, index=["项目甲", "项目乙"])
    >>> fig = indicator_counts_chart(counts, title="绩效指标数量")
    >>> len(fig.axes[0].patches)
    4
    """
    if not isinstance(counts, pd.DataFrame):
        raise TypeError(f"counts must be a pandas DataFrame, got {type(counts).__name__}")
    if counts.shape[0] == 0 or counts.shape[1] == 0:
        raise ValueError("counts is empty: need at least one project row and one period column")
    try:
        values = counts.apply(pd.to_numeric, errors="raise").fillna(0).to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError("counts must hold numbers (indicator counts)") from exc
    if (values < 0).any():
        raise ValueError("counts must not be negative")

    n_projects, n_periods = values.shape
    width, height = fonts.CHART_STYLE["figure.figsize"]
    height = max(height, 1.2 + 0.45 * n_projects * n_periods)  # keep bars readable
    fig = Figure(figsize=(width, height), dpi=fonts.CHART_STYLE["figure.dpi"], layout="constrained")
    ax = fig.add_subplot()

    positions = np.arange(n_projects, dtype=float)
    group_height = 0.8
    bar_height = group_height / n_periods
    fallback = iter(_FALLBACK_COLORS * (n_periods // len(_FALLBACK_COLORS) + 1))
    for j, period in enumerate(counts.columns):
        offset = (j - (n_periods - 1) / 2) * bar_height
        key = str(period)
        bars = ax.barh(
            positions + offset,
            values[:, j],
            height=bar_height,
            label=PERIOD_LABELS.get(key, key),
            color=PERIOD_COLORS.get(key) or next(fallback),
        )
        ax.bar_label(bars, labels=[f"{v:g}" for v in values[:, j]], padding=2, fontsize=8)

    ax.set_yticks(positions, labels=[_wrap(name) for name in counts.index])
    ax.invert_yaxis()  # first project on top, as in the source table
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max(float(values.max()), 1.0) * 1.12)
    ax.set_xlabel("指标数（个）")
    ax.set_ylabel("项目")
    ax.set_title(title)
    ax.legend(title="期间", loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.grid(axis="x", linestyle=":", linewidth=0.6, alpha=0.7)
    ax.set_axisbelow(True)
    return fig


def save_figure(fig: Figure, path: str | os.PathLike[str]) -> Path:
    """Write ``fig`` as a PNG at ``path``, atomically; create missing parent folders.

    The resolution is fixed (``CHART_STYLE["savefig.dpi"]``) so images are reproducible.

    The image goes to a temporary file beside ``path`` first and is then renamed over it, so
    a reader never sees a half-written file. Returns the path written.
    """
    target = Path(path)
    if target.suffix.lower() != ".png":
        raise ValueError(f"save_figure writes PNG files; give a .png path, not {target.name!r}")
    # No "Software" stamp: the bytes then do not change with the matplotlib version.
    dpi = fonts.CHART_STYLE["savefig.dpi"]
    return write_atomically(
        target, lambda temp: fig.savefig(temp, format="png", dpi=dpi, metadata={"Software": None})
    )
