"""Rules on one indicator row's 指标值: vague words (R2), missing unit (R3), 100% targets (R5),
numbers that disagree between name, 指标值 and 绩效标准 (R8, R14) and unfilled template
content (R12)."""

from __future__ import annotations

import re

import pandas as pd

from kpi_analysis.analysis.compare import unit_scale
from kpi_analysis.analysis.review.profile import ReviewProfile
from kpi_analysis.analysis.review.rules import ReviewInput, finding, present, text, where
from kpi_analysis.text.grammar import TargetParse, parse_target

_MASK_RE = re.compile(r"\*{2,}|×{2,}|[xX]{2,}")
_NUMBER_RE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
_DATE_NUMBER_RE = re.compile(r"(?:19|20)\d{2}(?=年|[./-]\d)")


def _number(value: float) -> str:
    """``62.0`` → ``62``, ``2.5`` → ``2.5``."""
    return f"{value:g}"


def _quantity(parse: TargetParse) -> str:
    """``≥4次``; an equality shows no sign."""
    sign = "" if parse.comparator in (None, "=") else parse.comparator
    return f"{sign}{_number(float(parse.value))}{text(parse.unit)}"  # type: ignore[arg-type]


def _rows(tables: ReviewInput) -> pd.DataFrame:
    """Indicator rows that are not blank template rows."""
    frame = tables.indicators
    return frame[~frame["placeholder"].fillna(False).astype(bool)]


def check_vague(tables: ReviewInput, profile: ReviewProfile) -> list[dict[str, object]]:
    """R2: a qualitative 指标值 (no number, no date) built on vague words such as 逐步实现."""
    out = []
    for _, row in _rows(tables).iterrows():
        if row["kind"] != "qualitative":
            continue
        target = text(row["target"])
        words = [word for word in profile.vague_words if word in target]
        if not words:
            continue
        message = (
            f"{where(row)}的指标值「{target}」为模糊的定性表述（含“{'”“'.join(words)}”），"
            "没有可考核的数量、比例或完成时限，建议量化或采用分级分档表述。"
        )
        out.append(finding("R2", "warning", message, row))
    return out


def check_unit(tables: ReviewInput, profile: ReviewProfile) -> list[dict[str, object]]:
    """R3: a quantitative 指标值 without a unit of measure."""
    out = []
    for _, row in _rows(tables).iterrows():
        if row["kind"] == "quantitative" and not text(row["unit"]):
            message = (
                f"{where(row)}的指标值「{text(row['target'])}」有数值但没有计量单位，"
                "请补充单位（如%、次、万元）。"
            )
            out.append(finding("R3", "warning", message, row))
    return out


def _is_satisfaction(row: pd.Series, profile: ReviewProfile) -> bool:
    name = text(row["indicator"])
    return row["level2"] in profile.satisfaction_level2 or any(
        word in name for word in profile.satisfaction_words
    )


def check_ceiling(tables: ReviewInput, profile: ReviewProfile) -> list[dict[str, object]]:
    """R5: satisfaction targets of 100% or more; other rates above 100% (or written ≥100%)."""
    out = []
    for _, row in _rows(tables).iterrows():
        if row["kind"] != "quantitative" or row["unit"] != "%" or not present(row["value"]):
            continue
        comparator, value = text(row["comparator"]), float(row["value"])
        if comparator in ("≤", "<"):
            continue
        target = text(row["target"])
        if _is_satisfaction(row, profile):
            if value >= profile.satisfaction_ceiling:
                message = (
                    f"{where(row)}的满意度目标为「{target}」，"
                    f"达到{_number(profile.satisfaction_ceiling)}%的目标难以实现、缺乏区分度，"
                    "建议按历史水平或同类项目设定（如≥90%）。"
                )
                out.append(finding("R5", "warning", message, row))
        elif value > profile.rate_ceiling or (comparator == ">" and value >= profile.rate_ceiling):
            message = (
                f"{where(row)}的比率目标为「{target}」，超过{_number(profile.rate_ceiling)}%，"
                "比率不可能达到，请核实指标值。"
            )
            out.append(finding("R5", "warning", message, row))
        elif comparator == "≥" and value == profile.rate_ceiling:
            message = (
                f"{where(row)}的比率目标写作「{target}」，比率不能超过100%，"
                "“≥100%”实为“=100%”，建议如实表述。"
            )
            out.append(finding("R5", "info", message, row))
    return out


# --------------------------------------------------------------------------- numbers (R8, R14)


def _numbers(text_value: str) -> set[float]:
    """Every Arabic number in a text, except years (2021年, 2021.12)."""
    cleaned = _DATE_NUMBER_RE.sub(" ", text_value)
    return {float(match) for match in _NUMBER_RE.findall(cleaned)}


