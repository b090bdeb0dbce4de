"""The profile, the rule registry and the findings table as a whole (clean forms stay clean)."""

from __future__ import annotations

import re
from dataclasses import FrozenInstanceError, replace

import pytest
from review_examples import (
    CLEAN_INDICATORS,
    clean_tables,
    funding,
    goals,
    paired,
    projects,
)

from kpi_analysis.analysis.review import CHECKS, FINDINGS, RULE_IDS, RULES, ReviewProfile, review
from kpi_analysis.tables import schema


def test_the_clean_form_has_no_finding_under_every_rule() -> None:
    tables = clean_tables()
    found = review(**tables)
    FINDINGS.validate(found)
    assert found.empty


def test_clean_rows_inputs_are_not_modified() -> None:
    tables = clean_tables()
    copies = {name: frame.copy() for name, frame in tables.items()}
    review(**tables)
    for name, frame in tables.items():
        assert frame.equals(copies[name]), name


def test_no_tables_at_all() -> None:
    assert review(schema.INDICATORS.empty()).empty


def test_each_defect_is_found_once_and_by_its_rule() -> None:
    """One defect per rule added to the clean form gives exactly that rule's finding."""
    rows = list(CLEAN_INDICATORS)
    rows[0] = ("产出指标", "数量指标", 1, "开展业务培训10次", "不少于6次", "不少于2次")  # R8
    rows[2] = ("产出指标", "质量指标", 1, "培训合格率", "逐步提高", "逐步提高")  # R2 ×2
    found = review(paired(rows), projects(attribute=None), funding(), goals())
    assert sorted(found["rule"]) == ["R16", "R2", "R2", "R8", "R8"]


def test_every_rule_has_a_basis_and_a_check() -> None:
    assert set(RULES) == set(RULE_IDS)
    covered = {rule for rules, _ in CHECKS for rule in rules}
    assert covered == set(RULE_IDS)
    for rule in RULES.values():
        assert rule.basis and rule.name
        assert re.search(r"\bS\d+|HEURISTIC", rule.basis), rule.id
        assert rule.cited.endswith(f"详见 docs/rules.md#{rule.id.lower()}。")
    heuristic = {r.id for r in RULES.values() if "启发式规则 HEURISTIC" in r.basis}
    # docs/rules.md#rules marks R2, R4, R5, R7, R8 as heuristic (word lists, keyword maps, formulas)
    assert {"R2", "R4", "R5", "R7", "R8"} <= heuristic
    assert "R11" not in heuristic and "R16" not in heuristic


def test_switching_a_rule_off() -> None:
    tables = clean_tables()
    tables["projects"] = projects(attribute=None)
    assert review(**tables)["rule"].tolist() == ["R16"]
    off = ReviewProfile(disabled=frozenset({"R16"}))
    assert review(**tables, profile=off).empty
    assert ReviewProfile.only("R16").enabled("R16")
    assert not ReviewProfile.only("R16").enabled("R1")


def test_profile_is_frozen_and_validated() -> None:
    profile = ReviewProfile()
    with pytest.raises(FrozenInstanceError):
        profile.satisfaction_ceiling = 90.0  # type: ignore[misc]
    with pytest.raises(ValueError, match="R99"):
        ReviewProfile.only("R99")
    assert replace(profile, satisfaction_ceiling=90.0).satisfaction_ceiling == 90.0
