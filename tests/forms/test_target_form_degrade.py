"""Degrade, never drop: a 绩效目标表 without a 项目名称 cell still yields its rows and a finding."""

from __future__ import annotations

from kpi_analysis.forms.document import interpret_document
from kpi_analysis.readers.text import parse_text

BODY = (
    "\t项目资金\n（元）\n\t年度资金总额：\n\t200000\n\n"
    "\t绩效指标\n\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\n"
    "\t\n\t产出指标\n\t数量指标\n\t指标1：甲\n\t≥5个\n\n"
)


def _codes(out: object) -> dict[str, str]:
    """Finding code → message of a document's findings."""
    return {f["code"]: f["message"] for f in out.recorder.findings}  # type: ignore[attr-defined]


def test_name_from_the_title_paragraph() -> None:
    out = interpret_document(parse_text("2021年档案数字化项目支出绩效目标表\n" + BODY, "f.txt"))
    assert [p["project"] for p in out.projects] == ["档案数字化项目"]
    assert [r["target"] for r in out.indicators] == ["≥5个"]
    assert "标题段落" in _codes(out)["project_name_inferred"]


def test_name_from_the_file_name_with_a_warning() -> None:
    out = interpret_document(parse_text(BODY, "某单位2022年培训项目.txt"))
    assert [p["project"] for p in out.projects] == ["某单位2022年培训项目"]
    assert len(out.indicators) == 1
    assert "文件名" in _codes(out)["project_name_inferred"]
