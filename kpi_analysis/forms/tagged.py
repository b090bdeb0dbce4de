"""A whole target form written as tagged text in one cell.

Some department lists print each project's goal and indicators inside one 绩效目标 cell::

    【总体目标】
    保障机房租赁延续……
    【产出指标-数量指标】
    指标1:机柜数量(≥77台)
    【效益指标-社会效益指标】
    指标1:服务保障民生(有力保障)

A tag names a section by meaning: a goal tag (its key ends in 目标) opens the goal text, a
tag of two class names (一级-二级, the 一级 optional) opens an indicator group, any other tag
(【项目概况】) opens text that is neither. An indicator line is ``指标N:名称(指标值)``: the
value is the last bracketed part (kept as printed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kpi_analysis.forms.fields import split_indicator
from kpi_analysis.text.vocabulary import canonical_level1, canonical_level2, label_key

TAG = re.compile(r"【([^【】]{1,40})】")
#: What separates the 一级 and 二级 names inside a tag.
LEVEL_SEPARATOR = re.compile(r"\s*[-—－–/／·]\s*")
#: Where an indicator line starts when several stand on one line.
INDICATOR_START = re.compile(r"(?=指标\s*\d+\s*[:：])")
#: ``名称(指标值)``: the value is the last bracketed part.
NAME_VALUE = re.compile(r"^(?P<name>.+?)\s*[(（](?P<value>[^()（）]+)[)）]\s*$")
#: Head word of a goal tag (总体目标, 年度目标, 绩效目标).
GOAL_HEAD = "目标"


@dataclass
class TaggedIndicator:
    """One indicator line of a tagged cell."""

    level1: str | None
    level2: str | None
    number: int | None
    name: str
    target: str


@dataclass
class TaggedForm:
    """The goal texts and indicators a tagged cell carries."""

    goals: list[str] = field(default_factory=list)
    indicators: list[TaggedIndicator] = field(default_factory=list)
    #: text read into neither: before the first tag, under a tag that is neither a goal nor a
    #: class tag (【项目概况】), an indicator line without a name
    dropped: list[str] = field(default_factory=list)


def _levels(tag: str) -> tuple[str | None, str | None] | None:
    """(一级, 二级) a tag names (产出指标-数量指标 → both; 数量指标 → 二级 only), or None."""
    parts = [p for p in LEVEL_SEPARATOR.split(tag.strip()) if p]
    if len(parts) == 2:
        level1, level2 = canonical_level1(parts[0]), canonical_level2(parts[1])
        return (level1, level2) if level1 is not None and level2 is not None else None
    if len(parts) == 1 and canonical_level2(parts[0]) is not None:
        return None, canonical_level2(parts[0])
    if len(parts) == 1 and canonical_level1(parts[0]) is not None:
        return canonical_level1(parts[0]), None  # 【产出指标】: the 一级 only
    return None


def _indicator(line: str, levels: tuple[str | None, str | None]) -> TaggedIndicator | None:
    number, rest = split_indicator(line.strip())
    found = NAME_VALUE.match(rest)
    name, target = (found["name"], found["value"].strip()) if found else (rest.strip(), "")
    if not name:
        return None
    return TaggedIndicator(levels[0], levels[1], number, name.strip(), target)


def _indicator_lines(body: str) -> list[str]:
    """The indicator lines of a section: numbered lines (指标1:…) run until the next number,
    so a line wrapped in a narrow cell (``指标1:视频监控在线率`` / ``(≥0.97比例)``) is one
    indicator; without numbering every line is one.

    >>> _indicator_lines("指标1:在线率\\n(≥97%)\\n指标2:及时性(<24小时)")
    ['指标1:在线率(≥97%)', '指标2:及时性(<24小时)']
    """
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if not any(INDICATOR_START.search(line) for line in lines):
        return lines
    parts = INDICATOR_START.split("".join(lines))
    return [part for part in parts if part.strip()]


def parse_tagged(text: str) -> TaggedForm | None:
    """The goals and indicators of a tagged cell; None without a tag naming a class.

    >>> form = parse_tagged("【总体目标】\\n保障运转\\n【产出指标-数量指标】\\n指标1:机柜(≥77台)")
    >>> form.goals, [(i.level1, i.level2, i.name, i.target) for i in form.indicators]
    (['保障运转'], [('产出指标', '数量指标', '机柜', '≥77台')])
    >>> parse_tagged("【项目概况】:该项目为机房租赁") is None
    True
    >>> parse_tagged("说明\\n【项目概况】租赁\\n【产出指标】\\n指标1:机柜(≥77台)").dropped
    ['说明', '【项目概况】租赁']
    """
    pieces = TAG.split(text)
    if len(pieces) < 3 or not any(_levels(tag) for tag in pieces[1::2]):
        return None
    out = TaggedForm()
    if pieces[0].strip():
        out.dropped.append(pieces[0].strip())
    for tag, body in zip(pieces[1::2], pieces[2::2], strict=True):
        levels = _levels(tag)
        if levels is not None:
            for part in _indicator_lines(body):
                indicator = _indicator(part, levels)
                if indicator is not None:
                    out.indicators.append(indicator)
                else:
                    out.dropped.append(part.strip())
        elif label_key(tag).endswith(GOAL_HEAD):
            goal = body.strip().lstrip(":：").strip()
            if goal:
                out.goals.append(goal)
        elif body.strip():
            out.dropped.append(f"【{tag}】{body.strip()}")
    return out
