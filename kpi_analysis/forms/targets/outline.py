"""Outline forms: a 绩效目标表 printed as a tree rather than a grid.

Some systems export the approved targets as an outline of one name column: the unit, then
each project (with its amount in an amount column), then 一级 / 二级 class rows, then the
indicators with their value in the 指标值 column::

    项目                          | 指标值 | 绩效金额
     石嘴山市疾病预防控制中心       |        |
      狂犬、乙肝…疫苗及美沙酮药物   |        | 3000000
       产出指标                    |        |
        数量指标(必填)              |        |
         疫苗使用率                 | 100%   |

The levels are decided by meaning, not by position: a row whose name is a 一级 / 二级 class
opens that class, a row with a value is an indicator, a row with an amount is a project,
and a row of text above a project is its unit (主管部门). A label that may be both a 一级 and
a 二级 class (成本指标) is 二级 when it is indented deeper than the open 一级 class, or — with
no indentation to go by — when the next row is an indicator.

Evidence for the reading (:func:`outline_columns`): a header naming a value column and a
name column left of it, but no class columns, and rows below it that name a 一级 and a 二级
class in the name column.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpi_analysis.forms.cells import clean, positions
from kpi_analysis.forms.fields import split_indicator
from kpi_analysis.forms.funding import TOTAL_LABELS, classify
from kpi_analysis.forms.narrative import Narrative
from kpi_analysis.forms.recorder import Recorder
from kpi_analysis.forms.targets.columns import column_role
from kpi_analysis.forms.targets.form import TargetFormInterpreter
from kpi_analysis.forms.targets.groups import LevelGroups
from kpi_analysis.readers.grid import Cell, Table
from kpi_analysis.text.vocabulary import canonical_level1, canonical_level2, label_key

#: Head words of a column of amounts (绩效金额, 预算资金, 项目经费 …).
AMOUNT_HEADS = ("金额", "资金", "预算", "预算数", "经费", "预算额")
#: Rows looked at for the header.
HEADER_SEARCH = 8


@dataclass(frozen=True)
class OutlineColumns:
    """Where the outline's header is and which column holds what."""

    header_row: int
    name_col: int
    target_col: int
    amount_col: int | None


def _is_amount_label(text: str) -> bool:
    key = label_key(text)
    return classify(key) is not None or key.endswith(AMOUNT_HEADS)


def _depth(text: str) -> int:
    """Indentation of an outline row: its leading whitespace."""
    return len(text) - len(text.lstrip())


def _read_header(row: list[Cell]) -> tuple[int, int, int | None] | None:
    """(name, target, amount) columns of an outline header; None when the row is not one."""
    filled = [(col, cell) for col, cell in positions(row) if not cell.is_empty]
    roles = {col: column_role(cell.text) for col, cell in filled}
    if set(roles.values()) & {"level1", "level2"}:
        return None  # a grid header: the class levels have columns
    targets = [col for col, role in roles.items() if role == "target"]
    if not targets:
        return None
    target = targets[0]
    names = [col for col, _ in filled if col < target and roles[col] in (None, "indicator")]
    if not names:
        return None
    amounts = [col for col, cell in filled if col > target and _is_amount_label(cell.text)]
    return names[0], target, amounts[0] if amounts else None


def outline_columns(table: Table) -> OutlineColumns | None:
    """The outline reading of ``table``, or None when the evidence is not there (see module)."""
    for index, row in enumerate(table.rows[:HEADER_SEARCH]):
        found = _read_header(row)
        if found is None:
            continue
        name_col = found[0]
        levels1 = levels2 = 0
        for below in table.rows[index + 1 :]:
            cell = dict(positions(below)).get(name_col)
            if cell is None or cell.is_empty:
                continue
            levels1 += canonical_level1(cell.text) is not None
            levels2 += canonical_level2(cell.text) is not None
        if levels1 and levels2:
            return OutlineColumns(index, name_col, found[1], found[2])
    return None


