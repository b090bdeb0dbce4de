"""Interpret 项目支出绩效自评表 grids into tidy records, by labels rather than positions.

The standard layout (财预〔2020〕10号 附件1, as used 2021–2023;
docs/rules.md#selfeval-form) reads, top
to bottom: the title 项目支出绩效自评表（20XX年度）, 项目名称 / 主管部门 / 实施单位, the
funding block (年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 over the lines
年度资金总额 / 其中：当年财政拨款 / 上年结转资金 / 其他资金), the goal block (年度总体目标:
预期目标 | 实际完成情况), the indicator block (一级 | 二级 | 三级 | 年度指标值 | 实际完成值 |
分值 | 得分 | 偏差原因分析及改进措施, the 一级 cell possibly carrying the class weight
“产出指标(50分)”) and the 总分 row. The
Sichuan variant adds 原因 to the funding block, 指标性质 / 度量单位 to the indicators and closes
with 评价结论 / 存在问题 / 改进措施. Rows are recognised by their labels (header rows name
their columns), so the same code reads the Word table, the Excel sheet and the text export.

The title may stand inside the table (Excel, text export) or in the paragraphs just above
it (Word). A form continued in a second table (a page break in Word) is read as one form.
Published numbers are kept as printed; every non-empty cell gets a role or a finding.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import PurePath

from kpi_analysis.forms.cells import (
    clean,
    grid_width,
    near_label_message,
    non_empty,
    positions,
)
from kpi_analysis.forms.evidence import best_reading, stack_header
from kpi_analysis.forms.fields import FIELD_LABELS, near_field_beside, split_indicator
from kpi_analysis.forms.narrative import title_project
from kpi_analysis.forms.recorder import Recorder
from kpi_analysis.forms.segments import is_form_title
from kpi_analysis.forms.selfeval.columns import (
    INDICATOR_HEADER,
    Columns,
    cover_map,
    funding_header,
    funding_role,
    has_selfeval_labels,
    headless_indicator_columns,
    indicator_evidence,
    indicator_header,
    indicator_role,
    key,
    missing_roles,
    norm,
    weight_by_content,
)
from kpi_analysis.forms.selfeval.values import (
    Number,
    as_rate,
    class_weight,
    funding_category,
    goal_role,
    is_block_measure,
    is_goal_block,
    is_goal_head,
    is_instruction,
    is_section_title,
    is_signature,
    is_title,
    is_total_label,
    is_year_line,
    parse_number,
    section_field,
    split_code,
    split_labelled_amount,
    title_year,
    total_score_label,
)
from kpi_analysis.forms.targets.columns import is_header as is_target_header
from kpi_analysis.forms.targets.form import compose_target
from kpi_analysis.readers.grid import Cell, Paragraph, Table
from kpi_analysis.text.headwords import field_of, paired_parts
from kpi_analysis.text.money import divisor_of, stated_unit, to_wan, unit_line
from kpi_analysis.text.vocabulary import (
    canonical_level1,
    canonical_level2,
    fold,
    is_non_target_level,
    join_vertical,
    level1_of,
)

__all__ = ["SelfEvalForm", "SelfEvalRecords", "is_selfeval_form", "is_selfeval_title_in"]

META_PREFIXES = ("报表编号", "附件", "单位:", "单位：", "金额单位")
FIELD_NAMES = {**FIELD_LABELS, "项目名称及编码": "project", "项目编码及名称": "project"}
#: Head words of a project-name label beyond the exact ones (专项名称, 项目(资金)名称 …).
PROJECT_LABEL_ENDS = ("项目名称", "专项名称", "资金名称", "专项资金名称", "转移支付名称")
#: A transfer form's central ministry (中央主管部门) is not the department that fills the form.
CENTRAL_AUTHORITY = ("中央",)
#: Head words of the unit that spends a transfer (资金使用单位): the implementer.
FUND_USER_ENDS = ("资金使用单位", "使用单位")
TITLE_SUFFIX = re.compile(r"(?:项目支出|区域|部门|专项)?(?:绩效目标|绩效)?自评表$")
TITLE_YEAR = re.compile(r"[（(]?\s*(?:19|20)\d{2}\s*年度?\s*[)）]?")
#: A year that opens or closes a title (2022年度…, …自评表（2022年度）), never one inside a name.
TITLE_EDGE_YEAR = re.compile(rf"^{TITLE_YEAR.pattern}|{TITLE_YEAR.pattern}$")
AMOUNT_ROLES = ("budget_initial", "budget_full", "executed")
#: Body rows looked at to decide an unnamed column by its content.
WEIGHT_EVIDENCE_SPAN = 60
BUDGET_ROLES = {"budget_initial", "budget_full"}
#: Indicator columns only a filled-in self-evaluation carries values in.
SELFEVAL_VALUE_ROLES = ("actual", "score")
#: Longest cell text looked at for a form title.
MAX_TITLE = 60
HEADING = re.compile(r"^(?P<label>[^:：]{2,12})[:：]\s*(?P<value>\S.{0,80})$")


def field_name(text: str | None) -> str | None:
    """The header field a label names (``project``, ``department`` …), or None.

    >>> field_name("专项名称"), field_name("项目名称（必填）"), field_name("自评得分")
    ('project', 'project', None)
    """
    if not text or len(text) > 30:
        return None
    exact = FIELD_NAMES.get(key(text))
    if exact is not None:
        return exact
    label = norm(text)
    exact = FIELD_NAMES.get(label)
    if exact is not None:
        return exact
    if label.endswith(PROJECT_LABEL_ENDS):
        return "project"
    if label.startswith(CENTRAL_AUTHORITY):
        return None  # 中央主管部门 of a transfer: the ministry, not the form's department
    found = field_of(text)
    if found in ("department", "implementer"):
        return found
    return "implementer" if label.endswith(FUND_USER_ENDS) else None


#: The fields the totals table holds (project code and name, department, implementer).
TABULATED_FIELDS = frozenset(("project", "department", "implementer"))


def project_from_title(text: str) -> str | None:
    """The name a form title gives a form without a 项目名称 field.

    A title that names a 项目 gives it, as the target reader takes it
    (:func:`~kpi_analysis.forms.narrative.title_project`); a title naming something else
    (``2021年XX资金区域绩效目标自评表``) is the form's only name: the whole title, as printed.
    A generic title (``2022年度项目支出绩效自评表``) names none.

    >>> project_from_title("村级运转经费项目支出绩效自评表（2022年度）")
    '村级运转经费项目'
    >>> project_from_title("2021年XX资金区域绩效目标自评表")
    '2021年XX资金区域绩效目标自评表'

    The project is read before any year is removed, so that a year inside the name stays
    (``某县2022年度项目支出绩效自评表`` names 某县2022年度项目, never 某县项目); only a year
    opening or closing the title is dropped first.

    >>> project_from_title("某县2022年度项目支出绩效自评表")
    '某县2022年度项目'
    """
    printed = key(text)
    named = title_project(TITLE_EDGE_YEAR.sub("", printed))
    if named is not None:
        return named
    label = TITLE_YEAR.sub("", printed)
    name = TITLE_SUFFIX.sub("", label).strip(" :：-—")
    return clean(text) if len(name) >= 2 and name != label else None


def _goal_by_head_word(cells: list[tuple[int, Cell]], roles: dict[int, str | None]) -> None:
    """总体目标完成情况 | 总体目标 | 全年实际完成情况: after the block label, a column whose
    label ends in the head word 目标 (总体目标, 绩效目标) left of the achieved column is the
    expected goal. Sets its role in ``roles``."""
    achieved = [col for col, _ in cells[1:] if roles[col] == "achieved"]
    if not achieved:
        return
    for col, cell in cells[1:]:
        if col < achieved[0] and roles[col] is None and is_goal_head(cell.text):
            roles[col] = "goal"
            return


ROLE_LABELS = {
    "budget_initial": "年初预算数",
    "budget_full": "全年预算数",
    "executed": "全年执行数",
    "weight": "分值",
    "rate": "执行率",
    "score": "得分",
}


@dataclass
class SelfEvalRecords:
    """Tidy records of one form (one project × year), before project numbers are set."""

    form: dict[str, object] = field(default_factory=dict)
    funding: list[dict[str, object]] = field(default_factory=list)
    indicators: list[dict[str, object]] = field(default_factory=list)
    goals: list[dict[str, object]] = field(default_factory=list)


def is_selfeval_title_in(table: Table, paragraphs: Sequence[Paragraph] = ()) -> bool:
    """True when the table or the paragraphs just above it carry a 自评表 title."""
    first_cells = islice((c for row in table.rows for c in row), 12)
    texts = [p.text for p in list(paragraphs)[-3:]] + [c.text for c in first_cells]
    return any(is_title(text) for text in texts if text.strip())


def has_selfeval_columns(table: Table) -> bool:
    """True when the table's own header rows are those of a self-evaluation form: an
    indicator header with 实际完成值 or 得分, or a funding header with 执行数."""
    if not has_selfeval_labels(table.cells()):
        return False
    return any(indicator_header(row) or funding_header(row) for row in table.rows)


def _selfeval_columns_empty(table: Table) -> bool:
    """True when every indicator header's 实际完成值 / 得分 columns hold no value below it."""
    rows = table.rows
    for at, row in enumerate(rows):
        found = indicator_header(row)
        if found is None:
            continue
        cols = {col for role, col in found.roles.items() if role in SELFEVAL_VALUE_ROLES}
        for body in rows[at + 1 :]:
            if indicator_header(body) is not None:
                break
            if any(col in cols and not cell.is_empty for col, cell in positions(body)):
                return False
    return True


