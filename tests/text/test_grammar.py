"""Specification of the 指标值 grammar (``kpi_analysis.text.grammar``).

The acceptance set ``tests/data/target_values_dev.tsv`` holds real 指标值 strings with the parse
a careful auditor gives them; every row must parse exactly as listed. The other tests state the
general rules the dev set only samples.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpi_analysis.text.grammar import (
    COMPARATORS,
    KINDS,
    TargetParse,
    normalise_text,
    parse_target,
    parse_targets,
)

DEV_SET = Path(__file__).resolve().parents[1] / "data" / "target_values_dev.tsv"


def _dev_rows() -> list[dict[str, str]]:
    """The dev set read as text: tab-separated, no quoting, no NA conversion."""
    with DEV_SET.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _expected(row: dict[str, str]) -> TargetParse:
    """The parse a dev-set row lists; an empty field means None."""
    return TargetParse(
        kind=row["kind"],
        comparator=row["comparator"] or None,
        value=float(row["value"]) if row["value"] else None,
        unit=row["unit"] or None,
        per=row["per"] or None,
    )


def q(comparator: str, value: float, unit: str | None = None, per: str | None = None):
    """Shorthand for a quantitative parse."""
    return TargetParse("quantitative", comparator, float(value), unit, per)


def test_dev_set_is_complete() -> None:
    rows = _dev_rows()
    assert len(rows) == 79
    assert {row["kind"] for row in rows} == set(KINDS)


@pytest.mark.parametrize(
    "row", [pytest.param(row, id=row["text"] or "<empty>") for row in _dev_rows()]
)
def test_dev_set_row(row: dict[str, str]) -> None:
    assert parse_target(row["text"]) == _expected(row)


# --------------------------------------------------------------------------- comparators


@pytest.mark.parametrize(
    ("text", "comparator"),
    [
        ("≥90%", "≥"),
        (">=90%", "≥"),
        ("=>90%", "≥"),
        ("≧90%", "≥"),
        ("＞＝90%", "≥"),
        (">90%", ">"),
        ("＞90%", ">"),
        ("=90%", "="),
        ("＝90%", "="),
        ("≤90%", "≤"),
        ("<=90%", "≤"),
        ("≦90%", "≤"),
        ("<90%", "<"),
        ("＜90%", "<"),
        ("≈90%", "≈"),
        ("≥ 90 %", "≥"),
    ],
)
def test_symbols_full_width_and_ascii(text: str, comparator: str) -> None:
    assert parse_target(text) == q(comparator, 90, "%")


@pytest.mark.parametrize(
    ("text", "comparator"),
    [
        ("不少于5次", "≥"),
        ("不低于5次", "≥"),
        ("至少5次", "≥"),
        ("达到5次", "≥"),
        ("超过5次", "≥"),
        ("5次以上", "≥"),
        ("5次及以上", "≥"),
        ("不高于5次", "≤"),
        ("不超过5次", "≤"),
        ("控制在5次", "≤"),
        ("5次以内", "≤"),
        ("5次以下", "≤"),
        ("低于5次", "<"),
        ("少于5次", "<"),
        ("约5次", "≈"),
        ("5次左右", "≈"),
        ("5次", "="),
    ],
)
def test_words_map_to_comparators(text: str, comparator: str) -> None:
    assert parse_target(text) == q(comparator, 5, "次")


def test_comparator_word_may_stand_apart_from_the_number() -> None:
    assert parse_target("群众满意度达到95%以上") == q("≥", 95, "%")
    assert parse_target("控制在100万元以内") == q("≤", 100, "万元")


@pytest.mark.parametrize("text", ["签约康复人数100人", "节约用水100人"])
def test_yue_inside_a_word_is_not_approximately(text: str) -> None:
    assert parse_target(text) == q("=", 100, "人")


def test_explicit_symbol_wins_over_words() -> None:
    assert parse_target("全年预算执行率≥90%") == q("≥", 90, "%")


# --------------------------------------------------------------------------- numbers and units


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("≥１００％", q("≥", 100, "%")),
        ("1,000人", q("=", 1000, "人")),
        ("8,827,620.53元", q("=", 8827620.53, "元")),
        ("≥100百分比", q("≥", 100, "%")),
        ("250万", q("=", 250, "万元")),
        ("3亿", q("=", 3, "亿元")),
        ("1.2万人次", q("=", 1.2, "万人次")),
        ("≥80M", q("≥", 80, "M")),
        ("≥100 m²", q("≥", 100, "m²")),
        ("60km/h", q("=", 60, "km/h")),
        ("12个月", q("=", 12, "个月")),
        ("5盏", q("=", 5, "盏")),
        ("百分之九十", q("=", 90, "%")),
        ("10-20人", q("≥", 10, "人")),
        ("80%-90%", q("≥", 80, "%")),
        ("100余人", q("≥", 100, "人")),
    ],
)
def test_numbers_and_units(text: str, expected: TargetParse) -> None:
    assert parse_target(text) == expected


def test_traditional_characters_and_inline_pinyin() -> None:
    assert parse_target("12個(gè)") == q("=", 12, "个")
    assert parse_target("3項（xiàng）") == q("=", 3, "项")
    assert parse_target("不少於3輛") == q("≥", 3, "辆")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("不少于两次", q("≥", 2, "次")),
        ("每季度一次", q("=", 1, "次", "季度")),
        ("三个", q("=", 3, "个")),
        ("十二人", q("=", 12, "人")),
        ("两百万元", q("=", 200, "万元")),
    ],
)
def test_chinese_numerals_where_a_number_is_expected(text: str, expected: TargetParse) -> None:
    assert parse_target(text) == expected


@pytest.mark.parametrize("text", ["实现一户一档", "千家万户", "统一标准", "一次性完成建设"])
def test_chinese_numerals_inside_words_are_not_numbers(text: str) -> None:
    assert parse_target(text).kind == "qualitative"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021年约280家", q("≈", 280, "家")),
        ("2022年完成5次", q("=", 5, "次")),
        ("2023.07完成12次", q("=", 12, "次")),
        ("2000.5万元", q("=", 2000.5, "万元")),
        ("2000人", q("=", 2000, "人")),
        ("3年", q("=", 3, "年")),
    ],
)
def test_a_year_is_not_the_value(text: str, expected: TargetParse) -> None:
    assert parse_target(text) == expected


@pytest.mark.parametrize(
    "text", ["1、完成培训100人", "指标1：100人", "H7N9监测100人", "第3批100人"]
)
def test_ordinals_list_marks_and_codes_are_not_values(text: str) -> None:
    assert parse_target(text) == q("=", 100, "人")


# --------------------------------------------------------------------------- rate basis


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1次/月", q("=", 1, "次", "月")),
        ("2次/年", q("=", 2, "次", "年")),
        ("1次/半年", q("=", 1, "次", "半年")),
        ("≥1次/季度", q("≥", 1, "次", "季度")),
        ("12人/年", q("=", 12, "人", "年")),
        ("1000元/人", q("=", 1000, "元/人")),
        ("1000元/人/月", q("=", 1000, "元/人", "月")),
        ("≤620万/月", q("≤", 620, "万元", "月")),
        ("每年不少于2次", q("≥", 2, "次", "年")),
        ("每月1次", q("=", 1, "次", "月")),
        ("每个月1次", q("=", 1, "次", "月")),
        ("全年开展4次", q("=", 4, "次", "年")),
        ("日均处理100吨", q("=", 100, "吨", "日")),
        ("12 次", q("=", 12, "次")),
    ],
)
def test_rate_basis_is_not_part_of_the_unit(text: str, expected: TargetParse) -> None:
    assert parse_target(text) == expected


def test_a_percentage_takes_no_rate_basis_from_the_text() -> None:
    assert parse_target("全年预算执行率≥90%").per is None


# --------------------------------------------------------------------------- timing


@pytest.mark.parametrize(
    "text",
    [
        "年底前",
        "年底前完成",
        "2022年6月30日前",
        "6月底前",
        "十二月底到位",
        "2020年",
        "2021年度",
        "2020-2022",
        "2020.12",
        "2020年1月--2020年11月",
        "第一季度",
        "上半年完成",
        "当年完成",
    ],
)
def test_deadlines_dates_and_periods_are_timing(text: str) -> None:
    assert parse_target(text) == TargetParse("timing")


def test_timing_keeps_a_recurrence_as_rate_basis() -> None:
    assert parse_target("每年12月") == TargetParse("timing", per="年")
    assert parse_target("按月拨付") == TargetParse("timing", per="月")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一周内予以答复", TargetParse("timing", "≤", 1.0, "周")),
        ("三个月内完成", TargetParse("timing", "≤", 3.0, "个月")),
        ("3个工作日内办结", TargetParse("timing", "≤", 3.0, "个工作日")),
        ("30天以内", TargetParse("timing", "≤", 30.0, "天")),
    ],
)
def test_a_stated_duration_gives_timing_a_value(text: str, expected: TargetParse) -> None:
    assert parse_target(text) == expected


def test_a_count_beside_a_deadline_is_the_value() -> None:
    assert parse_target("一周内完成2次") == q("=", 2, "次")


# --------------------------------------------------------------------------- other kinds


@pytest.mark.parametrize(
    "text",
    ["-", "—", "——", "－", "/", "*", "**", "***", "××", "XX", "无", "…", "一", "≥", "%"],
)
def test_unfilled_template_cells_are_placeholders(text: str) -> None:
    assert parse_target(text) == TargetParse("placeholder")


@pytest.mark.parametrize(
    "text", ["(≤**万元)", "≥**人次", "≤****000元", "**个", "≥XX%", "不少于**次"]
)
def test_masked_numbers_are_placeholders(text: str) -> None:
    assert parse_target(text) == TargetParse("placeholder")


def test_a_masked_name_does_not_hide_the_value() -> None:
    assert parse_target("太**城管局执法车辆≥90辆") == q("≥", 90, "辆")


@pytest.mark.parametrize("text", [None, "", "   ", "\u3000\n\xa0", "\u200b"])
def test_nothing_is_empty(text: str | None) -> None:
    assert parse_target(text) == TargetParse("empty")


@pytest.mark.parametrize(
    "text", ["及时", "按时完成", "显著改善", "优良", "控制在预算内", "高于行业平均水平"]
)
def test_words_only_are_qualitative(text: str) -> None:
    assert parse_target(text) == TargetParse("qualitative")


# --------------------------------------------------------------------------- whitespace


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, ""),
        ("实时\n维护", "实时维护"),
        ("实时\r\n  维护", "实时维护"),
        ("序时\u3000推进", "序时推进"),
        ("逐步\xa0完善", "逐步完善"),
        ("  ≥90%  ", "≥90%"),
        ("12 次", "12 次"),
        ("各  1\t次", "各 1 次"),
        ("air\n\nquality", "air quality"),
        ("达到\n95%", "达到95%"),
        ("每年\n12月", "每年12月"),
        ("ISO\n9001", "ISO 9001"),
        ("实时，\n维护", "实时，维护"),
    ],
)
def test_normalise_text(text: str | None, expected: str) -> None:
    assert normalise_text(text) == expected


def test_a_value_broken_over_lines_parses_as_one() -> None:
    assert parse_target("不少于\n3次") == q("≥", 3, "次")
    assert parse_target("每年\n12月") == parse_target("每年12月")


@given(st.text())
def test_normalise_text_is_idempotent_and_trimmed(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert once == once.strip()
    assert "  " not in once


@given(st.text())
def test_parse_target_accepts_any_text(text: str) -> None:
    parse = parse_target(text)
    assert parse.kind in KINDS
    assert parse.comparator in (*COMPARATORS, None)
    assert (parse.value is not None) == (parse.comparator is not None)
    if parse.kind == "quantitative":
        assert parse.value is not None


@given(
    st.sampled_from(["≥", ">=", "＞＝", "≤", "<=", "＜＝", ">", "<", "=", "＝", ""]),
    st.integers(min_value=0, max_value=10**7),
    st.sampled_from(["%", "人", "人次", "万元", "个", "次", "辆", "平方米", ""]),
)
def test_symbol_number_unit_round_trip(symbol: str, number: int, unit: str) -> None:
    parse = parse_target(f"{symbol}{number}{unit}")
    canonical = symbol.translate(str.maketrans("＞＜＝", "><=")).replace(">=", "≥")
    canonical = canonical.replace("<=", "≤") or "="
    assert parse == q(canonical, number, unit or None)


# --------------------------------------------------------------------------- parse_targets


def test_parse_targets_keeps_the_index_and_leaves_the_input_alone() -> None:
    texts = pd.Series(["≥90%", None, "1次/月", float("nan"), "及时", "≥90%"], index=list("abcdef"))
    before = texts.copy()
    frame = parse_targets(texts)
    pd.testing.assert_series_equal(texts, before)
    assert list(frame.columns) == ["kind", "comparator", "value", "unit", "per"]
    assert list(frame.index) == list("abcdef")
    assert frame["kind"].tolist() == [
        "quantitative", "empty", "quantitative", "empty", "qualitative", "quantitative",
    ]  # fmt: skip
    assert frame.loc["c", "unit"] == "次"
    assert frame.loc["c", "per"] == "月"
    assert frame["value"].dtype == float
    assert frame["value"].isna().tolist() == [False, True, False, True, True, False]
    assert frame.loc["e", "comparator"] is None


def test_parse_targets_matches_parse_target_on_the_dev_set() -> None:
    texts = pd.Series([row["text"] for row in _dev_rows()])
    frame = parse_targets(texts)
    for position, text in enumerate(texts):
        row = frame.iloc[position]
        parse = parse_target(text)
        assert row["kind"] == parse.kind
        assert row["unit"] == parse.unit
        value = None if pd.isna(row["value"]) else row["value"]
        assert value == parse.value


def test_parse_targets_on_an_empty_series() -> None:
    frame = parse_targets(pd.Series([], dtype=object))
    assert frame.empty
    assert list(frame.columns) == ["kind", "comparator", "value", "unit", "per"]


def test_parse_targets_reads_numbers_as_text() -> None:
    frame = parse_targets(pd.Series([100, 95.5]))
    assert frame["value"].tolist() == [100.0, 95.5]
