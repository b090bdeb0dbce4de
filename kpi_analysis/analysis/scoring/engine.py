"""The scoring engine: indicator rows with actuals in, explained scores out.

:func:`score_indicators` takes one row per project × year × indicator with the target and
the actual (from the actuals workbook, or from a self-evaluation form reader that also fills
``weight`` with the form's 分值 and ``published_score`` with its 得分) and returns one
scored row each. :func:`summarise` adds the budget execution score and gives one row per
project × year with the total and the grade. Both are pure: inputs are never modified.

Input columns of :func:`score_indicators`:

* required: ``project``, ``year``, ``level1``, ``indicator``, ``target``;
* optional: ``project_no``, ``level2``, ``indicator_no``, ``kind``/``comparator``/``value``/
  ``unit`` (the parse of ``target``; parsed here when absent), ``actual`` (text or number),
  ``actual_value`` (the number in ``actual``, parsed here when absent), ``weight`` (分值 on the
  form; NA = derive from the profile), ``published_score`` (得分 on the form), ``reason``
  (偏差原因分析), ``target_period`` (``annual`` or ``mid_term``), ``placeholder``, ``source``.

Rounding and grades: every score is rounded half up to 2 decimals; the total is the sum of
the rounded scores, rounded again, and the grade is decided on that 2-decimal total, i.e.
on the number printed on the form (89.995 → 90.00 → 优; 89.994 → 89.99 → 良).
"""

from __future__ import annotations

import pandas as pd

from kpi_analysis.analysis.scoring.execution import EXECUTION, has_reason, score_execution
from kpi_analysis.analysis.scoring.flags import describe_flags, join_flags
from kpi_analysis.analysis.scoring.profiles import ScoringProfile, get_profile
from kpi_analysis.analysis.scoring.qualitative import score_qualitative
from kpi_analysis.analysis.scoring.quantitative import (
    IndicatorScore,
    score_quantitative,
)
from kpi_analysis.analysis.scoring.weights import assign_weights
from kpi_analysis.tables.schema import FLOAT, INT, LEVEL1, LEVEL2, RATE, SCORE, STRING, TableSchema
from kpi_analysis.text.grammar import parse_actual_number, parse_targets
from kpi_analysis.text.numbers import TOLERANCE, as_float, fmt, fmt2, is_missing, pct, round2

REQUIRED = ("project", "year", "level1", "indicator", "target")
OPTIONAL = (
    "project_no",
    "level2",
    "indicator_no",
    "actual",
    "actual_value",
    "weight",
    "published_score",
    "reason",
    "target_period",
    "placeholder",
    "source",
)
PARSE_COLUMNS = ("kind", "comparator", "value", "unit")

SCORES = TableSchema(
    "scores",
    (
        ("project_no", INT),
        ("project", STRING),
        ("year", INT),
        ("level1", LEVEL1),
        ("level2", LEVEL2),
        ("indicator_no", INT),
        ("indicator", STRING),
        ("target", STRING),
        ("target_period", STRING),
        ("actual", STRING),
        ("weight", FLOAT, SCORE),
        ("weight_basis", STRING),
        ("method", STRING),
        ("band", STRING),
        ("completion", FLOAT, RATE),
        ("score", FLOAT, SCORE),
        ("published_score", FLOAT, SCORE),
        ("score_diff", FLOAT, SCORE),
        ("reason", STRING),
        ("explanation", STRING),
        ("flags", STRING),
        ("profile", STRING),
        ("source", STRING),
    ),
)
"""One row per project × year × indicator (``completion`` = B/A, or A/B for 反向)."""

SUMMARY = TableSchema(
    "summary",
    (
        ("project_no", INT),
        ("project", STRING),
        ("year", INT),
        ("execution_rate", FLOAT, RATE),
        ("execution_score", FLOAT, SCORE),
        ("indicator_weight", FLOAT, SCORE),
        ("indicator_score", FLOAT, SCORE),
        ("total", FLOAT, SCORE),
        ("grade", STRING),
        ("published_total", FLOAT, SCORE),
        ("total_diff", FLOAT, SCORE),
        ("unscored", INT),
        ("explanation", STRING),
        ("flags", STRING),
        ("profile", STRING),
    ),
)
"""One row per project × year."""

SUMMARY_FLAGS = (
    "missing_class",
    "missing_class_rescaled",
    "cost_shares_output",
    "weight_sum_mismatch",
    "class_weight_differs",
    "weights_partly_given",
)


