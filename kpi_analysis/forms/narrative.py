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

from kpi_analysis.forms.cells import period_of
from kpi_analysis.forms.context import context_kind, paragraph_place
from kpi_analysis.forms.recorder import Recorder
from kpi_analysis.readers.grid import Paragraph
from kpi_analysis.text.money import MONEY_UNIT, to_wan, unit_line
from kpi_analysis.text.vocabulary import label_key

HEADING = re.compile(r"^\s*(\d+)\s*[.．、]\s*[“\"']?(.+?)[”\"']?\s*项目\s*[。.]?\s*$")
ITEM = re.compile(r"^\s*[（(]\s*(\d+)\s*[）)]\s*([^：:]{2,12})[：:]\s*(.*)$")
DATE = re.compile(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
# a title paragraph naming the project: "2021年XX项目支出绩效目标表" (or 自评表)
#: (the table word may be missing, and the template's own 项目 may follow a name ending in 项目:
#: "XX项目项目绩效目标" names XX项目)
TITLE = re.compile(
    r"^(?:\d{4}年度?)?(.{2,60}?项目)(?:项目)?(?:支出)?"
    r"(?:绩效目标(?:(?:申报|批复|审批)?表)?|绩效(?:目标)?自评表)$"
)
#: a section heading naming a period: ``(一)中长期绩效目标``, ``（二）年度绩效指标``; the
#: paragraphs after a goal heading are that period's goals, an indicator heading sets the
#: period of the table's indicators
SECTION = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,2}[）)]|[一二三四五六七八九十]{1,2}[、.．])?"
    r"(?P<label>.{0,8}?绩效(?P<kind>目标|指标))[:：]?$"
)
#: a numbered paragraph: ``（7）…`` (one or two digits, so ``（2017）`` is not one)
NUMBERED = re.compile(r"^\s*[（(]\s*(\d{1,2})\s*[）)]")
SEE_TABLE = re.compile(r"[见如]\s*(?:下表|附表|下)")
#: a numbered label alone, without a colon: ``(7) 绩效目标。``
BARE_ITEM = re.compile(r"^\s*[（(]\s*(\d{1,2})\s*[）)]\s*([^：:，,。]{2,12}?)\s*[。.]?\s*$")
WARN = "warning"
UNKNOWN_ITEM = "不是已知的编号项（如项目概述、立项依据、起止时间）"
#: the field name of a numbered item this reader does not know
UNKNOWN = "unknown"
#: items whose text goes into the projects table as written
VERBATIM = frozenset(("basis", "content"))
#: what a project name is compared without (quotes, punctuation, white space, a final 项目)
NAME_NOISE = re.compile(r"[\s。.，,、“”\"'‘’《》「」]|项目$")
AMOUNT = re.compile(rf"(-?\d+(?:\.\d+)?)\s*({MONEY_UNIT}|万)?")

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
    "绩效目标及指标": "targets_note",
    "绩效目标": "targets_note",
}


def title_project(text: str) -> str | None:
    """The project a form title names (:data:`TITLE`), for both form kinds; None when the
    title calls nothing a 项目.

    >>> title_project("2021年 XX项目支出绩效目标表"), title_project("XX资金区域绩效目标自评表")
    ('XX项目', None)
    """
    found = TITLE.match(re.sub(r"\s+", "", text))
    return found.group(1) if found else None


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
    #: the ``1.“…”项目。`` heading and the （1）项目概述 paragraphs: their roles depend on the
    #: table's project name, so :func:`account_names` gives them once the table is read
    heading: Paragraph | None = None
    summary: list[Paragraph] = field(default_factory=list)
    named: bool = False
    #: the period a heading above the table gives its indicators (``中长期绩效指标``)
    block_period: str | None = None
    #: goal paragraphs under a period heading (``(一)中长期绩效目标``): (period, paragraph)
    goals: list[tuple[str, Paragraph]] = field(default_factory=list)


def parse_dates(text: str) -> tuple[str | None, str | None]:
    """Start and end dates (ISO) from ``2021年1月1日至2023年12月31日``."""
    found = [f"{y}-{int(m):02d}-{int(d):02d}" for y, m, d in DATE.findall(text)]
    if not found:
        return None, None
    return found[0], found[-1] if len(found) > 1 else None


