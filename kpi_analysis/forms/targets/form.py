"""Interpret a 项目支出绩效目标表 grid into tidy records, by labels rather than positions.

A table is read row by row: header fields (项目名称, 主管部门 …), the funding block
(:mod:`~kpi_analysis.forms.funding`), the goals block (中期目标 | 年度目标, or a label with its
text beside it) and indicator blocks, whose header row names the columns
(:mod:`~kpi_analysis.forms.targets.columns`). Mid-term and annual indicators may stand side by side
or in separate blocks (长期绩效指标 / 年度绩效指标).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kpi_analysis.forms.cells import (
    clean,
    coded_unit_line,
    grid_width,
    near_label_message,
    non_empty,
    period_of,
    positions,
    years_of,
)
from kpi_analysis.forms.context import context_kind
from kpi_analysis.forms.fields import (
    ATTRIBUTE_WORDS,
    FIELD_LABELS,
    near_field_beside,
    parse_attribute,
    split_goals,
    split_indicator,
)
from kpi_analysis.forms.funding import (
    BARE_OTHER,
    OTHER_LABELS,
    FundingBlock,
    classify,
    funding_key,
    funding_lines,
    inline_amount,
    near_funding_label,
)
from kpi_analysis.forms.narrative import Narrative, title_project
from kpi_analysis.forms.recorder import Recorder
from kpi_analysis.forms.targets.columns import (
    TARGET_HEADER,
    Header,
    Side,
    block_title_period,
    header_evidence,
    is_header,
    merge_second_header,
    near_header,
    parse_header,
    shifted_levels,
)
from kpi_analysis.forms.targets.continuation import continues_block, repeats_header
from kpi_analysis.forms.targets.groups import LevelGroups
from kpi_analysis.readers.grid import Cell, Table
from kpi_analysis.text.grammar import comparator_symbol, parse_target
from kpi_analysis.text.headwords import (
    field_of,
    is_achievement_label,
    is_signature_label,
    parse_amount,
    split_inline_field,
)
from kpi_analysis.text.money import divisor_of, stated_unit
from kpi_analysis.text.vocabulary import (
    canonical_level1,
    canonical_level2,
    canonical_ndrc_level2,
    is_ndrc_level1,
    is_non_target_level,
    is_placeholder_text,
    join_vertical,
    label_key,
    level1_of,
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
GOAL_TAIL = re.compile(r"(?:和|及|与)(?:成果|产出|内容|指标)$")
#: Goal labels without a period marker: their text is the annual goal.
GENERIC_GOALS = ("总体目标", "项目绩效目标", "绩效目标", "主要目标", "项目目标", "总体绩效目标")
#: Labels only a department-wide form prints (its title 部门整体绩效目标表, the 部门职能职责
#: 概述 field): no project, the department is the record.
WHOLE_DEPARTMENT = re.compile(r"^部门整体(?:支出)?绩效目标|^部门职能")
#: A form's title names it: 绩效目标表, 绩效目标申报表 / 批复表 / 审批表.
FORM_TITLE = re.compile(r"绩效目标(?:申报|批复|审批)?表")
#: Roles whose cells make up an indicator row (name, value and its parts, standard).
CONTENT_ROLES = ("indicator", "target", "standard", "unit", "comparator", "target_text")
COMPARATOR_SYMBOLS = ("≥", "≤", ">", "<", "=", "＞", "＜", "＝", ">=", "<=", "≈")
#: Variant glyphs printed for the comparators (≧ ≦ ⩾ ⩽, ═ drawn for =, full-width forms).
COMPARATOR_GLYPHS = str.maketrans(
    {"≧": "≥", "≦": "≤", "⩾": "≥", "⩽": "≤", "═": "=", "＝": "=", "＞": ">", "＜": "<"}
)


def is_comparator(text: str) -> bool:
    """True for a cell naming only a comparison: a symbol as printed, variant glyphs included
    (≧, ═, ＞=), or a comparison word (大于等于, 不低于, 等于).

    >>> [is_comparator(t) for t in ("≧", "═", ">=", "大于等于", "正向")]
    [True, True, True, True, False]
    """
    return clean(text).translate(COMPARATOR_GLYPHS) in COMPARATOR_SYMBOLS or (
        comparator_symbol(text) is not None
    )


#: A unit label ends so (项目单位); a supervising department's label ends so (主管部门).
UNIT_WORD = "单位"
SUPERVISOR_WORDS = ("主管部门", "主管单位")
DEPARTMENT_WORD = "部门"


def _names_unit(key: str) -> bool:
    """True for a label naming a unit, not its supervisor: 项目单位, 单位名称 (not 主管单位)."""
    stem = key.removesuffix("名称")
    return stem.endswith(UNIT_WORD) and not stem.endswith(SUPERVISOR_WORDS)


def _names_department(key: str) -> bool:
    """True for a label naming the department above the unit: 主管部门, 部门名称, 主管单位."""
    stem = key.removesuffix("名称")
    return stem.endswith((*SUPERVISOR_WORDS, DEPARTMENT_WORD))


#: What joins the ``unit:value`` targets of a matrix row whose units print different values.
MATRIX_JOIN = "；"


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
    key_plain = GOAL_TAIL.sub("", key.split("(")[0])
    return period_of(key) is not None and key_plain.endswith(GOAL_LABEL_ENDINGS) and len(key) < 30


#: A label that names only a period: the stub of a goal label (年度 for 年度目标).
PERIOD_STUBS = ("年度", "本年度", "当年", "中期", "长期", "实施期")
#: Shortest text taken as a paragraph of prose (a goal), never a value.
MIN_PROSE = 10


def is_period_stub(text: str) -> bool:
    """True for a label that is only a period word (年度, 中期 …).

    >>> is_period_stub("年 度"), is_period_stub("年度目标"), is_period_stub("2021年度")
    (True, False, False)
    """
    return label_key(text) in PERIOD_STUBS


def is_prose(text: str) -> bool:
    """True for a cell of running text (a goal), not a value, date or amount.

    >>> is_prose("完成70个行政村送戏任务，每村4400元"), is_prose("5.00"), is_prose("1年")
    (True, False, False)
    """
    words = clean(text)
    cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in words)
    return len(words) >= MIN_PROSE and cjk >= MIN_PROSE // 2


def is_label_fragment(key: str) -> bool:
    """One character of a block label written down the rows (总 / 体 / 目 / 标 one per row)."""
    return len(key) == 1 and "\u4e00" <= key <= "\u9fff"


def is_generic_goal_label(text: str) -> bool:
    """True for 总体目标 / 项目绩效目标 / 项目总体目标 …: a goal label that names no period.

    >>> is_generic_goal_label("项目总体目标"), is_generic_goal_label("项目年度目标")
    (True, False)
    """
    key = GOAL_TAIL.sub("", label_key(text))
    return key in GENERIC_GOALS or key.removeprefix("项目") in GENERIC_GOALS


class TargetFormInterpreter:
    """Turns one table (one project's 绩效目标表) into :class:`FormRecords`."""

    def __init__(self, table: Table, narrative: Narrative, recorder: Recorder) -> None:
        self.table = table
        self.narrative = narrative
        self.rec = recorder
        self.records = FormRecords()
        self.fields: dict[str, str] = {}
        self.field_cells: dict[str, Cell] = {}
        self.field_ranks: dict[str, int] = {}  # how exact the label of each field was
        self.passed_fields: list[Cell] = []  # values of a field printed twice, not taken
        self.years: dict[str, tuple[int | None, int | None]] = {}
        self.funding = FundingBlock(recorder)
        if narrative.amount_unit is not None:
            self.funding.divisor = divisor_of(narrative.amount_unit)
        self.header: Header | None = None
        self.last_header: Header | None = None  # the indicator header read last (continuations)
        self.groups: dict[int, LevelGroups] = {}
        self.level1: str | None = None
        self.block_period: str | None = None
        self.title_name: str | None = None
        self.whole_department = False  # a 部门整体绩效目标表: named after its department
        self.overall_goals: list[dict[str, object]] = []  # goals under a label naming no period
        self._department_label: str | None = None  # the label the department was read under
        self.unit_line: tuple[Cell, str] | None = None  # (unit name, code) printed above

    # -- entry point -------------------------------------------------------------------------
    def run(self) -> FormRecords:
        """Interpret every row; return the records of this form."""
        self.start()
        self.read_rows(self.table.rows)
        return self.finish()

    def start(self) -> None:
        """Take what the paragraphs above the table say (goals, a block period)."""
        self.block_period = self.narrative.block_period  # 中长期绩效指标 above the table
        for number, (period, paragraph) in enumerate(self.narrative.goals, start=1):
            self.records.goals.append(
                {
                    "source": str(paragraph.source),
                    "period": period,
                    "goal_no": number,
                    "goal": paragraph.text.strip(),
                }
            )

    def finish(self) -> FormRecords:
        """Close the open block and settle the project: the records of this form."""
        self._close_block()
        self._overall_goals_period()
        self.records.funding = self.funding.finish()
        self._build_project()
        return self.records

    def continue_table(self, table: Table) -> bool:
        """Read ``table`` (no title, no project name, just after this form) as the rest of
        this form's indicator block when it bears that out (a page break split the table):
        its first row repeats an indicator header, or the header read last still applies
        (:func:`~kpi_analysis.forms.targets.continuation.continues_block`). The open 一级 and
        二级 classes go on into it. False, reading nothing, otherwise."""
        header = self.last_header
        if header is None or not continues_block(table, header, grid_width(self.table.rows)):
            return False
        first = next((row for row in table.rows if non_empty(row)), None)
        if first is not None and not repeats_header(header, first):
            self.rec.report(
                str(non_empty(first)[0].source),
                "indicator_block_continued",
                "续表没有表头，按前表的绩效指标表头读取",
                severity="info",
            )
            if self.header is None:  # the block was closed: reopen it under its header
                self.header = header
                self.groups = {id(side): LevelGroups(self.rec) for side in self.header.sides}
        self.read_rows(table.rows)
        return True

    def read_rows(self, rows: list[list[Cell]]) -> None:
        """Interpret ``rows`` in order (this form's table, or a table continuing it)."""
        i = 0
        while i < len(rows):
            row = rows[i]
            title_period = block_title_period(row)
            if title_period is not None:
                self._close_block()
                self.block_period = title_period
                for cell in non_empty(row):
                    self.rec.label(cell)
            elif self.header is not None and repeats_header(self.header, row):
                for cell in non_empty(row):  # the header printed again (a page break)
                    self.rec.label(cell)
            elif is_header(row):
                self._close_block()
                self.header = parse_header(row, self.block_period)
                for cell in self.header.label_cells:
                    self.rec.label(cell)
                self.groups = {id(side): LevelGroups(self.rec) for side in self.header.sides}
                self.last_header = self.header
            elif self.header is None and (shifted := shifted_levels(row, rows[i + 1 :])):
                self.header = parse_header(shifted, self.block_period)
                for cell in non_empty(row):
                    self.rec.label(cell)
                self.rec.report(
                    non_empty(row)[0],
                    "levels_shifted",
                    "表头“一级指标”列下是二级指标、“二级指标”列下是指标名称，按内容读取",
                    severity="info",
                )
                self.groups = {id(side): LevelGroups(self.rec) for side in self.header.sides}
                self.last_header = self.header
            elif self.header is not None and merge_second_header(self.header, row):
                for cell in non_empty(row):
                    self.rec.label(cell)
            elif self.header is not None:
                self._read_indicator_row(row)
            elif self._is_goal_header(row):
                body = rows[i + 1] if i + 1 < len(rows) else []
                if len(non_empty(row)) == 1 and self._labels_own_goal(body):
                    for cell in non_empty(row):  # a section title over a labelled goal row
                        self.rec.label(cell)
                else:
                    self._read_goals(row, body)
                    i += 1
            else:
                self._near_header(row)
                self._read_fields(row)
            i += 1

    def _overall_goals_period(self) -> None:
        """A goal under a label naming no period (项目总体目标) beside a goal labelled for the
        year (项目年度目标) is the goal of the whole implementation period: mid-term. Alone,
        it stays the annual goal."""
        overall = {id(goal) for goal in self.overall_goals}
        others = [goal for goal in self.records.goals if id(goal) not in overall]
        if not overall or not others or any(g["period"] == "mid_term" for g in others):
            return
        for goal in self.overall_goals:
            goal["period"] = "mid_term"
            self.rec.report(
                str(goal["source"]),
                "overall_goal_mid_term",
                "总体目标与年度目标分列，总体目标按中期（实施期）目标读取",
                severity="info",
                text=str(goal["goal"])[:200],
            )

    def _near_header(self, row: list[Cell]) -> None:
        """A row naming indicator columns but not enough for a header: one finding saying what
        was found and what is missing (its cells are reported one by one as well)."""
        found = header_evidence(row)
        if near_header(found):
            self.rec.report(
                str(non_empty(row)[0].source),
                "header_incomplete",
                TARGET_HEADER.shortfall(r for r in found.roles if r != "extra"),
                severity="warning",
                text=" | ".join(clean(c.text) for c in non_empty(row))[:200],
            )

    # -- header fields and funding -------------------------------------------------------------
    def _read_fields(self, row: list[Cell]) -> None:
        cells = positions(row)
        skip: set[int] = set()
        for idx, (col, cell) in enumerate(cells):
            if idx in skip or cell.is_empty:
                continue
            key = label_key(cell.text)
            following = cells[idx + 1][1] if idx + 1 < len(cells) else None
            name = FIELD_LABELS.get(key) or field_of(cell.text)
            inline = split_inline_field(cell.text) if name is None else None
            if name == "other":
                self.rec.label(cell)
                if self._note_untabled_value(following):
                    skip.add(idx + 1)
            elif name is not None:
                self.rec.label(cell)
                if following is not None:
                    skip.add(idx + 1)
                    self._set_field(self._unit_field(name, key), following, cell)
            elif inline is not None:
                self.fields.setdefault(inline[0], inline[1])
                self.field_cells.setdefault(inline[0], cell)
                self.rec.value(cell)
            elif stated_unit(key) and len(key) < 12:
                self.rec.label(cell)
                self.funding.note_unit(cell.text)
            elif lines := funding_lines(cell.text):
                for line_key, line in lines:  # one cell, several funding lines
                    part = Cell(line, cell.source)
                    self.funding.add(col, line_key, part, part)
                self.rec.value(cell)  # the cell as printed, not its last line
            elif (
                self.funding.amounts
                and funding_key(key) in BARE_OTHER
                and inline_amount(cell.text) is not None
            ):
                self.rec.label(cell)  # 三、其他:3683万元 on its own row below funding lines
                self.funding.add(col, OTHER_LABELS[0], cell, cell)
            elif classify(key) is not None and self._heads_labels(cell, following):
                self.rec.label(cell)  # 项目金额(万元) vertical over its lines: a block label
                self.funding.note_unit(cell.text)
            elif classify(key) is not None:
                self.rec.label(cell)
                self.funding.note_unit(cell.text)  # 资金总额（元）: the unit of its amount
                has_inline = inline_amount(cell.text) is not None
                value = cell if has_inline else following
                if not has_inline and following is not None:
                    skip.add(idx + 1)
                self.funding.add(col, key, cell, value)
            elif is_goal_label(cell.text) and following is not None:
                self.rec.label(cell)
                skip.add(idx + 1)
                self._add_goal_text(period_of(cell.text) or "annual", cell, following)
            elif (
                is_generic_goal_label(cell.text)
                and following is not None
                and not following.is_empty
                and not self._is_label(following)
            ):
                self.rec.label(cell)
                skip.add(idx + 1)
                count = len(self.records.goals)
                self._add_goal_text("annual", cell, following)
                self.overall_goals.extend(self.records.goals[count:])
            elif (
                is_period_stub(cell.text)
                and following is not None
                and is_prose(following.text)
                and not self._is_label(following)
            ):
                # 年度 / 中期 alone beside a paragraph: a goal label cut short (年度目标)
                self.rec.label(cell)
                skip.add(idx + 1)
                self.rec.report(
                    cell,
                    "goal_label_stub",
                    f"标签“{clean(cell.text)}”只写了期间，其右侧文字按该期间的绩效目标读取",
                    severity="info",
                )
                self._add_goal_text(period_of(cell.text) or "annual", cell, following)
            elif WHOLE_DEPARTMENT.search(key) and len(key) <= 20:
                self.rec.label(cell)  # 部门整体绩效目标(表), 部门职能概述: the department's form
                self.whole_department = True
                if self._note_untabled_value(following):
                    skip.add(idx + 1)
            elif FORM_TITLE.search(key) or "自评表" in key or self._is_year_label(key):
                self.rec.label(cell)
                self.title_name = self.title_name or title_project(key)
                if "年度" in key and not self.years.get("annual"):
                    self.years["annual"] = years_of(cell.text)
            elif any(key.startswith(s) for s in SECTION_LABELS):
                self.rec.label(cell)
                self.funding.note_unit(cell.text)
            elif is_signature_label(cell.text):
                self.rec.report(cell, "signature", "签字栏，未读取", severity="info")
                if (
                    following is not None
                    and not following.is_empty
                    and not self._is_label(following)
                    and not is_signature_label(following.text)
                ):
                    skip.add(idx + 1)
                    self.rec.report(following, "signature", "签字栏，未读取", severity="info")
            elif (near := self._misprinted_field(cell, following)) is not None:
                name, label = near
                self.rec.label(cell)
                self.rec.report(cell, "label_near_match", near_label_message(cell, label))
                skip.add(idx + 1)
                self._set_field(self._unit_field(name, label), following, cell)
            elif (funding_label := self._misprinted_funding(cell, following)) is not None:
                self.rec.label(cell)
                self.rec.report(
                    cell,
                    "label_near_match",
                    near_label_message(cell, funding_label, "（右侧是金额）"),
                    severity="info",
                )
                skip.add(idx + 1)
                self.funding.add(col, funding_label, cell, following)
            elif (unit := self._coded_unit_line(row, cell)) is not None:
                self.rec.value(cell)  # 207101某法院 | 单位:万元 above the form: its unit
                self.unit_line = (Cell(unit[1], cell.source), unit[0])
            elif len(non_empty(row)) == 1 and context_kind(cell.text):
                self.rec.label(cell)  # a full-width 附件1 / title / unit row: framing
            else:
                self.rec.report(cell, "cell_not_understood", "表头区域的单元格未能识别")

    def _heads_labels(self, cell: Cell, following: Cell | None) -> bool:
        """True when a funding label (项目金额(万元)) has no amount of its own: the cell to
        its right is another label (年度资金总额), so it heads the lines beside it."""
        return (
            following is not None
            and not following.is_empty
            and inline_amount(cell.text) is None
            and self._is_label(following)
        )

    def _coded_unit_line(self, row: list[Cell], cell: Cell) -> tuple[str, str] | None:
        """(code, name) when ``cell`` opens a unit line above the form: a unit printed after
        its budget code (``207101某法院``), first in its row, beside nothing but a unit note,
        before any field or amount was read (:func:`~kpi_analysis.forms.cells.coded_unit_line`).
        As in a project list, the code names the unit: the form's department."""
        if (
            self.fields
            or self.funding.amounts
            or self.unit_line is not None
            or non_empty(row)[0] is not cell
        ):
            return None
        return coded_unit_line(row)

    def _misprinted_field(self, cell: Cell, following: Cell | None) -> tuple[str, str] | None:
        """(field, label) for a field label misprinted by one character (主管部问 → 主管部门),
        decided by evidence: a value that is no label stands beside it and fits the field
        (:func:`~kpi_analysis.forms.fields.near_field_beside`). None otherwise."""
        if following is None or following.is_empty or self._is_label(following):
            return None
        return near_field_beside(cell.text, following.text)

    @staticmethod
    def _misprinted_funding(cell: Cell, following: Cell | None) -> str | None:
        """The funding label a cell misprints by one character (其中:财政投款 → 财政拨款),
        decided by evidence: an amount stands to its right. None otherwise."""
        if following is None or following.is_empty or parse_amount(clean(following.text)) is None:
            return None
        return near_funding_label(label_key(cell.text))

    def _note_untabled_value(self, following: Cell | None) -> bool:
        """Report the value beside a label whose field has no tidy column; True if there was one."""
        if following is None or following.is_empty or self._is_label(following):
            return False
        self.rec.report(
            following, "field_not_tabulated", "表头字段不进入整洁表，仅作记录", severity="info"
        )
        return True

    @staticmethod
    def _is_label(cell: Cell) -> bool:
        """True when a cell is itself a form label (never a field's value)."""
        key = label_key(cell.text)
        return (
            key in FIELD_LABELS
            or field_of(cell.text) is not None
            or is_goal_label(cell.text)
            or classify(key) is not None
        )

    @staticmethod
    def _is_year_label(key: str) -> bool:
        stripped = key.strip("()（）")
        return bool(stripped) and stripped.endswith(("年度", "年")) and stripped[:4].isdigit()

    def _unit_field(self, name: str, key: str) -> str:
        """A unit label (项目单位, 申报单位, 单位名称) after a department label (主管部门,
        部门名称): the form names both the supervising department and the unit that carries the
        project out (implementer)."""
        label = self.field_cells.get("department")
        if (
            name != "department"
            or label is None
            or "implementer" in self.fields
            or not _names_unit(key)
            or not self._department_label
            or not _names_department(label_key(self._department_label))
        ):
            if name == "department":
                self._department_label = self._department_label or key
            return name
        return "implementer"

    def _set_field(self, name: str, cell: Cell, label: Cell | None = None) -> None:
        """Take ``cell`` as the value of field ``name``. A field printed twice keeps the value
        under the more exact label (项目实施单位 over 组织实施单位, 二级项目名称 over 一级项目名称
        — the parent project), else the later one; the other is reported when the project is
        built (values are marked then too)."""
        rank = field_rank(label.text) if label is not None else 1
        old = self.field_cells.get(name)
        if old is not None and old is not cell:
            if self.field_ranks.get(name, 1) < rank:
                self.passed_fields.append(cell)
                return
            self.passed_fields.append(old)
        self.fields[name] = cell.text
        self.field_cells[name] = cell
        self.field_ranks[name] = rank

    # -- goals -----------------------------------------------------------------------------------
    def _is_goal_header(self, row: list[Cell]) -> bool:
        """A row of goal column labels (年度目标 …), with block labels around them and maybe
        the label of an achievement column (年度总体目标完成情况, empty on a target form)."""
        labels, others = [], []
        for cell in non_empty(row):
            (labels if is_goal_label(cell.text) else others).append(cell)
        return bool(labels) and all(
            self._is_block_label(c) or is_achievement_label(c.text) for c in others
        )

    @staticmethod
    def _labels_own_goal(row: list[Cell]) -> bool:
        """True for a row that starts with its own goal label and holds text beside it
        (``*年度绩效总目标 | …``): a lone goal label above it is a section title, not the
        header of a goal column."""
        cells = non_empty(row)
        if len(cells) < 2:
            return False
        first = cells[0].text
        return is_goal_label(first) or is_generic_goal_label(first)

    @staticmethod
    def _is_block_label(cell: Cell) -> bool:
        """A section label (总体目标, 资金情况 …) or a goal label naming no period
        (项目绩效目标) — the label of a block, never its content."""
        key = label_key(cell.text)
        return (
            any(key.startswith(s) for s in SECTION_LABELS)
            or is_generic_goal_label(cell.text)
            or is_label_fragment(key)
        )

    def _read_goals(self, header: list[Cell], body: list[Cell]) -> None:
        header_cols = {}
        achieved: set[int] = set()
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
            elif is_achievement_label(cell.text):
                achieved.add(col)
        for col, cell in positions(body):
            if cell.is_empty:
                continue
            if col in achieved:
                self.rec.report(
                    cell, "goal_achievement", "目标完成情况不进入目标表，仅作记录", severity="info"
                )
                continue
            if col not in header_cols:
                if self._is_block_label(cell):
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
                self._add_indicator(row)
        self.header, self.groups, self.level1 = None, {}, None

    def _add_indicator(self, row: dict[str, object]) -> None:
        """Keep one finished indicator row (its 二级 settled). A missing 一级 is the class its
        二级 implies, with a finding (degrade, never drop); without either it is reported."""
        level2 = row["level2"]
        inferred = level1_of(level2) if row["level1"] is None and isinstance(level2, str) else None
        if inferred is not None:
            row["level1"] = inferred
            self.rec.report(
                str(row["source"]),
                "level1_inferred",
                f"指标行之上没有一级指标，按二级指标“{level2}”归入“{inferred}”",
                severity="info",
                text=str(row["indicator"]),
            )
        elif row["level1"] is None:
            self.rec.report(
                str(row["source"]),
                "level1_missing",
                "指标行之上没有一级指标",
                text=str(row["indicator"]),
            )
        self.records.indicators.append(row)

    def _read_indicator_row(self, row: list[Cell]) -> None:
        assert self.header is not None
        cells: dict[int | None, Cell] = dict(positions(row))
        used: set[int | None] = set()
        level1_col = self.header.level1_col
        if level1_col is not None and level1_col in cells:
            used.add(level1_col)
            l1_cell = self._level1_cell(cells, level1_col, self.header.level1_span, used)
            if not l1_cell.is_empty:
                name = self._level1_name(l1_cell)
                if name != self.level1:
                    self._break_groups(cells)
                self.level1 = name
            elif not l1_cell.continued:
                self._level1_from_level2(cells)
        for side in self.header.sides:
            used.update(side.columns.values())
            used.update(side.extra)
            used.update(side.matrix)
            self._read_side_row(side, cells)
        for col, cell in cells.items():
            if col in used or cell.is_empty:
                continue
            if any(label_key(cell.text).startswith(s) for s in SECTION_LABELS):
                self.rec.label(cell)
            else:
                self.rec.report(cell, "cell_not_understood", "指标区的单元格不在任何已识别的列下")

    def _break_groups(self, cells: dict[int | None, Cell]) -> None:
        """A new 一级 class starts on this row: close each side's open 二级 group, unless the
        row's 二级 cell continues a merge from above (the 一级 label is printed mid-block, as
        Word centres it: the merge says the row is still in that group)."""
        assert self.header is not None
        for side in self.header.sides:
            level2 = cells.get(side.columns.get("level2"))
            if level2 is not None and level2.continued:
                continue
            self.groups[id(side)].break_group()

    def _level1_from_level2(self, cells: dict[int | None, Cell]) -> None:
        """A blank (unmerged) 一级 cell beside a 二级 of another standard class (社会效益 under
        an open 产出指标): the row belongs to the 二级's own 一级 class (效益指标)."""
        assert self.header is not None
        if self.level1 is None or canonical_level1(self.level1) != self.level1:
            return  # no open class, or one outside the standard system (NDRC, as printed)
        for side in self.header.sides:
            cell = cells.get(side.columns.get("level2"))
            if cell is None or cell.is_empty or canonical_level1(cell.text) is not None:
                continue  # no 二级, or one that may name a 一级 itself (成本指标)
            parent = level1_of(canonical_level2(cell.text))
            if parent is not None and parent != self.level1:
                self.rec.report(
                    cell,
                    "level1_by_level2",
                    f"一级指标空白，按二级指标归入“{parent}”",
                    severity="info",
                )
                for groups in self.groups.values():
                    groups.break_group()
                self.level1 = parent
            return

    def _level1_cell(
        self, cells: dict[int | None, Cell], col: int, width: int, used: set[int | None]
    ) -> Cell:
        """The 一级 cell of a row. Under a 一级指标 label spanning ``width`` columns the row may
        print a block label (绩效指标) and the class (产出指标) side by side: the class is the
        cell that names a 一级 class, else the last one that is no section label."""
        span = [c for c in range(col, col + width) if c in cells]
        if len(span) == 1:
            return cells[col]
        used.update(span)
        filled = [cells[c] for c in span if not cells[c].is_empty]
        sections = [c for c in filled if label_key(c.text).startswith(SECTION_LABELS)]
        for cell in sections:
            self.rec.label(cell)
        rest = [c for c in filled if all(c is not s for s in sections)]
        choice = [c for c in rest if canonical_level1(c.text) is not None] or rest
        return choice[-1] if choice else cells[col]._replace(text="")

    def _level1_name(self, cell: Cell) -> str:
        return self._level_name(cell, canonical_level1(cell.text), "一级", "level1_unknown")

    def _level2_name(self, cell: Cell) -> str:
        if self.level1 is not None and is_ndrc_level1(self.level1):
            canonical = canonical_ndrc_level2(cell.text)
        else:
            canonical = canonical_level2(cell.text)
        return self._level_name(cell, canonical, "二级", "level2_unknown")

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
        if extras:
            extras = comparator_from_extras(content, extras)
        matrix = self._matrix_target(side, cells)
        sign = content.get("comparator")
        if matrix and sign is not None and is_comparator(sign.text) and MATRIX_JOIN not in matrix:
            matrix = compose_target({"comparator": sign, "target": sign._replace(text=matrix)})
        name_cell = content.get("indicator")
        number, name = split_indicator(name_cell.text) if name_cell is not None else (None, "")
        if is_placeholder_text(name):
            name = ""
        has_target = "target" in content and not content["target"].is_empty
        for role, cell in content.items():
            if role == "target_text" and has_target and not cell.is_empty:
                self._report_extra(cell)  # 指标值内容 beside a 目标值: an explanation
            elif role == "comparator" and not cell.is_empty and not is_comparator(cell.text):
                self._report_extra(cell)  # 指标性质 written as 正向/反向: not part of the value
            else:
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
                "target": matrix if matrix is not None else compose_target(content),
                "standard": clean(standard.text) if standard is not None else "",
                "placeholder": not name,
            },
        )

    def _matrix_target(self, side: Side, cells: dict[int | None, Cell]) -> str | None:
        """The target of a matrix row (one value column per named unit): the value when every
        unit prints the same, else ``unit:value`` for each, with a finding. None without a
        matrix."""
        if not side.matrix:
            return None
        values = {}
        for col, unit in side.matrix.items():
            cell = cells.get(col)
            if cell is not None and not cell.is_empty:
                self.rec.value(cell)
                values[unit] = clean(cell.text)
        if len(set(values.values())) <= 1:
            return next(iter(values.values()), "")
        first = cells.get(next(iter(side.matrix)))
        if first is not None:
            self.rec.report(
                first,
                "matrix_values",
                "指标值按单位分列且各不相同，指标值记为“单位:值”列表",
                severity="info",
            )
        return MATRIX_JOIN.join(f"{unit}:{value}" for unit, value in values.items())

    def _check_value_type(self, cell: Cell | None, content: dict[str, Cell]) -> None:
        """A 指标值类型 column: a comparator symbol is used; 定量/定性 is checked."""
        if cell is None or cell.is_empty:
            return
        text = clean(cell.text)
        if is_comparator(text):
            content["comparator"] = cell
            self.rec.value(cell)
            return
        self.rec.report(
            cell, "value_type", "指标值类型仅用于核对指标值，不进入指标表", severity="info"
        )
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
    def _fallback_name(self) -> str:
        """Degrade, never drop: name from the 项目 heading, title or file name, with a finding."""
        first = next((c for row in self.table.rows for c in row if not c.is_empty), None)
        if first is None:
            return ""
        department = clean(self.fields.get("department")) if self.whole_department else ""
        candidates = (
            (self.narrative.name, "表前的项目标题"),
            (self.narrative.title_name, "表前的标题段落"),
            (self.title_name, "表内的标题行"),
            (department, "部门整体绩效目标表的部门名称"),
            (Path(first.source.file).stem, "文件名"),
        )
        name, origin = next((c for c in candidates if c[0]), ("", ""))
        if name:
            self.rec.report(
                first.source,
                "project_name_inferred",
                f"表内没有项目名称，项目名称取自{origin}：{name}",
                severity="warning" if origin == "文件名" else "info",
            )
        return name

    def _unit_line_department(self) -> None:
        """The unit line above the form (:meth:`_coded_unit_line`) names the department when
        no label does; a finding says where it came from, or that a label won."""
        if self.unit_line is None:
            return
        name, code = self.unit_line
        if "department" in self.fields:
            self.rec.report(
                name,
                "unit_line_not_used",
                f"表头单位行“{code}{clean(name.text)}”未作主管部门：表内已有主管部门栏",
                severity="info",
            )
            return
        self._set_field("department", name)
        self.rec.report(
            name,
            "department_from_unit_line",
            f"表内没有主管部门栏，主管部门取自表头单位行（预算代码 {code}）：{clean(name.text)}",
            severity="info",
        )

    def _build_project(self) -> None:
        self._unit_line_department()
        narrative = self.narrative
        name = clean(self.fields.get("project")) or self._fallback_name()
        for cell in self.passed_fields:
            self.rec.report(
                cell,
                "field_repeated",
                "同一字段出现两次，取标签更确切的一栏，此值仅作记录",
                severity="info",
            )
        attribute_text = self.fields.get("attribute", "")
        attribute = parse_attribute(attribute_text) if attribute_text else None
        for field_name, cell in self.field_cells.items():
            if field_name != "attribute" or attribute is not None:
                self.rec.value(cell)
        if attribute_text and attribute is None and is_plain_attribute(attribute_text):
            attribute = clean(attribute_text)  # 新建 / 延续 printed as a word: kept as printed
            self.rec.value(self.field_cells["attribute"])
            self.rec.report(
                self.field_cells["attribute"],
                "attribute_as_printed",
                f"项目属性不是勾选项，按原文“{attribute}”记录",
                severity="info",
            )
        elif attribute_text and attribute is None:
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


