"""open_dataset: lazy reading with filters, the tidy dtypes, a stable row order."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.compute as pc
import pytest

from kpi_analysis.batch.open import open_dataset, table_dataset, to_expression
from kpi_analysis.batch.partition import ALL_TABLES
from kpi_analysis.batch.runner import process_file
from kpi_analysis.batch.store import DatasetStore
from tests.support.batch_samples import write_text_forms


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("forms")
    out = tmp_path_factory.mktemp("dataset")
    paths = write_text_forms(root, 16, seed=8)
    with DatasetStore.open(out, batch_files=5) as store:
        for path in reversed(paths):  # written out of order on purpose
            store.add(process_file(path, root=root))
    return out


@pytest.fixture(scope="module")
def everything(out) -> pd.DataFrame:
    return open_dataset(out, "indicators")


def test_every_table_comes_back_with_the_stored_dtypes(out):
    for name, table in ALL_TABLES.items():
        frame = open_dataset(out, name)
        table.validate(frame.loc[:, table.names])


def test_rows_come_sorted_by_file_in_their_original_order(everything):
    assert everything["file"].is_monotonic_increasing
    for _, group in everything.groupby("file", sort=False):
        assert group["project_no"].is_monotonic_increasing


def test_the_satisfaction_question_of_the_issue(out, everything):
    """All 满意度 targets of 100 % in 2023, without loading everything."""
    question = {"year": 2023, "level2": "服务对象满意度指标", "value": 100.0, "unit": "%"}
    answer = open_dataset(out, "indicators", question)
    rows = everything.query(
        "year == 2023 and level2 == '服务对象满意度指标' and value == 100 and unit == '%'"
    )
    expected = rows.reset_index(drop=True)
    assert len(answer) > 0
    pd.testing.assert_frame_equal(answer, expected)


def test_filters_as_mapping_tuples_and_expression_agree(out):
    by_mapping = open_dataset(out, "indicators", {"year": [2022, 2023], "kind": "quantitative"})
    by_tuples = open_dataset(
        out, "indicators", [("year", "in", [2022, 2023]), ("kind", "==", "quantitative")]
    )
    by_expression = open_dataset(
        out,
        "indicators",
        pc.field("year").isin([2022, 2023]) & (pc.field("kind") == "quantitative"),
    )
    assert len(by_mapping) > 0
    pd.testing.assert_frame_equal(by_mapping, by_tuples)
    pd.testing.assert_frame_equal(by_mapping, by_expression)


def test_a_year_filter_skips_the_other_years_folders(out, everything):
    dataset = table_dataset(out, "indicators")
    all_parts = list(dataset.get_fragments())
    parts_2023 = list(dataset.get_fragments(filter=to_expression({"year": 2023})))
    assert 0 < len(parts_2023) < len(all_parts)
    assert all("year=2023" in fragment.path for fragment in parts_2023)


def test_columns_can_be_chosen(out):
    frame = open_dataset(out, "projects", {"year": 2021}, columns=["file", "project", "year"])
    assert list(frame.columns) == ["file", "project", "year"]
    assert set(frame["year"]) == {2021}


def test_no_match_gives_an_empty_frame_with_the_columns(out):
    frame = open_dataset(out, "goals", {"year": 1999})
    assert frame.empty
    ALL_TABLES["goals"].validate(frame)


def test_a_folder_that_is_not_a_dataset_is_refused(tmp_path):
    with pytest.raises(FileNotFoundError, match="不是批量提取输出的数据集文件夹"):
        open_dataset(tmp_path)
    with pytest.raises(ValueError, match="没有名为"):
        open_dataset(tmp_path, "cells")
