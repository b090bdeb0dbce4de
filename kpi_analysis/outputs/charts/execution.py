"""Charts of budget execution and year-end results, 2021–2023 (Chinese labels).

Like :mod:`kpi_analysis.outputs.charts.targets`, every function takes plain DataFrames with the
columns named
in its docstring, returns a :class:`matplotlib.figure.Figure`, reads no files and leaves its
input unchanged; save with :func:`kpi_analysis.outputs.charts.targets.save_figure`. The columns are
those of
the scoring tables (:mod:`kpi_analysis.analysis.scoring`), the actuals workbook
(:mod:`kpi_analysis.tables.actuals`) or any tracking table that has them.

Charts that colour by status print their colour bands in the legend and in a caption, and
every chart takes ``example=True`` to add 示例数据 to its title when built from the shipped
illustrative workbook.

Status bands are ``(lower, label, colour)`` triples (or objects with ``lower``, ``label`` and
``color`` attributes), ``lower`` a fraction, inclusive, each band running up to the next:

>>> band_texts(DEFAULT_STATUS_BANDS)
['未达成 <60%', '部分达成 60%–80%', '达成 80%–120%', '超额 ≥120%']
>>> status_index(0.6, DEFAULT_STATUS_BANDS), status_index(1.19, DEFAULT_STATUS_BANDS)
(1, 2)
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kpi_analysis.analysis.review.notes import note_mark
from kpi_analysis.analysis.scoring.profiles import CENTRAL_GRADES, Band
from kpi_analysis.analysis.tracking import DEFAULT_STATUS_BANDS as TRACKING_BANDS
from kpi_analysis.outputs import charts
from kpi_analysis.outputs.charts import fonts
from kpi_analysis.text.numbers import is_missing

__all__ = [
    "DEFAULT_STATUS_BANDS",
    "EXAMPLE_MARK",
    "GRADE_COLORS",
    "NO_DATA_COLOR",
    "YEAR_COLORS",
    "band_texts",
    "bands_caption",
    "completion_heatmap",
    "cumulative_progress_chart",
    "execution_rate_chart",
    "funding_chart",
    "score_trend_chart",
    "status_index",
    "with_example_mark",
]

_ = charts  # importing kpi_analysis.outputs.charts.targets registers the CJK font

#: Year-end completion bands (completion = actual ÷ target, or score ÷ weight for 定性):
#: 80 % and 60 % are the 定性 bands of docs/rules.md#profile-central_2020; 120 % is the
#: over-achievement threshold (flagged, not penalised); the colours follow docs/rules.md#bands.
DEFAULT_STATUS_BANDS: tuple[tuple[float, str, str], ...] = (
    (0.0, "未达成", "#C44E52"),
    (0.6, "部分达成", "#E5AE38"),
    (0.8, "达成", "#55A868"),
    (1.2, "超额", "#4C72B0"),
)
#: Background colours of the 优/良/中/差 grade bands.
GRADE_COLORS: dict[str, str] = {"优": "#55A868", "良": "#4C72B0", "中": "#E5AE38", "差": "#C44E52"}
#: Fixed colours per year, in order of the years drawn.
YEAR_COLORS = ("#4C72B0", "#DD8452", "#55A868", "#8172B3", "#937860", "#DA8BC3", "#8C8C8C")
NO_DATA_COLOR = "#DDDDDD"
EXAMPLE_MARK = "示例数据"
MID_TERM_COLOR = "#8C8C8C"
_LABEL_WIDTH = 22
#: Colour and caption of an indicator the target review found an error in (``review_note``).
REVIEW_MARK_COLOR = "#C44E52"
REVIEW_MARK_CAPTION = (
    "红色【审核错误 R…】：目标审核发现该指标有错误（规则编号见审核发现与审核意见）"
)


# ----------------------------------------------------------------------------- helpers


def with_example_mark(title: str, example: bool) -> str:
    """``title`` with ``（示例数据）`` appended when ``example`` (once)."""
    if example and EXAMPLE_MARK not in title:
        return f"{title}（{EXAMPLE_MARK}）"
    return title


def _band_items(bands: object) -> list:
    """The bands of a sequence, or of an object holding them (``tracking.StatusBands``)."""
    items = getattr(bands, "bands", bands)
    return list(items)  # type: ignore[arg-type]


def _bands(bands: object) -> list[tuple[float, str, str]]:
    """Bands as ascending ``(lower, label, colour)`` triples.

    Accepts triples, objects with ``lower``/``label`` and ``color`` or ``colour`` (a
    ``colour_name`` such as 绿 is put before the label), or an object whose ``bands``
    attribute holds them (:class:`kpi_analysis.analysis.tracking.StatusBands`).
    """
    out = []
    for band in _band_items(bands):
        if hasattr(band, "lower"):
            color = getattr(band, "color", None) or band.colour
            name = getattr(band, "colour_name", "")
            label = f"{name} {band.label}" if name else str(band.label)
            out.append((float(band.lower), label, str(color)))
        else:
            lower, label, color = band
            out.append((float(lower), str(label), str(color)))
    if not out:
        raise ValueError("bands is empty")
    return sorted(out, key=lambda b: b[0])


def _raw_labels(bands: object) -> list[str]:
    """The bands' own labels (without colour names), in the ascending order of :func:`_bands`."""
    items = sorted(
        _band_items(bands), key=lambda b: float(b.lower if hasattr(b, "lower") else b[0])
    )
    return [str(b.label if hasattr(b, "label") else b[1]) for b in items]


