"""The tidy-table contract: typed columns built from records or columns."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kpi_analysis.tables import schema
from kpi_analysis.tables.schema import FINDINGS, INDICATORS, STRING, resolved, typed_array
from kpi_analysis.text.vocabulary import LEVEL1_CANONICAL, LEVEL2_CANONICAL


def test_text_goes_straight_to_the_declared_string_dtype() -> None:
    values = ["数量指标", None, "≥95%", ""]
    fast = typed_array(values, STRING)
    assert fast.dtype == resolved(STRING) == pd.array(values, dtype="string").dtype
    assert fast.tolist() == pd.array(values, dtype="string").tolist()


@pytest.mark.parametrize("values", [[1, "a"], [math.nan, "a"], [pd.NA, "b"]])
def test_text_columns_with_numbers_or_missing_markers_are_converted_by_pandas(values) -> None:
    array = typed_array(values, STRING)
    assert str(array.dtype) == STRING
    assert array.tolist() == pd.array(values, dtype="string").tolist()


def test_numeric_and_boolean_columns_keep_missing_values() -> None:
    assert typed_array([1, None], schema.INT).tolist() == [1, pd.NA]
    assert typed_array([1.5, None], schema.FLOAT).tolist() == [1.5, pd.NA]
    assert typed_array([True, None], schema.BOOL).tolist() == [True, pd.NA]


def test_from_columns_and_from_records_build_the_same_frame() -> None:
    records = [
        {"source": "a.docx#table=1,row=2,col=1", "severity": "warning", "code": "x"},
        {"source": "b.docx", "severity": "error", "code": "y", "message": "坏", "text": "1"},
    ]
    by_records = FINDINGS.from_records(records)
    by_columns = FINDINGS.from_columns(
        {name: [row.get(name) for row in records] for name in FINDINGS.names}
    )
    pd.testing.assert_frame_equal(by_records, by_columns)
    FINDINGS.validate(by_columns)


def test_from_columns_needs_every_declared_column() -> None:
    with pytest.raises(KeyError):
        INDICATORS.from_columns({"source": []})


def test_empty_columns_give_an_empty_frame_of_the_declared_types() -> None:
    frame = INDICATORS.from_columns({name: [] for name in INDICATORS.names})
    INDICATORS.validate(frame)
    assert len(frame) == 0
    pd.testing.assert_frame_equal(frame, INDICATORS.empty())


def test_text_follows_the_string_storage_pandas_is_set_to(monkeypatch) -> None:
    """With Python-backed strings (pandas 2's default), text columns are built by pandas."""
    monkeypatch.setattr(schema, "_RESOLVED", {})
    with pd.option_context("mode.string_storage", "python"):
        array = typed_array(["数量指标", None], STRING)
        assert array.dtype == pd.array(["x"], dtype="string").dtype
        assert array.dtype.storage == "python"


def _indicators(level1: list[object], level2: list[object]) -> pd.DataFrame:
    return INDICATORS.from_records(
        [
            {"source": f"a.docx#{i}", "level1": a, "level2": b}
            for i, (a, b) in enumerate(zip(level1, level2, strict=True))
        ]
    )


def test_level_columns_are_ordered_categoricals_in_the_official_order() -> None:
    frame = _indicators(
        ["满意度指标", "成本指标", "产出指标", "效益指标"],
        ["服务对象满意度指标", "经济成本指标", "数量指标", "社会效益指标"],
    )
    INDICATORS.validate(frame)
    for column, canonical in (("level1", LEVEL1_CANONICAL), ("level2", LEVEL2_CANONICAL)):
        assert frame[column].cat.ordered
        assert tuple(frame[column].cat.categories) == canonical
    assert frame.sort_values("level1")["level1"].tolist() == list(LEVEL1_CANONICAL)
    counts = frame.groupby("level2", observed=True).size()
    assert counts.index.tolist() == [
        "数量指标",
        "经济成本指标",
        "社会效益指标",
        "服务对象满意度指标",
    ]


def test_names_outside_the_canonical_levels_are_kept_after_them() -> None:
    frame = _indicators(
        ["实施效果指标", "产出指标", None, "过程管理指标", "实施效果指标"],
        ["本省特色指标", "数量指标", "经济效益", None, "本省特色指标"],
    )
    assert list(frame["level1"].cat.categories) == [
        *LEVEL1_CANONICAL,
        "实施效果指标",
        "过程管理指标",
    ]
    assert list(frame["level2"].cat.categories) == [*LEVEL2_CANONICAL, "本省特色指标", "经济效益"]
    assert frame["level1"].isna().tolist() == [False, False, True, False, False]
    assert frame["level2"].astype(object).tolist()[:3] == ["本省特色指标", "数量指标", "经济效益"]
    ordered = frame.sort_values("level1", kind="stable")["level1"].astype(object).tolist()
    assert ordered[:4] == ["产出指标", "实施效果指标", "实施效果指标", "过程管理指标"]
    INDICATORS.validate(frame)


def test_concat_rebuilds_the_levels_of_tables_whose_other_names_differ() -> None:
    first = _indicators(["实施效果指标"], ["数量指标"])
    second = _indicators(["产出指标", "本省一级"], ["质量指标", None])
    assert not isinstance(pd.concat([first, second])["level1"].dtype, pd.CategoricalDtype)
    both = INDICATORS.concat([first, second])
    INDICATORS.validate(both)
    assert list(both["level1"].cat.categories) == [*LEVEL1_CANONICAL, "实施效果指标", "本省一级"]
    assert both["level1"].astype(object).tolist() == ["实施效果指标", "产出指标", "本省一级"]
    assert len(INDICATORS.concat([])) == 0


def test_validate_rejects_levels_held_as_plain_text() -> None:
    frame = _indicators(["产出指标"], ["数量指标"])
    frame["level1"] = frame["level1"].astype("string")
    with pytest.raises(ValueError, match="level1"):
        INDICATORS.validate(frame)
    INDICATORS.validate(schema.ordered_levels(frame))
