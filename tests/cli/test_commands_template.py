"""``kpi-analysis template``: writes the workbook, never overwrites by accident, skips actuals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kpi_analysis.cli.commands import COMMANDS
from kpi_analysis.cli.main import main
from kpi_analysis.errors import EXIT_NOTHING, EXIT_OK
from kpi_analysis.tables.actuals import load_actuals


def test_registered() -> None:
    assert "template" in COMMANDS


def test_writes_the_workbook(source_path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "actuals.xlsx"
    code = main(
        ["template", str(source_path), "--years", "2021", "2022", "2023", "--out", str(out)]
    )
    assert code == EXIT_OK
    actuals = load_actuals(out)
    assert actuals.years == (2021, 2022, 2023)
    assert len(actuals.indicators_actuals) == 138 and actuals.findings.empty
    printed = capsys.readouterr().out
    assert "指标 138 行" in printed and "资金 15 行" in printed
    assert "2022 年 5 个项目没有年度绩效目标" in printed


def test_default_years_are_those_the_targets_cover(source_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.xlsx"
    assert main(["template", str(source_path), "--out", str(out), "--quiet"]) == EXIT_OK
    assert load_actuals(out).years == (2021, 2022, 2023)


def test_refuses_to_overwrite_without_force(source_path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "a.xlsx"
    out.write_bytes(b"filled in by someone")
    assert main(["template", str(source_path), "--out", str(out)]) == EXIT_NOTHING
    assert out.read_bytes() == b"filled in by someone"
    assert "--force" in capsys.readouterr().err
    assert main(["template", str(source_path), "--out", str(out), "--force", "--quiet"]) == 0
    assert load_actuals(out).findings.empty


@pytest.mark.parametrize("name", ["a.csv", "a"])
def test_output_must_be_xlsx(source_path: Path, tmp_path: Path, name: str) -> None:
    assert main(["template", str(source_path), "--out", str(tmp_path / name)]) == EXIT_NOTHING


def test_missing_input(tmp_path: Path, capsys) -> None:
    code = main(["template", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "a.xlsx")])
    assert code == EXIT_NOTHING
    assert "找不到输入" in capsys.readouterr().err
    assert not (tmp_path / "a.xlsx").exists()


def test_actuals_workbooks_among_inputs_are_skipped(
    source_path: Path, repo_root: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "raw"
    folder.mkdir()
    shutil.copy(source_path, folder)
    shutil.copy(repo_root / "data" / "raw" / "actuals_example_2021-2023.xlsx", folder)
    out = tmp_path / "a.xlsx"
    example = folder / "actuals_example_2021-2023.xlsx"
    assert main(["template", str(folder), str(example), "--out", str(out), "--quiet"]) == EXIT_OK
    assert len(load_actuals(out).indicators_actuals) == 138
    only = tmp_path / "b.xlsx"
    assert main(["template", str(example), "--out", str(only)]) == EXIT_NOTHING
