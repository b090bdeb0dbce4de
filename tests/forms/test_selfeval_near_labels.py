"""Misprinted labels of a self-evaluation form (OCR copies, zoo d57): a label one character
off a known label is read as that label where the grid expects a label, with a finding;
the same text elsewhere (indicator names, values) stays as printed."""

from __future__ import annotations

from test_selfeval_layouts import assert_accounted, read

from kpi_analysis.readers.grid import Cell, Document, Source, Table
from kpi_analysis.tables.selfeval import selfeval_from_documents

INDICATORS = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["产出指标", "数量指标", "保障人数", "2370人", "2370人", "10", "10"],
]


def _near(se) -> list[str]:
    return list(se.findings.loc[se.findings["code"] == "label_near_match", "message"])


def test_misprinted_field_label_beside_its_value() -> None:
    rows = [
        ["项目名称", "初中公用经费", "主管部门", "某市教育局", "", "", ""],
        ["实施第位", "某市第六中学", "", "", "", "", ""],
        *INDICATORS,
    ]
    se = read(rows, ("项目支出绩效自评表(2021年)",))
    assert se.totals.iloc[0]["implementer"] == "某市第六中学"
    [message] = _near(se)
    assert "表1第2行" in message and se.findings["source"].str.startswith("form.docx#").all()
    assert "「实施第位」按「实施单位」读取" in message
    assert_accounted(se)


def test_misprint_without_a_value_or_among_indicators_stays_unread() -> None:
    rows = [
        ["项目名称", "初中公用经费", "", "", "", "", ""],
        ["实施第位", "", "", "", "", "", ""],  # no value beside it: nothing says it is a label
        INDICATORS[0],
        ["产出指标", "数量指标", "实施第位", "1所", "1所", "10", "10"],  # an indicator name
    ]
    se = read(rows, ("项目支出绩效自评表(2021年)",))
    assert se.totals["implementer"].isna().all()
    assert list(se.indicators["indicator"]) == ["实施第位"]
    assert _near(se) == []


def test_a_label_of_its_own_is_no_misprint() -> None:
    rows = [["项目名称", "某项目", "", ""], ["项目类别", "专项业务类", "", ""], *INDICATORS]
    se = read([r + [""] * (7 - len(r)) for r in rows], ("项目支出绩效自评表",))
    assert _near(se) == []  # 项目类别 is one character off 项目类型, but a known label


def test_two_misprints_are_not_read() -> None:
    rows = [["项目名称", "初中公用经费", "", ""], ["实第第位", "某中学", "", ""], *INDICATORS]
    se = read([r + [""] * (7 - len(r)) for r in rows], ("项目支出绩效自评表",))
    assert se.totals["implementer"].isna().all()
    assert _near(se) == []


def _merged_funding_table(path: str = "form.docx") -> Table:
    """年度资金总额 merged over the header and value rows of the funding block (d57)."""
    texts = [
        ["项目名称", "初中公用经费", "", "", "", ""],
        [
            "项目资金(万元)",
            "年度资金总额",
            "年初预匏数",
            "调整预算将,A、",
            "全年执行数(B)",
            "执行率",
        ],
        ["", "", "64.8", "60", "58", "96.7%"],
        *[r[:6] for r in INDICATORS],
    ]
    rows = []
    for r, row in enumerate(texts, 1):
        cells = []
        for c, text in enumerate(row, 1):
            source = Source(path, table=1, row=r, col=c)
            if r == 2 and c <= 2:
                cells.append(Cell(text, source, row_span=2))
            elif r == 3 and c <= 2:
                cells.append(Cell("", source, continued=True))
            else:
                cells.append(Cell(text, source))
        rows.append(cells)
    return Table(index=1, rows=rows)


def test_misprinted_funding_header_and_line_label_merged_down() -> None:
    doc = Document(path="form.docx", blocks=[_merged_funding_table()])
    se = selfeval_from_documents([doc])
    [line] = se.funding.to_dict("records")
    assert line["category"] == "total" and line["label"] == "年度资金总额"
    assert (line["budget_initial"], line["budget_full"], line["executed"]) == (64.8, 60, 58)
    messages = _near(se)
    assert any("「年初预匏数」按「年初预算数」读取" in m for m in messages)
    assert any("按「调整预算数」读取" in m for m in messages)
