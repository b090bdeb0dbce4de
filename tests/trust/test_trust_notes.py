"""Reader notes: what a reader sees but cannot put into cells reaches the findings.

Excel: formulas without a cached value (read as empty) and hidden sheets holding values;
Word: text in text boxes. ``load`` turns ``Document.notes`` into findings — except for the
package's own actuals workbook, which ``load_actuals`` reads.
"""

from __future__ import annotations

import zipfile

import pytest
from builders import WordBuilder, rewrite_zip_member, xlsx_from_document
from openpyxl import load_workbook

from kpi_analysis import load
from kpi_analysis.cli.paths import DATA_RAW
from kpi_analysis.readers import read_document
from kpi_analysis.readers.text import read_text

V_NS = 'xmlns:v="urn:schemas-microsoft-com:vml"'
MC_NS = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
WPS_NS = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'


@pytest.fixture(scope="module")
def form_xlsx(source_path, tmp_path_factory):
    """The source document as a workbook, plus a formula cell and a hidden sheet."""
    folder = tmp_path_factory.mktemp("notes")
    path = xlsx_from_document(read_text(source_path), folder / "form.xlsx")
    book = load_workbook(path)
    book["表1"]["M3"] = "=SUM(K3:L3)"
    book["表1"]["M4"] = "=M3*2"
    hidden = book.create_sheet("备注")
    hidden["A1"] = "内部备注：资金数字待核"
    hidden.sheet_state = "hidden"
    empty = book.create_sheet("空白隐藏")
    empty.sheet_state = "veryHidden"
    book.save(path)
    return path


def test_formula_without_cached_value_is_a_note_naming_the_cells(form_xlsx) -> None:
    notes = {n["code"]: n for n in read_document(form_xlsx).notes}
    note = notes["formula_without_value"]
    assert note["source"] == "form.xlsx#sheet=表1"
    assert note["severity"] == "warning"
    assert "2 个公式没有保存计算结果" in note["message"]
    assert note["text"] == "M3 =SUM(K3:L3)；M4 =M3*2"


def test_hidden_sheet_with_values_is_a_note_empty_hidden_sheet_is_not(form_xlsx) -> None:
    hidden = [n for n in read_document(form_xlsx).notes if n["code"] == "hidden_sheet"]
    assert [(n["source"], n["severity"]) for n in hidden] == [("form.xlsx#sheet=备注", "warning")]
    assert "隐藏" in hidden[0]["message"]


def test_load_turns_the_notes_into_findings(form_xlsx) -> None:
    ds = load(form_xlsx)
    assert len(ds.projects) == 5  # the form itself still reads
    found = ds.findings.set_index("code")
    assert found.loc["formula_without_value", "source"] == "form.xlsx#sheet=表1"
    assert found.loc["formula_without_value", "text"].startswith("M3 =SUM")
    assert found.loc["hidden_sheet", "source"] == "form.xlsx#sheet=备注"
    # the hidden sheet's text itself is read (a paragraph there, reported as unused)
    assert "内部备注：资金数字待核" in set(ds.findings["text"])


def test_a_formula_with_its_cached_value_gives_no_note(form_xlsx, tmp_path) -> None:
    member = "xl/worksheets/sheet1.xml"
    xml = zipfile.ZipFile(form_xlsx).read(member)
    assert xml.count(b"<f>") == 2
    cached = xml.replace(b"<v></v>", b"<v>0</v>").replace(b"<v />", b"<v>0</v>")
    cached = cached.replace(b"</f></c>", b"</f><v>0</v></c>")
    path = rewrite_zip_member(form_xlsx, member, cached, tmp_path / "cached.xlsx")
    codes = [n["code"] for n in read_document(path).notes]
    assert codes == ["hidden_sheet"]


def test_package_actuals_workbook_notes_stay_out_of_load(repo_root) -> None:
    workbook = DATA_RAW / "actuals_example_2021-2023.xlsx"
    codes = {n["code"] for n in read_document(workbook).notes}
    assert codes == {"formula_without_value", "hidden_sheet"}  # its helper formulas, metadata
    ds = load(workbook)
    assert "not_a_target_document" in set(ds.findings["code"])
    assert not {"formula_without_value", "hidden_sheet"} & set(ds.findings["code"])


# --------------------------------------------------------------------------- Word text boxes
def _vml_box(text: str) -> str:
    return (
        f"<w:r><w:pict><v:shape {V_NS}><v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t>"
        "</w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )


def _alternate_box(text: str) -> str:
    """A DrawingML text box with its VML fallback: the same text twice in the XML."""
    box = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return (
        f'<w:r><mc:AlternateContent {MC_NS}><mc:Choice Requires="wps">'
        f"<wps:wsp {WPS_NS}><wps:txbx>{box}</wps:txbx></wps:wsp></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape {V_NS}><v:textbox>{box}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )


def test_text_box_text_is_a_note_once_per_box(tmp_path) -> None:
    path = (
        WordBuilder()
        .xml(f"<w:p><w:r><w:t>项目</w:t></w:r>{_vml_box('框内：资金已拨付')}</w:p>")
        .xml(f"<w:p>{_alternate_box('第二个 文本框')}</w:p>")
        .table([["项目名称", "甲"]])
        .save(tmp_path / "boxes.docx")
    )
    doc = read_document(path)
    assert [(n["code"], n["text"]) for n in doc.notes] == [
        ("text_box_ignored", "框内：资金已拨付"),
        ("text_box_ignored", "第二个 文本框"),
    ]
    assert doc.blocks[0].text == "项目"  # the box's text is not in the paragraph
    findings = load(path).findings
    boxes = findings[findings["code"] == "text_box_ignored"]
    assert boxes["source"].tolist() == ["boxes.docx", "boxes.docx"]
    assert set(boxes["severity"]) == {"info"}


def test_a_document_without_text_boxes_has_no_notes(source_path, tmp_path) -> None:
    from builders import docx_from_document

    path = docx_from_document(read_text(source_path), tmp_path / "plain.docx")
    assert read_document(path).notes == []