def _pct(value: float) -> str:
    return f"{value * 100:.4g}%"


def band_texts(bands: object) -> list[str]:
    """Each band as ``label range`` (``达成 80%–120%``), for legends and captions."""
    triples = _bands(bands)
    texts = []
    for i, (lower, label, _) in enumerate(triples):
        upper = triples[i + 1][0] if i + 1 < len(triples) else None
        if i == 0 and upper is not None:
            texts.append(f"{label} <{_pct(upper)}")
        elif upper is None:
            texts.append(f"{label} ≥{_pct(lower)}")
        else:
            texts.append(f"{label} {_pct(lower)}–{_pct(upper)}")
    return texts


def bands_caption(bands: object, what: str = "完成率") -> str:
    """One line naming every band: ``色带（完成率）：未达成 <60%；…``.

    Band sets that describe themselves (``describe()``, as
    :class:`kpi_analysis.analysis.tracking.StatusBands`) are printed with their own description.
    """
    describe = getattr(bands, "describe", None)
    if callable(describe):
        return f"色带（{what}）：{describe()}"
    return f"色带（{what}）：" + "；".join(band_texts(bands))


def status_index(value: float, bands: object) -> int:
    """The index (ascending) of the band ``value`` falls in; below the first band → 0."""
    triples = _bands(bands)
    index = 0
    for i, (lower, _, _) in enumerate(triples):
        if value >= lower:
            index = i
    return index


def _check(frame: object, columns: Sequence[str], what: str) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lacks columns {missing}")
    if frame.empty:
        raise ValueError(f"{what} is empty: nothing to draw")
    return frame


def _wrap(text: object, width: int = _LABEL_WIDTH) -> str:
    return "\n".join(textwrap.wrap(str(text), width=width)) or str(text)


def _short(text: object, width: int = _LABEL_WIDTH) -> str:
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _figure(height: float, width: float | None = None) -> Figure:
    base_width, base_height = fonts.CHART_STYLE["figure.figsize"]
    return Figure(
        figsize=(width or base_width, max(base_height, height)),
        dpi=fonts.CHART_STYLE["figure.dpi"],
        layout="constrained",
    )


def _projects(frame: pd.DataFrame) -> list[str]:
    """Project names in order: by ``project_no`` when present, else first appearance."""
    if "project_no" in frame.columns and frame["project_no"].notna().all():
        ordered = frame.sort_values("project_no", kind="stable")
        return list(dict.fromkeys(ordered["project"].astype(str)))
    return list(dict.fromkeys(frame["project"].astype(str)))


def _years(frame: pd.DataFrame) -> list[int]:
    return sorted({int(y) for y in frame["year"].dropna()})


def _year_colors(years: Sequence[int]) -> dict[int, str]:
    return {year: YEAR_COLORS[i % len(YEAR_COLORS)] for i, year in enumerate(years)}


#: Largest progress ratio drawn (1,000,000 %); larger or non-finite values get a note instead.
MAX_DRAWN_RATIO = 1e4


