"""Mechanisms for layouts met in the sixth round of public forms, each on a small grid.

A funding label printed vertically over the lines it heads (项目金额(万元) beside 年度资金总额),
a funding label misprinted by one character (其中:财政投款) with its amount beside it, and a
unit line printing the department after its budget code above a form (207101某法院 | 单位:万元).
"""

from __future__ import annotations

from test_reading_mechanisms import accounted, document

from kpi_analysis.forms.document import interpret_document
from kpi_analysis.forms.funding import near_funding_label
from kpi_analysis.readers.grid import Document
from kpi_analysis.text.headwords import coded_unit


def codes(doc: Document) -> list[str]:
    return [f["code"] for f in interpret_document(doc).recorder.findings]


def funding(doc: Document) -> set[tuple[str, str, float]]:
    return {(f["period"], f["category"], f["amount_wan"]) for f in interpret_document(doc).funding}


# -- a funding label heading the lines beside it ------------------------------------------------
def test_a_funding_label_beside_another_label_heads_its_lines() -> None:
    doc = document(
        ["项目名称", "甲", "", ""],
        ["项目金额(万元)", "年度资金总额", "30 万元", ""],
        ["", "其中:财政拨款", "30 万元", ""],
        ["", "其他资金", "", ""],
    )
    assert funding(doc) == {("annual", "total", 30.0), ("annual", "fiscal", 30.0)}
    assert "bad_amount" not in codes(doc)
    assert accounted(doc)


def test_a_funding_label_with_its_own_amount_is_still_read() -> None:
    beside = document(["项目名称", "甲"], ["项目金额(万元)", "12"])
    assert funding(beside) == {("annual", "total", 12.0)}
    inline = document(["项目名称", "甲", ""], ["项目金额:12万元", "年度资金总额", "12"])
    assert ("annual", "total", 12.0) in funding(inline)


# -- a funding label misprinted by one character ---------------------------------------------------
def test_a_misprinted_funding_label_with_an_amount_beside_is_read_with_a_finding() -> None:
    doc = document(
        ["项目名称", "甲", ""],
        ["项目金额(万元)", "年度资金总额", "20"],
        ["", "其中:财政投款", "15"],
        ["", "其他资金", "5"],
    )
    assert funding(doc) == {
        ("annual", "total", 20.0),
        ("annual", "fiscal", 15.0),
        ("annual", "other", 5.0),
    }
    assert "label_near_match" in codes(doc)
    assert accounted(doc)


def test_a_near_label_without_an_amount_beside_is_not_funding() -> None:
    doc = document(["项目名称", "甲"], ["资金总额", "20"], ["其中:财政投款", "待定事项说明"])
    assert funding(doc) == {("annual", "total", 20.0)}
    assert "label_near_match" not in codes(doc)
    assert near_funding_label("其中:财政拨款") is None  # already a label: nothing to repair
    assert near_funding_label("项目负责人") is None
    assert near_funding_label("财政投款") == "财政拨款"


# -- a unit line with its budget code above the form -------------------------------------------
def test_coded_unit_splits_a_budget_code_from_a_unit_name() -> None:
    assert coded_unit("207101某区人民法院") == ("207101", "某区人民法院")
    assert coded_unit("776001-某旗人民检察院") == ("776001", "某旗人民检察院")
    assert coded_unit("[017]某县司法局") == ("017", "某县司法局")
    assert coded_unit("2023年度项目支出") is None  # a year, not a code
    assert coded_unit("300万元") is None
    assert coded_unit("某区人民法院") is None  # no code: no evidence of a unit line
    assert coded_unit("12维修面积达到400平方米") is None  # too short a code, digits in the name


def test_a_unit_line_with_its_code_above_a_form_names_the_department() -> None:
    doc = document(
        ["207101某区人民法院", "单位:万元", ""],
        ["项目名称", "安全维修", ""],
        ["预算数", "20.00", ""],
    )
    out = interpret_document(doc)
    assert out.projects[0]["department"] == "某区人民法院"
    assert "department_from_unit_line" in codes(doc)
    assert "cell_not_understood" not in codes(doc)
    assert accounted(doc)


def test_a_labelled_department_wins_over_the_unit_line() -> None:
    doc = document(
        ["207101某区人民法院", "单位:万元"],
        ["项目名称", "安全维修"],
        ["主管部门", "某区政法委"],
        ["资金总额", "20"],
    )
    assert interpret_document(doc).projects[0]["department"] == "某区政法委"
    assert "unit_line_not_used" in codes(doc)
    assert accounted(doc)


def test_a_coded_line_inside_the_form_or_beside_other_text_is_no_unit_line() -> None:
    below = document(["项目名称", "安全维修"], ["207101某区人民法院", ""], ["资金总额", "20"])
    assert interpret_document(below).projects[0]["department"] is None
    assert "cell_not_understood" in codes(below)
    beside = document(
        ["207101某区人民法院", "项目负责人"], ["项目名称", "安全维修"], ["资金总额", "20"]
    )
    assert interpret_document(beside).projects[0]["department"] is None


# -- a unit named after its department is the implementer -------------------------------------
def test_a_unit_name_after_a_department_name_is_the_implementer() -> None:
    from test_round5_mechanisms import document

    from kpi_analysis.forms.document import interpret_document

    for department_label, unit_label in (("部门名称", "单位名称"), ("主管部门", "项目单位")):
        doc = document(
            ["项目名称", "甲", "", ""],
            [department_label, "某市档案局", "", ""],
            [unit_label, "某市档案馆", "", ""],
            ["资金总额", "10", "", ""],
        )
        project = interpret_document(doc).projects[0]
        assert (project["department"], project["implementer"]) == ("某市档案局", "某市档案馆")
    # a supervising unit after a department stays the department's label (no implementer)
    doc = document(
        ["项目名称", "甲", "", ""], ["主管单位名称", "某局", "", ""], ["资金总额", "10", "", ""]
    )
    assert interpret_document(doc).projects[0]["implementer"] is None


# -- a 一级 label printed mid-block keeps the 二级 merge it sits in -----------------------------
def test_a_level1_label_printed_mid_block_keeps_the_merged_level2(tmp_path) -> None:
    import docx

    from kpi_analysis import load

    d = docx.Document()
    rows = [
        ["项目名称", "甲项目", "", "", ""],
        ["年度资金总额", "10", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值", "备注"],
        ["", "数量指标", "培训人次", "280人次", ""],
        ["", "", "授课人次", "25人次", ""],
        ["产出指标", "", "开设课程数量", "220门", ""],
        ["", "质量指标", "培训完成率", "100%", ""],
    ]
    t = d.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    t.cell(3, 1).merge(t.cell(5, 1))  # 数量指标 over three rows; 产出指标 on the third
    t.cell(3, 1).text = "数量指标"
    path = tmp_path / "mid.docx"
    d.save(path)
    got = load(path).indicators
    assert got["level2"].astype(str).tolist() == ["数量指标", "数量指标", "数量指标", "质量指标"]
    assert set(got["level1"].astype(str)) == {"产出指标"}
