"""Detection by evidence (issue #12): header rows and tables are scored by the roles their
labels name, the best reading is taken, and a table that falls short is reported once with
what was found and what is missing. Signature lines, years in amount positions and the older
central template (指标 / 指标内容 / 指标值) are decided by evidence too."""

from __future__ import annotations

from kpi_analysis.forms.document import interpret_document
from kpi_analysis.forms.evidence import Requirement, read_roles
from kpi_analysis.forms.selfeval.columns import indicator_evidence, indicator_header
from kpi_analysis.forms.targets.columns import header_evidence, is_header, parse_header
from kpi_analysis.readers.grid import Cell, Document, Paragraph, Source, Table
from kpi_analysis.tables.selfeval import selfeval_from_documents
from kpi_analysis.text.headwords import is_signature_label, looks_like_date, year_is_amount


def row(*items: object, r: int = 1) -> list[Cell]:
    """One row; an item is a string or (text, col_span)."""
    cells, col = [], 1
    for item in items:
        text, span = item if isinstance(item, tuple) else (item, 1)
        cells.append(Cell(str(text), Source("e.docx", 1, r, col), col_span=span))
        col += span
    return cells


def doc(*rows: list[object], paragraphs: tuple[str, ...] = ()) -> Document:
    """A one-table document whose rows are given as item lists."""
    table = Table(index=1, rows=[row(*items, r=r) for r, items in enumerate(rows, 1)])
    blocks: list[Paragraph | Table] = [
        Paragraph(p, Source("e.docx", line=i)) for i, p in enumerate(paragraphs, 1)
    ]
    return Document("e.docx", blocks=[*blocks, table])


# --------------------------------------------------------------------------- shared helper
def test_requirement_scores_meets_and_words_the_shortfall() -> None:
    need = Requirement(
        groups=(("indicator",), ("target",), ("level1", "level2")),
        names={
            "level1": "一级指标",
            "level2": "二级指标",
            "indicator": "三级指标",
            "target": "指标值",
        },
    )
    assert need.met({"indicator", "target", "level2"})
    assert not need.met({"indicator", "level1"})
    assert need.score({"indicator", "level1"}) < need.score({"indicator", "target", "level1"})
    assert need.shortfall(["level1", "indicator"]) == "表头只识别出 一级指标、三级指标，缺少 指标值"


def test_target_and_selfeval_sides_use_the_same_role_reader() -> None:
    header = row("一级指标", "二级指标", "三级指标", "指标值")
    want = {"level1": 1, "level2": 2, "indicator": 3, "target": 4}
    assert header_evidence(header).roles == want
    assert read_roles(header, lambda t: None).roles == {}
    assert is_header(header)


# --------------------------------------------------------------------------- target tables
def test_table_falling_short_is_reported_once_with_the_reason() -> None:
    out = interpret_document(
        doc(
            ["一级指标", "三级指标", "备注"],
            ["产出指标", "培训人次", "无"],
        )
    )
    findings = [f for f in out.recorder.findings if f["code"] == "table_not_a_form"]
    assert len(findings) == 1
    assert "表头只识别出 一级指标、三级指标，缺少 指标值" in findings[0]["message"]
    assert findings[0]["source"] == "e.docx#table=1"
    assert out.indicators == []


def test_unrelated_table_keeps_the_plain_message() -> None:
    out = interpret_document(doc(["姓名", "电话"], ["张三", "123"]))
    (finding,) = out.recorder.findings
    assert finding["message"].startswith("该表格不是绩效目标表，未读取")


def test_near_header_inside_a_form_is_named() -> None:
    out = interpret_document(
        doc(
            ["项目名称", "公厕保洁", "", ""],
            ["年度资金总额", "30", "", ""],
            ["一级指标", "二级指标", "三级指标", "备注"],
        )
    )
    found = [f for f in out.recorder.findings if f["code"] == "header_incomplete"]
    assert len(found) == 1 and "缺少 指标值" in found[0]["message"]


def test_a_self_evaluation_title_above_does_not_outweigh_a_target_header() -> None:
    out = interpret_document(
        doc(
            ["项目名称", "公厕保洁", "", ""],
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "公厕座数", "30座"],
            paragraphs=("2022年度项目支出绩效自评表",),
        )
    )
    assert [r["target"] for r in out.indicators] == ["30座"]


def test_older_central_template_class_column_headed_indicator() -> None:
    header = row("指标", "指标内容", "指标值")
    parsed = parse_header(header, None)
    assert parsed.level1_col == 1
    assert parsed.sides[0].columns == {"indicator": 2, "target": 3}
    out = interpret_document(
        doc(
            ["项目名称", "档案整理", ""],
            ["指标", "指标内容", "指标值"],
            ["产出指标", "整理卷数", "≥500卷"],
        )
    )
    assert [(r["level1"], r["indicator"], r["target"]) for r in out.indicators] == [
        ("产出指标", "整理卷数", "≥500卷")
    ]


def test_class_label_spanning_two_columns_heads_both_levels() -> None:
    parsed = parse_header(row(("评价指标", 2), "指标内容", "指标值"), None)
    assert parsed.level1_col == 1
    assert parsed.sides[0].columns == {"level2": 2, "indicator": 3, "target": 4}