def is_unfilled_target_form(table: Table, paragraphs: Sequence[Paragraph] = ()) -> bool:
    """A 绩效目标表 printed with blank completion columns (实际完成值 | 未达到指标值原因 to be
    filled at year end): a target-form title (…绩效目标表, no 自评) in the table or the
    paragraphs above, no 自评表 title, and no value under the self-evaluation columns."""
    texts = [p.text for p in list(paragraphs)[-3:]]
    texts += [c.text for row in table.rows for c in row if 0 < len(c.text) <= MAX_TITLE]
    if any(is_title(text) for text in texts):
        return False
    return any(is_form_title(text) for text in texts) and _selfeval_columns_empty(table)


def header_shortfall(table: Table) -> str | None:
    """For a table that is no self-evaluation form: its best candidate header row, as
    "表头只识别出 …，缺少 …" (None when no row names two indicator columns)."""
    best = best_reading(table.rows[:30], indicator_evidence, INDICATOR_HEADER)
    if best is None or len(best.roles) < 2:
        return None
    return missing_roles(best)


def is_selfeval_form(table: Table, paragraphs: Sequence[Paragraph] = ()) -> bool:
    """True for a 项目支出绩效自评表, decided by the table's own columns first.

    Self-evaluation columns (实际完成值, 得分, 执行数) make it one; a target header without
    them makes it a 绩效目标表 whatever the paragraphs above say; otherwise a 自评表 title
    in the table or the paragraphs above decides.
    """
    if has_selfeval_columns(table):
        return not is_unfilled_target_form(table, paragraphs)
    if any(is_target_header(row) for row in table.rows):
        return False
    return is_selfeval_title_in(table, paragraphs)


def _fits(row: list[Cell], cols: Columns, *, named: bool = True) -> bool:
    """True when ``row`` reads as an indicator row under ``cols``: a known class under 一级
    or 二级, or a number under 分值 or 得分 (beside an indicator name when ``named``)."""
    cover = cover_map(row)

    def text(role: str) -> str:
        entry = cover.get(cols.roles.get(role, -1))
        return "" if entry is None or entry[1].is_empty else entry[1].text

    if canonical_level1(text("level1")) or canonical_level2(text("level2")):
        return True
    numbers = (parse_number(text(role)).value for role in ("weight", "score"))
    return (bool(text("indicator")) or not named) and any(v is not None for v in numbers)


def _value_beside(cells: list[tuple[int, Cell]], idx: int) -> tuple[int, Cell] | None:
    """The cell after ``cells[idx]`` (a label) that holds its value: the next cell, or past
    blank cells the first filled one when it is no label, amount or signature (a merged value
    unmerged by an export: 实施单位 | (blank) | 某局)."""
    after = [(j, c) for j, (_, c) in enumerate(cells) if j > idx and not c.continued]
    if not after or not after[0][1].is_empty:
        return after[0] if after else None
    filled = next(((j, c) for j, c in after if not c.is_empty), None)
    if filled is None:
        return after[0]
    text = filled[1].text
    if field_of(text) is not None or is_signature(text) or parse_number(text).value is not None:
        return after[0]
    return filled


