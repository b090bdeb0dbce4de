"""Self-evaluation mechanisms met in round 6 of public forms, each on a small grid.

An indicator block continued in a table without a header row: under the header already read
(a page break), or, when the copy lost that header, under the standard template's columns
placed by the 分值 | 得分 numbers; the first row of such a table may be the tail of a row cut
at the break. A 二级 label written as a property or cut short (可持续性) reads as its class.
"""

from __future__ import annotations

from kpi_analysis.readers.grid import Cell, Document, Paragraph, Source, Table
from kpi_analysis.tables.selfeval import SelfEval, selfeval_from_documents
from kpi_analysis.text.vocabulary import canonical_level1, canonical_level2

PATH = "s.docx"


def grid(index: int, rows: list[list[str]]) -> Table:
    out = Table(index=index)
    for r, row in enumerate(rows, start=1):
        out.rows.append([Cell(text, Source(PATH, index, r, c)) for c, text in enumerate(row, 1)])
    return out


def read(*tables: list[list[str]], title: str = "项目支出绩效自评表（2021年度）") -> SelfEval:
    blocks: list[Paragraph | Table] = [Paragraph(title, Source(PATH, line=1))]
    blocks += [grid(i, rows) for i, rows in enumerate(tables, start=1)]
    return selfeval_from_documents([Document(path=PATH, blocks=blocks)])


def codes(se: SelfEval) -> list[str]:
    return se.findings["code"].tolist()


def unaccounted(se: SelfEval, tables: tuple[list[list[str]], ...]) -> int:
    """Non-empty cells of ``tables`` without a role in the accounting."""
    printed = sum(bool(text.strip()) for rows in tables for row in rows for text in row)
    cells = se.cells[se.cells["source"].str.contains("table=")]
    return printed - len(cells)