#: Check boxes of a 项目属性 option list; a text without any is one printed word.
ATTRIBUTE_BOXES = "■☑√✓✔☒▇□口☐"


def is_plain_attribute(text: str) -> bool:
    """True for a 项目属性 printed as one short word (新建, 延续), not a list of boxes.

    >>> is_plain_attribute("延续"), is_plain_attribute("□新增 □延续")
    (True, False)
    >>> is_plain_attribute("新增项目延续项目")  # the options, their boxes lost: none chosen
    False
    """
    words = clean(text)
    if not 0 < len(words) <= 8 or any(ch in ATTRIBUTE_BOXES or ch.isspace() for ch in words):
        return False
    return sum(stem in words for stem in ATTRIBUTE_WORDS) <= 1


#: Rank of a field label: an exact label beats a head-word match; a parent (一级项目名称)
#: loses to both.
PARENT_FIELD = ("一级",)


def field_rank(text: str) -> int:
    """0 for an exact field label (项目实施单位), 1 for one matched by its head word
    (组织实施单位), 2 for a parent's label (一级项目名称).

    >>> field_rank("项目实施单位"), field_rank("组织实施单位"), field_rank("一*级项目名称")
    (0, 1, 2)
    """
    key = label_key(text)
    if key.startswith(PARENT_FIELD):
        return 2
    return 0 if key in FIELD_LABELS else 1


