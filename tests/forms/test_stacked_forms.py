"""Forms stacked in one table (LibreOffice Writer merges touching tables; a department's
project forms printed in one long table): each form is read as if it were its own table."""

from __future__ import annotations

from kpi_analysis.forms.document import interpret_document
from kpi_analysis.forms.segments import field_row, is_title_row, split_stacked
from kpi_analysis.forms.selfeval.document import interpret_selfeval_document
from kpi_analysis.readers.grid import Cell, Document, Source, Table

WIDTH = 5


def target_form(project: str, amount: str, goal: str, *, titled: bool = True) -> list[list[str]]:
    """One 绩效目标表 on five columns: title rows, fields, funding, goal, indicators."""
    title = [["项目支出绩效目标表"], ["（2025年度）"], ["项目责任人：", "", "单位（盖章）：", ""]]
    return [
        *(title if titled else []),
        ["项目名称", project],
        ["主管部门及代码", "[042]某区体育局"],
        ["项目来源", "本级申报项目", "项目期", "3年"],
        ["项目资金\n（万元）", "年度资金总额：", amount],
        ["", "其中：财政拨款", amount],
        ["年度\n目标", goal],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
        ["", "产出指标", "数量指标", f"{project}场次", "≥3场"],
        ["", "", "质量指标", "赛事完成率", "100%"],
        ["", "满意度指标", "满意度指标", "群众满意度", "≥95%"],
    ]


def grid(rows: list[list[str]], index: int = 1, path: str = "m.docx") -> Table:
    """A table of single cells, every row padded to :data:`WIDTH` columns."""
    return Table(
        index=index,
        rows=[
            [
                Cell(text, Source(path, index, r, c))
                for c, text in enumerate(row + [""] * (WIDTH - len(row)), 1)
            ]
            for r, row in enumerate(rows, 1)
        ],
    )


def doc_of(*tables: list[list[str]]) -> Document:
    return Document("m.docx", blocks=[grid(rows, i) for i, rows in enumerate(tables, 1)])


def facts(doc: Document) -> dict[str, list[dict[str, object]]]:
    """The tidy records of a document without their cell sources."""
    out = interpret_document(doc)
    return {
        kind: [{k: v for k, v in row.items() if k != "source"} for row in getattr(out, kind)]
        for kind in ("projects", "funding", "goals", "indicators")
    }


FIRST = target_form("网球公开赛", "1000.00", "打造品牌赛事，提升城市知名度和美誉度。")
SECOND = target_form("常规赛费用", "1200.00", "完成全省常规赛的组织与保障工作任务。")


def test_two_stacked_forms_read_as_two_tables() -> None:
    stacked, split = facts(doc_of(FIRST + SECOND)), facts(doc_of(FIRST, SECOND))
    assert [p["project"] for p in stacked["projects"]] == ["网球公开赛", "常规赛费用"]
    assert stacked == split
    assert len(stacked["indicators"]) == 6
    assert {i["level1"] for i in stacked["indicators"]} == {"产出指标", "满意度指标"}
    assert [f["amount_wan"] for f in stacked["funding"] if f["category"] == "total"] == [
        1000.0,
        1200.0,
    ]


def test_stacked_form_keeps_the_merged_tables_sources() -> None:
    doc = doc_of(FIRST + SECOND)
    out = interpret_document(doc)
    second = [i for i in out.indicators if i["project"] == "常规赛费用"]
    assert second[0]["source"] == f"m.docx#table=1,row={len(FIRST) + 11},col=4"
    assert all(c.source in out.recorder.roles for c in doc.non_empty_cells())
    codes = sorted(f["code"] for f in out.recorder.findings)
    assert "level1_unknown" not in codes
    assert codes == sorted(
        f["code"] for f in interpret_document(doc_of(FIRST, SECOND)).recorder.findings
    )


def test_a_form_without_title_rows_starts_at_its_field_rows() -> None:
    second = target_form("常规赛费用", "1200.00", "完成全省常规赛的组织与保障工作。", titled=False)
    stacked = facts(doc_of(FIRST + second))
    assert stacked == facts(doc_of(FIRST, second))
    assert [p["project"] for p in stacked["projects"]] == ["网球公开赛", "常规赛费用"]


def test_year_line_above_an_untitled_form_goes_with_it() -> None:
    table = grid(FIRST + [["（2025年度）"]] + target_form("乙", "5", "目标文字", titled=False))
    parts = split_stacked(table)
    assert [len(p.rows) for p in parts] == [len(FIRST), 1 + len(FIRST) - 3]
    assert parts[1].rows[0][0].text == "（2025年度）"
    assert parts[1].rows[0][0].source.row == len(FIRST) + 1


def test_indicator_naming_a_project_field_stays_an_indicator() -> None:
    rows = [
        ["项目名称", "档案数字化"],
        ["主管部门", "某区档案馆"],
        ["指标名称", "指标值", "一级指标", "二级指标"],
        ["申报项目名称", "已公示", "产出指标", "质量指标"],  # class names in the row
        ["项目名称", "规范填写", "", ""],  # a field label alone, then indicator rows
        ["数字化卷数", "≥500卷", "", "数量指标"],
        ["服务对象满意度", "≥90%", "满意度指标", "满意度指标"],
    ]
    table = grid(rows)
    assert field_row(table.rows[4]) == "project"  # a candidate, not borne out below
    assert split_stacked(table) == [table]
    records = facts(doc_of(rows))
    assert [p["project"] for p in records["projects"]] == ["档案数字化"]
    names = [i["indicator"] for i in records["indicators"]]
    assert names == ["申报项目名称", "项目名称", "数字化卷数", "服务对象满意度"]


