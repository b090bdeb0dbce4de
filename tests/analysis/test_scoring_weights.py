"""Weights: equal split within a class, missing-class policies, 成本 as a first-level class."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi_analysis.analysis.scoring import CENTRAL_2020, HB_VARIANT, assign_weights, split_equal


def _rows(counts: dict[str, int], weights: list[float | None] | None = None) -> pd.DataFrame:
    level1 = [name for name, n in counts.items() for _ in range(n)]
    frame = pd.DataFrame({"project": "甲", "year": 2021, "level1": level1})
    if weights is not None:
        frame["weight"] = pd.array(weights, dtype="Float64")
    return frame


def _class_sums(frame: pd.DataFrame) -> dict[str, float]:
    return {k: round(v, 2) for k, v in frame.groupby("level1")["weight"].sum().items()}


def test_split_equal_in_cents_sums_exactly() -> None:
    assert split_equal(50, 6) == [8.34, 8.34, 8.33, 8.33, 8.33, 8.33]
    assert split_equal(30, 7) == [4.29, 4.29, 4.29, 4.29, 4.28, 4.28, 4.28]
    assert split_equal(10, 2) == [5.0, 5.0]
    assert round(sum(split_equal(50, 6)), 2) == 50
    assert split_equal(10, 0) == []


def test_equal_split_gives_class_weights_and_90_in_all() -> None:
    rows = _rows({"产出指标": 6, "效益指标": 7, "满意度指标": 2})
    out = assign_weights(rows)
    assert _class_sums(out) == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
    assert round(float(out["weight"].sum()), 2) == 90
    assert set(out["weight_basis"]) == {"equal_split"}
    assert all("weights_equal_split" in f for f in out["weight_flags"])
    assert "产出指标+成本指标 50 ÷ 6 行" in out.loc[0, "weight_note"]
    assert "weight" not in rows.columns  # input untouched


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("to_output", {"产出指标": 60, "效益指标": 30}),  # S7: 产出 60 + 效益 30
        ("proportional", {"产出指标": 56.25, "效益指标": 33.75}),  # 50 × 90/80, 30 × 90/80
        ("rescale_to_100", {"产出指标": 50, "效益指标": 30}),  # total rescaled later (S9)
    ],
)
def test_missing_class_policies(policy: str, expected: dict[str, float]) -> None:
    profile = CENTRAL_2020.with_options(missing_class_policy=policy)
    out = assign_weights(_rows({"产出指标": 1, "效益指标": 1}), profile)
    assert _class_sums(out) == expected
    assert all("missing_class" in f for f in out["weight_flags"])
    assert ("missing_class_rescaled" in out.loc[0, "weight_flags"]) == (policy == "rescale_to_100")
    assert "缺少满意度指标" in out.loc[0, "weight_note"]


def test_given_weights_are_kept_and_checked() -> None:
    good = assign_weights(_rows({"产出指标": 2, "效益指标": 1, "满意度指标": 1}, [25, 25, 30, 10]))
    assert good["weight"].tolist() == [25, 25, 30, 10]
    assert set(good["weight_basis"]) == {"given"}
    assert good.loc[0, "weight_flags"] == ""
    bad = assign_weights(_rows({"产出指标": 2, "效益指标": 1, "满意度指标": 1}, [25, 30, 30, 10]))
    assert "weight_sum_mismatch" in bad.loc[0, "weight_flags"]
    assert "class_weight_differs" in bad.loc[0, "weight_flags"]
    assert "指标分值合计 95，应为 90" in bad.loc[0, "weight_note"]


def test_partly_given_weights_share_the_rest_of_the_class() -> None:
    out = assign_weights(
        _rows({"产出指标": 3, "效益指标": 1, "满意度指标": 1}, [10, None, None, None, None])
    )
    assert out["weight"].tolist() == [10, 20, 20, 30, 10]
    assert "weights_partly_given" in out.loc[0, "weight_flags"]


def test_cost_first_level_class_shares_output_weight_by_rows() -> None:
    rows = _rows({"产出指标": 3, "成本指标": 2, "效益指标": 1, "满意度指标": 1})
    out = assign_weights(rows)
    assert out["weight"].tolist()[:5] == [10, 10, 10, 10, 10]  # 50 over 3 + 2 rows
    assert all("cost_shares_output" in f for f in out["weight_flags"])
    assert "missing_class" not in out.loc[0, "weight_flags"]


def test_hb_variant_shares_benefit_and_satisfaction() -> None:
    out = assign_weights(_rows({"产出指标": 2, "效益指标": 3, "满意度指标": 1}), HB_VARIANT)
    assert out["weight"].tolist() == [20, 20, 10, 10, 10, 10]
    assert round(float(out["weight"].sum()), 2) == 80  # 100 − 20


def test_unknown_class_gets_no_weight() -> None:
    out = assign_weights(_rows({"产出指标": 1, "效益指标": 1, "满意度指标": 1, "其他指标": 1}))
    assert out["weight"].tolist() == [50, 30, 10, 0]
    assert "unknown_class" in out.loc[3, "weight_flags"]
    assert "unknown_class" not in out.loc[0, "weight_flags"]


def test_groups_are_per_project_and_year() -> None:
    a = _rows({"产出指标": 2, "效益指标": 1, "满意度指标": 1})
    b = _rows({"产出指标": 1, "效益指标": 1, "满意度指标": 1}).assign(year=2022)
    out = assign_weights(pd.concat([a, b], ignore_index=True))
    assert out["weight"].tolist() == [25, 25, 30, 10, 50, 30, 10]
