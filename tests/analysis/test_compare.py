"""Annual vs mid-term comparison: alignment statuses, pacing ratios and funding phasing."""

from __future__ import annotations

import pandas as pd
import pytest
from review_examples import funding, indicators, paired, projects

from kpi_analysis import load
from kpi_analysis.analysis.compare import (
    ALIGNED,
    COMPARISON,
    FUNDING_PHASING,
    PACING,
    ComparisonProfile,
    align_indicators,
    compare_targets,
    dataset_for_year,
    filter_year,
    funding_phasing,
    name_key,
    pace_targets,
    unit_scale,
)


@pytest.fixture(scope="module")
def ds(source_path):
    return load(source_path)


@pytest.fixture(scope="module")
def aligned(ds) -> pd.DataFrame:
    return align_indicators(ds.indicators)


def _row(frame: pd.DataFrame, project: int, level2: str, number: int) -> pd.Series:
    hits = frame[
        (frame["project_no"] == project)
        & (frame["level2"] == level2)
        & (frame["indicator_no_annual"] == number)
    ]
    assert len(hits) == 1, hits
    return hits.iloc[0]


def _pace(mid: str, annual: str, name: str = "开展培训", **kwargs) -> pd.Series:
    """Pacing of one hand-made pair (数量指标 1 of a 2021–2023 project)."""
    rows = paired([("产出指标", "数量指标", 1, name, mid, annual)])
    pace = pace_targets(align_indicators(rows), **kwargs)
    assert len(pace) == 1
    return pace.iloc[0]


# --------------------------------------------------------------------------- source document


def test_every_indicator_row_is_in_exactly_one_pair(ds, aligned) -> None:
    ALIGNED.validate(aligned)
    sources = pd.concat([aligned["source_mid"], aligned["source_annual"]]).dropna()
    assert sorted(sources) == sorted(ds.indicators["source"])
    assert len(aligned) == 55  # the form has the two sides row by row


def test_source_statuses(aligned) -> None:
    counts = aligned["status"].value_counts().to_dict()
    # blank "指标1：" rows: project 2 (成本, 经济, 生态), 3 (those and 可持续), 5 (经济, 生态)
    assert counts["placeholder"] == 3 + 4 + 2
    assert "annual_only" not in counts and "mid_term_only" not in counts
    # project 1 数量 1: "审核市直47家…" vs "审核市直党政机关…" — the name changed
    assert _row(aligned, 1, "数量指标", 1)["status"] == "text_changed"
    # project 2 数量 1: 不少于3次 → 不少于1次
    assert _row(aligned, 2, "数量指标", 1)["status"] == "target_changed"
    # project 2 社会效益: "：优化…" is the same name as "优化…" (the colon is a typing defect)
    assert _row(aligned, 2, "社会效益指标", 1)["status"] == "same"
    # project 3 数量 2: "…不少于4次" added to the annual name
    assert _row(aligned, 3, "数量指标", 2)["status"] == "text_changed"
    # project 5 时效: 每年12月 → 2021年12月
    assert _row(aligned, 5, "时效指标", 1)["status"] == "target_changed"


def test_counterparts_in_the_same_slot_pair_even_when_reworded(aligned) -> None:
    row = _row(aligned, 1, "服务对象满意度指标", 2)
    assert row["indicator_mid"] == "人民群众对教育和医疗水平的满意度"
    assert row["indicator_annual"] == "公立医院和中小学对于职称晋升满意度"
    assert row["status"] == "text_changed"
    assert 0.2 <= row["match_score"] < 0.3