def _text(value: object) -> str | None:
    """A cell value as text: numbers without a trailing ``.0``; missing → None."""
    if is_missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every optional column present, targets parsed and template blanks dropped."""
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise ValueError(f"score_indicators: missing columns {missing}")
    out = frame.reset_index(drop=True).copy()
    for name in OPTIONAL:
        if name not in out.columns:
            out[name] = pd.NA
    if any(c not in out.columns for c in PARSE_COLUMNS):
        parsed = parse_targets(out["target"].astype("string").fillna(""))
        for name in PARSE_COLUMNS:
            out[name] = parsed[name].to_numpy()
    keep = [
        not (
            (not _text(row["indicator"]) and not _text(row["target"]))
            or (
                row["placeholder"] is True
                and not _text(row["actual"])
                and as_float(row["weight"]) is None
            )
        )
        for row in out.to_dict("records")
    ]
    return out[keep].reset_index(drop=True)


def _actual_number(row: dict) -> tuple[float | None, str | None]:
    value = as_float(row.get("actual_value"))
    if value is not None:
        return value, None
    return parse_actual_number(row.get("actual"))


def score_row(row: dict, weight: float, profile: ScoringProfile) -> IndicatorScore:
    """Score one indicator row (weight already decided)."""
    actual_text = _text(row.get("actual"))
    number, actual_unit = _actual_number(row)
    value = as_float(row.get("value"))
    comparator = None if is_missing(row.get("comparator")) else str(row["comparator"])
    numeric_target = row.get("kind") == "quantitative" and value is not None and comparator
    if numeric_target and number is not None:
        unit = None if is_missing(row.get("unit")) else str(row["unit"])
        return score_quantitative(
            weight, comparator, value, number, profile, target_unit=unit, actual_unit=actual_unit
        )
    if not actual_text:
        return IndicatorScore(None, "unscored", "缺少实际完成值，未计分", ("actual_missing",))
    year = None if is_missing(row.get("year")) else int(row["year"])
    result = score_qualitative(
        weight,
        actual_text,
        profile,
        target=row.get("target"),
        year=year,
        given_score=row.get("published_score"),
    )
    if numeric_target:
        return IndicatorScore(
            result.score,
            result.method,
            "定量目标但实际完成值为文字，按定性档次计分；" + result.explanation,
            (*result.flags, "text_actual_for_numeric_target"),
            band=result.band,
        )
    return result


def score_indicators(
    targets_with_actuals: pd.DataFrame, profile: ScoringProfile | str | None = None
) -> pd.DataFrame:
    """Score each indicator row; see the module docstring for the columns.

    Rows that are template blanks (no indicator and no target, or placeholder rows with
    nothing filled in) are not scored.
    """
    profile = get_profile(profile)
    frame = assign_weights(_prepare(targets_with_actuals), profile)
    rows = []
    for record in frame.to_dict("records"):
        weight = as_float(record["weight"]) or 0.0
        result = score_row(record, weight, profile)
        flags = [record["weight_flags"], *result.flags]
        parts = [str(record["weight_note"]), result.explanation]
        if record.get("target_period") == "mid_term":
            flags.append("target_from_mid_term")
            parts.append("目标来源：中期目标（该年度无年度目标）")
        published = as_float(record.get("published_score"))
        diff = None
        if published is not None and result.score is not None:
            diff = round2(published - result.score)
            parts.append(f"表中得分 {fmt2(published)}，差 {fmt2(diff)}")
            if abs(diff) > TOLERANCE:
                flags.append("published_differs")
        reason = _text(record.get("reason"))
        if (
            result.score is not None
            and result.score < weight - TOLERANCE
            and not has_reason(reason)
        ):
            flags.append("shortfall_without_reason")
        if result.score is not None and result.score >= weight - TOLERANCE and has_reason(reason):
            flags.append("full_score_with_reason")
        codes = join_flags(flags)
        if codes:
            parts.append(f"提示：{describe_flags(codes)}")
        parts.append(f"评分规则 {profile.label()}")
        rows.append(
            {
                **{name: record.get(name) for name in SCORES.names},
                "target": _text(record.get("target")),
                "actual": _text(record.get("actual")),
                "weight": weight,
                "weight_basis": record["weight_basis"],
                "method": result.method,
                "band": result.band,
                "completion": None if result.completion is None else round(result.completion, 6),
                "score": result.score,
                "published_score": published,
                "score_diff": diff,
                "reason": reason,
                "explanation": "；".join(p for p in parts if p),
                "flags": codes,
                "profile": profile.name,
                "source": _text(record.get("source")),
            }
        )
    return _coerce(SCORES, rows)


def _coerce(table: TableSchema, rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=table.names).astype(object)
    frame = frame.where(frame.notna(), None)
    return table.coerce(frame)


def _published_indicator_sum(part: pd.DataFrame) -> float | None:
    values = [as_float(v) for v in part["published_score"]]
    if not values or any(v is None for v in values):
        return None
    return round2(sum(values))  # type: ignore[arg-type]


def summarise(
    scores: pd.DataFrame,
    execution: pd.DataFrame | None = None,
    profile: ScoringProfile | str | None = None,
) -> pd.DataFrame:
    """One row per project × year: execution score + indicator scores = total, and the grade.

    ``execution`` is the output of
    :func:`~kpi_analysis.analysis.scoring.execution.score_execution`, or a
    funding table it accepts (scored here). Under ``rescale_to_100`` a project-year missing a
    class has its total scaled by 100 ÷ (execution weight + its indicator weights).
    """
    profile = get_profile(profile)
    if execution is None:
        execution = EXECUTION.empty()
    elif "execution_score" not in execution.columns:
        execution = score_execution(execution, profile)
    keys = ["project", "year"]
    by_key: dict[tuple, dict] = {}
    for key, part in scores.groupby(keys, dropna=False, sort=False):
        unscored = int(part["score"].isna().sum())
        flags = [
            code
            for code in SUMMARY_FLAGS
            if part["flags"].fillna("").str.split(";").map(lambda c, x=code: x in c).any()
        ]
        if unscored:
            flags.append("unscored_rows")
        by_key[tuple(key)] = {
            "project_no": part["project_no"].dropna().iloc[0]
            if part["project_no"].notna().any()
            else None,
            "indicator_weight": round2(float(part["weight"].fillna(0).sum())),
            "indicator_score": round2(float(part["score"].fillna(0).sum())),
            "published_indicators": _published_indicator_sum(part),
            "unscored": unscored,
            "flags": flags,
        }
    for record in execution.to_dict("records"):
        key = (record["project"], record["year"])
        entry = by_key.setdefault(
            key, {"project_no": record["project_no"], "flags": ["indicators_missing"]}
        )
        entry["execution"] = record
        if is_missing(entry.get("project_no")):
            entry["project_no"] = record["project_no"]
    rows = []
    for (project, year), entry in by_key.items():
        rows.append(_summary_row(project, year, entry, profile))
    frame = _coerce(SUMMARY, rows)
    return frame.sort_values(["year", "project_no", "project"], na_position="last").reset_index(
        drop=True
    )


def _summary_row(project: object, year: object, entry: dict, profile: ScoringProfile) -> dict:
    flags = list(entry.get("flags", []))
    execution = entry.get("execution")
    exec_score = exec_rate = published_exec = published_total = None
    if execution is None:
        flags.append("execution_missing")
    else:
        exec_score = as_float(execution["execution_score"])
        exec_rate = as_float(execution["execution_rate"])
        published_exec = as_float(execution.get("published_score"))
        published_total = as_float(execution.get("published_total"))
        flags.extend(str(execution.get("flags") or "").split(";"))
    indicator_score = entry.get("indicator_score")
    indicator_weight = entry.get("indicator_weight")
    raw = (exec_score or 0.0) + (indicator_score or 0.0)
    total = round2(raw)
    text = (
        f"总分 = 预算执行率得分 {fmt2(exec_score)}"
        f"（执行率 {pct(exec_rate)}）+ 指标得分 {fmt2(indicator_score)} = {fmt2(total)}"
    )
    if "missing_class_rescaled" in flags and indicator_weight:
        base = profile.execution_weight + indicator_weight
        total = round2(raw * 100 / base)
        text += f"；缺少一级指标，按百分制折算：{fmt2(raw)} × 100 ÷ {fmt(base)} = {fmt2(total)}"
    grade = profile.grade(total)
    if profile.grade_bands is None:
        text += "；本规则不评级"
    else:
        bands = "、".join(
            f"{band.label}≥{fmt(band.lower)}" if band.lower else f"{band.label}<{fmt(prev.lower)}"
            for band, prev in zip(profile.grade_bands, (None, *profile.grade_bands), strict=False)
        )
        text += f" → {grade}（{bands}；按两位小数四舍五入后的总分评级）"
    if published_total is None and published_exec is not None:
        published_indicators = entry.get("published_indicators")
        if published_indicators is not None:
            published_total = round2(published_exec + published_indicators)
    diff = None
    if published_total is not None:
        diff = round2(published_total - total)
        text += f"；表中总分 {fmt2(published_total)}，差 {fmt2(diff)}"
        if abs(diff) > TOLERANCE:
            flags.append("total_differs")
    codes = join_flags(flags)
    if codes:
        text += f"；提示：{describe_flags(codes)}"
    text += f"；评分规则 {profile.label()}"
    return {
        "project_no": entry.get("project_no"),
        "project": project,
        "year": year,
        "execution_rate": exec_rate,
        "execution_score": exec_score,
        "indicator_weight": indicator_weight,
        "indicator_score": indicator_score,
        "total": total,
        "grade": grade,
        "published_total": published_total,
        "total_diff": diff,
        "unscored": entry.get("unscored", 0),
        "explanation": text,
        "flags": codes,
        "profile": profile.name,
    }
