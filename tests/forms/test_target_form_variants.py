"""Template variants seen in real forms, read by labels rather than positions.

Grids are built cell by cell here (spans as real readers produce them); the same layouts
as Word and Excel files are covered by the reader tests.
"""

from __future__ import annotations

from kpi_analysis.forms.document import interpret_document
from kpi_analysis.readers.grid import Cell, Document, Paragraph, Source, Table


def grid(*rows: list[object], paragraphs: tuple[str, ...] = ()) -> Document:
    """A one-table document; a cell is a string or (text, col_span)."""
    table = Table(index=1)
    for r, row in enumerate(rows, start=1):
        cells, col = [], 1
        for item in row:
            text, span = item if isinstance(item, tuple) else (item, 1)
            cells.append(Cell(text, Source("v.docx", 1, r, col), col_span=span))
            col += span
        table.rows.append(cells)
    doc = Document("v.docx")
    doc.blocks = [Paragraph(p, Source("v.docx", line=i)) for i, p in enumerate(paragraphs)]
    doc.blocks.append(table)
    return doc


def indicators(doc: Document) -> list[tuple[object, ...]]:
    out = interpret_document(doc)
    return [
        (r["period"], r["level1"], r["level2"], r["indicator_no"], r["indicator"], r["target"])
        for r in out.indicators
    ]


def codes(doc: Document) -> list[str]:
    return [f["code"] for f in interpret_document(doc).recorder.findings]


def test_long_and_annual_labels_side_by_side_with_an_empty_side() -> None:
    doc = grid(
        ["项目名称", "甲"],
        [
            "一级指标",
            "二级指标(长期)",
            "三级指标(长期)",
            "指标值(长期)",
            "二级指标(年度)",
            "三级指标(年度)",
            "指标值(年度)",
        ],
        ["产出指标", "数量指标", "指标1：培训", "≥3次", "数量指标", "指标1：培训", "≥1次"],
        ["", "", "", "", "", "指标2：督查", "≥1次"],
    )
    assert indicators(doc) == [
        ("mid_term", "产出指标", "数量指标", 1, "培训", "≥3次"),
        ("annual", "产出指标", "数量指标", 1, "培训", "≥1次"),
        ("annual", "产出指标", "数量指标", 2, "督查", "≥1次"),
    ]


def test_annual_only_application_form() -> None:
    doc = grid(
        ["项目支出名称", "乙", "预算部门", "某局"],
        ["年度本级预算金额（万元）", "250万"],
        ["实施期绩效目标", "目标1：长期甲。"],
        ["本年度绩效目标", "目标1：今年甲。目标2：今年乙。"],
        ["一级指标", "二级指标", "三级指标", "指标值及单位", "指标标准或依据"],
        ["项目完成指标", "数量指标", "维修车辆", "≥90辆", "计划标准"],
        ["项目效益指标", "社会公众或服务对象满意度指标", "群众满意度", "≥90%", "行业标准"],
    )
    out = interpret_document(doc)
    assert out.projects[0]["department"] == "某局"
    assert [(f["period"], f["category"], f["amount_wan"]) for f in out.funding] == [
        ("annual", "total", 250.0)
    ]
    assert [(g["period"], g["goal_no"], g["goal"]) for g in out.goals] == [
        ("mid_term", 1, "长期甲。"),
        ("annual", 1, "今年甲。"),
        ("annual", 2, "今年乙。"),
    ]
    assert indicators(doc) == [
        ("annual", "产出指标", "数量指标", 1, "维修车辆", "≥90辆"),
        ("annual", "效益指标", "服务对象满意度指标", 1, "群众满意度", "≥90%"),
    ]
    assert out.indicators[0]["standard"] == "计划标准"


def test_separate_long_term_and_annual_blocks() -> None:
    header = ["一级指标", "二级指标", "指标内容", "指标值", "备注"]
    doc = grid(
        ["项目名称", "丙"],
        ["长期绩效指标"],
        header,
        ["产出指标", "数量指标", "改造学校", "88所", ""],
        ["年度绩效指标"],
        header,
        ["产出指标", "数量指标", "改造学校", "30所", "分批实施"],
    )
    assert indicators(doc) == [
        ("mid_term", "产出指标", "数量指标", 1, "改造学校", "88所"),
        ("annual", "产出指标", "数量指标", 1, "改造学校", "30所"),
    ]
    assert "extra_column" in codes(doc)  # the 备注 text is reported, not lost


