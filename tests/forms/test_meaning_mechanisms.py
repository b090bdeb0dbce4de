"""Mechanisms of the second study round (issue #12, forms d26–d35), each on a small grid.

Bracketed glosses and qualifiers of class names, fiscal money named by who pays, field labels
with a gloss and a budget code, comparator glyphs, decimals that are no numbering, a header
printed over two rows, side-by-side label | amount funding blocks, a goal header with the
block's own rate, a matrix of value columns, a goal label cut to its period, and a thin form
(name, funding, goal, no indicators) that is still read.
"""

from __future__ import annotations

from kpi_analysis.forms.document import interpret_document
from kpi_analysis.forms.evidence import stack_header
from kpi_analysis.forms.fields import split_indicator
from kpi_analysis.forms.recorder import Recorder
from kpi_analysis.forms.selfeval.form import SelfEvalForm
from kpi_analysis.forms.targets.form import compose_target
from kpi_analysis.readers.grid import Cell, Document, Source, Table
from kpi_analysis.text.headwords import field_of, funding_category
from kpi_analysis.text.vocabulary import canonical_level1, canonical_level2


def table(*rows: list[str], merges: dict[tuple[int, int], tuple[int, int]] | None = None) -> Table:
    """Rows of texts; ``merges`` (row, col) → (row_span, col_span), covered cells continued."""
    merges = merges or {}
    beside: set[tuple[int, int]] = set()  # covered within the merge's own row: not a cell
    below: set[tuple[int, int]] = set()  # covered from a row above: an empty continued cell
    for (r, c), (rs, cs) in merges.items():
        beside |= {(r, c + j) for j in range(1, cs)}
        below |= {(r + i, c + j) for i in range(1, rs) for j in range(cs)}
    out = Table(index=1)
    for r, row in enumerate(rows):
        cells = []
        for c, text in enumerate(row):
            if (r, c) in beside:
                continue
            rs, cs = merges.get((r, c), (1, 1))
            cells.append(Cell(text, Source("m.docx", 1, r + 1, c + 1), rs, cs, (r, c) in below))
        out.rows.append(cells)
    return out


def document(*rows: list[str]) -> Document:
    doc = Document("m.docx")
    doc.blocks = [table(*rows)]
    return doc


def accounted(doc: Document) -> bool:
    out = interpret_document(doc)
    return all(c.source in out.recorder.roles for c in doc.non_empty_cells())


def test_class_names_by_gloss_qualifier_and_head_word() -> None:
    assert canonical_level1("预期产出指标") == "产出指标"
    assert canonical_level1("主要效果指标") == "效益指标"
    assert canonical_level2("数量指标(或建筑规模指标)") == "数量指标"
    assert canonical_level2("时效指标(工期指标、形象进度指标)") == "时效指标"
    assert canonical_level2("服务对象满意度指标等") == "服务对象满意度指标"
    assert canonical_level2("主要质量指标") == "质量指标"
    # a list of classes, or a class outside the taxonomy, stays as printed
    assert canonical_level2("社会、经济、生态效益 指标") is None
    assert canonical_level2("预算(或投资规模)控制指标") is None
    assert canonical_level1("社会效益指标") is None


def test_fiscal_money_named_by_who_pays() -> None:
    assert funding_category("中期市财政预算") == ("fiscal", "mid_term")
    assert funding_category("本年度申请市财政预算资金") == ("fiscal", "annual")
    assert funding_category("其中:中央补助") == ("fiscal", None)
    assert funding_category("省级补助资金") == ("fiscal", None)
    assert funding_category("本次下达中央预算内投资") == ("total", None)
    assert funding_category("年度金额") == ("total", "annual")


def test_field_labels_with_gloss_and_budget_code() -> None:
    assert field_of("主管部门(单位)名称") == "department"
    assert field_of("主管部门(单位)名称及预算编码") == "department"
    assert field_of("实施(主管)单位") == "implementer"


def test_comparator_glyphs_join_the_value() -> None:
    c = lambda t: Cell(t, Source("f"))  # noqa: E731
    assert compose_target({"comparator": c("≧"), "target": c("735"), "unit": c("人次")}) == (
        "≧735人次"
    )
    assert compose_target({"comparator": c("═"), "target": c("100"), "unit": c("%")}) == "═100%"


def test_a_decimal_is_no_numbering() -> None:
    assert split_indicator("1290.3平方米冷库仓储建设") == (None, "1290.3平方米冷库仓储建设")
    assert split_indicator("3.培训人次") == (3, "培训人次")


