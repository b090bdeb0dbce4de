"""Money units: the one recogniser of the unit a form states for its amounts, and the one
table that converts them to 万元.

A form states its unit on a line of its own (``单位：元``), in a label (``项目资金（千元）``,
``年度预算安排(元)``) or beside a number (``620.82万元``). Every reader asks here, so 元, 千元,
万元 and 亿元 convert the same way wherever an amount is read.

>>> stated_unit("年度预算安排（千元）"), stated_unit("单位：亿元"), stated_unit("资金总额")
('千元', '亿元', None)
>>> stated_unit("填报单位：元阳县教育局"), stated_unit("单位：元 填报日期")
(None, '元')
>>> stated_unit("单位：万元（不含上级补助）")
'万元'
>>> unit_line("（金额单位：元）"), unit_line("单位：元 填报日期：2024年3月")
('元', None)
>>> divisor_of("千元"), divisor_of("元"), to_wan(3, "亿元"), to_wan(500, None, divisor_of("千元"))
(10.0, 10000.0, 30000.0, 50.0)
"""

from __future__ import annotations

import re
from fractions import Fraction

__all__ = [
    "MONEY_UNIT",
    "MONEY_UNITS",
    "WAN_PER_UNIT",
    "divisor_of",
    "stated_unit",
    "to_wan",
    "unit_line",
]

#: 万元 in one of each money unit (万 is 万元 written short), exact.
WAN_PER_UNIT = {
    "元": Fraction(1, 10000),
    "千元": Fraction(1, 10),
    "万元": Fraction(1),
    "万": Fraction(1),
    "亿元": Fraction(10000),
}
#: The money units as printed, longest first so 万元 is never read as 元; the pattern of one.
MONEY_UNITS = ("亿元", "千元", "万元", "元")
MONEY_UNIT = "|".join(MONEY_UNITS)
#: A unit line alone (whitespace removed first): ``单位：万元``, ``（金额单位：千元）``.
UNIT_LINE = re.compile(rf"^[（(]?(?:金额|资金|计量)?单位[:：]({MONEY_UNIT})[）)]?$")
#: A unit stated in a label: ``（元）``, ``(万元)``, ``单位：千元`` (the colon may be left out).
#: After 单位 the unit ends the word: 填报单位：元阳县教育局 and 单位元氏县 name places, not 元.
UNIT_STATED = re.compile(
    rf"[（(]\s*({MONEY_UNIT})\s*[）)]|单位\s*[:：]?\s*({MONEY_UNIT})(?![\u3400-\u9fff])"
)


def unit_line(text: str) -> str | None:
    """The unit of a line that states only a money unit (``单位：元``), else None."""
    found = UNIT_LINE.match(re.sub(r"\s+", "", text))
    return found.group(1) if found else None


def stated_unit(text: str) -> str | None:
    """The money unit a label states (``项目资金（元）``, ``单位：万元``), else None."""
    found = UNIT_STATED.search(text)
    return (found.group(1) or found.group(2)) if found else None


def divisor_of(unit: str) -> float:
    """What a bare number in ``unit`` is divided by to give 万元 (元 → 10000, 亿元 → 0.0001)."""
    return float(1 / WAN_PER_UNIT[unit])


def to_wan(value: float, unit: str | None, divisor: float = 1.0) -> float:
    """An amount in 万元: the cell's own unit wins over the block's (``divisor``)."""
    factor = WAN_PER_UNIT.get(unit or "")
    return float(Fraction(value) * factor) if factor is not None else value / divisor
