"""Interpret the narrative paragraphs that introduce each project's form.

The source document writes, before each table::

    1.“机构编制管理及编制周转池改革工作”项目。
    （1）项目概述：…
    （2）立项依据：…   (may wrap onto further lines)
    （3）起止时间：2021年1月1日至2023年12月31日。
    （4）项目内容：…
    （5）年度预算安排：30万元。
    （6）绩效目标和指标：详见下表。
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kpi_analysis.forms.recorder import Recorder
from kpi_analysis.readers.grid import Paragraph

HEADING = re.compile(r"^\s*(\d+)\s*[.．、]\s*[“\"']?(.+?)[”\"']?\s*项目\s*[。.]?\s*$")
ITEM = re.compile(r"^\s*[（(]\s*(\d+)\s*[）)]\s*([^：:]{2,12})[：:]\s*(.*)$")
DATE = re.compile(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
# a title paragraph naming the project: "2021年XX项目支出绩效目标表"
TITLE = re.compile(r"^(?:\d{4}年度?)?(.{2,60}?项目)(?:支出)?绩效目标(?:申报|批复|审批)?表$")
UNIT_LINE = re.compile(r"^(?:金额)?单位[:：]\s*(万元|元)\s*$")
AMOUNT = re.compile(r"(-?\d+(?:\.\d+)?)\s*(万元|万|元)?")

ITEM_FIELDS = {
    "项目概述": "summary",
    "项目简介": "summary",
    "立项依据": "basis",
    "项目依据": "basis",
    "起止时间": "period",
    "实施期限": "period",
    "项目期限": "period",
    "项目内容": "content",
    "主要内容": "content",
    "年度预算安排": "budget",
    "年度预算": "budget",
    "预算安排": "budget",
    "绩效目标和指标": "targets_note",
}


@dataclass
class Narrative:
    """What the paragraphs before one table say about its project."""

    project_no: int | None = None
    name: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    start: str | None = None
    end: str | None = None
    annual_budget_wan: float | None = None
    #: project name from a title paragraph (``…项目支出绩效目标表``), used when the table has none
    title_name: str | None = None
    #: 元 or 万元 from a line such as ``金额单位：元`` above the table
    amount_unit: str | None = None


def parse_dates(text: str) -> tuple[str | None, str | None]:
    """Start and end dates (ISO) from ``2021年1月1日至2023年12月31日``."""
    found = [f"{y}-{int(m):02d}-{int(d):02d}" for y, m, d in DATE.findall(text)]
    if not found:
        return None, None
    return found[0], found[-1] if len(found) > 1 else None


def parse_amount_wan(text: str) -> float | None:
    """An amount in 万元 from ``30万元`` (元 amounts are converted)."""
    match = AMOUNT.search(text)
    if not match:
        return None
    value = float(match.group(1))
    return value / 10000 if match.group(2) == "元" else value


def interpret_narrative(paragraphs: list[Paragraph], recorder: Recorder) -> Narrative:
    """Read the heading and numbered items of one project; report what is not understood."""
    narrative = Narrative()
    current: str | None = None
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        heading = HEADING.match(text)
        item = ITEM.match(text)
        unit = UNIT_LINE.match(re.sub(r"\s+", "", text))
        title = TITLE.match(re.sub(r"\s+", "", text))
        if title and narrative.title_name is None:
            narrative.title_name = title.group(1)
        if unit:
            narrative.amount_unit = unit.group(1)
        elif heading and narrative.project_no is None:
            narrative.project_no = int(heading.group(1))
            narrative.name = heading.group(2).strip("“”\"' ")
            current = None
        elif item and item.group(2).strip() in ITEM_FIELDS:
            current = ITEM_FIELDS[item.group(2).strip()]
            narrative.fields[current] = item.group(3).strip()
        elif current is not None:
            narrative.fields[current] += text
        else:
            recorder.report(
                paragraph.source,
                "paragraph_not_used",
                "段落未对应任何字段（如文档标题），仅作记录",
                severity="info",
                text=text,
            )
    if "period" in narrative.fields:
        narrative.start, narrative.end = parse_dates(narrative.fields["period"])
    if "budget" in narrative.fields:
        narrative.annual_budget_wan = parse_amount_wan(narrative.fields["budget"])
    return narrative
