"""Execution charts: drawn values match the tables, bands are printed, images match baselines.

Baseline images live in ``tests/baseline/charts_execution/``. They were rendered by these
functions from the fixed frames below and checked by eye; after a deliberate change of a
chart, regenerate them with ``KPI_UPDATE_BASELINES=1 pytest tests/outputs/test_charts_execution.py``
and look at them again before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.colors import to_rgba
from matplotlib.container import BarContainer
from matplotlib.testing.compare import compare_images

from kpi_analysis.analysis import tracking
from kpi_analysis.outputs.charts.execution import (
    DEFAULT_STATUS_BANDS,
    NO_DATA_COLOR,
    band_texts,
    bands_caption,
    completion_heatmap,
    cumulative_progress_chart,
    execution_rate_chart,
    funding_chart,
    score_trend_chart,
    status_index,
    with_example_mark,
)
from kpi_analysis.outputs.charts.targets import save_figure

BASELINE = Path(__file__).resolve().parents[1] / "baseline" / "charts_execution"
TOLERANCE = 2.0
UPDATE = os.environ.get("KPI_UPDATE_BASELINES") == "1"

P1, P2 = "机构编制管理及编制周转池改革工作", "中文域名注册管理工作"


@pytest.fixture
def funding() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_no": [1, 1, 2, 2],
            "project": [P1, P1, P2, P2],
            "year": [2021, 2022, 2021, 2022],
            "mid_term_total": [90.0, 90.0, 27.0, 27.0],
            "budget_full": [30.0, 28.0, 9.0, 9.0],
            "executed": [29.1, 26.6, 9.0, 8.91],
        }
    )


@pytest.fixture
def execution() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_no": [1, 1, 2, 2],
            "project": [P1, P1, P2, P2],
            "year": [2021, 2022, 2021, 2022],
            "execution_rate": [0.97, 0.86, 1.0, 0.99],
        }
    )


@pytest.fixture
def completion() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_no": [1, 1, 1, 1, 2, 2],
            "project": [P1, P1, P1, P1, P2, P2],
            "indicator": [
                "审核机构编制事项",
                "审核机构编制事项",
                "满意度",
                "满意度",
                "注册量",
                "注册量",
            ],
            "year": [2021, 2022, 2021, 2022, 2021, 2022],
            "completion": [1.0, 0.5, 0.7, float("nan"), 1.3, 0.96],
        }
    )


@pytest.fixture
def summary() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_no": [1, 1, 2, 2],
            "project": [P1, P1, P2, P2],
            "year": [2021, 2022, 2021, 2022],
            "total": [95.5, 85.0, 72.3, 55.0],
            "grade": ["优", "良", "中", "差"],
        }
    )


@pytest.fixture
def progress() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_no": [1, 1, 1, 2, 2],
            "project": [P1, P1, P1, P2, P2],
            "indicator": ["开展业务培训", "开展业务培训", "开展业务培训", "注册量", "注册量"],
            "year": [2021, 2022, 2023, 2021, 2022],
            "progress": [0.3, 0.7, 1.1, 0.3, 0.5],
            "expected_share": [1 / 3, 2 / 3, 1.0, 1 / 3, 2 / 3],
        }
    )


def _bars(ax) -> list[float]:
    return [bar.get_width() for c in ax.containers if isinstance(c, BarContainer) for bar in c]


def _legend_texts(fig) -> list[str]:
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    return [t.get_text() for legend in legends for t in legend.get_texts()]


def _legend_titles(fig) -> list[str]:
    return [legend.get_title().get_text() for legend in fig.legends]


def _squash(text: str) -> str:
    """Text without whitespace (legend titles are wrapped onto several lines)."""
    return "".join(text.split())


def _matches_baseline(fig, name: str, tmp_path: Path) -> str | None:
    actual = save_figure(fig, tmp_path / f"{name}.png")
    expected = BASELINE / f"{name}.png"
    if UPDATE:
        save_figure(fig, expected)
    assert expected.is_file(), f"missing baseline {expected}; see the module docstring"
    return compare_images(str(expected), str(actual), tol=TOLERANCE)


# ----------------------------------------------------------------------------- bands


def test_default_bands_follow_the_scoring_thresholds() -> None:
    # 60 % / 80 %: the qualitative bands (docs/rules.md#profile-central_2020);
    # 120 %: over-achievement
    assert [lower for lower, _, _ in DEFAULT_STATUS_BANDS] == [0.0, 0.6, 0.8, 1.2]
    assert band_texts(DEFAULT_STATUS_BANDS) == [
        "未达成 <60%",
        "部分达成 60%–80%",
        "达成 80%–120%",
        "超额 ≥120%",
    ]
    assert bands_caption(DEFAULT_STATUS_BANDS).startswith("色带（完成率）：未达成 <60%；")


@pytest.mark.parametrize(
    ("value", "index"), [(-0.1, 0), (0.0, 0), (0.599, 0), (0.6, 1), (0.8, 2), (1.199, 2), (1.2, 3)]
)
def test_status_index_lower_bounds_are_inclusive(value: float, index: int) -> None:
    assert status_index(value, DEFAULT_STATUS_BANDS) == index


def test_bands_may_be_objects_and_unsorted() -> None:
    class Band:
        def __init__(self, lower, label, color):
            self.lower, self.label, self.color = lower, label, color

    bands = [Band(0.9, "绿", "#00AA00"), Band(0.0, "红", "#AA0000")]
    assert band_texts(bands) == ["红 <90%", "绿 ≥90%"]
    assert status_index(0.95, bands) == 1


def test_example_mark_is_added_once() -> None:
    assert with_example_mark("预算执行率", True) == "预算执行率（示例数据）"
    assert with_example_mark("预算执行率（示例数据）", True) == "预算执行率（示例数据）"
    assert with_example_mark("预算执行率", False) == "预算执行率"


# ----------------------------------------------------------------------------- funding


def test_funding_chart_bars_are_the_amounts(funding) -> None:
    before = funding.copy()
    fig = funding_chart(funding, title="资金", example=True)
    pd.testing.assert_frame_equal(funding, before)
    first = fig.axes[0]
    # mid-term 90, budgets 30 + 28 stacked, executed 29.1 + 26.6 stacked
    assert _bars(first) == pytest.approx([90.0, 30.0, 28.0, 29.1, 26.6])
    assert [t.get_text() for t in first.texts] == [" 90", " 58", " 55.7"]
    assert [t.get_text() for t in first.get_yticklabels()] == [
        "中期资金总额",
        "年度预算数合计",
        "执行数合计",
    ]
    assert first.get_title(loc="left") == P1
    assert fig.get_suptitle() == "资金（示例数据）"
    assert {"中期资金总额", "2021年", "2022年", "执行数（斜线）"} <= set(_legend_texts(fig))


def test_funding_chart_matches_its_baseline(funding, tmp_path) -> None:
    fig = funding_chart(funding, title="各项目资金：中期与年度（万元）")
    assert _matches_baseline(fig, "funding", tmp_path) is None


def test_a_different_chart_fails_the_comparison(funding, tmp_path) -> None:
    changed = funding.assign(executed=funding["executed"] * 0.5)
    fig = funding_chart(changed, title="各项目资金：中期与年度（万元）")
    actual = save_figure(fig, tmp_path / "changed.png")
    result = compare_images(str(BASELINE / "funding.png"), str(actual), tol=TOLERANCE)
    assert result is not None and "RMS" in result


# ----------------------------------------------------------------------------- execution rate


def test_execution_rate_bars_line_and_below_threshold_marks(execution) -> None:
    before = execution.copy()
    fig = execution_rate_chart(execution, title="执行率")
    pd.testing.assert_frame_equal(execution, before)
    ax = fig.axes[0]
    years = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert [bar.get_width() for bar in years[0]] == pytest.approx([0.97, 1.0])  # 2021
    assert [bar.get_width() for bar in years[1]] == pytest.approx([0.86, 0.99])  # 2022
    assert [bar.get_hatch() for bar in years[1]] == ["xx", None]  # 86 % < 90 %
    lines = [line for line in ax.get_lines() if list(line.get_xdata()) == [0.9, 0.9]]
    assert len(lines) == 1
    legend = _legend_texts(fig)
    assert "90% 执行率要求线" in legend and "低于90%（须说明原因）" in legend
    assert [t.get_text() for t in ax.texts] == ["97.0%", "100.0%", "86.0%", "99.0%"]
    assert ax.get_title() == "执行率"


def test_execution_rate_legend_has_no_below_entry_when_none_is_below(execution) -> None:
    fig = execution_rate_chart(execution.assign(execution_rate=0.95))
    assert not any(text.startswith("低于") for text in _legend_texts(fig))


def test_execution_rate_chart_matches_its_baseline(execution, tmp_path) -> None:
    fig = execution_rate_chart(execution, example=True)
    assert _matches_baseline(fig, "execution-rate", tmp_path) is None


# ----------------------------------------------------------------------------- heatmap


def test_heatmap_cells_show_completion_and_band_colours(completion) -> None:
    before = completion.copy()
    fig = completion_heatmap(completion, example=True)
    pd.testing.assert_frame_equal(completion, before)
    first, second = fig.axes
    assert [t.get_text() for t in first.texts] == ["100%", "50%", "70%", "—"]
    assert [t.get_text() for t in second.texts] == ["130%", "96%"]
    image = first.get_images()[0].get_array()
    red, yellow, green = (DEFAULT_STATUS_BANDS[i][2] for i in range(3))
    assert tuple(image[0, 0]) == pytest.approx(to_rgba(green))  # 100 %
    assert tuple(image[0, 1]) == pytest.approx(to_rgba(red))  # 50 %
    assert tuple(image[1, 0]) == pytest.approx(to_rgba(yellow))  # 70 %
    assert set(band_texts(DEFAULT_STATUS_BANDS)) | {"无数据"} == set(_legend_texts(fig))
    assert "示例数据" in fig.get_suptitle()


def test_heatmap_status_column_overrides_the_colour(completion) -> None:
    fig = completion_heatmap(completion.assign(status=3))
    image = fig.axes[0].get_images()[0].get_array()
    assert tuple(image[0, 1]) == pytest.approx(to_rgba(DEFAULT_STATUS_BANDS[3][2]))


def test_heatmap_matches_its_baseline(completion, tmp_path) -> None:
    fig = completion_heatmap(completion, title="绩效指标完成情况")
    assert _matches_baseline(fig, "completion", tmp_path) is None


# ----------------------------------------------------------------------------- progress


def test_progress_bar_is_the_latest_year_with_earlier_years_as_dots(progress) -> None:
    before = progress.copy()
    fig = cumulative_progress_chart(progress, bands=DEFAULT_STATUS_BANDS)
    pd.testing.assert_frame_equal(progress, before)
    first, second = fig.axes
    assert _bars(first) == pytest.approx([1.1])
    assert _bars(second) == pytest.approx([0.5])
    dots = [line for line in first.get_lines() if line.get_marker() == "o"]
    assert list(dots[0].get_xdata()) == pytest.approx([0.3, 0.7])
    ticks = [line for line in second.get_lines() if line.get_marker() == "|"]
    assert list(ticks[0].get_xdata()) == pytest.approx([2 / 3])  # due after 2 of 3 years
    assert [t.get_text() for t in first.texts] == [" 110%（2023年）"]
    # colour = band of the pace (progress ÷ expected share): 1.1 ÷ 1 → 达成;
    # 0.5 ÷ 2/3 = 0.75 → 部分达成 (progress alone, 50 %, would be 未达成)
    assert first.patches[0].get_facecolor() == pytest.approx(to_rgba(DEFAULT_STATUS_BANDS[2][2]))
    assert second.patches[0].get_facecolor() == pytest.approx(to_rgba(DEFAULT_STATUS_BANDS[1][2]))
    assert _squash(bands_caption(DEFAULT_STATUS_BANDS, "颜色按累计进度")) == _squash(
        _legend_titles(fig)[0]
    )
    assert "按进度应完成" in _legend_texts(fig)


def test_progress_chart_takes_the_tracking_status_and_bands(progress) -> None:
    bands = tracking.DEFAULT_STATUS_BANDS
    frame = progress.assign(status=["正常", "正常", "超前", "滞后", "无法计量"])
    fig = cumulative_progress_chart(frame, bands=bands)
    first, second = fig.axes
    blue = next(b.colour for b in bands.bands if b.label == "超前")
    assert first.patches[0].get_facecolor() == pytest.approx(to_rgba(blue))  # latest: 超前
    assert second.patches[0].get_facecolor() == pytest.approx(to_rgba(NO_DATA_COLOR))
    legend = _legend_texts(fig)
    assert {"红 滞后 <60%", "黄 偏慢 60%–80%", "绿 正常 80%–120%", "蓝 超前 ≥120%"} <= set(legend)
    assert _squash(bands.describe()) in _squash(_legend_titles(fig)[0])
    coloured = cumulative_progress_chart(frame.assign(colour="#123456"), bands=bands)
    assert coloured.axes[0].patches[0].get_facecolor() == pytest.approx(to_rgba("#123456"))


def test_progress_chart_matches_its_baseline(progress, tmp_path) -> None:
    fig = cumulative_progress_chart(progress, example=True)
    assert _matches_baseline(fig, "cumulative-progress", tmp_path) is None


# ----------------------------------------------------------------------------- scores


def test_score_trend_points_labels_and_grade_bands(summary) -> None:
    before = summary.copy()
    fig = score_trend_chart(summary, example=True)
    pd.testing.assert_frame_equal(summary, before)
    first, second = fig.axes
    assert list(first.get_lines()[0].get_ydata()) == [95.5, 85.0]
    assert [t.get_text() for t in first.texts] == ["95.50 优", "85.00 良"]
    assert [t.get_text() for t in second.texts] == ["72.30 中", "55.00 差"]
    assert _legend_texts(fig) == ["优 ≥90", "良 80–90", "中 60–80", "差 <60"]
    assert first.get_ylim()[0] == 40  # lowest total 55 less 15 for labels, down to a multiple of 10
    assert fig.get_suptitle() == "自评总分与等级（示例数据）"


def test_score_trend_matches_its_baseline(summary, tmp_path) -> None:
    fig = score_trend_chart(summary)
    assert _matches_baseline(fig, "score-trend", tmp_path) is None


# ----------------------------------------------------------------------------- all charts


@pytest.mark.parametrize(
    "draw",
    [
        lambda f: funding_chart(f["funding"], example=True),
        lambda f: execution_rate_chart(f["execution"], example=True),
        lambda f: completion_heatmap(f["completion"], example=True),
        lambda f: cumulative_progress_chart(f["progress"], example=True),
        lambda f: score_trend_chart(f["summary"], example=True),
    ],
    ids=["funding", "execution", "completion", "progress", "scores"],
)
def test_no_glyph_is_missing(
    draw, funding, execution, completion, progress, summary, missing_glyphs, tmp_path
) -> None:
    frames = {
        "funding": funding,
        "execution": execution,
        "completion": completion,
        "progress": progress,
        "summary": summary,
    }
    assert missing_glyphs(draw(frames), tmp_path / "chart.png") == []


@pytest.mark.parametrize(
    ("draw", "columns"),
    [
        (funding_chart, ["project", "year"]),
        (execution_rate_chart, ["project", "year"]),
        (completion_heatmap, ["project", "indicator", "year"]),
        (cumulative_progress_chart, ["project", "indicator", "year"]),
        (score_trend_chart, ["project", "year", "total"]),
    ],
)
def test_bad_input_is_refused(draw, columns) -> None:
    with pytest.raises(TypeError):
        draw([1, 2, 3])
    with pytest.raises(ValueError, match="lacks columns"):
        draw(pd.DataFrame({c: [1] for c in columns}))
    with pytest.raises(ValueError, match="empty"):
        draw(
            pd.DataFrame(
                columns=[
                    *columns,
                    "mid_term_total",
                    "budget_full",
                    "executed",
                    "execution_rate",
                    "completion",
                    "progress",
                    "grade",
                ]
            )
        )