class SelfEvalForm:
    """Reads one self-evaluation form from one or more tables into :class:`SelfEvalRecords`."""

    def __init__(
        self,
        recorder: Recorder,
        paragraphs: Sequence[Paragraph] = (),
        path: str = "",
        amount_unit: str | None = None,
    ) -> None:
        """``amount_unit``: the unit an earlier form's paragraphs stated (单位：元 once at the
        top of a document), the unit of this form's amounts unless its own paragraphs or
        header state another."""
        self.rec = recorder
        self.path = path
        self.ordinal = 1  # this form's number in its document (names a nameless form)
        self.heading_name: str | None = None  # 项目名称：… in a paragraph above the table
        self.titles: list[str] = []
        self.pending_total: int | None = None  # column of a 自评得分 label awaiting its number
        self.lv_cols: dict[int, str] = {}  # label-value funding: label column → role
        self.next_row: list[Cell] | None = None  # the row after the one being read
        self.rows: list[list[Cell]] = []  # the rows of the table being read
        self.row_at = 0  # the index of the row being read in ``rows``
        self.skip_next = False  # the next row was read with this one
        self.t_cols: dict[int, str] = {}  # transposed funding: column → category
        self.t_labels: dict[int, str] = {}
        self.t_lines: dict[int, dict[str, object]] = {}
        self.t_roles: dict[int, str] = {}  # transposed funding: 执行数 / 执行率 column → role
        self.t_heads: dict[int, str] = {}  # transposed funding: column → its printed label
        self.section_weights: dict[str, float] = {}
        self.section_scores: dict[str, float] = {}
        self.records = SelfEvalRecords()
        self.fields: dict[str, str] = {}
        self.field_cells: dict[str, Cell] = {}
        self.year: int | None = None
        self.source: str | None = None
        self.divisor = 1.0
        self.form_unit = "万元"
        #: the unit stated by a paragraph (this form's or carried from an earlier form's):
        #: what the document passes on to the forms after this one
        self.paragraph_unit = amount_unit
        if amount_unit is not None:
            self.divisor, self.form_unit = divisor_of(amount_unit), amount_unit
        self.mode: str | None = None
        self.funding_cols: Columns | None = None
        self.funding_weight: float | None = None  # the 分值 printed only in the block label
        #: a line label in the funding header merged down over the value rows (年度资金总额),
        #: with the index of its last row; it labels the first value row only (spanning_read)
        self.spanning_line: tuple[Cell, int, int] | None = None
        self.spanning_read = False
        self.indicator_cols: Columns | None = None
        self.indicator_width = 0  # the grid width of the table the indicator header is in
        #: a table continuing the indicator block without header: the index of its first
        #: row, which may be the tail of a row cut at the break
        self.cut_row: int | None = None
        self.goal_cols: dict[int, str] = {}
        self.level1: str | None = None
        self.level1_weight: float | None = None
        self.level1_unknown = False  # the printed 一级 names no class (顼目产出, damaged)
        self.level2: str | None = None
        self.counter = 0
        self.totals: dict[str, object] = {}
        self.sections: dict[str, str | None] = {}
        self.read_paragraphs(paragraphs)

    # -- entry points ----------------------------------------------------------
    def read_paragraphs(self, paragraphs: Sequence[Paragraph]) -> None:
        """Title, year and amount unit from the paragraphs above the table (Word); others are
        reported. Every paragraph gets its role in the accounting (``context`` or
        ``reported``), as the target reader gives them."""
        for paragraph in paragraphs:
            text = paragraph.text.strip()
            year = title_year(text) if is_title(text) or is_year_line(text) else None
            if year is not None and self.year is None:
                self.year = year
            unit = unit_line(text)
            if unit:
                self._note_unit(text)  # 单位：元 above the table: the unit of its amounts
                self.paragraph_unit = unit
                self.rec.paragraph(paragraph, "context")
                continue
            if is_title(text) or is_year_line(text):
                self.titles.append(text)
                self.rec.paragraph(paragraph, "context")
                continue
            heading = HEADING.match(clean(text))
            if heading and field_name(heading.group("label")) == "project":
                self.heading_name = heading.group("value").strip()
                code, message = "project_heading", "表前段落写明项目名称；表内没有项目名称栏时用它"
            elif key(text).startswith(META_PREFIXES):
                code, message = "form_meta", "表格编号或说明，仅作记录"
            else:
                code, message = "paragraph_not_used", "段落未对应任何字段（如文档标题），仅作记录"
            self.rec.report(paragraph.source, code, message, severity="info", text=text)
            self.rec.paragraph(paragraph, "reported")

    def read_table(self, table: Table) -> None:
        """Interpret every row of ``table`` (a form, or the continuation of one)."""
        if self.source is None and table.rows and table.rows[0]:
            self.source = str(table.rows[0][0].source)
        rows = table.rows
        self.rows = rows
        i = 0
        while i < len(rows):
            if non_empty(rows[i]):
                self.row_at = i
                if i + 1 < len(rows) and self._two_row_header(rows[i], rows[i + 1]):
                    i += 2
                    continue
                self.next_row = rows[i + 1] if i + 1 < len(rows) else None
                self._row(rows[i])
                if self.skip_next:
                    self.skip_next = False
                    i += 1
            i += 1
        self.next_row = None

    def _two_row_header(self, upper: list[Cell], lower: list[Cell]) -> bool:
        """An indicator header printed over two rows (绩效指标 | 年度指标值 | 实际完成值 above
        一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位), or a header whose second
        row names the parts of a column (预期指标值 over 符号 | 单位): read as one header
        (:func:`~kpi_analysis.forms.evidence.stack_header`), on evidence."""
        if funding_header(upper) is not None or indicator_header(lower) is not None:
            return False
        lower_cells = non_empty(lower)
        if not lower_cells or any(parse_number(c.text).value is not None for c in lower_cells):
            return False
        alone = indicator_header(upper)
        if alone is not None and not all(indicator_role(c.text) is not None for c in lower_cells):
            return False  # the row below a header is its second header row only if all labels
        stacked = stack_header(upper, lower)
        found = indicator_header(stacked)
        if found is None or (
            alone is not None
            and INDICATOR_HEADER.score(found.roles) < INDICATOR_HEADER.score(alone.roles)
        ):
            return False
        kept = {c.source for c in stacked}
        for cell in non_empty(upper):
            if cell.source not in kept:
                self.rec.label(cell)  # a group label above the lower row's labels
        self._header(stacked, found, "indicators")
        return True

    def continue_headless(self, table: Table) -> bool:
        """Read ``table`` (no title, no header rows of its own, just after this form) as the
        rest of this form's indicator block when its rows bear that out; False otherwise.

        Under the indicator header already read when the table has that header's width and
        a row names an indicator with a number under 分值 or 得分, or a class under 一级 or
        二级; else under the standard template's columns placed by the table's numbers
        (:func:`~kpi_analysis.forms.selfeval.columns.headless_indicator_columns`), with a
        finding. The level context goes on only under the header already read."""
        rows = table.rows
        width = grid_width(rows)
        known = self.indicator_cols
        if (
            known is not None
            and width == self.indicator_width
            and any(_fits(r, known) for r in rows)
        ):
            self.rec.report(
                str(rows[0][0].source),
                "indicator_block_continued",
                "续表没有表头，按前表的绩效指标表头读取",
                severity="info",
            )
            self.mode = "indicators"
        else:
            found = headless_indicator_columns(rows)
            if found is None:
                return False
            self._open_headless(found, rows[0][0])
        self.cut_row = next((i for i, row in enumerate(rows) if non_empty(row)), None)
        self.read_table(table)
        return True

    def _headless_block(self, row: list[Cell]) -> bool:
        """A row nothing else reads, opening indicator rows printed without their header row in
        this table (a copy that lost the header, two tables merged into one): when the rows
        from here to the next header bear out the standard template's columns
        (:func:`~kpi_analysis.forms.selfeval.columns.headless_indicator_columns`), the block
        opens here, with a finding, and this row is its first row."""
        block = [row]
        for below in self.rows[self.row_at + 1 : self.row_at + WEIGHT_EVIDENCE_SPAN]:
            if funding_header(below) is not None or len(indicator_evidence(below).roles) > 1:
                break  # a header row, or part of one: the block has its header
            block.append(below)
        found = headless_indicator_columns(block)
        if found is None or not _fits(row, found, named=False):
            return False  # the block opens at its first row of classes or points
        self._open_headless(found, non_empty(row)[0])
        self.cut_row = self.row_at
        self._indicator_row(row)
        return True

    def _open_headless(self, found: Columns, where: Cell) -> None:
        """Read the following rows as indicator rows under ``found`` (columns inferred, not
        printed): a finding, and no class carried over from above."""
        order = "、".join(found.names[r] for r in found.roles)
        self.rec.report(
            where.source,
            "indicator_columns_inferred",
            f"绩效指标没有表头：按标准自评表列序（{order}）读取，分值、得分两列由数字判断",
            severity="warning",
        )
        self.indicator_cols = found
        self.level1 = self.level2 = None
        self.level1_weight, self.level1_unknown = None, False
        self.mode = "indicators"

    # -- rows ------------------------------------------------------------------
    def _row(self, row: list[Cell]) -> None:
        row = self._take_pending_total(row)
        cells = non_empty(row)
        if not cells or self._title_row(cells):
            return
        found = funding_header(row)
        if found is not None:
            self._header(row, found, "funding")
            return
        found = indicator_header(row)
        if found is not None:
            self._header(row, found, "indicators")
            return
        if self._goal_header(row) or (self.mode != "indicators" and self._goal_pairs(row)):
            return
        if self.mode == "indicators" and is_total_label(cells[0].text):
            self._total_row(row)
            return
        if self._funding_pairs(row) or self._transposed_header(row):
            return
        if self.mode == "funding_lv" and self._funding_lv_row(row):
            return
        if self.mode == "funding_t" and self._funding_t_row(row):
            return
        row = self._total_score_cells(row)
        cells = non_empty(row)
        if not cells:
            return
        self._near_header(row)
        if section_field(cells[0].text) is not None:
            self._section_row(cells)
            return
        if any(field_name(c.text) is not None for c in cells) or self._near_fields(row):
            self._field_row(row)  # a contact field beside the project name is no signature line
            return
        if is_signature(cells[0].text):  # evidence: the line starts with a signature label
            for cell in cells:
                self.rec.report(cell, "signature", "签字栏，未读取", severity="info")
            return
        if self.mode == "funding" and self._funding_row(row):
            return
        if self.mode == "indicators":
            self._indicator_row(row)
            return
        if self.mode == "goals":
            self._goal_body(row)
            return
        if self._labelled_goal_row(cells) or self._headless_block(row):
            return
        for cell in cells:
            self._other(cell)

    def _other(self, cell: Cell, where: str = "表头区域") -> None:
        if is_section_title(cell.text) or is_title(cell.text):
            self.rec.label(cell)
        elif is_instruction(cell.text):
            self._instruction(cell)
        else:
            self.rec.report(cell, "cell_not_understood", f"{where}的单元格未能识别")

    def _instruction(self, cell: Cell) -> None:
        self.rec.report(
            cell,
            "template_instruction",
            "模板填写说明未替换为实际内容，未读取",
            severity="warning",
        )

    def _title_row(self, cells: list[Cell]) -> bool:
        def kind(cell: Cell) -> str | None:
            if is_title(cell.text) or is_year_line(cell.text):
                return "title"
            return "meta" if key(cell.text).startswith(META_PREFIXES) else None

        kinds = [kind(c) for c in cells]
        if None in kinds:
            return False
        for cell, found in zip(cells, kinds, strict=True):
            self._note_unit(cell.text)
            if found == "title":
                self.rec.label(cell)
                self.titles.append(cell.text)
                year = title_year(cell.text)
                if year is not None and self.year is None:
                    self.year = year
            else:
                self.rec.report(cell, "form_meta", "表格编号或说明，仅作记录", severity="info")
        return True

    def _note_unit(self, text: str) -> None:
        unit = stated_unit(fold(text))  # the unit annotation itself: label_key drops it
        if unit is not None:
            self.divisor, self.form_unit = divisor_of(unit), unit

    def _header(self, row: list[Cell], found: Columns, mode: str) -> None:
        last = max(col for col, cell in positions(row) if not cell.is_empty)
        if mode == "indicators":
            self._weight_by_content(row, found)
        for col, cell in positions(row):
            if cell.is_empty:
                continue
            self._note_unit(cell.text)
            if cell in found.labels:
                self.rec.label(cell)
                self._near_finding(cell, found)
            elif is_section_title(cell.text) or col < min(found.roles.values()):
                self.rec.label(cell)
                if mode == "funding" and cell.row_span > 1 and funding_category(cell.text):
                    self.spanning_line = (cell, col, self.row_at + cell.row_span - 1)
                    self.spanning_read = False
                weight = class_weight(cell.text)
                if weight is not None:
                    self.section_weights[mode] = weight
            elif col == last and self._section_score(cell, mode):
                if mode == "indicators" and "score" not in found.roles:
                    found.roles["score"] = col
                    found.names["score"] = "得分"
            else:
                self.rec.report(cell, "cell_not_understood", "表头行中的单元格未能识别")
        if mode == "funding":
            self.funding_cols = found
            if "weight" not in found.roles and "funding" in self.section_weights:
                self.funding_weight = self.section_weights["funding"]
            wanted = ("score",) if self.funding_weight is not None else ("weight", "score")
            if any(role not in found.roles for role in wanted):
                self._missing_columns(row, found, wanted, "资金")
        else:
            self.indicator_cols = found
            self.indicator_width = grid_width([row])
            self.level1 = self.level2 = None
            self.level1_weight, self.level1_unknown = None, False
            self._missing_columns(row, found, ("target", "actual", "weight", "score"), "绩效指标")
        self.mode = mode

    def _near_finding(self, cell: Cell, found: Columns) -> None:
        """The finding for a header label read by near match (``found.near``)."""
        label = next((label for c, label in found.near if c is cell), None)
        if label is not None:
            self.rec.report(cell, "label_near_match", near_label_message(cell, label))

    def _weight_by_content(self, row: list[Cell], found: Columns) -> None:
        """An indicator header without a readable 分值 label: the column its numbers show to
        be the weights (:func:`~kpi_analysis.forms.selfeval.columns.weight_by_content`)."""
        body = self.rows[self.row_at + 1 : self.row_at + 1 + WEIGHT_EVIDENCE_SPAN]
        col = weight_by_content(row, found, body)
        if col is None:
            return
        cell = dict(positions(row))[col]
        found.roles["weight"] = col
        found.names["weight"] = norm(cell.text) or "分值"
        found.labels.append(cell)
        self.rec.report(
            cell,
            "weight_by_content",
            f"表头“{clean(cell.text)}”无法识别，按内容（数字且每行不小于得分）读作分值列",
            severity="warning",
        )

    def _missing_columns(
        self, row: list[Cell], found: Columns, roles: tuple[str, ...], block: str
    ) -> None:
        names = {
            "target": "年度指标值",
            "actual": "实际完成值",
            "weight": "分值（权重）",
            "score": "得分",
        }
        missing = [names[r] for r in roles if r not in found.roles]
        if missing:
            self.rec.report(
                str(non_empty(row)[0].source),
                "column_missing",
                f"{block}表头缺少“{'、'.join(missing)}”列，相应数据无法读取",
                severity="error" if block == "绩效指标" else "warning",
                text=" | ".join(clean(c.text) for c in non_empty(row))[:200],
            )

    # -- scores printed apart, section labels ------------------------------------------------
    def _section_score(self, cell: Cell, section: str) -> bool:
        """A bare number closing a block's first row: the block's score (``20``, ``50``)."""
        number = parse_number(cell.text)
        if not number.ok or number.value is None or number.unit is not None:
            return False
        self.rec.value(cell)
        self.section_scores[section] = number.value
        return True

    def _take_pending_total(self, row: list[Cell]) -> list[Cell]:
        """The number under a 自评得分 label printed in an earlier row, taken out of ``row``."""
        if self.pending_total is None:
            return row
        entry = cover_map(row).get(self.pending_total)
        if entry is None or entry[1].is_empty or entry[1].continued:
            return row
        cell = entry[1]
        self.pending_total = None
        number = parse_number(cell.text)
        if not number.ok or number.value is None:
            return row
        self.rec.value(cell)
        self.totals["total_score"] = number.value
        return [c._replace(text="") if c is cell else c for c in row]

    def _total_score_cells(self, row: list[Cell]) -> list[Cell]:
        """自评得分 / 自评总分 printed apart: in the same cell, the next cell, or below."""
        cells = positions(row)
        blank: set[int] = set()
        for idx, (col, cell) in enumerate(cells):
            if cell.is_empty or id(cell) in blank:
                continue
            label, number = split_labelled_amount(cell.text)
            if total_score_label(cell.text):
                self.rec.label(cell)
                blank.add(id(cell))
                after = next((c for _, c in cells[idx + 1 :] if not c.is_empty), None)
                value = parse_number(after.text) if after is not None else None
                if after is not None and value is not None and value.ok and value.value is not None:
                    self.rec.value(after)
                    blank.add(id(after))
                    self.totals["total_score"] = value.value
                else:
                    self.pending_total = col
            elif number.value is not None and total_score_label(label):
                self.rec.value(cell)
                blank.add(id(cell))
                self.totals["total_score"] = number.value
        if not blank:
            return row
        return [c._replace(text="") if id(c) in blank else c for c in row]

    def _near_header(self, row: list[Cell]) -> None:
        """A row naming several indicator columns but not enough for a header: say what."""
        if self.mode == "indicators":
            return
        found = indicator_evidence(row)
        if len(found.roles) >= 2 and found.roles.keys() & {"indicator", "level1", "level2"}:
            self.rec.report(
                str(non_empty(row)[0].source),
                "header_incomplete",
                missing_roles(found),
                severity="warning",
                text=" | ".join(clean(c.text) for c in non_empty(row))[:200],
            )

    # -- funding as label-value cells, transposed funding ----------------------------------
    def _label_value_pairs(
        self, cells: list[tuple[int, Cell]], roles: Sequence[str] = AMOUNT_ROLES
    ) -> dict[str, tuple[int, Cell, Cell | None, float | None]]:
        """Role → (column, label cell, value cell or None, amount) of the ``预算数: | 2.38``
        pairs among ``cells`` (the value in the label cell itself, or in the next cell)."""
        pairs: dict[str, tuple[int, Cell, Cell | None, float | None]] = {}
        for idx, (col, cell) in enumerate(cells):
            label, number = split_labelled_amount(cell.text)
            role = funding_role(label if number.value is not None else cell.text)
            if role not in roles or role in pairs:
                continue
            if number.value is not None:
                pairs[role] = (col, cell, None, self._pair_value(role, number))
                continue
            after = cells[idx + 1][1] if idx + 1 < len(cells) else None
            value = parse_number(after.text) if after is not None else None
            if after is not None and value is not None and value.ok and value.value is not None:
                pairs[role] = (col, cell, after, self._pair_value(role, value))
        return pairs

    def _pair_value(self, role: str, number: Number) -> float | None:
        return as_rate(number) if role == "rate" else self._amount(number)

    def _stacked_pairs(
        self, pairs: dict[str, tuple[int, Cell, Cell | None, float | None]]
    ) -> list[tuple[int, Cell]]:
        """The label-value pairs stacked over two rows (``转移支付预算数(A) | 5.8万`` above
        ``转移支付执行数(B) | 5.8万``): when ``pairs`` holds a budget but no 执行数 and the next
        row holds nothing but the 执行数 pair (and merged cells), that pair joins ``pairs``
        and the next row is consumed. Returns the next row's cells taken ([] when not)."""
        below = self.next_row
        if below is None or "executed" in pairs or not pairs.keys() & BUDGET_ROLES:
            return []
        cells = [(col, c) for col, c in positions(below) if not c.is_empty]
        more = self._label_value_pairs(cells, ("executed",))
        if not more:
            return []
        taken = {id(p[1]) for p in more.values()} | {id(p[2]) for p in more.values() if p[2]}
        if any(id(c) not in taken for _, c in cells):
            return []
        pairs.update(more)
        self.skip_next = True
        return cells

    def _funding_pairs(self, row: list[Cell]) -> bool:
        """``预算数: | 2.38 | 执行数: | 2.38``: the total line written as label-value cells,
        in one row or stacked over two (:meth:`_stacked_pairs`); a ``预算执行率 | 100%``
        pair beside them is the line's rate."""
        cells = [(col, c) for col, c in positions(row) if not c.is_empty]
        pairs = self._label_value_pairs(cells)
        stacked = self._stacked_pairs(pairs)
        if "executed" not in pairs or not pairs.keys() & BUDGET_ROLES:
            return False
        cells += stacked
        rate = self._label_value_pairs(
            [(col, c) for col, c in cells if all(c is not p[1] for p in pairs.values())],
            ("rate",),
        )
        pairs.update(rate)
        used = {id(p[1]) for p in pairs.values()} | {id(p[2]) for p in pairs.values() if p[2]}
        line: dict[str, object] = {"source": str(cells[0][1].source), "category": "total"}
        for role, (_, label_cell, value_cell, amount) in pairs.items():
            if value_cell is None:
                self.rec.value(label_cell)  # 预算数:2.38 in one cell
            else:
                self.rec.label(label_cell)
                self.rec.value(value_cell)
            line[role] = amount
        line["label"] = next(
            (clean(c.text) for _, c in cells if id(c) not in used and is_section_title(c.text)),
            "预算数",
        )
        rest = [(col, c) for col, c in cells if id(c) not in used]
        for col, cell in rest:
            if is_section_title(cell.text):
                self.rec.label(cell)
                weight = class_weight(cell.text)
                if weight is not None:
                    line["weight"] = weight
            elif col == rest[-1][0] and self._section_score(cell, "funding"):
                line["score"] = self.section_scores["funding"]
            else:
                self.rec.report(cell, "cell_not_understood", "资金区的单元格未能识别")
        self.records.funding.append(line)
        if not stacked:  # lines below label-value cells in the same columns (其中:中央补助 …)
            self.lv_cols = {col: role for role, (col, *_rest) in pairs.items() if role != "rate"}
            self.mode = "funding_lv"
        return True

    def _funding_lv_row(self, row: list[Cell]) -> bool:
        """A funding line under label-value cells: ``其中:中央补助 2.38 万元`` per column, or
        the label in the column of 预算数/执行数 and its amount in the next cell (blocks of
        label | amount side by side; a block whose role is not read, 到位数, is reported)."""
        cover = cover_map(row)
        filled = [(col, c) for col, c in positions(row) if not c.is_empty]
        taken: dict[int, Cell] = {}
        beside: dict[int, Cell] = {}
        for col in self.lv_cols:
            entry = cover.get(col)
            if entry is not None and not entry[1].is_empty and not entry[1].continued:
                taken[col] = entry[1]
                at = next((i for i, (_, c) in enumerate(filled) if c is entry[1]), None)
                after = filled[at + 1][1] if at is not None and at + 1 < len(filled) else None
                if after is not None and parse_number(after.text).value is not None:
                    beside[col] = after
        used = [*taken.values(), *beside.values()]
        others = [c for c in non_empty(row) if all(c is not t for t in used)]
        if not taken or any(not (c.continued or self._sibling_funding(c)) for c in others):
            return False
        parts = {col: split_labelled_amount(cell.text) for col, cell in taken.items()}
        if any(funding_category(label) is None for label, _ in parts.values()):
            return False
        for col, after in beside.items():
            label, number = parts[col]
            if number.value is None:
                parts[col] = (label, parse_number(after.text))
                self.rec.label(taken[col])
                taken[col] = after
        for cell in others:
            if not cell.continued:
                self.rec.report(
                    cell,
                    "funding_column_unread",
                    "资金区的这一栏不是预算数或执行数，仅作记录",
                    severity="info",
                )
        lines: dict[str, dict[str, object]] = {}
        for col, cell in taken.items():
            label, number = parts[col]
            category = funding_category(label)
            assert category is not None
            line = lines.setdefault(
                category, {"source": str(cell.source), "category": category, "label": label}
            )
            if number.value is None:
                self.rec.label(cell)  # 地方资金/其他 万元: the line printed without an amount
            else:
                self.rec.value(cell)
                line[self.lv_cols[col]] = self._amount(number)
        self.records.funding.extend(lines.values())
        return True

    @staticmethod
    def _sibling_funding(cell: Cell) -> bool:
        """A cell of a funding block read beside the 预算数/执行数 blocks (到位数 | 6.84):
        a funding label or an amount."""
        return (
            funding_category(split_labelled_amount(cell.text)[0]) is not None
            or parse_number(cell.text).value is not None
        )

    def _transposed_header(self, row: list[Cell]) -> bool:
        """A funding block with the sources as columns (年度资金总额 | 财政拨款 | 其他资金 …)."""
        cells = [(col, c) for col, c in positions(row) if not c.is_empty]
        found = {col: funding_category(c.text) for col, c in cells}
        categories = {col: cat for col, cat in found.items() if cat is not None}
        roles = {col: role for col, c in cells if (role := funding_role(c.text)) is not None}
        if len(set(categories.values())) < 2 or set(roles.values()) & BUDGET_ROLES:
            return False
        if roles and "total" not in categories.values():
            return False  # 执行数 beside the sources belongs to their 合计 column
        for col, cell in cells:
            if (
                col in categories
                or col in roles
                or is_section_title(cell.text)
                or len(clean(cell.text)) <= 8
            ):
                self.rec.label(cell)
            else:
                self.rec.report(cell, "cell_not_understood", "资金表头的单元格未能识别")
        self.t_cols = categories
        self.t_roles = roles
        self.t_heads = {col: clean(c.text) for col, c in cells}
        self.t_labels = {col: clean(c.text) for col, c in cells if col in categories}
        self.t_lines = {}
        self.mode = "funding_t"
        return True

    def _funding_t_values(self, row: list[Cell]) -> bool:
        """A row of amounts only under a header that names the sources and the total's
        执行数 / 执行率 (中央 | 本级 | 其他 | 合计 | 执行数 | 执行率): each source column is its
        line's budget (全年预算数), the 执行数 and 执行率 are the total line's."""
        cells = [(col, c) for col, c in positions(row) if not c.is_empty]
        if not cells or any(
            col not in self.t_heads or parse_number(c.text).value is None for col, c in cells
        ):
            return False
        lines: dict[int, dict[str, object]] = {}
        for col, cell in cells:
            if col not in self.t_cols and col not in self.t_roles:
                self.rec.report(
                    cell,
                    "funding_column_unread",
                    f"资金来源“{self.t_heads[col]}”不是可归类的资金项目，金额仅作记录",
                    severity="info",
                )
            elif col in self.t_cols:
                lines[col] = {
                    "source": str(cell.source),
                    "category": self.t_cols[col],
                    "label": self.t_labels.get(col),
                    "budget_full": self._funding_value("budget_full", cell),
                }
        total = next((line for line in lines.values() if line["category"] == "total"), None)
        for col, cell in cells:
            if col not in self.t_roles:
                continue
            if total is None:
                self.rec.report(cell, "cell_not_understood", "资金区的单元格没有对应的合计栏")
                continue
            role = self.t_roles[col]
            total[role] = self._funding_value(role, cell)
        self.records.funding.extend(lines.values())
        self.mode = None  # one row of amounts: the block ends here
        return True

    def _funding_t_row(self, row: list[Cell]) -> bool:
        """One amount row of a transposed funding block (年初预算数 | 100 | 80 | 20)."""
        cells = [(col, c) for col, c in positions(row) if not c.is_empty]
        head = cells[0][1]
        role = funding_role(head.text)
        if role is None:
            return bool(self.t_roles) and self._funding_t_values(row)
        self.rec.label(head)
        for col, cell in cells[1:]:
            category = self.t_cols.get(col)
            value = self._funding_value(role, cell) if category is not None else None
            if category is None:
                self.rec.report(cell, "cell_not_understood", "资金区的单元格不在任何来源列下")
                continue
            if col not in self.t_lines:
                self.t_lines[col] = {
                    "source": str(cell.source),
                    "category": category,
                    "label": self.t_labels.get(col),
                }
                self.records.funding.append(self.t_lines[col])
            self.t_lines[col][role] = value
        return True

    def _amount(self, number: Number) -> float | None:
        """An amount in 万元: the cell's own unit (620.82万元) first, else the form's."""
        if number.value is None:
            return None
        return round(to_wan(number.value, number.unit, self.divisor), 6)

    # -- header fields, sections ------------------------------------------------------------------
    def _near_fields(self, row: list[Cell]) -> dict[int, tuple[str, str]]:
        """Cell id → (field, label) for the cells of ``row`` placed as field labels (in the
        header region, before any block, with a value beside them that is not a label) whose
        text misprints a field label by one character
        (:func:`~kpi_analysis.forms.fields.near_field_beside`)."""
        if self.mode is not None:
            return {}
        cells = [c for _, c in positions(row) if not c.continued]
        out: dict[int, tuple[str, str]] = {}
        for cell, value in zip(cells, cells[1:], strict=False):
            if cell.is_empty or field_name(cell.text) is not None:
                continue
            if field_name(value.text) is not None:
                continue
            found = near_field_beside(cell.text, value.text, FIELD_NAMES)
            if found is not None:
                out[id(cell)] = found
        return out

    def _field_row(self, row: list[Cell]) -> None:
        cells = positions(row)
        near = self._near_fields(row)
        skip: set[int] = set()
        for idx, (_, cell) in enumerate(cells):
            if idx in skip or cell.is_empty:
                continue
            name = field_name(cell.text)
            if name is None and id(cell) in near:
                name, label = near[id(cell)]
                self.rec.label(cell)
                self.rec.report(cell, "label_near_match", near_label_message(cell, label))
            if name is None and is_signature(cell.text):
                self.rec.report(cell, "signature", "签字栏，未读取", severity="info")
                continue
            following = _value_beside(cells, idx)
            if name is None and following is not None and self._paired_field(cell, following[1]):
                skip.add(following[0])
                continue
            if name is None:
                self._other(cell)
                continue
            self.rec.label(cell)
            if following is None:
                continue
            j, value = following
            skip.add(j)
            if value.is_empty or field_name(value.text) is not None:
                skip.discard(j)
                continue
            self._field_value(name, cell, value)
            self.fields[name] = value.text
            self.field_cells[name] = value

    def _field_value(self, name: str, label: Cell, value: Cell) -> None:
        """Account for a field's value: a value when the totals table holds the field, else
        reported (项目属性, 实施期限 have no column in the totals)."""
        if name in TABULATED_FIELDS:
            self.rec.value(value)
            return
        self.rec.report(
            value,
            "field_not_tabulated",
            f"“{clean(label.text)}”栏的内容不进入自评表汇总表（totals），仅作记录",
            severity="info",
        )

    def _paired_field(self, label: Cell, value: Cell) -> bool:
        """``项目实施单位/项目负责人 | 原州区农技中心/杨勃兴``: each named field takes its part
        of the value (:func:`~kpi_analysis.text.headwords.paired_parts`); the parts naming
        no field (负责人) are not tabulated. False when no part names a field."""
        pairs = paired_parts(label.text, value.text)
        named = [(name, part) for text, part in pairs if (name := field_name(text)) is not None]
        if not named:
            return False
        self.rec.label(label)
        if any(name in TABULATED_FIELDS for name, _ in named):
            self.rec.value(value)
        else:
            self._field_value(named[0][0], label, value)
        for name, part in named:
            if part.strip():
                self.fields.setdefault(name, part.strip())
                self.field_cells.setdefault(name, value)
        if len(named) < len(pairs):
            self.rec.report(
                value,
                "field_part_not_tabulated",
                "成对标签中的其他字段（如负责人）不进入整洁表，仅作记录",
                severity="info",
            )
        return True

    def _section_row(self, cells: list[Cell]) -> None:
        label, rest = cells[0], cells[1:]
        name = section_field(label.text)
        self.rec.label(label)
        texts = []
        for cell in rest:
            if is_instruction(cell.text):
                self._instruction(cell)
            else:
                self.rec.value(cell)
                texts.append(clean(cell.text))
        if name is not None and texts:
            self.sections[name] = "\n".join(texts)

    # -- goals -----------------------------------------------------------------
    def _goal_header(self, row: list[Cell]) -> bool:
        """预期目标 | 实际完成情况, with a block label before and the block's score after."""
        cells = [(col, c) for col, c in positions(row) if not c.is_empty]
        roles = {col: goal_role(c.text) for col, c in cells}
        if not set(roles.values()) - {None}:
            return False
        first, last = cells[0][0], cells[-1][0]
        block_label = None
        if len(cells) > 2 and "goal" not in roles.values():
            _goal_by_head_word(cells, roles)
        # 总体目标 | 全年实际完成情况: the block label heads the expected-goal column itself
        if (
            len(cells) == 2
            and roles[last] == "achieved"
            and roles[first] is None
            and is_goal_head(cells[0][1].text)
        ):
            roles[first] = "goal"
        if len(cells) > 2 and {roles[col] for col, _ in cells[1:]} >= {"goal", "achieved"}:
            roles[first] = None  # 年度目标完成情况 | 预期目标 | 目标实际完成情况: a block label
            block_label = first
        bare = {
            col
            for col, c in cells
            if col == last and roles[col] is None and parse_number(c.text).value is not None
        }
        measures = {  # 总体完成率(%) / 得分 after the two goal columns: the block's own figure
            col
            for col, c in cells
            if col == last and roles[col] is None and is_block_measure(c.text)
        }
        for col, cell in cells:
            if not (
                roles[col]
                or col in bare | measures
                or is_section_title(cell.text)
                or col == block_label
            ):
                return False
        self.goal_cols = {}
        for col, cell in cells:
            if col in bare:
                self._section_score(cell, "goals")
                continue
            self.rec.label(cell)
            role = roles[col]
            if role is not None:
                self.goal_cols[col] = role
        self.mode = "goals"
        return True

    def _goal_pairs(self, row: list[Cell]) -> bool:
        """``年初设定目标 | 保障… | 年度总体目标完成情况 | …``: the goal block's labels each with
        its text beside it in one row, maybe after the block's own label. Every cell must be
        a goal label, its text, or that one leading block label."""
        cells = non_empty(row)
        roles = [goal_role(c.text) for c in cells]
        if "goal" not in roles:
            return False
        start = next(i for i, role in enumerate(roles) if role is not None)
        if start > 1:
            return False
        texts: dict[str, Cell] = {}
        pairs = cells[start:]
        if len(pairs) % 2 or any(goal_role(c.text) is not None for c in pairs[1::2]):
            return False
        for label, text in zip(pairs[::2], pairs[1::2], strict=True):
            role = goal_role(label.text)
            if role is None or role in texts or is_section_title(text.text):
                return False
            texts[role] = text
        for cell in cells[:start]:
            self.rec.label(cell)  # the block label (年度总体目标), however printed
        for label in pairs[::2]:
            self.rec.label(label)
        for cell in texts.values():
            self.rec.value(cell)
        achieved = texts.get("achieved")
        self.records.goals.append(
            {
                "source": str(texts["goal"].source),
                "goal": clean(texts["goal"].text),
                "achieved": clean(achieved.text) if achieved is not None else None,
            }
        )
        return True

    def _labelled_goal_row(self, cells: list[Cell]) -> bool:
        """年度总体目标 | expected goal | achievement, without the 预期目标 | 实际完成情况 header
        row: the template's order decides (the expected goal first, then what was achieved)."""
        label, texts = cells[0], cells[1:]
        is_label = is_goal_block(label.text) or goal_role(label.text) == "goal"  # 项目年度目标
        if not (is_label and 1 <= len(texts) <= 2):
            return False
        if any(
            goal_role(c.text) or is_section_title(c.text) or parse_number(c.text).value is not None
            for c in texts
        ):
            return False
        self.rec.label(label)
        for cell in texts:
            self.rec.value(cell)
        self.records.goals.append(
            {
                "source": str(texts[0].source),
                "goal": clean(texts[0].text),
                "achieved": clean(texts[1].text) if len(texts) > 1 else None,
            }
        )
        return True

    def _goal_body(self, row: list[Cell]) -> None:
        cover = cover_map(row)
        taken: dict[str, Cell] = {}
        for col, role in self.goal_cols.items():
            entry = cover.get(col)
            if entry is not None and not entry[1].is_empty and role not in taken:
                taken[role] = entry[1]
        used = {id(c) for c in taken.values()}
        for cell in non_empty(row):
            if id(cell) not in used:
                self._other(cell, "目标区")
        texts: dict[str, str | None] = {}
        for role, cell in taken.items():
            if is_instruction(cell.text):
                self._instruction(cell)
                texts[role] = None
            else:
                self.rec.value(cell)
                texts[role] = clean(cell.text)
        if any(texts.values()):
            anchor = taken.get("goal") or next(iter(taken.values()))
            self.records.goals.append(
                {
                    "source": str(anchor.source),
                    "goal": texts.get("goal"),
                    "achieved": texts.get("achieved"),
                }
            )

    # -- funding ---------------------------------------------------------------
    def _funding_row(self, row: list[Cell]) -> bool:
        assert self.funding_cols is not None
        first_col = self.funding_cols.first_data_col()
        label = None
        for col, cell in positions(row):
            if col >= first_col or cell.is_empty:
                continue
            if funding_category(cell.text) is not None:
                label = cell
            elif is_section_title(cell.text):
                self.rec.label(cell)
            else:
                return False
        if label is None and self.spanning_line is not None:
            spanning, col, last_row = self.spanning_line
            if self.row_at <= last_row and col < first_col:
                if self.spanning_read:
                    self._beyond_spanning(row, spanning)
                    return True
                label = spanning  # 年度资金总额 merged down beside the values it labels
                self.spanning_read = True
        if label is None:
            return False
        self.rec.label(label)
        cover = cover_map(row)
        values: dict[str, object] = {}
        used: set[int] = {id(label)}
        for role, col in self.funding_cols.roles.items():
            entry = cover.get(col)
            if entry is None or entry[1].is_empty or id(entry[1]) in used:
                continue
            cell = entry[1]
            used.add(id(cell))
            values[role] = self._funding_value(role, cell)
        for cell in non_empty(row):
            if id(cell) not in used and cell is not label and not is_section_title(cell.text):
                self.rec.report(cell, "cell_not_understood", "资金区的单元格不在任何已识别的列下")
        category = funding_category(label.text)
        if category == "total" and "weight" not in values and self.funding_weight is not None:
            values["weight"] = self.funding_weight  # printed in the block label (…(20分))
        self.records.funding.append(
            {
                "source": str(label.source),
                "category": category,
                "label": clean(label.text),
                **values,
            }
        )
        return True

    def _beyond_spanning(self, row: list[Cell], spanning: Cell) -> None:
        """A later value row under a funding label merged down over several rows: the label
        names one line, read from its first row; the values of this row are reported, never
        read as a second line of the same label."""
        label = clean(spanning.text)
        for cell in non_empty(row):
            if cell is not spanning:
                self.rec.report(
                    cell,
                    "funding_row_unlabelled",
                    f"合并单元格「{label}」跨多行，只按第一行读取；此行的值没有自己的资金标签，未读取",
                )

    def _funding_value(self, role: str, cell: Cell) -> object:
        if role == "reason":
            if is_instruction(cell.text):
                self._instruction(cell)
                return None
            self.rec.value(cell)
            return clean(cell.text)
        number = parse_number(cell.text)
        if not number.ok:
            self._bad_number(cell, self.funding_cols, role)
            return None
        self.rec.value(cell)
        if number.value is None:
            return None
        if role == "rate":
            return as_rate(number)
        if role in ("weight", "score"):
            return number.value
        return self._amount(number)

    def _bad_number(self, cell: Cell, columns: Columns | None, role: str) -> None:
        printed = (columns.names.get(role) if columns else None) or ROLE_LABELS.get(role, role)
        self.rec.report(
            cell,
            "bad_number",
            f"“{printed}”应为数字，实际为文字“{clean(cell.text)}”，未读取",
            severity="error",
        )

    # -- indicators ------------------------------------------------------------
    def _indicator_row(self, row: list[Cell]) -> None:
        cols = self.indicator_cols
        assert cols is not None
        cover = cover_map(row)
        taken: dict[str, Cell] = {}
        used: set[int] = set()
        for role, col in cols.roles.items():
            entry = cover.get(col)
            if entry is None or id(entry[1]) in used:
                continue
            taken[role] = entry[1]
            used.add(id(entry[1]))
        for cell in non_empty(row):
            if id(cell) not in used:
                self._other(cell, "指标区")
        if self._cut_row(taken):
            return
        l1, l2 = taken.get("level1"), taken.get("level2")
        if l1 is not None and not l1.is_empty:
            self._set_level1(l1)
        if l2 is not None and not l2.is_empty:
            self._set_level2(l2)
        content_roles = (
            "indicator",
            "target",
            "actual",
            "weight",
            "score",
            "reason",
            "review_score",
            "standard",
        )
        content = {r: c for r in content_roles if (c := taken.get(r)) is not None}
        if all(c.is_empty for c in content.values()):
            if l2 is not None and not l2.is_empty:
                self.rec.report(
                    l2,
                    "level2_without_indicator",
                    f"二级指标“{self.level2}”下没有三级指标行",
                    severity="info",
                )
            for role in ("value_type", "unit"):
                if role in taken and not taken[role].is_empty:
                    self.rec.report(taken[role], "cell_not_understood", "指标行没有指标名称")
            return
        if self._placeholder_row(taken):
            return
        self._add_indicator(taken)

    def _cut_row(self, taken: dict[str, Cell]) -> bool:
        """The first row of a table continuing the indicator block without header, when it
        names neither an indicator nor a class: the tail of a row cut at the break (its
        names are on the part before). Its cells are reported; no indicator is read."""
        names = ("level1", "level2", "indicator")
        at, self.cut_row = self.cut_row, None  # only the block's first row may be cut
        if self.row_at != at or any(
            not c.is_empty for r in names if (c := taken.get(r)) is not None
        ):
            return False
        for cell in taken.values():
            if not cell.is_empty and not cell.continued:
                self.rec.report(
                    cell,
                    "row_cut_at_break",
                    "续表首行没有指标名称（该行在断开处被截断，名称在前一部分），仅作记录",
                    severity="info",
                )
        return True

    def _placeholder_row(self, taken: dict[str, Cell]) -> bool:
        """A template row (``指标2:``, ``……``) with nothing filled in: reported, no indicator."""
        name_cell = taken.get("indicator")
        if name_cell is None or name_cell.is_empty:
            return False
        name = split_indicator(name_cell.text)[1]
        if name.strip(".…。·- ") and name not in ("指标", "无"):
            return False
        filled = [
            c
            for role in ("target", "actual", "weight", "score", "reason")
            if (c := taken.get(role)) is not None and not c.is_empty
        ]
        if filled:
            return False
        self.rec.report(
            name_cell,
            "template_placeholder",
            "模板占位行（未填写指标名称和数值），未作为指标读取",
            severity="info",
        )
        return True

    def _set_level1(self, cell: Cell) -> None:
        self.rec.label(cell)
        if not key(cell.text) and class_weight(cell.text) is not None:
            # the 一级 cell prints only its points ((50分)): a new class whose name is not
            # printed; each row takes the 一级 its 二级 implies (level1_inferred), the points stay
            self.level1 = self.level2 = None
            self.level1_weight, self.level1_unknown = class_weight(cell.text), False
            return
        name = canonical_level1(cell.text)
        self.level1_unknown = name is None and not is_non_target_level(cell.text)
        if name is None:
            name = join_vertical(key(cell.text)) or join_vertical(cell.text)
            self.rec.report(cell, "level1_unknown", f"一级指标“{name}”不在指标体系中，原样保留")
        if name != self.level1:
            self.level2 = None
        self.level1 = name
        self.level1_weight = class_weight(cell.text)

    def _set_level2(self, cell: Cell) -> None:
        self.rec.label(cell)
        name = canonical_level2(cell.text)
        if name is None:
            name = join_vertical(cell.text)
            self.rec.report(cell, "level2_unknown", f"二级指标“{name}”不在指标体系中，原样保留")
        self.level2 = name

    def _text_value(self, cell: Cell | None) -> str | None:
        if cell is None or cell.is_empty:
            return None
        if is_instruction(cell.text):
            self._instruction(cell)
            return None
        self.rec.value(cell)
        return clean(cell.text)

    def _number_value(self, cell: Cell | None, role: str) -> float | None:
        if cell is None or cell.is_empty:
            return None
        number = parse_number(cell.text)
        if not number.ok:
            self._bad_number(cell, self.indicator_cols, role)
            return None
        self.rec.value(cell)
        return number.value

    def _add_indicator(self, taken: dict[str, Cell]) -> None:
        name_cell = taken.get("indicator")
        number, name = split_indicator(name_cell.text) if name_cell is not None else (None, "")
        if name_cell is not None and not name_cell.is_empty:
            self.rec.value(name_cell)
        self.counter = number if number is not None else self.counter + 1
        value_type = self._text_value(taken.get("value_type"))
        unit = self._text_value(taken.get("unit"))
        parts = {r: taken[r] for r in ("target", "comparator", "unit") if r in taken}
        if "value_type" in taken:
            parts["comparator"] = taken["value_type"]
        target = compose_target(parts) if "target" in parts else ""
        if "target" in taken and not taken["target"].is_empty:
            self.rec.value(taken["target"])
        anchor = name_cell if name_cell is not None and not name_cell.is_empty else None
        anchor = anchor or next(c for c in taken.values() if not c.is_empty)
        level1 = self.level1 or level1_of(self.level2)
        if self.level1_unknown and level1_of(self.level2) is not None:
            level1 = level1_of(self.level2)  # evidence of the 二级 class over an unread 一级
            self.rec.report(
                anchor,
                "level1_from_level2",
                f"一级指标“{self.level1}”无法识别，按二级指标“{self.level2}”归入“{level1}”",
                severity="info",
                text=name,
            )
        self.records.indicators.append(
            {
                "source": str(anchor.source),
                "level1": level1,
                "level1_weight": self.level1_weight,
                "level2": self.level2,
                "indicator_no": self.counter,
                "indicator": name,
                "target": target,
                "actual": self._text_value(taken.get("actual")),
                "weight": self._number_value(taken.get("weight"), "weight"),
                "score": self._number_value(taken.get("score"), "score"),
                "reason": self._text_value(taken.get("reason")),
                "review_score": self._number_value(taken.get("review_score"), "review_score"),
                "standard": self._text_value(taken.get("standard")),
                "value_type": value_type,
                "unit_column": unit,
                "placeholder": not name,
            }
        )
        if self.level1 is None and level1 is not None:
            self.rec.report(
                anchor,
                "level1_inferred",
                f"指标行之上没有可读的一级指标，按二级指标“{self.level2}”归入“{level1}”",
                text=name,
            )
        elif self.level1 is None:
            self.rec.report(anchor, "level1_missing", "指标行之上没有一级指标", text=name)

    def _total_row(self, row: list[Cell]) -> None:
        cols = self.indicator_cols
        assert cols is not None
        cells = non_empty(row)
        label = cells[0]
        self.rec.label(label)
        cover = cover_map(row)
        placed: dict[str, Cell] = {}
        for role in ("weight", "score"):
            entry = cover.get(cols.roles.get(role, -1))
            if entry is not None and entry[1] is not label and not entry[1].is_empty:
                placed[role] = entry[1]
        rest = [c for c in cells[1:] if all(c is not p for p in placed.values())]
        if not placed:  # numbers not under the 分值/得分 columns: take them in order
            numbers = [c for c in rest if parse_number(c.text).ok]
            placed = dict(zip(("weight", "score"), numbers, strict=False))
            rest = [c for c in rest if all(c is not p for p in placed.values())]
        for role, cell in placed.items():
            value = self._number_value(cell, role)
            self.totals["total_weight" if role == "weight" else "total_score"] = value
        for cell in rest:
            if is_instruction(cell.text):
                self._instruction(cell)
            else:
                self.rec.report(cell, "cell_not_understood", "总分行的单元格未能识别")
        self.mode = "closing"

    # -- result ----------------------------------------------------------------
    def _fallback_name(self, where: str) -> str:
        """A name for a form without a 项目名称 field: the 项目名称 paragraph above it, its
        title, else the file name (always with a finding)."""
        if self.heading_name:
            self.rec.report(
                where,
                "project_from_heading",
                f"自评表内没有“项目名称”栏，项目名称取自表前段落“{self.heading_name}”",
                severity="warning",
            )
            return split_code(self.heading_name)[1]
        for title in self.titles:
            found = project_from_title(title)
            if found:
                taken = "标题全文（标题未写明项目）" if found == clean(title) else "标题"
                self.rec.report(
                    where,
                    "project_from_title",
                    f"自评表没有“项目名称”栏，项目名称取自{taken}“{clean(title)}”",
                    severity="warning",
                )
                return found
        stem = PurePath(self.path or where.split("#")[0] or "未命名").stem
        name = stem if self.ordinal <= 1 else f"{stem}（表{self.ordinal}）"
        self.rec.report(
            where,
            "project_from_file_name",
            f"自评表没有项目名称，也无法从标题得出；项目名称暂用文件名“{name}”",
            severity="error",
        )
        return name

    def finish(self) -> SelfEvalRecords:
        """The records of this form, with the form-level fields filled in."""
        code, name = split_code(self.fields.get("project", ""))
        department = split_code(self.fields.get("department", ""))[1] or None
        implementer = split_code(self.fields.get("implementer", ""))[1] or None
        total = next((f for f in self.records.funding if f["category"] == "total"), None)
        where = self.source or ""
        if not name:
            name = self._fallback_name(where)
        if self.year is None:
            self.rec.report(
                where,
                "year_missing",
                "自评表没有写明年度（标题应为“项目支出绩效自评表（20XX年度）”）",
                severity="error",
            )
        if not self.records.indicators:
            self.rec.report(
                where, "indicators_missing", "自评表中没有绩效指标行", severity="warning"
            )
        self.records.form = {
            "source": where,
            "project": name or None,
            "project_code": code,
            "year": self.year,
            "department": department,
            "implementer": implementer,
            "form_unit": self.form_unit,
            "execution_weight": total.get("weight") if total else None,
            "total_weight": self.totals.get("total_weight"),
            "total_score": self.totals.get("total_score"),
            "execution_score": self.section_scores.get("funding"),
            "goals_score": self.section_scores.get("goals"),
            "indicators_weight": self.section_weights.get("indicators"),
            "indicators_score": self.section_scores.get("indicators"),
            **{
                name: self.sections.get(name)
                for name in ("implementation", "conclusion", "problems", "improvements")
            },
        }
        for row in self.records.funding:
            row["form_unit"] = self.form_unit
        return self.records
