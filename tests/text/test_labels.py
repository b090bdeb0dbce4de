"""Label folding and the level vocabulary."""

from __future__ import annotations

from kpi_analysis.text.vocabulary import (
    canonical_level1,
    canonical_level2,
    is_non_target_level,
    join_vertical,
    label_key,
)


def test_vertical_labels_are_joined() -> None:
    assert join_vertical("产\n出\n指\n标") == "产出指标"
    assert canonical_level1("产\n出\n指\n标") == "产出指标"
    assert canonical_level2("可持续\n影响\n指标") == "可持续影响指标"


def test_annotations_are_dropped_but_years_kept() -> None:
    assert label_key("产出指标(50分)") == "产出指标"
    assert label_key("数量指标（必填硬性指标）") == "数量指标"
    assert label_key("（2021年度）") == "(2021年度)"


def test_synonyms_map_to_canonical_names() -> None:
    assert canonical_level2("进度指标") == "时效指标"
    assert canonical_level2("环境效益指标") == "生态效益指标"
    assert canonical_level2("社会公众或服务对象满意度指标") == "服务对象满意度指标"
    assert canonical_level1("项目完成指标") == "产出指标"
    assert canonical_level1("项目效益指标") == "效益指标"


def test_unknown_and_non_target_levels() -> None:
    assert canonical_level1("决策指标") is None
    assert is_non_target_level("投入指标")
    assert not is_non_target_level("产出指标")
