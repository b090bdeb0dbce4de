"""The 绩效目标表 interpreter on small hand-made grids."""

from __future__ import annotations

import pytest

from kpi_analysis.forms.document import interpret_document
from kpi_analysis.forms.fields import parse_attribute, split_goals, split_indicator
from kpi_analysis.readers.text import parse_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" □新增项目     延续项目", "延续项目"),
        ("新增项目     延续项目", None),
        ("■新增项目 □延续项目", "新增项目"),
        ("新增项目☑ 延续项目□", "新增项目"),
        ("√延续项目 □新增项目", "延续项目"),
        ("持续性项目■ 新增性项目口", "持续性项目"),
        ("□新增项目 □延续项目", None),
    ],
)
def test_attribute_check_marks(text: str, expected: str | None) -> None:
    assert parse_attribute(text) == expected


def test_indicator_prefix_and_number() -> None:
    assert split_indicator(" 指标1：审核") == (1, "审核")
    assert split_indicator("指标12:名称") == (12, "名称")
    assert split_indicator("指标1：") == (1, "")
    assert split_indicator("指标1：：优化") == (1, "：优化")
    assert split_indicator("无编号名称") == (None, "无编号名称")


def test_goals_split_at_markers() -> None:
    text = "\n目标1：甲事项。\n 目标2：乙\n事项。"
    assert split_goals(text) == [(1, "甲事项。"), (2, "乙事项。")]
    assert split_goals("单一目标") == [(1, "单一目标")]
    assert split_goals("  ") == []


def _form(indicator_rows: str) -> str:
    header = (
        "1.“测试”项目。\n"
        "\t项目名称\n\t测试\n\n"
        "\t项目资金\n（元）\n\t年度资金总额：\n\t200000\n\n"
        "\t\n\t其中：财政拨款\n\t150000\n\n"
        "\t\n\t其他资金\n\t50000\n\n"
        "\t绩效指标\n\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\n"
    )
    return header + indicator_rows


def test_single_side_form_in_yuan() -> None:
    rows = "\t\n\t产出指标\n\t数量指标\n\t指标1：甲\n\t≥5个\n\n\t\n\t\n\t\n\t指标2：乙\n\t10次\n\n"
    out = interpret_document(parse_text(_form(rows), "f.txt"))
    assert [r["amount_wan"] for r in out.funding] == [20, 15, 5]
    assert {r["period"] for r in out.funding} == {"annual"}
    assert [(r["level2"], r["indicator_no"], r["target"]) for r in out.indicators] == [
        ("数量指标", 1, "≥5个"),
        ("数量指标", 2, "10次"),
    ]


def test_numbering_restart_opens_a_group_named_by_a_later_label() -> None:
    rows = (
        "\t\n\t产出指标\n\t数量指标\n\t指标1：甲\n\t1次\n\n"
        "\t\n\t\n\t\n\t指标1：乙\n\t及时\n\n"
        "\t\n\t\n\t时效指标\n\t指标2：丙\n\t年底前\n\n"
    )
    out = interpret_document(parse_text(_form(rows), "f.txt"))
    assert [(r["indicator"], r["level2"]) for r in out.indicators] == [
        ("甲", "数量指标"),
        ("乙", "时效指标"),
        ("丙", "时效指标"),
    ]


def test_unknown_level_is_kept_and_reported() -> None:
    rows = "\t\n\t过程指标\n\t资金管理\n\t指标1：甲\n\t合规\n\n"
    out = interpret_document(parse_text(_form(rows), "f.txt"))
    codes = {f["code"] for f in out.recorder.findings}
    assert "level_not_target" in codes and "level2_unknown" in codes
    assert out.indicators[0]["level1"] == "过程指标"


def test_bad_amount_is_an_error_finding_naming_the_cell() -> None:
    text = _form("").replace("\t200000", "\t二十万")
    out = interpret_document(parse_text(text, "f.txt"))
    bad = [f for f in out.recorder.findings if f["code"] == "bad_amount"]
    assert len(bad) == 1 and bad[0]["source"].startswith("f.txt#table=1,row=2")