def _drawable(value: object) -> bool:
    """True when ``value`` is a finite number small enough to draw on a progress axis."""
    number = _number(value)
    return math.isfinite(number) and abs(number) <= MAX_DRAWN_RATIO


def _number(value: object) -> float:
    """A float, NaN for missing values."""
    if value is None or value is pd.NA:
        return math.nan
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def _caption(fig: Figure, text: str) -> None:
    fig.text(0.01, 0.002, text, ha="left", va="bottom", fontsize=8, color="#333333")


def _panels(fig: Figure, heights: Sequence[float]) -> list[Axes]:
    grid = fig.add_gridspec(len(heights), 1, height_ratios=list(heights))
    axes = [fig.add_subplot(grid[i, 0]) for i in range(len(heights))]
    for ax in axes[1:]:
        ax.sharex(axes[0])
    return axes


# ----------------------------------------------------------------------------- funding


def funding_chart(
    funding: pd.DataFrame, *, title: str = "各项目资金：中期与年度（万元）", example: bool = False
) -> Figure:
    """Mid-term total against the annual budgets and the amounts executed, one panel per project.

    ``funding`` has one row per project × year with ``project``, ``year``, ``mid_term_total``
    (the mid-term total covering that year), ``budget_full`` (全年预算数) and ``executed``
    (全年执行数), all in 万元; ``project_no`` orders the panels when present. Each panel has
    three bars: 中期资金总额, 年度预算数 stacked by year and 执行数 stacked by year, each
    labelled with its sum.
    """
    columns = ("project", "year", "mid_term_total", "budget_full", "executed")
    frame = _check(funding, columns, "funding")
    projects = _projects(frame)
    years = _years(frame)
    colors = _year_colors(years)
    fig = _figure(1.0 + 1.15 * len(projects))
    axes = _panels(fig, [1.0] * len(projects))
    positions = np.arange(3, dtype=float)
    largest = 0.0
    for ax, project in zip(axes, projects, strict=True):
        rows = frame[frame["project"].astype(str) == project]
        mid = [_number(v) for v in rows["mid_term_total"]]
        mid_total = max((v for v in mid if not math.isnan(v)), default=math.nan)
        totals = [mid_total, 0.0, 0.0]
        if not math.isnan(mid_total):
            ax.barh(positions[0], mid_total, height=0.6, color=MID_TERM_COLOR)
        for slot, column in ((1, "budget_full"), (2, "executed")):
            left = 0.0
            for year in years:
                value = rows.loc[rows["year"] == year, column].map(_number).sum(min_count=1)
                if pd.isna(value):
                    continue
                ax.barh(
                    positions[slot],
                    float(value),
                    left=left,
                    height=0.6,
                    color=colors[year],
                    hatch="//" if slot == 2 else None,
                    edgecolor="white",
                    linewidth=0.5,
                )
                left += float(value)
            totals[slot] = left
        for y, total in zip(positions, totals, strict=True):
            if not math.isnan(total):
                ax.text(total, y, f" {total:.4g}", va="center", fontsize=8)
                largest = max(largest, total)
        ax.set_yticks(positions, labels=["中期资金总额", "年度预算数合计", "执行数合计"])
        ax.invert_yaxis()
        ax.set_title(_wrap(project, 40), fontsize=9, loc="left")
        ax.grid(axis="x", linestyle=":", linewidth=0.6, alpha=0.7)
        ax.set_axisbelow(True)
    axes[0].set_xlim(0, max(largest, 1.0) * 1.15)
    for ax in axes[:-1]:
        ax.tick_params(axis="x", labelbottom=False)
    axes[-1].set_xlabel("金额（万元）")
    handles = [Patch(color=MID_TERM_COLOR, label="中期资金总额")]
    handles += [Patch(color=colors[y], label=f"{y}年") for y in years]
    handles += [Patch(facecolor="white", edgecolor="#555555", hatch="//", label="执行数（斜线）")]
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 6))
    fig.suptitle(with_example_mark(title, example))
    return fig


