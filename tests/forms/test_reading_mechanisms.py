"""Mechanisms for unseen layouts (issue #12), each on a small grid of its own.

Outline (tree) forms, a cell listing several funding lines, goal headers beside a block label,
a goal label with its text below, a goal list introduced by a sentence, code suffixes of
field labels, descriptive tails of self-evaluation goal columns and a self-evaluation goal
row without its header row.
"""

from __future__ import annotations

from kpi_analysis.forms.document import interpret_document
from kpi_analysis.forms.fields import split_goals
from kpi_analysis.forms.funding import classify, funding_lines
from kpi_analysis.forms.recorder import Recorder
from kpi_analysis.forms.selfeval.form import SelfEvalForm
from kpi_analysis.forms.selfeval.values import goal_role, is_goal_block
from kpi_analysis.forms.targets.outline import outline_columns
from kpi_analysis.readers.grid import Cell, Document, Source, Table
from kpi_analysis.text.headwords import field_of


def table(*rows: list[str]) -> Table:
    out = Table(index=1)
    for r, row in enumerate(rows, start=1):
        out.rows.append([Cell(text, Source("m.docx", 1, r, c)) for c, text in enumerate(row, 1)])
    return out


def document(*rows: list[str]) -> Document:
    doc = Document("m.docx")
    doc.blocks = [table(*rows)]
    return doc


def accounted(doc: Document) -> bool:
    out = interpret_document(doc)
    roles = out.recorder.roles
    return all(c.source in roles for c in doc.non_empty_cells())


# -- outline forms ---------------------------------------------------------------------------
OUTLINE = (
    ["单位:元", "", ""],
    ["项目", "指标值", "绩效金额"],
    [" 某某局", "", ""],
    ["  甲项目", "", "500000"],
    ["   产出指标", "", ""],
    ["    成本指标(必填)", "", ""],
    ["     单价", "≤10元", ""],
    ["    数量指标", "", ""],
    ["     培训人数", "≥100人", ""],
    ["   满意度指标", "", ""],
    ["    服务对象满意度指标", "", ""],
    ["     服务对象满意度", "≥90%", ""],
    ["  乙项目", "", "200000"],
    ["   效益指标", "", ""],
    ["    社会效益指标", "", ""],
    ["     覆盖率", "100%", ""],
)


def test_outline_is_read_by_meaning_one_form_per_project() -> None:
    doc = document(*OUTLINE)
    out = interpret_document(doc)
    assert [(p["project"], p["department"]) for p in out.projects] == [
        ("甲项目", "某某局"),
        ("乙项目", "某某局"),
    ]
    assert [(f["project"], f["category"], f["amount_wan"]) for f in out.funding] == [
        ("甲项目", "total", 50.0),
        ("乙项目", "total", 20.0),
    ]
    rows = [
        (r["project"], r["level1"], r["level2"], r["indicator"], r["target"])
        for r in out.indicators
    ]
    assert rows == [
        # 成本指标 indented under 产出指标 is its 二级 class, not a new 一级 class
        ("甲项目", "产出指标", "成本指标", "单价", "≤10元"),
        ("甲项目", "产出指标", "数量指标", "培训人数", "≥100人"),
        ("甲项目", "满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%"),
        ("乙项目", "效益指标", "社会效益指标", "覆盖率", "100%"),
    ]
    assert accounted(doc)


def test_outline_needs_class_rows_and_a_grid_header_is_no_outline() -> None:
    assert outline_columns(table(*OUTLINE)) is not None
    assert outline_columns(table(["项目", "指标值"], ["甲", "1"], ["乙", "2"])) is None
    grid = table(
        ["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "甲", "1"]
    )
    assert outline_columns(grid) is None


# -- funding lines in one cell ---------------------------------------------------------------
def test_funding_lines_in_one_cell() -> None:
    lines = funding_lines("资金总额: 250\n 一、预算资金:250\n 二、自有资金:0\n 三、其他:0")
    assert lines is not None and len(lines) == 4
    assert [classify(k)[0] for k, _ in lines] == ["total", "fiscal", "other_part", "other"]
    assert funding_lines("其他:0") is None  # a bare 其他 only counts inside a list
    doc = document(
        ["项目名称", "甲"],
        ["项目资金申请(万元)", "资金总额: 250\n一、预算资金:250\n二、自有资金:0\n三、其他:0"],
    )
    out = interpret_document(doc)
    assert [(f["category"], f["amount_wan"]) for f in out.funding] == [
        ("total", 250.0),
        ("fiscal", 250.0),
        ("other", 0.0),
    ]
    assert accounted(doc)


def test_budget_funds_are_fiscal_and_budget_parts_stay_parts() -> None:
    assert classify("预算资金") == ("fiscal", None)
    assert classify("财政预算资金") == ("fiscal", None)
    assert classify("一般公共预算资金") == ("fiscal_part", None)


# -- field labels ----------------------------------------------------------------------------
def test_code_suffixes_of_field_labels() -> None:
    assert field_of("主管部门及其编码") == "department"
    assert field_of("实施单位及代码") == "implementer"


# -- goals of target forms -------------------------------------------------------------------
def test_goal_header_beside_a_generic_goal_label() -> None:
    doc = document(
        ["项目名称", "甲", ""],
        ["项目绩效目标", "长期目标", "年度目标"],
        ["", "长期改善", "本年改善"],
    )
    out = interpret_document(doc)
    assert [(g["period"], g["goal"]) for g in out.goals] == [
        ("mid_term", "长期改善"),
        ("annual", "本年改善"),
    ]


def test_goal_label_with_its_text_below_and_a_vertical_label_fragment() -> None:
    doc = document(
        ["项目名称", "甲"],
        ["总", "年度目标"],
        ["", "建设道路2公里"],
    )
    out = interpret_document(doc)
    assert [(g["period"], g["goal"]) for g in out.goals] == [("annual", "建设道路2公里")]
    assert accounted(doc)


def test_goal_list_introduced_by_a_sentence_is_kept_whole() -> None:
    text = "围绕节约型社会的要求,达成以下目标: 目标1:聘用1人 目标2:在岗率100%"
    assert split_goals(text) == [
        (1, "围绕节约型社会的要求,达成以下目标: 目标1:聘用1人目标2:在岗率100%")
    ]
    # a label before the list is no sentence: the list is split
    assert split_goals("年度目标：目标1：甲。目标2：乙。") == [(1, "甲。"), (2, "乙。")]


# -- goals of self-evaluation forms ----------------------------------------------------------
def test_descriptive_tails_of_goal_columns() -> None:
    assert goal_role("年度总体目标完成情况综述") == "achieved"
    assert goal_role("年初设定目标说明") == "goal"
    assert goal_role("指标完成情况综述") is None
    assert is_goal_block("年度总体目标") and not is_goal_block("年度绩效指标")


def test_selfeval_goal_row_without_header_row() -> None:
    form = SelfEvalForm(Recorder(), path="m.docx")
    grid = table(
        ["项目名称", "甲", "", ""],
        ["年度总体目标", "通过规范资金使用,明确目的", "", "按照年初设定目标,完成外包"],
    )
    form.read_table(grid)
    records = form.finish()
    assert records.goals == [
        {
            "source": "m.docx#table=1,row=2,col=2",
            "goal": "通过规范资金使用,明确目的",
            "achieved": "按照年初设定目标,完成外包",
        }
    ]
