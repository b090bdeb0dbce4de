"""The funding block of a 绩效目标表: totals, 财政拨款 and 其他资金 per period.

Labels decide the category and period; the value is the cell to the right (or the label
cell itself, "中期资金总额：90"). Amounts are converted to 万元. Sub-items of a funding tree
(一般公共预算, 政府性基金 …) are summed into their parent only when the parent is missing, so
nothing is counted twice; otherwise they are reported, not dropped. A 上年结转 line is its own
``carryover`` line (a finding says so when the printed total shows it inside 财政拨款).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kpi_analysis.forms.cells import clean
from kpi_analysis.forms.recorder import Recorder
from kpi_analysis.readers.grid import Cell
from kpi_analysis.text.headwords import (
    INLINE_AMOUNT,
    funding_category,
    looks_like_date,
    parse_amount,
    year_is_amount,
)
from kpi_analysis.text.money import MONEY_UNIT, divisor_of, stated_unit, to_wan
from kpi_analysis.text.vocabulary import label_key, near_label

TOTAL_LABELS = (
    "资金总额",
    "项目资金总额",
    "项目总金额",
    "项目金额",
    "项目总预算",
    "预算金额",
    "年度本级预算金额",
    "当年年度预算",
    "年度预算",
    "项目资金合计",
    "合计",
)
MID_TOTAL_MARKERS = ("中期", "长期", "实施期", "项目总预算", "项目总金额", "总预算")
FISCAL_LABELS = (
    "财政拨款",
    "财政资金",
    "财政性资金",
    "财政拨款小计",
    "当年财政拨款",
    "本年财政拨款",
)
FISCAL_PARTS = (
    "一般公共预算",
    "政府性基金",
    "国有资本经营预算",
    "财政专户",
    "财政专户管理资金",
    "专项资金",
)
#: Money carried over from last year: a line of its own (``carryover``).
CARRYOVER_LABELS = ("上年结转", "上年结余", "上年结转资金", "上年结余资金", "上年结转结余")
#: Amounts closer than this (万元) are equal when the sums decide where a line belongs.
SUM_TOLERANCE_WAN = 0.005
OTHER_LABELS = ("其他资金", "其他资金小计")
#: Head word of fiscal money named after the budget (预算资金, 财政预算资金).
BUDGET_FUNDS = "预算资金"
#: A bare 其他 is the other-funds line only inside a list of funding lines.
BARE_OTHER = ("其他", "其它")
#: Labels of a fiscal budget line that is the total when no other total is printed.
OWN_LEVEL_MARKERS = ("本级",)
OTHER_PARTS = ("自有资金", "其他收入", "单位资金", "社会资金", "事业收入", "经营收入", "自筹资金")
AMOUNT_INLINE = re.compile(r"\d")
#: A breakdown in brackets after a line's amount (``6923万元(其中:上级财政资金:6923万元)``):
#: a gloss on the amount, not the amount.
BREAKDOWN = re.compile(r"[（(]其中[^()（）]*[)）]$")


def funding_key(key: str) -> str:
    """Fold a funding label: drop 其中/其他 prefixes, inline amounts and units."""
    key = label_key(key)
    key = re.sub(rf"[:：]?-?\d[\d.,，]*({MONEY_UNIT}|万)?$", "", key)
    key = key.removeprefix("其中").lstrip(":：")
    key = re.sub(r"^[一二三四五六七八九十\d]+[、.．]", "", key)
    return re.sub(rf"[（(]({MONEY_UNIT})[)）]$", "", key).rstrip(":：")


@lru_cache(maxsize=4096)
def classify(key: str) -> tuple[str, str | None] | None:
    """(category, period or None) for a funding label key; None when not a funding label.

    Categories: total, fiscal, other, fiscal_part, other_part, carryover_part (decided in
    :meth:`FundingBlock.finish`).
    """
    key = funding_key(key)
    if any(key.endswith(label) for label in TOTAL_LABELS) or key in TOTAL_LABELS:
        if any(marker in key for marker in MID_TOTAL_MARKERS):
            return "total", "mid_term"
        return "total", "annual" if ("年度" in key or "当年" in key or "本年" in key) else None
    if key in FISCAL_LABELS or key.startswith("财政拨款"):
        return "fiscal", None
    if key in OTHER_LABELS or key.startswith("其他资金"):
        return "other", None
    if key in CARRYOVER_LABELS:
        return "carryover_part", None
    if key in FISCAL_PARTS or key.removesuffix("资金") in FISCAL_PARTS:
        return "fiscal_part", None
    if key.endswith(BUDGET_FUNDS) and len(key) <= 8:
        return "fiscal", None  # 预算资金 / 财政预算资金: money from the budget is fiscal
    if key in OTHER_PARTS:
        return "other_part", None
    return funding_category(key)


#: The funding labels a one-character misprint is compared with (:func:`near_funding_label`).
FUNDING_VOCABULARY = (
    *TOTAL_LABELS,
    *FISCAL_LABELS,
    *OTHER_LABELS,
    *CARRYOVER_LABELS,
    *FISCAL_PARTS,
    *OTHER_PARTS,
)


def near_funding_label(key: str) -> str | None:
    """The funding label that the label key ``key`` misprints by one character (财政投款 →
    财政拨款; :func:`~kpi_analysis.text.vocabulary.near_label`), after its 其中 prefix and
    numbering are dropped; None when it is a funding label already or no single one is near.
    Ask only where a label is expected (an amount beside it).

    >>> near_funding_label("其中:财政投款"), near_funding_label("其中:财政拨款")
    ('财政拨款', None)
    >>> near_funding_label("项目负责人") is None
    True
    """
    if classify(key) is not None:
        return None
    return near_label(funding_key(key), FUNDING_VOCABULARY)


def inline_amount(text: str) -> str | None:
    """The amount written inside a label cell (``中期资金总额：90``), else None.

    Numbering (``1、财政拨款``) and years (``资金总额(2021-2023年)``) are not amounts; a
    bracketed breakdown after the amount is left aside.

    >>> inline_amount("财政拨款:6923.3552万元(其中:上级财政资金:6923.3552万元;本级:0万元)")
    '6923.3552万元'
    """
    match = INLINE_AMOUNT.search(BREAKDOWN.sub("", re.sub(r"\s+", "", text)))
    if match is None:
        return None
    return match.group(1) + (match.group(2) or "")


def funding_lines(text: str) -> list[tuple[str, str]] | None:
    """A cell listing several funding lines, each with its amount, one per line
    (``资金总额: 250`` / ``一、预算资金:250`` / ``二、自有资金:0`` / ``三、其他:0``):
    (label key, line) for every line; None unless every line is such a funding line.

    >>> [k for k, _ in funding_lines("资金总额: 250\\n 一、预算资金:250\\n 三、其他:0")]
    ['资金总额:250', '预算资金:250', '其他资金']
    >>> funding_lines("资金总额: 250") is None, funding_lines("总额 250\\n说明文字") is None
    (True, True)
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return None
    found = []
    for line in lines:
        if inline_amount(line) is None:
            return None
        key = label_key(line)
        if classify(key) is None:
            if funding_key(key) not in BARE_OTHER:
                return None
            key = OTHER_LABELS[0]
        found.append((key, line))
    return found