def parse_amount_wan(text: str) -> float | None:
    """An amount in 万元 from ``30万元`` (元, 千元 and 亿元 amounts are converted).

    >>> parse_amount_wan("年度预算安排：300千元"), parse_amount_wan("30")
    (30.0, 30.0)
    """
    match = AMOUNT.search(text)
    if not match:
        return None
    return to_wan(float(match.group(1)), match.group(2))


def interpret_narrative(paragraphs: list[Paragraph], recorder: Recorder) -> Narrative:
    """Read the heading and numbered items of one project; account for every paragraph.

    Each paragraph gets a role in ``recorder``: ``value`` for 立项依据, 项目内容 and a period
    or budget that was parsed (they reach the projects table), ``context`` for unit lines,
    titles, notes and the wording of 绩效目标和指标 (``详见下表``); an unknown numbered item,
    a period or budget that does not parse and any other paragraph of content are
    ``reported`` with a finding. The heading and 项目概述 wait for :func:`account_names`.
    """
    narrative = Narrative()
    items: list[tuple[str, list[Paragraph]]] = []
    current: list[Paragraph] | None = None  # the paragraphs of the item being read
    last_no = 0
    goal_period: str | None = None  # the period of the goal heading just above
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        heading = HEADING.match(text)
        item = ITEM.match(text)
        numbered = NUMBERED.match(text)
        unit = unit_line(text)
        title = TITLE.match(re.sub(r"\s+", "", text))
        if title and narrative.title_name is None:
            narrative.title_name = title_project(text)
        section = _section(text)
        if section is not None:
            kind, period = section
            goal_period = period if kind == "目标" else None
            if kind == "指标":
                narrative.block_period = period
            recorder.paragraph(paragraph, "context")
            continue
        framing = unit or context_kind(text)  # 单位：元 under a goal heading is not a goal
        if goal_period is not None and not (heading or item or numbered or title or framing):
            narrative.goals.append((goal_period, paragraph))
            recorder.paragraph(paragraph, "value")
            continue
        goal_period = None
        if unit:
            narrative.amount_unit = unit
            recorder.paragraph(paragraph, "context")
        elif heading and narrative.project_no is None:
            narrative.project_no = int(heading.group(1))
            narrative.name = heading.group(2).strip("“”\"' ")
            narrative.heading = paragraph
            current = None
        elif known := known_item(text):
            number, name, content = known
            narrative.fields[name] = content
            current = [paragraph]
            items.append((name, current))
            last_no = number
        elif heading or item or _next_item(numbered, last_no, items):
            # another project's heading, or an item this reader does not know (（7）…)
            last_no = int(numbered.group(1)) if numbered else last_no
            current = [paragraph]
            items.append((UNKNOWN, current))
        elif current is not None:
            if items[-1][0] != UNKNOWN:
                narrative.fields[items[-1][0]] += text
            current.append(paragraph)
        elif context_kind(text):
            recorder.paragraph(paragraph, "context")
        else:
            _report(recorder, paragraph, "paragraph_not_used", "未对应任何字段")
    if "period" in narrative.fields:
        narrative.start, narrative.end = parse_dates(narrative.fields["period"])
    if "budget" in narrative.fields:
        narrative.annual_budget_wan = parse_amount_wan(narrative.fields["budget"])
    for name, item_paragraphs in items:
        if name == "summary":
            narrative.summary.extend(item_paragraphs)
        elif name == UNKNOWN:
            for paragraph in item_paragraphs:
                _report(recorder, paragraph, "narrative_item_unknown", UNKNOWN_ITEM, WARN)
        else:
            _account_item(name, item_paragraphs, narrative, recorder)
    return narrative


def _section(text: str) -> tuple[str, str] | None:
    """(目标 | 指标, period) of a section heading naming a period, or None."""
    found = SECTION.match(re.sub(r"\s+", "", text))
    if found is None:
        return None
    period = period_of(label_key(found["label"]))
    return (found["kind"], period) if period is not None else None


