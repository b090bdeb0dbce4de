"""Cell values and labels of a 项目支出绩效自评表: numbers, rates, funding lines, sections.

>>> [(n.value, n.ok) for n in map(parse_number, ("215,457.6", "—", "八分"))]
[(215457.6, True), (None, True), (None, False)]
>>> as_rate(parse_number("45.17%")), as_rate(parse_number("0"))
(0.4517, 0.0)
>>> funding_category("其中：当年财政拨款"), funding_category("上年结转资金")
('fiscal', 'carryover')
>>> funding_category("总额"), funding_category("单位资金")
('total', 'other_part')
>>> title_year("项目支出绩效自评表（2022年度）")
2022
>>> split_code("51000021R000000019951-工资性支出")
('51000021R000000019951', '工资性支出')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kpi_analysis.forms.funding import classify
from kpi_analysis.forms.selfeval.columns import key
from kpi_analysis.text.grammar import normalise_text
from kpi_analysis.text.headwords import is_signature_label
from kpi_analysis.text.money import MONEY_UNIT, MONEY_UNITS

BLANKS = frozenset({"", "—", "－", "-", "——", "--", "/", "／", "\\", "无", "不适用", "N/A", "n/a"})
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
TITLE = "自评表"
YEAR = re.compile(r"(\d{4})\s*年度?")
CODE = re.compile(r"^\s*([0-9A-Za-z]{3,}(?:[-_][0-9A-Za-z]+)*)\s*[-—－_]\s*(\S.*)$")
YEAR_ONLY = re.compile(r"^(19|20)\d{2}$")
YEAR_LINE = re.compile(r"^[（(]?\s*(\d{4})\s*年度?\s*[)）]?$")
INSTRUCTION = re.compile(
    r"[（(]\s*\d+\s*字以内\s*[）)]|^(对照|结合自评情况|针对项目自评|请填写|填写说明)"
)

SECTION_FIELDS = {
    "评价结论": "conclusion",
    "自评结论": "conclusion",
    "绩效自评结论": "conclusion",
    "存在问题": "problems",
    "存在的问题": "problems",
    "主要问题": "problems",
    "存在问题及原因": "problems",
    "改进措施": "improvements",
    "下一步改进措施": "improvements",
    "改进意见": "improvements",
    "改进措施及建议": "improvements",
    "项目实施内容及过程概述": "implementation",
}
SECTION_TITLES = (
    "年度绩效目标",
    "年度绩效指标",
    "年度目标完成情况",
    "绩效目标完成情况",
    "年度绩效指标完成情况",
    "项目资金",
    "预算执行情况",
    "绩效指标",
    "年度总体目标",
    "总体目标",
    "项目基本情况",
    "项目年度目标完成情况",
    "年度预算数",
    "资金情况",
)
GOAL_EXPECTED = ("预期目标", "项目年度目标", "年度目标", "年初设定目标", "年度绩效目标")
#: Descriptive tails of a goal column label (…完成情况综述, …目标说明): the head word decides.
GOAL_TAIL = re.compile(r"(?:综述|概述|描述|说明|简述)$")
GOAL_ACHIEVED = ("实际完成情况", "年度目标完成情况", "目标完成情况", "全年实际完成情况")
TOTAL_LABELS = ("总分", "合计", "总计", "总分合计", "合计得分", "自评总分")
#: Labels of the form's own total score when printed apart from the indicator block.
TOTAL_SCORE_LABELS = ("自评得分", "自评总分", "总得分", "自评总得分", "综合得分", "评价得分")
LABELLED_NUMBER = re.compile(
    r"^(?P<label>.*?)[:：]?\s*(?P<number>[+-]?\d[\d,]*(?:\.\d+)?)\s*"
    rf"(?P<unit>{MONEY_UNIT}|万|分|%)?$"
)


@dataclass(frozen=True)
class Number:
    """A number cell: ``value`` (None when blank), ``ok`` (False for text), ``percent``, and
    ``unit`` (元, 千元, 万元 or 亿元) when the cell prints its own amount unit."""

    value: float | None
    ok: bool
    percent: bool = False
    unit: str | None = None


def parse_number(text: str | None) -> Number:
    """A printed number: thousands separators, a trailing 分/%/万元/元 (or 万 for 万元)
    allowed; "—" is blank.

    >>> parse_number("620.82万元").unit, parse_number("5.8万").unit, parse_number("（一）").ok
    ('万元', '万元', False)
    >>> parse_number("2021-2023").ok
    False
    """
    folded = normalise_text(text).replace(",", "").replace("，", "").replace(" ", "")
    if folded in BLANKS:
        return Number(None, True)
    percent = folded.endswith(("%", "％"))
    unit = next((u for u in (*MONEY_UNITS, "万") if folded.endswith(u)), None)
    unit = "万元" if unit == "万" else unit
    body = re.sub(rf"(%|％|分|{MONEY_UNIT}|万)$", "", folded)
    if NUMBER.fullmatch(body):
        return Number(float(body), True, percent, unit)
    return Number(None, False)


def split_labelled_amount(text: str) -> tuple[str, Number]:
    """A cell holding a label and its amount: ``其中:中央补助 2.38 万元`` → (label, 2.38 万元).

    A cell with a label but no amount (``地方资金/其他 万元``) gives a blank number.

    >>> split_labelled_amount("其中:中央补助   2.38  万元")
    ('其中:中央补助', Number(value=2.38, ok=True, percent=False, unit='万元'))
    """
    folded = " ".join(normalise_text(text).split())
    match = LABELLED_NUMBER.match(folded)
    if match and match.group("label").strip():
        number = parse_number(match.group("number") + (match.group("unit") or ""))
        return match.group("label").strip(" :："), number
    label = re.sub(rf"\s*({MONEY_UNIT})$", "", folded).strip(" :：")
    return label, Number(None, True)


def total_score_label(text: str) -> bool:
    """True for the label of a form's total score printed apart (自评得分, 自评总分(分))."""
    return norm_label(text) in TOTAL_SCORE_LABELS


