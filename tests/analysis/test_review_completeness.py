"""R1 completeness of the indicator tree, R16 the 项目属性 field."""

from __future__ import annotations

import pandas as pd
from review_examples import CLEAN_INDICATORS, paired, projects

from kpi_analysis.analysis.review import ReviewProfile, review
from kpi_analysis.tables import schema


def _tree(rows) -> pd.DataFrame:
    return review(paired(rows), profile=ReviewProfile.only("R1"))


def test_a_complete_tree_has_no_finding() -> None:
    assert _tree(CLEAN_INDICATORS).empty


def test_missing_level1_class_is_an_error_per_period() -> None:
    rows = [row for row in CLEAN_INDICATORS if row[0] != "满意度指标"]
    found = _tree(rows)
    assert len(found) == 2
    assert sorted(found["period"]) == ["annual", "mid_term"]
    assert set(found["severity"]) == {"error"}
    assert found["message"].str.contains("缺少一级指标：满意度指标").all()


def test_missing_output_level2_is_a_warning() -> None:
    rows = [row for row in CLEAN_INDICATORS if row[1] != "时效指标"]
    found = _tree(rows)
    assert len(found) == 2 and set(found["severity"]) == {"warning"}
    assert found["message"].str.contains("产出指标下缺少时效指标").all()
    assert set(found["level1"]) == {"产出指标"}


def test_blank_template_rows_do_not_count() -> None:
    rows = [
        (l1, l2, no, "" if l2 == "质量指标" else name, "" if l2 == "质量指标" else mid, ann)
        for l1, l2, no, name, mid, ann in CLEAN_INDICATORS
    ]
    frame = paired(rows)
    frame.loc[frame["level2"] == "质量指标", ["target", "kind"]] = ["", "empty"]
    found = review(frame, profile=ReviewProfile.only("R1"))
    assert found["message"].str.contains("缺少质量指标").all() and len(found) == 2


def test_a_period_with_only_blank_rows() -> None:
    frame = paired([("产出指标", "数量指标", 1, "", "", "")])
    found = review(frame, profile=ReviewProfile.only("R1"))
    assert len(found) == 2 and set(found["severity"]) == {"error"}
    assert found["message"].str.contains("没有填写任何绩效指标").all()


def test_required_classes_are_a_profile_setting() -> None:
    rows = [row for row in CLEAN_INDICATORS if row[0] != "满意度指标"]
    relaxed = ReviewProfile.only("R1", required_level1=("产出指标", "效益指标"))
    assert review(paired(rows), profile=relaxed).empty


# --------------------------------------------------------------------------- R16


def test_marked_attribute_has_no_finding() -> None:
    frame = paired(CLEAN_INDICATORS)
    assert review(frame, projects(), profile=ReviewProfile.only("R16")).empty


def test_unmarked_attribute_points_at_the_loader_cell() -> None:
    loader = schema.FINDINGS.coerce(
        pd.DataFrame(
            {
                "source": ["example.txt#table=1,row=4,col=2"],
                "severity": ["warning"],
                "code": ["attribute_unmarked"],
                "message": ["项目属性未勾选"],
                "text": ["□新增项目 □延续项目"],
            }
        )
    )
    found = review(
        paired(CLEAN_INDICATORS),
        projects(attribute=None),
        findings=loader,
        profile=ReviewProfile.only("R16"),
    )
    assert len(found) == 1
    row = found.iloc[0]
    assert row["source"] == "example.txt#table=1,row=4,col=2"
    assert "□新增项目 □延续项目" in row["message"] and row["severity"] == "warning"


def test_attribute_missing_without_loader_finding_points_at_the_project() -> None:
    found = review(
        paired(CLEAN_INDICATORS), projects(attribute=None), profile=ReviewProfile.only("R16")
    )
    assert found["source"].tolist() == ["example.txt#table=1,row=1,col=1"]
    assert "未填写项目属性" in found.iloc[0]["message"]