def test_stack_header_fills_blank_columns_from_the_row_above() -> None:
    grid = table(
        ["绩效指标", "", "年度指标值", "", "实际完成值"],
        ["三级指标", "", "指标性质", "指标值", ""],
        merges={(0, 0): (1, 2), (0, 2): (1, 2), (0, 4): (2, 1)},
    )
    stacked = stack_header(grid.rows[0], grid.rows[1])
    assert [c.text for c in stacked] == ["三级指标", "绩效指标", "指标性质", "指标值", "实际完成值"]


def test_selfeval_header_over_two_rows() -> None:
    form = SelfEvalForm(Recorder(), path="m.docx")
    grid = table(
        ["项目名称", "甲", "", "", "", "", "", ""],
        ["绩效指标", "", "", "年度指标值", "", "", "实际完成值", "得分"],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "", ""],
        ["产出指标", "数量指标", "受助人数", "≧", "735", "人次", "735", "10"],
        merges={(1, 0): (1, 3), (1, 3): (1, 3), (1, 6): (2, 1), (1, 7): (2, 1)},
    )
    form.read_table(grid)
    row = form.finish().indicators[0]
    assert (row["level2"], row["indicator"], row["target"], row["actual"], row["score"]) == (
        "数量指标",
        "受助人数",
        "≧735人次",
        "735",
        10.0,
    )


def test_selfeval_second_header_row_names_the_parts_of_a_value() -> None:
    form = SelfEvalForm(Recorder(), path="m.docx")
    grid = table(
        ["项目名称", "甲", "", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "预期指标值", "", "", "实际完成值"],
        ["", "", "", "符号", "", "单位(文字描述)", ""],
        ["产出指标", "质量指标", "覆盖率", ">=", "98", "%", "100%"],
        merges={(1, 3): (1, 3), (1, 6): (2, 1)},
    )
    form.read_table(grid)
    row = form.finish().indicators[0]
    assert (row["indicator"], row["target"], row["actual"]) == ("覆盖率", ">=98%", "100%")


def test_selfeval_side_by_side_label_amount_blocks_and_goal_rate() -> None:
    form = SelfEvalForm(Recorder(), path="m.docx")
    grid = table(
        ["项目名称:", "甲", "", "", "", ""],
        ["预算数", "6.84", "到位数", "6.84", "执行数", "6.84"],
        ["其中:财政资金", "6.84", "其中:财政资金", "6.84", "其中:财政资金", "6.84"],
        ["其他", "0.00", "其他", "0.00", "其他", "0.00"],
        ["年度预期目标", "", "具体完成情况", "", "总体完成率(%)", ""],
        ["发放补贴", "", "发放补贴", "", "100.00", ""],
    )
    form.read_table(grid)
    records = form.finish()
    lines = {r["category"]: (r.get("budget_full"), r.get("executed")) for r in records.funding}
    assert lines["fiscal"] == (6.84, 6.84)
    assert lines["other"] == (0.0, 0.0)
    assert [(g["goal"], g["achieved"]) for g in records.goals] == [("发放补贴", "发放补贴")]


def test_matrix_of_value_columns_gives_the_common_value() -> None:
    doc = document(
        ["项目名称", "甲", "", "", "", ""],
        ["资金总额", "100", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标解释", "甲村", "乙村"],
        ["产出指标", "数量指标", "建设工程(个)", "反映开展情况", "1", "1"],
        ["", "", "培训人数(人)", "反映培训情况", "20", "30"],
    )
    out = interpret_document(doc)
    targets = [(r["indicator"], r["target"]) for r in out.indicators]
    assert targets == [("建设工程(个)", "1"), ("培训人数(人)", "甲村:20；乙村:30")]
    assert accounted(doc)


def test_goal_label_cut_to_its_period() -> None:
    doc = document(
        ["项目名称", "甲"],
        ["年度资金总额", "5.00"],
        ["年度", "文化惠民工程,送戏进万村七十个行政村"],
    )
    out = interpret_document(doc)
    assert [(g["period"], g["goal"]) for g in out.goals] == [
        ("annual", "文化惠民工程,送戏进万村七十个行政村")
    ]


def test_thin_form_without_indicators_is_still_read() -> None:
    doc = document(
        ["项目名称", "智慧图书馆建设"],
        ["主管部门(单位)名称及预算编码", "某省文化和旅游厅335301302"],
        ["年度金额:", "15"],
        ["其中:中央补助", "15"],
        ["总体目标", "推进智慧图书馆体系建设"],
    )
    out = interpret_document(doc)
    assert [p["project"] for p in out.projects] == ["智慧图书馆建设"]
    assert out.projects[0]["department"] == "某省文化和旅游厅335301302"
    assert {(f["category"], f["amount_wan"]) for f in out.funding} == {
        ("total", 15.0),
        ("fiscal", 15.0),
    }
    assert accounted(doc)