def _units_agree(left: object, right: object, profile: ReviewProfile, *, lenient: bool) -> bool:
    """Same base unit, units of one interchangeable group, or (``lenient``) one side unitless."""
    a, _ = unit_scale(left)
    b, _ = unit_scale(right)
    if a is None or b is None:
        return lenient
    if a == b:
        return True
    return any(a in group and b in group for group in profile.interchangeable_units)


def _scaled(parse: TargetParse) -> float:
    return float(parse.value) * unit_scale(parse.unit)[1]  # type: ignore[arg-type]


def _disagree(
    left: TargetParse,
    left_text: str,
    right: TargetParse,
    right_text: str,
    profile: ReviewProfile,
    *,
    lenient: bool,
) -> bool:
    """Two quantities disagree: comparable units, other values, and neither number in the other
    text (so "10家…2280名" agrees with a 绩效标准 of "2280名")."""
    if not _units_agree(left.unit, right.unit, profile, lenient=lenient):
        return False
    if abs(_scaled(left) - _scaled(right)) <= 1e-9 * max(1.0, abs(_scaled(left))):
        return False
    return left.value not in _numbers(right_text) and right.value not in _numbers(left_text)


def _quantity_of(cell: str) -> TargetParse | None:
    parse = parse_target(cell) if cell else None
    return parse if parse is not None and parse.kind == "quantitative" else None


def check_numbers(tables: ReviewInput, profile: ReviewProfile) -> list[dict[str, object]]:
    """R8 (a number in the name disagrees with 指标值 or 绩效标准) and R14 (指标值 vs 绩效标准).

    One finding per row: R8 when the name is part of the disagreement, else R14. Numbers are
    compared only when their units agree (the name needs a unit; a 绩效标准 without one is
    compared), so "12345热线" in a name never meets "95%".
    """
    out = []
    for _, row in _rows(tables).iterrows():
        name, target, standard = (text(row[c]) for c in ("indicator", "target", "standard"))
        named = _quantity_of(name)
        if named is not None and named.unit is None:
            named = None
        value = _quantity_of(target)
        norm = _quantity_of(standard)
        # the name is checked against the 指标值, or against the 绩效标准 when the value has no
        # number; a 绩效标准 that disagrees with a number-bearing value is R14's business
        if value is not None:
            other, other_text, lenient = value, target, False
        else:
            other, other_text, lenient = norm, standard, True
        name_bad = (
            profile.enabled("R8")
            and named is not None
            and other is not None
            and _disagree(named, name, other, other_text, profile, lenient=lenient)
        )
        value_bad = (
            value is not None
            and norm is not None
            and _disagree(value, target, norm, standard, profile, lenient=True)
        )
        if not (name_bad or value_bad):
            continue
        parts = []
        if named is not None:
            parts.append(f"三级指标名称写明{_quantity(named)}")
        if norm is not None:
            parts.append(f"绩效标准「{standard}」为{_quantity(norm)}")
        if value is not None:
            parts.append(f"指标值「{target}」为{_quantity(value)}")
        if name_bad:
            message = f"{where(row)}：{'，'.join(parts)}，名称中的数字与指标值不一致，请核实。"
            out.append(finding("R8", "error", message, row))
        else:
            message = f"{where(row)}：{'，'.join(parts)}，指标值与绩效标准不一致，请核实。"
            out.append(finding("R14", "error", message, row))
    return out


# --------------------------------------------------------------------------- placeholders (R12)


def check_placeholders(tables: ReviewInput, profile: ReviewProfile) -> list[dict[str, object]]:
    """R12: blank template rows, masked values (≤**万元), names or values left unfilled."""
    out = []
    for _, row in tables.indicators.iterrows():
        name, target = text(row["indicator"]), text(row["target"])
        number = row["indicator_no"]
        slot = f"指标{int(number)}：" if present(number) else "指标："
        if bool(row["placeholder"]) if present(row["placeholder"]) else not name:
            if not target and not text(row["standard"]):
                message = f"{where(row)}为空白模板行（“{slot}”后未填写），应填写指标或删除该行。"
            else:
                shown = target or text(row["standard"])
                message = f"{where(row)}未填写三级指标名称（指标值「{shown}」），请补充指标名称。"
        elif row["kind"] == "placeholder" or _MASK_RE.search(target):
            message = f"{where(row)}的指标值「{target}」是未填写的模板占位内容，请填写实际目标值。"
        elif _MASK_RE.search(name):
            message = f"{where(row)}的指标名称含模板占位内容（“**”），请填写实际内容。"
        elif row["kind"] == "empty":
            message = f"{where(row)}未填写指标值，请补充目标值。"
        else:
            continue
        out.append(finding("R12", "warning", message, row))
    return out
