"""Issue #14: narrative paragraphs are never lost silently.

Each paragraph ends in a tidy table or in ``findings`` with a reason, and ``Dataset.cells``
gives it a role like any table cell.
"""

from __future__ import annotations

from pathlib import Path

from builders import WordBuilder, docx_from_document

from kpi_analysis import load
from kpi_analysis.readers.grid import Document, Paragraph, Table
from kpi_analysis.readers.text import read_text

RAW = Path(__file__).resolve().parents[2] / "data" / "raw" / "000_2504e2a5ee8feded.txt"


def _load(tmp_path: Path, text: str, name: str = "form.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load(path)


def _source() -> str:
    return RAW.read_text(encoding="utf-8")


def _paragraph_roles(ds) -> dict[str, str]:
    cells = ds.cells[~ds.cells["source"].str.contains("table=")]
    return dict(zip(cells["text"], cells["role"], strict=True))


def _finding(ds, code: str) -> list[str]:
    return list(ds.findings.loc[ds.findings["code"] == code, "text"])


def test_every_paragraph_of_the_export_has_a_role(tmp_path) -> None:
    ds = _load(tmp_path, _source())
    doc = read_text(RAW)
    lines = {f"line={b.source.line}" for b in doc.blocks if isinstance(b, Paragraph)}
    cells = ds.cells[~ds.cells["source"].str.contains("table=")]
    assert {s.split("#")[1] for s in cells["source"]} == lines
    assert set(cells["role"]) == {"label", "value", "reported"}
    roles = _paragraph_roles(ds)
    assert roles["1.“机构编制管理及编制周转池改革工作”项目。"] == "label"
    assert roles["（6）绩效目标和指标：详见下表。"] == "label"
    assert roles["（3）起止时间：2021年1月1日至2023年12月31日。"] == "label"  # parsed
    basis = ds.projects["basis"].iloc[0]
    assert roles[basis] == "value"  # the text after 立项依据：, as in the projects table
    reported = {t for t, r in roles.items() if r == "reported"}
    assert reported <= set(ds.findings["text"])


def test_an_extra_numbered_item_is_reported(tmp_path) -> None:
    extra = "（7）其他说明：需要额外说明的内容。"
    text = _source().replace(
        "（6）绩效目标和指标：详见下表。", f"（6）绩效目标和指标：详见下表。\n{extra}", 1
    )
    ds = _load(tmp_path, text)
    assert _finding(ds, "narrative_item_unknown") == [extra]
    assert _paragraph_roles(ds)[extra] == "reported"
    assert len(ds.projects) == 5


def test_a_changed_summary_label_is_reported(tmp_path) -> None:
    changed = "（1）项目简述：机构编制管理及编制周转池改革工作。"
    ds = _load(tmp_path, _source().replace("（1）项目概述：", "（1）项目简述：", 1))
    assert _finding(ds, "narrative_item_unknown") == [changed]


def test_a_changed_label_after_a_known_item_is_not_merged_into_it(tmp_path) -> None:
    ds = _load(tmp_path, _source().replace("（2）立项依据：", "（2）立项根据：", 1))
    assert len(_finding(ds, "narrative_item_unknown")) == 1
    assert ds.projects["basis"].isna().iloc[0]


def test_a_summary_that_is_not_the_name_is_reported(tmp_path) -> None:
    summary = "（1）项目概述：一段不同于项目名称的概述。"
    text = _source().replace("（1）项目概述：机构编制管理及编制周转池改革工作。", summary, 1)
    ds = _load(tmp_path, text)
    assert _finding(ds, "narrative_not_tabled") == [summary]


def test_a_paragraph_between_two_tables_is_accounted_for(tmp_path) -> None:
    doc = read_text(RAW)
    blocks = list(doc.blocks)
    second = [i for i, b in enumerate(blocks) if isinstance(b, Table)][1]
    note = "注：以上为第一个项目。"
    first_table = max(i for i, b in enumerate(blocks[:second]) if isinstance(b, Table))
    blocks.insert(first_table + 1, Paragraph(note, blocks[0].source))
    path = docx_from_document(Document(doc.path, blocks), tmp_path / "between.docx")
    ds = load(path)
    assert note in _finding(ds, "paragraph_not_used")
    assert _paragraph_roles(ds)[note] == "reported"
    assert len(ds.projects) == 5


def test_a_heading_naming_another_project_is_reported(tmp_path) -> None:
    old = "1.“机构编制管理及编制周转池改革工作”项目。"
    ds = _load(tmp_path, _source().replace(old, "1.“另一个工作”项目。", 1))
    assert _finding(ds, "project_name_mismatch") == ["另一个工作"]
    assert ds.projects["project"].iloc[0] == "机构编制管理及编制周转池改革工作"
    assert _finding(_load(tmp_path, _source(), "same.txt"), "project_name_mismatch") == []


def test_hidden_text_is_kept_out_but_reported(tmp_path) -> None:
    doc = read_text(RAW)
    first = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Table))
    builder = WordBuilder()
    for block in doc.blocks[:first]:
        if block.text.startswith("（5）"):
            builder.xml(
                "<w:p><w:r><w:t>（5）年度预算安排：30万元。</w:t></w:r>"
                "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏的批注</w:t></w:r>"
                '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>可见</w:t></w:r></w:p>'
            )
        else:
            builder.paragraph(block.text)
    table = doc.blocks[first]
    builder.table([[c.text for c in row] for row in table.rows])
    ds = load(builder.save(tmp_path / "hidden.docx"))
    assert _finding(ds, "hidden_text") == ["隐藏的批注"]
    assert "（5）年度预算安排：30万元。可见" in _paragraph_roles(ds)
    assert not ds.cells["text"].str.contains("隐藏").any()
    assert ds.projects["annual_budget_wan"].iloc[0] == 30
