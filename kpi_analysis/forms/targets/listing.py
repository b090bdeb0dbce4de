"""Project lists: a department's projects one row each, the goal (and indicators) in one cell.

Some departments publish their targets as a list rather than one form per project::

    单位编码 | 单位名称(项目类别/支出项目) | 年度预算安排 | 项目内容      | 绩效目标
             | 某局                         | 92156434     |               |
     037001  |   其他运转类                 | 1681680      |               |
     037001  |     某服务采购项目           | 1681680      | 【项目概况】… | 【总体目标】…

Evidence for the reading (:func:`listing_columns`): a header naming a name column (a project
label, or a unit label whose gloss names 项目), an amount column and a goal column (head
words in :mod:`kpi_analysis.text.headwords`), and a body row with a name and a goal. A row
with text in the goal or content column is a project; the other named rows are the tree
above it (department, unit, category subtotals), reported and not counted. A project's
department is the unit its code names: the first row above it that prints the code (a
category row printing the same code below it is a part of that unit, never its name). The
goal cell is read as tagged text (:mod:`kpi_analysis.forms.tagged`) when it carries class
tags, else as goals.

Bare amounts with no unit note are 元 when the largest is at least :data:`YUAN_EVIDENCE`
(that many 万元 would be a thousand 亿元 — no list prints that); a finding says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpi_analysis.forms.cells import clean, positions
from kpi_analysis.forms.funding import TOTAL_LABELS, classify
from kpi_analysis.forms.narrative import Narrative
from kpi_analysis.forms.recorder import Recorder
from kpi_analysis.forms.tagged import parse_tagged
from kpi_analysis.forms.targets.form import TargetFormInterpreter
from kpi_analysis.forms.targets.groups import LevelGroups
from kpi_analysis.readers.grid import Cell, Table
from kpi_analysis.text.headwords import (
    AMOUNT_CELL,
    LIST_AMOUNT_HEADS,
    LIST_CODE_HEADS,
    LIST_CONTENT_HEADS,
    LIST_GOAL_HEADS,
    field_of,
)
from kpi_analysis.text.money import divisor_of
from kpi_analysis.text.vocabulary import canonical_level1, canonical_level2, label_key

#: Rows looked at for the header.
HEADER_SEARCH = 8
#: The smallest largest bare amount that shows a list's amounts are in 元.
YUAN_EVIDENCE = 10_000_000
#: A gloss naming projects in a unit-name label: 单位名称(项目类别/支出项目).
PROJECT_WORD = "项目"


@dataclass(frozen=True)
class ListingColumns:
    """Where the list's header is and which column holds what."""

    header_row: int
    name_col: int
    amount_col: int
    goal_col: int
    content_col: int | None
    code_col: int | None


def _role(text: str) -> str | None:
    key = label_key(text)
    if not key or canonical_level1(text) or canonical_level2(text):
        return None
    found = field_of(text)
    if found == "project" or (found == "department" and PROJECT_WORD in key):
        return "name"
    if (classify(key) or ("",))[0] == "total" or key.endswith(LIST_AMOUNT_HEADS):
        return "amount"
    if key.endswith(LIST_GOAL_HEADS):
        return "goal"
    if key.endswith(LIST_CONTENT_HEADS):
        return "content"
    if key.endswith(LIST_CODE_HEADS):
        return "code"
    return None


def _cell(row: list[Cell], col: int | None) -> Cell | None:
    if col is None:
        return None
    cell = dict(positions(row)).get(col)
    return None if cell is None or cell.is_empty else cell


def listing_columns(table: Table) -> ListingColumns | None:
    """The list reading of ``table``, or None when the evidence is not there (see module)."""
    for index, row in enumerate(table.rows[:HEADER_SEARCH]):
        roles: dict[str, int] = {}
        for col, cell in positions(row):
            role = _role(cell.text) if not cell.is_empty else None
            if role is not None:
                roles.setdefault(role, col)
        if not {"name", "amount", "goal"} <= roles.keys():
            continue
        found = ListingColumns(
            index,
            roles["name"],
            roles["amount"],
            roles["goal"],
            roles.get("content"),
            roles.get("code"),
        )
        body = table.rows[index + 1 :]
        if any(_cell(r, found.name_col) and _cell(r, found.goal_col) for r in body):
            return found
    return None


def _amounts_in_yuan(rows: list[list[Cell]], col: int) -> bool:
    values = []
    for row in rows:
        cell = _cell(row, col)
        match = AMOUNT_CELL.match(clean(cell.text).replace(" ", "")) if cell else None
        if match is None:
            continue
        if match.group(2):  # a unit printed beside the number decides by itself
            return False
        values.append(float(match.group(1).replace(",", "").replace("，", "")))
    return bool(values) and max(values) >= YUAN_EVIDENCE


