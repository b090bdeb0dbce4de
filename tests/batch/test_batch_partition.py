"""The stored tables: file, year and department added to one file's tidy tables."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi_analysis import load
from kpi_analysis.batch.partition import (
    FAILURES,
    STORED,
    annotate,
    clean_department,
    document_partition,
    failure_frame,
    project_partitions,
)
from kpi_analysis.tables.targets import TABLE_NAMES


@pytest.fixture(scope="module")
def tables(source_path):
    return load(source_path).tables()


def test_every_stored_table_has_the_tidy_columns_then_file_year_department():
    for name in TABLE_NAMES:
        names = STORED[name].names
        assert names[-3:] == ["file", "year", "department"] or (
            name == "projects" and names[-2:] == ["file", "year"] and "department" in names
        )


def test_annotate_adds_the_columns_and_keeps_the_tidy_ones(tables):
    stored = annotate(tables, "2021/宿州/a.txt")
    for name in TABLE_NAMES:
        STORED[name].validate(stored[name])
        assert len(stored[name]) == len(tables[name])
        assert (stored[name]["file"] == "2021/宿州/a.txt").all()
        tidy = stored[name].loc[:, tables[name].columns]
        pd.testing.assert_frame_equal(tidy, tables[name])


def test_mid_term_rows_go_with_the_forms_annual_year(tables):
    indicators = annotate(tables, "a.txt")["indicators"]
    mid = indicators[indicators["period"] == "mid_term"]
    # The embedded form is the 2021 budget: mid-term 2021–2023 beside annual 2021.
    assert set(mid["year_end"]) == {2023}
    assert set(mid["year"]) == {2021}
    assert set(indicators["year"]) == {2021}


def test_department_comes_from_the_projects_table(tables):
    stored = annotate(tables, "a.txt")
    for name in TABLE_NAMES:
        assert set(stored[name]["department"]) == {"宿州市委编办"}


def test_annotate_does_not_change_its_input(tables):
    before = {name: frame.copy() for name, frame in tables.items()}
    annotate(tables, "a.txt")
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(frame, before[name])
        assert "file" not in frame.columns


def test_a_form_without_an_annual_column_is_filed_under_its_mid_term_year(tables):
    mid_only = {
        name: frame[frame["period"] == "mid_term"] if "period" in frame.columns else frame
        for name, frame in tables.items()
    }
    shifted = mid_only["indicators"].assign(
        year_start=pd.array([2024] * len(mid_only["indicators"]), dtype="Int64")
    )
    mid_only["indicators"] = shifted
    years = {no: year for no, (year, _) in project_partitions(mid_only).items()}
    # funding and goals still say 2021 for the mid-term; the smallest start year wins.
    assert set(years.values()) == {2021}
    only_indicators = {
        **mid_only,
        "funding": mid_only["funding"].iloc[0:0],
        "goals": mid_only["goals"].iloc[0:0],
    }
    years = {no: year for no, (year, _) in project_partitions(only_indicators).items()}
    assert set(years.values()) == {2024}


def test_a_form_without_any_year_has_a_missing_year(tables):
    undated = {
        **tables,
        **{name: tables[name].iloc[0:0] for name in ("funding", "goals", "indicators")},
    }
    stored = annotate(undated, "a.txt")
    assert stored["projects"]["year"].isna().all()
    assert stored["findings"]["year"].isna().all()


def test_findings_take_the_most_common_year_and_department():
    partitions = {1: (2021, "甲局"), 2: (2022, "乙局"), 3: (2022, "乙局")}
    assert document_partition(partitions) == (2022, "乙局")
    year, department = document_partition({})
    assert pd.isna(year) and pd.isna(department)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("\u3000宿州市委编办 ", "宿州市委编办"), ("  ", None), (None, None), (pd.NA, None)],
)
def test_clean_department(raw, clean):
    value = clean_department(raw)
    assert (pd.isna(value) and clean is None) or value == clean


def test_failure_frame_has_the_failures_schema():
    frame = failure_frame("a/b.doc", "UnreadableFileError", "b.doc: 不支持旧版 Word 二进制格式")
    FAILURES.validate(frame)
    assert frame.iloc[0].to_dict() == {
        "file": "a/b.doc",
        "error_class": "UnreadableFileError",
        "message": "b.doc: 不支持旧版 Word 二进制格式",
    }