def execution_rate_chart(
    execution: pd.DataFrame,
    *,
    title: str = "各项目预算执行率",
    threshold: float = 0.9,
    example: bool = False,
) -> Figure:
    """Execution rate per project and year as grouped bars, with the ``threshold`` line.

    ``execution`` has one row per project × year with ``project``, ``year`` and
    ``execution_rate`` (a fraction, 全年执行数 ÷ 全年预算数); ``project_no`` orders the
    projects when present. Bars below the threshold are hatched and edged in red (a rate
    below 90 % needs a written reason, docs/rules.md#profiles).
    """
    frame = _check(execution, ("project", "year", "execution_rate"), "execution")
    projects = _projects(frame)
    years = _years(frame)
    colors = _year_colors(years)
    fig = _figure(1.8 + 0.3 * len(projects) * len(years))
    ax = fig.add_subplot()
    positions = np.arange(len(projects), dtype=float)
    bar_height = 0.8 / len(years)
    largest = threshold
    below_any = False
    for j, year in enumerate(years):
        rows = frame[frame["year"] == year]
        rates = []
        for project in projects:
            match = rows.loc[rows["project"].astype(str) == project, "execution_rate"]
            rates.append(_number(match.iloc[0]) if len(match) else math.nan)
        values = np.array(rates, dtype=float)
        offset = (j - (len(years) - 1) / 2) * bar_height
        below = [not math.isnan(v) and v < threshold for v in values]
        below_any = below_any or any(below)
        bars = ax.barh(
            positions + offset,
            np.nan_to_num(values),
            height=bar_height,
            color=colors[year],
            edgecolor=["#C00000" if b else colors[year] for b in below],
            hatch=None,
            linewidth=[1.5 if b else 0.5 for b in below],
        )
        for bar, is_below in zip(bars, below, strict=True):
            if is_below:
                bar.set_hatch("xx")
        labels = ["无数据" if math.isnan(v) else f"{v * 100:.1f}%" for v in values]
        ax.bar_label(bars, labels=labels, padding=2, fontsize=7)
        if not np.all(np.isnan(values)):
            largest = max(largest, float(np.nanmax(values)))
    ax.axvline(threshold, color="#C00000", linestyle="--", linewidth=1.0)
    ax.set_yticks(positions, labels=[_wrap(p, 16) for p in projects])
    ax.invert_yaxis()
    ax.set_xlim(0, max(largest, 1.0) * 1.15)
    ax.xaxis.set_major_formatter(lambda x, _: f"{x * 100:.0f}%")
    ax.set_xlabel("预算执行率（全年执行数 ÷ 全年预算数）")
    ax.grid(axis="x", linestyle=":", linewidth=0.6, alpha=0.7)
    ax.set_axisbelow(True)
    handles: list = [Patch(color=colors[year], label=f"{year}年") for year in years]
    handles.append(
        Line2D([], [], color="#C00000", linestyle="--", label=f"{_pct(threshold)} 执行率要求线")
    )
    if below_any:
        handles.append(
            Patch(
                facecolor="white",
                edgecolor="#C00000",
                hatch="xx",
                label=f"低于{_pct(threshold)}（须说明原因）",
            )
        )
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 5))
    ax.set_title(with_example_mark(title, example))
    return fig


# ----------------------------------------------------------------------------- completion


def _band_colors(bands: object) -> list[str]:
    return [color for _, _, color in _bands(bands)]


def _band_handles(bands: object, *, no_data: bool) -> list[Patch]:
    handles = [
        Patch(color=color, label=text)
        for color, text in zip(_band_colors(bands), band_texts(bands), strict=True)
    ]
    if no_data:
        handles.append(Patch(color=NO_DATA_COLOR, label="无数据"))
    return handles


def _indicator_panels(
    frame: pd.DataFrame,
    projects: Sequence[str],
    *,
    base: float,
    per_row: float,
    per_project: float,
) -> tuple[Figure, list[Axes], dict[str, list[str]]]:
    """A figure with one panel per project, each one row high per indicator of it.

    Returns the figure, its panels and project → its indicators (in order of first
    appearance); the height is ``base + per_row × indicators + per_project × projects``.
    """
    rows_per_project = {
        p: list(
            dict.fromkeys(frame.loc[frame["project"].astype(str) == p, "indicator"].astype(str))
        )
        for p in projects
    }
    n_rows = sum(len(v) for v in rows_per_project.values())
    fig = _figure(base + per_row * n_rows + per_project * len(projects), width=9.0)
    axes = _panels(fig, [max(len(rows_per_project[p]), 1) for p in projects])
    return fig, axes, rows_per_project


