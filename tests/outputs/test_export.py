"""Exports: Chinese headers, formula-safe text, all-or-nothing writes."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from kpi_analysis.outputs import export
from kpi_analysis.outputs.export import defuse_text, write_tables


def _tables() -> dict[str, pd.DataFrame]:
    frame = pd.DataFrame(
        {"project": ['=HYPERLINK("http://x")', "+1", "正常"], "amount_wan": [1.5, 2.0, None]}
    ).astype({"project": "string", "amount_wan": "Float64"})
    return {"funding": frame}


def test_formula_like_text_is_defused() -> None:
    assert defuse_text("=1+1") == "'=1+1"
    assert defuse_text("@SUM(A1)") == "'@SUM(A1)"
    assert defuse_text("正常") == "正常"
    assert defuse_text(3) == 3


def test_workbook_has_chinese_headers_and_text_cells(tmp_path) -> None:
    write_tables(_tables(), tmp_path, "book.xlsx")
    sheet = load_workbook(tmp_path / "book.xlsx")["资金"]
    assert [c.value for c in sheet[1]] == ["项目名称", "金额（万元）"]
    # stored as a text cell (type "s"), not a formula: Excel shows it and never runs it
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == '=HYPERLINK("http://x")'
    assert sheet["A3"].data_type == "s" and sheet["A3"].value == "+1"
    assert sheet["B2"].value == 1.5 and sheet["B4"].value is None


def test_csv_is_formula_safe(tmp_path) -> None:
    write_tables(_tables(), tmp_path, "book.xlsx")
    frame = pd.read_csv(tmp_path / "funding.csv", encoding="utf-8-sig", dtype=str)
    assert frame["project"].tolist()[:2] == ['\'=HYPERLINK("http://x")', "'+1"]


def test_failure_leaves_previous_outputs_intact(tmp_path, monkeypatch) -> None:
    write_tables(_tables(), tmp_path, "book.xlsx")
    before = (tmp_path / "funding.csv").read_bytes()

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(export, "write_workbook", boom)
    changed = {"funding": _tables()["funding"].assign(amount_wan=pd.array([9.0] * 3))}
    with pytest.raises(RuntimeError):
        write_tables(changed, tmp_path, "book.xlsx")
    assert (tmp_path / "funding.csv").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".kpi-tmp-")]
