"""open_dataset: lazy reading with filters, the tidy dtypes, a stable row order."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

from kpi_analysis.batch.arrow import arrow_schema, to_arrow, to_pandas
from kpi_analysis.batch.open import open_dataset, table_dataset, to_expression
from kpi_analysis.batch.partition import ALL_TABLES
from kpi_analysis.batch.runner import process_file
from kpi_analysis.batch.store import NULL_SEGMENT, DatasetStore, encode_segment
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


def test_a_table_folder_reads_with_pyarrow_dataset_and_pandas(out, everything):
    """Issue #14: one type per partition column, whatever Hive-aware reader is used."""
    expected = everything.sort_values(["file", "project_no"], kind="stable", ignore_index=True)
    by_arrow = pads.dataset(out / "indicators", partitioning="hive").to_table().to_pandas()
    by_pandas = pd.read_parquet(out / "indicators")
    for frame in (by_arrow, by_pandas):
        frame = frame.sort_values(["file", "project_no"], kind="stable", ignore_index=True)
        assert len(frame) == len(expected)
        assert frame["year"].astype("Int64").tolist() == expected["year"].tolist()
        assert frame["department"].astype("string").tolist() == expected["department"].tolist()
    filtered = pd.read_parquet(out / "indicators", filters=[("year", "==", 2023)])
    assert len(filtered) == int((everything["year"] == 2023).sum()) > 0


def test_a_layout_1_dataset_partition_columns_in_the_part_files_stays_readable(
    out, everything, tmp_path
):
    """Datasets written before issue #14 stored year (int64) and department in each part."""
    table = ALL_TABLES["indicators"]
    old = everything.copy()
    old.loc[old.index[:3], "year"] = pd.NA  # one partition with the old null folder name
    for (year, department), group in old.groupby(["year", "department"], dropna=False):
        folder = tmp_path / "indicators" / f"year={encode_segment(year)}"
        folder = folder / f"department={encode_segment(department)}"
        folder.mkdir(parents=True)
        data = to_arrow(group, table)
        assert data.schema == arrow_schema(table)
        pq.write_table(data, folder / "part-old.parquet")
    assert (tmp_path / "indicators" / f"year={NULL_SEGMENT}").is_dir()
    keys = ["file", "project_no", "source"]
    again = open_dataset(tmp_path, "indicators").sort_values(keys, ignore_index=True)
    pd.testing.assert_frame_equal(again, old.sort_values(keys, ignore_index=True))


def test_level_names_that_differ_between_parts_read_back_as_one_ordered_categorical(tmp_path):
    """Each file lists its own names outside the canonical levels; the parts store text."""
    table = ALL_TABLES["indicators"]
    levels = {"a": "实施效果指标", "b": "产出指标", "c": "本省一级"}
    for file, level1 in levels.items():
        frame = table.from_records(
            [{"file": file, "year": 2023, "level1": level1, "level2": "数量指标"}]
        )
        assert isinstance(frame["level1"].dtype, pd.CategoricalDtype)
        data = to_arrow(frame, table)
        assert data.schema.field("level1").type == pa.string()
        pq.write_table(data, tmp_path / f"{file}.parquet")
    files = sorted(str(p) for p in tmp_path.glob("*.parquet"))
    dataset = pads.dataset(files, schema=arrow_schema(table), format="parquet")
    frame = to_pandas(dataset.to_table()).sort_values("file", ignore_index=True)
    table.validate(frame)
    assert frame["level1"].astype(object).tolist() == list(levels.values())
    assert list(frame["level1"].cat.categories[-2:]) == ["实施效果指标", "本省一级"]
    assert frame.sort_values("level1")["file"].tolist() == ["b", "a", "c"]
