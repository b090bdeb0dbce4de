"""Mechanisms for layouts met in the fifth round of public forms, each on a small grid.

A target form printed with blank completion columns, a department's project list with each
project's goal and indicators as tagged text in one cell, a blank 一级 cell beside a 二级 of
another class, period section headings above a table, a matrix with a direction column,
funding lines with a bracketed breakdown or a bare 其他 on their own rows, a unit label after
a 主管部门, a self-evaluation goal header whose block label heads the goal column, another
kind of table glued above a form, and full-width framing rows inside a form.
"""

from __future__ import annotations

from test_reading_mechanisms import accounted, document, table
from test_selfeval_layouts import read

from kpi_analysis.forms.document import interpret_document
from kpi_analysis.forms.funding import inline_amount
from kpi_analysis.forms.segments import split_stacked
from kpi_analysis.forms.selfeval.form import is_selfeval_form
from kpi_analysis.forms.tagged import parse_tagged
from kpi_analysis.forms.targets.listing import listing_columns
from kpi_analysis.readers.grid import Cell, Document, Paragraph, Source


def codes(doc: Document) -> list[str]:
    return [f["code"] for f in interpret_document(doc).recorder.findings]


def with_paragraphs(paragraphs: list[str], *rows: list[str]) -> Document:
    doc = document(*rows)
    doc.blocks = [
        *(Paragraph(text, Source("m.docx", line=i)) for i, text in enumerate(paragraphs, 1)),
        *doc.blocks,
    ]
    return doc


# -- a target form with blank completion columns -----------------------------------------------
UNFILLED = (
    ["中等职业学校助学金绩效目标表", "", "", "", ""],
    ["专项名称", "学生资助补助经费", "", "", ""],
    ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值"],
    ["产出指标", "数量指标", "应受助学生数", "100%", ""],
)


def test_a_target_form_with_blank_completion_columns_is_a_target_form() -> None:
    assert not is_selfeval_form(table(*UNFILLED))
    rows = interpret_document(document(*UNFILLED)).indicators
    assert [(r["indicator"], r["target"]) for r in rows] == [("应受助学生数", "100%")]


def test_a_filled_completion_column_or_a_selfeval_title_keeps_a_selfeval_form() -> None:
    filled = [*UNFILLED[:3], ["产出指标", "数量指标", "应受助学生数", "100%", "98%"]]
    assert is_selfeval_form(table(*filled))
    titled = [["助学金绩效自评表", "", "", "", ""], *UNFILLED[1:]]
    assert is_selfeval_form(table(*titled))
    untitled = UNFILLED[1:]
    assert is_selfeval_form(table(*untitled))  # no 绩效目标表 title: the columns decide


# -- project lists with tagged goal cells --------------------------------------------------------
TAGGED = (
    "【总体目标】\n保障机房运转\n【产出指标-数量指标】\n指标1:机柜数量(≥77台)\n"
    "【效益指标-社会效益指标】\n指标1:服务保障民生(有力保障)"
)
LISTING = (
    ["单位编码", "单位名称(项目类别/支出项目)", "年度预算安排", "项目内容", "绩效目标"],
    ["", "某局", "92156434", "", ""],
    [" 001", " 某局本级", "27955180", "", ""],
    ["  001", "  机房租赁项目", "1681680", "【项目概况】:租赁机柜", TAGGED],
    ["  001", "  执法办案费", "100000", "【项目概况】:办案", ""],
)


def test_parse_tagged_reads_goals_and_class_tags() -> None:
    form = parse_tagged(TAGGED)
    assert form is not None
    assert form.goals == ["保障机房运转"]
    got = [(i.level1, i.level2, i.number, i.name, i.target) for i in form.indicators]
    assert got == [
        ("产出指标", "数量指标", 1, "机柜数量", "≥77台"),
        ("效益指标", "社会效益指标", 1, "服务保障民生", "有力保障"),
    ]
    wrapped = parse_tagged("【产出指标-质量指标】\n指标1:在线率\n(≥97%)")
    assert wrapped is not None
    assert [(i.name, i.target) for i in wrapped.indicators] == [("在线率", "≥97%")]
    assert parse_tagged("【项目概况】:只有概况") is None


