"""Write 项目支出绩效目标表 as a Word document (.docx) with python-docx.

Each project gets its narrative paragraphs and one table on A4 landscape pages, a new page
per project. Merged cells are real merges (``w:gridSpan`` and ``w:vMerge``, made by
python-docx's ``cell.merge``); vertical labels are written one character per line; the
table uses the bordered ``Table Grid`` style and fixed column widths.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

from kpi_analysis.outputs.files import write_atomically
from kpi_analysis.outputs.safe_text import excel_safe
from kpi_analysis.outputs.writers.layout import (
    AMOUNT,
    COLUMN_WIDTHS_CM,
    LABEL,
    SUBTITLE,
    TITLE,
    VERTICAL,
    FormCell,
    FormLayout,
    project_layouts,
)

FONT = "宋体"
FONT_SIZE = Pt(10.5)  # 五号
TITLE_SIZE = Pt(16)
CENTERED = (TITLE, SUBTITLE, LABEL, VERTICAL, AMOUNT)
#: The title rows stand above the grid, as on the printed form: no borders around them.
HIDDEN_BORDERS = {TITLE: ("top", "left", "bottom", "right"), SUBTITLE: ("top", "left", "right")}
TC_PR_AFTER_BORDERS = (
    "w:shd",
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
)


def write_target_forms_docx(data: object, path: str | Path, *, title: str | None = None) -> Path:
    """Write every project of ``data`` (a Dataset or mapping of tidy frames) to ``path``.

    ``title`` is an optional heading paragraph at the top of the document (the readers
    record it as a paragraph that belongs to no field). Returns the written path.
    """
    layouts = project_layouts(data)
    document = build_document(layouts, title=title)
    return write_atomically(path, lambda temp: document.save(str(temp)))


def build_document(layouts: list[FormLayout], *, title: str | None = None):
    """A python-docx ``Document`` holding the forms of ``layouts``."""
    document = Document()
    page_setup(document)
    if title:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(title)
        run.bold = True
        run.font.size = TITLE_SIZE
    for number, layout in enumerate(layouts):
        for index, text in enumerate(layout.paragraphs):
            paragraph = document.add_paragraph()
            run = paragraph.add_run(excel_safe(text))
            if index == 0:
                run.bold = True
                paragraph.paragraph_format.page_break_before = number > 0
            else:
                paragraph.paragraph_format.first_line_indent = Pt(21)
        add_grid_table(document, layout.rows, COLUMN_WIDTHS_CM, _write_cell)
    return document


def page_setup(document) -> None:
    """A4 landscape pages with the form margins; 宋体 五号 as the normal font."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    for side in ("top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = FONT_SIZE
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def add_grid_table(
    document,
    grid: Sequence[Sequence[FormCell]],
    widths_cm: Sequence[float],
    write_cell: Callable[[_Cell, FormCell], None],
) -> None:
    """Add a bordered table with fixed column widths and real merges; ``write_cell`` fills cells."""
    table = document.add_table(rows=len(grid), cols=len(widths_cm))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    rows = table._tbl.tr_lst
    for tr in rows:
        for tc, width in zip(tr.tc_lst, widths_cm, strict=True):
            tc.width = Cm(width)
    for r, row in enumerate(grid):
        for cell in row:
            # direct lookup: Table.cell() rebuilds the whole grid on every call
            tc = rows[r].tc_at_grid_offset(cell.col)
            if cell.col_span > 1 or cell.row_span > 1:
                corner = rows[r + cell.row_span - 1].tc_at_grid_offset(cell.col + cell.col_span - 1)
                tc = tc.merge(corner)  # python-docx: w:gridSpan and w:vMerge
            write_cell(_Cell(tc, table), cell)


def _write_cell(target, cell: FormCell) -> None:
    target.text = excel_safe(cell.text)  # python-docx writes each "\n" as a w:br line break
    paragraph = align_cell(target, cell, CENTERED, HIDDEN_BORDERS)
    for run in paragraph.runs:
        if cell.kind == TITLE:
            run.bold = True
            run.font.size = TITLE_SIZE
        elif cell.kind in (LABEL, VERTICAL):
            run.bold = True


def align_cell(
    target, cell: FormCell, centered: Collection[str], hidden: Mapping[str, tuple[str, ...]]
):
    """Centre the cell (across too for ``centered`` kinds), hide its kind's ``hidden`` borders.

    Returns the cell's first paragraph.
    """
    target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = target.paragraphs[0]
    if cell.kind in centered:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if cell.kind in hidden:
        hide_borders(target, hidden[cell.kind])
    return paragraph


def hide_borders(target, sides: tuple[str, ...]) -> None:
    """Switch off the given borders of one cell (``w:tcBorders`` with ``nil`` values)."""
    borders = OxmlElement("w:tcBorders")
    for side in sides:
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), "nil")
        borders.append(border)
    target._tc.get_or_add_tcPr().insert_element_before(borders, *TC_PR_AFTER_BORDERS)
