"""Rules on one 指标值: R2 vague, R3 unit, R5 100% targets, R8/R14 numbers, R12 placeholders."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from review_examples import indicators

from kpi_analysis.analysis.review import ReviewProfile, review


def _run(rule: str, *rows: dict, **profile) -> pd.DataFrame:
    """Findings of one rule over hand-made annual rows."""
    return review(indicators(rows), profile=ReviewProfile.only(rule, **profile))


def _one(rule: str, **row) -> pd.DataFrame:
    return _run(rule, {"indicator": "开展培训", **row})


# --------------------------------------------------------------------------- R2


@pytest.mark.parametrize("target", ["逐步提高", "稳步推进", "进一步完善", "明显改善"])
def test_vague_targets_are_reported(target) -> None:
    found = _one("R2", level2="社会效益指标", target=target)
    assert len(found) == 1
    row = found.iloc[0]
    assert (row["rule"], row["severity"], row["period"]) == ("R2", "warning", "annual")
    assert f"「{target}」" in row["message"] and "开展培训" in row["message"]
    assert "HEURISTIC" in row["basis"] and "S21" in row["basis"]


@pytest.mark.parametrize(
    "target", ["年底前完成", "实时维护", "≥90%", "提高到95%以上", "每月月初", "12月底前", ""]
)
def test_concrete_targets_are_not_vague(target) -> None:
    assert _one("R2", target=target).empty


def test_vague_words_are_a_profile_setting() -> None:
    words = {"vague_words": ("实时",)}
    assert (
        _run("R2", {"indicator": "系统维护", "target": "实时维护"}, **words).iloc[0]["rule"] == "R2"
    )
    assert _run("R2", {"indicator": "系统维护", "target": "逐步提高"}, **words).empty


# --------------------------------------------------------------------------- R3


def test_number_without_unit() -> None:
    found = _one("R3", target="≥90")
    assert len(found) == 1 and "计量单位" in found.iloc[0]["message"]
    assert _one("R3", target="≥90%").empty
    assert _one("R3", target="逐步提高").empty


# --------------------------------------------------------------------------- R5


@pytest.mark.parametrize("target", ["100%", "=100%", "≥100%", "达到100%"])
def test_satisfaction_of_100_percent(target) -> None:
    found = _one("R5", level1="满意度指标", level2="服务对象满意度指标", target=target)
    assert len(found) == 1
    assert found.iloc[0]["severity"] == "warning"
    assert "满意度目标" in found.iloc[0]["message"]


def test_satisfaction_found_by_name_outside_its_class() -> None:
    found = _one("R5", indicator="群众满意率", level2="社会效益指标", target="100%")
    assert len(found) == 1


@pytest.mark.parametrize("target", ["≥95%", "90%", "≤100%"])
def test_satisfaction_below_100_is_fine(target) -> None:
    assert _one("R5", indicator="服务对象满意度", level2="服务对象满意度指标", target=target).empty


def test_satisfaction_ceiling_is_a_profile_setting() -> None:
    row = {"indicator": "服务对象满意度", "level2": "服务对象满意度指标", "target": "≥98%"}
    assert _run("R5", row).empty
    assert len(_run("R5", row, satisfaction_ceiling=95.0)) == 1


def test_rates_above_100_percent() -> None:
    found = _one("R5", indicator="任务完成率", level2="质量指标", target="≥105%")
    assert len(found) == 1 and found.iloc[0]["severity"] == "warning"
    found = _one("R5", indicator="任务完成率", level2="质量指标", target=">100%")
    assert len(found) == 1 and found.iloc[0]["severity"] == "warning"
    found = _one("R5", indicator="任务完成率", level2="质量指标", target="≥100%")
    assert len(found) == 1 and found.iloc[0]["severity"] == "info"
    # a full-coverage target is a plain target
    assert _one("R5", indicator="中文域名注册率", level2="质量指标", target="100%").empty
    assert _one("R5", indicator="任务完成率", level2="质量指标", target="≥95%").empty


# --------------------------------------------------------------------------- R8, R14


def test_number_in_name_disagrees_with_value() -> None:
    found = _one("R8", indicator="完成10个站点建设", target="≥8个")
    assert len(found) == 1
    row = found.iloc[0]
    assert (row["rule"], row["severity"]) == ("R8", "error")
    assert "10个" in row["message"] and "≥8个" in row["message"]


@pytest.mark.parametrize(
    "name, target, standard",
    [
        ("完成10个站点建设", "10个", ""),
        ("完成10个站点建设", "不少于10个", "10个"),
        ("审核47家单位", "47家", "计划审核47个"),  # 家 and 个 count the same things
        ("12345热线接通率", "≥95%", ""),  # the hotline number has no comparable unit
        ("2021年完成站点建设", "10个", ""),  # a year is not a quantity
        ("全市10家公立医院编制", "全市10家公立医院周转池编制2280名", "2280名"),
        ("培训成本", "≤30万元", "300000元"),  # 元 and 万元
        ("开展培训", "不少于3次", "计划标准"),  # a 绩效标准 in words
    ],
)
def test_numbers_that_agree_are_not_reported(name, target, standard) -> None:
    profile = ReviewProfile.only("R8", "R14")
    frame = indicators([{"indicator": name, "target": target, "standard": standard}])
    assert review(frame, profile=profile).empty


def test_name_agreeing_with_standard_but_not_value_is_one_r8() -> None:
    frame = indicators(
        [
            {
                "indicator": "审核市直47家党政机关",
                "target": "市直62家行政机构",
                "standard": "计划审核47个",
            }
        ]
    )
    found = review(frame, profile=ReviewProfile.only("R8", "R14"))
    assert found["rule"].tolist() == ["R8"]
    message = found.iloc[0]["message"]
    assert "三级指标名称写明47家" in message
    assert "绩效标准「计划审核47个」为47个" in message
    assert "指标值「市直62家行政机构」为62家" in message


def test_value_disagrees_with_standard() -> None:
    frame = indicators([{"indicator": "培训合格率", "target": "≥90%", "standard": "95%"}])
    found = review(frame, profile=ReviewProfile.only("R8", "R14"))
    assert found["rule"].tolist() == ["R14"]
    assert "≥90%" in found.iloc[0]["message"] and "95%" in found.iloc[0]["message"]


def test_r14_alone_still_reports_value_vs_standard_when_the_name_disagrees_too() -> None:
    frame = indicators([{"indicator": "完成10个站点", "target": "8个", "standard": "9个"}])
    assert review(frame, profile=ReviewProfile.only("R14"))["rule"].tolist() == ["R14"]
    assert review(frame, profile=ReviewProfile.only("R8"))["rule"].tolist() == ["R8"]


def test_interchangeable_units_are_a_profile_setting() -> None:
    frame = indicators([{"indicator": "审核单位", "target": "62家", "standard": "47个"}])
    assert len(review(frame, profile=ReviewProfile.only("R14"))) == 1
    apart = replace(ReviewProfile.only("R14"), interchangeable_units=())
    assert review(frame, profile=apart).empty


# --------------------------------------------------------------------------- R12


def test_placeholders_and_unfilled_cells() -> None:
    frame = indicators(
        [
            {"level2": "成本指标", "indicator": ""},  # blank template row "指标1："
            {"indicator_no": 2, "indicator": "培训成本", "target": "≤**万元"},
            {"indicator_no": 3, "indicator": "", "target": "≥90%"},
            {"indicator_no": 4, "indicator": "网站维护", "target": ""},
            {"indicator_no": 5, "indicator": "完成**项工作", "target": "5项"},
            {"indicator_no": 6, "indicator": "开展培训", "target": "不少于2次"},
        ]
    )
    found = review(frame, profile=ReviewProfile.only("R12"))
    assert found["indicator_no"].tolist() == [1, 2, 3, 4, 5]
    messages = found["message"].tolist()
    assert "空白模板行（“指标1：”后未填写）" in messages[0]
    assert "≤**万元" in messages[1] and "模板占位" in messages[1]
    assert "未填写三级指标名称" in messages[2]
    assert "未填写指标值" in messages[3]
    assert "**" in messages[4]
    assert set(found["severity"]) == {"warning"}


def test_name_against_standard_when_the_value_is_in_words() -> None:
    frame = indicators([{"indicator": "完成10个站点", "target": "逐步完成", "standard": "8个"}])
    found = review(frame, profile=ReviewProfile.only("R8", "R14"))
    assert found["rule"].tolist() == ["R8"]
    frame = indicators([{"indicator": "完成10个站点", "target": "逐步完成", "standard": "10个"}])
    assert review(frame, profile=ReviewProfile.only("R8", "R14")).empty