def test_source_pacing(aligned) -> None:
    pace = pace_targets(aligned)
    PACING.validate(pace)

    def verdict(project: int, level2: str, number: int) -> pd.Series:
        return _row(pace, project, level2, number)

    # mid-term 不少于3次 over 2021–2023, annual 不少于1次: 1 × 3 / 3 = 1.0
    row = verdict(2, "数量指标", 1)
    assert (row["basis"], row["years"], row["ratio"], row["pacing"]) == (
        "cumulative",
        3,
        1.0,
        "consistent",
    )
    # mid-term 每年不少于1次, annual 不少于1次: level to level
    row = verdict(3, "数量指标", 1)
    assert (row["basis"], row["ratio"], row["pacing"]) == ("level", 1.0, "consistent")
    # annual 62家 of a mid-term 62家: a population is a level, never 62 / 3 = 20.67 a year
    row = verdict(1, "数量指标", 1)
    assert (row["basis"], row["ratio"], row["pacing"]) == ("level", 1.0, "consistent")
    assert row["expected_annual"] == pytest.approx(62.0)
    # 100% satisfaction on both sides: rates compare level to level
    row = verdict(1, "服务对象满意度指标", 1)
    assert (row["basis"], row["ratio"], row["pacing"]) == ("level", 1.0, "consistent")
    # mid-term in words, annual 约280家
    assert verdict(5, "数量指标", 1)["pacing"] == "not_comparable"
    # 机关300元/个/年 on both sides, reported in the form's own unit
    row = verdict(5, "成本指标", 1)
    assert (row["unit"], row["expected_annual"], row["ratio"]) == ("元/个", 300.0, 1.0)
    # qualitative on both sides: not in the pacing table
    assert not ((pace["project_no"] == 4) & (pace["level2"] == "数量指标")).any()


def test_source_funding_phasing(ds) -> None:
    phasing = funding_phasing(ds.funding, ds.projects)
    FUNDING_PHASING.validate(phasing)
    assert phasing["project_no"].tolist() == [1, 2, 3, 4, 5]
    # 90 = 30 × 3, 33 = 11 × 3, … every project is evenly phased
    assert phasing["phasing_ratio"].tolist() == [1.0] * 5
    assert set(phasing["phasing"]) == {"even"}
    assert phasing["mid_identity_gap"].tolist() == [0.0] * 5
    assert phasing["annual_identity_gap"].tolist() == [0.0] * 5
    assert phasing["mid_covers_annual"].all()
    assert phasing["budget_wan"].tolist() == [30, 11, 20, 10, 9]
    assert phasing["budget_gap"].tolist() == [0.0] * 5


def test_compare_targets_joins_pacing_onto_every_pair(ds) -> None:
    comparison = compare_targets(ds.indicators)
    COMPARISON.validate(comparison)
    assert len(comparison) == 55
    with_pacing = comparison[comparison["pacing"].notna()]
    assert len(with_pacing) == len(pace_targets(align_indicators(ds.indicators)))
    assert comparison.loc[comparison["status"] == "placeholder", "pacing"].isna().all()


def test_inputs_are_not_modified(ds) -> None:
    before = ds.indicators.copy()
    aligned = align_indicators(ds.indicators)
    aligned_before = aligned.copy()
    pace_targets(aligned)
    funding_before = ds.funding.copy()
    funding_phasing(ds.funding, ds.projects)
    pd.testing.assert_frame_equal(ds.indicators, before)
    pd.testing.assert_frame_equal(aligned, aligned_before)
    pd.testing.assert_frame_equal(ds.funding, funding_before)


# --------------------------------------------------------------------------- hand-made pacing


@pytest.mark.parametrize(
    "mid, annual, basis, ratio, verdict",
    [
        # totals over three years
        ("不少于3次", "不少于1次", "cumulative", 1.0, "consistent"),
        ("不少于9次", "不少于1次", "cumulative", 1 / 3, "back_loaded"),
        ("不少于6次", "不少于3次", "cumulative", 1.5, "front_loaded"),
        ("不少于3次", "不少于4次", "cumulative", 4.0, "exceeds_mid_term"),
        # a population (家) is a level: 47 of the 62 agencies is a subset, 70 exceeds it
        ("62家", "47家", "level", 47 / 62, "subset"),
        ("62家", "70家", "level", 70 / 62, "exceeds_mid_term"),
        # an explicit total adds up even in a unit that is not a flow
        ("三年共建成12个", "建成4个", "cumulative", 1.0, "consistent"),
        # 每年 / 每月 bases
        ("每年不少于1次", "不少于1次", "level", 1.0, "consistent"),
        ("每年不少于3次", "不少于1次", "level", 1 / 3, "back_loaded"),
        ("每月1次", "不少于12次", "level", 1.0, "consistent"),
        ("每月2次", "每月2次", "level", 1.0, "consistent"),
        ("不少于36次", "每月1次", "cumulative", 1.0, "consistent"),
        ("每年不少于2次", "每年不少于3次", "level", 1.5, "front_loaded"),
        # rates compare level to level, whatever the period length
        ("≥90%", "≥90%", "level", 1.0, "consistent"),
        ("≥90%", "≥60%", "level", 60 / 90, "back_loaded"),
        ("≥50%", "≥80%", "level", 1.6, "front_loaded"),
        # money in 元 and 万元
        ("≤30万元", "≤100000元", "cumulative", 1.0, "consistent"),
    ],
)
def test_pacing_cases(mid, annual, basis, ratio, verdict) -> None:
    row = _pace(mid, annual)
    assert row["basis"] == basis
    assert row["ratio"] == pytest.approx(ratio, abs=1e-4)
    assert row["pacing"] == verdict


