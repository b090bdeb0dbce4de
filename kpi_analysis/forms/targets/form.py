"""Interpret a 项目支出绩效目标表 grid into tidy records, by labels rather than positions.

A table is read row by row: header fields (项目名称, 主管部门 …), the funding block
(:mod:`~kpi_analysis.forms.funding`), the goals block (中期目标 | 年度目标, or a label with its
text beside it) and indicator blocks, whose header row names the columns
(:mod:`~kpi_analysis.forms.targets.columns`). Mid-term and annual indicators may stand side by side
or in separate blocks (长期绩效指标 / 年度绩效指标).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from kpi_analysis.forms.cells import clean, non_empty, period_of, positions, years_of
from kpi_analysis.forms.fields import FIELD_LABELS, parse_attribute, split_goals, split_indicator
from kpi_analysis.forms.funding import FundingBlock, classify
from kpi_analysis.forms.narrative import Narrative
from kpi_analysis.forms.recorder import Recorder
from kpi_analysis.forms.targets.columns import (
    Header,
    Side,
    block_title_period,
    is_header,
    merge_second_header,
    parse_header,
)
from kpi_analysis.forms.targets.groups import LevelGroups
from kpi_analysis.readers.grid import Cell, Table
from kpi_analysis.text.grammar import parse_target
from kpi_analysis.text.vocabulary import (
    canonical_level1,
    canonical_level2,
    is_non_target_level,
    join_vertical,
    label_key,
)

__all__ = [
    "FormRecords",
    "TargetFormInterpreter",
    "parse_attribute",
    "split_goals",
    "split_indicator",
]

SECTION_LABELS = (
    "项目资金",
    "总体目标",
    "绩效指标",
    "绩效目标表",
    "资金情况",
    "资金构成",
    "绩效目标",
    "项目基本情况",
    "基本信息",
)
GOAL_LABEL_ENDINGS = ("目标", "绩效目标", "目标(文字)")
#: Roles whose cells make up an indicator row (name, value and its parts, standard).
CONTENT_ROLES = ("indicator", "target", "standard", "unit", "comparator", "target_text")
COMPARATOR_SYMBOLS = ("≥", "≤", ">", "<", "=", "＞", "＜", "＝", ">=", "<=", "≈")


@dataclass
class FormRecords:
    """Tidy records produced from one form (one project)."""

    project: dict[str, object] = field(default_factory=dict)
    funding: list[dict[str, object]] = field(default_factory=list)
    goals: list[dict[str, object]] = field(default_factory=list)
    indicators: list[dict[str, object]] = field(default_factory=list)


@lru_cache(maxsize=4096)
def is_goal_label(text: str) -> bool:
    """True for 中期目标 / 年度目标 / 实施期绩效目标 / 本年度绩效目标 / 年度绩效目标(文字)."""
    key = label_key(text)
    key_plain = key.split("(")[0]
    return period_of(key) is not None and key_plain.endswith(GOAL_LABEL_ENDINGS) and len(key) < 30


class TargetFormInterpreter:
    """Turns one table (one project's 绩效目标表) into :class:`FormRecords`."""

    def __init__(self, table: Table, narrative: Narrative, recorder: Recorder) -> None:
        self.table = table
        self.narrative = narrative
        self.rec = recorder
        self.records = FormRecords()
        self.fields: dict[str, str] = {}
        self.field_cells: dict[str, Cell] = {}
        self.years: dict[str, tuple[int | None, int | None]] = {}
        self.funding = FundingBlock(recorder)
        self.header: Header | None = None
        self.groups: dict[int, LevelGroups] = {}
        self.level1: str | None = None
        self.block_period: str | None = None

    # -- entry point -------------------------------------------------------------------------
    def run(self) -> FormRecords:
        """Interpret every row; return the records of this form."""
        rows = self.table.rows
        i = 0
        while i < len(rows):
            row = rows[i]
            title_period = block_title_period(row)
            if title_period is not None:
                self._close_block()
                self.block_period = title_period
                for cell in non_empty(row):
                    self.rec.label(cell)
            elif is_header(row):
                self._close_block()
                self.header = parse_header(row, self.block_period)
                for cell in self.header.label_cells:
                    self.rec.label(cell)
                self.groups = {id(side): LevelGroups(self.rec) for side in self.header.sides}
            elif self.header is not None and merge_second_header(self.header, row):
                for cell in non_empty(row):
                    self.rec.label(cell)
            elif self.header is not None:
                self._read_indicator_row(row)
            elif self._is_goal_header(row):
                body = rows[i + 1] if i + 1 < len(rows) else []
                self._read_goals(row, body)
                i += 1
            else:
                self._read_fields(row)
            i += 1
        self._close_block()
        self.records.funding = self.funding.finish()
        self._build_project()
        return self.records

    # -- header fields and funding -------------------------------------------------------------
    def _read_fields(self, row: list[Cell]) -> None:
        cells = positions(row)
        skip: set[int] = set()
        for idx, (col, cell) in enumerate(cells):
            if idx in skip or cell.is_empty:
                continue
            key = label_key(cell.text)
            following = cells[idx + 1][1] if idx + 1 < len(cells) else None
            if key in FIELD_LABELS:
                self.rec.label(cell)
                if following is not None:
                    skip.add(idx + 1)
                    self._set_field(FIELD_LABELS[key], following)
            elif classify(key) is not None:
                self.rec.label(cell)
                inline = any(ch.isdigit() for ch in cell.text)
                value = cell if inline else following
                if not inline and following is not None:
                    skip.add(idx + 1)
                self.funding.add(col, key, cell, value)
            elif is_goal_label(cell.text) and following is not None:
                self.rec.label(cell)
                skip.add(idx + 1)
                self._add_goal_text(period_of(cell.text) or "annual", cell, following)
            elif "绩效目标表" in key or "自评表" in key or self._is_year_label(key):
                self.rec.label(cell)
                if "年度" in key and not self.years.get("annual"):
                    self.years["annual"] = years_of(cell.text)
            elif any(key.startswith(s) for s in SECTION_LABELS):
                self.rec.label(cell)
                self.funding.note_unit(cell.text)
            else:
                self.rec.report(cell, "cell_not_understood", "表头区域的单元格未能识别")

    @staticmethod
    def _is_year_label(key: str) -> bool:
        stripped = key.strip("()（）")
        return bool(stripped) and stripped.endswith(("年度", "年")) and stripped[:4].isdigit()

    def _set_field(self, name: str, cell: Cell) -> None:
        self.rec.value(cell)
        self.fields[name] = cell.text
        self.field_cells[name] = cell

    # -- goals -----------------------------------------------------------------------------------
    def _is_goal_header(self, row: list[Cell]) -> bool:
        labels, others = [], []
        for cell in non_empty(row):
            (labels if is_goal_label(cell.text) else others).append(cell)
        return bool(labels) and all(
            any(label_key(c.text).startswith(s) for s in SECTION_LABELS) for c in others
        )

    def _read_goals(self, header: list[Cell], body: list[Cell]) -> None:
        header_cols = {}
        for col, cell in positions(header):
            if cell.is_empty:
                continue
            self.rec.label(cell)
            if is_goal_label(cell.text):
                period = period_of(cell.text) or "annual"
                header_cols[col] = period
                start, end = years_of(cell.text)
                if start is not None:
                    self.years[period] = (start, end)
        for col, cell in positions(body):
            if cell.is_empty:
                continue
            if col not in header_cols:
                if any(label_key(cell.text).startswith(s) for s in SECTION_LABELS):
                    self.rec.label(cell)
                else:
                    self.rec.report(
                        cell, "goal_column_unknown", "目标文字不在任何目标列下，未能归入期间"
                    )
                continue
            self._add_goal_text(header_cols[col], None, cell)

    def _add_goal_text(self, period: str, label: Cell | None, cell: Cell) -> None:
        if label is not None:
            start, end = years_of(label.text)
            if start is not None:
                self.years[period] = (start, end)
        if cell.is_empty:
            return
        self.rec.value(cell)
        for goal_no, goal in split_goals(cell.text):
            self.records.goals.append(
                {"source": str(cell.source), "period": period, "goal_no": goal_no, "goal": goal}
            )

    # -- indicators ------------------------------------------------------------------------------
    def _close_block(self) -> None:
        if self.header is None:
            return
        for side in self.header.sides:
            for row in self.groups[id(side)].finish():
                if row["level1"] is None:
                    self.rec.report(
                        str(row["source"]),
                        "level1_missing",
                        "指标行之上没有一级指标",
                        text=str(row["indicator"]),
                    )
                self.records.indicators.append(row)
        self.header, self.groups, self.level1 = None, {}, None

    def _read_indicator_row(self, row: list[Cell]) -> None:
        assert self.header is not None
        cells: dict[int | None, Cell] = dict(positions(row))
        used: set[int | None] = set()
        level1_col = self.header.level1_col
        if level1_col is not None and level1_col in cells:
            used.add(level1_col)
            l1_cell = cells[level1_col]
            if not l1_cell.is_empty:
                name = self._level1_name(l1_cell)
                if name != self.level1:
                    for groups in self.groups.values():
                        groups.break_group()
                self.level1 = name
        for side in self.header.sides:
            used.update(side.columns.values())
            used.update(side.extra)
            self._read_side_row(side, cells)
        for col, cell in cells.items():
            if col in used or cell.is_empty:
                continue
            if any(label_key(cell.text).startswith(s) for s in SECTION_LABELS):
                self.rec.label(cell)
            else:
                self.rec.report(cell, "cell_not_understood", "指标区的单元格不在任何已识别的列下")

    def _level1_name(self, cell: Cell) -> str:
        return self._level_name(cell, canonical_level1(cell.text), "一级", "level1_unknown")

    def _level2_name(self, cell: Cell) -> str:
        return self._level_name(cell, canonical_level2(cell.text), "二级", "level2_unknown")

    def _level_name(self, cell: Cell, canonical: str | None, level: str, unknown: str) -> str:
        """The level's canonical name, or its text as written with a finding."""
        self.rec.label(cell)
        if canonical is not None:
            return canonical
        name = join_vertical(cell.text)
        code = "level_not_target" if is_non_target_level(cell.text) else unknown
        self.rec.report(cell, code, f"{level}指标“{name}”不在目标表指标体系中，原样保留")
        return name

    def _read_side_row(self, side: Side, cells: dict[int | None, Cell]) -> None:
        columns = side.columns  # role → column; cells.get(None) is None for a missing role
        groups = self.groups[id(side)]
        l2_cell = cells.get(columns.get("level2"))
        label = None
        if l2_cell is not None and not l2_cell.is_empty:
            label = self._level2_name(l2_cell)
        content: dict[str, Cell] = {}
        blank = True
        for role in CONTENT_ROLES:
            cell = cells.get(columns.get(role))
            if cell is not None:
                content[role] = cell
                if blank and not cell.is_empty:
                    blank = False
        extras = [
            cell for c in side.extra if (cell := cells.get(c)) is not None and not cell.is_empty
        ]
        if blank:
            if label is not None:
                groups.label_only(label, l2_cell)
            for cell in extras:
                self._report_extra(cell)
            return
        name_cell = content.get("indicator")
        number, name = split_indicator(name_cell.text) if name_cell is not None else (None, "")
        for cell in content.values():
            self.rec.value(cell)
        self._check_value_type(cells.get(columns.get("value_type")), content)
        for cell in extras:
            self._report_extra(cell)
        anchor = name_cell if name_cell is not None else next(iter(content.values()))
        standard = content.get("standard")
        groups.add(
            label,
            l2_cell,
            {
                "source": str(anchor.source),
                "period": side.period,
                "level1": self.level1,
                "indicator_no": number,
                "indicator": name,
                "target": compose_target(content),
                "standard": clean(standard.text) if standard is not None else "",
                "placeholder": not name,
            },
        )

    def _check_value_type(self, cell: Cell | None, content: dict[str, Cell]) -> None:
        """A 指标值类型 column: a comparator symbol is used; 定量/定性 is checked."""
        if cell is None or cell.is_empty:
            return
        text = clean(cell.text)
        if text in COMPARATOR_SYMBOLS:
            content["comparator"] = cell
            self.rec.value(cell)
            return
        self.rec.value(cell)
        kind = parse_target(compose_target(content)).kind
        if text == "定量" and kind not in ("quantitative", "timing", "empty"):
            self.rec.report(
                cell,
                "value_type_mismatch",
                "指标值类型为“定量”，但指标值没有数量",
                severity="warning",
            )
        elif text == "定性" and kind == "quantitative":
            self.rec.report(
                cell, "value_type_mismatch", "指标值类型为“定性”，但指标值是数量", severity="info"
            )

    def _report_extra(self, cell: Cell) -> None:
        self.rec.report(
            cell,
            "extra_column",
            "附加列（备注、指标解释、分值、上年实际值等）的内容未进入指标表，仅作记录",
            severity="info",
        )

    # -- project ----------------------------------------------------------------------------------
    def _build_project(self) -> None:
        narrative = self.narrative
        name = clean(self.fields.get("project")) or narrative.name or ""
        attribute_text = self.fields.get("attribute", "")
        attribute = parse_attribute(attribute_text) if attribute_text else None
        if attribute_text and attribute is None:
            self.rec.report(
                self.field_cells["attribute"],
                "attribute_unmarked",
                f"项目属性未勾选（“{clean(attribute_text)}”），记为空",
            )
        mid = self.years.get("mid_term") or (
            (int(narrative.start[:4]), int(narrative.end[:4]))
            if narrative.start and narrative.end
            else (None, None)
        )
        self.years = {"mid_term": mid, "annual": self.years.get("annual") or (None, None)}
        self.records.project = {
            "project": name,
            "department": clean(self.fields.get("department")) or None,
            "implementer": clean(self.fields.get("implementer")) or None,
            "attribute": attribute,
            "term": clean(self.fields.get("term")) or None,
            "start": narrative.start,
            "end": narrative.end,
            "annual_budget_wan": narrative.annual_budget_wan,
            "basis": narrative.fields.get("basis"),
            "content": narrative.fields.get("content"),
        }


def compose_target(content: dict[str, Cell]) -> str:
    """The 指标值 text, joined from separate comparator / value / unit columns if the form has them.

    >>> from kpi_analysis.readers.grid import Source
    >>> c = lambda t: Cell(t, Source("f"))
    >>> compose_target({"comparator": c("≥"), "target": c("95"), "unit": c("%")})
    '≥95%'
    >>> compose_target({"target": c("≥95%"), "unit": c("%")})
    '≥95%'
    """
    value = clean(content["target"].text) if "target" in content else ""
    if not value and "target_text" in content:
        return clean(content["target_text"].text)
    comparator = clean(content["comparator"].text) if "comparator" in content else ""
    unit = clean(content["unit"].text) if "unit" in content else ""
    if comparator in COMPARATOR_SYMBOLS and value and not value.startswith(COMPARATOR_SYMBOLS):
        value = comparator + value
    if unit and value and not value.endswith(unit):
        value += unit
    return value