def norm_label(text: str) -> str:
    """A label without bracketed annotations (``自评总分(分)`` → 自评总分)."""
    return re.sub(r"[(（][^()（）]*[)）]", "", key(text))


def as_rate(number: Number) -> float | None:
    """A rate as a fraction: ``45.17%`` → 0.4517; a bare number above 1.5 is read as percent."""
    if number.value is None:
        return None
    if number.percent or number.value > 1.5:
        return round(number.value / 100, 10)
    return number.value


def funding_category(text: str) -> str | None:
    """The category of a funding line label (see :data:`~kpi_analysis.tables.selfeval_schema`).

    Known lines first, then head words: …总额/合计 is the total, …补助/拨款/财政… the fiscal
    line, 其他…/自筹… the other line.
    """
    label = key(text)
    bare = label.removeprefix("其中").lstrip(":：")
    if not bare or len(bare) > 20 or NUMBER.fullmatch(bare):
        return None
    if bare.endswith(("总额", "合计", "总计")):
        return "total"
    if bare.startswith(("上年结转", "上年结余")):
        return "carryover"
    found = classify(label) or classify(bare)
    if found is not None:
        return found[0]
    if bare.startswith("其他") or bare.endswith(("其他", "其他资金", "自筹")):
        return "other"
    if any(word in bare for word in ("补助", "拨款", "财政", "专项资金", "转移支付")):
        return "fiscal"
    return None


def is_instruction(text: str) -> bool:
    """True for template instructions left in place of an answer (``…(100字以内)``)."""
    return bool(INSTRUCTION.search(normalise_text(text)))


def is_title(text: str) -> bool:
    """True for a form title such as 项目支出绩效自评表（2022年度）."""
    folded = key(text)
    return TITLE in folded and len(folded) <= 40


