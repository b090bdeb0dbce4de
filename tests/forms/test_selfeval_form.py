"""Reading 项目支出绩效自评表 from Word and Excel, standard layout and the Sichuan variant.

The forms are built in the real layouts (tests/support/selfeval_forms.py) with the numbers the
published copies print
(四川省青神县 2023, S7; 安徽池州 2022, S6 — docs/rules.md#sources) and S5's execution figures.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from selfeval_forms import (
    CUNJI_INDICATORS,
    cunji_form,
    putuo_form,
    qingshen_form,
    standard_form,
    weituo_form,
    write_docx,
    write_xlsx,
)

from kpi_analysis import load
from kpi_analysis.forms.selfeval.document import document_kinds
from kpi_analysis.readers import read_document
from kpi_analysis.readers.grid import Paragraph
from kpi_analysis.tables.selfeval import load_selfeval

WRITERS = {"docx": write_docx, "xlsx": write_xlsx}
COMPARED = {
    "indicators": [
        "project",
        "year",
        "level1",
        "level1_weight",
        "level2",
        "indicator_no",
        "indicator",
        "target",
        "actual",
        "weight",
        "score",
        "reason",
        "value_type",
        "unit",
    ],
    "funding": [
        "project",
        "year",
        "category",
        "label",
        "budget_initial",
        "budget_full",
        "executed",
        "weight",
        "rate",
        "score",
        "reason",
        "form_unit",
    ],
    "goals": ["project", "year", "goal", "achieved"],
}


def _read(form, tmp_path: Path, kind: str):
    path = WRITERS[kind]([form], tmp_path / f"form.{kind}")
    return load_selfeval(path)


@pytest.fixture(params=sorted(WRITERS))
def kind(request) -> str:
    return request.param


def test_standard_form_fields_and_funding(tmp_path: Path, kind: str) -> None:
    se = _read(cunji_form(), tmp_path, kind)
    head = se.totals.iloc[0]
    assert (head["project"], head["year"], head["form_unit"]) == (
        "村级补助及运转经费",
        2022,
        "万元",
    )
    # the budget codes in front of the names are split off ("219-…")
    assert head["department"] == "池州市贵池区棠溪镇人民政府"
    assert head["execution_weight"] == 10
    funding = se.funding.set_index("category")
    assert funding.loc["total", "label"] == "年度资金总额:"
    assert funding.loc["total", ["budget_full", "executed", "weight", "score"]].tolist() == [
        0,
        0,
        10,
        0,
    ]
    assert funding.loc["fiscal", ["budget_initial", "budget_full", "executed"]].tolist() == [
        202.64,
        132.912,
        132.912,
    ]
    assert pd.isna(funding.loc["carryover", "budget_full"])
    goal = se.goals.iloc[0]
    assert goal["goal"].startswith("本项目共申请预算资金2026400元")
    assert goal["achieved"].startswith("本项目共完成预算资金1329120.67元")


def test_standard_form_indicators_as_printed(tmp_path: Path, kind: str) -> None:
    se = _read(cunji_form(), tmp_path, kind)
    rows = se.indicators
    assert len(rows) == len(CUNJI_INDICATORS)
    assert rows["indicator"].tolist() == [line[2] for line in CUNJI_INDICATORS]
    assert rows["target"].tolist() == [line[3] for line in CUNJI_INDICATORS]
    assert rows["actual"].tolist() == [line[4] for line in CUNJI_INDICATORS]
    assert rows["weight"].tolist() == [float(line[5]) for line in CUNJI_INDICATORS]
    assert rows["score"].tolist() == [float(line[6]) for line in CUNJI_INDICATORS]
    # 一级 from the merged "产出指标(50分)" cell, with its class weight; 二级 carried down
    assert rows["level1"].tolist() == ["产出指标"] * 6 + ["效益指标"] * 2
    assert rows["level1_weight"].tolist() == [50.0] * 6 + [30.0] * 2
    assert rows["level2"].tolist()[:3] == ["数量指标", "数量指标", "质量指标"]
    reverse = rows.iloc[5]
    assert (reverse["comparator"], reverse["value"], reverse["unit"]) == ("≤", 202.6, "万元")


def test_word_and_excel_give_the_same_tables(tmp_path: Path) -> None:
    forms = [weituo_form(), cunji_form(), putuo_form(), qingshen_form()]
    word = load_selfeval(write_docx(forms, tmp_path / "forms.docx"))
    excel = load_selfeval(write_xlsx(forms, tmp_path / "forms.xlsx"))
    for table, columns in COMPARED.items():
        left = getattr(word, table)[columns].reset_index(drop=True)
        right = getattr(excel, table)[columns].reset_index(drop=True)
        pd.testing.assert_frame_equal(left, right, check_dtype=True)
    assert len(word.totals) == len(excel.totals) == 4
    assert word.findings["code"].value_counts().to_dict() == (
        excel.findings["code"].value_counts().to_dict()
    )


def test_several_forms_on_one_sheet(tmp_path: Path) -> None:
    path = write_xlsx([weituo_form(), cunji_form()], tmp_path / "one.xlsx", sheet_per_form=False)
    se = load_selfeval(path)
    assert se.totals["project"].tolist() == ["委托业务项目", "村级补助及运转经费"]
    assert se.indicators.groupby("project").size().to_dict() == {
        "委托业务项目": 9,
        "村级补助及运转经费": 8,
    }


def test_amounts_in_yuan_become_wan(tmp_path: Path, kind: str) -> None:
    se = _read(putuo_form(), tmp_path, kind)
    total = se.funding[se.funding["category"] == "total"].iloc[0]
    assert total["form_unit"] == "元"
    assert (total["budget_full"], total["executed"]) == (25.0, 21.54576)
    # published 执行率 and 得分 kept as printed (86.18% → 0.8618)
    assert (total["rate"], total["score"], total["weight"]) == (0.8618, 8.62, 10.0)
    assert se.totals.iloc[0][["total_weight", "total_score"]].tolist() == [100.0, 97.51]


def test_sichuan_variant(tmp_path: Path, kind: str) -> None:
    se = _read(qingshen_form(), tmp_path, kind)
    head = se.totals.iloc[0]
    assert (head["project"], head["project_code"]) == ("工资性支出", "51000021R000000019951")
    assert head["implementer"] == "青神县发展和改革局"
    assert (head["year"], head["total_weight"]) == (2023, 100.0)
    assert pd.isna(head["total_score"]) and pd.isna(head["conclusion"])
    rows = se.indicators
    # 指标性质 "=" | 指标值 "100" | 度量单位 "%" joined into one target, parts kept
    assert rows["target"].tolist() == ["=100%", "=100%"]
    assert rows["value_type"].tolist() == ["=", "="]
    assert rows["unit"].tolist() == ["%", "%"]
    assert rows["weight"].tolist() == [60.0, 30.0]
    assert rows["actual"].isna().all() and rows["score"].isna().all()
    funding = se.funding.set_index("label")
    assert funding.loc["总额", ["budget_initial", "budget_full", "executed", "rate"]].tolist() == [
        238.93,
        251.89,
        251.89,
        1.0,
    ]
    assert funding.loc["财政专户管理资金", "category"] == "fiscal_part"
    assert funding.loc["单位资金", "category"] == "other_part"
    # the instructions left in place of answers are reported, never read as content
    instructions = se.findings[se.findings["code"] == "template_instruction"]
    assert len(instructions) == 5
    assert pd.isna(funding.loc["总额", "reason"]) and pd.isna(se.goals.iloc[0]["achieved"])
    assert se.goals.iloc[0]["goal"].startswith("严格执行相关政策")


def test_every_non_empty_cell_is_accounted_for(tmp_path: Path, kind: str) -> None:
    forms = [weituo_form(), cunji_form(), putuo_form(), qingshen_form()]
    path = WRITERS[kind](forms, tmp_path / f"all.{kind}")
    doc = read_document(path)
    se = load_selfeval(path)
    cells = {str(c.source) for c in doc.non_empty_cells()}
    paragraphs = {str(b.source) for b in doc.blocks if isinstance(b, Paragraph) and b.text.strip()}
    assert cells | paragraphs == set(se.cells["source"])  # paragraphs too: titles, notes
    assert not (se.findings["code"] == "cell_not_understood").any()
    reported = set(se.cells.loc[se.cells["role"] == "reported", "source"])
    assert reported <= set(se.findings["source"])


def test_empty_level2_group_is_reported(tmp_path: Path) -> None:
    se = _read(weituo_form(), tmp_path, "docx")
    found = se.findings[se.findings["code"] == "level2_without_indicator"]
    assert found["text"].tolist() == ["经济效益指标"]


# ----------------------------------------------------------------------------- bad input


def test_text_in_a_number_cell_names_the_cell(tmp_path: Path) -> None:
    lines = list(CUNJI_INDICATORS)
    lines[1] = (*lines[1][:5], "八分", *lines[1][6:])  # 分值 written in words
    se = _read(cunji_form(indicators=lines), tmp_path, "xlsx")
    bad = se.findings[se.findings["code"] == "bad_number"]
    assert len(bad) == 1
    row = bad.iloc[0]
    assert row["severity"] == "error" and row["text"] == "八分"
    # rows 1–2 title, 3–4 header fields, 5–9 funding, 10–11 goals, 12 indicator header, so the
    # second indicator is on row 14; 分值 is the 6th grid column after 一级 (B) → G
    assert row["source"].startswith("form.xlsx#sheet=自评表1,cell=G14")
    assert "分值" in row["message"]
    assert pd.isna(se.indicators.iloc[1]["weight"])


def test_missing_weight_column_is_an_error(tmp_path: Path) -> None:
    form = standard_form(
        year=2022,
        project="村级补助及运转经费",
        department="某镇",
        implementer="某镇",
        funding=[("年度资金总额", "10", "10", "9", "10", "90%", "9")],
        goal=("目标", "完成"),
        indicators=[line[:5] + ("", "8", "") for line in CUNJI_INDICATORS[:2]],
        weight_header="",
    )
    se = _read(form, tmp_path, "docx")
    missing = se.findings[se.findings["code"] == "column_missing"]
    assert len(missing) == 1
    assert missing.iloc[0]["severity"] == "error"
    assert "分值" in missing.iloc[0]["message"]
    assert missing.iloc[0]["source"].startswith("form.docx#table=1,row=")
    assert se.indicators["weight"].isna().all()
    assert se.indicators["score"].tolist() == [8.0, 8.0]


def test_form_without_year_is_reported(tmp_path: Path) -> None:
    form = cunji_form()
    form.titles = ["项目支出绩效自评表"]
    se = _read(form, tmp_path, "docx")
    missing = se.findings[se.findings["code"] == "year_missing"]
    assert len(missing) == 1 and missing.iloc[0]["severity"] == "error"
    assert missing.iloc[0]["source"].startswith("form.docx#table=1")
    assert se.totals["year"].isna().all()


# ----------------------------------------------------------------------------- detection


def test_document_kinds(tmp_path: Path, source_path: Path) -> None:
    assert document_kinds(read_document(source_path)) == {"target"}
    word = write_docx([cunji_form()], tmp_path / "form.docx")
    assert document_kinds(read_document(word)) == {"selfeval"}


def test_target_document_is_not_a_selfeval_form(source_path: Path) -> None:
    se = load_selfeval(source_path)
    assert se.totals.empty and se.indicators.empty
    assert "no_selfeval_form" in set(se.findings["code"])
    assert (se.findings["code"] == "table_not_a_selfeval_form").sum() == 5


def test_untitled_continuation_table_is_read_as_the_same_form(tmp_path: Path) -> None:
    form = cunji_form()
    split = next(i for i, row in enumerate(form.rows) if row[0].text == "绩效指标")
    first, second = cunji_form(), cunji_form()
    first.rows = form.rows[:split]
    second.rows = form.rows[split:]
    second.titles = []
    se = load_selfeval(write_docx([first, second], tmp_path / "split.docx"))
    assert len(se.totals) == 1
    assert len(se.indicators) == len(CUNJI_INDICATORS)
    assert (se.indicators["project"] == "村级补助及运转经费").all()


def test_target_loader_is_unaffected_by_the_new_readers(source_path: Path) -> None:
    # the self-evaluation reader must not change what load() gives for target documents
    assert len(load(source_path).indicators) == 110


def test_closing_sections_and_funding_reason(tmp_path: Path, kind: str) -> None:
    form = qingshen_form(
        sections=("项目自评总分95分，工资按时足额发放。", "无", "继续加强预算编制。"),
        goal=("保障工资及时、足额发放。", "全年工资均按时足额发放。"),
    )
    se = _read(form, tmp_path, kind)
    head = se.totals.iloc[0]
    assert head["conclusion"] == "项目自评总分95分，工资按时足额发放。"
    assert (head["problems"], head["improvements"]) == ("无", "继续加强预算编制。")
    assert se.goals.iloc[0]["achieved"] == "全年工资均按时足额发放。"
    assert (se.findings["code"] == "template_instruction").sum() == 1  # the 原因 instruction


def test_stray_paragraphs_are_reported(tmp_path: Path) -> None:
    form = cunji_form()
    form.meta = ["池州市贵池区棠溪镇2022年度项目支出绩效自评报告", "附件：1"]
    se = _read(form, tmp_path, "docx")
    codes = se.findings.set_index("text")["code"].to_dict()
    assert codes["池州市贵池区棠溪镇2022年度项目支出绩效自评报告"] == "paragraph_not_used"
    assert codes["附件：1"] == "form_meta"
    assert se.totals.iloc[0]["year"] == 2022
