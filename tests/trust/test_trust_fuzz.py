"""Property-based fuzzing of the real form as Word and Excel files, mutated in their XML.

The source document is rebuilt as a .docx and an .xlsx with real merged cells; hypothesis
then deletes, duplicates, re-nests and re-attributes elements of the main XML part
(table rows and cells, merges, spans, cell references, shared-string indices, formulas).
Every mutant must load — with findings — or be refused with an error naming the file; no
exception may escape, no reader or interpreter bug may hide behind an “internal error”
finding, and every non-empty cell read must be accounted for. The budget is fixed
(40 examples per test, a few seconds), so the suite's run time stays bounded; set
``KPI_FUZZ_EXAMPLES=1000`` for a longer hunt (800 per test ran clean in 2½ minutes).
"""

from __future__ import annotations

import copy
import os
import zipfile
from pathlib import Path

from builders import docx_from_document, rewrite_zip_member, xlsx_from_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from kpi_analysis import load
from kpi_analysis.errors import KpiError
from kpi_analysis.readers import read_document
from kpi_analysis.readers.text import read_text

SOURCE = Path(__file__).resolve().parents[2] / "data" / "raw" / "000_2504e2a5ee8feded.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
FUZZ = settings(
    max_examples=int(os.environ.get("KPI_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


_FIXTURES: dict[str, tuple[Path, str, bytes]] = {}


def fixture(kind: str, factory) -> tuple[Path, str, bytes]:
    """(file, main part, its XML) of the source document as a Word or Excel file (cached)."""
    if kind not in _FIXTURES:
        folder = factory.mktemp(f"fuzz-{kind}")
        doc = read_text(SOURCE)
        if kind == "docx":
            path = docx_from_document(doc, folder / "form.docx", merge_labels=True)
            part = "word/document.xml"
        else:
            path = xlsx_from_document(doc, folder / "form.xlsx", merge_labels=True)
            part = "xl/worksheets/sheet1.xml"
        _FIXTURES[kind] = (path, part, zipfile.ZipFile(path).read(part))
    return _FIXTURES[kind]


WORD_TAGS = [W + t for t in ("tbl", "tr", "tc", "p", "gridSpan", "vMerge", "gridBefore", "tcPr")]
EXCEL_TAGS = [S + t for t in ("row", "c", "mergeCell", "v", "is", "mergeCells")]
ATTRIBUTES = {
    W + "gridSpan": (W + "val", ["0", "-1", "2", "63", "9999", "x", ""]),
    W + "vMerge": (W + "val", ["restart", "continue", "", "x"]),
    W + "gridBefore": (W + "val", ["0", "3", "-2", "500", "y"]),
    S + "mergeCell": ("ref", ["A1:XFD1", "B2:A1", "A1:A1048576", "Z9:Z9", "A1", "bad"]),
    S + "c": ("r", ["A1", "XFD1048576", "ZZZZ1", "B0", "", "A-1"]),
    S + "row": ("r", ["1", "0", "1048576", "-3", "x"]),
}

operation = st.tuples(
    st.sampled_from(["delete", "duplicate", "attribute", "move", "text", "formula"]),
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.integers(0, 10**6),
)


def mutate(xml: bytes, tags: list[str], ops: list[tuple[str, int, int, int]]) -> bytes:
    root = etree.fromstring(xml)
    for op, a, b, c in ops:
        elements = [el for el in root.iter(*tags) if el.getparent() is not None]
        if not elements:
            break
        el = elements[a % len(elements)]
        parent = el.getparent()
        if op == "delete":
            parent.remove(el)
        elif op == "duplicate":
            el.addnext(copy.deepcopy(el))
        elif op == "attribute" and el.tag in ATTRIBUTES:
            name, values = ATTRIBUTES[el.tag]
            el.set(name, values[b % len(values)])
        elif op == "move":
            other = elements[b % len(elements)]
            if el is not other and el not in other.iterancestors():
                other.append(el)  # e.g. a table into a cell: nesting, or a row into a row
        elif op == "text":
            texts = [t for t in el.iter(W + "t", S + "t", S + "v")]
            if texts:
                texts[b % len(texts)].text = ["", "=1+1", "　", "9" * 40, "#REF!", "x\ny"][c % 6]
        elif op == "formula" and el.tag == S + "c":
            for child in list(el):
                el.remove(child)
            etree.SubElement(el, S + "f").text = "SUM(A1:A2)"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def check_mutant(path: Path) -> None:
    ds = load(path)  # must not raise: problems become findings
    internal = ds.findings[ds.findings["message"].str.contains("内部错误", na=False)]
    assert internal.empty, internal.to_dict("records")
    try:
        doc = read_document(path)
    except KpiError as error:
        assert error.file == path.name
        assert "file_unreadable" in set(ds.findings["code"])
        return
    accounted = set(ds.cells["source"])
    assert [str(c.source) for c in doc.non_empty_cells() if str(c.source) not in accounted] == []


@FUZZ
@given(ops=st.lists(operation, min_size=1, max_size=8))
def test_mutated_word_forms_load_or_report(tmp_path_factory, ops) -> None:
    path, part, xml = fixture("docx", tmp_path_factory)
    mutant = mutate(xml, WORD_TAGS, ops)
    out = tmp_path_factory.mktemp("docx") / "mutant.docx"
    check_mutant(rewrite_zip_member(path, part, mutant, out))


@FUZZ
@given(ops=st.lists(operation, min_size=1, max_size=8))
def test_mutated_excel_forms_load_or_report(tmp_path_factory, ops) -> None:
    path, part, xml = fixture("xlsx", tmp_path_factory)
    mutant = mutate(xml, EXCEL_TAGS, ops)
    out = tmp_path_factory.mktemp("xlsx") / "mutant.xlsx"
    check_mutant(rewrite_zip_member(path, part, mutant, out))


def test_the_unmutated_fixtures_load_the_five_projects(tmp_path_factory) -> None:
    for kind in ("docx", "xlsx"):
        path, _, _ = fixture(kind, tmp_path_factory)
        assert len(load(path).projects) == 5