def test_pacing_tolerance_is_a_profile_setting() -> None:
    assert _pace("≥90%", "≥80%")["pacing"] == "consistent"  # 0.89 is within 1 ± 0.2
    strict = ComparisonProfile(pace_tolerance=0.05)
    rows = paired([("产出指标", "数量指标", 1, "合格率", "≥90%", "≥80%")])
    assert pace_targets(align_indicators(rows), profile=strict).iloc[0]["pacing"] == "back_loaded"


def test_years_override_the_table() -> None:
    row = _pace("不少于4次", "不少于1次", years=4)
    assert (row["years"], row["ratio"], row["pacing"]) == (4, 1.0, "consistent")
    assert _pace("不少于4次", "不少于1次")["ratio"] == pytest.approx(0.75)


def test_money_is_reported_in_the_annual_unit() -> None:
    row = _pace("≤30万元", "≤100000元")
    assert row["unit"] == "元"
    assert row["expected_annual"] == pytest.approx(100000)
    assert row["annual_per_year"] == pytest.approx(100000)


@pytest.mark.parametrize(
    "mid, annual, verdict",
    [
        ("不少于3次", "不少于3人", "unit_mismatch"),
        ("≥3次", "≤1次", "comparator_mismatch"),
        ("逐步提高", "不少于1次", "not_comparable"),
        ("不少于3次", "年底前完成", "not_comparable"),
    ],
)
def test_pacing_flags_what_cannot_be_paced(mid, annual, verdict) -> None:
    row = _pace(mid, annual)
    assert row["pacing"] == verdict
    if verdict != "comparator_mismatch":
        assert pd.isna(row["ratio"])


def test_qualitative_pairs_are_not_paced() -> None:
    rows = paired([("产出指标", "质量指标", 1, "制度建设", "逐步完善", "逐步完善")])
    assert pace_targets(align_indicators(rows)).empty


# --------------------------------------------------------------------------- hand-made alignment


def test_empty_sides() -> None:
    mid_only = indicators(
        [
            {"period": "mid_term", "indicator": "开展培训", "target": "不少于3次"},
            {
                "period": "mid_term",
                "indicator": "开展督查",
                "target": "不少于3次",
                "indicator_no": 2,
            },
        ]
    )
    aligned = align_indicators(mid_only)
    assert aligned["status"].tolist() == ["mid_term_only", "mid_term_only"]
    assert aligned["source_annual"].isna().all() and aligned["match_score"].isna().all()
    assert pace_targets(aligned).empty

    annual_only = indicators([{"indicator": "开展培训", "target": "不少于1次"}])
    assert align_indicators(annual_only)["status"].tolist() == ["annual_only"]

    empty = align_indicators(indicators([]))
    ALIGNED.validate(empty)
    assert empty.empty and pace_targets(empty).empty


def test_pairs_follow_names_within_a_group_not_row_order() -> None:
    rows = indicators(
        [
            {"period": "mid_term", "indicator_no": 1, "indicator": "开展业务培训", "target": "6次"},
            {"period": "mid_term", "indicator_no": 2, "indicator": "开展专项督查", "target": "3次"},
            {"indicator_no": 1, "indicator": "开展专项督查", "target": "1次"},
            {"indicator_no": 2, "indicator": "开展业务培训", "target": "2次"},
        ]
    )
    aligned = align_indicators(rows)
    pairs = dict(zip(aligned["indicator_mid"], aligned["indicator_annual"], strict=True))
    assert pairs == {"开展业务培训": "开展业务培训", "开展专项督查": "开展专项督查"}
    assert set(aligned["status"]) == {"target_changed"}


def test_indicators_in_other_groups_never_pair() -> None:
    rows = indicators(
        [
            {"period": "mid_term", "level2": "数量指标", "indicator": "开展培训", "target": "3次"},
            {"level2": "质量指标", "indicator": "开展培训", "target": "1次"},
        ]
    )
    assert align_indicators(rows)["status"].tolist() == ["mid_term_only", "annual_only"]