def test_a_row_label_before_the_level_columns_stays_a_label() -> None:
    parsed = parse_header(row("绩效指标", "一级指标", "二级指标", "三级指标", "指标值"), None)
    assert parsed.level1_col == 2
    assert parsed.sides[0].columns == {"level2": 3, "indicator": 4, "target": 5}


# --------------------------------------------------------------------------- self-evaluation
def test_selfeval_header_beginning_with_indicator() -> None:
    header = row("指标", "指标内容", "指标值", "实际完成值", "分值", "得分")
    found = indicator_header(header)
    assert found is not None
    assert found.roles["level1"] == 1 and found.roles["indicator"] == 2
    wide = indicator_evidence(row(("评价指标", 2), "指标内容", "年度指标值", "实际完成值", "得分"))
    assert (wide.roles["level1"], wide.roles["level2"]) == (1, 2)


def test_selfeval_form_with_the_older_template_reads_its_indicators() -> None:
    rows = [
        ["项目支出绩效自评表", "", "", "", "", ""],
        ["项目名称", "档案整理", "", "", "", ""],
        ["指标", "指标内容", "指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "整理卷数", "≥500卷", "520卷", "20", "20"],
    ]
    table = Table(index=1, rows=[row(*r, r=i) for i, r in enumerate(rows, 1)])
    se = selfeval_from_documents([Document("e.docx", blocks=[table])])
    got = se.indicators[["level1", "indicator", "target", "actual", "score"]]
    assert got.values.tolist() == [["产出指标", "整理卷数", "≥500卷", "520卷", 20.0]]


# --------------------------------------------------------------------------- signatures
def test_signature_needs_a_signature_label_not_a_word_that_begins_so() -> None:
    assert is_signature_label("填表人: 宋云花 联系电话:16607326331")
    assert is_signature_label("项目负责人(签字)：")
    assert not is_signature_label("联系电话畅通率")
    assert not is_signature_label("项目名称")


def test_contact_field_beside_the_project_name_keeps_the_form() -> None:
    out = interpret_document(
        doc(
            ["项目名称", "公厕保洁", "联系人", "张三"],
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "公厕座数", "30座"],
            ["填报人：张三", "联系电话：0731-1234567", "", ""],
        )
    )
    assert [p["project"] for p in out.projects] == ["公厕保洁"]
    assert len(out.indicators) == 1


def test_target_footer_is_a_signature_line() -> None:
    out = interpret_document(
        doc(
            ["项目名称", "公厕保洁", "", ""],
            ["填报人", "张三", "填报日期", "2023-01-05"],
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "公厕座数", "30座"],
        )
    )
    codes = [f["code"] for f in out.recorder.findings]
    assert codes.count("signature") == 4 and "cell_not_understood" not in codes


def test_selfeval_indicator_named_like_a_contact_is_no_signature_line() -> None:
    rows = [
        ["项目支出绩效自评表", "", "", "", "", ""],
        ["项目名称", "政务热线", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "得分"],
        ["产出指标", "质量指标", "联系电话畅通率", "≥95%", "98%", "10"],
        ["项目负责人：李四", "", "财务负责人：王五", "", "", ""],
    ]
    table = Table(index=1, rows=[row(*r, r=i) for i, r in enumerate(rows, 1)])
    se = selfeval_from_documents([Document("e.docx", blocks=[table])])
    assert se.indicators["indicator"].tolist() == ["联系电话畅通率"]
    assert (se.findings["code"] == "signature").sum() == 2


# --------------------------------------------------------------------------- amounts
def test_years_and_date_ranges_are_never_amounts() -> None:
    assert looks_like_date("2021") and looks_like_date("2021-2023年")
    assert not looks_like_date("2021.5") and not looks_like_date("132万元")
    assert year_is_amount("2021", "年度资金总额")
    assert not year_is_amount("2021", "合计") and not year_is_amount("2021年", "资金总额")


def test_year_beside_a_funding_label_is_not_an_amount_without_evidence() -> None:
    out = interpret_document(
        doc(
            ["项目名称", "公厕保洁", "", ""],
            ["合计", "2021", "年度资金总额", "2021"],
            ["上年结转", "2021-2023", "", ""],
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "公厕座数", "30座"],
        )
    )
    assert [(f["category"], f["amount_wan"]) for f in out.funding] == [("total", 2021.0)]
    reported = [f["text"] for f in out.recorder.findings if f["code"] == "not_an_amount"]
    assert reported == ["2021", "2021-2023"]


def test_fill_in_unit_cell_is_a_label_not_a_value() -> None:
    out = interpret_document(
        doc(
            ["填报单位:(盖章) 单位:万元", "", "", ""],
            ["项目名称", "公厕保洁", "预算部门", "环卫处"],
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "公厕座数", "30座"],
        )
    )
    assert out.projects[0]["department"] == "环卫处"
    roles = {src: role for src, (role, _) in out.recorder.roles.items()}
    assert roles[Source("e.docx", 1, 1, 1)] == "label"
