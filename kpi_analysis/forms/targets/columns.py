"""Indicator-block header: which column holds what, and which side (period) it belongs to.

The header row names its columns (一级/二级/三级指标, 指标值, 绩效标准, 计量单位 …). A role
that repeats starts a second side, e.g. mid-term and annual side by side; labels such as
``二级指标(长期)`` or a block title ``年度绩效指标`` above the header name the period.
A row is a header on evidence (:data:`TARGET_HEADER`, with the shared helpers of
:mod:`kpi_analysis.forms.evidence`); the best candidate of a table that has none is described
by :func:`header_shortfall`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kpi_analysis.forms.cells import ANNUAL_MARKERS, MID_MARKERS, period_of, positions
from kpi_analysis.forms.evidence import Columns, Requirement, best_reading, read_roles, row_roles
from kpi_analysis.readers.grid import Cell, Source
from kpi_analysis.text.headwords import EXPECTED_WORDS
from kpi_analysis.text.vocabulary import canonical_level1, canonical_level2, label_key

#: The three indicator levels, labelled alike on target and self-evaluation forms.
LEVEL_ROLES = {
    "一级指标": "level1",
    "一级": "level1",
    "二级指标": "level2",
    "二级": "level2",
    "三级指标": "indicator",
    "三级": "indicator",
}
COLUMN_ROLES = {
    **LEVEL_ROLES,
    "指标内容": "indicator",
    "指标名称": "indicator",
    "具体指标": "indicator",
    "三级指标名称": "indicator",
    "指标值": "target",
    "年度指标值": "target",
    "目标值": "target",
    "指标值及单位": "target",
    "年初目标值": "target",
    "年初目标值(A)": "target",
    "预期值": "target",
    "计划值": "target",
    "指标目标值": "target",
    "绩效标准": "standard",
    "指标标准": "standard",
    "指标标准或依据": "standard",
    "计量单位": "unit",
    "度量单位": "unit",
    "单位": "unit",
    "指标性质": "comparator",
    "指标值类型": "value_type",
    "指标类型": "value_type",
    "指标值内容": "target_text",
    "指标方向性": "extra",
    "指标方向": "extra",
    "备注": "extra",
    "指标解释": "extra",
    "评(扣)分标准": "extra",
    "评分标准": "extra",
    "分值": "extra",
    "权重": "extra",
}
EXPECTED_VALUE = re.compile(r"^预期\d{4}年?(实现值|目标值|指标值)?$|^\d{4}年?(预期|目标)值$")
HISTORY_VALUE = re.compile(r"^\d{4}年?(实际)?(实现值|完成值|实际值)$|^上年(实际)?(完成值|实现值)$")
BLOCK_TITLE = re.compile(r"^(长期|中期|实施期|年度|本年度)?绩效指标$")
CORE_ROLES = {"level1", "level2", "indicator", "target"}
#: Printed names of roles, for findings ("表头只识别出 …，缺少 …").
ROLE_NAMES = {
    "level1": "一级指标",
    "level2": "二级指标",
    "indicator": "三级指标",
    "target": "指标值",
    "standard": "绩效标准",
    "unit": "计量单位",
    "comparator": "指标性质",
    "value_type": "指标值类型",
    "target_text": "指标值内容",
}
#: The evidence an indicator header needs: the indicator, its value and a class column.
TARGET_HEADER = Requirement(
    groups=(("indicator",), ("target",), ("level1", "level2")), names=ROLE_NAMES
)
TARGET_HEADS = ("目标值", "指标值", "预期值", "计划值", "预期目标", "绩效目标值", "标准值")
#: Head words of the column holding a value's comparison sign (计算符号, 运算符).
COMPARATOR_HEADS = ("符号", "运算符", "比较符")


@lru_cache(maxsize=4096)
def column_role(text: str) -> str | None:
    """The role of a header label, or None for a label that is not an indicator column."""
    key = label_key(text)
    for marker in MID_MARKERS + ANNUAL_MARKERS:
        key = key.replace(f"({marker})", "")
    if key in COLUMN_ROLES:
        return COLUMN_ROLES[key]
    if EXPECTED_VALUE.match(key):
        return "target"
    if HISTORY_VALUE.match(key):
        return "extra"
    stripped = re.sub(r"\(.*?\)", "", key)
    if stripped in COLUMN_ROLES:
        return COLUMN_ROLES[stripped]
    return head_role(stripped)


def head_role(key: str) -> str | None:
    """Role by head word: …目标值/指标值/预期值 (年初…, 全年…, 中期…) is the target,
    一级/二级/三级 + 指标… a level, 指标/评价指标/指标名称/指标内容 the indicator.

    >>> head_role("全年指标值"), head_role("一级评价指标"), head_role("评价指标")
    ('target', 'level1', 'indicator')
    >>> head_role("当年预期实现值"), head_role("上年实现值")
    ('target', None)
    >>> head_role("计算符号")
    'comparator'
    """
    for prefix, role in (("一级", "level1"), ("二级", "level2"), ("三级", "indicator")):
        if key.startswith(prefix) and "指标" in key and len(key) <= 8:
            return role
    if key in ("指标", "评价指标", "绩效指标名称", "指标明细", "考核指标"):
        return "indicator"
    if key.endswith(TARGET_HEADS) and len(key) <= 10 and not key.startswith(("实际", "上年")):
        return "target"
    if key.endswith(COMPARATOR_HEADS) and len(key) <= 6:
        return "comparator"  # 计算符号 | 目标值 | 度量单位: the value's comparison sign
    expected = key.removeprefix("当年").startswith(EXPECTED_WORDS)
    if expected and key.endswith("值") and len(key) <= 10:
        return "target"  # (当年)预期实现值, 预计完成值: what the year is expected to reach
    return None


def _role(text: str | None) -> str | None:
    return column_role(text) if text else None


def header_evidence(row: list[Cell]) -> Columns:
    """Every indicator-column role a row's labels name (a candidate header row)."""
    return read_roles(row, _role)


