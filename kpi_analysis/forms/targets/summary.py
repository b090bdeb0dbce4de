"""Summary tables: one row per indicator, with 单位名称 / 项目名称 / 预算数 / 年度目标 columns
merged down each project's rows (a department's whole budget in one sheet).

Such a table is split into one form per project: the project's field cells are set beside
their header labels, followed by the indicator header and the project's own rows. Every cell
keeps its source, so the accounting of the whole table still holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kpi_analysis.forms.cells import positions
from kpi_analysis.forms.funding import classify
from kpi_analysis.forms.targets.columns import is_header
from kpi_analysis.readers.grid import Cell, Table
from kpi_analysis.text.headwords import field_of
from kpi_analysis.text.vocabulary import label_key

#: Field columns a summary table may carry, by role.
ROW_FIELDS = ("project", "department", "budget", "goal")


@dataclass
class SummarySplit:
    """Per-project tables of one summary table, and rows that belong to no project."""

    forms: list[Table] = field(default_factory=list)
    orphans: list[Cell] = field(default_factory=list)


def field_columns(row: list[Cell]) -> dict[str, tuple[int, Cell]]:
    """Role → (column, label cell) of the per-project columns of an indicator header row."""
    from kpi_analysis.forms.targets.form import is_goal_label

    found: dict[str, tuple[int, Cell]] = {}
    for col, cell in positions(row):
        if cell.is_empty:
            continue
        name = field_of(cell.text)
        if name in ("project", "department"):
            found.setdefault(name, (col, cell))
        elif is_goal_label(cell.text):
            found.setdefault("goal", (col, cell))
        elif (classify(label_key(cell.text)) or ("",))[0] == "total":
            found.setdefault("budget", (col, cell))
    return found


def _blank(cell: Cell) -> Cell:
    return Cell("", cell.source, cell.row_span, cell.col_span, True)


def split_summary(table: Table) -> SummarySplit | None:
    """Split ``table`` into per-project forms; None when it is not a summary table."""
    rows = table.rows
    head = next((i for i, row in enumerate(rows) if is_header(row)), None)
    if head is None:
        return None
    columns = field_columns(rows[head])
    if "project" not in columns:
        return None
    field_cols = {col for col, _ in columns.values()}

    def strip(row: list[Cell]) -> list[Cell]:
        return [_blank(c) if col in field_cols else c for col, c in positions(row)]

    out = SummarySplit()
    current: dict[str, Cell] = {}
    body: list[list[Cell]] = []
    segments: list[tuple[dict[str, Cell], list[list[Cell]]]] = []
    project_col = columns["project"][0]
    for row in rows[head + 1 :]:
        cells = dict(positions(row))
        starts = project_col in cells and not cells[project_col].is_empty
        if starts:
            if body:
                segments.append((current, body))
            keep = {k: v for k, v in current.items() if k == "department"}
            current, body = keep, []
            for name, (col, _) in columns.items():
                if col in cells and not cells[col].is_empty:
                    current[name] = cells[col]
            body.append(strip(row))
        elif body:
            body.append(strip(row))
        else:
            dept = columns.get("department")
            if dept and dept[0] in cells and not cells[dept[0]].is_empty:
                current = {"department": cells[dept[0]]}
            out.orphans.extend(c for c in row if not c.is_empty)
    if body:
        segments.append((current, body))
    for values, segment in segments:
        field_rows = [[columns[n][1], values[n]] for n in ROW_FIELDS if n in values]
        grid = rows[:head] + field_rows + [strip(rows[head])] + segment
        out.forms.append(Table(index=table.index, rows=grid))
    return out if out.forms else None
