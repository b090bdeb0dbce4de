"""Header fields of a 绩效目标表: labels, 项目属性 check marks, goals and indicator names."""

from __future__ import annotations

import re
from functools import lru_cache

from kpi_analysis.forms.cells import clean
from kpi_analysis.readers.grid import Cell
from kpi_analysis.text.headwords import FIELD_HEADS, SIGNATURE_LABELS, field_of
from kpi_analysis.text.vocabulary import label_key, near_label

FIELD_LABELS = {
    "项目名称": "project",
    "项目支出名称": "project",
    "项目名称及代码": "project",
    "主管部门": "department",
    "主管部门及代码": "department",
    "预算部门": "department",
    "预算单位": "department",
    "项目主管部门": "department",
    "部门名称": "department",
    "单位名称": "department",
    "实施单位": "implementer",
    "项目实施单位": "implementer",
    "执行单位": "implementer",
    "项目属性": "attribute",
    "项目类型": "attribute",
    "项目期": "term",
    "项目周期": "term",
    "项目起止时间": "term",
    "项目支出实施期": "term",
    "项目实施期": "term",
    "实施期限": "term",
}

GOAL_MARK = re.compile(r"目标\s*(\d+)\s*[：:]")
#: Whitespace, punctuation and numbering: what a label before the goal list may carry.
PREAMBLE_NOISE = re.compile(r"[\s\W\d_]+")
#: Longest label that may head a goal list inside its cell (年度绩效目标).
MAX_GOAL_LABEL = 8
INDICATOR_PREFIX = re.compile(
    r"^\s*(?:指标\s*(\d{1,2}?)(?=(?:19|20)\d{2}年)"  # 指标1 glued to a year: 指标12021年…
    r"|指标\s*(\d+)(?![\d年])\s*[：:.、．]?|(\d+)\s*(?:[、：:]|[.．](?!\d))|[（(]\s*(\d+)\s*[）)])"
)
ATTRIBUTE_OPTIONS = (
    "新增项目",
    "延续项目",
    "持续性项目",
    "新增性项目",
    "经常性项目",
    "一次性项目",
)
CHECKED = "■☑√✓✔☒▇"
UNCHECKED = "□口☐"
#: The words of the 项目属性 options (新增, 延续 …), printed with or without 项目 and boxes.
ATTRIBUTE_WORDS = ("新增", "新建", "延续", "持续", "一次性", "经常性")
#: What a 项目期 value names: a year, month or any number (2021-2023, 3年, 2021年1月至12月).
TERM_VALUE = re.compile(r"[\d０-９年月]")


def fits_field(field: str, value: str | None) -> bool:
    """True when ``value`` can be the value of ``field``: a term names a number, year or
    month, an attribute names an option word (:data:`ATTRIBUTE_WORDS`); other fields take any
    text. The evidence a label read by near match needs from the value beside it.

    >>> fits_field("term", "2021年-2023年"), fits_field("term", "某县某镇")
    (True, False)
    >>> fits_field("attribute", "□新增 ■延续"), fits_field("attribute", "某县某镇")
    (True, False)
    >>> fits_field("implementer", "某县某镇")
    True
    """
    text = clean(value or "")
    if field == "term":
        return bool(TERM_VALUE.search(text))
    if field == "attribute":
        return any(word in text for word in ATTRIBUTE_WORDS)
    return True


#: Header labels the readers know but do not tabulate (项目类别, 联系电话 …): a text at or one
#: character off one of them is no misprint of a tabulated field label.
UNREAD_FIELD_LABELS = ("项目类别", *dict(FIELD_HEADS)["other"], *sorted(SIGNATURE_LABELS))