def completion_heatmap(
    completion: pd.DataFrame,
    *,
    title: str = "绩效指标完成情况（项目 × 指标 × 年度）",
    bands: object = DEFAULT_STATUS_BANDS,
    example: bool = False,
) -> Figure:
    """A grid of completion per indicator (rows, one panel per project) and year (columns).

    ``completion`` has one row per project × indicator × year with ``project``,
    ``indicator``, ``year`` and ``completion`` (a fraction: 1.0 = target met; NaN = no
    data); ``project_no`` orders the panels when present, and a ``status`` column (index
    into the ascending ``bands``) overrides the colour computed from ``completion``. Cells
    are coloured by band and show the percentage; the bands are listed in the legend and
    the caption.
    """
    frame = _check(completion, ("project", "indicator", "year", "completion"), "completion")
    projects = _projects(frame)
    years = _years(frame)
    colors = [to_rgba(c) for c in _band_colors(bands)]
    fig, axes, rows_per_project = _indicator_panels(
        frame, projects, base=1.4, per_row=0.24, per_project=0.35
    )
    missing = noted = False
    for ax, project in zip(axes, projects, strict=True):
        indicators = rows_per_project[project]
        part = frame[frame["project"].astype(str) == project]
        image = np.ones((len(indicators), len(years), 4))
        for i, indicator in enumerate(indicators):
            for j, year in enumerate(years):
                cell = part[(part["indicator"].astype(str) == indicator) & (part["year"] == year)]
                value = _number(cell["completion"].iloc[0]) if len(cell) else math.nan
                status = None
                if "status" in cell.columns and len(cell) and pd.notna(cell["status"].iloc[0]):
                    status = int(cell["status"].iloc[0])
                if math.isnan(value) and status is None:
                    image[i, j] = to_rgba(NO_DATA_COLOR)
                    missing = True
                    text = "—"
                else:
                    index = status if status is not None else status_index(value, bands)
                    image[i, j] = colors[index]
                    text = "" if math.isnan(value) else f"{value * 100:.0f}%"
                ax.text(j, i, text, ha="center", va="center", fontsize=7, color="black")
        ax.imshow(image, aspect="auto", interpolation="nearest")
        marks = _review_marks(part, indicators)
        ax.set_yticks(
            range(len(indicators)),
            labels=[marks.get(s, "") + _short(s) for s in indicators],
            fontsize=7,
        )
        for label, indicator in zip(ax.get_yticklabels(), indicators, strict=True):
            if indicator in marks:
                label.set_color(REVIEW_MARK_COLOR)
                noted = True
        ax.set_xticks(range(len(years)), labels=[f"{y}年" for y in years])
        ax.tick_params(axis="x", labeltop=False, labelbottom=ax is axes[-1], length=0)
        ax.tick_params(axis="y", length=0)
        ax.set_xticks(np.arange(-0.5, len(years), 1), minor=True)
        ax.set_yticks(np.arange(-0.5, len(indicators), 1), minor=True)
        ax.grid(which="minor", color="white", linewidth=1.0)
        ax.tick_params(which="minor", length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_title(_wrap(project, 40), fontsize=9, loc="left")
    fig.legend(
        handles=_band_handles(bands, no_data=missing),
        loc="outside lower center",
        ncols=5,
        title="完成率 = 实际完成值 ÷ 年度指标值（反向指标取倒数）；定性指标 = 得分 ÷ 分值"
        + (f"\n{REVIEW_MARK_CAPTION}" if noted else ""),
        title_fontsize=8,
        fontsize=8,
    )
    fig.suptitle(with_example_mark(title, example))
    return fig


def _review_marks(part: pd.DataFrame, indicators: Sequence[str]) -> dict[str, str]:
    """Indicator → mark (``【审核错误 R8】``) for the indicators of one project whose
    ``review_note`` (any year) holds a target-review finding."""
    if "review_note" not in part.columns:
        return {}
    marks = {}
    for indicator in indicators:
        notes = part.loc[part["indicator"].astype(str) == indicator, "review_note"]
        mark = next((m for m in map(note_mark, notes) if m), "")
        if mark:
            marks[indicator] = mark
    return marks


def _progress_colour(row: pd.Series, value: float, bands: object, colors: list[str]) -> str:
    """The colour of one progress bar: ``colour``, else ``status``, else computed."""
    colour = row.get("colour")
    if isinstance(colour, str) and colour:
        return colour
    status = row.get("status")
    if isinstance(status, str):
        labels = _raw_labels(bands)
        return colors[labels.index(status)] if status in labels else NO_DATA_COLOR
    if not is_missing(status):
        return colors[int(status)]
    expected = _number(row.get("expected_share"))
    pace = value / expected if expected and not math.isnan(expected) else value
    return colors[status_index(pace, bands)]


def cumulative_progress_chart(
    progress: pd.DataFrame,
    *,
    title: str = "中期目标累计完成进度",
    bands: object = TRACKING_BANDS,
    example: bool = False,
) -> Figure:
    """Cumulative progress toward each mid-term target, one panel per project.

    ``progress`` has one row per project × indicator × year with ``project``,
    ``indicator``, ``year`` and ``progress`` (the cumulative amount so far ÷ the mid-term
    target; 1.0 = target reached), as from
    :func:`kpi_analysis.analysis.tracking.cumulative_progress`;
    optional: ``expected_share`` (the share due by that year, e.g. 1/3 after the first of
    three years), ``colour`` or ``status`` (a band label or index) for the bar colour, and
    ``project_no``. Without them the colour is the band of progress ÷ expected share (the
    pace) under ``bands`` (default: :data:`kpi_analysis.analysis.tracking.DEFAULT_STATUS_BANDS`).

    Each indicator gets one bar, the progress of its latest year; earlier years are dots on
    the bar, the expected share a black tick, and the dashed line the mid-term target.
    """
    frame = _check(progress, ("project", "indicator", "year", "progress"), "progress")
    projects = _projects(frame)
    colors = _band_colors(bands)
    fig, axes, rows_per_project = _indicator_panels(
        frame, projects, base=1.8, per_row=0.32, per_project=0.4
    )
    largest = 1.0
    has_expected = False
    for ax, project in zip(axes, projects, strict=True):
        indicators = rows_per_project[project]
        part = frame[frame["project"].astype(str) == project]
        for i, indicator in enumerate(indicators):
            rows = part[part["indicator"].astype(str) == indicator].sort_values("year")
            rows = rows[rows["progress"].map(_number).notna()]
            drawable = rows["progress"].map(_drawable).astype(bool)
            too_large = not drawable.all()  # 1e308, inf: not drawn (the axis would overflow)
            rows = rows[drawable]
            if rows.empty:
                note = " 数值过大，未绘制" if too_large else " 无数据"
                ax.text(0, i, note, va="center", fontsize=7, color="#555555")
                continue
            last = rows.iloc[-1]
            value = _number(last["progress"])
            ax.barh(i, value, height=0.6, color=_progress_colour(last, value, bands, colors))
            ax.text(
                value, i, f" {value * 100:.0f}%（{int(last['year'])}年）", va="center", fontsize=7
            )
            earlier = rows.iloc[:-1]
            ax.plot(
                earlier["progress"].map(_number),
                [i] * len(earlier),
                linestyle="none",
                marker="o",
                markersize=4,
                color="#333333",
            )
            expected = _number(last.get("expected_share"))
            if not math.isnan(expected):
                has_expected = True
                ax.plot([expected], [i], marker="|", markersize=14, color="black")
            largest = max(largest, value)
        ax.set_yticks(range(len(indicators)), labels=[_short(s) for s in indicators], fontsize=7)
        ax.set_ylim(len(indicators) - 0.5, -0.5)
        ax.axvline(1.0, color="#555555", linestyle="--", linewidth=0.9)
        ax.set_title(_wrap(project, 40), fontsize=9, loc="left")
        ax.grid(axis="x", linestyle=":", linewidth=0.6, alpha=0.7)
        ax.set_axisbelow(True)
    axes[0].set_xlim(0, largest * 1.3)
    axes[0].xaxis.set_major_formatter(lambda x, _: f"{x * 100:.0f}%")
    for ax in axes[:-1]:
        ax.tick_params(axis="x", labelbottom=False)
    axes[-1].set_xlabel("累计完成 ÷ 中期目标值")
    handles: list = _band_handles(bands, no_data=False)
    handles.append(
        Line2D([], [], marker="o", linestyle="none", color="#333333", label="此前年度累计")
    )
    if has_expected:
        handles.append(
            Line2D(
                [], [], marker="|", markersize=10, linestyle="none", color="black",
                label="按进度应完成",
            )
        )  # fmt: skip
    handles.append(Line2D([], [], color="#555555", linestyle="--", label="中期目标（100%）"))
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=4,
        title=_wrap(bands_caption(bands, "颜色按累计进度"), 70),
        title_fontsize=8,
        fontsize=8,
    )
    fig.suptitle(with_example_mark(title, example))
    return fig