def test_comparator_value_and_unit_columns_are_joined() -> None:
    doc = grid(
        ["项目名称", "丁"],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重"],
        ["产出指标", "质量指标", "验收合格率", "≥", "95", "%", "10"],
        ["效益指标", "社会效益指标", "覆盖人数", "=", "1", "人/年", "10"],
    )
    assert [r[-1] for r in indicators(doc)] == ["≥95%", "=1人/年"]
    assert codes(doc).count("extra_column") == 2


def test_new_template_with_cost_as_first_level() -> None:
    doc = grid(
        ["项目名称", "戊"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["成本指标(0-20)分", "经济成本指标", "人工成本", "≤620万/月"],
        ["", "社会成本指标", "", ""],
        ["产出指标\n(40-50)分", "数量指标", "保洁面积", "1346.0088万平方米"],
    )
    rows = indicators(doc)
    assert rows[0][1:3] == ("成本指标", "经济成本指标")
    assert rows[1][1:3] == ("产出指标", "数量指标")
    assert "level2_without_indicator" in codes(doc)


def test_repeated_labels_and_unnumbered_rows_get_unique_numbers() -> None:
    doc = grid(
        ["项目名称", "己"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "甲", "1个"],
        ["产出指标", "数量指标", "乙", "2个"],
        ["产出指标", "时效指标", "丙", "年底前"],
    )
    assert [(r[2], r[3], r[4]) for r in indicators(doc)] == [
        ("数量指标", 1, "甲"),
        ("数量指标", 2, "乙"),
        ("时效指标", 1, "丙"),
    ]


def test_funding_tree_parts_are_not_counted_twice() -> None:
    doc = grid(
        ["项目名称", "庚"],
        ["项目资金（元）", "年度资金总额", "300000"],
        ["", "财政拨款", "200000"],
        ["", "一般公共预算", "150000"],
        ["", "政府性基金", "50000"],
        ["", "自有资金", "60000"],
        ["", "其他收入", "40000"],
    )
    out = interpret_document(doc)
    got = {(f["category"], f["amount_wan"]) for f in out.funding}
    assert got == {("total", 30.0), ("fiscal", 20.0), ("other", 10.0)}
    assert codes(doc).count("funding_detail") == 2


def test_2025_template_value_type_and_text() -> None:
    doc = grid(
        ["项目名称", "辛"],
        ["一级指标", "二级指标", "三级指标", "指标值类型", "目标值", "度量单位", "指标值内容"],
        ["成本指标", "经济成本指标", "培训成本", "≤", "5", "万元", ""],
        ["效益指标", "社会效益指标", "传染病发生", "定性", "", "", "减少"],
    )
    assert [r[-1] for r in indicators(doc)] == ["≤5万元", "减少"]


def test_two_row_header_with_last_years_actual() -> None:
    doc = grid(
        ["项目名称", "壬"],
        ["一级指标", "二级指标", "三级指标", ("指标值", 2)],
        ["", "", "", "2021年实际实现值", "预期2022年实现值"],
        ["产出指标", "数量指标", "培训人次", "200人次", "≥250人次"],
    )
    assert indicators(doc) == [("annual", "产出指标", "数量指标", 1, "培训人次", "≥250人次")]
    assert "extra_column" in codes(doc)


def test_vertical_one_character_labels() -> None:
    doc = grid(
        ["项目名称", "癸"],
        ["绩\n效\n指\n标", "一级\n指标", "二级指标", "三级指标", "指标值"],
        ["", "满\n意\n度\n指\n标", "服务对象\n满意度指标", "指标1：满意度", "≥90%"],
    )
    assert indicators(doc) == [("annual", "满意度指标", "服务对象满意度指标", 1, "满意度", "≥90%")]
