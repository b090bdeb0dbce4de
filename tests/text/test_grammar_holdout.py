"""The 指标值 grammar on strings it was not developed on, and the rule classes of issue #12.

``tests/data/target_values_holdout.tsv`` was written from public pages before the grammar was
changed for issue #12 (see its header comment); ``benchmarks/grammar_holdout.py`` prints the figure.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kpi_analysis.text.grammar import TargetParse, parse_target

DATA = Path(__file__).resolve().parents[1] / "data"


def _rows(name: str) -> list[dict[str, str]]:
    """Rows of a value tsv without its ``#`` comment lines."""
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _expected(row: dict[str, str]) -> TargetParse:
    """The parse a row lists; an empty field means None."""
    return TargetParse(
        row["kind"],
        row["comparator"] or None,
        float(row["value"]) if row["value"] else None,
        row["unit"] or None,
        row["per"] or None,
    )


def _share(name: str) -> float:
    """Share of rows parsed exactly as listed."""
    rows = _rows(name)
    return sum(parse_target(row["text"]) == _expected(row) for row in rows) / len(rows)


def test_holdout_set_is_sourced_and_disjoint_from_dev() -> None:
    holdout, dev = _rows("target_values_holdout.tsv"), _rows("target_values_dev.tsv")
    assert len(holdout) >= 90
    assert all(row["source"].startswith("http") for row in holdout)
    assert not {row["text"] for row in holdout} & {row["text"] for row in dev}
    header = (DATA / "target_values_holdout.tsv").read_text(encoding="utf-8").splitlines()[0]
    assert "WRITTEN FIRST" in header


def test_dev_set_parses_fully() -> None:
    assert _share("target_values_dev.tsv") == 1.0


def test_holdout_set_parses_at_least_98_percent() -> None:
    assert _share("target_values_holdout.tsv") >= 0.98


@pytest.mark.parametrize(
    "text",
    [
        "2020年1月--2020年11月",
        "2021年1-12月",
        "2021年12月31日前",
        "1-12月",
        "2022年1—6月",
        "3月-5月",
    ],
)
def test_month_and_date_ranges_are_timing(text: str) -> None:
    parse = parse_target(text)
    assert parse.kind == "timing"
    assert parse.value is None


@pytest.mark.parametrize("text", ["≥**%", "139****8136", "≤**万元", "**人次", "1**万元"])
def test_masked_digits_are_not_a_number(text: str) -> None:
    assert parse_target(text).kind == "placeholder"


@pytest.mark.parametrize(
    ("text", "comparator", "value", "unit"),
    [
        ("-5%", "=", -5.0, "%"),
        ("≤-5%", "≤", -5.0, "%"),
        ("控制在-3%以内", "≤", -3.0, "%"),
        ("＞－3%", ">", -3.0, "%"),
        ("≤−0.5个百分点", "≤", -0.5, "个百分点"),
    ],
)
def test_negative_targets_keep_their_sign(
    text: str, comparator: str, value: float, unit: str
) -> None:
    assert parse_target(text) == TargetParse("quantitative", comparator, value, unit)


@pytest.mark.parametrize(
    ("text", "value"), [("1-12个月", 1.0), ("5万元-10万元", 5.0), ("10-20人", 10.0)]
)
def test_a_dash_between_numbers_is_a_range_not_a_sign(text: str, value: float) -> None:
    parse = parse_target(text)
    assert (parse.kind, parse.comparator, parse.value) == ("quantitative", "≥", value)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("≤7工作日", 7.0, "工作日"), ("<3天", 3.0, "天"), ("≤12个月", 12.0, "个月")],
)
def test_an_upper_bound_on_a_duration_is_a_deadline(text: str, value: float, unit: str) -> None:
    assert parse_target(text) == TargetParse("timing", text[0], value, unit)


def test_a_count_of_days_stays_a_quantity() -> None:
    assert parse_target("=300天") == TargetParse("quantitative", "=", 300.0, "天")
    assert parse_target("≥20年").kind == "quantitative"


@pytest.mark.parametrize(
    ("text", "unit", "per"),
    [("780元/生/年", "元/生", "年"), ("1000元/床/年", "元/床", "年"), ("475元/亩", "元/亩", None)],
)
def test_any_noun_after_a_slash_is_part_of_the_unit(text: str, unit: str, per: str | None) -> None:
    parse = parse_target(text)
    assert (parse.unit, parse.per) == (unit, per)
