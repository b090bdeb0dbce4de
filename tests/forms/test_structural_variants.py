"""Structural variants of published forms (benchmarks/perturb.py's structural kinds), each
on a small grid: a target form's indicator table split by a page break (the second table
with or without the header printed again) is one form whose classes go on; a self-evaluation
field whose merged value an export unmerged (实施单位 | blank | 某局) keeps its value; a header
label an export unmerged and printed in each column it covered (指标值 | 指标值) names
one column."""

from __future__ import annotations

from kpi_analysis.forms.document import interpret_document
from kpi_analysis.readers.grid import Cell, Document, Paragraph, Source, Table
from kpi_analysis.tables.selfeval import selfeval_from_documents

PATH = "p.docx"
HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]
FIELDS = [["项目名称", "道路养护", "", ""], ["主管部门", "某局", "", ""]]
BEFORE = [
    HEADER,
    ["产出指标", "数量指标", "养护里程", "≥10公里"],
    ["", "", "养护次数", "≥4次"],
]
AFTER = [
    ["", "", "巡查次数", "≥12次"],
    ["", "质量指标", "验收合格率", "100%"],
    ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"],
]


def table(index: int, rows: list[list[str]]) -> Table:
    out = Table(index=index)
    for r, row in enumerate(rows, start=1):
        out.rows.append([Cell(text, Source(PATH, index, r, c)) for c, text in enumerate(row, 1)])
    return out


def document(*tables: list[list[str]], between: str | None = None) -> Document:
    blocks: list[Paragraph | Table] = [Paragraph("项目支出绩效目标表", Source(PATH, line=1))]
    for i, rows in enumerate(tables, start=1):
        if i > 1 and between is not None:
            blocks.append(Paragraph(between, Source(PATH, line=i)))
        blocks.append(table(i, rows))
    return Document(path=PATH, blocks=blocks)


def rows_read(doc: Document) -> tuple[list[str], list[tuple[object, ...]], list[str]]:
    out = interpret_document(doc)
    indicators = [(r["level1"], r["level2"], r["indicator"], r["target"]) for r in out.indicators]
    return (
        [str(p["project"]) for p in out.projects],
        indicators,
        [f["code"] for f in out.recorder.findings],
    )


WHOLE = rows_read(document(FIELDS + BEFORE + AFTER))


def test_the_unsplit_form_reads_every_row() -> None:
    projects, indicators, _ = WHOLE
    assert projects == ["道路养护"]
    assert ("产出指标", "数量指标", "巡查次数", "≥12次") in indicators
    assert len(indicators) == 5


def test_a_continuation_with_the_header_repeated_is_the_same_form() -> None:
    projects, indicators, codes = rows_read(document(FIELDS + BEFORE, [HEADER, *AFTER]))
    assert projects == WHOLE[0]
    assert indicators == WHOLE[1]  # the open 产出指标/数量指标 group goes on
    assert "table_not_a_form" not in codes


def test_a_continuation_without_header_is_the_same_form() -> None:
    for between in (None, "— 2 —", "续表"):
        projects, indicators, codes = rows_read(document(FIELDS + BEFORE, AFTER, between=between))
        assert projects == WHOLE[0], between
        assert indicators == WHOLE[1], between
        assert "indicator_block_continued" in codes


def test_a_titled_or_named_table_after_a_form_is_a_form_of_its_own() -> None:
    second = [["项目名称", "绿化管护", "", ""], *BEFORE]
    projects, _, _ = rows_read(document(FIELDS + BEFORE, second))
    assert projects == ["道路养护", "绿化管护"]
    projects, indicators, _ = rows_read(
        document(FIELDS + BEFORE, AFTER, between="2023年项目支出绩效目标表")
    )
    assert projects[:1] == ["道路养护"] and len(indicators) == 2  # not continued under a title


def test_a_table_of_another_width_does_not_continue_the_form() -> None:
    wide = [[*row, "备注"] for row in AFTER]
    _, indicators, codes = rows_read(document(FIELDS + BEFORE, wide))
    assert len(indicators) == 2
    assert "indicator_block_continued" not in codes


def _selfeval_totals(second_row: list[str]) -> dict[str, object]:
    rows = [
        ["项目名称", "培训项目", "", "", "", ""],
        second_row,
        ["项目资金(万元)", "", "年初预算数", "全年预算数", "全年执行数", "得分"],
        ["", "年度资金总额", "100", "100", "90", "9"],
    ]
    blocks: list[Paragraph | Table] = [
        Paragraph("项目支出绩效自评表（2021年度）", Source(PATH, line=1)),
        table(1, rows),
    ]
    se = selfeval_from_documents([Document(path=PATH, blocks=blocks)])
    return se.totals.iloc[0].to_dict()


def test_an_unmerged_field_value_past_a_blank_cell_is_read() -> None:
    totals = _selfeval_totals(["主管部门", "某局", "实施单位", "", "某中心", ""])
    assert totals["department"] == "某局"
    assert totals["implementer"] == "某中心"


def test_a_blank_field_before_another_label_or_amount_stays_blank() -> None:
    totals = _selfeval_totals(["主管部门", "某局", "实施单位", "", "项目负责人", "张三"])
    assert not totals.get("implementer")
    totals = _selfeval_totals(["主管部门", "某局", "实施单位", "", "100", ""])
    assert not totals.get("implementer")


def _periods(header: list[str], rows: list[list[str]]) -> list[tuple[object, ...]]:
    out = interpret_document(document(FIELDS_WIDE + [header] + rows))
    return [(r["period"], r["indicator"], r["target"]) for r in out.indicators]


FIELDS_WIDE = [row + [""] for row in FIELDS]
REPEATED_BODY = [
    ["产出指标", "数量指标", "养护里程", "≥10公里", "≥10公里"],
    ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "≥90%"],
]


def test_a_header_label_repeated_across_an_unmerged_span_names_one_column() -> None:
    # an export unmerged 指标值 laid over two columns and printed it in both (and each value)
    read = _periods(["一级指标", "二级指标", "三级指标", "指标值", "指标值"], REPEATED_BODY)
    assert read == [("annual", "养护里程", "≥10公里"), ("annual", "群众满意度", "≥90%")]


def test_different_labels_side_by_side_stay_two_sides() -> None:
    body = [
        ["产出指标", "数量指标", "养护里程", "≥30公里", "≥10公里"],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥95%", "≥90%"],
    ]
    read = _periods(["一级指标", "二级指标", "三级指标", "中期指标值", "年度指标值"], body)
    assert ("mid_term", "养护里程", "≥30公里") in read
    assert [target for period, _, target in read if period == "annual"] == ["≥10公里", "≥90%"]