class ListingFormInterpreter(TargetFormInterpreter):
    """Reads one project list into the records of its projects."""

    def __init__(
        self, table: Table, columns: ListingColumns, narrative: Narrative, recorder: Recorder
    ) -> None:
        super().__init__(table, narrative, recorder)
        self.columns = columns

    def run_listing(self) -> list[TargetFormInterpreter]:
        """One finished interpreter (records, years) per project of the list."""
        cols = self.columns
        rows = self.table.rows
        for row in rows[: cols.header_row]:  # title and unit note above the header
            self._read_fields(row)
        unit_in_header = False
        for _, cell in positions(rows[cols.header_row]):
            if not cell.is_empty:
                self.rec.label(cell)
                stated = self.funding.note_unit(cell.text)  # 年度预算安排（元）
                unit_in_header = unit_in_header or stated
        body = rows[cols.header_row + 1 :]
        divisor = self.funding.divisor
        stated = self.narrative.amount_unit is not None or unit_in_header
        if not stated and _amounts_in_yuan(body, cols.amount_col):
            divisor = divisor_of("元")
            first = _cell(body[0], cols.amount_col) if body else None
            if first is not None:
                self.rec.report(
                    first, "unit_by_magnitude", "金额未注明单位，按数额判断为元", severity="info"
                )
        units: dict[str, Cell] = {}  # code → the first row printing it: the unit it names
        forms: list[TargetFormInterpreter] = []
        for row in body:
            name = _cell(row, cols.name_col)
            goal = _cell(row, cols.goal_col)
            content = _cell(row, cols.content_col)
            code = _cell(row, cols.code_col)
            if name is None:
                for _, cell in positions(row):
                    if not cell.is_empty:
                        self.rec.report(cell, "cell_not_understood", "清单中没有名称的行")
                continue
            code_text = clean(code.text) if code is not None else ""
            if goal is None and content is None:
                if code_text:
                    units.setdefault(code_text, name)
                for _, cell in positions(row):
                    if not cell.is_empty:
                        self.rec.report(
                            cell,
                            "summary_subtotal",
                            "清单中的单位或类别汇总行，未计入项目",
                            severity="info",
                        )
                continue
            department = units.get(code_text) if code_text else None
            form = ListingFormInterpreter(self.table, cols, self.narrative, self.rec)
            form.funding.divisor = divisor
            form._set_field("project", Cell(name.text.strip(), name.source))
            if department is not None:
                form._set_field("department", Cell(department.text.strip(), department.source))
            amount = _cell(row, cols.amount_col)
            if amount is not None:
                form.funding.add(cols.amount_col, TOTAL_LABELS[0], name, amount)
            form._listing_goal(goal)
            for cell in (content, code):
                if cell is not None:
                    self.rec.value(cell)
            form.records.funding = form.funding.finish()
            form._build_project()
            forms.append(form)
        return forms

    def _listing_goal(self, cell: Cell | None) -> None:
        """The goal cell: tagged text (goals and indicators) or plain goals."""
        if cell is None:
            return
        tagged = parse_tagged(cell.text)
        if tagged is None:
            self._add_goal_text("annual", None, cell)
            return
        self.rec.value(cell)
        if tagged.dropped:
            self.rec.report(
                cell,
                "tagged_text_not_read",
                "绩效目标格中以下文字未读入整洁表：" + "；".join(t[:60] for t in tagged.dropped),
            )
        source = str(cell.source)
        for number, goal in enumerate(tagged.goals, start=1):
            self.records.goals.append(
                {"source": source, "period": "annual", "goal_no": number, "goal": goal}
            )
        groups = LevelGroups(self.rec)  # the rows of a table's block take the same path
        levels: tuple[str | None, str | None] | None = None
        for item in tagged.indicators:
            if (item.level1, item.level2) != levels:
                groups.break_group()  # a tag names its group: nothing carries over
                levels = (item.level1, item.level2)
            groups.add(
                item.level2,
                None,
                {
                    "source": source,
                    "period": "annual",
                    "level1": item.level1,
                    "indicator_no": item.number,
                    "indicator": item.name,
                    "target": item.target,
                    "standard": "",
                    "placeholder": False,
                },
            )
        for row in groups.finish():
            self._add_indicator(row)


__all__ = ["ListingColumns", "ListingFormInterpreter", "listing_columns"]
