"""``kpi-analysis batch``: folders in, a dataset (or tables) out, failures listed."""

from __future__ import annotations

import argparse

import pandas as pd
import pytest
from batch_forms import write_mixed_forms

from kpi_analysis.batch.open import open_dataset
from kpi_analysis.cli.commands import batch as batch_command
from kpi_analysis.cli.commands.batch import add_batch_arguments, wants_batch
from kpi_analysis.cli.main import main
from kpi_analysis.errors import EXIT_NOTHING, EXIT_PARTIAL


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return write_mixed_forms(tmp_path_factory.mktemp("forms"), 4, seed=13)


def test_batch_writes_a_dataset_and_lists_the_failures(inputs, tmp_path, capsys):
    code = main(["batch", str(inputs.root), "--out", str(tmp_path), "--jobs", "2", "--quiet"])
    assert code == EXIT_PARTIAL
    out, err = capsys.readouterr()
    assert out == ""
    for path in inputs.broken:
        key = path.relative_to(inputs.root).as_posix()
        assert f"错误：{key}: " in err
    assert len(open_dataset(tmp_path, "projects")["file"].unique()) == len(inputs.good)


def test_a_second_incremental_run_says_what_it_skipped(inputs, tmp_path, capsys):
    args = ["batch", str(inputs.root), "--out", str(tmp_path), "--jobs", "1"]
    main(args)
    capsys.readouterr()
    assert main([*args, "--incremental"]) == EXIT_PARTIAL
    out, _ = capsys.readouterr()
    assert f"未变化跳过 {len(inputs.good)} 个" in out
    assert "数据集已写入" in out


def test_the_tables_format_writes_csv_parquet_and_excel_with_failures(inputs, tmp_path, capsys):
    code = main(
        ["batch", str(inputs.root), "--out", str(tmp_path), "--format", "tables", "--jobs", "2"]
    )
    assert code == EXIT_PARTIAL
    failures = pd.read_csv(tmp_path / "failures.csv", encoding="utf-8-sig")
    assert len(failures) == len(inputs.broken)
    projects = pd.read_parquet(tmp_path / "projects.parquet")
    assert projects["file"].nunique() == len(inputs.good)
    assert (tmp_path / "kpi_tables.xlsx").is_file()
    assert "已写出表格" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--incremental", "--format", "tables"], "--incremental 只适用于"),
        (["--engine", "local", "--scheduler", "tcp://127.0.0.1:8786"], "--scheduler 只能与"),
    ],
)
def test_contradictory_options_are_usage_errors(inputs, tmp_path, capsys, extra, message):
    code = main(["batch", str(inputs.root), "--out", str(tmp_path), *extra])
    assert code == EXIT_NOTHING
    assert message in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_missing_inputs_and_folders_without_forms_are_errors(tmp_path, capsys):
    assert main(["batch", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]) == 2
    assert "找不到输入" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["batch", str(tmp_path / "empty"), "--out", str(tmp_path / "o")]) == 2
    assert "没有可读取的文件" in capsys.readouterr().err


def test_jobs_must_be_a_positive_number(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["batch", str(tmp_path), "--jobs", "0"])
    assert stop.value.code == 2
    assert "应为正整数" in capsys.readouterr().err


def test_a_scheduler_address_selects_the_dask_engine(inputs, tmp_path, monkeypatch):
    seen = {}

    def fake_extract(inputs, out, **options):
        seen.update(options)
        return batch_command.BatchReport(files=1, processed=1)

    monkeypatch.setattr(batch_command, "extract_dataset", fake_extract)
    code = main(
        ["batch", str(inputs.root), "--out", str(tmp_path), "--scheduler", "tcp://10.0.0.5:8786"]
    )
    assert code == 0
    assert seen["engine"] == "dask" and seen["scheduler"] == "tcp://10.0.0.5:8786"


def test_wants_batch_only_when_a_batch_option_is_given():
    parser = argparse.ArgumentParser()
    parser.add_argument("--strict", action="store_true")
    add_batch_arguments(parser)
    assert not wants_batch(parser.parse_args([]))
    assert not wants_batch(parser.parse_args(["--strict"]))
    for extra in (
        ["--jobs", "2"],
        ["--engine", "local"],
        ["--incremental"],
        ["--format", "tables"],
    ):
        assert wants_batch(parser.parse_args(extra))


def test_strict_cannot_be_combined_with_batch_options(inputs, tmp_path, capsys):
    args = argparse.Namespace(
        inputs=[inputs.root],
        out=tmp_path,
        quiet=True,
        strict=True,
        jobs=2,
        engine=None,
        scheduler=None,
        incremental=None,
        format=None,
    )
    assert batch_command.run_batch(args) == EXIT_NOTHING
    assert "--strict 不能与批量选项" in capsys.readouterr().err
