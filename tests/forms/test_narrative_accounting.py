"""Narrative paragraphs are never lost silently (issue “Trust, round two”).

Every paragraph outside the tables ends in a tidy table (role ``value``), is framing read as
``context`` (titles, units, notes, the wording of the numbered items) or is in ``findings``
with a Chinese message naming the file and the paragraph (role ``reported``). The forms are
small .docx files built here with python-docx.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pandas as pd
from docx.oxml.ns import qn
from docx.oxml.shared import OxmlElement

from kpi_analysis import load
from kpi_analysis.outputs.writers import write_target_forms_docx
from kpi_analysis.readers import read_document
from kpi_analysis.readers.grid import Paragraph

NAME = "示例审核工作"
NARRATIVE = [
    "某市编办2021年项目及绩效目标情况",
    f"1.“{NAME}”项目。",
    f"（1）项目概述：{NAME}。",
    "（2）立项依据：《关于印发某办法的通知》（某编〔2020〕1号）。",
    "（3）起止时间：2021年1月1日至2023年12月31日。",
    "（4）项目内容：负责机构编制审核，",
    "做好编制周转池工作。",
    "（5）年度预算安排：30万元。",
    "（6）绩效目标和指标：详见下表。",
    "单位：万元",
]


def form_rows(name: str = NAME) -> list[list[str]]:
    return [
        ["项目名称", name, "主管部门", "某市编办"],
        ["年度资金总额（万元）", "30", "其中：财政拨款", "30"],
        ["年度目标", "目标1：完成机构编制审核。", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "审核次数", "≥4次"],
        ["效益指标", "社会效益指标", "服务满意度", "≥90%"],
    ]


def build(path: Path, *parts: list[str] | list[list[str]]) -> Path:
    """A .docx of paragraphs (a list of strings) and tables (a list of rows), in order."""
    document = docx.Document()
    for part in parts:
        if part and isinstance(part[0], list):
            table = document.add_table(rows=len(part), cols=len(part[0]))
            for r, row in enumerate(part):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
        else:
            for text in part:
                document.add_paragraph(text)
    document.save(str(path))
    return path


def paragraph_roles(ds) -> dict[str, str]:
    cells = ds.cells[~ds.cells["source"].str.contains("table=")]
    return dict(zip(cells["source"], cells["role"], strict=True))


def findings(ds, code: str) -> pd.DataFrame:
    return ds.findings[ds.findings["code"] == code]


def test_a_clean_form_accounts_every_paragraph_without_findings(tmp_path) -> None:
    path = build(tmp_path / "form.docx", NARRATIVE, form_rows())
    ds = load(path)
    assert ds.findings.empty, ds.findings.to_string()
    doc = read_document(path)
    sources = [str(b.source) for b in doc.blocks if isinstance(b, Paragraph)]
    roles = paragraph_roles(ds)
    assert sorted(roles) == sorted(sources) and len(sources) == len(NARRATIVE)
    cells = ds.cells.set_index("source")
    assert cells.loc["form.docx#line=1", "role"] == "context"  # the title
    assert cells.loc["form.docx#line=10", "role"] == "context"  # 单位：万元
    # the text after the label is what reached the projects table
    assert cells.loc["form.docx#line=4", ["text", "role"]].tolist() == [
        ds.projects["basis"].iloc[0],
        "value",
    ]
    assert ds.projects["content"].iloc[0] == "负责机构编制审核，做好编制周转池工作。"
    assert cells.loc["form.docx#line=7", ["text", "role"]].tolist() == [
        "做好编制周转池工作。",
        "value",
    ]
    assert ds.projects["start"].iloc[0] == "2021-01-01"


def test_an_extra_numbered_item_is_reported(tmp_path) -> None:
    extra = "（7）其他说明：资金由单位自筹补足。"
    path = build(tmp_path / "extra.docx", [*NARRATIVE[:-1], extra], form_rows())
    ds = load(path)
    (row,) = findings(ds, "narrative_item_unknown").itertuples()
    assert row.text == extra and row.severity == "warning"
    assert row.message.startswith("extra.docx 第 10 段：")
    assert paragraph_roles(ds)[row.source] == "reported"
    assert len(ds.projects) == 1 and ds.projects["annual_budget_wan"].iloc[0] == 30


def test_a_changed_summary_is_reported(tmp_path) -> None:
    changed = [
        t.replace(f"项目概述：{NAME}。", "项目概述：为全市机构改革提供保障。") for t in NARRATIVE
    ]
    ds = load(build(tmp_path / "summary.docx", changed, form_rows()))
    (row,) = findings(ds, "narrative_not_tabled").itertuples()
    assert row.text == "（1）项目概述：为全市机构改革提供保障。"
    assert row.message.startswith("summary.docx 第 3 段：")
    # a renamed label is an item this reader does not know: reported, not merged
    renamed = [t.replace("项目概述", "项目简述") for t in NARRATIVE]
    ds = load(build(tmp_path / "renamed.docx", renamed, form_rows()))
    assert findings(ds, "narrative_item_unknown")["text"].tolist() == [f"（1）项目简述：{NAME}。"]


def test_a_paragraph_between_tables_is_reported_unless_it_is_a_note(tmp_path) -> None:
    between = ["注：以上为第一个项目。", "该项目年中追加资金10万元，用于购置设备。"]
    second = [t.replace(NAME, "第二项工作").replace("1.“", "2.“") for t in NARRATIVE[1:]]
    path = build(
        tmp_path / "two.docx", NARRATIVE, form_rows(), between, second, form_rows("第二项工作")
    )
    ds = load(path)
    assert ds.projects["project"].tolist() == [NAME, "第二项工作"]
    (row,) = findings(ds, "paragraph_not_used").itertuples()
    assert row.text == between[1] and row.message.startswith("two.docx 第 12 段：")
    roles = paragraph_roles(ds)
    assert roles["two.docx#line=11"] == "context" and roles["two.docx#line=12"] == "reported"
    assert len(ds.findings) == 1
    # after the last table too
    ds = load(build(tmp_path / "after.docx", NARRATIVE, form_rows(), between))
    assert findings(ds, "paragraph_not_used")["text"].tolist() == [between[1]]


def test_a_heading_naming_another_project_is_reported(tmp_path) -> None:
    other = [t.replace(f"“{NAME}”", "“另一项工作”") for t in NARRATIVE]
    ds = load(build(tmp_path / "heading.docx", other, form_rows()))
    (row,) = findings(ds, "project_name_mismatch").itertuples()
    assert "另一项工作" in row.message and NAME in row.message
    assert row.message.startswith("heading.docx 第 2 段：")
    assert ds.projects["project"].tolist() == [NAME]  # the table's name is kept
    # the 项目概述 repeats the table's name: it is not reported as lost
    assert findings(ds, "narrative_not_tabled").empty


def test_hidden_text_is_kept_out_but_reported(tmp_path) -> None:
    document = docx.Document()
    for text in NARRATIVE:
        paragraph = document.add_paragraph(text)
        if text.startswith("（5）"):
            paragraph.add_run("隐藏的批注").font.hidden = True
            visible = paragraph.add_run("可见")
            vanish = OxmlElement("w:vanish")
            vanish.set(qn("w:val"), "0")  # switched off: shown
            visible._r.get_or_add_rPr().append(vanish)
    rows = form_rows()
    table = document.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(2, 1).paragraphs[0].add_run("（旧目标）").font.hidden = True
    path = tmp_path / "hidden.docx"
    document.save(str(path))
    ds = load(path)
    assert sorted(findings(ds, "hidden_text")["text"]) == ["隐藏的批注", "（旧目标）"]
    assert set(findings(ds, "hidden_text")["severity"]) == {"warning"}
    assert not ds.cells["text"].str.contains("隐藏|旧目标").any()
    assert "（5）年度预算安排：30万元。可见" not in set(ds.cells["text"])  # the value part only
    assert ds.projects["annual_budget_wan"].iloc[0] == 30
    assert ds.goals["goal"].tolist() == ["完成机构编制审核。"]


def test_the_forms_this_package_writes_read_back_without_paragraph_findings(
    source_path, tmp_path
) -> None:
    original = load(source_path)
    path = write_target_forms_docx(original, tmp_path / "written.docx", title="某市编办项目情况")
    back = load(path)
    assert set(back.findings["code"]) == {"attribute_unmarked"}
    roles = paragraph_roles(back)
    written = [b for b in read_document(path).blocks if isinstance(b, Paragraph)]
    assert sorted(roles) == sorted(str(p.source) for p in written) and len(written) > 30
    assert set(roles.values()) == {"context", "value"}
