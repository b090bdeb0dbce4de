"""``kpi-analysis report``: forms and charts per project, exit codes, messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from kpi_analysis.cli.main import main
from kpi_analysis.errors import EXIT_NOTHING, EXIT_OK, EXIT_PARTIAL
from kpi_analysis.outputs.html_report import find_chromium

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


@pytest.fixture(scope="module")
def report_2021(tmp_path_factory) -> tuple[Path, int]:
    out = tmp_path_factory.mktemp("report") / "2021"
    return out, main(["report", "--year", "2021", str(RAW), "--out", str(out), "--quiet"])


def test_writes_a_docx_and_an_xlsx_per_project_and_the_charts(report_2021) -> None:
    out, code = report_2021
    assert code == EXIT_OK
    docx = sorted(out.glob("*.docx"))
    xlsx = sorted(out.glob("*.xlsx"))
    assert len(docx) == len(xlsx) == 5
    assert [p.stem for p in docx] == [p.stem for p in xlsx]
    assert docx[3].name == "2021-04-深化事业单位改革-绩效自评表.docx"
    pngs = sorted(p.name for p in (out / "figures").glob("*.png"))
    assert pngs == [
        "2021-completion.png",
        "2021-cumulative-progress.png",
        "2021-execution-rate.png",
        "2021-funding.png",
        "2021-score-trend.png",
    ]
    assert all((out / "figures" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for name in pngs)


def test_writes_the_self_contained_html_report_and_a_pdf_with_chromium(report_2021) -> None:
    out, _ = report_2021
    page = (out / "2021-年度绩效自评报告.html").read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') == 5 and "示例数据（虚构）" in page
    pdf = out / "2021-年度绩效自评报告.pdf"
    if find_chromium() is None:
        assert not pdf.exists()
    else:
        assert pdf.read_bytes()[:5] == b"%PDF-"
    assert not list(out.glob(".kpi-tmp-*"))  # nothing left of the staging


def test_no_pdf_and_the_report_is_named(tmp_path: Path, capsys) -> None:
    code = main(["report", "--year", "2023", str(RAW), "--out", str(tmp_path), "--no-pdf"])
    assert code == EXIT_OK
    assert f"年终报告（HTML）：{tmp_path / '2023-年度绩效自评报告.html'}" in capsys.readouterr().out
    assert (tmp_path / "2023-年度绩效自评报告.html").is_file()
    assert not (tmp_path / "2023-年度绩效自评报告.pdf").exists()


def test_the_forms_say_they_are_example_data(report_2021) -> None:
    out, _ = report_2021
    document = Document(str(next(out.glob("2021-04-*.docx"))))
    title = document.tables[0].rows[0].cells[0].text
    assert title == "项目支出绩效自评表（2021年度）\n示例数据（虚构）"
    sheet = load_workbook(next(out.glob("2021-04-*.xlsx"))).worksheets[0]
    assert sheet["A1"].value == title
    row = next(c.row for c in sheet["B"] if c.value == "年度资金总额")
    # 8.6 of 10 万元 executed: rate 86 %, score 8.60 (docs/rules.md#profiles)
    assert [sheet.cell(row, c).value for c in (6, 8, 9)] == [8.6, 0.86, 8.6]


def test_prints_the_example_notice_and_a_summary(tmp_path: Path, capsys) -> None:
    assert main(["report", "--year", "2022", str(RAW), "--out", str(tmp_path)]) == EXIT_OK
    printed = capsys.readouterr().out
    assert "示例数据（虚构）" in printed
    assert (
        f"已写出 2022 年 5 个项目的绩效自评表（10 个 .docx/.xlsx 文件）和 5 张图到 {tmp_path}"
        in (printed)
    )


def test_a_year_without_actuals_is_an_error(tmp_path: Path, capsys) -> None:
    code = main(["report", "--year", "2024", str(RAW), "--out", str(tmp_path / "x")])
    assert code == EXIT_NOTHING
    assert "2024 年没有实际完成情况（已有年度：2021、2022、2023）" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_targets_alone_are_not_enough(tmp_path: Path, capsys) -> None:
    target = RAW / "000_2504e2a5ee8feded.txt"
    code = main(["report", "--year", "2021", str(target), "--out", str(tmp_path / "x")])
    assert code == EXIT_NOTHING
    assert "没有实际完成情况" in capsys.readouterr().err


def test_missing_input(tmp_path: Path, capsys) -> None:
    code = main(["report", "--year", "2021", str(tmp_path / "nope"), "--out", str(tmp_path)])
    assert code == EXIT_NOTHING
    assert "找不到输入" in capsys.readouterr().err


def test_an_unreadable_file_is_reported_and_the_rest_written(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    shutil.copytree(RAW, data)
    (data / "broken.docx").write_bytes(b"not a zip file")
    code = main(["report", "--year", "2021", str(data), "--out", str(tmp_path / "out")])
    assert code == EXIT_PARTIAL
    assert "broken.docx" in capsys.readouterr().err
    assert len(list((tmp_path / "out").glob("*.docx"))) == 5


def test_year_is_required(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["report", str(RAW)])
    assert "--year" in capsys.readouterr().err


def test_the_review_error_is_in_the_2021_forms(report_2021) -> None:
    """Project 1's R8 error (name says 47, value 62) is in 偏差原因 of its .docx and .xlsx."""
    out, _ = report_2021
    document = Document(str(next(out.glob("2021-01-*.docx"))))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    noted = [c for c in cells if c.startswith("【审核错误 R8")]
    assert noted and "47" in noted[0] and "62" in noted[0]
    sheet = load_workbook(next(out.glob("2021-01-*.xlsx"))).worksheets[0]
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    shown = [v for v in values if "【审核错误 R8" in v]
    assert shown and "47" in shown[0] and "62" in shown[0]
    other = Document(str(next(out.glob("2021-02-*.docx"))))
    assert not any("审核错误" in c.text for t in other.tables for r in t.rows for c in r.cells)