def test_unrelated_names_in_other_slots_stay_apart() -> None:
    rows = indicators(
        [
            {"period": "mid_term", "indicator_no": 1, "indicator": "开展业务培训", "target": "3次"},
            {"indicator_no": 2, "indicator": "网站维护", "target": "12次"},
        ]
    )
    statuses = align_indicators(rows)["status"].tolist()
    assert statuses == ["mid_term_only", "annual_only"]


def test_placeholders_pair_with_placeholders_only() -> None:
    rows = indicators(
        [
            {"period": "mid_term", "level2": "成本指标", "indicator": ""},
            {"level2": "成本指标", "indicator": ""},
            {"period": "mid_term", "level2": "成本指标", "indicator_no": 2, "indicator": ""},
            {"level2": "成本指标", "indicator_no": 2, "indicator": "培训成本", "target": "≤10万元"},
        ]
    )
    aligned = align_indicators(rows)
    assert sorted(aligned["status"]) == ["annual_only", "placeholder", "placeholder"]
    lone = aligned[aligned["source_annual"].isna()]
    assert lone["status"].tolist() == ["placeholder"]


def test_projects_and_documents_are_kept_apart() -> None:
    first = paired([("产出指标", "数量指标", 1, "开展培训", "不少于3次", "不少于1次")])
    second = first.assign(source=first["source"].str.replace("example.txt", "other.txt"))
    aligned = align_indicators(pd.concat([first, second], ignore_index=True))
    assert aligned["document"].tolist() == ["example.txt", "other.txt"]
    assert set(aligned["status"]) == {"target_changed"}


def test_name_key_and_unit_scale() -> None:
    assert name_key("指标1：：优化 机关") == name_key("优化机关")
    assert name_key("审核47家") != name_key("审核家")
    assert unit_scale("亿元") == ("万元", 1e4)
    assert unit_scale(None) == (None, 1.0)


def test_filter_year_keeps_the_projects_of_that_year(ds) -> None:
    assert len(filter_year(ds.indicators, 2021)) == len(ds.indicators)
    assert filter_year(ds.indicators, 2022).empty
    assert len(filter_year(ds.funding, 2021)) == len(ds.funding)


# --------------------------------------------------------------------------- hand-made funding


@pytest.mark.parametrize(
    "mid, annual, ratio, phasing",
    [
        ((90.0, 90.0, 0.0), (30.0, 30.0, 0.0), 1.0, "even"),
        ((45.0, 45.0, 0.0), (30.0, 30.0, 0.0), 0.5, "even"),  # the band is closed
        ((40.0, 40.0, 0.0), (30.0, 30.0, 0.0), 40 / 90, "uneven"),
        ((150.0, 150.0, 0.0), (30.0, 30.0, 0.0), 150 / 90, "uneven"),
    ],
)
def test_phasing_ratio(mid, annual, ratio, phasing) -> None:
    row = funding_phasing(funding(mid, annual)).iloc[0]
    assert row["years"] == 3
    assert row["phasing_ratio"] == pytest.approx(ratio, abs=1e-4)
    assert row["phasing"] == phasing


def test_phasing_band_is_a_profile_setting() -> None:
    narrow = ComparisonProfile(phasing_band=(0.9, 1.1))
    row = funding_phasing(funding((80.0, 80.0, 0.0)), profile=narrow).iloc[0]
    assert row["phasing"] == "uneven"


def test_identities_and_mid_term_cover() -> None:
    row = funding_phasing(funding((90.0, 80.0, 5.0), (100.0, 100.0, 0.0))).iloc[0]
    assert row["mid_identity_gap"] == pytest.approx(5.0)
    assert row["annual_identity_gap"] == 0.0
    assert not row["mid_covers_annual"]


def test_zero_or_missing_amounts() -> None:
    row = funding_phasing(funding((90.0, 90.0, 0.0), (0.0, 0.0, 0.0))).iloc[0]
    assert row["phasing"] == "not_comparable" and pd.isna(row["phasing_ratio"])
    partial = funding()
    partial = partial[~((partial["period"] == "annual") & (partial["category"] == "other"))]
    row = funding_phasing(partial).iloc[0]
    assert pd.isna(row["annual_identity_gap"]) and row["mid_identity_gap"] == 0.0