def test_a_project_list_reads_one_project_per_row() -> None:
    doc = document(*LISTING)
    assert listing_columns(doc.blocks[0]) is not None
    out = interpret_document(doc)
    assert [(p["project"], p["department"]) for p in out.projects] == [
        ("机房租赁项目", "某局本级"),
        ("执法办案费", "某局本级"),
    ]
    assert [f["amount_wan"] for f in out.funding] == [168.168, 10.0]  # 元 by magnitude
    assert [g["goal"] for g in out.goals] == ["保障机房运转"]
    assert [(r["level2"], r["indicator"]) for r in out.indicators] == [
        ("数量指标", "机柜数量"),
        ("社会效益指标", "服务保障民生"),
    ]
    assert {"summary_subtotal", "unit_by_magnitude"} <= set(codes(doc))
    assert accounted(doc)


def test_small_amounts_of_a_list_stay_in_wan_and_a_list_needs_a_goal_row() -> None:
    small = [LISTING[0], ["", "  甲项目", "30", "", "保障运转"]]
    out = interpret_document(document(*small))
    assert [f["amount_wan"] for f in out.funding] == [30.0]
    assert [g["goal"] for g in out.goals] == ["保障运转"]
    no_goal = [LISTING[0], ["", "  甲项目", "30", "", ""]]
    assert listing_columns(document(*no_goal).blocks[0]) is None


# -- a blank 一级 cell beside a 二级 of another class --------------------------------------------
def test_a_blank_level1_cell_takes_the_class_of_its_level2() -> None:
    doc = document(
        ["项目名称", "甲", "", ""],
        ["一级指标", "二级指标", "指标名称", "指标值"],
        ["产出指标", "数量指标", "托位", "4.5"],
        ["", "社会效益", "覆盖率", "提高"],
    )
    rows = interpret_document(doc).indicators
    assert [(r["level1"], r["level2"]) for r in rows] == [
        ("产出指标", "数量指标"),
        ("效益指标", "社会效益指标"),
    ]
    assert "level1_by_level2" in codes(doc)


def test_a_merged_level1_cell_keeps_its_class() -> None:
    doc = document(
        ["项目名称", "甲", "", ""],
        ["一级指标", "二级指标", "指标名称", "指标值"],
        ["产出指标", "数量指标", "托位", "4.5"],
        ["", "社会效益", "覆盖率", "提高"],
    )
    row = doc.blocks[0].rows[3]
    row[0] = Cell("", row[0].source, 1, 1, True)  # under the 产出指标 merge
    rows = interpret_document(doc).indicators
    assert rows[1]["level1"] == "产出指标"


# -- period section headings above the table ---------------------------------------------------
def test_period_headings_give_the_goal_and_the_indicators_their_period() -> None:
    doc = with_paragraphs(
        [
            "托育服务项目项目绩效目标",
            "(一)中长期绩效目标",
            "建立托育服务体系。",
            "(二)中长期绩效指标",
        ],
        ["一级指标", "二级指标", "指标名称", "指标值"],
        ["产出指标", "数量指标", "每千人托位", "4.5"],
    )
    out = interpret_document(doc)
    assert [p["project"] for p in out.projects] == ["托育服务项目"]
    assert [(g["period"], g["goal"]) for g in out.goals] == [("mid_term", "建立托育服务体系。")]
    assert [r["period"] for r in out.indicators] == ["mid_term"]


