"""Profiles carry the weights, bands and options of docs/rules.md#profiles and refuse
inconsistent ones."""

from __future__ import annotations

import dataclasses

import pytest

from kpi_analysis.analysis.scoring import (
    CENTRAL_2020,
    HB_VARIANT,
    MUNICIPAL_20_80,
    PROFILES,
    VENDOR_GRADES,
    ClassWeight,
    ScoringProfile,
    get_profile,
    round2,
)


def _class_weight(profile: ScoringProfile, level1: str) -> float:
    group = profile.group_of(level1)
    assert group is not None
    return group.weight


def test_central_default_is_10_50_30_10() -> None:
    # docs/rules.md#profiles, S1: 预算执行率 10, 产出 50, 效益 30, 满意度 10
    assert get_profile() is CENTRAL_2020
    assert CENTRAL_2020.execution_weight == 10
    assert _class_weight(CENTRAL_2020, "产出指标") == 50
    assert _class_weight(CENTRAL_2020, "效益指标") == 30
    assert _class_weight(CENTRAL_2020, "满意度指标") == 10
    assert CENTRAL_2020.indicator_total == 90
    assert CENTRAL_2020.reverse_method == "ratio"
    assert CENTRAL_2020.over_achievement_threshold == 1.2
    assert CENTRAL_2020.missing_class_policy == "to_output"
    assert CENTRAL_2020.execution_rate_cap == 1.0


def test_cost_as_first_level_class_shares_output_weight_by_default() -> None:
    # docs/rules.md#profiles: 成本 weight UNCONFIRMED; suggested default shares 产出's 50
    assert CENTRAL_2020.group_of("成本指标") is CENTRAL_2020.group_of("产出指标")


def test_variants_follow_their_sources() -> None:
    # S13: 预算执行 20, 产出 40, 效益 + 满意度 40 together
    assert HB_VARIANT.execution_weight == 20
    assert HB_VARIANT.group_of("效益指标") is HB_VARIANT.group_of("满意度指标")
    assert _class_weight(HB_VARIANT, "效益指标") == 40
    assert _class_weight(HB_VARIANT, "产出指标") == 40
    # S8: 20 + 80 split by the unit
    assert MUNICIPAL_20_80.execution_weight == 20
    assert _class_weight(MUNICIPAL_20_80, "满意度指标") == 80
    # S13 / S8 qualitative bands 80 / 50
    assert [b.lower for b in HB_VARIANT.qualitative_bands] == [0.8, 0.5, 0.0]
    assert [b.lower for b in CENTRAL_2020.qualitative_bands] == [0.8, 0.6, 0.0]
    # S11 vendor grades
    assert [(b.label, b.lower) for b in VENDOR_GRADES.grade_bands] == [
        ("优", 80),
        ("良", 70),
        ("中", 60),
        ("差", 0),
    ]


def test_every_profile_sums_to_100_and_cites_sources() -> None:
    assert set(PROFILES) == {"central_2020", "hb_variant", "municipal_20_80", "vendor_grades"}
    for profile in PROFILES.values():
        total = profile.execution_weight + sum(g.weight for g in profile.class_weights)
        assert total == 100
        assert profile.sources and all(s.startswith("S") for s in profile.sources)
    for constant in (CENTRAL_2020, HB_VARIANT, MUNICIPAL_20_80, VENDOR_GRADES):
        assert constant.name in PROFILES


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (100, "优"),
        (90, "优"),
        (89.99, "良"),
        (80, "良"),
        (79.99, "中"),
        (60, "中"),
        (59.99, "差"),
        (0, "差"),
    ],
)
def test_central_grade_boundaries(total: float, grade: str) -> None:
    # 90（含）-100 优、80（含）-90 良、60（含）-80 中、60 以下差 (S2)
    assert CENTRAL_2020.grade(total) == grade


@pytest.mark.parametrize(("total", "grade"), [(80, "优"), (79.99, "良"), (70, "良"), (69.99, "中")])
def test_vendor_grade_boundaries(total: float, grade: str) -> None:
    assert VENDOR_GRADES.grade(total) == grade


def test_grade_is_decided_on_the_printed_two_decimal_total() -> None:
    # Decision: 89.995 prints as 90.00 (四舍五入) and is 优; 89.994 prints 89.99 and is 良.
    assert round2(89.995) == 90.0 and CENTRAL_2020.grade(round2(89.995)) == "优"
    assert round2(89.994) == 89.99 and CENTRAL_2020.grade(round2(89.994)) == "良"
    # half up on the decimal text, not on the binary float: round(2.675, 2) gives 2.67
    assert round2(2.675) == 2.68 and round(2.675, 2) == 2.67


def test_profiles_are_frozen_and_validated() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        CENTRAL_2020.execution_weight = 20  # type: ignore[misc]
    assert CENTRAL_2020.with_options(reverse_method="linear_2x").reverse_method == "linear_2x"
    with pytest.raises(ValueError, match="reverse_method"):
        CENTRAL_2020.with_options(reverse_method="log")
    with pytest.raises(ValueError, match="missing_class_policy"):
        CENTRAL_2020.with_options(missing_class_policy="drop")
    with pytest.raises(ValueError, match="not 100"):
        CENTRAL_2020.with_options(class_weights=(ClassWeight(("产出指标",), 50),))
    with pytest.raises(ValueError, match="未知评分规则"):
        get_profile("nowhere")


def test_no_grading_profile() -> None:
    ungraded = CENTRAL_2020.with_options(name="ungraded", grade_bands=None)
    assert ungraded.grade(95) is None
