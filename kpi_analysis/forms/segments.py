"""Forms stacked in one table: split a table where a new form starts below an indicator block.

LibreOffice Writer merges two form tables that touch (no paragraph between) into one, and
some published pages print a department's project forms in one long table. After the
indicator rows of the first form come the title and field rows of the next. Each form is cut
out as a :class:`~kpi_analysis.readers.grid.Table` of its own (same index, the merged
table's cells and sources), so the document interpreters read a segment exactly as a table.

A row starts a new form only on strong evidence, and only below an indicator header of the
form above it:

- a form title row (…绩效目标表, …自评表, …申报表: the row's only text), or a field-label row
  (项目名称, 主管部门 … in the first column, by the head words of
  :mod:`kpi_analysis.text.headwords`, with a value beside it and no indicator class in the
  row);
- or a unit line printed with its budget code (207101某法院 | 单位:万元) just above such a
  title or field row: the line is the new form's (its department, read by the interpreter);
- borne out by the rows that follow: up to the next indicator header, the new form's head
  holds a project or department field row and at least one more head row (title, field,
  funding). An indicator whose name mentions 项目名称 is followed by indicator rows, not by
  another field row, and stays an indicator.

Year lines and blank field lines (（2025年度）, 项目责任人：) just above a field-label start go
with the new form.

A table of another kind glued above a form (an allocation list, 安排表, that LibreOffice
merged with the form below it, or one sheet holding both) is cut off at the form's title
when the rows above the title hold nothing of a form; an attachment mark (附件2) above the
title goes with the form.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from kpi_analysis.forms.cells import coded_unit_line, non_empty, positions
from kpi_analysis.forms.funding import classify
from kpi_analysis.forms.selfeval.columns import indicator_header
from kpi_analysis.forms.targets.columns import is_header
from kpi_analysis.readers.grid import Cell, Paragraph, Source, Table
from kpi_analysis.text.headwords import field_of
from kpi_analysis.text.vocabulary import canonical_level1, canonical_level2, label_key

#: A form's title ends so (the year in brackets dropped first): 项目支出绩效目标表,
#: 项目支出绩效自评表, 绩效目标申报表, 项目申报表.
FORM_TITLE_END = re.compile(r"(?:绩效目标|绩效|自评|申报|批复|审批)表$")
YEAR_GLOSS = re.compile(r"[(（]\s*(?:19|20)\d{2}\s*年度?\s*[)）]")
YEAR_LINE = re.compile(r"^[(（]?\s*(?:19|20)\d{2}\s*年度?\s*[)）]?$")
#: An attachment mark standing above a form's title: 附件2, 附表1.
ATTACHMENT = re.compile(r"^附[件表]\s*\d*[:：]?$")
#: Longest text taken for a title or a field label.
MAX_LABEL = 40
#: Fields whose label opens a form's head (its first field row).
OPENING_FIELDS = ("project", "department")
#: Rows below a candidate start looked at for the rest of the new form's head.
HEAD_SPAN = 8
#: Head rows (title, field, funding) the new form must show, a project/department row among them.
HEAD_ROWS = 2


@lru_cache(maxsize=4096)
def is_form_title(text: str) -> bool:
    """True for a form title: 项目支出绩效目标表（2025年度）, 2022年度项目支出绩效自评表.

    >>> is_form_title("项目支出绩效目标表（2025年度）"), is_form_title("绩效目标表填报及时率")
    (True, False)
    """
    key = YEAR_GLOSS.sub("", label_key(text)).strip()
    return 0 < len(key) <= MAX_LABEL and bool(FORM_TITLE_END.search(key))


def is_title_row(row: list[Cell]) -> bool:
    """A row whose only text is a form title (a year line may stand beside it)."""
    cells = non_empty(row)
    return (
        bool(cells)
        and any(is_form_title(c.text) for c in cells)
        and all(is_form_title(c.text) or YEAR_LINE.match(label_key(c.text)) for c in cells)
    )


def has_class_evidence(row: list[Cell]) -> bool:
    """True when a cell of ``row`` names an indicator class (产出指标, 数量指标 …)."""
    return any(
        canonical_level1(c.text) is not None or canonical_level2(c.text) is not None
        for c in non_empty(row)
        if len(c.text) <= MAX_LABEL
    )


def _label_field(cell: Cell) -> str | None:
    return field_of(cell.text) if 0 < len(cell.text) <= MAX_LABEL else None


def field_row(row: list[Cell]) -> str | None:
    """The field a field-label row opens with (``project`` for 项目名称 | 某项目), or None:
    the label in the first column, a value beside it that is no label, no indicator class."""
    cells = positions(row)
    if len(cells) < 2 or cells[0][0] != 1 or cells[0][1].is_empty or cells[0][1].continued:
        return None
    name = _label_field(cells[0][1])
    value = next((c for _, c in cells[1:] if not c.is_empty), None)
    if name is None or value is None or _label_field(value) is not None:
        return None
    return None if has_class_evidence(row) else name


def _is_head_row(row: list[Cell]) -> bool:
    """A row of a form's head: title, field label or funding label first."""
    if is_title_row(row) or field_row(row) is not None:
        return True
    cells = non_empty(row)
    return bool(cells) and classify(label_key(cells[0].text)) is not None


