"""Header rows of a 项目支出绩效自评表: which column holds what, found by head-word rules.

Two blocks have a header row that names their columns:

* the funding block: 年初预算数 | 全年预算数 (调整后预算数, 预算数) | 全年执行数 (执行数) |
  分值 (权重) | 执行率 | 得分 | 原因;
* the indicator block: 一级 | 二级 | 三级 | 年度指标值 (年初目标值, …目标值, 预期值) |
  实际完成值 (…完成值, 实际完成指标值, 实现值, 完成情况) | 分值 (权重) | 得分 (自评分) | 复核分 |
  偏差原因分析及改进措施 | 评分标准, with 指标性质 / 度量单位 where the template has them, in any
  order (score columns before or after the values).

Every label first passes :func:`norm` (the shared label normaliser, then any bracketed
annotation such as (A), (B/A×100%), (20分*执行率)), then the rules of :func:`indicator_role` /
:func:`funding_role` decide by what the label ends or starts with, never by an exact list.
A header is taken on evidence (:func:`indicator_header`, :func:`funding_header`, with the
shared helpers of :mod:`kpi_analysis.forms.evidence`); a row that names some roles but falls
short is described by :func:`missing_roles`. A data row is read
through :func:`cover_map`, so a cell merged across several grid columns is found under any of
them.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from kpi_analysis.forms.cells import positions
from kpi_analysis.forms.evidence import MAX_LABEL, Columns, Requirement, read_roles
from kpi_analysis.forms.targets.columns import LEVEL_ROLES
from kpi_analysis.readers.grid import Cell
from kpi_analysis.text.headwords import EXPECTED_WORDS
from kpi_analysis.text.money import MONEY_UNIT
from kpi_analysis.text.vocabulary import (
    canonical_level1,
    canonical_level2,
    label_key,
    near_label,
)

UNIT_NOTE = re.compile(rf"\(({MONEY_UNIT}|盖章|签章|公章)\)")
NUMBERING = re.compile(r"^(?:\d+|[一二三四五六七八九十]+)[.．、]")

#: Exact labels that are not head-word shaped (the rules in :func:`indicator_role` do the rest).
INDICATOR_ROLES = {
    **LEVEL_ROLES,
    "一级指标名称": "level1",
    "二级指标名称": "level2",
    "三级指标名称": "indicator",
    "指标名称": "indicator",
    "指标内容": "indicator",
    "具体指标": "indicator",
    "指标": "indicator",  # older central template: 指标 | 指标内容 | 指标值 (see forms.evidence)
    "评价指标": "indicator",
    "考核指标": "indicator",
    "指标性质": "value_type",
    "指标值类型": "value_type",
    # the comparator column of a split 指标值 (符号 | 数值 | 单位)
    "符号": "value_type",
    "运算符": "value_type",
    "比较符": "value_type",
    "比较符号": "value_type",
    "指标类型": "value_type",
    "度量单位": "unit",
    "计量单位": "unit",
    "单位": "unit",
}
FUNDING_ROLES = {
    "原因": "reason",
}
#: The funding-header labels of the templates: what a misprinted label of a funding header
#: row is read as (:func:`~kpi_analysis.text.vocabulary.near_label`).
FUNDING_LABELS = (
    "年初预算数",
    "全年预算数",
    "调整预算数",
    "调整后预算数",
    "全年执行数",
    "预算执行率",
)
#: Roles a row must name by its printed labels before its other labels are read by near match.
NEAR_EVIDENCE = 2
INDICATOR_CORE = {"level1", "level2", "indicator", "target"}
#: Printed names of roles, for findings ("表头只识别出 …，缺少 …").
ROLE_NAMES = {
    "level1": "一级指标",
    "level2": "二级指标",
    "indicator": "三级指标",
    "target": "年度指标值",
    "actual": "实际完成值",
    "weight": "分值",
    "score": "得分",
    "review_score": "复核分",
    "reason": "偏差原因",
    "standard": "评分标准",
    "value_type": "指标性质",
    "unit": "度量单位",
    "budget_initial": "年初预算数",
    "budget_full": "全年预算数",
    "executed": "全年执行数",
    "rate": "执行率",
    "baseline": "往年实际值",
}
#: The evidence an indicator header needs: the indicator, a class or value, an actual or score.
INDICATOR_HEADER = Requirement(
    groups=(("indicator",), ("level1", "level2", "target"), ("actual", "score")),
    names=ROLE_NAMES,
)
BRACKETED = re.compile(r"[(\[【][^()\[\]【】]*[)\]】]")
LEADING_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十\d]+\)|\d+[、.](?!\d)|[①-⑳])"
)
NOT_ACTUAL = ("目标", "绩效")
YEAR_IN_LABEL = re.compile(r"(?:19|20)\d{2}")


@lru_cache(maxsize=8192)
def key(text: str | None) -> str:
    """A label key: :func:`~kpi_analysis.text.vocabulary.label_key` without units, 盖章 or
    numbering.

    >>> key("实施单位 (盖章)"), key("年度预算数(万元)"), key("2.项目实施内容及过程概述")
    ('实施单位', '年度预算数', '项目实施内容及过程概述')
    """
    folded = UNIT_NOTE.sub("", label_key(text))
    return NUMBERING.sub("", folded).strip("：:")


@lru_cache(maxsize=16384)
def norm(text: str | None) -> str:
    """A header label reduced to its words: :func:`key` without any bracketed annotation
    (（A）, (B/A×100%), （万元）, (20分*执行率)), leading numbering, asterisks or colons.

    The one place column labels are normalised; when the shared label normaliser of
    :mod:`kpi_analysis.text.vocabulary` grows these rules, this becomes a call to it.

    >>> norm("执行率(B/A×100%)"), norm("得分 (20分*执行率)"), norm("*年初目标值（A）")
    ('执行率', '得分', '年初目标值')
    """
    folded = key(text).replace("*", "").replace("★", "")
    while True:
        stripped = BRACKETED.sub("", folded)
        if stripped == folded:
            break
        folded = stripped
    return LEADING_NUMBER.sub("", folded).strip("：:")


@lru_cache(maxsize=16384)
def indicator_role(text: str | None) -> str | None:
    """The role of an indicator-block header label, by its head word.

    >>> [indicator_role(t) for t in ("年初目标值(A)", "实际完成指标值", "自评分", "复核分")]
    ['target', 'actual', 'score', 'review_score']
    >>> [indicator_role(t) for t in ("年度绩效指标完成情况", "项目名称", "100")]
    [None, None, None]
    >>> indicator_role("计算符号")
    'value_type'
    """
    label = norm(text)
    if not label:
        return None
    exact = INDICATOR_ROLES.get(label)
    if exact is not None:
        return exact
    if "原因" in label:
        return "reason"
    if label.endswith(("符号", "运算符", "比较符")) and len(label) <= 6:
        return "value_type"  # 计算符号 | 目标值 | 度量单位: the comparator of a split value
    if label.startswith("复核"):
        return "review_score"
    if label.endswith(("得分", "自评分", "评分")) and not label.endswith("评分标准"):
        return "score"
    if label.endswith(("分值", "权重", "满分", "权重占比")):
        return "weight"
    if label.endswith(("标准", "评分办法", "评分规则")):
        return "standard"
    if YEAR_IN_LABEL.search(label) or label.startswith(("上年", "上一年", "去年", "历史")):
        # 2021年实际实现值 | 预期2022年实现值: a baseline and a target, never this form's actual
        return "target" if label.startswith((*EXPECTED_WORDS, "计划")) else "baseline"
    if not any(word in label for word in NOT_ACTUAL) and (
        label.startswith("实际")
        or label.endswith(("完成值", "实现值", "实际值", "完成数", "完成指标值", "完成情况"))
    ):
        return "actual"
    if label.endswith(("目标值", "指标值", "预期值", "计划值", "指标值及单位")):
        return "target"
    return None


@lru_cache(maxsize=16384)
def funding_role(text: str | None) -> str | None:
    """The role of a funding-block header label, by its head word.

    >>> [funding_role(t) for t in ("预算数(A)", "年初预算数", "全年执行数(B)", "执行率(B/A)")]
    ['budget_full', 'budget_initial', 'executed', 'rate']
    """
    label = norm(text)
    if not label:
        return None
    exact = FUNDING_ROLES.get(label)
    if exact is not None:
        return exact
    if "原因" in label:
        return "reason"
    if label.endswith("执行率"):
        return "rate"
    if label.endswith(("执行数", "执行", "执行金额", "支出数", "决算数")):
        return "executed"
    if label.endswith(("预算数", "预算", "预算金额", "预算资金")):
        return "budget_initial" if label.startswith("年初") else "budget_full"
    if label.endswith(("得分", "自评分")):
        return "score"
    if label.endswith(("分值", "权重")):
        return "weight"
    return None


def has_selfeval_labels(cells: list[Cell]) -> bool:
    """True when some cell carries a label only self-evaluation headers have (实际完成值,
    得分, 执行数)."""
    return any(is_selfeval_label(c.text) for c in cells if c.text and len(c.text) <= 40)


@lru_cache(maxsize=16384)
def is_selfeval_label(text: str) -> bool:
    """True for a label only self-evaluation headers have (实际完成值, 得分, 执行数)."""
    return indicator_role(text) in ("actual", "score") or funding_role(text) == "executed"


def cover_map(row: list[Cell]) -> dict[int, tuple[int, Cell]]:
    """Grid column → (start column, cell) for every column a cell of ``row`` covers."""
    out: dict[int, tuple[int, Cell]] = {}
    for col, cell in positions(row):
        for c in range(col, col + max(cell.col_span, 1)):
            out[c] = (col, cell)
    return out


#: Roles of a block's own points when their column stands left of the classes.
BLOCK_POINT_ROLES = ("weight", "score")


def indicator_evidence(row: list[Cell]) -> Columns:
    """Every indicator-block role a row's labels name (a candidate header row).

    A 分值/权重 column left of every class and indicator column (项目权重 | 一级指标 | …)
    holds the points of the whole block (项目绩效 85 分), not each indicator's: no role.

    >>> from kpi_analysis.readers.grid import Source
    >>> row = [Cell(t, Source("f")) for t in ("项目权重", "一级指标", "三级指标", "自评分")]
    >>> sorted(indicator_evidence(row).roles)
    ['indicator', 'level1', 'score']
    """
    found = read_roles(row, indicator_role, norm)
    classes = [col for role, col in found.roles.items() if role in INDICATOR_CORE - {"target"}]
    for role in BLOCK_POINT_ROLES:
        col = found.roles.get(role)
        if classes and col is not None and col < min(classes):
            del found.roles[role]
            found.names.pop(role, None)
            found.labels = [c for c in found.labels if indicator_role(c.text) != role]
    return found


def indicator_header(row: list[Cell]) -> Columns | None:
    """The columns of an indicator header row, or None when ``row`` is not one.

    The evidence needed (:data:`INDICATOR_HEADER`): the 三级 (indicator) column, one of
    一级/二级/指标值, and an 实际完成值 or 得分 column.
    """
    found = indicator_evidence(row)
    return found if INDICATOR_HEADER.met(found.roles) else None


#: Fewest rows whose numbers must bear out a weight column read by content.
WEIGHT_EVIDENCE_ROWS = 3


def weight_by_content(row: list[Cell], found: Columns, body: list[list[Cell]]) -> int | None:
    """The 分值 column of an indicator header whose weight label is unreadable (OCR damage,
    an unknown wording), decided by content: the one unnamed label column right of the
    indicator whose body cells are all numbers, each at least the 得分 of its row, on
    :data:`WEIGHT_EVIDENCE_ROWS` rows or more. None without that evidence.

    >>> from kpi_analysis.readers.grid import Source
    >>> cells = lambda *ts: [Cell(t, Source("f")) for t in ts]
    >>> head = cells("三级指标", "考值参分", "指标值", "得分")
    >>> body = [cells("甲", "10", "5人", "9"), cells("乙", "5", "6人", "5")]
    >>> body.append(cells("丙", "4", "", "4"))
    >>> weight_by_content(head, indicator_evidence(head), body)
    2
    >>> weight_by_content(head, indicator_evidence(head), [cells("甲", "3", "5人", "9")] * 3)
    """
    if "weight" in found.roles or "score" not in found.roles or "indicator" not in found.roles:
        return None
    unnamed = [
        col
        for col, cell in positions(row)
        if not cell.is_empty
        and col > found.roles["indicator"]
        and col not in found.roles.values()
        and indicator_role(cell.text) is None
    ]
    if len(unnamed) != 1:
        return None
    col, score_col, rows = unnamed[0], found.roles["score"], 0
    for body_row in body:
        cover = cover_map(body_row)
        if indicator_header(body_row) is not None:
            break
        weight, score = (_number_under(cover, c) for c in (col, score_col))
        if weight is False:
            return None  # a word under the column: not a column of points
        if isinstance(weight, float) and isinstance(score, float):
            if score > weight:
                return None
            rows += 1
    return col if rows >= WEIGHT_EVIDENCE_ROWS else None


#: The standard template's indicator columns, left to right (财预〔2020〕10号 附件1): what a
#: block printed without its header row is read as, placed by its 分值 | 得分 numbers.
TEMPLATE_ORDER = ("level1", "level2", "indicator", "target", "actual", "weight", "score", "reason")
#: Fewest rows whose numbers place the 分值 | 得分 pair of a block without header.
POINT_ROWS = 2


def headless_indicator_columns(rows: list[list[Cell]]) -> Columns | None:
    """The columns of an indicator block printed without its header row (a page break, or a
    copy that lost the header), in the standard template's order (:data:`TEMPLATE_ORDER`).

    The 分值 | 得分 pair is the two adjacent columns holding numbers, the left one at least
    the right one, on :data:`POINT_ROWS` rows or more (the most such rows wins; a tie is no
    reading); 实际完成值, 年度指标值, 三级, 二级 and 一级 stand left of it in that order and
    偏差原因 right of it. None unless some row names a known class under the 二级 or 一级
    column found so.

    >>> from kpi_analysis.readers.grid import Source
    >>> cells = lambda *ts: [Cell(t, Source("f")) for t in ts]
    >>> rows = [cells("", "数量指标", "培训人数", "≥50人", "60人", "10", "10", "")]
    >>> rows.append(cells("", "", "培训天数", "≥5天", "4天", "10", "8", "天气"))
    >>> found = headless_indicator_columns(rows)
    >>> [found.roles[r] for r in ("level2", "indicator", "target", "weight", "score", "reason")]
    [2, 3, 4, 6, 7, 8]
    >>> headless_indicator_columns([cells("甲", "乙", "3", "2")] * 3) is None  # no class named
    True
    """
    covers = [cover_map(row) for row in rows]
    last = max((col for cover in covers for col in cover), default=0)  # columns count from 1
    votes: Counter[int] = Counter()
    for cover in covers:
        for col in range(1, last):
            left, right = _number_under(cover, col), _number_under(cover, col + 1)
            if isinstance(left, float) and isinstance(right, float) and left >= right:
                votes[col] += 1
    ranked = votes.most_common(2)
    if (
        not ranked
        or ranked[0][1] < POINT_ROWS
        or (len(ranked) > 1 and ranked[1][1] == ranked[0][1])
    ):
        return None
    weight = ranked[0][0]
    start = weight - TEMPLATE_ORDER.index("weight")
    found = Columns()
    for offset, role in enumerate(TEMPLATE_ORDER):
        col = start + offset
        if 1 <= col <= last:
            found.roles[role] = col
            found.names[role] = ROLE_NAMES[role]
    if "indicator" not in found.roles or not _names_classes(rows, found):
        return None
    return found


def _names_classes(rows: list[list[Cell]], found: Columns) -> bool:
    """True when some row names a known 二级 class under ``found``'s 二级 column or a known
    一级 class under its 一级 column."""
    for row in rows:
        cover = cover_map(row)
        for role, canonical in (("level2", canonical_level2), ("level1", canonical_level1)):
            entry = cover.get(found.roles.get(role, -1))
            if entry is not None and not entry[1].is_empty and canonical(entry[1].text):
                return True
    return False


def _number_under(cover: dict[int, tuple[int, Cell]], col: int) -> float | None | bool:
    """The number in the cell starting at ``col``: None when blank, False when not a number."""
    entry = cover.get(col)
    if entry is None or entry[1].is_empty or entry[0] != col:
        return None
    text = "".join(entry[1].text.split()).removesuffix("分")
    if text in ("-", "—", "/"):
        return None
    try:
        return float(text)
    except ValueError:
        return False


def missing_roles(found: Columns) -> str:
    """The finding text for a header that fell short: "表头只识别出 …，缺少 …"."""
    return INDICATOR_HEADER.shortfall(found.roles)


def funding_header(row: list[Cell]) -> Columns | None:
    """The columns of a funding header row (a budget and 执行数 column among them), or None.

    A row naming :data:`NEAR_EVIDENCE` roles by its labels is a header row: its other labels
    are read by near match (an OCR copy prints 年初预匏数 for 年初预算数), noted in
    ``Columns.near`` for the reader's finding.

    >>> from kpi_analysis.readers.grid import Source
    >>> row = [Cell(t, Source("f")) for t in ("年初预匏数", "全年执行数(B)", "执行率(B/A)")]
    >>> found = funding_header(row)
    >>> sorted(found.roles), [(c.text, label) for c, label in found.near]
    (['budget_initial', 'executed', 'rate'], [('年初预匏数', '年初预算数')])
    """
    found = read_roles(row, funding_role, norm)
    if len(found.roles) >= NEAR_EVIDENCE:
        _near_roles(row, found)
    roles = set(found.roles)
    if "executed" in roles and roles & {"budget_full", "budget_initial"} and len(roles) >= 3:
        return found
    return None


def _near_roles(row: list[Cell], found: Columns) -> None:
    """Add to ``found`` the roles of the row's unread labels that misprint a funding-header
    label by one character (:data:`FUNDING_LABELS`)."""
    for col, cell in positions(row):
        if cell.is_empty or len(cell.text) > MAX_LABEL or any(cell is c for c in found.labels):
            continue
        label = near_label(norm(cell.text), FUNDING_LABELS)
        role = funding_role(label) if label else None
        if label is None or role is None or role in found.roles:
            continue
        found.roles[role] = col
        found.names[role] = label
        found.labels.append(cell)
        found.near.append((cell, label))
