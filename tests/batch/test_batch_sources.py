"""Batch sources name a file by its path under the input folder, like ``load``/``extract``.

Two sub-folders each holding a file of the same name give two distinct sources, in the
dataset as ``open_dataset`` and as ``pyarrow.dataset`` read it (with one integer type for the
``year`` partition column).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as pads
import pytest

from kpi_analysis import load, open_dataset
from kpi_analysis.batch.pipeline import extract_dataset
from kpi_analysis.batch.runner import file_key
from kpi_analysis.tables.targets import input_files, source_name
from tests.support.batch_samples import write_text_forms

NAMES = {"甲/表.txt", "乙/表.txt"}


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    made = write_text_forms(tmp_path_factory.mktemp("made"), 2, seed=5)
    root = tmp_path_factory.mktemp("forms")
    for path, folder in zip(made, ("甲", "乙"), strict=True):
        (root / folder).mkdir()
        shutil.copyfile(path, root / folder / "表.txt")
    return root


@pytest.fixture(scope="module")
def out(root, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dataset")
    report = extract_dataset([root], out, jobs=1, progress=False)
    assert report.files == 2 and not report.failures
    return out


def files_of(sources) -> set[str]:
    return {str(s).split("#", 1)[0] for s in sources}


def test_open_dataset_tells_the_two_files_apart(out) -> None:
    for name in ("projects", "indicators"):
        frame = open_dataset(out, name)
        assert files_of(frame["source"]) == NAMES == set(frame["file"])
        assert (frame["source"].str.split("#").str[0] == frame["file"]).all()


def test_pyarrow_dataset_reads_the_same_sources_and_one_year_type(out) -> None:
    for name in ("projects", "funding", "goals", "indicators"):
        dataset = pads.dataset(out / name, partitioning="hive")
        assert pa.types.is_integer(dataset.schema.field("year").type), name
        table = dataset.to_table()
        assert files_of(table.column("source").to_pylist()) == NAMES, name
        years = set(table.column("year").to_pylist())
        assert years == set(open_dataset(out, name)["year"]) and len(years) >= 1


def test_the_sources_are_those_load_gives_on_the_folder(root, out) -> None:
    read = load(root)
    assert files_of(read.projects["source"]) == NAMES
    stored = open_dataset(out, "indicators")
    assert sorted(stored["source"]) == sorted(read.indicators["source"])


def test_one_naming_rule_for_load_extract_and_batch(root) -> None:
    named = input_files(root)
    assert set(named.values()) == NAMES
    for path, name in named.items():
        assert file_key(path, root) == name == source_name(path, root)
    assert source_name(root / "甲" / "表.txt") == "表.txt"  # a file given by itself