def title_year(text: str) -> int | None:
    """The year a title or year line names (``（2022年度）`` → 2022)."""
    match = YEAR.search(normalise_text(text))
    return int(match.group(1)) if match else None


def is_year_line(text: str) -> bool:
    """True for a line that only names the year, e.g. ``（2022年度）``."""
    return bool(YEAR_LINE.match(normalise_text(text)))


def section_field(text: str) -> str | None:
    """The totals column a closing-section label fills (评价结论 → ``conclusion``)."""
    return SECTION_FIELDS.get(key(text))


def is_signature(text: str) -> bool:
    """True for a signature cell (项目负责人：…, 财务负责人：…); see
    :func:`~kpi_analysis.text.headwords.is_signature_label`."""
    return is_signature_label(text)


def is_section_title(text: str) -> bool:
    """True for block titles that carry no data (项目资金, 绩效指标(90分), 年度总体目标 …)."""
    return key(text).startswith(SECTION_TITLES)


def is_total_label(text: str) -> bool:
    """True for the 总分 / 合计 label of the last indicator row."""
    return key(text) in TOTAL_LABELS


def is_goal_block(text: str) -> bool:
    """True for the label of the goal block (年度总体目标, 总体目标, 年度绩效目标 …)."""
    label = key(text)
    return is_section_title(text) and label.endswith("目标") and "指标" not in label


def goal_role(text: str) -> str | None:
    """``goal`` or ``achieved`` for the two headers of the 年度总体目标 block."""
    label = GOAL_TAIL.sub("", key(text)) or key(text)
    if label in GOAL_EXPECTED or (label.endswith("预期目标") and len(label) <= 8):
        return "goal"
    if label in GOAL_ACHIEVED or (
        label.endswith("完成情况") and "指标" not in label and len(label) <= 10
    ):
        return "achieved"
    return None


#: Head word of a goal column named without 预期/年度 (总体目标, 绩效目标).
GOAL_HEAD = "目标"


def is_goal_head(text: str) -> bool:
    """True for a short label whose head word is 目标 (总体目标, 绩效目标), never an
    indicator label (绩效指标目标).

    >>> is_goal_head("总体目标"), is_goal_head("绩效指标"), is_goal_head("总体目标完成情况")
    (True, False, False)
    """
    label = key(text)
    return label.endswith(GOAL_HEAD) and "指标" not in label and len(label) <= 8


#: Head words of a block's own figure printed beside its columns (总体完成率, 得分, 分值).
BLOCK_MEASURES = ("完成率", "执行率", "得分", "分值", "自评分")


def is_block_measure(text: str) -> bool:
    """True for the label of a block's own figure (总体完成率(%), 得分, 分值).

    >>> is_block_measure("总体完成率(%)"), is_block_measure("实际完成情况")
    (True, False)
    """
    label = re.sub(r"[(][^()]*[)]", "", key(text))
    return bool(label) and len(label) <= 8 and label.endswith(BLOCK_MEASURES)


def split_code(text: str) -> tuple[str | None, str]:
    """A leading budget code (``219-…``, ``51000021R…-``) split from a name."""
    clean = normalise_text(text)
    match = CODE.match(clean)
    if match and any(ch.isdigit() for ch in match.group(1)) and not YEAR_ONLY.match(match.group(1)):
        return match.group(1), match.group(2).strip()
    return None, clean


#: Points printed after a class name without brackets: 产出指标 40 分.
BARE_POINTS = re.compile(r"[\u4e00-\u9fff]\s*(\d+(?:\.\d+)?)\s*分$")


def class_weight(text: str) -> float | None:
    """The class weight written in a 一级 cell: ``产出指标(50分)`` → 50, also printed bare
    after the name (``产出\\n指标\\n40 分`` → 40).

    >>> class_weight("产出指标(50分)"), class_weight("产出 指标 40 分"), class_weight("得分")
    (50.0, 40.0, None)
    """
    folded = normalise_text(text)
    match = re.search(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]", folded) or BARE_POINTS.search(folded)
    return float(match.group(1)) if match else None
