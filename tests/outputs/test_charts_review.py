"""Charts of the comparison and the review: bars match the tables, labels are Chinese."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.container import BarContainer
from review_examples import funding, paired

from kpi_analysis.analysis.compare import align_indicators, funding_phasing, pace_targets
from kpi_analysis.outputs import charts
from kpi_analysis.outputs.charts.review import (
    findings_by_rule_chart,
    phasing_chart,
    target_comparison_chart,
)


@pytest.fixture
def pacing() -> pd.DataFrame:
    rows = paired(
        [
            ("产出指标", "数量指标", 1, "开展业务培训", "不少于6次", "不少于3次"),
            ("产出指标", "数量指标", 2, "中文域名注册量", "根据总量调整", "约280家"),
            ("产出指标", "质量指标", 1, "培训合格率", "≥90%", "≥90%"),
        ]
    )
    return pace_targets(align_indicators(rows))


@pytest.fixture
def findings() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rule": ["R2", "R12", "R2", "R8", "R13", "R2"],
            "severity": ["warning", "warning", "warning", "error", "info", "info"],
        }
    )


def _bars(ax) -> list[float]:
    return [bar.get_width() for c in ax.containers if isinstance(c, BarContainer) for bar in c]


def test_target_chart_one_panel_per_comparable_indicator(pacing) -> None:
    before = pacing.copy()
    fig = target_comparison_chart(pacing, title="项目 年度与中期目标")
    pd.testing.assert_frame_equal(pacing, before)
    assert len(fig.axes) == 2  # the row in words is left out
    first, second = fig.axes
    assert _bars(first) == [2.0, 3.0]  # 6次 over 3 years, annual 3次
    assert _bars(second) == [90.0, 90.0]
    assert [t.get_text() for t in first.get_yticklabels()] == ["中期折合每年", "年度目标"]
    assert first.get_title(loc="left") == "开展业务培训（比值 1.50，前期集中）"
    assert fig.get_suptitle() == "项目 年度与中期目标"
    assert [t.get_text() for t in first.texts] == ["2次", "3次"]
    assert [t.get_text() for t in second.texts] == ["90%", "90%"]


def test_target_chart_needs_a_comparable_row(pacing) -> None:
    with pytest.raises(ValueError, match="quantities"):
        target_comparison_chart(pacing[pacing["ratio"].isna()], title="t")
    with pytest.raises(TypeError):
        target_comparison_chart([1, 2], title="t")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="columns"):
        target_comparison_chart(pd.DataFrame({"ratio": [1.0]}), title="t")


def test_phasing_chart() -> None:
    phasing = pd.concat(
        [
            funding_phasing(funding((90.0, 90.0, 0.0))),
            funding_phasing(funding((150.0, 150.0, 0.0), project_no=2)).assign(project="项目乙"),
            funding_phasing(funding(annual=(0.0, 0.0, 0.0), project_no=3)).assign(project="项目丙"),
        ],
        ignore_index=True,
    )
    fig = phasing_chart(phasing, title="中期与年度资金安排")
    ax = fig.axes[0]
    assert _bars(ax) == pytest.approx([1.0, 150 / 90, 0.0], abs=1e-3)
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["1.00", "1.67", "无法比较"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["业务培训与督查", "项目乙", "项目丙"]
    assert ax.get_legend().get_texts()[0].get_text() == "参考区间 0.5～1.5"


def test_findings_chart_stacks_severities_per_rule(findings) -> None:
    fig = findings_by_rule_chart(findings, title="审核发现（按规则）")
    ax = fig.axes[0]
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names == [
        "R2 指标值表述模糊",
        "R8 指标名称中的数字与指标值不符",
        "R12 模板占位或未填写内容",
        "R13 文字重复",
    ]
    groups = [c for c in ax.containers if isinstance(c, BarContainer)]
    widths = [[bar.get_width() for bar in group] for group in groups]
    # error, warning, info per rule R2, R8, R12, R13
    assert widths == [[0, 1, 0, 0], [2, 0, 1, 0], [1, 0, 0, 1]]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["错误", "警告", "提示"]
    assert [t.get_text().strip() for t in ax.texts] == ["3", "1", "1", "1"]
    assert ax.get_xlabel() == "问题数（条）"


def test_findings_chart_rejects_empty(findings) -> None:
    with pytest.raises(ValueError, match="empty"):
        findings_by_rule_chart(findings.iloc[0:0], title="t")


def test_charts_render_without_missing_glyphs(pacing, findings, tmp_path, missing_glyphs) -> None:
    figures = [
        target_comparison_chart(pacing, title="宿州市委编办 年度与中期目标"),
        phasing_chart(funding_phasing(funding()), title="资金安排 均衡"),
        findings_by_rule_chart(findings, title="审核发现 满意度 埇桥区"),
    ]
    for number, fig in enumerate(figures):
        assert missing_glyphs(fig, tmp_path / f"{number}.png") == []


def test_saved_chart_is_a_png(findings, tmp_path) -> None:
    path = charts.save_figure(findings_by_rule_chart(findings, title="t"), tmp_path / "f.png")
    assert path.read_bytes().startswith(b"\x89PNG")


def test_pacing_data_and_chart_carry_the_review_error_of_the_default_data(repo_root) -> None:
    """Project 1's 2021 R8 error (name says 47, value 62) travels to the pacing rows
    (:func:`with_review_notes`) and is marked in red on that indicator's panel only."""
    from kpi_analysis import load
    from kpi_analysis.analysis.compare import dataset_for_year
    from kpi_analysis.analysis.review import review_dataset
    from kpi_analysis.analysis.review.notes import with_review_notes

    ds = dataset_for_year(load(repo_root / "data" / "raw"), 2021)
    pace = with_review_notes(
        pace_targets(align_indicators(ds.indicators)),
        review_dataset(ds),
        ds.indicators,
        indicator_columns=("indicator_annual", "indicator_mid"),
        year_column="year_annual",
    )
    noted = pace[pace["review_note"].notna()]
    first = noted[noted["project_no"] == 1]
    assert len(first) == 1 and "47家" in first["indicator_annual"].iloc[0]
    assert "R8" in first["review_note"].iloc[0] and "62" in first["review_note"].iloc[0]
    rows = pace[(pace["project_no"] == 1) & pace["ratio"].notna()]
    fig = target_comparison_chart(rows, title="项目1")
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    marked = [t for t in titles if t.startswith("【审核错误 R8】")]
    assert len(marked) == 1 and "47家" in marked[0]
    assert fig.get_supxlabel().startswith("红色【审核错误")


def test_pacing_chart_without_review_notes_marks_nothing(pacing) -> None:
    fig = target_comparison_chart(pacing, title="t")
    assert not any("审核" in ax.get_title(loc="left") for ax in fig.axes)
    assert fig.get_supxlabel() == ""
