"""The ``kpi-analysis extract`` command: outputs, messages, exit codes."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi_analysis.cli.main import main

EXPECTED = {
    f"{name}.{ext}"
    for name in ("projects", "funding", "goals", "indicators", "findings")
    for ext in ("csv", "parquet")
} | {"kpi_tables.xlsx"}


def test_extract_writes_every_table(source_path, tmp_path, capsys) -> None:
    assert main(["extract", str(source_path), "--out", str(tmp_path)]) == 0
    assert {p.name for p in tmp_path.iterdir()} == EXPECTED
    out = capsys.readouterr().out
    assert "读取项目 5 个" in out and "非空单元格" in out
    csv = (tmp_path / "indicators.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf")  # BOM so Excel reads UTF-8
    frame = pd.read_csv(tmp_path / "indicators.csv", encoding="utf-8-sig")
    assert len(frame) == 110
    parquet = pd.read_parquet(tmp_path / "funding.parquet")
    totals = parquet[parquet["category"] == "total"]
    assert totals["amount_wan"].sum() == (90 + 33 + 60 + 30 + 27) + (30 + 11 + 20 + 10 + 9)


def test_summary_separates_cells_of_files_read_by_other_commands(repo_root, tmp_path, capsys):
    """The actuals workbook beside the form: its cells are counted apart, not as silent loss."""
    out_dir = tmp_path / "out"
    assert main(["extract", str(repo_root / "data" / "raw"), "--out", str(out_dir)]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "非空单元格" in x)
    reported = int(line.split("已报告 ")[1].split("（")[0])
    elsewhere = int(line.split("（其中 ")[1].split(" 个")[0])
    assert 0 < elsewhere < reported  # the target form's own reported cell is not among them
    assert "实际完成情况填报表或自评表" in line


def test_summary_has_no_elsewhere_part_for_a_target_form_alone(source_path, tmp_path, capsys):
    assert main(["extract", str(source_path), "--out", str(tmp_path)]) == 0
    assert "其中" not in capsys.readouterr().out


def test_unreadable_file_names_the_file_and_writes_nothing(tmp_path, capsys) -> None:
    bad = tmp_path / "old.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    out_dir = tmp_path / "out"
    code = main(["extract", str(bad), "--out", str(out_dir)])
    assert code == 2
    err = capsys.readouterr().err
    assert "old.doc" in err and ".docx" in err
    assert not out_dir.exists() or list(out_dir.iterdir()) == []


def test_missing_input_is_a_usage_error(tmp_path, capsys) -> None:
    assert main(["extract", str(tmp_path / "nope.txt"), "--out", str(tmp_path)]) == 2
    assert "找不到输入" in capsys.readouterr().err


def test_one_bad_file_among_good_ones_exits_1_and_writes_the_rest(
    source_path, tmp_path, capsys
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(source_path.read_bytes())
    (folder / "bad.txt").write_bytes(b"\x00\x00")
    out_dir = tmp_path / "out"
    assert main(["extract", str(folder), "--out", str(out_dir)]) == 1
    assert "bad.txt" in capsys.readouterr().err
    findings = pd.read_csv(out_dir / "findings.csv", encoding="utf-8-sig")
    assert "file_unreadable" in set(findings["code"])


def test_strict_stops_with_the_error_exit_code(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00")
    assert main(["extract", str(bad), "--out", str(tmp_path / "o"), "--strict"]) == 3
    assert "bad.txt" in capsys.readouterr().err


def test_unknown_command_is_rejected() -> None:
    with pytest.raises(SystemExit):
        main(["nonsense"])