class OutlineFormInterpreter(TargetFormInterpreter):
    """Reads one outline table (one or more projects) into the records of its projects."""

    def __init__(
        self, table: Table, columns: OutlineColumns, narrative: Narrative, recorder: Recorder
    ) -> None:
        super().__init__(table, narrative, recorder)
        self.columns = columns

    def run_outline(self) -> list[TargetFormInterpreter]:
        """One finished interpreter (records, years) per project of the outline."""
        cols = self.columns
        rows = self.table.rows
        for row in rows[: cols.header_row]:  # title and unit note above the header
            self._read_fields(row)
        for cell in positions(rows[cols.header_row]):
            if not cell[1].is_empty:
                self.rec.label(cell[1])
        unit = self.funding.divisor
        forms: list[TargetFormInterpreter] = []
        current: TargetFormInterpreter | None = None
        department: Cell | None = None
        body = rows[cols.header_row + 1 :]
        names = [dict(positions(row)).get(cols.name_col) for row in body]
        level1_depth = 0
        for i, row in enumerate(body):
            cells = dict(positions(row))
            name = names[i]
            target = cells.get(cols.target_col)
            amount = cells.get(cols.amount_col) if cols.amount_col is not None else None
            has_target = target is not None and not target.is_empty
            has_amount = amount is not None and not amount.is_empty
            for col, cell in cells.items():
                if col not in (cols.name_col, cols.target_col, cols.amount_col) and not (
                    cell.is_empty
                ):
                    self.rec.report(
                        cell, "cell_not_understood", "大纲式目标表的单元格不在已识别的列下"
                    )
            if name is None or name.is_empty:
                if has_target or has_amount:
                    for cell in (target, amount):
                        if cell is not None and not cell.is_empty:
                            self.rec.report(cell, "cell_not_understood", "数值所在行没有名称")
                continue
            next_name = next((n for n in names[i + 1 :] if n is not None and not n.is_empty), None)
            next_row = body[names.index(next_name)] if next_name is not None else None
            next_has_target = next_row is not None and not _empty(
                dict(positions(next_row)).get(cols.target_col)
            )
            if has_target:
                if current is None:
                    current = self._start(forms, None, department, unit)
                current._outline_indicator(name, target)
                continue
            level1 = canonical_level1(name.text)
            level2 = canonical_level2(name.text)
            if level1 is not None and level2 is not None and current is not None:
                deeper = _depth(name.text) > level1_depth
                same = _depth(name.text) == level1_depth
                if current.level1 is not None and (deeper or (same and next_has_target)):
                    level1 = None
                else:
                    level2 = None
            if level1 is not None and not has_amount:
                if current is None:
                    current = self._start(forms, None, department, unit)
                current._outline_level1(name)
                level1_depth = _depth(name.text)
            elif level2 is not None and not has_amount:
                if current is None:
                    current = self._start(forms, None, department, unit)
                current._outline_level2(name)
            elif has_amount or (next_name is not None and canonical_level1(next_name.text)):
                current = self._start(forms, name, department, unit)
                if has_amount:
                    current.funding.add(cols.amount_col or 0, TOTAL_LABELS[0], name, amount)
            elif department is None or current is not None:
                department = name  # the unit the next projects belong to
                current = None
                self.rec.value(name)
            else:
                self.rec.report(name, "cell_not_understood", "大纲式目标表中的行未能归类")
        for form in forms:
            form._outline_finish()
        return forms

    def _start(
        self,
        forms: list[TargetFormInterpreter],
        name: Cell | None,
        department: Cell | None,
        divisor: float,
    ) -> OutlineFormInterpreter:
        if forms:
            forms[-1]._outline_close()
        form = OutlineFormInterpreter(self.table, self.columns, self.narrative, self.rec)
        form.funding.divisor = divisor
        form.title_name = self.title_name
        if name is not None:
            form._set_field("project", Cell(name.text.strip(), name.source))
        if department is not None:
            form._set_field("department", Cell(department.text.strip(), department.source))
        form.groups = {0: LevelGroups(self.rec)}
        forms.append(form)
        return form

    # -- one project's rows -----------------------------------------------------------------
    def _outline_level1(self, cell: Cell) -> None:
        name = self._level1_name(cell)
        self.groups[0].break_group()
        self.level1 = name

    def _outline_level2(self, cell: Cell) -> None:
        self.groups[0].label_only(self._level2_name(cell), cell)

    def _outline_indicator(self, name_cell: Cell, target: Cell) -> None:
        self.rec.value(name_cell)
        self.rec.value(target)
        number, name = split_indicator(name_cell.text)
        self.groups[0].add(
            None,
            None,
            {
                "source": str(name_cell.source),
                "period": "annual",
                "level1": self.level1,
                "indicator_no": number,
                "indicator": name,
                "target": clean(target.text),
                "standard": "",
                "placeholder": not name,
            },
        )

    def _outline_close(self) -> None:
        if self.groups:
            for row in self.groups[0].finish():
                self._add_indicator(row)
            self.groups = {}

    def _outline_finish(self) -> None:
        self._outline_close()
        self.records.funding = self.funding.finish()
        self._build_project()


def _empty(cell: Cell | None) -> bool:
    return cell is None or cell.is_empty


__all__ = ["OutlineColumns", "OutlineFormInterpreter", "outline_columns"]
