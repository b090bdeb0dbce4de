"""R13: typing defects in names, 指标值, 绩效标准 and goals — doubled words ("提高提高"),
doubled punctuation ("：："), and an indicator name that starts with punctuation (the loader
strips the "指标1：" label, so "指标1：：优化…" arrives as "：优化…")."""

from __future__ import annotations

import re

import pandas as pd

from kpi_analysis.analysis.review.profile import ReviewProfile
from kpi_analysis.analysis.review.rules import (
    ReviewInput,
    finding,
    present,
    project_period,
    text,
    where,
)

_CJK = "\u4e00-\u9fff"
_LEADING_PUNCT = "：:，,。.；;、"
_FIELDS = (("indicator", "三级指标名称"), ("target", "指标值"), ("standard", "绩效标准"))


def _patterns(profile: ReviewProfile) -> list[re.Pattern[str]]:
    patterns = [re.compile(rf"([{_CJK}]{{{profile.doubled_min_chars},8}})\1")]
    if profile.doubled_single_chars:
        patterns.append(re.compile(f"([{re.escape(profile.doubled_single_chars)}])\\1"))
    if profile.doubled_punctuation:
        patterns.append(re.compile(f"([{re.escape(profile.doubled_punctuation)}])\\1"))
    patterns.append(re.compile("[：:]{2,}"))  # mixed full-width and ASCII colons
    return patterns


def defects(value: str, profile: ReviewProfile) -> list[str]:
    """The doubled runs found in ``value`` ("提高提高", "：：" …), in order, without repeats."""
    found: dict[str, None] = {}
    for pattern in _patterns(profile):
        for match in pattern.finditer(value):
            found.setdefault(match.group(0), None)
    return list(found)


def _indicator_findings(row: pd.Series, profile: ReviewProfile) -> list[dict[str, object]]:
    out = []
    problems = []
    name = text(row["indicator"])
    if name and name[0] in _LEADING_PUNCT:
        number = row["indicator_no"]
        slot = f"指标{int(number)}" if present(number) else "指标"
        problems.append(
            f"三级指标名称以“{name[0]}”开头，原文为“{slot}{name[0] * 2}{name[1:]}”，标点重复"
        )
    for field, label in _FIELDS:
        runs = defects(text(row[field]), profile)
        if runs:
            problems.append(f"{label}中“{'”“'.join(runs)}”重复")
    if problems:
        message = f"{where(row)}：{'；'.join(problems)}，属录入错误，请更正。"
        out.append(finding("R13", "info", message, row))
    return out


def check_text(tables: ReviewInput, profile: ReviewProfile) -> list[dict[str, object]]:
    """R13 over indicator rows (one finding per row) and goals (one per goal)."""
    out: list[dict[str, object]] = []
    for _, row in tables.indicators.iterrows():
        out += _indicator_findings(row, profile)
    for _, goal in tables.goals.iterrows():
        runs = defects(text(goal["goal"]), profile)
        if not runs:
            continue
        context, label = project_period(goal)
        message = (
            f"{label}绩效目标{int(goal['goal_no']) if present(goal['goal_no']) else ''}中"
            f"“{'”“'.join(runs)}”重复，属录入错误，请更正。"
        )
        out.append(finding("R13", "info", message, context, source=goal["source"]))
    return out