# ----------------------------------------------------------------------------- scores


def _grade_spans(grade_bands: Sequence[Band]) -> list[tuple[str, float, float]]:
    """(label, lower, upper) of each grade band, ascending, the top one ending at 100."""
    ordered = sorted(grade_bands, key=lambda b: b.lower)
    spans = []
    for i, band in enumerate(ordered):
        upper = ordered[i + 1].lower if i + 1 < len(ordered) else 100.0
        spans.append((band.label, float(band.lower), float(upper)))
    return spans


def _grade_text(label: str, lower: float, upper: float) -> str:
    if lower <= 0:
        return f"{label} <{upper:g}"
    if upper >= 100:
        return f"{label} ≥{lower:g}"
    return f"{label} {lower:g}–{upper:g}"


def score_trend_chart(
    summary: pd.DataFrame,
    *,
    title: str = "自评总分与等级",
    grade_bands: Sequence[Band] = CENTRAL_GRADES,
    example: bool = False,
) -> Figure:
    """Total score per year, one panel per project, on the shaded 优/良/中/差 bands.

    ``summary`` has one row per project × year with ``project``, ``year``, ``total`` and
    ``grade`` (as from :func:`kpi_analysis.analysis.scoring.summarise`); ``project_no`` orders the
    panels when present. Every point is labelled with its total and grade; the grade bands
    (``Band(label, lower)``, default 优 ≥90, 良 80–90, 中 60–80, 差 <60) are shaded and
    listed in the legend.
    """
    frame = _check(summary, ("project", "year", "total", "grade"), "summary")
    projects = _projects(frame)
    years = _years(frame)
    spans = _grade_spans(grade_bands)
    totals = frame["total"].map(_number).dropna()
    low = float(totals.min()) if len(totals) else 0.0
    # room for the labels drawn under the points; the 良/优 boundary stays in view
    bottom = max(0.0, min(80.0, math.floor((low - 15) / 10) * 10))
    fig = _figure(1.2 + 1.0 * len(projects))
    axes = _panels(fig, [1.0] * len(projects))
    for ax, project in zip(axes, projects, strict=True):
        for label, lower, upper in spans:
            ax.axhspan(lower, upper, color=GRADE_COLORS.get(label, "#DDDDDD"), alpha=0.15)
        rows = frame[frame["project"].astype(str) == project].sort_values("year")
        rows = rows[rows["total"].map(_number).notna()]
        ax.plot(rows["year"].astype(int), rows["total"].map(_number), marker="o", color="#333333")
        for year, total, grade in zip(rows["year"], rows["total"], rows["grade"], strict=True):
            grade_text = "" if pd.isna(grade) else f" {grade}"
            ax.annotate(
                f"{_number(total):.2f}{grade_text}",
                (int(year), _number(total)),
                textcoords="offset points",
                xytext=(0, -12),
                ha="center",
                fontsize=7,
            )
        ax.set_ylim(bottom, 101)
        ax.set_title(_wrap(project, 40), fontsize=9, loc="left")
        ax.set_ylabel("总分", fontsize=8)
    axes[0].set_xticks(years, labels=[f"{y}年" for y in years])
    axes[0].set_xlim(years[0] - 0.5, years[-1] + 0.5)
    for ax in axes[:-1]:
        ax.tick_params(axis="x", labelbottom=False)
    handles = [
        Patch(color=GRADE_COLORS.get(label, "#DDDDDD"), alpha=0.3, label=_grade_text(label, lo, hi))
        for label, lo, hi in reversed(spans)
    ]
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=len(handles),
        title="等级（总分 = 预算执行率得分 + 指标得分，满分100）",
        title_fontsize=8,
        fontsize=8,
    )
    fig.suptitle(with_example_mark(title, example))
    return fig