#: Fewest value columns of a matrix header (one column per village, school, year …).
MATRIX_MIN = 2


def matrix_columns(row: list[Cell]) -> list[int]:
    """The value columns of a MATRIX header: no 指标值 column, but two or more columns right of
    the 三级 (and its notes or direction columns) each named by something else (西坪镇尧山村 |
    桃舟乡吾培村 …):
    their cells are the indicator's values per named unit. [] when the row is no such header.

    >>> from kpi_analysis.readers.grid import Source
    >>> row = [Cell(t, Source("f")) for t in ("一级指标", "二级指标", "三级指标", "甲村", "乙村")]
    >>> matrix_columns(row)
    [4, 5]
    """
    return _matrix_columns(row, header_evidence(row))


def _matrix_columns(row: list[Cell], found: Columns) -> list[int]:
    """:func:`matrix_columns` of ``row`` whose evidence ``found`` is already read."""
    if "target" in found.roles or "indicator" not in found.roles:
        return []
    if not found.roles.keys() & {"level1", "level2"}:
        return []
    start = max(found.roles.values())
    cols = []
    for col, cell in positions(row):
        if col <= start or cell.is_empty:
            continue
        text = label_key(cell.text)
        if not cols and _role(cell.text) == "extra":
            continue  # a notes or direction column (指标解释 | 指标方向) before the units
        if _role(cell.text) is not None or not text or len(text) > 12 or text[0].isdigit():
            return []
        cols.append(col)
    return cols if len(cols) >= MATRIX_MIN else []


def is_header(row: list[Cell]) -> bool:
    """True for the header row of an indicator block: the evidence :data:`TARGET_HEADER`
    asks for (the indicator, its value and a class column), or a matrix header whose value
    columns are named per unit (:func:`matrix_columns`).

    The answer depends only on the cells' texts and column spans, so it is cached by them:
    a document's rows are asked several times (is it a target form, a self-evaluation form,
    a summary table, then row by row), and forms repeat their header and data rows.
    """
    return _is_header_of(tuple([(cell.text, cell.col_span) for cell in row]))


#: A source for the stand-in cells :func:`_is_header_of` reads (never reported).
_NOWHERE = Source("")


@lru_cache(maxsize=8192)
def _is_header_of(key: tuple[tuple[str, int], ...]) -> bool:
    """:func:`is_header` of the row whose cells have these (text, column span)."""
    row = [Cell(text, _NOWHERE, 1, span) for text, span in key]
    found = header_evidence(row)
    return TARGET_HEADER.met(found.roles) or bool(_matrix_columns(row, found))


#: Body rows looked at to decide a header's level columns by their content.
LEVEL_EVIDENCE_ROWS = 40


def shifted_levels(row: list[Cell], body: list[list[Cell]]) -> list[Cell] | None:
    """A header naming 一级 and 二级 columns and a value, but no 三级 column, whose 一级
    column holds 二级 class names (数量指标, 质量指标) and whose 二级 column holds names that
    are no class: the labels are one level off (the form prints its 二级 classes under
    一级指标 and its indicators under 二级指标). Decided by the body's content; returns the
    row relabelled 二级 | 三级, or None without that evidence.

    >>> from kpi_analysis.readers.grid import Source
    >>> cells = lambda *ts: [Cell(t, Source("f")) for t in ts]
    >>> head = cells("一级指标", "二级指标", "指标值")
    >>> body = [cells("数量指标", "维修次数", "20次"), cells("质量指标", "合格率", "95%")]
    >>> [c.text for c in shifted_levels(head, body)]
    ['二级指标', '三级指标', '指标值']
    >>> shifted_levels(head, [cells("产出指标", "数量指标", "20次")]) is None
    True
    """
    roles = header_evidence(row).roles
    if "indicator" in roles or "target" not in roles or not {"level1", "level2"} <= set(roles):
        return None
    first, second = roles["level1"], roles["level2"]
    firsts: list[str] = []
    seconds: list[str] = []
    for body_row in body[:LEVEL_EVIDENCE_ROWS]:
        if is_header(body_row):
            break
        cells = dict(positions(body_row))
        for col, found in ((first, firsts), (second, seconds)):
            cell = cells.get(col)
            if cell is not None and not cell.is_empty:
                found.append(cell.text)
    if not firsts or len(seconds) < 2:
        return None
    if any(canonical_level2(t) is None for t in firsts):
        return None  # the 一级 column holds something other than 二级 classes
    if all(canonical_level1(t) is not None for t in firsts):
        return None  # 成本指标 alone is a 一级 class as well: no evidence of a shift
    if 2 * sum(canonical_level2(t) is None for t in seconds) <= len(seconds):
        return None  # the 二级 column holds classes: the labels are right
    relabel = {first: "二级指标", second: "三级指标"}
    return [
        cell._replace(text=relabel[col]) if col in relabel else cell for col, cell in positions(row)
    ]


