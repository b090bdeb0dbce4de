"""The hostile corpus (``tests/trust/hostile/hostile_corpus.py``) through every command
that takes it.

Each class of hostile or faulty input is built small in a temporary folder and run through
its commands in-process. What must hold: no internal error (no exception, exit code never
70), the outputs that were written open again, and nothing printed to the terminal carries
a raw control code.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from kpi_analysis.cli.main import EXIT_INTERNAL, main

sys.path.insert(0, str(Path(__file__).parent / "hostile"))
import hostile_corpus as build  # noqa: E402  (the corpus builder, a script beside this test)

CASES = [(hostile.name, command) for hostile in build.CLASSES for command in hostile.commands]


def _arguments(command: str, folder: Path, out: Path) -> list[str]:
    if command == "template":
        return [command, str(folder), "--out", str(out / "template.xlsx")]
    if command == "report":
        return [command, "--year", "2021", str(folder), "--out", str(out)]
    return [command, str(folder), "--out", str(out)]


def _check_outputs(out: Path) -> None:
    for path in out.rglob("*"):
        if path.name.startswith("."):
            continue
        if path.suffix == ".xlsx":
            load_workbook(path).close()
        elif path.suffix == ".parquet":
            pd.read_parquet(path)
        elif path.suffix == ".csv":
            pd.read_csv(path, encoding="utf-8-sig")


# a 1e308 actual collapses a chart's axes: matplotlib warns (not an error outside the tests)
@pytest.mark.filterwarnings("ignore:constrained_layout not applied:UserWarning")
@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
@pytest.mark.parametrize(("name", "command"), CASES, ids=[f"{n}-{c}" for n, c in CASES])
def test_hostile_input_never_ends_in_an_internal_error(
    name: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = build.build(tmp_path / "corpus", (name,))[name]
    out = tmp_path / "out"
    code = main(_arguments(command, folder, out))
    printed = capsys.readouterr()
    assert code != EXIT_INTERNAL, printed.err
    assert "\x1b" not in printed.out + printed.err
    if out.exists():
        _check_outputs(out)


def test_control_characters_stay_in_parquet_and_are_escaped_in_the_workbook(
    tmp_path: Path,
) -> None:
    folder = build.build(tmp_path / "corpus", ("control_char_text",))["control_char_text"]
    out = tmp_path / "out"
    assert main(["extract", str(folder), "--out", str(out)]) in (0, 1)
    frame = pd.read_parquet(out / "projects.parquet")
    texts = "".join(str(v) for column in frame.columns for v in frame[column])
    assert "\x02" in texts
    book = load_workbook(out / "kpi_tables.xlsx")
    shown = "".join(
        str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row
    )
    assert "_x0002_" in shown


def test_an_understated_zip_member_is_refused_by_its_real_size(tmp_path: Path) -> None:
    from kpi_analysis.errors import UnreadableFileError
    from kpi_analysis.readers import read_document

    folder = build.build(tmp_path, ("understated_zip",))["understated_zip"]
    with pytest.raises(UnreadableFileError, match="实际解压大小"):
        read_document(folder / "liar.docx")


def test_actuals_formula_errors_are_reported_not_scored(tmp_path: Path) -> None:
    from kpi_analysis.tables.actuals import load_actuals

    folder = build.build(tmp_path, ("actuals_formula_errors",))["actuals_formula_errors"]
    first = load_actuals(folder / "actuals.xlsx")
    assert "formula_error" in set(first.findings["code"])
    second = load_actuals(folder / "actuals2.xlsx")
    assert "formula_without_value" in set(second.findings["code"])


def test_a_10_mb_text_node_is_truncated_not_called_corrupt(tmp_path: Path) -> None:
    from kpi_analysis.readers import read_document

    folder = build.build(tmp_path, ("huge_text_node",))["huge_text_node"]
    doc = read_document(folder / "huge.docx")
    assert [note["code"] for note in doc.notes] == ["cell_truncated"]


def test_extract_names_every_file_it_skips(tmp_path: Path, capsys) -> None:
    folder = build.build(tmp_path, ("skipped_files",))["skipped_files"]
    assert main(["extract", str(folder), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    for name in ("noextension", "old.doc", "scan.pdf"):
        assert name in err


def test_template_years_outside_the_targets_are_an_error(tmp_path: Path, capsys) -> None:
    out = tmp_path / "t.xlsx"
    assert main(["template", str(build.TARGETS), "--years", "2020", "--out", str(out)]) == 2
    assert "2020" in capsys.readouterr().err
    assert not out.exists()


def test_a_protective_apostrophe_is_not_read_back(tmp_path: Path) -> None:
    from kpi_analysis.tables.actuals import load_actuals

    def protect(book) -> None:
        sheet = book["绩效指标"]
        header = [c.value for c in sheet[1]]
        sheet.cell(2, header.index("偏差原因分析") + 1).value = "'-原因"

    build._actuals(tmp_path, protect)
    book = load_actuals(tmp_path / "actuals.xlsx")
    assert "-原因" in set(book.indicators_actuals["reason"].dropna())


def test_xlsx_control_character_escapes_are_decoded_and_reported(tmp_path: Path) -> None:
    """``_x0001_`` (OOXML ST_Xstring) in an .xlsx cell is U+0001 once read, and reported."""
    from kpi_analysis.tables.targets import load

    folder = build.build(tmp_path, ("control_char_xlsx",))["control_char_xlsx"]
    ds = load(folder)
    assert "control_character" in set(ds.findings["code"])
    assert ds.projects["department"].str.contains("\x01", regex=False).any()


def test_a_1e308_actual_draws_no_overflow(tmp_path: Path) -> None:
    """Non-finite or huge progress is not drawn (a note instead): no numpy overflow warning."""
    import warnings

    from kpi_analysis.cli.main import main

    folder = build.build(tmp_path, ("actuals_huge_value",))["actuals_huge_value"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # layout notes are not the point here
        warnings.simplefilter("error", RuntimeWarning)  # numpy overflow in a chart is
        code = main(["report", "--year", "2021", str(folder), "--out", str(tmp_path / "out")])
    assert code in (0, 1)
