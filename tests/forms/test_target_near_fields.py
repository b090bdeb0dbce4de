"""A target form's field label misprinted by one character (主管部问, 实施单粒, 项目名秤) is read
as the label when a value that fits the field stands beside it, with a ``label_near_match``
finding; ordinary words, indicator names and near labels whose value does not fit stay
unread. The same rule (:func:`~kpi_analysis.forms.fields.near_field_beside`) serves the
self-evaluation reader."""

from __future__ import annotations

import pytest
from test_reading_mechanisms import accounted, document

from kpi_analysis.forms.document import interpret_document
from kpi_analysis.forms.fields import FIELD_LABELS, near_field_beside
from kpi_analysis.readers.grid import Document

INDICATORS = (
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标", "培训人次", "≥100人次"],
)


def misprint(label: str, at: int, char: str = "粒") -> str:
    """``label`` with the character at ``at`` replaced (a non-word OCR misprint)."""
    return label[:at] + char + label[at + 1 :]


def form(*fields: list[str]) -> Document:
    return document(*fields, *INDICATORS)


def near_findings(doc: Document) -> list[str]:
    out = interpret_document(doc)
    return [f["message"] for f in out.recorder.findings if f["code"] == "label_near_match"]


def project(doc: Document) -> dict:
    projects = interpret_document(doc).projects
    assert len(projects) == 1
    return projects[0]


@pytest.mark.parametrize(
    ("label", "field", "value"),
    [
        ("主管部门", "department", "某县教育局"),
        ("实施单位", "implementer", "某县第一中学"),
        ("项目名称", "project", "校舍维修改造"),
    ],
)
def test_a_misprinted_field_label_beside_a_value_is_read_with_a_finding(
    label: str, field: str, value: str
) -> None:
    for at in (0, len(label) - 1):
        printed = misprint(label, at)
        assert printed not in FIELD_LABELS
        rows = [["项目名称", "校舍维修改造", "", ""]] if field != "project" else []
        doc = form(*rows, [printed, value, "", ""])
        assert project(doc)[field] == value, printed
        messages = near_findings(doc)
        assert len(messages) == 1 and printed in messages[0] and label in messages[0]
        assert accounted(doc)


def test_exact_labels_need_no_near_match() -> None:
    doc = form(["项目名称", "校舍维修改造", "主管部门", "某县教育局"])
    assert project(doc)["department"] == "某县教育局"
    assert near_findings(doc) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("群众满意度", "≥95%"),  # an indicator name with its target
        ("资金到位率", "100%"),
        ("项目类别", "专项"),  # a label of its own, not 项目类型 misprinted
        ("银川市第六中学", "某县教育局"),  # free text
        ("项目实施地", "某县某镇"),  # one off 项目实施期, but a place is no period
    ],
)
def test_words_and_names_beside_a_value_are_no_field_labels(text: str, value: str) -> None:
    doc = form(["项目名称", "校舍维修改造", "", ""], [text, value, "", ""])
    read = project(doc)
    assert value not in {read.get(k) for k in ("department", "implementer", "project")}
    assert near_findings(doc) == []


def test_a_near_label_beside_a_label_or_nothing_is_not_read() -> None:
    assert near_field_beside("主管部问", "实施单位") is None  # a label is no value
    assert near_field_beside("主管部问", "实施单粒") is None  # nor is a misprinted one
    assert near_field_beside("主管部问", "") is None
    doc = form(["项目名称", "校舍维修改造", "", ""], ["主管部问", "", "", ""])
    assert not project(doc).get("department")
    assert near_findings(doc) == []


def test_a_term_label_misprinted_beside_a_period_is_read() -> None:
    assert near_field_beside("项目实施朝", "2021年-2023年") == ("term", "项目实施期")
    assert near_field_beside("项目实施朝", "某县某镇") is None
