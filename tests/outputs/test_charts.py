"""indicator_counts_chart draws one bar per project × period, labelled in Chinese."""

from __future__ import annotations

import struct

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.container import BarContainer
from matplotlib.figure import Figure

from kpi_analysis.outputs import charts
from kpi_analysis.outputs.charts import fonts

PROJECTS = ["机构编制管理", "宿州市委编办", "埇桥区满意度"]


@pytest.fixture
def counts() -> pd.DataFrame:
    return pd.DataFrame(
        {"mid_term": [5, 3, 7], "annual": [6, 4, np.nan]},
        index=pd.Index(PROJECTS, name="project"),
    )


def _bars(fig: Figure) -> list[BarContainer]:
    return [c for c in fig.axes[0].containers if isinstance(c, BarContainer)]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", data[16:24])


def test_one_bar_per_project_and_period(counts):
    fig = charts.indicator_counts_chart(counts, title="项目支出绩效目标 数量指标")
    groups = _bars(fig)
    assert len(groups) == 2
    assert [len(group) for group in groups] == [3, 3]
    assert len(fig.axes[0].patches) == 6
    widths = [[bar.get_width() for bar in group] for group in groups]
    assert widths == [[5, 3, 7], [6, 4, 0]]  # a missing count is drawn as 0


def test_chinese_labels(counts):
    fig = charts.indicator_counts_chart(counts, title="项目支出绩效目标 数量指标")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == PROJECTS
    assert ax.get_xlabel() == "指标数（个）"
    assert ax.get_ylabel() == "项目"
    assert ax.get_title() == "项目支出绩效目标 数量指标"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["中期", "年度"]


def test_first_project_is_drawn_on_top(counts):
    fig = charts.indicator_counts_chart(counts, title="t")
    first_group = _bars(fig)[0]
    centres = [bar.get_y() + bar.get_height() / 2 for bar in first_group]
    assert fig.axes[0].yaxis_inverted()
    assert centres == sorted(centres)


def test_unknown_periods_keep_their_name_and_long_names_wrap():
    long_name = "机构编制管理及编制周转池改革工作项目经费保障"
    frame = pd.DataFrame({"annual": [1], "self_assessment": [2]}, index=[long_name])
    fig = charts.indicator_counts_chart(frame, title="t")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["年度", "self_assessment"]
    label = ax.get_yticklabels()[0].get_text()
    assert "\n" in label
    assert label.replace("\n", "") == long_name


def test_input_is_not_modified(counts):
    before = counts.copy()
    charts.indicator_counts_chart(counts, title="t")
    pd.testing.assert_frame_equal(counts, before)


@pytest.mark.parametrize(
    "frame, error",
    [
        (pd.DataFrame(), ValueError),
        (pd.DataFrame({"annual": []}), ValueError),
        (pd.DataFrame({"annual": ["五"]}, index=["项目"]), ValueError),
        (pd.DataFrame({"annual": [-1]}, index=["项目"]), ValueError),
        ([[1, 2]], TypeError),
    ],
)
def test_rejects_bad_input(frame, error):
    with pytest.raises(error):
        charts.indicator_counts_chart(frame, title="t")


def test_chart_renders_without_missing_glyphs(counts, tmp_path, missing_glyphs):
    fig = charts.indicator_counts_chart(
        counts, title="项目支出绩效目标 数量指标 满意度 宿州市委编办 埇桥区"
    )
    assert missing_glyphs(fig, tmp_path / "counts.png") == []


@settings(max_examples=20, deadline=None)
@given(
    data=st.lists(
        st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=2),
        min_size=1,
        max_size=6,
    )
)
def test_bar_count_matches_the_table(data):
    frame = pd.DataFrame(
        data, columns=["mid_term", "annual"], index=[f"项目{i}" for i in range(len(data))]
    )
    groups = _bars(charts.indicator_counts_chart(frame, title="t"))
    assert sum(len(group) for group in groups) == frame.size
    assert [[bar.get_width() for bar in group] for group in groups] == frame.T.values.tolist()


# --------------------------------------------------------------------------------- save_figure


def test_save_figure_writes_png_and_creates_folders(counts, tmp_path):
    target = tmp_path / "reports" / "figures" / "counts.png"
    written = charts.save_figure(charts.indicator_counts_chart(counts, title="t"), target)
    assert written == target
    width, height = _png_size(target.read_bytes())
    assert width == 8 * fonts.CHART_STYLE["savefig.dpi"]
    assert height >= 4.5 * fonts.CHART_STYLE["savefig.dpi"]
    assert sorted(p.name for p in target.parent.iterdir()) == ["counts.png"]


def test_save_figure_is_reproducible(counts, tmp_path):
    a = charts.save_figure(charts.indicator_counts_chart(counts, title="t"), tmp_path / "a.png")
    b = charts.save_figure(charts.indicator_counts_chart(counts, title="t"), tmp_path / "b.png")
    assert a.read_bytes() == b.read_bytes()


def test_save_figure_replaces_and_leaves_no_temp_file_on_failure(counts, tmp_path, monkeypatch):
    target = tmp_path / "counts.png"
    target.write_bytes(b"old")
    fig = charts.indicator_counts_chart(counts, title="t")

    def broken_savefig(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(fig, "savefig", broken_savefig)
    with pytest.raises(OSError, match="disk full"):
        charts.save_figure(fig, target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["counts.png"]

    monkeypatch.undo()
    charts.save_figure(fig, target)
    assert target.read_bytes().startswith(b"\x89PNG")
    assert [p.name for p in tmp_path.iterdir()] == ["counts.png"]


def test_save_figure_wants_a_png_path(counts, tmp_path):
    with pytest.raises(ValueError, match="PNG"):
        charts.save_figure(charts.indicator_counts_chart(counts, title="t"), tmp_path / "c.svg")
