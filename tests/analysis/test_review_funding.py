"""R11: funding identities and the narrative's 年度预算安排."""

from __future__ import annotations

from review_examples import CLEAN_INDICATORS, funding, paired, projects

from kpi_analysis.analysis.review import ReviewProfile, review

FUNDING = ReviewProfile.only("R11")


def _found(mid=(90.0, 90.0, 0.0), annual=(30.0, 30.0, 0.0), budget=30.0):
    return review(
        paired(CLEAN_INDICATORS), projects(budget=budget), funding(mid, annual), profile=FUNDING
    )


def test_balanced_funding_has_no_finding() -> None:
    assert _found().empty
    assert _found(mid=(90.0, 60.0, 30.0), annual=(30.0, 20.0, 10.0)).empty


def test_total_is_not_fiscal_plus_other() -> None:
    found = _found(mid=(90.0, 80.0, 0.0))
    assert len(found) == 1
    row = found.iloc[0]
    assert (row["rule"], row["severity"], row["period"]) == ("R11", "error", "mid_term")
    assert "中期资金总额90万元" in row["message"] and "80万元" in row["message"]
    assert "相差10万元" in row["message"]
    assert row["source"] == "example.txt#table=1,row=7,col=3"  # the mid-term total cell
    assert "S15" in row["basis"]


def test_rounding_is_tolerated() -> None:
    assert _found(annual=(30.0, 29.998, 0.0)).empty


def test_narrative_budget_differs_from_the_annual_total() -> None:
    found = _found(budget=35.0)
    assert found["severity"].tolist() == ["warning"]
    assert "年度预算安排35万元" in found.iloc[0]["message"]
    assert "年度资金总额30万元" in found.iloc[0]["message"]
