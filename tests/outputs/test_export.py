"""Exports: Chinese headers, formula-safe text, all-or-nothing writes."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from kpi_analysis.outputs import export
from kpi_analysis.outputs.export import defuse_text, write_tables
from kpi_analysis.tables.schema import INDICATORS


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


def test_level_categories_survive_the_export_round_trip(tmp_path) -> None:
    indicators = INDICATORS.from_records(
        [
            {"source": "a.docx#1", "level1": "满意度指标", "level2": "服务对象满意度指标"},
            {"source": "a.docx#2", "level1": "实施效果指标", "level2": "=本省指标"},
            {"source": "a.docx#3", "level1": None, "level2": "数量指标"},
        ]
    )
    write_tables({"indicators": indicators}, tmp_path, "book.xlsx")
    back = pd.read_parquet(tmp_path / "indicators.parquet")
    for column in ("level1", "level2"):
        assert back[column].cat.ordered
        assert list(back[column].cat.categories) == list(indicators[column].cat.categories)
        assert back[column].astype(object).tolist() == indicators[column].astype(object).tolist()
    INDICATORS.validate(back)
    assert back.sort_values("level1")["level1"].tolist()[:2] == ["满意度指标", "实施效果指标"]
    csv = pd.read_csv(tmp_path / "indicators.csv", encoding="utf-8-sig", dtype=str)
    assert csv["level1"].fillna("").tolist() == ["满意度指标", "实施效果指标", ""]
    assert csv["level2"].tolist()[1] == "'=本省指标"  # a category is defused like any text
    sheet = load_workbook(tmp_path / "book.xlsx")["绩效指标"]
    headers = [c.value for c in sheet[1]]
    column = headers.index("一级指标")
    assert [row[column].value for row in sheet.iter_rows(min_row=2)] == [
        "满意度指标",
        "实施效果指标",
        None,
    ]


def test_undecodable_bytes_in_a_category_are_escaped_and_the_categories_kept(tmp_path) -> None:
    names = pd.Index(["产出指标", "本省\udcff指标"], dtype=object)  # pandas 2's text categories
    levels = pd.Categorical.from_codes([0, 1], dtype=pd.CategoricalDtype(names, ordered=True))
    frame = pd.DataFrame({"level1": levels, "amount_wan": [1.0, 2.0]})
    write_tables({"funding": frame}, tmp_path, "book.xlsx")
    back = pd.read_parquet(tmp_path / "funding.parquet")
    assert list(back["level1"].cat.categories) == ["产出指标", "本省\\xff指标"]
    assert back["level1"].astype(object).tolist() == ["产出指标", "本省\\xff指标"]
