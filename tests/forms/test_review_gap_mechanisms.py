"""Gaps a review found in the readers, each closed by its mechanism on a small grid.

Tagged indicators settle their 一级 and 二级 the way a table's block does; a bracketed unit
alone reads as a value cell holding only that unit does; every reader asks one recogniser
for the money unit a form states and converts 元, 千元, 万元 and 亿元 with one table; a
project list names a project's department after the unit its code names, never a category
row printing the same code; a self-evaluation document accounts for its paragraphs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_reading_mechanisms import accounted, document
from test_round5_mechanisms import FORM, LISTING, with_paragraphs
from test_selfeval_layouts import HEAD, read

from kpi_analysis.forms.context import context_kind
from kpi_analysis.forms.document import interpret_document
from kpi_analysis.forms.funding import FundingBlock
from kpi_analysis.forms.recorder import Recorder
from kpi_analysis.forms.selfeval.values import parse_number
from kpi_analysis.tables.targets import load_documents
from kpi_analysis.text.headwords import parse_amount
from kpi_analysis.text.money import WAN_PER_UNIT, stated_unit, unit_line


def findings(doc, code: str) -> list[dict[str, str]]:
    return [f for f in interpret_document(doc).recorder.findings if f["code"] == code]


# -- 1. tagged indicators take the block's path: 一级 from 二级, a missing 二级 reported ----------
def test_a_tagged_level2_tag_gives_its_level1_and_a_level1_tag_reports_the_missing_level2() -> None:
    cell = (
        "【数量指标】\n指标1:设备数量(≥5台)\n【产出指标】\n指标1:设备质量(合格)\n"
        "【满意度指标-服务对象满意度指标】\n指标1:满意度(≥90%)"
    )
    doc = document(LISTING[0], ["", "  甲项目", "30", "", cell])
    out = interpret_document(doc)
    got = [(r["level1"], r["level2"], r["indicator"]) for r in out.indicators]
    assert got == [
        ("产出指标", "数量指标", "设备数量"),
        ("产出指标", None, "设备质量"),
        ("满意度指标", "服务对象满意度指标", "满意度"),
    ]
    inferred = findings(doc, "level1_inferred")
    assert [f["text"] for f in inferred] == ["设备数量"]
    assert [f["text"] for f in findings(doc, "level2_missing")] == ["设备质量"]
    assert accounted(doc)


def test_tagged_lines_without_numbers_are_numbered_like_table_rows() -> None:
    cell = "【产出指标-数量指标】\n设备数量(≥5台)\n培训人数(≥100人)"
    out = interpret_document(document(LISTING[0], ["", "  甲项目", "30", "", cell]))
    assert [(r["indicator_no"], r["indicator"]) for r in out.indicators] == [
        (1, "设备数量"),
        (2, "培训人数"),
    ]


# -- 2. a bracketed unit alone reads as a value cell holding only the unit -------------------------
def test_a_tagged_unit_alone_reads_as_a_table_value_cell_holding_the_unit() -> None:
    tagged = document(
        LISTING[0], ["", "  甲项目", "30", "", "【产出指标-数量指标】\n指标1:设备数量(台)"]
    )
    table = document(
        ["项目名称", "甲项目", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "设备数量", "台"],
    )
    read = [load_documents([(Path("m.docx"), d)]).indicators.iloc[0] for d in (tagged, table)]
    columns = ["indicator", "target", "kind"]
    assert [r[columns].tolist() for r in read] == [["设备数量", "台", "placeholder"]] * 2


# -- 3/4. one unit recogniser, one factor table ----------------------------------------------------
UNITS = [u for u in WAN_PER_UNIT if u != "万"]


@pytest.mark.parametrize("unit", UNITS)
def test_a_unit_line_a_label_and_a_list_header_convert_alike(unit: str) -> None:
    wan = float(500000 * WAN_PER_UNIT[unit])
    assert unit_line(f"单位：{unit}") == unit and context_kind(f"（金额单位：{unit}）") == "单位"
    line = interpret_document(with_paragraphs([f"单位：{unit}"], *FORM))
    assert [f["amount_wan"] for f in line.funding] == [wan]
    label = document(["项目名称", "甲项目"], [f"资金总额（{unit}）", "500000"])
    assert [f["amount_wan"] for f in interpret_document(label).funding] == [wan]
    header = [[*LISTING[0][:2], f"年度预算安排（{unit}）", *LISTING[0][3:]]]
    listing = document(*header, ["", "  甲项目", "500000", "", "保障运转"])
    assert [f["amount_wan"] for f in interpret_document(listing).funding] == [wan]
    assert not findings(listing, "unit_by_magnitude")  # the header's unit, not the magnitude


@pytest.mark.parametrize("unit", UNITS)
def test_a_unit_printed_beside_a_number_converts_in_every_reader(unit: str) -> None:
    assert parse_amount(f"500{unit}") == (500.0, unit)
    assert parse_number(f"500{unit}").unit == unit
    block = FundingBlock(Recorder())
    assert block.note_unit(f"项目资金（{unit}）") and stated_unit(f"单位:{unit}") == unit
    form = document(["项目名称", "甲项目"], ["资金总额", f"500{unit}"])
    assert [f["amount_wan"] for f in interpret_document(form).funding] == [
        float(500 * WAN_PER_UNIT[unit])
    ]


SELFEVAL_FUNDING = [
    *HEAD,
    ["项目资金", "年度资金总额", "财政拨款", "其他资金", "", "", "", ""],
    ["年初预算数", "1000000", "800000", "200000", "", "", "", ""],
    ["全年预算数", "1200000", "1000000", "200000", "", "", "", ""],
    ["全年执行数", "1100000", "900000", "200000", "", "", "", ""],
]


@pytest.mark.parametrize("unit", UNITS)
def test_a_unit_line_above_a_selfeval_table_converts_its_amounts(unit: str) -> None:
    se = read(SELFEVAL_FUNDING, ("2022年项目支出绩效自评表", f"单位：{unit}"))
    total = se.funding.set_index("category").loc["total", "budget_full"]
    assert total == pytest.approx(float(1200000 * WAN_PER_UNIT[unit]))
    assert se.totals["form_unit"].tolist() == [unit]


# -- 5. a list's department is the unit its code names ----------------------------------------
def test_a_category_row_printing_the_project_code_is_not_the_department() -> None:
    rows = (
        LISTING[0],
        ["", "某局", "92156434", "", ""],
        ["001", " 某局本级", "27955180", "", ""],
        ["001", "  其他运转类", "1681680", "", ""],
        ["001", "   机房租赁项目", "1681680", "【项目概况】:租赁", "保障机房运转"],
        ["002", " 某局直属中心", "500000", "", ""],
        ["002", "  本级项目", "500000", "", ""],
        ["002", "   培训项目", "500000", "", "完成培训"],
    )
    doc = document(*rows)
    out = interpret_document(doc)
    assert [(p["project"], p["department"]) for p in out.projects] == [
        ("机房租赁项目", "某局本级"),
        ("培训项目", "某局直属中心"),
    ]
    assert accounted(doc)


# -- 6. a self-evaluation document accounts for its paragraphs --------------------------------
def test_selfeval_paragraphs_are_context_or_reported_with_a_finding() -> None:
    paragraphs = ("附件1", "2022年项目支出绩效自评表", "单位：元", "说明：本表数据来自财务系统")
    se = read(SELFEVAL_FUNDING, paragraphs)
    roles = se.cells.set_index("source")["role"]
    lines = {f"form.docx#line={i}": roles.get(f"form.docx#line={i}") for i in range(1, 5)}
    assert lines == {
        "form.docx#line=1": "reported",  # 附件1: form meta, with its finding
        "form.docx#line=2": "context",  # the title
        "form.docx#line=3": "context",  # the unit line, applied
        "form.docx#line=4": "reported",
    }
    reported = set(roles[roles == "reported"].index)
    assert reported <= set(se.findings["source"])