def near_field(
    text: str | None, value: str | None = None, labels: dict[str, str] = FIELD_LABELS
) -> tuple[str, str] | None:
    """(field, label) for a field label of ``labels`` misprinted by one character (实施第位
    → implementer, 实施单位), by :func:`~kpi_analysis.text.vocabulary.near_label` over
    ``labels`` and :data:`UNREAD_FIELD_LABELS`; None otherwise. Ask it only of a cell the grid
    places as a field label, after the exact lookups failed. Given the ``value`` beside, it
    must fit the field (:func:`fits_field`: a term names a year, an attribute an option):
    项目实施地 beside a place is no misprinted 项目实施期.

    >>> near_field("实施第位"), near_field("实施第第"), near_field("银川市第六中学")
    (('implementer', '实施单位'), None, None)
    >>> near_field("项目类别") is None  # a label of its own, not 项目类型 misprinted
    True
    >>> near_field("项目实施地", "某县某镇"), near_field("项目实施朝", "2021年")
    (None, ('term', '项目实施期'))
    """
    if not text or len(text) > 30:
        return None
    label = near_label(label_key(text), (*labels, *UNREAD_FIELD_LABELS))
    if label not in labels:
        return None
    field = labels[label]
    return (field, label) if value is None or fits_field(field, value) else None


def near_field_beside(
    text: str | None, value: str | None, labels: dict[str, str] = FIELD_LABELS
) -> tuple[str, str] | None:
    """:func:`near_field` for a cell with ``value`` printed beside it: the value must be there,
    be no field label itself (exact or misprinted) and fit the field. The caller has placed
    the cell as a field label (header region) and found no exact label in it or its value.

    >>> near_field_beside("主管部问", "某县教育局"), near_field_beside("主管部问", "实施单位")
    (('department', '主管部门'), None)
    >>> near_field_beside("主管部问", "")
    """
    if not value or not clean(value) or label_key(value) in labels:
        return None
    if near_field(value, labels=labels) is not None:
        return None
    return near_field(text, value, labels)


def parse_attribute(text: str) -> str | None:
    """Which 项目属性 option is ticked; None when no option is marked.

    A check mark (■ ☑ √) selects the option it belongs to: marks stand before their
    option ("■新增项目 □延续项目") unless the text ends with a mark, in which case they
    follow it ("持续性项目■ 新增性项目口"). In exports that lose the mark glyph, the only
    option *without* an empty box (□) while another has one is taken as ticked:
    "□新增项目 延续项目" → 延续项目. A lone option without any box is that option.
    """
    compact = re.sub(r"\s+", "", text)
    found = sorted((compact.find(o), o) for o in ATTRIBUTE_OPTIONS if o in compact)
    boxes = CHECKED + UNCHECKED
    if len(found) == 1 and not any(ch in boxes for ch in compact):
        return found[0][1]
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
    """Split a goal cell at ``目标N：`` markers; text without markers is goal 1.

    Text before the first marker that is more than a label (a sentence introducing the
    list, "……达成以下目标：目标1：…") makes the cell one goal, kept whole: splitting would
    drop that sentence.
    """
    text = text.strip()
    if not text:
        return []
    marks = list(GOAL_MARK.finditer(text))
    if not marks or _is_goal_preamble(text[: marks[0].start()]):
        return [(1, clean(text))]
    goals = []
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        body = clean(text[mark.end() : end])
        if body:
            goals.append((int(mark.group(1)), body))
    return goals


def _is_goal_preamble(text: str) -> bool:
    """True when text before the first ``目标N：`` is content, not a label (年度目标：, 1、)."""
    words = PREAMBLE_NOISE.sub("", text)
    return bool(words) and not (len(words) <= MAX_GOAL_LABEL and words.endswith("目标"))


@lru_cache(maxsize=16384)
def split_indicator(text: str) -> tuple[int | None, str]:
    """``指标1：审核…`` → (1, "审核…"); only the number and one separator are removed.

    A decimal number starting the name is a quantity, never numbering:

    >>> split_indicator("2.培训人次"), split_indicator("1290.3平方米冷库建设")
    ((2, '培训人次'), (None, '1290.3平方米冷库建设'))

    Numbering glued to a year that starts the name stops before the year:

    >>> split_indicator("指标12021年11月30日前完成资金支付")
    (1, '2021年11月30日前完成资金支付')
    """
    text = clean(text)
    match = INDICATOR_PREFIX.match(text)
    if not match:
        return None, text
    number = next(g for g in match.groups() if g is not None)
    return int(number), text[match.end() :].strip()


#: Longest cell text taken for a field label (a longer cell is a value).
MAX_FIELD = 30


def names_project(cells: list[Cell]) -> bool:
    """True when one of ``cells`` is a project-name label (项目名称, 项目名称及代码 …)."""
    return any(field_of(c.text) == "project" for c in cells if len(c.text) <= MAX_FIELD)