def header_shortfall(rows: list[list[Cell]]) -> str | None:
    """For a table without an indicator header: its best candidate header row, as
    "表头只识别出 …，缺少 …" (None when no row names two roles, a class or indicator among
    them)."""
    best = best_reading(rows[:40], header_evidence, TARGET_HEADER)
    if best is None or not near_header(best):
        return None
    return TARGET_HEADER.shortfall(r for r in best.roles if r != "extra")


def near_header(found: Columns) -> bool:
    """True when a row's roles look like an indicator header that fell short."""
    roles = set(found.roles) - {"extra"}
    return len(roles) >= 2 and bool(roles & {"level1", "level2", "indicator"})


def block_title_period(row: list[Cell]) -> str | None:
    """``mid_term``/``annual`` for a row that only holds a block title like 年度绩效指标."""
    title = None
    for cell in row:
        if not cell.is_empty:
            if title is not None:
                return None  # more than one filled cell: not a title row
            title = cell.text
    if title is None:
        return None
    key = label_key(title)
    if BLOCK_TITLE.match(key) and key != "绩效指标":
        return period_of(key)
    return None


@dataclass
class Side:
    """One side (period) of the indicator block: column positions by role."""

    period: str
    columns: dict[str, int] = field(default_factory=dict)
    extra: list[int] = field(default_factory=list)
    matrix: dict[int, str] = field(default_factory=dict)  # value column → unit it names


@dataclass
class Header:
    """The parsed header: sides, the shared 一级 column, and the header's cells."""

    sides: list[Side]
    level1_col: int | None
    label_cells: list[Cell]
    level1_span: int = 1  # a 一级指标 label over two columns (block label | class)


def parse_header(row: list[Cell], block_period: str | None) -> Header:
    """Split a header row into sides; periods from labels, a block title, or position."""
    sides: list[Side] = []
    level1_col, level1_span = None, 1
    labels = [cell for _, cell in positions(row) if not cell.is_empty]
    for col, cell, role in row_roles(row, _role):
        if role == "level1" and level1_col is None:
            level1_col, level1_span = col, max(cell.col_span, 1)
            continue
        if role == "extra":
            if sides:
                sides[-1].extra.append(col)
            continue
        if not sides or role in sides[-1].columns:
            sides.append(Side(period=period_of(cell.text) or ""))
        elif not sides[-1].period:
            sides[-1].period = period_of(cell.text) or ""
        sides[-1].columns[role] = col
    if level1_col is None and sides and "level2" in sides[0].columns:
        level1_col = _unnamed_level1(labels, sides[0].columns["level2"], row)
    if len(sides) == 2:
        defaults = ["mid_term", "annual"]
    else:
        defaults = [block_period or "annual"] * len(sides)
    for side, default in zip(sides, defaults, strict=True):
        side.period = side.period or default
    matrix = matrix_columns(row)
    if matrix and sides:
        named = dict(positions(row))
        sides[-1].matrix = {col: label_key(named[col].text) for col in matrix}
    return Header(sides=sides, level1_col=level1_col, label_cells=labels, level1_span=level1_span)


def _unnamed_level1(labels: list[Cell], level2_col: int, row: list[Cell]) -> int | None:
    """The column of a 一级 header written oddly (``级指标``): an unrecognised …指标 label
    standing just left of the 二级 column."""
    for col, cell in positions(row):
        if cell.is_empty or column_role(cell.text) is not None:
            continue
        beside = col < level2_col <= col + max(cell.col_span, 1)
        if beside and label_key(cell.text).endswith("指标"):
            return col
    return None


def merge_second_header(header: Header, row: list[Cell]) -> bool:
    """Apply a second header row (e.g. 2021年实际实现值 | 预期2022年实现值) under the first.

    Returns True when the row was a header continuation.
    """
    roles = []
    for col, cell in positions(row):
        if cell.is_empty:
            continue
        role = column_role(cell.text)
        if role is None:
            return False  # a filled cell that is not a column label: a data row
        roles.append((col, role))
    if not roles:
        return False
    if {r for _, r in roles} & {"level1", "level2", "indicator"}:
        return False
    for col, role in roles:
        side = header.sides[-1] if header.sides else None
        if side is None:
            return False
        if role == "extra":
            side.extra.append(col)
        else:
            side.columns[role] = col
        for other in header.sides:
            if other is not side:
                other.columns = {r: c for r, c in other.columns.items() if c != col}
    header.label_cells.extend(c for c in row if not c.is_empty)
    return True
