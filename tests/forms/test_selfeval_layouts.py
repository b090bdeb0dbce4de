"""Self-evaluation layouts seen on public pages, read by head-word rules and evidence.

Each grid is a small cut of a real layout (excerpts of the published forms listed in
docs/rules.md#sources, e.g. S5–S7, and other public pages):
decorated column labels, score columns before the values, transposed and label-value funding
blocks, block scores as bare numbers, 自评总分 in one cell, nameless forms. The rules are
tested, not the one label: every known label with any decoration keeps its role.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from kpi_analysis.forms.selfeval.columns import funding_role, indicator_role
from kpi_analysis.forms.selfeval.form import is_selfeval_form, project_from_title
from kpi_analysis.readers.grid import Cell, Document, Paragraph, Source, Table
from kpi_analysis.tables.selfeval import SelfEval, load_selfeval, selfeval_from_documents

DECORATIONS = ("", "(A)", "（B）", "(B/A×100%)", "（万元）", "(10分)", "\n", " ", "*")
INDICATOR_LABELS = {
    "年初目标值": "target",
    "年度指标值": "target",
    "全年目标值": "target",
    "预期值": "target",
    "实际完成值": "actual",
    "实际完成指标值": "actual",
    "全年实际完成值": "actual",
    "完成情况": "actual",
    "实现值": "actual",
    "分值": "weight",
    "指标权重": "weight",
    "得分": "score",
    "自评分": "score",
    "自评得分": "score",
    "复核分": "review_score",
    "偏差原因分析及改进措施": "reason",
    "原因分析": "reason",
    "评分标准": "standard",
}
FUNDING_LABELS = {
    "年初预算数": "budget_initial",
    "全年预算数": "budget_full",
    "调整后预算数": "budget_full",
    "预算数": "budget_full",
    "全年执行数": "executed",
    "执行数": "executed",
    "预算执行率": "rate",
    "执行率": "rate",
}
NOT_LABELS = ("年度绩效指标完成情况", "年度目标完成情况", "项目名称", "100", "产出指标", "备注")


def decorated(label: str) -> list[str]:
    """``label`` with one or two decorations, before, after and inside."""
    out = []
    for before, after in itertools.product(("", "*", " "), DECORATIONS):
        out.append(f"{before}{label}{after}")
    out.append(f"{label[:2]}\n{label[2:]}(A)")
    return out


@pytest.mark.parametrize(("label", "role"), INDICATOR_LABELS.items())
def test_indicator_roles_survive_decorations(label: str, role: str) -> None:
    assert {indicator_role(text) for text in decorated(label)} == {role}


@pytest.mark.parametrize(("label", "role"), FUNDING_LABELS.items())
def test_funding_roles_survive_decorations(label: str, role: str) -> None:
    assert {funding_role(text) for text in decorated(label)} == {role}


@pytest.mark.parametrize("text", NOT_LABELS)
def test_plain_words_are_no_value_columns(text: str) -> None:
    assert indicator_role(text) not in ("target", "actual", "score", "weight")


# ------------------------------------------------------------------------------- grids
def table(rows: list[list[str]], path: str = "form.docx", index: int = 1) -> Table:
    """A table of single cells (an empty string is an empty cell)."""
    return Table(
        index=index,
        rows=[
            [Cell(text, Source(path, table=index, row=r, col=c)) for c, text in enumerate(row, 1)]
            for r, row in enumerate(rows, 1)
        ],
    )


def read(rows: list[list[str]], paragraphs: tuple[str, ...] = (), path: str = "form.docx"):
    """The :class:`SelfEval` of one document: ``paragraphs`` then the table."""
    blocks: list[Paragraph | Table] = [
        Paragraph(text, Source(path, line=i)) for i, text in enumerate(paragraphs, 1)
    ]
    blocks.append(table(rows, path))
    return selfeval_from_documents([Document(path=path, blocks=blocks)])


def assert_accounted(se: SelfEval) -> None:
    """Every cell recorded as a value shows up in a tidy table; the rest are findings."""
    values = se.cells[se.cells["role"] == "value"]
    printed = {
        str(v)
        for frame in (se.funding, se.indicators, se.goals, se.totals)
        for column in frame.columns
        for v in frame[column].dropna().tolist()
    }
    for text in values["text"]:
        squeezed = "".join(text.split())
        assert any(squeezed[:4] in "".join(p.split()) for p in printed) or _number_in(text, se), (
            text
        )
    assert set(se.cells["role"]) <= {"label", "value", "context", "reported", "ignored"}
    reported = se.cells.loc[se.cells["role"] == "reported", "source"]
    assert set(reported) <= set(se.findings["source"])


def _number_in(text: str, se: SelfEval) -> bool:
    import re

    numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text.replace(",", ""))]
    frames = (se.funding, se.indicators, se.totals)
    found = {
        round(float(v), 4)
        for frame in frames
        for column in frame.columns
        for v in frame[column].dropna().tolist()
        if isinstance(v, (int, float)) and not isinstance(v, bool)
    }
    return any(round(n, 4) in found or round(n / 100, 4) in found for n in numbers)


HEAD = [
    ["项目名称", "乡村道路养护", "", "", "", "", "", ""],
    ["主管部门", "县交通运输局", "", "", "", "", "", ""],
]


def test_score_columns_before_the_values() -> None:
    rows = [
        *HEAD,
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "分值(权重)",
            "自评分",
            "年度指标值(A)",
            "实际完成值(B)",
            "偏差原因",
        ],
        ["产出指标(50分)", "数量指标", "养护里程", "10", "9", "≥20公里", "18公里", "雨季"],
    ]
    se = read(rows, ("2023年度项目支出绩效自评表",))
    row = se.indicators.iloc[0]
    assert (row["indicator"], row["target"], row["actual"]) == ("养护里程", "≥20公里", "18公里")
    assert (row["weight"], row["score"], row["level1_weight"]) == (10, 9, 50)
    assert row["reason"] == "雨季"
    assert_accounted(se)


def test_review_score_and_tier_standards_are_kept() -> None:
    rows = [
        *HEAD,
        ["一级指标", "二级指标", "三级指标", "评分标准", "分值", "自评分", "复核分", ""],
        [
            "产出指标",
            "质量指标",
            "验收合格率",
            "优:100%;良:90%;中:80%;差:<80%",
            "10",
            "10",
            "9",
            "",
        ],
    ]
    row = read(rows, ("项目支出绩效自评表",)).indicators.iloc[0]
    assert row["standard"].startswith("优:100%")
    assert (row["score"], row["review_score"]) == (10, 9)


def test_transposed_funding_block() -> None:
    rows = [
        *HEAD,
        ["资金(万元)", "年度资金总额", "财政拨款", "其他资金", "", "", "", ""],
        ["年初预算数", "100", "80", "20", "", "", "", ""],
        ["全年预算数", "120", "100", "20", "", "", "", ""],
        ["全年执行数", "110", "90", "20", "", "", "", ""],
    ]
    se = read(rows, ("2022年项目支出绩效自评表",))
    funding = se.funding.set_index("category")
    assert funding.loc["total", ["budget_initial", "budget_full", "executed"]].tolist() == [
        100,
        120,
        110,
    ]
    assert funding.loc["fiscal", "executed"] == 90
    assert_accounted(se)


def test_label_value_funding_with_units_and_block_scores() -> None:
    rows = [
        ["专项名称", "食品监管补助资金", "", "", "", "", "自评得分"],
        ["省级主管部门", "省市场监管局", "", "", "", "", "96"],
        ["预算执行情况", "预算数:", "238", "执行数:", "230", "", "19"],
        ["", "其中:中央补助 200万元", "", "其中:中央补助 195万元", "", "", ""],
        ["", "地方资金/其他 38万元", "", "地方资金/其他 35万元", "", "", ""],
        ["年度目标完成情况", "预期目标", "", "", "目标实际完成情况", "", "18"],
        ["", "目标1:排查整治", "", "", "已完成", "", ""],
        [
            "年度绩效指标完成情况",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成指标值",
            "47",
        ],
        ["", "产出指标", "数量指标", "指标1:抽检批次", "≥300批", "320批", "5"],
    ]
    se = read(rows, ("食品监管补助资金区域绩效目标自评表",), path="form.xlsx")
    funding = se.funding.set_index("category")
    assert funding.loc["total", ["budget_full", "executed", "score"]].tolist() == [238, 230, 19]
    assert funding.loc["fiscal", ["budget_full", "executed"]].tolist() == [200, 195]
    assert funding.loc["other", ["budget_full", "executed"]].tolist() == [38, 35]
    totals = se.totals.iloc[0]
    assert totals["project"] == "食品监管补助资金"
    assert (totals["total_score"], totals["goals_score"], totals["indicators_score"]) == (
        96,
        18,
        47,
    )
    assert se.indicators.iloc[0]["score"] == 5
    assert se.goals.iloc[0]["achieved"] == "已完成"
    assert_accounted(se)


def test_total_score_in_one_cell_and_amount_with_its_unit() -> None:
    rows = [
        ["项目名称", "司法业务经费", "", "", "", ""],
        ["单位:元", "", "", "", "", ""],
        ["", "年初预算数", "全年预算数", "全年执行数", "执行率", "得分"],
        ["年度资金总额", "620.82万元", "6208200", "6000000", "96.6%", "9.66"],
        ["自评总分：92.5", "", "", "", "", ""],
    ]
    se = read(rows, ("项目支出绩效自评表（2021年度）",))
    total = se.funding.iloc[0]
    assert total["budget_initial"] == pytest.approx(620.82)  # its own unit, not 元
    assert total["budget_full"] == pytest.approx(620.82)
    assert se.totals.iloc[0]["total_score"] == 92.5


def test_nameless_form_keeps_its_rows_with_a_warning() -> None:
    rows = [
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "得分"],
        ["产出指标", "数量指标", "培训人次", "≥100人次", "120人次", "10"],
    ]
    se = read(rows, ("2022年度项目支出绩效自评表",), path="县农业局-培训.docx")
    assert se.totals.iloc[0]["project"] == "县农业局-培训"
    assert len(se.indicators) == 1
    assert "project_from_file_name" in set(se.findings["code"])


def test_project_name_from_title() -> None:
    # a title naming a 项目 gives it as the target reader takes it (XX项目); a title naming
    # no 项目 is the form's only name, kept whole (zoo d46); a generic title names none
    whole = "2021年中央对地方专项转移支付区域绩效目标自评表"
    assert project_from_title(whole) == whole
    regional = "食品监管补助资金区域绩效目标自评表"
    assert project_from_title(regional) == regional
    assert project_from_title("2022年度项目支出绩效自评表") is None
    assert project_from_title("村级运转经费项目支出绩效自评表（2022年度）") == "村级运转经费项目"


def test_nameless_form_takes_the_whole_title_and_says_so() -> None:
    rows = [
        ["单位名称", "某县市场监管局", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "得分"],
        ["产出指标", "数量指标", "抽验批次", "≥3", "7", "10"],
    ]
    title = "2021年中央对地方专项转移支付区域绩效目标自评表"
    se = read(rows, (title,))
    assert se.totals.iloc[0]["project"] == title
    assert len(se.indicators) == 1
    [message] = se.findings.loc[se.findings["code"] == "project_from_title", "message"]
    assert "标题全文" in message and title in message


def test_contact_beside_the_name_is_no_signature_line() -> None:
    rows = [
        ["项目名称", "公厕保洁", "联系电话", "0731-1234567", "", ""],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "得分"],
        ["产出指标", "数量指标", "公厕座数", "30座", "30座", "10"],
    ]
    se = read(rows, ("项目支出绩效自评表",))
    assert se.totals.iloc[0]["project"] == "公厕保洁"
    assert "project_from_file_name" not in set(se.findings["code"])


def test_header_falling_short_says_what_was_found() -> None:
    rows = [
        ["项目名称", "公厕保洁", "", ""],
        ["一级指标", "二级指标", "三级指标", "备注"],
        ["产出指标", "数量指标", "公厕座数", ""],
    ]
    se = read(rows, ("项目支出绩效自评表",))
    shortfall = "表头只识别出 一级指标、二级指标、三级指标，缺少"
    assert se.findings["message"].str.contains(shortfall).any()
    within = [
        ["项目名称", "公厕保洁", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "备注", "", ""],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "得分"],
        ["产出指标", "数量指标", "公厕座数", "30座", "30座", "10"],
    ]
    found = read(within, ("项目支出绩效自评表",)).findings
    assert (found["code"] == "header_incomplete").any()


def test_the_table_outweighs_a_paragraph_hint() -> None:
    target = table(
        [
            ["项目名称", "公厕保洁", "", ""],
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "公厕座数", "30座"],
        ]
    )
    hint = [Paragraph("附件：项目支出绩效自评表", Source("a.docx", line=1))]
    assert not is_selfeval_form(target, hint)
    selfeval = table(
        [
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"],
            ["产出指标", "数量指标", "公厕座数", "30座", "30座"],
        ]
    )
    assert is_selfeval_form(selfeval, [Paragraph("绩效目标表", Source("a.docx", line=1))])


def test_traditional_characters_and_old_central_template() -> None:
    rows = [
        ["項目名稱", "自管道路清掃保潔外包", "", "", "", "", ""],
        [
            "",
            "年初預算數(A)",
            "全年預算數",
            "全年執行數(B)",
            "分值(10分)",
            "預算執行率(B/A×100%)",
            "得分",
        ],
        ["年度資金總額", "310.2", "310.2", "154.74", "10", "50%", "5"],
        ["一級指標", "二級指標", "三級指標", "年度指標值", "實際完成值", "分值", "得分"],
        ["產出指標(50分)", "數量指標", "保潔面積", "≥20萬平方米", "20萬平方米", "20", "20"],
    ]
    se = read(rows, ("項目支出績效自評表（2016年度）",))
    total = se.funding.iloc[0]
    assert total[["budget_initial", "executed", "weight", "rate", "score"]].tolist() == [
        310.2,
        154.74,
        10,
        0.5,
        5,
    ]
    row = se.indicators.iloc[0]
    assert (row["level1"], row["level1_weight"], row["score"]) == ("产出指标", 50, 20)
    assert se.totals.iloc[0]["year"] == 2016


def test_project_name_from_the_heading_paragraph() -> None:
    rows = [
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "得分"],
        ["产出指标", "数量指标", "培训人次", "≥100人次", "120人次", "10"],
    ]
    se = read(rows, ("2022年度项目支出绩效自评表", "项目名称：农技培训"))
    assert se.totals.iloc[0]["project"] == "农技培训"
    assert "project_from_heading" in set(se.findings["code"])


ZOO = Path(__file__).resolve().parents[1] / "zoo" / "forms"


@pytest.mark.parametrize(
    "form_id", ["d08-yunnan-changning-2022-selfeval", "d09-sichuan-anju-2021-selfeval"]
)
def test_dev_zoo_forms_account_for_every_value(form_id: str) -> None:
    path = next((ZOO / form_id).glob("form.*"))
    se = load_selfeval(path)
    assert len(se.totals) == 1 and len(se.indicators) >= 9
    assert_accounted(se)


def test_yinchuan_layout_rubric_rows_weights_in_labels_and_placeholders() -> None:
    """银川市本级 2021: 自评得分 beside the fields, 调整预算数(A), 参考分值 | 指标值(A) |
    全年实际值(B), 项目决策/项目管理 rubric rows first, points in 一级 and 二级 labels, and
    template rows ``指标2:`` left empty."""
    rows = [
        ["项目名称", "初中公用经费", "主管部门", "银川市教育局", "自评得分", "98", "", ""],
        [
            "项目资金(万元)",
            "",
            "年初预算数",
            "调整预算数(A)",
            "全年执行数(B)",
            "执行率(B/A)",
            "",
            "",
        ],
        ["", "年度资金总额", "64.8", "64.8", "64.8", "100%", "", ""],
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "参考分值",
            "指标值(A)",
            "全年实际值(B)",
            "得分",
            "未完成原因分析及改进措施",
        ],
        ["项目决策(10分)", "项目目标", "目标完整性", "4", "—", "目标明确、内容细化", "4", ""],
        ["项目产出(30分)", "数量指标(10分)", "保障人数", "10", "2370人", "2370人", "10", ""],
        ["", "", "指标2:", "", "", "", "", ""],
        ["", "时效指标(5分)", "公用经费完成时间", "5", "2021年12月完成", "2021年12月完成", "4", ""],
    ]
    se = read(rows, ("银川市本级部门项目支出绩效自评表(2021年)",))
    assert se.totals.iloc[0]["total_score"] == 98
    assert se.funding.iloc[0][["budget_initial", "budget_full", "executed", "rate"]].tolist() == [
        64.8,
        64.8,
        64.8,
        1.0,
    ]
    rows_read = se.indicators
    assert rows_read["indicator"].tolist() == ["目标完整性", "保障人数", "公用经费完成时间"]
    assert rows_read["actual"].tolist()[1:] == ["2370人", "2021年12月完成"]
    assert rows_read["weight"].tolist() == [4, 10, 5]
    assert rows_read["level2"].tolist()[1:] == ["数量指标", "时效指标"]
    assert "template_placeholder" in set(se.findings["code"])
    assert "level1_unknown" in set(se.findings["code"])  # 项目决策 kept as printed, flagged
    assert_accounted(se)


def test_a_target_form_with_last_years_actual_is_no_selfeval_form() -> None:
    """2021年实际实现值 | 预期2022年实现值 is a target template: a baseline, then the target."""
    assert indicator_role("2021年实际实现值") == "baseline"
    assert indicator_role("预期2022年实现值") == "target"
    target = table(
        [
            ["一级指标", "二级指标", "三级指标", "2021年实际实现值", "预期2022年实现值"],
            ["产出指标", "数量指标", "公厕座数", "28座", "30座"],
        ]
    )
    assert not is_selfeval_form(target, [Paragraph("项目支出绩效自评表", Source("a", line=1))])