def comparator_from_extras(content: dict[str, Cell], extras: list[Cell]) -> list[Cell]:
    """Decide the comparator by content, not by header: when the 指标性质 column holds no
    comparator (正向/反向) but another column of the row does (a 指标方向 column of 大于等于),
    that cell is the comparator. Sets ``content["comparator"]``; returns the extras left (the
    displaced 正向 cell among them, to be reported).

    >>> from kpi_analysis.readers.grid import Source
    >>> c = lambda t: Cell(t, Source("f"))
    >>> content = {"comparator": c("正向"), "target": c("98"), "unit": c("%")}
    >>> [x.text for x in comparator_from_extras(content, [c("大于等于"), c("10")])]
    ['10', '正向']
    >>> compose_target(content)
    '大于等于98%'
    """
    current = content.get("comparator")
    if current is not None and is_comparator(current.text):
        return extras
    found = next((cell for cell in extras if is_comparator(cell.text)), None)
    if found is None:
        return extras
    rest = [cell for cell in extras if cell is not found]
    if current is not None and not current.is_empty:
        rest.append(current)
    content["comparator"] = found
    return rest


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
    if (
        is_comparator(comparator)  # a symbol or a word (大于等于), joined as printed
        and value
        and not value.translate(COMPARATOR_GLYPHS).startswith(COMPARATOR_SYMBOLS)
    ):
        value = comparator + value
    if unit and value and not value.endswith(unit):
        value += unit
    return value