HEAD = [
    ["项目名称", "培训项目", "", "", "", "", "", "", ""],
    ["主管部门", "某局", "", "", "实施单位", "某中心", "", "", ""],
    ["项目资金(万元)", "", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["", "年度资金总额", "", "100", "100", "90", "10", "90%", "9"],
]
INDICATOR_HEADER = [
    "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
    "偏差原因分析及改进措施",
]  # fmt: skip
FIRST_ROW = ["", "产出指标", "数量指标", "培训人次", "≥100", "120", "20", "20", ""]
REST = [
    ["", "", "可持续影响指标", "长效机制", "建立", "已建立", "10", "9", ""],
    ["", "满意度指标", "服务对象满意度指标", "学员满意度", "≥90%", "95%", "10", "10", ""],
    ["总分", "", "", "", "", "", "100", "97", ""],
]


def facts(se: SelfEval) -> list[tuple]:
    cols = ["project", "level1", "level2", "indicator", "target", "actual", "weight", "score"]
    return [tuple(row) for row in se.indicators[cols].itertuples(index=False)]


def test_a_table_without_header_continues_the_indicator_block_under_the_header_read() -> None:
    first = [*HEAD, INDICATOR_HEADER, FIRST_ROW]
    second = [["", "效益指标", *REST[0][2:]], *REST[1:]]
    se = read(first, second)
    assert facts(se) == [
        ("培训项目", "产出指标", "数量指标", "培训人次", "≥100", "120", 20, 20),
        ("培训项目", "效益指标", "可持续影响指标", "长效机制", "建立", "已建立", 10, 9),
        ("培训项目", "满意度指标", "服务对象满意度指标", "学员满意度", "≥90%", "95%", 10, 10),
    ]
    assert "indicator_block_continued" in codes(se)
    assert "table_not_a_selfeval_form" not in codes(se)
    assert se.totals.loc[0, "total_score"] == 97
    assert unaccounted(se, (first, second)) == 0


def test_a_class_continues_across_the_break_under_the_header_read() -> None:
    first = [*HEAD, INDICATOR_HEADER, FIRST_ROW]
    second = [["", "", "", "培训天数", "≥5天", "5天", "10", "10", ""]]
    se = read(first, second)
    assert facts(se)[-1] == ("培训项目", "产出指标", "数量指标", "培训天数", "≥5天", "5天", 10, 10)


def test_a_block_whose_header_the_copy_lost_is_read_in_the_template_order() -> None:
    cut = ["", "", "", "", "≥90%", "95%", "10", "10", ""]  # the tail of a row cut at the jump
    second = [cut, *REST]
    se = read(HEAD, second)
    assert facts(se) == [
        ("培训项目", "效益指标", "可持续影响指标", "长效机制", "建立", "已建立", 10, 9),
        ("培训项目", "满意度指标", "服务对象满意度指标", "学员满意度", "≥90%", "95%", 10, 10),
    ]
    found = codes(se)
    assert "indicator_columns_inferred" in found
    assert found.count("row_cut_at_break") == 4  # its four values are reported, not read
    assert "level1_inferred" in found  # the 一级 of the first row is on the lost part
    assert se.totals.loc[0, "total_weight"] == 100
    assert unaccounted(se, (HEAD, second)) == 0


def test_a_block_without_header_inside_the_table_opens_at_its_first_row_of_points() -> None:
    # two tables printed back to back read as one (web page, PDF): the lost header's rows
    # follow a funding line cut short, which stays unread
    cut_line = ["", "年度资金总", "", "", "", "", "", "", ""]
    cut = ["", "", "", "", "≥90%", "95%", "10", "10", ""]
    rows = [*HEAD[:3], cut_line, cut, *REST]
    se = read(rows)
    assert [r[2:4] for r in facts(se)] == [
        ("可持续影响指标", "长效机制"),
        ("服务对象满意度指标", "学员满意度"),
    ]
    found = se.findings
    assert found[found["code"] == "cell_not_understood"]["text"].tolist() == ["年度资金总"]
    assert codes(se).count("row_cut_at_break") == 4
    assert unaccounted(se, (rows,)) == 0


def test_a_goal_row_above_a_two_row_header_stays_a_goal() -> None:
    rows = [
        *HEAD,
        ["年度总体目标", "预期目标", "", "", "", "实际完成情况", "", "", ""],
        ["", "培训学员", "", "", "", "已培训", "", "", ""],
        ["绩效指标", "", "", "年度指标值", "", "实际完成值", "分值", "得分", "偏差原因"],
        ["一级指标", "二级指标", "三级指标", "", "", "", "", "", ""],
        ["产出指标", "数量指标", "培训人次", "≥100", "", "120", "20", "20", ""],
        ["", "质量指标", "合格率", "≥90%", "", "95%", "20", "19", ""],
    ]
    se = read(rows)
    assert se.goals["goal"].tolist() == ["培训学员"]
    assert [r[3] for r in facts(se)] == ["培训人次", "合格率"]
    assert "indicator_columns_inferred" not in codes(se)


def test_the_template_order_follows_the_numbers_wherever_the_block_starts() -> None:
    shifted = [row[1:] for row in REST[:2]]  # no 绩效指标 column: everything one column left
    shifted.append(["总分", "", "", "", "", "100", "97", ""])
    se = read(HEAD, shifted)
    assert [(r[2], r[3], r[6], r[7]) for r in facts(se)] == [
        ("可持续影响指标", "长效机制", 10, 9),
        ("服务对象满意度指标", "学员满意度", 10, 10),
    ]


def test_a_table_without_header_or_classes_is_no_continuation() -> None:
    notes = [["甲", "乙", "说明", "10", "9"], ["丙", "丁", "说明", "8", "8"]]
    se = read(HEAD, notes)
    assert se.indicators.empty
    assert "table_not_a_selfeval_form" in codes(se)
    points = [["甲", "数量指标", "说明", "9", "10"], ["丙", "质量指标", "说明", "8", "9"]]
    se = read(HEAD, points)  # a class named, but no 分值 ≥ 得分 column pair
    assert se.indicators.empty
    assert "table_not_a_selfeval_form" in codes(se)


def test_a_table_with_a_project_name_or_below_a_title_starts_no_continuation() -> None:
    named = [["项目名称", "另一项目", "", "", "", "", "", "", ""], *REST]
    se = read(HEAD, named)
    assert "indicator_columns_inferred" not in codes(se)
    blocks: list[Paragraph | Table] = [
        Paragraph("项目支出绩效自评表（2021年度）", Source(PATH, line=1)),
        grid(1, HEAD),
        Paragraph("部门整体支出绩效目标表", Source(PATH, line=2)),
        grid(2, REST),
    ]
    se = selfeval_from_documents([Document(path=PATH, blocks=blocks)])
    assert "indicator_columns_inferred" not in codes(se)
    assert se.indicators.empty


def test_a_class_word_written_as_a_property_or_cut_short_reads_as_its_class() -> None:
    assert canonical_level2("可持续性") == "可持续影响指标"
    assert canonical_level2("可持续性影响指标") == "可持续影响指标"
    assert canonical_level2("时效性") == "时效指标"
    assert canonical_level2("服务对象指标") == "服务对象满意度指标"
    assert canonical_level2("可持续") is None  # a bare word: often a 三级 name
    assert canonical_level2("社会性指标") is None  # 社会效益 or 社会成本: no one class
    assert canonical_level2("安全性") is None
    assert canonical_level1("可持续性") is None


def test_a_property_class_in_a_selfeval_form_takes_its_class_and_parent() -> None:
    rows = [
        *HEAD,
        [*INDICATOR_HEADER[:6], "", *INDICATOR_HEADER[7:]],  # no 分值 column
        ["", "", "可持续性", "服务周边群众", "服务范围扩大", "已扩大", "", "10", ""],
    ]
    se = read(rows)
    got = se.indicators.loc[0, ["level1", "level2", "indicator"]].tolist()
    assert got == ["效益指标", "可持续影响指标", "服务周边群众"]
    assert "level2_unknown" not in codes(se)
