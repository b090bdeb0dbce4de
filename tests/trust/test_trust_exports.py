"""Exports are safe to open and never half-written; amounts are shown with two decimals.

- Formula injection: text starting with = + - @, TAB or CR is written to CSV with a leading
  apostrophe and to .xlsx as a text cell (type ``s``), checked by opening the files that
  ``extract`` and ``review`` write from a form whose cells start that way.
- Atomic outputs: a writer that fails or is interrupted half-way leaves the previous
  outputs byte for byte, with no temporary files left behind.
- Numbers: the workbook stores the exact value and shows it rounded with a number format.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from kpi_analysis.cli.commands import review as review_command
from kpi_analysis.cli.main import main
from kpi_analysis.outputs import export, files
from kpi_analysis.outputs.export import (
    AMOUNT_FORMAT,
    FORMULA_START,
    RATE_FORMAT,
    SCORE_FORMAT,
    write_tables,
    write_workbook,
)

HOSTILE = {
    "\t机构编制管理及编制周转池改革工作\n": '\t=HYPERLINK("http://example.com","点我")\n',
    "\t满意度100%\n": "\t@SUM(1+1)*cmd|' /C calc'!A0\n",
    "\t指标1：全年编制核查\n": "\t-2+3+cmd|' /C calc'!A0\n",
}
NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


@pytest.fixture(scope="module")
def hostile_form(source_path, tmp_path_factory):
    """The source document with cells that a spreadsheet would run as formulas."""
    text = source_path.read_text(encoding="utf-8")
    for old, new in HOSTILE.items():
        if old in text:
            text = text.replace(old, new, 1)
    assert sum(new in text for new in HOSTILE.values()) >= 2
    path = tmp_path_factory.mktemp("hostile") / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def outputs(hostile_form, tmp_path_factory):
    out = tmp_path_factory.mktemp("outputs")
    assert main(["extract", str(hostile_form), "--out", str(out / "extract"), "--quiet"]) == 0
    assert main(["review", str(hostile_form), "--out", str(out / "review"), "--quiet"]) == 0
    return out


def _csv_fields(path) -> list[str]:
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    return [v for column in frame.columns for v in frame[column].tolist()]


def test_no_csv_field_starts_like_a_formula(outputs) -> None:
    files = sorted(outputs.rglob("*.csv"))
    assert {p.name for p in files} >= {"indicators.csv", "projects.csv", "findings.csv"}
    assert "comparison.csv" in {p.name for p in files}
    for path in files:
        for field in _csv_fields(path):
            if field.startswith(FORMULA_START) and not NUMBER.fullmatch(field):
                pytest.fail(f"{path.name}: {field!r} would run as a formula")


def test_the_hostile_cells_reach_the_csvs_defused(outputs) -> None:
    projects = _csv_fields(outputs / "extract" / "projects.csv")
    assert '\'=HYPERLINK("http://example.com","点我")' in projects
    everything = "\n".join(field for path in outputs.rglob("*.csv") for field in _csv_fields(path))
    assert "'@SUM(1+1)*cmd" in everything


def test_no_workbook_cell_is_a_formula_and_hostile_text_is_text(outputs) -> None:
    workbooks = sorted(outputs.rglob("*.xlsx"))
    assert {p.name for p in workbooks} == {"kpi_tables.xlsx", "review.xlsx"}
    hostile_cells = 0
    for path in workbooks:
        for sheet in load_workbook(path):
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{path.name}!{sheet.title}!{cell.coordinate}"
                    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                        assert cell.data_type == "s"
                        hostile_cells += 1
    assert hostile_cells >= 2


@pytest.mark.parametrize("text", ["=1+1", "+86 555", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_every_formula_start_is_defused_in_both_formats(tmp_path, text) -> None:
    frame = pd.DataFrame({"project": [text, "正常"]}).astype("string")
    write_tables({"projects": frame}, tmp_path, "book.xlsx")
    fields = pd.read_csv(
        tmp_path / "projects.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )["project"].tolist()
    assert fields == ["'" + text, "正常"]
    cell = load_workbook(tmp_path / "book.xlsx")["项目"]["A2"]
    assert cell.data_type == "s" and cell.value == text


# --------------------------------------------------------------------------- atomic outputs
def _snapshot(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != files.LOCK_NAME}


def _tables(value: float) -> dict[str, pd.DataFrame]:
    frame = pd.DataFrame({"project": ["甲", "乙"], "amount_wan": [value, 2.0]})
    return {"projects": frame, "funding": frame.copy()}


@pytest.mark.parametrize("fail_at", [1, 3, 5])
def test_interrupted_renames_leave_the_previous_outputs(tmp_path, monkeypatch, fail_at) -> None:
    # where folders cannot be swapped (other systems), files are moved one by one
    monkeypatch.setattr(files, "_swap_function", lambda: None)
    write_tables(_tables(1.0), tmp_path, "book.xlsx")
    before = _snapshot(tmp_path)
    real_replace = files.os.replace
    calls = []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == fail_at:
            raise KeyboardInterrupt  # Ctrl-C between two renames
        return real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", flaky)
    with pytest.raises(KeyboardInterrupt):
        write_tables(_tables(9.0), tmp_path, "book.xlsx")
    monkeypatch.setattr(files.os, "replace", real_replace)
    assert _snapshot(tmp_path) == before  # not a mix of old and new files
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".kpi-tmp-")]


def test_interrupted_first_run_leaves_no_files(tmp_path, monkeypatch) -> None:
    real_replace = files.os.replace
    calls = []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(files, "_swap_function", lambda: None)
    monkeypatch.setattr(files.os, "replace", flaky)
    with pytest.raises(OSError):
        write_tables(_tables(1.0), tmp_path / "out", "book.xlsx")
    assert list((tmp_path / "out").iterdir()) == []


def test_ctrl_c_at_the_swap_leaves_the_previous_outputs(tmp_path, monkeypatch) -> None:
    out = tmp_path / "out"
    write_tables(_tables(1.0), out, "book.xlsx")
    before = _snapshot(out)

    def interrupted(a, b):
        raise KeyboardInterrupt

    monkeypatch.setattr(files, "_swap", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_tables(_tables(9.0), out, "book.xlsx")
    assert _snapshot(out) == before
    assert not [p for p in tmp_path.iterdir() if files.STAGING_PREFIX in p.name]


def test_a_writer_failing_midway_leaves_the_previous_outputs(tmp_path, monkeypatch) -> None:
    write_tables(_tables(1.0), tmp_path, "book.xlsx")
    before = _snapshot(tmp_path)
    real_parquet = export.write_parquet
    written = []

    def second_fails(frame, path):
        written.append(path)
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        real_parquet(frame, path)

    monkeypatch.setattr(export, "write_parquet", second_fails)
    with pytest.raises(OSError):
        write_tables(_tables(9.0), tmp_path, "book.xlsx")
    assert _snapshot(tmp_path) == before


def test_review_failing_midway_leaves_the_previous_outputs(
    source_path, tmp_path, monkeypatch
) -> None:
    assert main(["review", str(source_path), "--out", str(tmp_path), "--quiet"]) == 0
    before = _snapshot(tmp_path)
    real_csv = review_command.write_csv
    written = []

    def second_fails(frame, path):
        written.append(path)
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        real_csv(frame, path)

    monkeypatch.setattr(review_command, "write_csv", second_fails)
    with pytest.raises(OSError):
        main(["review", str(source_path), "--out", str(tmp_path), "--quiet", "--skip", "R13"])
    assert _snapshot(tmp_path) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".kpi-tmp-")]


# --------------------------------------------------------------------------- number formats
def test_workbook_keeps_exact_values_and_shows_two_decimals(tmp_path) -> None:
    """Formats come from the columns' declared display kinds (schemas, DERIVED_KINDS), not
    from their names: an undeclared ``…_wan`` or ``…_score`` column is shown as it is."""
    frame = pd.DataFrame(
        {
            "project": ["甲", "乙"],
            "amount_wan": [1234.5678, 0.1 + 0.2],
            "score": [89.995, 60.0],
            "execution_rate": [0.45175, 1.0],
            "findings": [3, 4],  # a count: no number format
        }
    )
    summary = pd.DataFrame({"total": [1.005], "execution_score": [2.675], "grade": ["x"]})
    undeclared = pd.DataFrame({"other_wan": [2.675], "total_score": [1.005]})
    write_workbook(
        {"funding": frame, "summary": summary, "其他": undeclared}, tmp_path / "book.xlsx"
    )
    book = load_workbook(tmp_path / "book.xlsx")
    sheet = book["资金"]
    assert sheet["B2"].value == 1234.5678  # stored as computed …
    assert sheet["B2"].number_format == AMOUNT_FORMAT  # … shown as 1,234.57
    assert sheet["B3"].number_format == AMOUNT_FORMAT  # 0.1 + 0.2 shown as 0.30
    assert sheet["C2"].value == 89.995 and sheet["C2"].number_format == SCORE_FORMAT
    assert sheet["D2"].number_format == RATE_FORMAT
    assert sheet["E2"].value == 3 and sheet["E2"].number_format == "General"
    assert sheet["A2"].number_format == "General"
    other = book["summary"]
    assert (other["A2"].number_format, other["B2"].number_format) == (SCORE_FORMAT, SCORE_FORMAT)
    assert other["C2"].number_format == "General"
    guessed = book["其他"]
    assert (guessed["A2"].number_format, guessed["B2"].number_format) == ("General", "General")


def test_extract_workbook_shows_amounts_with_two_decimals(outputs) -> None:
    sheet = load_workbook(outputs / "extract" / "kpi_tables.xlsx")["资金"]
    header = [c.value for c in sheet[1]]
    column = header.index("金额（万元）") + 1
    cells = [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)]
    numbers = [c for c in cells if isinstance(c.value, int | float)]  # 90.0 reads back as 90
    assert numbers and all(c.number_format == AMOUNT_FORMAT for c in numbers)


def test_review_outputs_carry_the_hostile_text_defused(outputs) -> None:
    fields = [f for p in (outputs / "review").glob("*.csv") for f in _csv_fields(p)]
    hostile = [f for f in fields if f.lstrip("'").startswith(("=HYPERLINK", "@SUM", "-2+3"))]
    assert hostile and all(f.startswith("'") for f in hostile)
    book = load_workbook(outputs / "review" / "review.xlsx")
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    shown = [c for c in cells if str(c.value).startswith(("=HYPERLINK", "@SUM", "-2+3"))]
    assert shown and all(c.data_type == "s" for c in shown)
