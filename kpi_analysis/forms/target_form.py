"""Interpret a 项目支出绩效目标表 grid into tidy records, by labels rather than positions.

A table is read section by section: header fields (项目名称, 主管部门 …), the funding
block (中期/年度资金总额, 财政拨款, 其他资金), the goals block (中期目标 | 年度目标) and the
indicator block, whose header row names the columns (一级/二级/三级指标, 指标值, 绩效标准 …).
Repeated column roles in that header start a second side (mid-term and annual side by side).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kpi_analysis.forms.narrative import Narrative, parse_amount_wan
from kpi_analysis.forms.recorder import Recorder
from kpi_analysis.grammar import normalise_text
from kpi_analysis.grid import Cell, Table
from kpi_analysis.labels import (
    canonical_level1,
    canonical_level2,
    is_non_target_level,
    join_vertical,
    label_key,
)

FIELD_LABELS = {
    "项目名称": "project",
    "项目支出名称": "project",
    "主管部门": "department",
    "主管部门及代码": "department",
    "预算部门": "department",
    "预算单位": "department",
    "项目主管部门": "department",
    "实施单位": "implementer",
    "项目实施单位": "implementer",
    "项目属性": "attribute",
    "项目期": "term",
    "项目周期": "term",
    "项目起止时间": "term",
    "项目支出实施期": "term",
    "项目实施期": "term",
}

COLUMN_ROLES = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "indicator",
    "指标内容": "indicator",
    "指标名称": "indicator",
    "具体指标": "indicator",
    "指标值": "target",
    "年度指标值": "target",
    "目标值": "target",
    "指标值及单位": "target",
    "年初目标值": "target",
    "年初目标值(A)": "target",
    "绩效标准": "standard",
    "指标标准": "standard",
    "指标标准或依据": "standard",
}

SECTION_LABELS = ("项目资金", "总体目标", "绩效指标", "绩效目标表", "资金情况")

MID_MARKERS = ("中期", "长期", "实施期", "总目标")
ANNUAL_MARKERS = ("年度", "本年")

YEAR_RANGE = re.compile(r"(\d{4})\s*年?\s*[—\-–~至到]+\s*(\d{4})")
YEAR_ONLY = re.compile(r"(\d{4})\s*年")
GOAL_MARK = re.compile(r"目标\s*(\d+)\s*[：:]")
INDICATOR_PREFIX = re.compile(
    r"^\s*(?:指标\s*(\d+)\s*[：:.、．]?|(\d+)\s*[、.．：:]|[（(]\s*(\d+)\s*[）)])"
)
ATTRIBUTE_OPTIONS = ("新增项目", "延续项目", "持续性项目", "新增性项目", "经常性项目", "一次性项目")
CHECKED = "■☑√✓✔☒▇"
UNCHECKED = "□口☐"


@dataclass
class FormRecords:
    """Tidy records produced from one form (one project)."""

    project: dict[str, object] = field(default_factory=dict)
    funding: list[dict[str, object]] = field(default_factory=list)
    goals: list[dict[str, object]] = field(default_factory=list)
    indicators: list[dict[str, object]] = field(default_factory=list)


@dataclass
class _Side:
    """One side (period) of the indicator block: column positions by role."""

    period: str
    columns: dict[str, int] = field(default_factory=dict)


def clean(text: str | None) -> str:
    """Normalised cell text (whitespace folded, line breaks of wrapped text removed)."""
    return normalise_text(text)


def positions(row: list[Cell]) -> list[tuple[int, Cell]]:
    """Pair each cell with its logical start column (spans counted)."""
    out, col = [], 1
    for cell in row:
        out.append((col, cell))
        col += max(cell.col_span, 1)
    return out


def period_of(text: str) -> str | None:
    """``mid_term`` or ``annual`` when a label names its period, else None."""
    key = label_key(text)
    if any(marker in key for marker in MID_MARKERS):
        return "mid_term"
    if any(marker in key for marker in ANNUAL_MARKERS):
        return "annual"
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


def parse_attribute(text: str) -> str | None:
    """Which 项目属性 option is ticked; None when no option is marked.

    A check mark (■ ☑ √) selects the option it belongs to: marks stand before their
    option ("■新增项目 □延续项目") unless the text ends with a mark, in which case they
    follow it ("持续性项目■ 新增性项目口"). In exports that lose the mark glyph, the only
    option *without* an empty box (□) while another has one is taken as ticked:
    "□新增项目 延续项目" → 延续项目.
    """
    compact = re.sub(r"\s+", "", text)
    found = sorted((compact.find(o), o) for o in ATTRIBUTE_OPTIONS if o in compact)
    boxes = CHECKED + UNCHECKED
    marks_follow = bool(compact) and compact[-1] in boxes and compact[0] not in boxes
    marks: dict[str, str] = {}
    for pos, option in found:
        at = pos + len(option) if marks_follow else pos - 1
        mark = compact[at] if 0 <= at < len(compact) else ""
        marks[option] = mark if mark in boxes else ""
    checked = [o for o, m in marks.items() if m and m in CHECKED]
    if len(checked) == 1:
        return checked[0]
    unboxed = [o for o, m in marks.items() if not m]
    boxed_empty = [o for o, m in marks.items() if m and m in UNCHECKED]
    if len(unboxed) == 1 and boxed_empty:
        return unboxed[0]
    return None


def split_goals(text: str) -> list[tuple[int, str]]:
    """Split a goal cell at ``目标N：`` markers; text without markers is goal 1."""
    text = text.strip()
    if not text:
        return []
    marks = list(GOAL_MARK.finditer(text))
    if not marks:
        return [(1, clean(text))]
    goals = []
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        body = clean(text[mark.end() : end])
        if body:
            goals.append((int(mark.group(1)), body))
    return goals


def split_indicator(text: str) -> tuple[int | None, str]:
    """``指标1：审核…`` → (1, "审核…"); only the number and one separator are removed."""
    text = clean(text)
    match = INDICATOR_PREFIX.match(text)
    if not match:
        return None, text
    number = next(g for g in match.groups() if g is not None)
    return int(number), text[match.end() :].strip()


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
        self.funding_columns: dict[int, str] = {}
        self.unit_divisor = 1.0

    # -- entry point -------------------------------------------------------------------------
    def run(self) -> FormRecords:
        """Interpret every row; return the records of this form."""
        rows = self.table.rows
        i = 0
        while i < len(rows):
            row = rows[i]
            if self._is_indicator_header(row):
                self._read_indicators(row, rows[i + 1 :])
                break
            if self._is_goal_header(row):
                body = rows[i + 1] if i + 1 < len(rows) else []
                self._read_goals(row, body)
                i += 2
                continue
            self._read_fields(row)
            i += 1
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
            if key in FIELD_LABELS:
                self.rec.label(cell)
                value_cell = self._next_cell(cells, idx)
                if value_cell is not None:
                    skip.add(idx + 1)
                    self._set_field(FIELD_LABELS[key], value_cell)
            elif self._funding_label(key) is not None:
                self.rec.label(cell)
                category, period = self._funding_label(key)
                value_cell, inline = self._funding_value(cells, idx, cell)
                if value_cell is not None and not inline:
                    skip.add(idx + 1)
                self._add_funding(col, category, period, value_cell, cell, inline)
            elif "绩效目标表" in key or YEAR_ONLY.fullmatch(key.strip("()（）度")):
                self.rec.label(cell)
                if "年度" in key and not self.years.get("annual"):
                    self.years["annual"] = years_of(cell.text)
            elif any(key.startswith(s) for s in SECTION_LABELS):
                self.rec.label(cell)
                if "（元）" in cell.text or "(元)" in cell.text:
                    self.unit_divisor = 10000.0
            else:
                self.rec.report(cell, "cell_not_understood", "表头区域的单元格未能识别")

    @staticmethod
    def _next_cell(cells: list[tuple[int, Cell]], idx: int) -> Cell | None:
        return cells[idx + 1][1] if idx + 1 < len(cells) else None

    def _set_field(self, name: str, cell: Cell) -> None:
        self.rec.value(cell)
        self.fields[name] = cell.text
        self.field_cells[name] = cell

    @staticmethod
    def _funding_label(key: str) -> tuple[str, str | None] | None:
        key = re.sub(r"[:：]?\d[\d.,]*(万元|万|元)?$", "", key)
        key = key.removeprefix("其中").lstrip(":：")
        if key.endswith("资金总额") or key in ("资金总额", "项目资金总额", "项目总金额"):
            return "total", period_of(key)
        if key.startswith("财政拨款") or key in ("财政资金", "财政性资金"):
            return "fiscal", None
        if key.startswith("其他资金"):
            return "other", None
        return None

    @staticmethod
    def _funding_value(
        cells: list[tuple[int, Cell]], idx: int, label: Cell
    ) -> tuple[Cell | None, bool]:
        if re.search(r"\d", label.text):
            return label, True
        return (cells[idx + 1][1], False) if idx + 1 < len(cells) else (None, False)

    def _add_funding(
        self,
        col: int,
        category: str,
        period: str | None,
        value_cell: Cell | None,
        label: Cell,
        inline: bool,
    ) -> None:
        if category == "total":
            period = period or "annual"
            self.funding_columns[col] = period
        else:
            period = self._funding_period(col)
        if value_cell is None or (value_cell.is_empty and not inline):
            self.rec.report(label, "funding_missing", "资金项目没有填写金额", severity="warning")
            return
        text = value_cell.text
        if inline:
            text = re.sub(r"^.*?[：:]", "", text) if re.search(r"[：:]", text) else text
        amount = parse_amount_wan(clean(text).replace(",", "").replace("，", ""))
        if amount is None:
            self.rec.report(
                value_cell, "bad_amount", "金额不是数字，未计入资金表", severity="error"
            )
            return
        # an amount written with its unit (万/元) is already in 万元; a bare number takes the
        # unit of the block label (项目资金（万元） or （元）)
        divisor = 1.0 if re.search(r"[万元]", text) else self.unit_divisor
        self.rec.value(value_cell)
        self.records.funding.append(
            {
                "source": str(value_cell.source),
                "period": period,
                "category": category,
                "amount_wan": round(amount / divisor, 6),
            }
        )

    def _funding_period(self, col: int) -> str:
        if not self.funding_columns:
            return "annual"
        if col in self.funding_columns:
            return self.funding_columns[col]
        left = [c for c in self.funding_columns if c <= col]
        chosen = max(left) if left else min(self.funding_columns)
        return self.funding_columns[chosen]

    # -- goals -----------------------------------------------------------------------------------
    def _is_goal_header(self, row: list[Cell]) -> bool:
        keys = [label_key(c.text) for c in row]
        return (
            any(k.endswith("目标") or "目标(" in k for k in keys if period_of(k))
            and any("目标" in k for k in keys)
            and not self._is_indicator_header(row)
        )

    def _read_goals(self, header: list[Cell], body: list[Cell]) -> None:
        header_cols = {}
        for col, cell in positions(header):
            if cell.is_empty:
                continue
            self.rec.label(cell)
            period = period_of(cell.text)
            if period and "目标" in cell.text:
                header_cols[col] = period
                start, end = years_of(cell.text)
                if start is not None:
                    self.years[period] = (start, end)
        for col, cell in positions(body):
            if cell.is_empty:
                continue
            period = header_cols.get(col)
            if period is None:
                self.rec.report(
                    cell, "goal_column_unknown", "目标文字不在任何目标列下，未能归入期间"
                )
                continue
            self.rec.value(cell)
            for goal_no, goal in split_goals(cell.text):
                self.records.goals.append(
                    {"source": str(cell.source), "period": period, "goal_no": goal_no, "goal": goal}
                )

    # -- indicators ------------------------------------------------------------------------------
    @staticmethod
    def _role(text: str) -> str | None:
        key = label_key(text)
        for marker in MID_MARKERS + ANNUAL_MARKERS:
            key = key.replace(f"({marker})", "")
        return COLUMN_ROLES.get(key)

    def _is_indicator_header(self, row: list[Cell]) -> bool:
        roles = {self._role(c.text) for c in row}
        return len(roles & {"level1", "level2", "indicator", "target"}) >= 3

    def _sides(self, header: list[Cell]) -> tuple[list[_Side], int | None]:
        sides: list[_Side] = []
        level1_col = None
        for col, cell in positions(header):
            role = self._role(cell.text)
            if cell.is_empty:
                continue
            self.rec.label(cell)
            if role is None:
                continue
            if role == "level1" and level1_col is None:
                level1_col = col
                continue
            if not sides or role in sides[-1].columns:
                sides.append(_Side(period=period_of(cell.text) or ""))
            sides[-1].columns[role] = col
        defaults = ["mid_term", "annual"] if len(sides) == 2 else ["annual"] * len(sides)
        for side, default in zip(sides, defaults, strict=True):
            side.period = side.period or default
        return sides, level1_col

    def _read_indicators(self, header: list[Cell], rows: list[list[Cell]]) -> None:
        sides, level1_col = self._sides(header)
        state = {side.period: _GroupState(self.rec) for side in sides}
        level1: dict[str, object] = {"name": None}
        for row in rows:
            cells = dict(positions(row))
            used: set[int] = set()
            if level1_col is not None and level1_col in cells:
                used.add(level1_col)
                l1_cell = cells[level1_col]
                if not l1_cell.is_empty:
                    level1["name"] = self._level1_name(l1_cell)
            for side in sides:
                used.update(side.columns.values())
                self._read_side_row(side, cells, state[side.period], level1["name"])
            for col, cell in cells.items():
                if col not in used and not cell.is_empty:
                    if any(key in label_key(cell.text) for key in ("绩效指标",)):
                        self.rec.label(cell)
                    else:
                        self.rec.report(
                            cell, "cell_not_understood", "指标区的单元格不在任何已识别的列下"
                        )
        for side in sides:
            for row in state[side.period].finish():
                if row["level1"] is None:
                    self.rec.report(
                        str(row["source"]),
                        "level1_missing",
                        "指标行之上没有一级指标",
                        text=str(row["indicator"]),
                    )
                self.records.indicators.append(row)

    def _level1_name(self, cell: Cell) -> str:
        self.rec.label(cell)
        name = canonical_level1(cell.text)
        if name is None:
            name = join_vertical(cell.text)
            code = "level_not_target" if is_non_target_level(cell.text) else "level1_unknown"
            self.rec.report(cell, code, f"一级指标“{name}”不在目标表指标体系中，原样保留")
        return name

    def _read_side_row(
        self, side: _Side, cells: dict[int, Cell], group: _GroupState, level1: object
    ) -> None:
        def cell_for(role: str) -> Cell | None:
            col = side.columns.get(role)
            return cells.get(col) if col is not None else None

        l2_cell, name_cell = cell_for("level2"), cell_for("indicator")
        target_cell, standard_cell = cell_for("target"), cell_for("standard")
        label = None
        if l2_cell is not None and not l2_cell.is_empty:
            self.rec.label(l2_cell)
            label = canonical_level2(l2_cell.text)
            if label is None:
                label = join_vertical(l2_cell.text)
                code = "level_not_target" if is_non_target_level(l2_cell.text) else "level2_unknown"
                self.rec.report(l2_cell, code, f"二级指标“{label}”不在目标表指标体系中，原样保留")
        texts = [c for c in (name_cell, target_cell, standard_cell) if c is not None]
        if all(c.is_empty for c in texts):
            if label is not None:
                group.label_only(label, l2_cell)
            return
        number, name = split_indicator(name_cell.text) if name_cell is not None else (None, "")
        for c in texts:
            self.rec.value(c)
        anchor = name_cell if name_cell is not None else texts[0]
        group.add(
            label,
            l2_cell,
            {
                "source": str(anchor.source),
                "period": side.period,
                "level1": level1,
                "indicator_no": number,
                "indicator": name,
                "target": clean(target_cell.text) if target_cell is not None else "",
                "standard": clean(standard_cell.text) if standard_cell is not None else "",
                "placeholder": not name,
            },
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
                text=attribute_text,
            )
        mid = self.years.get("mid_term") or (
            (int(narrative.start[:4]), int(narrative.end[:4]))
            if narrative.start and narrative.end
            else (None, None)
        )
        annual = self.years.get("annual") or (None, None)
        self.years = {"mid_term": mid, "annual": annual}
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


class _GroupState:
    """Assigns 二级 labels to indicator rows of one side.

    A label normally stands on the first row of its group. When numbering restarts
    (指标1 after 指标4) on a row without a label, a new group starts; a label on a later
    row whose number continues that group (指标2) names it (the label sat in the second row).
    """

    def __init__(self, recorder: Recorder) -> None:
        self.rec = recorder
        self.rows: list[dict[str, object]] = []
        self.group: list[dict[str, object]] = []
        self.label: str | None = None
        self.label_cell: Cell | None = None
        self.last_no: int | None = None

    def _close(self) -> None:
        if not self.group and self.label is not None and self.label_cell is not None:
            self.rec.report(
                self.label_cell,
                "level2_without_indicator",
                f"二级指标“{self.label}”下没有三级指标行",
                severity="info",
            )
        for row in self.group:
            row["level2"] = self.label
            if self.label is None:
                self.rec.report(
                    str(row["source"]),
                    "level2_missing",
                    "指标行没有二级指标，无法归类",
                    text=str(row["indicator"]),
                )
        self.rows.extend(self.group)
        self.group, self.label, self.label_cell, self.last_no = [], None, None, None

    def add(self, label: str | None, label_cell: Cell | None, row: dict[str, object]) -> None:
        """Add an indicator row, opening a new group where labels or numbering say so."""
        number = row["indicator_no"]
        if label is not None:
            continues = (
                bool(self.group)
                and self.label is None
                and number is not None
                and self.last_no is not None
                and number == self.last_no + 1
            )
            if not continues:
                self._close()
            self.label, self.label_cell = label, label_cell
        elif (
            self.group
            and number is not None
            and self.last_no is not None
            and number <= self.last_no
        ):
            self._close()
        self.group.append(row)
        if number is None:
            number = (self.last_no or 0) + 1
            row["indicator_no"] = number
        self.last_no = number

    def label_only(self, label: str, cell: Cell | None) -> None:
        """A 二级 label on a row without indicator text: it opens a new group."""
        self._close()
        self.label, self.label_cell = label, cell

    def finish(self) -> list[dict[str, object]]:
        """Close the last group and return every row of this side."""
        self._close()
        return self.rows
