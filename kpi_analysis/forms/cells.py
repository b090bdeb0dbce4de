"""Small helpers over grid cells shared by the form interpreters."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from kpi_analysis.readers.grid import Cell, Document, Paragraph, Table
from kpi_analysis.text.grammar import normalise_text
from kpi_analysis.text.headwords import coded_unit
from kpi_analysis.text.money import stated_unit
from kpi_analysis.text.vocabulary import all_folded, fold_script, label_key

MID_MARKERS = ("中期", "长期", "实施期", "总目标")
#: A mid-term marker that yields to a year word beside it (年度绩效总目标 is the year's).
WEAK_MID_MARKERS = ("总目标",)
ANNUAL_MARKERS = ("年度", "本年", "当年")

YEAR_RANGE = re.compile(r"(\d{4})\s*年?\s*[—\-–~至到]+\s*(\d{4})")
YEAR_ONLY = re.compile(r"(\d{4})\s*年")


def clean(text: str | None) -> str:
    """Normalised cell text (whitespace folded, line breaks of wrapped text removed)."""
    return normalise_text(text)


def positions(row: list[Cell]) -> list[tuple[int, Cell]]:
    """Pair each cell with its logical start column (spans counted)."""
    out, col = [], 1
    for cell in row:
        out.append((col, cell))
        span = cell.col_span
        col += span if span > 1 else 1
    return out


def grid_width(rows: list[list[Cell]]) -> int:
    """The number of grid columns ``rows`` cover (spans counted); 0 without cells."""
    return max(
        (col + max(cell.col_span, 1) - 1 for row in rows for col, cell in positions(row)),
        default=0,
    )


def non_empty(row: list[Cell]) -> list[Cell]:
    """The cells of a row that hold text."""
    return [c for c in row if not c.is_empty]


def coded_unit_line(row: list[Cell]) -> tuple[str, str] | None:
    """(code, name) when ``row`` is a unit line above a form: a unit printed after its budget
    code first (``207101某法院``, :func:`~kpi_analysis.text.headwords.coded_unit`), beside
    nothing but unit notes (``单位:万元``); else None."""
    cells = non_empty(row)
    if not cells or any(stated_unit(label_key(other.text)) is None for other in cells[1:]):
        return None
    return coded_unit(clean(cells[0].text))


@lru_cache(maxsize=4096)
def period_of(text: str) -> str | None:
    """``mid_term`` or ``annual`` when a label names its period, else None.

    >>> period_of("中期目标（2021年—2023年）"), period_of("本年度绩效目标"), period_of("指标值")
    ('mid_term', 'annual', None)
    >>> period_of("绩效总目标"), period_of("年度绩效总目标")
    ('mid_term', 'annual')
    """
    key = label_key(text)
    if any(marker in key for marker in MID_MARKERS if marker not in WEAK_MID_MARKERS):
        return "mid_term"
    if any(marker in key for marker in ANNUAL_MARKERS):
        return "annual"
    if any(marker in key for marker in WEAK_MID_MARKERS):
        return "mid_term"
    return None


def years_of(text: str) -> tuple[int | None, int | None]:
    """Year range named in a label, e.g. ``中期目标（2021年—2023年）`` → (2021, 2023)."""
    match = YEAR_RANGE.search(text)
    if match:
        return int(match.group(1)), int(match.group(2))
    match = YEAR_ONLY.search(text)
    if match:
        return int(match.group(1)), int(match.group(1))
    return None, None


def script_folded(doc: Document) -> Document:
    """``doc`` with every cell and paragraph in simplified characters and without pinyin
    glosses (:func:`~kpi_analysis.text.vocabulary.fold_script`); ``doc`` itself when nothing
    changes. Sources, spans and notes are kept."""
    texts = [
        cell.text
        for block in doc.blocks
        if isinstance(block, Table)
        for row in block.rows
        for cell in row
    ]
    texts += [block.text for block in doc.blocks if isinstance(block, Paragraph)]
    if all_folded(texts):
        return doc  # the usual document: one conversion for all of it, no cell looked at again
    changed = False
    blocks: list[Paragraph | Table] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            text = fold_script(block.text)
            if text != block.text:
                changed = True
                block = replace(block, text=text)
            blocks.append(block)
            continue
        if all(
            not cell.text or fold_script(cell.text) == cell.text
            for row in block.rows
            for cell in row
        ):
            blocks.append(block)
            continue  # nothing to fold in this table (the usual case): the table itself
        rows = []
        for row in block.rows:
            new_row = []
            for cell in row:
                text = fold_script(cell.text) if cell.text else cell.text
                if text != cell.text:
                    changed = True
                    cell = cell._replace(text=text)
                new_row.append(cell)
            rows.append(new_row)
        blocks.append(replace(block, rows=rows))
    if not changed:
        return doc
    return replace(doc, blocks=blocks)


def near_label_message(cell: Cell, label: str, why: str = "") -> str:
    """The finding for a label read by near match (``text.vocabulary.near_label``): table
    and row, the printed and the read label, then ``why`` (the file is the finding's source,
    so that every version of a file gives the same message).

    >>> from kpi_analysis.readers.grid import Source
    >>> near_label_message(Cell("实施第位", Source("f", table=1, row=4, col=1)), "实施单位")
    '表1第4行：疑似错字标签「实施第位」按「实施单位」读取'
    """
    src = cell.source
    table = f"表{src.table}" if src.table is not None else ""
    row = f"第{src.row}行" if src.row is not None else ""
    return f"{table}{row}：疑似错字标签「{clean(cell.text)}」按「{label}」读取{why}"
