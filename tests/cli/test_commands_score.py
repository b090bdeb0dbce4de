"""The ``kpi-analysis score`` command: inputs recognised by content, three files, 示例数据."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from selfeval_forms import cunji_form, putuo_form, write_docx, write_xlsx

from kpi_analysis.cli.commands import COMMANDS
from kpi_analysis.cli.main import main
from kpi_analysis.errors import EXIT_NOTHING, EXIT_OK, EXIT_PARTIAL

EXPECTED = {"scores.csv", "summary.csv", "scores.xlsx"}
EXAMPLE = "示例数据"


@pytest.fixture(scope="module")
def out_dir(repo_root: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("score")
    code = main(["score", str(repo_root / "data" / "raw"), "--out", str(out), "--quiet"])
    assert code == EXIT_OK
    return out


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig")


def test_registered() -> None:
    assert "score" in COMMANDS


def test_writes_exactly_the_three_files(out_dir: Path) -> None:
    assert {p.name for p in out_dir.iterdir()} == EXPECTED
    for name in ("scores.csv", "summary.csv"):
        assert (out_dir / name).read_bytes().startswith(b"\xef\xbb\xbf")


def test_summary_has_five_projects_by_three_years(out_dir: Path) -> None:
    summary = _csv(out_dir / "summary.csv")
    required = [
        "project",
        "year",
        "execution_rate",
        "execution_score",
        "indicator_score",
        "total",
        "grade",
        "published_total",
    ]
    assert set(required) <= set(summary.columns)
    assert len(summary) == 15
    assert summary.groupby("year")["project"].nunique().to_dict() == {2021: 5, 2022: 5, 2023: 5}
    # total = execution score + indicator score, to the cent
    assert (
        (summary["execution_score"] + summary["indicator_score"]).round(2) == summary["total"]
    ).all()
    assert summary["grade"].isin(["优", "良", "中", "差"]).all()


def test_scores_columns_and_rows(out_dir: Path) -> None:
    scores = _csv(out_dir / "scores.csv")
    required = [
        "project",
        "year",
        "level1",
        "level2",
        "indicator",
        "target",
        "actual",
        "weight",
        "score",
        "published_score",
        "explanation",
    ]
    assert set(required) <= set(scores.columns)
    assert len(scores) == 138  # the example workbook's indicator rows
    assert scores["explanation"].str.contains("评分规则 central_2020").all()


def test_every_output_says_example_data(out_dir: Path) -> None:
    for name in ("scores.csv", "summary.csv"):
        frame = _csv(out_dir / name)
        assert frame["data_note"].str.contains(EXAMPLE).all(), name
    book = load_workbook(out_dir / "scores.xlsx")
    notes = book["说明"]
    assert notes["A2"].value == f"注意：{EXAMPLE}" and EXAMPLE in notes["B2"].value
    for sheet in book.worksheets:
        if sheet.title in ("说明", "中期目标变化", "目标来源", "状态分档", "读取问题"):
            continue
        assert EXAMPLE in sheet.title
        headers = [c.value for c in sheet[1]]
        column = headers.index("数据说明") + 1
        values = [sheet.cell(row=r, column=column).value for r in range(2, sheet.max_row + 1)]
        assert values and all(EXAMPLE in v for v in values), sheet.title


def test_workbook_has_chinese_headers_and_the_bands(out_dir: Path) -> None:
    book = load_workbook(out_dir / "scores.xlsx")
    assert book.sheetnames[0] == "说明"
    summary = book["评分汇总（示例数据）"]
    headers = [c.value for c in summary[1]]
    assert {"项目名称", "年度", "预算执行率", "总分（计算）", "等级", "总分（表中）"} <= set(
        headers
    )
    assert all(not h.isascii() for h in headers)
    detail = [c.value for c in book["评分明细（示例数据）"][1]]
    assert {"得分（计算）", "得分（表中）", "计分说明"} <= set(detail)
    notes = {row[0].value: row[1].value for row in book["说明"].iter_rows(min_row=2)}
    assert notes["状态分档（正向指标）"].startswith("蓝 超前：≥120%")
    progress = book["中期目标进度（示例数据）"]
    headers = [c.value for c in progress[1]]
    bands = headers.index("状态分档") + 1
    assert progress.cell(row=2, column=bands).value.startswith(("蓝 超前", "绿 控制在目标内"))
    assert book["状态分档"].max_row == 8


def test_profile_option(repo_root: Path, tmp_path: Path) -> None:
    code = main(
        [
            "score",
            str(repo_root / "data" / "raw"),
            "--out",
            str(tmp_path),
            "--profile",
            "hb_variant",
            "--quiet",
        ]
    )
    assert code == EXIT_OK
    summary = _csv(tmp_path / "summary.csv")
    assert (summary["profile"] == "hb_variant").all()
    # execution is worth 20 under hb_variant: 97 % → 19.4 for project 1 in 2021
    first = summary[(summary["project_no"] == 1) & (summary["year"] == 2021)].iloc[0]
    assert first["execution_score"] == 19.4


def test_mixed_folder_of_targets_forms_and_workbook(
    repo_root: Path, source_path: Path, tmp_path: Path, capsys
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(source_path, folder)
    shutil.copy(repo_root / "data" / "raw" / "actuals_example_2021-2023.xlsx", folder)
    write_docx([cunji_form()], folder / "cunji.docx")
    write_xlsx([putuo_form()], folder / "putuo.xlsx")
    out = tmp_path / "out"
    assert main(["score", str(folder), "--out", str(out)]) == EXIT_OK
    printed = capsys.readouterr().out
    assert "注意：示例数据" in printed and "评分 17 个项目年度" in printed
    summary = _csv(out / "summary.csv")
    assert len(summary) == 17
    forms = summary[summary["data_source"] == "项目支出绩效自评表"]
    assert sorted(forms["project"]) == ["村级补助及运转经费", "行政执法专项检查"]
    assert forms["data_note"].isna().all()
    assert (summary.loc[summary["data_source"] == "实际完成情况工作簿", "data_note"].notna()).all()
    assert forms.set_index("project").loc["行政执法专项检查", "published_total"] == 97.51


def test_only_forms(tmp_path: Path) -> None:
    write_docx([cunji_form(), putuo_form()], tmp_path / "forms.docx")
    out = tmp_path / "out"
    assert main(["score", str(tmp_path / "forms.docx"), "--out", str(out), "--quiet"]) == EXIT_OK
    summary = _csv(out / "summary.csv")
    assert len(summary) == 2 and "data_note" in summary.columns
    assert summary["data_note"].isna().all()
    assert EXAMPLE not in "".join(load_workbook(out / "scores.xlsx").sheetnames)


def test_targets_alone_cannot_be_scored(source_path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["score", str(source_path), "--out", str(out)]) == EXIT_NOTHING
    assert "没有可评分的实际完成数据" in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())


def test_unreadable_file_gives_partial_exit(tmp_path: Path, capsys) -> None:
    write_docx([cunji_form()], tmp_path / "form.docx")
    (tmp_path / "broken.xlsx").write_bytes(b"not a workbook")
    out = tmp_path / "out"
    assert main(["score", str(tmp_path), "--out", str(out), "--quiet"]) == EXIT_PARTIAL
    assert "broken.xlsx" in capsys.readouterr().err
    assert {p.name for p in out.iterdir()} == EXPECTED


def test_missing_input(tmp_path: Path, capsys) -> None:
    assert main(["score", str(tmp_path / "nope"), "--out", str(tmp_path)]) == EXIT_NOTHING
    assert "找不到输入" in capsys.readouterr().err
