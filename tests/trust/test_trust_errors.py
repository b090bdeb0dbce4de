"""One exception hierarchy, located errors, and no traceback from the command line.

An unexpected exception inside a reader or the interpreter (a bug, or a library error not
foreseen for some damaged file) must become an error naming the file: a ``file_unreadable``
finding, a Chinese message and a non-zero exit code — never a traceback, never silence.
"""

from __future__ import annotations

import pickle

import pandas as pd
import pytest

import kpi_analysis.readers as readers
from kpi_analysis import load
from kpi_analysis.cli.commands import extract as extract_command
from kpi_analysis.cli.main import DEBUG_ENV, EXIT_INTERNAL, EXIT_INTERRUPTED, entry, main
from kpi_analysis.errors import BadValueError, KpiError, UnknownLayoutError, UnreadableFileError
from kpi_analysis.readers.grid import Source
from kpi_analysis.tables import targets as dataset


def _subclasses(cls: type) -> list[type]:
    return [cls] + [sub for direct in cls.__subclasses__() for sub in _subclasses(direct)]


def test_every_error_class_carries_file_table_row_and_column() -> None:
    classes = _subclasses(KpiError)
    assert {UnreadableFileError, UnknownLayoutError, BadValueError} <= set(classes)
    for cls in classes:
        error = cls("单元格有误", file="a.docx", table=2, row=5, col=3, hint="请检查")
        assert (error.file, error.table, error.row, error.col) == ("a.docx", 2, 5, 3)
        if cls.__module__ == "kpi_analysis.errors":  # (BatchError, which names no file, is not)
            assert str(error) == "a.docx 表2 第5行 第3列: 单元格有误（请检查）"
        copy = pickle.loads(pickle.dumps(error))  # batch workers send errors between processes
        assert type(copy) is cls and vars(copy) == vars(error) and str(copy) == str(error)


def test_exit_codes_are_distinct_and_documented() -> None:
    codes = {cls: cls.exit_code for cls in (UnreadableFileError, UnknownLayoutError, BadValueError)}
    assert codes == {UnreadableFileError: 3, UnknownLayoutError: 4, BadValueError: 5}


def test_an_error_can_be_located_at_a_source() -> None:
    source = Source("b.xlsx", table=1, row=7, col=2, sheet="表1", address="B7")
    error = BadValueError.at(source, "应为数字", hint="填写数字")
    assert isinstance(error, BadValueError)
    assert error.location() == "b.xlsx 表1 第7行 第2列"


# --------------------------------------------------------------------------- unexpected errors
@pytest.fixture
def broken_text_reader(monkeypatch):
    """The text reader raises a ValueError, as a library bug would."""

    def broken(path, **kwargs):
        raise ValueError("意外的内部状态")

    monkeypatch.setitem(readers.READERS, ".txt", broken)


def test_unexpected_reader_exception_becomes_a_file_unreadable_finding(
    broken_text_reader, source_path
) -> None:
    ds = load(source_path)
    assert ds.projects.empty
    finding = ds.findings.iloc[0]
    assert finding["code"] == "file_unreadable" and finding["severity"] == "error"
    assert finding["source"] == source_path.name
    assert finding["message"] == "读取时发生内部错误（ValueError: 意外的内部状态）"
    assert "维护者" in finding["text"]


def test_unexpected_reader_exception_in_strict_mode_is_unreadable_file_error(
    broken_text_reader, source_path
) -> None:
    with pytest.raises(UnreadableFileError, match="ValueError") as caught:
        load(source_path, strict=True)
    assert caught.value.file == source_path.name
    assert isinstance(caught.value.__cause__, ValueError)  # the original is kept


def test_unexpected_interpreter_exception_names_the_file(monkeypatch, source_path) -> None:
    def broken(doc):
        raise KeyError("列")

    monkeypatch.setattr(dataset, "interpret_document", broken)
    finding = load(source_path).findings.iloc[0]
    assert finding["code"] == "file_unreadable"
    assert finding["message"].startswith("解读表格时发生内部错误（KeyError")


def test_extract_reports_the_internal_error_in_chinese_without_traceback(
    broken_text_reader, source_path, tmp_path, capsys
) -> None:
    out = tmp_path / "out"
    assert main(["extract", str(source_path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert source_path.name in err and "内部错误" in err and "ValueError" in err
    assert "Traceback" not in err
    assert not out.exists() or not any(out.iterdir())
    assert main(["extract", str(source_path), "--out", str(out), "--strict"]) == 3


def test_one_broken_file_among_good_ones_exits_1_and_writes_the_rest(
    monkeypatch, source_path, tmp_path, capsys
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(source_path.read_bytes())
    # not byte-identical: identical files are read once (reported as duplicates)
    (folder / "bad.txt").write_bytes(source_path.read_bytes() + b"\n")
    real = readers.READERS[".txt"]

    def sometimes(path, **kwargs):
        if path.name == "bad.txt":
            raise IndexError("越界")
        return real(path, **kwargs)

    monkeypatch.setitem(readers.READERS, ".txt", sometimes)
    out = tmp_path / "out"
    assert main(["extract", str(folder), "--out", str(out)]) == 1
    assert "bad.txt" in capsys.readouterr().err
    findings = pd.read_csv(out / "findings.csv", encoding="utf-8-sig")
    bad = findings[findings["source"] == "bad.txt"]
    assert bad["code"].tolist() == ["file_unreadable"]
    assert "IndexError" in bad["message"].iloc[0]
    assert len(pd.read_csv(out / "projects.csv", encoding="utf-8-sig")) == 5


# --------------------------------------------------------------------------- the console script
def test_a_kpi_error_from_any_command_becomes_its_exit_code(
    monkeypatch, source_path, tmp_path, capsys
) -> None:
    def refuse(*args, **kwargs):
        raise UnknownLayoutError("版式无法识别", file="x.docx", table=3)

    monkeypatch.setattr(extract_command, "write_tables", refuse)
    assert main(["extract", str(source_path), "--out", str(tmp_path)]) == 4
    assert "x.docx 表3: 版式无法识别" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("exception", "code", "words"),
    [
        (RuntimeError("坏了"), EXIT_INTERNAL, "内部错误（RuntimeError: 坏了）"),
        (PermissionError(13, "Permission denied", "/ro/out.csv"), 2, "无法读写文件：/ro/out.csv"),
        (KeyboardInterrupt(), EXIT_INTERRUPTED, "已中断"),
    ],
    ids=["bug", "no-permission", "ctrl-c"],
)
def test_console_script_never_shows_a_traceback(
    monkeypatch, source_path, tmp_path, capsys, exception, code, words
) -> None:
    def fail(*args, **kwargs):
        raise exception

    monkeypatch.setattr(extract_command, "write_tables", fail)
    monkeypatch.delenv(DEBUG_ENV, raising=False)
    assert entry(["extract", str(source_path), "--out", str(tmp_path / "o"), "--quiet"]) == code
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_debug_setting_shows_the_real_exception(monkeypatch, source_path, tmp_path) -> None:
    def fail(*args, **kwargs):
        raise RuntimeError("坏了")

    monkeypatch.setattr(extract_command, "write_tables", fail)
    monkeypatch.setenv(DEBUG_ENV, "1")
    with pytest.raises(RuntimeError, match="坏了"):
        entry(["extract", str(source_path), "--out", str(tmp_path / "o")])
