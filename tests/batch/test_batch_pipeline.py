"""Folder trees of mixed forms in, a partitioned dataset out; re-runs are incremental."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from batch_forms import Inputs, write_mixed_forms

from kpi_analysis import load
from kpi_analysis.batch.open import open_dataset
from kpi_analysis.batch.pipeline import extract_dataset, extract_tables
from kpi_analysis.batch.store import read_manifest
from kpi_analysis.errors import EXIT_NOTHING, EXIT_OK, EXIT_PARTIAL

TIDY_TABLES = ("projects", "funding", "goals", "indicators", "findings")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Inputs:
    return write_mixed_forms(tmp_path_factory.mktemp("forms"), 9, seed=21)


@pytest.fixture(scope="module")
def first_run(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("dataset")
    return out, extract_dataset([inputs.root], out, jobs=2, progress=False)


def tidy(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """``frame``'s tidy columns in a canonical row order."""
    frame = frame.loc[:, list(columns)]
    return frame.sort_values(list(frame.columns), ignore_index=True)


def test_the_folder_holds_all_three_formats(inputs):
    assert {p.suffix for p in inputs.good} == {".txt", ".docx", ".xlsx"}


def test_the_dataset_holds_what_load_reads_from_the_folder(inputs, first_run):
    """The same rows as ``load`` (and ``extract``) on the input folder, sources included:
    both name a file by its path relative to the folder."""
    out, _ = first_run
    good = {p.relative_to(inputs.root).as_posix() for p in inputs.good}
    read = load(inputs.root).tables()
    for name in TIDY_TABLES:
        expected = read[name][read[name]["source"].str.split("#").str[0].isin(good)]
        stored = open_dataset(out, name)
        pd.testing.assert_frame_equal(
            tidy(stored, expected.columns), tidy(expected, expected.columns)
        )


def test_each_row_names_its_file_under_the_input_folder(inputs, first_run):
    out, _ = first_run
    keys = {p.relative_to(inputs.root).as_posix() for p in inputs.good}
    assert set(open_dataset(out, "projects")["file"]) == keys


def test_broken_files_are_listed_and_do_not_stop_the_batch(inputs, first_run):
    out, report = first_run
    assert report.files == len(inputs.good) + len(inputs.broken)
    assert report.succeeded == len(inputs.good)
    assert report.exit_code() == EXIT_PARTIAL
    failures = open_dataset(out, "failures")
    assert failures["file"].tolist() == sorted(
        p.relative_to(inputs.root).as_posix() for p in inputs.broken
    )
    assert set(failures["error_class"]) == {"UnreadableFileError", "UnknownLayoutError"}
    assert failures["message"].str.contains("[\u4e00-\u9fff]").all()  # Chinese messages
    assert sorted(f for f, _, _ in report.failures) == failures["file"].tolist()


def test_the_dataset_is_queryable_by_year(inputs, first_run):
    out, _ = first_run
    projects = open_dataset(out, "projects")
    for year in projects["year"].unique():
        by_year = open_dataset(out, "indicators", {"year": int(year)})
        assert set(by_year["year"]) == {year}
        files = set(projects.loc[projects["year"] == year, "file"])
        assert set(by_year["file"]) == files


@pytest.fixture
def copy(inputs, first_run, tmp_path) -> tuple[Path, Path]:
    """A private copy of the inputs and of the first run's dataset."""
    src, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(inputs.root, src)
    shutil.copytree(first_run[0], out)
    return src, out


def test_an_incremental_rerun_skips_unchanged_files(copy, inputs):
    src, out = copy
    parts_before = {f: e.parts for f, e in read_manifest(out).items()}
    report = extract_dataset([src], out, jobs=2, incremental=True, progress=False)
    assert report.skipped == len(inputs.good)
    assert report.processed == len(inputs.broken)  # failed files are tried again
    assert report.exit_code() == EXIT_PARTIAL
    manifest = read_manifest(out)
    for path in inputs.good:
        key = path.relative_to(inputs.root).as_posix()
        assert manifest[key].parts == parts_before[key]


def test_an_incremental_rerun_follows_changed_added_and_removed_files(copy, inputs):
    src, out = copy
    keys = sorted(p.relative_to(inputs.root).as_posix() for p in inputs.good)
    text_keys = [k for k in keys if k.endswith(".txt")]
    changed, removed = text_keys[0], keys[-1]
    path = src / changed
    path.write_text(
        path.read_text(encoding="utf-8").replace(path.parts[-3], "改名后的局"), encoding="utf-8"
    )
    (src / removed).unlink()
    added = src / "新增" / "2024" / "new.txt"
    added.parent.mkdir(parents=True)
    shutil.copy(src / text_keys[1], added)
    for broken in (src / "broken").iterdir():
        broken.unlink()

    report = extract_dataset([src], out, jobs=2, incremental=True, progress=False)
    assert report.processed == 2  # the changed and the added file
    assert report.skipped == len(keys) - 2
    assert report.exit_code() == EXIT_OK

    projects = open_dataset(out, "projects")
    expected_keys = (set(keys) - {removed}) | {"新增/2024/new.txt"}
    assert set(projects["file"]) == expected_keys
    assert set(projects.loc[projects["file"] == changed, "department"]) == {"改名后的局"}
    assert open_dataset(out, "failures").empty
    assert set(read_manifest(out)) == expected_keys
    # the result is what a fresh run over the same folder gives
    fresh = extract_dataset([src], out.parent / "fresh", jobs=1, progress=False)
    assert fresh.exit_code() == EXIT_OK
    for name in (*TIDY_TABLES, "failures"):
        pd.testing.assert_frame_equal(
            open_dataset(out, name), open_dataset(out.parent / "fresh", name)
        )


def test_a_full_rerun_replaces_the_dataset_without_duplicates(copy, first_run):
    src, out = copy
    report = extract_dataset([src], out, jobs=1, progress=False)
    assert report.skipped == 0 and report.processed == report.files
    for name in TIDY_TABLES:
        pd.testing.assert_frame_equal(open_dataset(out, name), open_dataset(first_run[0], name))


def test_extract_tables_gives_the_same_rows_in_memory(inputs, first_run):
    tables, report = extract_tables([inputs.root], jobs=2, progress=False)
    assert report.exit_code() == EXIT_PARTIAL
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(frame, open_dataset(first_run[0], name))


def test_a_folder_of_broken_files_only_reads_nothing(inputs, tmp_path):
    report = extract_dataset([inputs.root / "broken"], tmp_path, jobs=1, progress=False)
    assert report.succeeded == 0 and len(report.failures) == len(inputs.broken)
    assert report.exit_code() == EXIT_NOTHING


def test_an_empty_folder_finds_nothing(tmp_path):
    (tmp_path / "empty").mkdir()
    report = extract_dataset([tmp_path / "empty"], tmp_path / "out", progress=False)
    assert report.files == 0
    assert report.exit_code() == EXIT_NOTHING
