"""process_file: one file in, its stored tables (or a failure) out; it never raises."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import pandas as pd
import pytest

from kpi_analysis import load
from kpi_analysis.batch import runner
from kpi_analysis.batch.partition import STORED
from kpi_analysis.batch.runner import (
    batch_root,
    discover_files,
    file_digest,
    file_key,
    process_file,
)
from kpi_analysis.tables.targets import TABLE_NAMES
from tests.support.batch_samples import write_broken_files, write_text_forms


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> list[Path]:
    return write_text_forms(tmp_path_factory.mktemp("forms"), 3, seed=11)


def test_a_readable_file_gives_its_tidy_tables_with_file_year_department(forms):
    root = forms[0].parents[2]
    result = process_file(forms[0], root=root)
    assert not result.failed
    assert result.file == forms[0].relative_to(root).as_posix()
    expected = load(forms[0], names={forms[0]: result.file})  # sources name it so too
    frames = result.frames()
    for name in TABLE_NAMES:
        STORED[name].validate(frames[name])
        tidy = frames[name].loc[:, expected.tables()[name].columns]
        pd.testing.assert_frame_equal(tidy, expected.tables()[name])
    # write_text_forms files forms under <department>/<year>/
    department, year = forms[0].parts[-3], int(forms[0].parts[-2])
    assert set(frames["indicators"]["year"]) == {year}
    assert set(frames["indicators"]["department"]) == {department}
    assert result.rows == sum(len(frame) for frame in frames.values())


def test_the_hash_is_the_sha256_of_the_content(forms):
    result = process_file(forms[1])
    data = forms[1].read_bytes()
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert result.size == len(data)
    assert file_digest(forms[1]) == (result.sha256, result.size)


def test_a_result_survives_pickling(forms):
    result = process_file(forms[2])
    again = pickle.loads(pickle.dumps(result))
    assert again.tables["indicators"].equals(result.tables["indicators"])
    assert again.tables["indicators"].num_rows > 0


@pytest.mark.parametrize(
    ("name", "error_class", "words"),
    [
        ("nul_bytes.txt", "UnreadableFileError", "二进制"),
        ("old_word.doc", "UnreadableFileError", ".doc"),
        ("empty.txt", "UnreadableFileError", "文件为空"),
        ("no_form.txt", "UnknownLayoutError", "没有找到绩效目标表"),
    ],
)
def test_a_broken_file_gives_a_failure_naming_it(tmp_path, name, error_class, words):
    path = {p.name: p for p in write_broken_files(tmp_path)}[name]
    result = process_file(path, root=tmp_path)
    assert result.failed and result.tables == {}
    assert result.failure.error_class == error_class
    assert result.failure.message.startswith(f"{name}:")
    assert words in result.failure.message


def test_a_missing_file_is_a_failure_not_an_exception(tmp_path):
    result = process_file(tmp_path / "gone.txt")
    assert result.failed
    assert result.failure.error_class == "FileNotFoundError"
    assert "无法打开文件" in result.failure.message


def test_an_internal_error_is_reported_with_the_file(forms, monkeypatch):
    def broken_load(paths, strict=False, **options):
        raise KeyError("level2")

    monkeypatch.setattr(runner, "load", broken_load)
    result = process_file(forms[0])
    assert result.failure.error_class == "KeyError"
    assert result.failure.message.startswith(f"{forms[0].name}: 读取时发生内部错误")
    assert result.sha256  # the file itself was readable


def test_file_keys_are_posix_paths_under_the_root(tmp_path):
    path = tmp_path / "局" / "2023" / "a.txt"
    assert file_key(path, tmp_path) == "局/2023/a.txt"
    assert file_key(path) == "a.txt"
    outside = tmp_path.parent / "elsewhere.txt"
    assert file_key(outside, tmp_path) == outside.resolve().as_posix()


def test_batch_root_is_the_deepest_common_folder(tmp_path):
    (tmp_path / "a" / "x").mkdir(parents=True)
    (tmp_path / "a" / "y").mkdir()
    (tmp_path / "a" / "y" / "f.txt").write_text("")
    assert batch_root([tmp_path / "a" / "x"]) == (tmp_path / "a" / "x").resolve()
    assert (
        batch_root([tmp_path / "a" / "x", tmp_path / "a" / "y" / "f.txt"])
        == (tmp_path / "a").resolve()
    )


def test_discover_files_walks_folders_and_keeps_old_binary_forms(tmp_path):
    names = [
        "a/form.txt",
        "a/b/form.docx",
        "a/b/form.xlsx",
        "a/old.doc",
        "a/old.xls",
        "a/notes.pdf",
        "a/~$form.docx",
        "a/.hidden.txt",
    ]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    explicit = tmp_path / "single.pdf"
    explicit.write_bytes(b"%PDF")
    files, ignored = discover_files([tmp_path / "a", explicit, tmp_path / "a" / "form.txt"])
    found = sorted(p.resolve().relative_to(tmp_path.resolve()).as_posix() for p in files)
    assert found == sorted(
        [
            "a/form.txt",
            "a/b/form.docx",
            "a/b/form.xlsx",
            "a/old.doc",
            "a/old.xls",
            "a/notes.pdf",  # PDF is a readable format now (kpi_analysis.readers.pdf)
            "single.pdf",
        ]
    )
    assert ignored == 2  # the Word lock file and the hidden file in the folder
