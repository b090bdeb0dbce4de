"""The tidy-table contract: typed columns built from records or columns."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kpi_analysis.tables import schema
from kpi_analysis.tables.schema import FINDINGS, INDICATORS, STRING, resolved, typed_array


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
