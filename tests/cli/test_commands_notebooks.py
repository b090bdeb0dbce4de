"""``kpi-analysis notebooks``: papermill runs on another folder, HTML out, stored notebooks kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from kpi_analysis.cli.commands.notebooks import NOTEBOOKS_DIR, notebook_parameters, select_notebooks
from kpi_analysis.cli.main import main
from kpi_analysis.errors import EXIT_NOTHING, EXIT_OK, EXIT_PARTIAL

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "data" / "raw"


@pytest.fixture(autouse=True)
def _in_the_project_folder(monkeypatch) -> None:
    """The notebooks folder is found from the current folder, as when run from a checkout."""
    monkeypatch.chdir(REPO)


def test_the_default_notebooks_folder_is_relative_to_the_current_folder() -> None:
    assert not NOTEBOOKS_DIR.is_absolute() and str(NOTEBOOKS_DIR) == "notebooks"


def test_missing_notebooks_folder_is_a_clear_chinese_error(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)  # a folder without notebooks/
    code = main(["notebooks", "--data", str(RAW), "--out", str(tmp_path / "o")])
    assert code == EXIT_NOTHING
    err = capsys.readouterr().err
    assert "错误：找不到笔记本文件夹 notebooks" in err and "--notebooks" in err
    assert not (tmp_path / "o").exists()
    code = main(["notebooks", "--data", str(RAW), "--out", str(tmp_path / "o"),
                 "--notebooks", str(REPO / "notebooks"), "--only", "99"])  # fmt: skip
    assert code == EXIT_NOTHING and "没有匹配的 .ipynb" in capsys.readouterr().err


def test_select_notebooks_by_prefix() -> None:
    names = [p.name for p in select_notebooks(NOTEBOOKS_DIR)]
    assert names == sorted(names) and "04-funding.ipynb" in names
    only = select_notebooks(NOTEBOOKS_DIR, ["04", "06-year"])
    assert [p.name for p in only] == ["04-funding.ipynb", "06-year-end-report.ipynb"]
    assert select_notebooks(NOTEBOOKS_DIR, ["99"]) == []


def test_only_declared_parameters_are_passed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    given = notebook_parameters(["DATA", "FIGURES_DIR"], tmp_path / "d", out, 2022)
    assert given == {
        "DATA": str((tmp_path / "d").resolve()),
        "FIGURES_DIR": str((out / "figures").resolve()),
    }  # no YEAR: the notebook does not declare it
    report = notebook_parameters(["DATA", "YEAR", "REPORT_DIR"], tmp_path, out, 2022)
    assert report["YEAR"] == 2022 and report["REPORT_DIR"] == str((out / "reports").resolve())
    assert "YEAR" not in notebook_parameters(["DATA", "YEAR"], tmp_path, out, None)


@pytest.mark.slow
def test_runs_a_notebook_on_a_copy_of_the_data_and_exports_html(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    shutil.copytree(RAW, data)
    stored = (NOTEBOOKS_DIR / "04-funding.ipynb").read_bytes()
    out = tmp_path / "out"
    code = main(
        ["notebooks", "--data", str(data), "--out", str(out), "--year", "2021", "--only", "04"]
    )
    assert code == EXIT_OK, capsys.readouterr().err
    html = (out / "04-funding.html").read_text(encoding="utf-8")
    assert "<html" in html.lower()
    assert '@font-face { font-family: "KpiReportCJK"' in html  # no tofu without a CJK font
    assert 'id="T_the-year"' in html and "data:image/png;base64," in html  # tables and charts
    assert str(data.resolve()) in html  # the injected DATA parameter
    assert "示例数据（虚构）" in html and "2021 年：全年预算数合计 80.00 万元" in html
    assert (out / "figures" / "04-funding.png").is_file()
    assert (out / "figures" / "04-execution-rate.png").is_file()
    assert (NOTEBOOKS_DIR / "04-funding.ipynb").read_bytes() == stored  # never modified
    assert "已运行 04-funding.ipynb" in capsys.readouterr().out


@pytest.mark.slow
def test_a_failing_notebook_is_exported_and_reported(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    notebook = new_notebook(
        cells=[
            new_code_cell('DATA = "x"\nYEAR = 0', metadata={"tags": ["parameters"]}),
            new_code_cell('print(f"YEAR={YEAR}")'),
            new_code_cell('raise ValueError("故意失败")'),
        ]
    )
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(notebook, folder / "01-broken.ipynb")
    out = tmp_path / "out"
    code = main(
        ["notebooks", "--data", str(RAW), "--out", str(out), "--year", "2022"]
        + ["--notebooks", str(folder)]
    )
    assert code == EXIT_PARTIAL
    assert "01-broken.ipynb 运行失败（ValueError: 故意失败）" in capsys.readouterr().err
    html = (out / "01-broken.html").read_text(encoding="utf-8")
    assert "YEAR=2022" in html and "故意失败" in html


def test_a_notebook_that_cannot_start_is_reported(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / "02-damaged.ipynb").write_text("{not json", encoding="utf-8")
    code = main(["notebooks", "--data", str(RAW), "--out", str(tmp_path / "out")]
                + ["--notebooks", str(folder)])  # fmt: skip
    assert code == EXIT_PARTIAL
    assert "02-damaged.ipynb 运行失败（" in capsys.readouterr().err
    assert not (tmp_path / "out" / "02-damaged.html").exists()


def test_missing_data_folder(tmp_path: Path, capsys) -> None:
    code = main(["notebooks", "--data", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert code == EXIT_NOTHING
    assert "找不到数据文件夹" in capsys.readouterr().err


def test_no_matching_notebook(tmp_path: Path, capsys) -> None:
    code = main(["notebooks", "--data", str(RAW), "--out", str(tmp_path), "--only", "99"])
    assert code == EXIT_NOTHING
    assert "没有匹配的 .ipynb" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.parametrize("year", [2020, 2021, 2022, 2023, 2024])
def test_every_notebook_runs_for_any_year_on_the_default_data(
    year: int, tmp_path: Path, capsys
) -> None:
    """A year without forms or actuals is said in Chinese, never a failure (issue #15)."""
    out = tmp_path / "out"
    code = main(["notebooks", "--data", str(RAW), "--year", str(year), "--out", str(out)])
    printed = capsys.readouterr()
    assert code == EXIT_OK, printed.err
    assert f"共 {len(select_notebooks(NOTEBOOKS_DIR))} 个笔记本，失败 0 个" in printed.out
    pages = {p.stem: p.read_text(encoding="utf-8") for p in out.glob("*.html")}
    assert len(pages) == len(select_notebooks(NOTEBOOKS_DIR))
    assert all("Traceback" not in page for page in pages.values())
    report = out / "reports" / str(year) / f"{year}-年度绩效自评报告.html"
    if year in (2021, 2022, 2023):  # the years of the example actuals
        assert report.is_file() and "data:image/png;base64," in report.read_text(encoding="utf-8")
        assert f"年终报告（HTML）：{report}" in printed.out
    else:
        assert not report.exists()
        assert f"{year} 年没有实际完成情况" in pages["06-year-end-report"]
    if year != 2021:  # the forms are for 2021 only
        assert f"{year} 年没有年度绩效目标表" in pages["02-annual-vs-midterm"]