def test_budget_gap_against_the_narrative() -> None:
    row = funding_phasing(funding(), projects(budget=35.0)).iloc[0]
    assert (row["budget_wan"], row["budget_gap"]) == (35.0, 5.0)
    assert pd.isna(funding_phasing(funding()).iloc[0]["budget_wan"])


def test_dataset_for_year(ds) -> None:
    same = dataset_for_year(ds, 2021)
    for name in ("projects", "funding", "goals", "indicators", "findings"):
        assert len(getattr(same, name)) == len(getattr(ds, name)), name
    none = dataset_for_year(ds, 2022)
    assert none.projects.empty and none.indicators.empty and none.findings.empty
    assert len(ds.projects) == 5  # the input is not modified


def test_counts_per_project(aligned) -> None:
    from kpi_analysis.analysis.compare import pacing_counts, status_counts

    statuses = status_counts(aligned)
    assert list(statuses.columns) == ["same", "target_changed", "text_changed", "placeholder"]
    assert statuses.loc[2].tolist() == [4, 2, 1, 3]
    assert int(statuses.to_numpy().sum()) == len(aligned)
    verdicts = pacing_counts(pace_targets(aligned))
    assert list(verdicts.columns) == ["consistent", "not_comparable"]
    assert verdicts.loc[5].tolist() == [3, 2]


# --------------------------------------------------------------------------- what a target measures


def test_a_target_of_unclear_measure_gets_no_per_year_figure() -> None:
    row = _pace("12个", "5个", name="新建站点")
    assert (row["basis"], row["pacing"]) == ("unclear", "basis_unclear")
    assert pd.isna(row["ratio"]) and pd.isna(row["expected_annual"])


@pytest.mark.parametrize(
    "indicator, target, unit, per, kind",
    [
        ("审核机构编制事项", "市直62家行政机构", "家", None, "level"),
        ("群众满意度", "≥95%", "%", None, "level"),
        ("中文域名使用费", "300元/个", "元/个", None, "level"),
        ("召开座谈会", "每年不少于2次", "次", "年", "level"),
        ("开展培训", "不少于3次", "次", None, "flow"),
        ("培训人次", "600人次", "人次", None, "flow"),
        ("发表文章", "10篇", "篇", None, "flow"),
        ("项目支出", "≤90万元", "万元", None, "flow"),
        ("新建站点", "累计建成12个", "个", None, "total"),
        ("新建站点", "12个", "个", None, "unclear"),
    ],
)
def test_target_measure(indicator, target, unit, per, kind) -> None:
    from kpi_analysis.analysis.compare import target_measure

    assert target_measure(indicator, target, unit, per).kind == kind


def test_project_1_population_is_not_paced_per_year(aligned) -> None:
    """Project 1's 62家 target is a level: never 20.67家 a year, in the table or the chart data."""
    pace = pace_targets(aligned)
    unit = pace["unit"].astype("string").fillna("")
    rows = pace[(pace["project_no"].astype(int) == 1).to_numpy() & (unit == "家").to_numpy()]
    assert len(rows) and (rows["basis"] == "level").all()
    assert 20.67 not in rows["expected_annual"].astype(float).round(2).tolist()
    assert float(rows["expected_annual"].iloc[0]) == pytest.approx(62.0)


def test_pairs_keep_the_ordered_levels_and_names_outside_them() -> None:
    rows = paired(
        [
            ("满意度指标", "服务对象满意度指标", 1, "群众满意度", "≥90%", "≥90%"),
            ("实施效果指标", "本省特色指标", 1, "示范带动", "3个", "1个"),
            ("产出指标", "数量指标", 1, "开展培训", "30次", "10次"),
        ]
    )
    aligned = align_indicators(rows)
    ALIGNED.validate(aligned)
    assert aligned["level1"].cat.ordered
    assert list(aligned["level1"].cat.categories)[-1] == "实施效果指标"
    assert "本省特色指标" in aligned["level2"].cat.categories
    by_level = aligned.sort_values("level1", kind="stable")["level1"].astype(object).tolist()
    assert by_level == ["产出指标", "满意度指标", "实施效果指标"]
    counts = aligned.groupby("level1", observed=True).size()
    assert counts.index.tolist() == ["产出指标", "满意度指标", "实施效果指标"]
    PACING.validate(pace_targets(aligned))
