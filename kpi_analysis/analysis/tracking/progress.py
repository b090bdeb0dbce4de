"""Cumulative progress toward each mid-term target, year by year, with status colours.

Yearly actuals add up toward the mid-term target by a method per indicator (HEURISTIC,
configurable in :class:`ProgressProfile`): ``sum`` for counts and amounts, ``latest`` for
rates, percentages, per-period targets, time limits, and targets the annual tables restate
unchanged. Progress is compared with what is due by then (k/n of an n-year period for sums),
and the pace gets a status from :class:`~kpi_analysis.analysis.tracking.bands.StatusBands`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import pandas as pd

from kpi_analysis.analysis.compare import (
    ComparisonProfile,
    document_of,
    name_key,
    target_measure,
    unit_scale,
)
from kpi_analysis.analysis.tracking.bands import DEFAULT_STATUS_BANDS, StatusBands
from kpi_analysis.analysis.tracking.changes import document_order
from kpi_analysis.analysis.tracking.targets import match_rows
from kpi_analysis.tables.schema import ordered_levels
from kpi_analysis.tables.year_targets import project_key, project_numbers
from kpi_analysis.text.grammar import parse_actual_number, parse_target
from kpi_analysis.text.numbers import as_float, is_missing

__all__ = [
    "DEFAULT_PROGRESS_PROFILE",
    "PROGRESS_COLUMNS",
    "ProgressProfile",
    "cumulative_progress",
]

_LEVEL_UNITS = ComparisonProfile().rate_units


@dataclass(frozen=True)
class ProgressProfile:
    """How yearly actuals add up toward a mid-term target (all HEURISTIC).

    * ``aggregation``: per-indicator overrides, pairs of (indicator name, method) with
      method ``sum`` (counts and amounts add up over the years), ``latest`` (rates and
      levels: the latest year stands) or ``max``;
    * ``level_units``: units aggregated with ``latest`` (rates, percentages);
    * ``duration_units``: units of 反向 (≤) targets aggregated with ``latest`` (a time limit
      such as "≤5个工作日" is a level, not a total);
    * ``match_min_score``: lowest name similarity to count a yearly indicator as the mid-term
      one (names equal after folding always match);
    * ``bands``: the status colours.
    """

    aggregation: tuple[tuple[str, str], ...] = ()
    level_units: tuple[str, ...] = (*_LEVEL_UNITS, "分")
    duration_units: tuple[str, ...] = (
        "天", "日", "小时", "分钟", "工作日", "个工作日", "周", "个月", "月",
    )  # fmt: skip
    match_min_score: float = 0.5
    bands: StatusBands = field(default=DEFAULT_STATUS_BANDS)

    def __post_init__(self) -> None:
        bad = [m for _, m in self.aggregation if m not in ("sum", "latest", "max")]  # not unclear
        if bad:
            raise ValueError(f"aggregation methods must be sum, latest or max: {bad}")

    def method_for(
        self,
        indicator: object,
        unit: object,
        comparator: object,
        per: object,
        *,
        value: float | None = None,
        annual_values: Iterable[float] = (),
        target: object = None,
    ) -> tuple[str, str]:
        """(method, why) for one mid-term indicator.

        ``annual_values`` are the values of the annual targets matched to it; when every one
        equals the mid-term ``value``, the mid-term target is a level restated each year
        (e.g. "市直62家行政机构"), not a total, and ``latest`` is used. What a target measures
        comes from :func:`kpi_analysis.analysis.compare.target_measure` (the rule the pacing
        table uses): a level gives ``latest``, a flow or total ``sum``, and where the rule
        cannot tell, ``unclear`` (口径不明: no cumulative progress).
        """
        overrides = {name_key(name): method for name, method in self.aggregation}
        wanted = overrides.get(name_key(indicator))
        if wanted is not None:
            return wanted, "按配置"
        rule = replace(
            ComparisonProfile(), rate_units=self.level_units, duration_units=self.duration_units
        )
        measure = target_measure(
            indicator,
            target,
            unit,
            per,
            comparator=comparator,
            value=value,
            annual_values=tuple(annual_values),
            profile=rule,
        )
        if measure.kind == "level":
            return "latest", f"{measure.reason}，取最近一年"
        if measure.cumulative:
            return "sum", measure.reason
        return "unclear", f"{measure.reason}，不计算累计进度"


DEFAULT_PROGRESS_PROFILE = ProgressProfile()
METHOD_NAMES = {"sum": "累计", "latest": "最近一年", "max": "最大值", "unclear": "口径不明"}
#: The columns of :data:`PROGRESS_COLUMNS` that hold numbers (nullable floats).
PROGRESS_NUMBERS = (
    "year_actual",
    "year_completion",
    "cumulative",
    "progress",
    "expected_share",
    "pace",
)
PROGRESS_COLUMNS = (
    "project_no",
    "project",
    "level1",
    "level2",
    "indicator",
    "mid_target",
    "mid_years",
    "aggregation",
    "aggregation_note",
    "year",
    "year_indicator",
    "year_target",
    *PROGRESS_NUMBERS,
    "pace_shown",
    "status",
    "colour",
    "note",
    "bands",
    "source",
)


def _latest_mid(indicators: pd.DataFrame) -> pd.DataFrame:
    """The mid-term rows of each project from its latest document (real rows only)."""
    mid = indicators[
        (indicators["period"] == "mid_term") & ~indicators["placeholder"].fillna(False)
    ]
    if mid.empty:
        return mid
    order = document_order(indicators)
    mid = mid.assign(
        _doc=document_of(mid["source"].astype("string")).astype(str),
        _key=mid["project"].map(project_key),
    )
    keep = []
    for _, part in mid.groupby("_key", sort=False):
        latest = max(part["_doc"].unique(), key=lambda d: order[d])
        keep.append(part[part["_doc"] == latest])
    return pd.concat(keep).drop(columns=["_doc"])


def _actual_value(row: dict) -> tuple[float | None, str | None]:
    value = as_float(row.get("actual_value"))
    if value is not None:
        return value, None
    return parse_actual_number(row.get("actual"))


def _annual(period: object) -> bool:
    """True for a row measured against an annual target (rows that do not say count too)."""
    return is_missing(period) or period == "annual"


def _target_value(text: object) -> float | None:
    if is_missing(text):
        return None
    parsed = parse_target(str(text))
    return parsed.value if parsed.kind == "quantitative" else None


def _aggregate(method: str, values: list[float]) -> float | None:
    if not values or method == "unclear":
        return None
    if method == "sum":
        return sum(values)
    if method == "max":
        return max(values)
    return values[-1]


def _pace(
    method: str, comparator: str, target: float, cumulative: float, k: int, n: int
) -> tuple[float | None, float, float | None]:
    """(progress, expected share, pace) of one mid-term target after year k of n."""
    share = k / n if method == "sum" else 1.0
    reverse = comparator in ("≤", "<")
    if target == 0:
        met = 1.0 if cumulative <= 0 else 0.0
        return met, share, met
    if reverse:
        progress = target / cumulative if cumulative > 0 else None
        allowance = target * share
        pace = allowance / cumulative if cumulative > 0 else 1.0
        return progress, share, pace
    progress = cumulative / target
    return progress, share, progress / share


def cumulative_progress(
    actuals: pd.DataFrame,
    indicators: pd.DataFrame,
    projects: pd.DataFrame,
    profile: ProgressProfile | None = None,
) -> pd.DataFrame:
    """Progress toward each mid-term target, year by year, with a status colour.

    ``actuals`` has one row per project × year × indicator with ``project``, ``year``,
    ``indicator`` and ``actual`` (text or number; or ``actual_value``), optionally
    ``level1``/``level2``, ``target`` and ``completion`` (the year's own completion, e.g. the
    scoring engine's output). ``indicators``/``projects`` are the target documents' tables; the
    mid-term table of each project's latest document is the reference.

    For each mid-term indicator and each year with data: the yearly actual matched by name,
    the ``cumulative`` value by the indicator's method (see :class:`ProgressProfile`),
    ``progress`` toward the whole target (cumulative ÷ target; for 反向 targets target ÷
    cumulative), the ``expected_share`` of the target due by then (k/n of an n-year period for
    ``sum``, all of it for ``latest``), ``pace`` = progress ÷ expected share (for 反向: the
    pro-rata allowance ÷ cumulative), and the status of the pace as shown (``pace_shown``,
    rounded) under ``profile.bands``. Qualitative targets get the 无法计量 status.
    """
    profile = profile or DEFAULT_PROGRESS_PROFILE
    bands = profile.bands
    mid = _latest_mid(indicators)
    numbers = project_numbers(projects) if not projects.empty else {}
    records = []
    if mid.empty or actuals.empty:
        return pd.DataFrame(columns=list(PROGRESS_COLUMNS))
    keys = actuals["project"].map(project_key)
    for key, targets in mid.groupby("_key", sort=False):
        mine = actuals[keys == key]
        start = targets["year_start"].dropna()
        end = targets["year_end"].dropna()
        if not len(start) or not len(end):
            continue
        first, last = int(start.iloc[0]), int(end.iloc[0])
        n = last - first + 1
        years = sorted(int(y) for y in mine["year"].dropna().unique() if first <= int(y) <= last)
        matched: dict[int, dict[int, dict]] = {}  # year → mid index → actual row
        for year in years:
            rows = mine[mine["year"] == year]
            pairs = match_rows(rows, targets, profile.match_min_score)
            matched[year] = {p: rows.loc[i].to_dict() for i, p in pairs.items()}
        for idx, target in targets.iterrows():
            annual_values = [
                v
                for year in years
                if (row := matched[year].get(idx)) is not None
                and _annual(row.get("target_period"))
                and (v := _target_value(row.get("target"))) is not None
            ]
            method, why = profile.method_for(
                target["indicator"],
                target["unit"],
                target["comparator"],
                target["per"],
                value=as_float(target["value"]),
                annual_values=annual_values,
                target=target["target"],
            )
            quantitative = (
                target["kind"] == "quantitative" and as_float(target["value"]) is not None
            )
            values: list[float] = []
            for year in years:
                row = matched[year].get(idx)
                number, unit = _actual_value(row) if row else (None, None)
                note = []
                if number is not None:
                    number = _convert(number, unit, target["unit"], note)
                    values.append(number)
                elif row is None:
                    note.append(f"{year}年没有对应的实际完成值")
                elif quantitative and not is_missing(row.get("actual")):
                    note.append(f"{year}年实际完成值“{row['actual']}”不是数值，未计入")
                cumulative = _aggregate(method, values) if quantitative else None
                progress = share = pace = None
                if quantitative and cumulative is not None:
                    progress, share, pace = _pace(
                        method,
                        str(target["comparator"]),
                        float(target["value"]),
                        cumulative,
                        year - first + 1,
                        n,
                    )
                reverse = str(target["comparator"]) in ("≤", "<")
                band = bands.classify(pace, reverse=reverse)
                if not quantitative:
                    note.append("定性或无数值目标，不计算累计进度")
                elif method == "unclear":
                    note.append("口径不明（无法判断是水平还是逐年累计），不计算累计进度")
                records.append(
                    {
                        "project_no": numbers.get(str(key)),
                        "project": target["project"],
                        "level1": target["level1"],
                        "level2": target["level2"],
                        "indicator": target["indicator"],
                        "mid_target": target["target"],
                        "mid_years": f"{first}—{last}",
                        "aggregation": method,
                        "aggregation_note": f"{METHOD_NAMES[method]}：{why}",
                        "year": year,
                        "year_indicator": row.get("indicator") if row else None,
                        "year_target": row.get("target") if row else None,
                        "year_actual": number,
                        "year_completion": as_float(row.get("completion")) if row else None,
                        "cumulative": None if cumulative is None else round(cumulative, 6),
                        "progress": None if progress is None else round(progress, 6),
                        "expected_share": share,
                        "pace": None if pace is None else round(pace, 6),
                        "pace_shown": None if pace is None else bands.percent(pace),
                        "status": band.label,
                        "colour": band.colour,
                        "note": "；".join(note) or None,
                        "bands": bands.describe(reverse=reverse),
                        "source": target["source"],
                    }
                )
    return _progress_frame(records)


def _convert(number: float, unit: object, target_unit: object, note: list[str]) -> float:
    """The actual in the target's unit where both are money (元 → 万元 …)."""
    if is_missing(unit) or is_missing(target_unit) or not unit or unit == target_unit:
        return number
    base, scale = unit_scale(unit)
    target_base, target_scale = unit_scale(target_unit)
    if base and base == target_base and target_scale:
        return number * scale / target_scale
    note.append(f"实际单位“{unit}”与目标单位“{target_unit}”不同，未换算")
    return number


def _progress_frame(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=list(PROGRESS_COLUMNS)).astype(object)
    frame = frame.where(frame.notna(), None)
    dtypes = {name: "string" for name in PROGRESS_COLUMNS}
    for name in PROGRESS_NUMBERS:
        dtypes[name] = "Float64"
    dtypes.update(project_no="Int64", year="Int64")
    return ordered_levels(frame.astype(dtypes).reset_index(drop=True))  # 一级/二级: ordered