# -- a matrix with a direction column ------------------------------------------------------------
def test_a_matrix_direction_column_gives_the_comparator() -> None:
    doc = document(
        ["项目名称", "水利专项", "", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标解释", "指标方向", "甲街道", "乙镇"],
        ["产出指标", "数量指标", "修复工程(个)", "反映修复", "≥", "1", "1"],
        ["", "质量指标", "是否存在质量问题", "反映质量", "是/否", "否", "否"],
    )
    rows = interpret_document(doc).indicators
    assert [r["target"] for r in rows] == ["≥1", "否"]


# -- funding lines, unit labels ------------------------------------------------------------------
def test_funding_lines_with_a_breakdown_and_a_bare_other_line() -> None:
    assert inline_amount("财政拨款:69.5万元(其中:上级财政资金:69.5万元)") == "69.5万元"
    doc = document(
        ["项目名称", "镇域建设", "项目属性", "延续"],
        ["主管部门", "某镇", "", ""],
        ["项目单位", "某镇中心", "", ""],
        ["资金总额及构成", "总额100万元", "", ""],
        ["", "财政拨款:60万元(其中:上级财政资金:60万元;本级财政:0万元)", "", ""],
        ["", "三、其他:40万元", "", ""],
    )
    out = interpret_document(doc)
    got = {(f["category"], f["amount_wan"]) for f in out.funding}
    assert got == {("total", 100.0), ("fiscal", 60.0), ("other", 40.0)}
    project = out.projects[0]
    assert (project["department"], project["implementer"]) == ("某镇", "某镇中心")


def test_a_unit_label_alone_is_the_department() -> None:
    doc = document(["项目名称", "甲"], ["项目单位", "某中心"], ["资金总额", "10"])
    project = interpret_document(doc).projects[0]
    assert (project["department"], project["implementer"]) == ("某中心", None)


# -- self-evaluation: the block label heads the goal column ------------------------------------
def test_a_selfeval_goal_header_of_two_cells() -> None:
    se = read(
        [
            ["项目名称", "甲项目", "", ""],
            ["总体目标", "全年实际完成情况", "", ""],
            ["完成布展300平方米", "方案待审核", "", ""],
        ],
        paragraphs=("项目支出绩效自评表",),
    )
    assert se.goals[["goal", "achieved"]].values.tolist() == [["完成布展300平方米", "方案待审核"]]


# -- another table glued above a form; framing rows --------------------------------------------
GLUED = (
    ["附件1", "", "", ""],
    ["资金安排表", "", "", ""],
    ["单位", "金额", "", ""],
    ["某学校", "7,548,150", "", ""],
    ["附件2", "", "", ""],
    ["助学金绩效目标表", "", "", ""],
    ["专项名称", "学生资助", "", ""],
    ["主管部门", "教育局", "", ""],
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标", "受助学生数", "100%"],
)


def test_a_table_glued_above_a_form_is_cut_off_at_the_form_title() -> None:
    parts = split_stacked(table(*GLUED))
    assert [len(p.rows) for p in parts] == [4, 6]
    assert parts[1].rows[0][0].text == "附件2"
    out = interpret_document(document(*GLUED))
    assert [p["project"] for p in out.projects] == ["学生资助"]
    assert "table_not_a_form" in codes(document(*GLUED))


def test_an_attachment_mark_alone_above_the_title_stays_with_the_form() -> None:
    parts = split_stacked(table(*GLUED[4:]))
    assert len(parts) == 1
    doc = document(*GLUED[4:])
    assert "cell_not_understood" not in codes(doc)  # 附件2 and the title are framing rows
    assert accounted(doc)


# -- units: stated in a list header, framing under a goal heading, unapplied ones reported ------
FORM = (
    ["项目名称", "甲项目"],
    ["资金总额", "500000"],
)


def test_a_unit_in_a_list_header_converts_the_amounts() -> None:
    stated = [[*LISTING[0][:2], "年度预算安排（元）", *LISTING[0][3:]]]
    stated.append(["", "  甲项目", "300000", "", "保障运转"])
    out = interpret_document(document(*stated))
    assert [f["amount_wan"] for f in out.funding] == [30.0]
    assert "unit_by_magnitude" not in codes(document(*stated))


def test_a_unit_line_under_a_goal_heading_is_not_a_goal_and_applies() -> None:
    doc = with_paragraphs(["（一）年度绩效目标", "完成设备采购", "单位：元"], *FORM)
    out = interpret_document(doc)
    assert [g["goal"] for g in out.goals] == ["完成设备采购"]
    assert [f["amount_wan"] for f in out.funding] == [50.0]


def test_unit_lines_the_reader_cannot_apply_and_amount_notes_are_reported() -> None:
    for line in ("单位：元 填报日期：2024年3月", "说明：本项目年中追加资金10万元"):
        doc = with_paragraphs([line], *FORM)
        out = interpret_document(doc)
        reported = [f for f in out.recorder.findings if f["code"] == "paragraph_not_used"]
        assert reported, line
    doc = with_paragraphs(["填报单位：某局"], *FORM)
    assert "paragraph_not_used" in codes(doc)


def test_tagged_text_read_into_nothing_is_reported_and_a_level1_tag_keeps_its_lines() -> None:
    cell = "前言\n【项目概况】租赁机柜\n【产出指标】\n指标1:机柜数量(≥77台)"
    doc = document(LISTING[0], ["", "  甲项目", "30", "", cell])
    out = interpret_document(doc)
    assert [(r["level1"], r["indicator"], r["target"]) for r in out.indicators] == [
        ("产出指标", "机柜数量", "≥77台")
    ]
    notes = [f for f in out.recorder.findings if f["code"] == "tagged_text_not_read"]
    assert len(notes) == 1 and "前言" in notes[0]["message"] and "租赁机柜" in notes[0]["message"]
    assert accounted(doc)