def _is_furniture(row: list[Cell]) -> bool:
    """A year line or a line of blank fields (项目责任人： | 单位（盖章）：) above a form's head."""
    cells = non_empty(row)
    return bool(cells) and all(
        YEAR_LINE.match(label_key(c.text)) or c.text.strip().endswith((":", "：")) for c in cells
    )


def is_block_header(row: list[Cell]) -> bool:
    """An indicator header row of a target or a self-evaluation form."""
    return is_header(row) or _is_indicator_header_of(
        tuple([(cell.text, cell.col_span) for cell in row])
    )


#: A source for the stand-in cells :func:`_is_indicator_header_of` reads (never reported).
_NOWHERE = Source("")


@lru_cache(maxsize=8192)
def _is_indicator_header_of(key: tuple[tuple[str, int], ...]) -> bool:
    """Whether the row whose cells have these (text, column span) is a self-evaluation
    indicator header: the answer depends on nothing else, and a table's rows are asked again
    (the stacked-form split, then the interpreters)."""
    return indicator_header([Cell(text, _NOWHERE, 1, span) for text, span in key]) is not None


def _starts_form(rows: list[list[Cell]], at: int) -> bool:
    """True when ``rows[at]`` opens a form head borne out by the rows below it. A unit line
    (``207101某法院 | 单位:万元``, :func:`~kpi_analysis.forms.cells.coded_unit_line`) opens
    one when the next row with text does; it counts as a row of the head."""
    first, head = rows[at], 0
    if coded_unit_line(first) is not None:
        at = next((i for i in range(at + 1, len(rows)) if non_empty(rows[i])), len(rows))
        if at == len(rows):
            return False
        first, head = rows[at], 1
    if not is_title_row(first) and field_row(first) not in OPENING_FIELDS:
        return False
    opening = False
    for row in rows[at : at + HEAD_SPAN]:
        if row is not first and is_block_header(row):
            break
        if _is_head_row(row):
            head += 1
            opening = opening or field_row(row) in OPENING_FIELDS
    return opening and head >= HEAD_ROWS


def _is_attachment_line(row: list[Cell]) -> bool:
    """A row whose only text is an attachment mark (附件2) or a year line above a form title."""
    cells = non_empty(row)
    return len(cells) == 1 and bool(
        ATTACHMENT.match(label_key(cells[0].text)) or YEAR_LINE.match(label_key(cells[0].text))
    )


def _titled_after_other_table(rows: list[list[Cell]], start: int, at: int) -> bool:
    """True when ``rows[at]`` is a form title opening a form head, and the rows above it (from
    ``start``) hold nothing of a form — no title, field, funding or indicator header row: a
    table of another kind (an allocation list, 安排表) glued above the form."""
    if not is_title_row(rows[at]) or not _starts_form(rows, at):
        return False
    return not any(_is_head_row(row) or is_block_header(row) for row in rows[start:at])


def split_stacked(table: Table) -> list[Table]:
    """``table`` cut into one table per stacked form (``[table]`` when it holds one form)."""
    rows = table.rows
    # a form starts only below an indicator header: rows down to the first one are no candidates
    first = next((i for i, row in enumerate(rows) if is_block_header(row)), len(rows))
    # above it, only a form title can start a form (another kind of table glued above it)
    candidates = [i for i in range(1, first) if is_title_row(rows[i])]
    candidates += [
        i
        for i in range(first + 1, len(rows))
        if is_title_row(rows[i])
        or field_row(rows[i]) is not None
        or coded_unit_line(rows[i]) is not None
    ]
    if not candidates:
        return [table]
    cuts: list[int] = []
    start, header_at = 0, first  # rows[start:header_at] hold no indicator header
    for at in candidates:
        if at <= start:
            continue
        while header_at < at and not is_block_header(rows[header_at]):
            header_at += 1
        if header_at >= at and _titled_after_other_table(rows, start, at):
            cut = at
            while cut - 1 >= start and _is_attachment_line(rows[cut - 1]):
                cut -= 1
            if cut > start:  # something other than an attachment mark stands above the title
                cuts.append(cut)
                start = header_at = cut
            continue
        if header_at >= at or not _starts_form(rows, at):
            continue
        cut = at
        if not is_title_row(rows[at]):
            while cut - 1 > header_at and _is_furniture(rows[cut - 1]):
                cut -= 1
        cuts.append(cut)
        start = header_at = cut
    if not cuts:
        return [table]
    bounds = [0, *cuts, len(rows)]
    return [Table(index=table.index, rows=rows[a:b]) for a, b in itertools.pairwise(bounds)]


def form_blocks(blocks: list[Paragraph | Table]) -> list[Paragraph | Table]:
    """A document's blocks with every table cut into its stacked forms
    (:func:`split_stacked`): the interpreters read each segment as a table."""
    out: list[Paragraph | Table] = []
    for block in blocks:
        out.extend(split_stacked(block) if isinstance(block, Table) else [block])
    return out