def test_title_and_field_rows_are_recognised_by_evidence() -> None:
    row = grid([["项目支出绩效目标表（2025年度）"], ["绩效目标表填报及时率", "100%"]]).rows
    assert is_title_row(row[0]) and not is_title_row(row[1])
    classed = grid([["项目名称", "产出指标"]]).rows[0]
    assert field_row(classed) is None  # an indicator class in the row
    blank = grid([["项目名称", ""]]).rows[0]
    assert field_row(blank) is None  # no value beside the label


def test_a_title_repeated_over_a_continued_block_does_not_split() -> None:
    rows = [
        *FIRST,
        ["项目支出绩效目标表"],
        FIRST[9],
        ["", "效益指标", "社会效益指标", "影响", "好"],
    ]
    assert len(split_stacked(grid(rows))) == 1  # no project or department field follows


def selfeval_form(project: str, executed: str) -> list[list[str]]:
    """One 自评表 on eight columns: title, fields, funding, goals, indicators, 总分."""
    return [
        ["项目支出绩效自评表"],
        ["（2022年度）"],
        ["项目名称", project],
        ["主管部门", "某区农业农村局", "", "实施单位", "某区农技中心"],
        [
            "项目资金\n（万元）",
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ],
        ["", "年度资金总额", "100", "100", executed, "10", "90%", "9"],
        ["年度总体目标", "预期目标", "", "", "实际完成情况"],
        ["", "完成培训任务", "", "", "已完成培训任务"],
        [
            "绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
        ],
        ["", "产出指标", "数量指标", f"{project}人数", "≥100人", "120人", "50", "50"],
        ["", "满意度指标", "满意度指标", "受训人员满意度", "≥90%", "95%", "40", "40"],
        ["总分", "", "", "", "", "", "100", "99"],
    ]


def selfeval_facts(*tables: list[list[str]]) -> list[dict[str, object]]:
    blocks = []
    for index, rows in enumerate(tables, 1):
        blocks.append(
            Table(
                index=index,
                rows=[
                    [Cell(t, Source("s.xlsx", index, r, c)) for c, t in enumerate(row, 1)]
                    for r, row in enumerate(rows, 1)
                ],
            )
        )
    out = interpret_selfeval_document(Document("s.xlsx", blocks=blocks))
    return [
        {
            "form": {k: v for k, v in form.form.items() if k != "source"},
            **{
                kind: [{k: v for k, v in r.items() if k != "source"} for r in getattr(form, kind)]
                for kind in ("funding", "indicators", "goals")
            },
        }
        for form in out.forms
    ]


def test_stacked_selfeval_forms_read_as_two_forms() -> None:
    first, second = selfeval_form("农民培训", "90"), selfeval_form("农机补贴", "80")
    stacked = selfeval_facts(first + second)
    assert [f["form"]["project"] for f in stacked] == ["农民培训", "农机补贴"]
    assert stacked == selfeval_facts(first, second)
    assert [len(f["indicators"]) for f in stacked] == [2, 2]


def unit_line_form(project: str, amount: str) -> list[list[str]]:
    """A form opening with its unit's line (budget code and name | 单位:万元) above 项目名称,
    with no 主管部门 field and no funding label the head words know (预算规模及资金用途)."""
    return [
        ["207101某区人民法院", "单位:万元"],
        ["项目名称", project],
        ["预算规模及资金用途", "预算数", amount, "其中:财政资金", amount],
        ["绩效目标", f"完成{project}工作，保障审判执行。"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", f"{project}件数", "≥900件"],
        ["满意度指标", "服务对象满意度指标", "干警满意度", "≥95%"],
    ]


def test_a_coded_unit_line_above_a_field_row_starts_a_form() -> None:
    first, second = unit_line_form("安全隐患维修", "20.00"), unit_line_form("办案业务费", "24.00")
    parts = split_stacked(grid(first + second))
    assert [len(p.rows) for p in parts] == [len(first), len(second)]
    assert parts[1].rows[0][0].text == "207101某区人民法院"  # the unit line goes with its form
    stacked = facts(doc_of(first + second))
    assert stacked == facts(doc_of(first, second))
    assert [(p["project"], p["department"]) for p in stacked["projects"]] == [
        ("安全隐患维修", "某区人民法院"),
        ("办案业务费", "某区人民法院"),
    ]
    assert [i["indicator"] for i in stacked["indicators"]][2:] == ["办案业务费件数", "干警满意度"]


def test_a_coded_unit_line_starts_a_form_only_above_one() -> None:
    first = unit_line_form("安全隐患维修", "20.00")
    # the line above an indicator row, or beside text that is no unit note: no form starts
    above_indicator = [first[0], ["", "质量指标", "验收合格率", "≥98%"]]
    assert len(split_stacked(grid(first + above_indicator))) == 1
    not_a_unit_line = [["207101某区人民法院", "已完成"], *first[1:]]
    assert len(split_stacked(grid(first + not_a_unit_line))) == 1
