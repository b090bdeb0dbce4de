"""Write 项目支出绩效自评表 as a Word document (.docx) with python-docx.

One table per form on A4 landscape pages (a new page per form), laid out by
:mod:`kpi_analysis.outputs.writers.selfeval_layout`: real merged cells
(``w:gridSpan``/``w:vMerge``),
the bordered ``Table Grid`` style, fixed column widths, the title (and the example-data
notice) above the grid without borders, and the notes as paragraphs under the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.shared import Pt, RGBColor

from kpi_analysis.outputs.files import write_atomically
from kpi_analysis.outputs.safe_text import excel_safe
from kpi_analysis.outputs.writers.docx_form import (
    TITLE_SIZE,
    add_grid_table,
    align_cell,
    page_setup,
)
from kpi_analysis.outputs.writers.layout import LABEL, TITLE, VERTICAL, FormCell
from kpi_analysis.outputs.writers.selfeval_layout import (
    COLUMN_WIDTHS_CM,
    EXAMPLE_NOTICE,
    NUMBER_KINDS,
    SelfEvalLayout,
    SelfEvalSheet,
    as_form_list,
    selfeval_layout,
)

NOTICE_COLOR = RGBColor(0xC0, 0x00, 0x00)
CENTERED = (TITLE, LABEL, VERTICAL, *NUMBER_KINDS)
HIDDEN_BORDERS = {TITLE: ("top", "left", "bottom", "right")}


def write_selfeval_docx(forms: SelfEvalSheet | Sequence[SelfEvalSheet], path: str | Path) -> Path:
    """Write one form (or several, a page each) to ``path``; returns the path written."""
    layouts = [selfeval_layout(form) for form in as_form_list(forms)]
    document = build_selfeval_document(layouts)
    return write_atomically(path, lambda temp: document.save(str(temp)))


def build_selfeval_document(layouts: Sequence[SelfEvalLayout]):
    """A python-docx ``Document`` holding the forms of ``layouts``."""
    document = Document()
    page_setup(document)
    first = layouts[0]
    properties = document.core_properties
    properties.title = f"项目支出绩效自评表（{first.year}年度）"
    example = any(layout.example for layout in layouts)
    properties.comments = EXAMPLE_NOTICE if example else ""
    for number, layout in enumerate(layouts):
        if number:
            document.add_page_break()
        add_grid_table(document, layout.rows, COLUMN_WIDTHS_CM, _write_cell)
        if layout.notes:
            heading = document.add_paragraph()
            heading.add_run("说明：").bold = True
            for note in layout.notes:
                paragraph = document.add_paragraph(excel_safe(note))
                paragraph.paragraph_format.first_line_indent = Pt(21)
    return document


def _write_title(target, text: str) -> None:
    """The title in large bold type; a second line (示例数据) in red."""
    first, *rest = text.split("\n")
    paragraph = target.paragraphs[0]
    run = paragraph.add_run(excel_safe(first))
    run.bold = True
    run.font.size = TITLE_SIZE
    for line in rest:
        run.add_break()
        run = paragraph.add_run(excel_safe(line))
        run.bold = True
        run.font.color.rgb = NOTICE_COLOR


def _write_cell(target, cell: FormCell) -> None:
    if cell.kind == TITLE:
        _write_title(target, cell.text)
    else:
        target.text = cell.text  # each "\n" becomes a w:br line break
    paragraph = align_cell(target, cell, CENTERED, HIDDEN_BORDERS)
    if cell.kind in (LABEL, VERTICAL):
        for run in paragraph.runs:
            run.bold = True