@dataclass
class FundingBlock:
    """Collects funding amounts of one form, by column position for the period."""

    rec: Recorder
    divisor: float = 1.0
    columns: dict[int, str] = field(default_factory=dict)
    amounts: list[dict[str, object]] = field(default_factory=list)
    parts: list[tuple[str, str, float, Cell]] = field(default_factory=list)

    def note_unit(self, text: str) -> bool:
        """A block label such as 项目资金（元） sets the unit of bare numbers (元, 千元, 万元,
        亿元: :mod:`kpi_analysis.text.money`); True when the label states one."""
        unit = stated_unit(text)
        if unit is not None:
            self.divisor = divisor_of(unit)
        return unit is not None

    def period_for(self, col: int, explicit: str | None) -> str:
        """The period of a label at ``col``: explicit, or that of the total above it."""
        if explicit:
            return explicit
        if not self.columns:
            return "annual"
        if col in self.columns:
            return self.columns[col]
        left = [c for c in self.columns if c <= col]
        return self.columns[max(left) if left else min(self.columns)]

    def add(self, col: int, key: str, label: Cell, value: Cell | None) -> None:
        """Record the amount of one funding label (value cell may be the label itself)."""
        category, explicit = classify(key) or ("", None)
        implicit = category == "total" and explicit is None
        if category == "total":
            period = explicit or ("annual" if not self.columns else self.period_for(col, None))
            self.columns[col] = period
        else:
            period = self.period_for(col, explicit)
        if value is None or value.is_empty:
            self.rec.report(label, "funding_missing", "资金项目没有填写金额", severity="info")
            return
        text = inline_amount(value.text) if value is label else clean(value.text)
        if looks_like_date(text or "") and not year_is_amount(text or "", key):
            self.rec.report(
                value,
                "not_an_amount",
                f"“{text}”是年份或日期，不是金额，未计入资金表",
                severity="warning",
            )
            return
        parsed = parse_amount(text or "")
        if parsed is None:
            self.rec.report(value, "bad_amount", "金额不是数字，未计入资金表", severity="error")
            return
        amount = round(to_wan(parsed[0], parsed[1], self.divisor), 6)
        self.rec.value(value)
        if category.endswith("_part"):
            self.parts.append((category.removesuffix("_part"), period, amount, value))
            return
        self.amounts.append(
            {
                "source": str(value.source),
                "period": period,
                "category": category,
                "amount_wan": amount,
                "_col": col,
                "_implicit": implicit,
                "_own_level": any(m in key for m in OWN_LEVEL_MARKERS),
            }
        )

    def _settle_totals(self) -> None:
        """Two totals of one period: an unmarked one beside a 当年… one is the mid-term
        total (资金总额 | 当年资金总额); a 本级… budget beside another total is fiscal."""
        annual = [a for a in self.amounts if a["category"] == "total" and a["period"] == "annual"]
        if len(annual) < 2:
            return
        marked = [a for a in annual if not a["_implicit"]]
        implicit = [a for a in annual if a["_implicit"]]
        own = [a for a in annual if a["_own_level"]]
        if own and len(own) < len(annual):
            for a in own:
                a["category"] = "fiscal"
        elif marked and implicit and {a["_col"] for a in implicit} != {a["_col"] for a in marked}:
            cols = {a["_col"] for a in implicit}
            for a in self.amounts:
                if a["_col"] in cols and a["period"] == "annual":
                    a["period"] = "mid_term"

    def finish(self) -> list[dict[str, object]]:
        """Fill a missing parent from its parts; report parts that a parent already holds."""
        self._settle_totals()
        for a in self.amounts:
            for k in ("_col", "_implicit", "_own_level"):
                a.pop(k, None)
        have = {(a["period"], a["category"]) for a in self.amounts}
        by_parent: dict[tuple[str, str], list[tuple[float, Cell]]] = {}
        for category, period, amount, cell in self.parts:
            by_parent.setdefault((period, category), []).append((amount, cell))
        for (period, category), items in by_parent.items():
            if category == "carryover":
                self._carryover(period, items)
                continue
            if (period, category) in have:
                for amount, cell in items:
                    self.rec.report(
                        cell,
                        "funding_detail",
                        f"资金明细 {amount:g} 万元已含在上级科目中，未重复计入",
                        severity="info",
                    )
                continue
            self.amounts.append(
                {
                    "source": str(items[0][1].source),
                    "period": period,
                    "category": category,
                    "amount_wan": round(sum(a for a, _ in items), 6),
                }
            )
        return self.amounts

    def _carryover(self, period: str, items: list[tuple[float, Cell]]) -> None:
        """上年结转 of one period: its own ``carryover`` line, kept as printed. When the printed
        total already equals 财政拨款 + 其他资金 while the carryover is not zero, the form is a
        funding tree with the carryover inside 财政拨款: said in a finding (the identity check
        accepts either reading)."""
        amount = round(sum(a for a, _ in items), 6)
        printed: dict[str, float] = {}
        for line in self.amounts:
            value = line["amount_wan"]
            if line["period"] == period and isinstance(value, int | float):
                printed.setdefault(str(line["category"]), float(value))
        total, fiscal = printed.get("total"), printed.get("fiscal")
        if (
            abs(amount) > SUM_TOLERANCE_WAN
            and total is not None
            and fiscal is not None
            and abs(total - fiscal - printed.get("other", 0.0)) <= SUM_TOLERANCE_WAN
        ):
            self.rec.report(
                items[0][1],
                "carryover_in_fiscal",
                f"上年结转 {amount:g} 万元已含在财政拨款中（资金总额等于财政拨款与其他资金之和）",
                severity="info",
            )
        self.amounts.append(
            {
                "source": str(items[0][1].source),
                "period": period,
                "category": "carryover",
                "amount_wan": amount,
            }
        )
