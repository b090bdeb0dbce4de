"""The target review an auditor writes about a 绩效目标表: one row per finding.

:func:`review` runs every rule switched on in a :class:`ReviewProfile` over the tidy tables
and returns the findings table (columns: :data:`FINDINGS`), sorted by severity and then by
document order. Each finding names its rule (R1… as in docs/rules.md#rules, R13–R16 added), its
severity (``error`` / ``warning`` / ``info``), the project, period and indicator, the cell it
points to (``source``), a Chinese ``message`` to paste into a review memo, and the rule's
``basis`` with its source.

=====  =======  ===========================================================================
rule   default  checks
=====  =======  ===========================================================================
R1     E / W    完整性: 一级 classes (error), 数量/质量/时效 under 产出 (warning)
R2     W        vague qualitative 指标值 (逐步实现, 稳步提高 …)
R3     W        quantitative 指标值 without a unit
R4     W        direction clash: cost or time limit with ≥, positive rate with ≤
R5     W / I    satisfaction ≥ 100%, rate > 100% (warning); rate written "≥100%" (info)
R6     W        no filled-in cost indicator
R7     E/W/I    annual vs mid-term: pacing verdicts, unmatched indicators, funding
R8     E        a number in the indicator name disagrees with 指标值 or 绩效标准
R11    E / W    funding identities (error); 年度预算安排 ≠ annual total (warning)
R12    W        blank template rows, "**" placeholders, unfilled names or values
R13    I        doubled words or punctuation ("提高提高", "指标1：：")
R14    E        指标值 disagrees with 绩效标准
R15    W        a 成本指标 row with no money or cost in it
R16    W        项目属性 not marked
=====  =======  ===========================================================================

>>> from kpi_analysis import load
>>> from kpi_analysis.cli.paths import DEFAULT_INPUT
>>> findings = review_dataset(load(DEFAULT_INPUT))
>>> findings.iloc[0]["severity"]
'error'
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from kpi_analysis.analysis.compare import compare_targets, funding_phasing
from kpi_analysis.analysis.review import (
    completeness,
    consistency,
    cost,
    direction,
    funding,
    text_defects,
    values,
)
from kpi_analysis.analysis.review.profile import RULE_IDS, ReviewProfile
from kpi_analysis.analysis.review.rules import FINDINGS, RULES, ReviewInput, findings_frame
from kpi_analysis.tables import schema
from kpi_analysis.tables.targets import Dataset

__all__ = ["CHECKS", "FINDINGS", "RULES", "RULE_IDS", "ReviewProfile", "review", "review_dataset"]

Check = Callable[[ReviewInput, ReviewProfile], list[dict[str, object]]]

#: Each check with the rule ids it reports, in the order they run. A check runs when one of
#: its rules is switched on; findings of switched-off rules are dropped.
CHECKS: tuple[tuple[tuple[str, ...], Check], ...] = (
    (("R16",), completeness.check_attribute),
    (("R1",), completeness.check_tree),
    (("R2",), values.check_vague),
    (("R3",), values.check_unit),
    (("R4",), direction.check_direction),
    (("R5",), values.check_ceiling),
    (("R6",), cost.check_missing),
    (("R15",), cost.check_content),
    (("R7",), consistency.check_indicators),
    (("R7",), consistency.check_funding),
    (("R8", "R14"), values.check_numbers),
    (("R11",), funding.check_identities),
    (("R12",), values.check_placeholders),
    (("R13",), text_defects.check_text),
)


def _or_empty(frame: pd.DataFrame | None, table: schema.TableSchema) -> pd.DataFrame:
    return table.empty() if frame is None else frame


def review(
    indicators: pd.DataFrame,
    projects: pd.DataFrame | None = None,
    funding: pd.DataFrame | None = None,
    goals: pd.DataFrame | None = None,
    findings: pd.DataFrame | None = None,
    *,
    profile: ReviewProfile | None = None,
) -> pd.DataFrame:
    """Review the tidy tables; return one row per finding (see the module docstring).

    ``findings`` are the loader's findings (its ``attribute_unmarked`` finding gives R16 the
    项目属性 cell). Inputs are not modified.
    """
    profile = profile or ReviewProfile()
    indicators = _or_empty(indicators, schema.INDICATORS)
    projects = _or_empty(projects, schema.PROJECTS)
    funding_table = _or_empty(funding, schema.FUNDING)
    tables = ReviewInput(
        indicators=indicators,
        projects=projects,
        funding=funding_table,
        goals=_or_empty(goals, schema.GOALS),
        loader_findings=_or_empty(findings, schema.FINDINGS),
        comparison=compare_targets(indicators, profile=profile.comparison),
        phasing=funding_phasing(funding_table, projects, profile=profile.comparison),
    )
    tables = ReviewInput(**{name: _plain(value) for name, value in vars(tables).items()})
    records: list[dict[str, object]] = []
    for rules, check in CHECKS:
        if any(profile.enabled(rule) for rule in rules):
            records += check(tables, profile)
    records = [r for r in records if profile.enabled(str(r["rule"]))]
    return findings_frame(records)


def _plain(frame: object) -> object:
    """``frame`` with its text columns as objects and missing text as None.

    The checks compare cells one row at a time (``row["unit"] != "%"``); a pandas ``NA``
    there would raise instead of comparing, so missing text is None for them.
    """
    if not isinstance(frame, pd.DataFrame):
        return frame
    text = [c for c in frame.columns if isinstance(frame[c].dtype, pd.StringDtype)]
    if not text:
        return frame
    out = frame.copy()
    for column in text:
        out[column] = out[column].astype(object).where(out[column].notna(), None)
    return out


def review_dataset(dataset: Dataset, profile: ReviewProfile | None = None) -> pd.DataFrame:
    """:func:`review` over every table of a loaded :class:`~kpi_analysis.tables.targets.Dataset`."""
    return review(
        dataset.indicators,
        dataset.projects,
        dataset.funding,
        dataset.goals,
        dataset.findings,
        profile=profile,
    )