def known_item(text: str) -> tuple[int, str, str] | None:
    """(number, field, text after the label) of a known numbered item, else None.

    >>> known_item("（5）年度预算安排：30万元。")
    (5, 'budget', '30万元。')
    >>> known_item("(7) 绩效目标。")
    (7, 'targets_note', '')
    >>> known_item("（7）其他说明：无") is None
    True
    """
    match = ITEM.match(text) or BARE_ITEM.match(text)
    if match is None or match.group(2).strip() not in ITEM_FIELDS:
        return None
    content = match.group(3).strip() if match.re is ITEM else ""
    return int(match.group(1)), ITEM_FIELDS[match.group(2).strip()], content


def _next_item(
    numbered: re.Match[str] | None, last_no: int, items: list[tuple[str, list[Paragraph]]]
) -> bool:
    """True for ``（n）…`` numbered after the last item, unless it continues 立项依据 or
    项目内容 (whose text may list its own ``（1）（2）…``)."""
    if numbered is None or int(numbered.group(1)) != last_no + 1:
        return False
    return not items or items[-1][0] not in VERBATIM


def _report(
    recorder: Recorder, paragraph: Paragraph, code: str, what: str, severity: str = "info"
) -> None:
    """A finding naming the file and paragraph; the paragraph counts as reported."""
    recorder.report(
        paragraph.source,
        code,
        f"{paragraph_place(paragraph.source)}：表前段落{what}，未进入任何表，仅作记录",
        severity=severity,
        text=paragraph.text.strip(),
    )
    recorder.paragraph(paragraph, "reported")


def _content(paragraph: Paragraph, first: bool) -> str:
    """A paragraph's text without its item label (``（2）立项依据：``) on the first one."""
    text = paragraph.text.strip()
    known = known_item(text) if first else None
    return known[2] if known else text


def _account_item(
    name: str, paragraphs: list[Paragraph], narrative: Narrative, recorder: Recorder
) -> None:
    """The roles of the paragraphs of one numbered item (see :func:`interpret_narrative`)."""
    read = {
        "basis": True,
        "content": True,
        "period": narrative.start is not None,
        "budget": narrative.annual_budget_wan is not None,
        "targets_note": bool(SEE_TABLE.search(narrative.fields.get(name, ""))),
    }
    for index, paragraph in enumerate(paragraphs):
        content = _content(paragraph, index == 0)
        if not content:
            recorder.paragraph(paragraph, "context")  # a label with nothing after it
        elif not read[name]:
            _report(recorder, paragraph, "narrative_not_tabled", "的内容未能读出（如日期、金额）")
        elif name == "targets_note":
            recorder.paragraph(paragraph, "context")
        else:
            recorder.paragraph(paragraph, "value", content)


def bare_name(name: str | None) -> str:
    """A project name compared without quotes, punctuation, white space or a final 项目."""
    return NAME_NOISE.sub("", NAME_NOISE.sub("", name or ""))


def account_names(narrative: Narrative, name: str, recorder: Recorder) -> None:
    """Roles of the heading and 项目概述 once the table's project ``name`` is known (once).

    A heading naming another project than the table is reported
    (``project_name_mismatch``, the table's name is kept); a 项目概述 that is neither name
    is content that no table holds (``narrative_not_tabled``).
    """
    if narrative.named:
        return
    narrative.named = True
    names = {bare_name(name), bare_name(narrative.name)} - {""}
    heading = narrative.heading
    if heading is not None:
        if name and bare_name(narrative.name) != bare_name(name):
            recorder.report(
                heading.source,
                "project_name_mismatch",
                f"{paragraph_place(heading.source)}：表前标题的项目名称“{narrative.name}”"
                f"与表内项目名称“{name}”不同，采用表内名称",
                text=heading.text.strip(),
            )
            recorder.paragraph(heading, "reported")
        else:
            recorder.paragraph(heading, "context")
    summary = "".join(_content(p, i == 0) for i, p in enumerate(narrative.summary))
    for index, paragraph in enumerate(narrative.summary):
        if not _content(paragraph, index == 0) or bare_name(summary) in names:
            recorder.paragraph(paragraph, "context")  # its label, or a 概述 repeating the name
        else:
            _report(recorder, paragraph, "narrative_not_tabled", "（项目概述）与项目名称不同")
