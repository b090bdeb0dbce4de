"""Completeness of the form: the indicator tree (R1) and the 项目属性 field (R16)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from kpi_analysis.analysis.compare import document_of
from kpi_analysis.analysis.review.profile import ReviewProfile
from kpi_analysis.analysis.review.rules import (
    ReviewInput,
    finding,
    period_label,
    project_label,
    text,
)


def _filled(indicators: pd.DataFrame) -> pd.Series:
    """Rows that are real indicators, not blank template rows."""
    return ~indicators["placeholder"].fillna(False).astype(bool)


def _present_and_missing(column: pd.Series, required: Sequence[str]) -> tuple[list[str], list[str]]:
    """The classes filled in ``column`` (first-seen order) and the ``required`` ones not there."""
    present = list(dict.fromkeys(column.dropna()))
    return present, [name for name in required if name not in present]


def check_tree(tables: ReviewInput, profile: ReviewProfile) -> list[dict[str, object]]:
    """R1: every 一级 class present; 产出 has 数量/质量/时效 (blank template rows do not count)."""
    out: list[dict[str, object]] = []
    frame = tables.indicators.assign(document=document_of(tables.indicators["source"]))
    if frame.empty:
        return out
    for (_, _, period), rows in frame.groupby(
        ["document", "project_no", "period"], sort=False, dropna=False
    ):
        first = rows.iloc[0]
        context = {"project_no": first["project_no"], "project": first["project"], "period": period}
        label = project_label(context) + period_label(
            period, first["year_start"], first["year_end"]
        )
        real = rows[_filled(rows)]
        if real.empty:
            message = f"{label}没有填写任何绩效指标（只有空白模板行），指标体系不完整。"
            out.append(finding("R1", "error", message, context, source=first["source"]))
            continue
        level1, missing = _present_and_missing(real["level1"], profile.required_level1)
        if missing:
            message = (
                f"{label}缺少一级指标：{'、'.join(missing)}"
                f"（现有：{'、'.join(level1) or '无'}），指标体系不完整。"
            )
            out.append(finding("R1", "error", message, context, source=real.iloc[0]["source"]))
        output = real[real["level1"] == "产出指标"]
        if output.empty:
            continue
        level2, missing = _present_and_missing(output["level2"], profile.required_output_level2)
        if missing:
            message = (
                f"{label}产出指标下缺少{'、'.join(missing)}（现有：{'、'.join(level2)}），"
                "请确认是否因项目特点不设该类指标。"
            )
            row_context = {**context, "level1": "产出指标"}
            out.append(
                finding("R1", "warning", message, row_context, source=output.iloc[0]["source"])
            )
    return out


def check_attribute(tables: ReviewInput, profile: ReviewProfile) -> list[dict[str, object]]:
    """R16: 项目属性 neither 新增项目 nor 延续项目 (points at the loader's cell when it has one)."""
    out: list[dict[str, object]] = []
    projects = tables.projects
    if projects.empty:
        return out
    loader = tables.loader_findings
    unmarked = loader[loader["code"] == "attribute_unmarked"] if len(loader) else loader
    for _, project in projects[projects["attribute"].isna()].iterrows():
        source = text(project["source"])
        table_prefix = source.split(",row=")[0] + ","
        cell = unmarked[unmarked["source"].astype(str).str.startswith(table_prefix)]
        context = {"project_no": project["project_no"], "project": project["project"]}
        if len(cell):
            raw = " ".join(text(cell.iloc[0]["text"]).split())
            shown = f"（原文“{raw}”）" if raw else ""
            message = f"{project_label(context)}项目属性未勾选{shown}，应标明新增项目或延续项目。"
            source = cell.iloc[0]["source"]
        else:
            message = f"{project_label(context)}未填写项目属性，应标明新增项目或延续项目。"
        out.append(finding("R16", "warning", message, context, source=source))
    return out
