"""The standard 项目支出绩效目标表 as a format-neutral grid, shared by the Word and Excel writers.

For each project, :func:`project_layout` turns the tidy rows of that project into

- the narrative paragraphs that stand before the form in the source document
  (``1.“项目名”项目。``, ``（1）项目概述：…`` … ``（6）绩效目标和指标：详见下表。``), and
- the rows of the form on a grid of :data:`N_COLS` columns, each row a list of
  :class:`FormCell` (text, start column, ``col_span``, ``row_span``). A cell covered by a
  merge that starts elsewhere is not listed, so a writer only creates and merges.

The grid follows the source document: title, ``（2021年度）``, 项目名称, 主管部门/实施单位,
项目属性/项目期, the funding block (项目资金（万元） over three rows), the goals block (总体目标 |
中期目标（2021年—2023年） | 年度目标) and the indicator block (绩效指标 | 一级指标 | 二级指标 |
三级指标 | 指标值 | 绩效标准, then the annual side's four columns). In the indicator block the
mid-term and annual sides are aligned row by row inside each (一级, 二级) group; the shorter
side's cells stay empty.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from kpi_analysis.tables import schema
from kpi_analysis.text.grammar import normalise_text

N_COLS = 10
#: Column widths of the form in centimetres (Excel converts them to character widths).
COLUMN_WIDTHS_CM = (1.0, 1.2, 2.0, 4.2, 2.8, 2.0, 2.0, 4.2, 2.8, 2.0)
FORM_TITLE = "项目支出绩效目标表"
PERIODS = ("mid_term", "annual")
ATTRIBUTE_STANDARD = ("新增项目", "延续项目")
CHECKED, UNCHECKED = "■", "□"
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
SOURCE_FILE = re.compile(r"^(.*?)#(?:sheet|cell|table|row|col|line)=")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_PERIOD_COLUMNS = ("project_no", "period", "year_start", "year_end")
#: Columns each table must have for the writer (the projects' other fields are optional).
REQUIRED_COLUMNS = {
    "projects": ("project_no", "project"),
    "funding": (*_PERIOD_COLUMNS, "category", "amount_wan"),
    "goals": (*_PERIOD_COLUMNS, "goal_no", "goal"),
    "indicators": (
        *_PERIOD_COLUMNS,
        *("level1", "level2", "indicator_no", "indicator", "target", "standard"),
    ),
}

# cell kinds: how a writer formats a cell (the text is the same in every format)
TITLE, SUBTITLE, LABEL, VERTICAL, VALUE, AMOUNT, TEXT = (
    "title",
    "subtitle",
    "label",
    "vertical",
    "value",
    "amount",
    "text",
)


@dataclass(frozen=True)
class FormCell:
    """One cell of the form that starts at grid column ``col`` (0-based) of its row."""

    text: str
    col: int
    col_span: int = 1
    row_span: int = 1
    kind: str = VALUE
    number: float | None = None  # the amount as a number, for spreadsheet cells


@dataclass
class FormLayout:
    """One project's narrative paragraphs and form rows."""

    project_no: int
    project: str
    paragraphs: list[str] = field(default_factory=list)
    rows: list[list[FormCell]] = field(default_factory=list)
    indicator_header_row: int = 0  # 0-based index into ``rows``


@dataclass
class _Line:
    """One indicator row of one side, as written."""

    number: int
    name: str
    target: str
    standard: str


# ----------------------------------------------------------------------------- inputs


def as_tables(data: object) -> dict[str, pd.DataFrame]:
    """The projects/funding/goals/indicators frames of a Dataset or of a mapping of frames.

    Missing child tables are taken as empty; ``projects`` is required.
    """
    if isinstance(data, Mapping):
        frames = dict(data)
    elif all(hasattr(data, name) for name in ("projects", "funding", "goals", "indicators")):
        frames = {
            name: getattr(data, name) for name in ("projects", "funding", "goals", "indicators")
        }
    else:
        raise TypeError("需要 kpi_analysis.Dataset 或包含 projects/funding/goals/indicators 的映射")
    if frames.get("projects") is None:
        raise ValueError("缺少 projects 表，无法写出绩效目标表")
    out = {}
    for name, table in (
        ("projects", schema.PROJECTS),
        ("funding", schema.FUNDING),
        ("goals", schema.GOALS),
        ("indicators", schema.INDICATORS),
    ):
        frame = frames.get(name)
        if frame is None:
            out[name] = table.empty()
            continue
        missing = [c for c in REQUIRED_COLUMNS[name] if c not in frame.columns]
        if missing:
            raise ValueError(f"{name} 表缺少写出绩效目标表所需的列：{missing}")
        out[name] = frame.reset_index(drop=True)
    return out


def _value(value: object) -> object:
    """``None`` for pandas missing values, the value otherwise."""
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):
        return value


def _text(value: object) -> str:
    """Cell text: missing → empty; control characters a file cannot hold are dropped."""
    value = _value(value)
    return "" if value is None else CONTROL.sub("", str(value))


def _same(series: pd.Series, value: object) -> pd.Series:
    value = _value(value)
    if value is None:
        return series.isna()
    return series.eq(value).fillna(False).astype(bool)


def source_file(source: object) -> str | None:
    """The file part of a ``source`` string (``a.docx#table=1,row=2`` → ``a.docx``)."""
    text = _value(source)
    if text is None:
        return None
    match = SOURCE_FILE.match(str(text))
    return match.group(1) if match else str(text)


def _rows_of(frame: pd.DataFrame, project: Mapping[str, object]) -> pd.DataFrame:
    """The rows of a child table that belong to one project (same file and number)."""
    mask = _same(frame["project_no"], project["project_no"])
    if "source" in frame.columns and _value(project.get("source")) is not None:
        file = source_file(project["source"])
        mask &= pd.Series([source_file(s) == file for s in frame["source"]], index=frame.index)
    return frame[mask]


def project_layouts(data: object) -> list[FormLayout]:
    """Layouts of every project of a Dataset (or mapping of frames), in table order.

    Project numbers are kept when they are unique; otherwise (e.g. projects from several
    files, each numbered from 1) the forms are numbered 1, 2, … in order.
    """
    tables = as_tables(data)
    projects = tables["projects"]
    if projects.empty:
        raise ValueError("没有可写出的项目（projects 表为空）")
    numbers = [_value(n) for n in projects["project_no"]]
    keep = None not in numbers and len(set(numbers)) == len(numbers)
    layouts = []
    for position, (_, row) in enumerate(projects.iterrows(), start=1):
        project = row.to_dict()
        number = int(project["project_no"]) if keep else position
        layouts.append(
            project_layout(
                project,
                _rows_of(tables["funding"], project),
                _rows_of(tables["goals"], project),
                _rows_of(tables["indicators"], project),
                number=number,
            )
        )
    return layouts


# ----------------------------------------------------------------------------- formatting


def format_number(value: float) -> str:
    """A number as plain decimal text: ``90.0`` → ``90``, ``12.5`` → ``12.5``, no exponent."""
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def format_date(value: object) -> str | None:
    """``2021-01-01`` → ``2021年1月1日`` (other text is kept as written)."""
    text = _text(value)
    if not text:
        return None
    match = ISO_DATE.match(text)
    if not match:
        return text
    year, month, day = match.groups()
    return f"{year}年{int(month)}月{int(day)}日"


def vertical(text: str) -> str:
    """A label written one character per line (``产出指标`` → ``产\\n出\\n指\\n标``)."""
    return "\n".join(ch for ch in text if not ch.isspace())


def attribute_text(attribute: object) -> str:
    """The 项目属性 cell: ``□新增项目 ■延续项目``; both boxes empty when unknown."""
    value = _text(attribute)
    options = list(ATTRIBUTE_STANDARD)
    if value and value not in options:
        options.append(value)
    return " ".join((CHECKED if o == value else UNCHECKED) + o for o in options)


# ----------------------------------------------------------------------------- narrative


def narrative_paragraphs(project: Mapping[str, object], number: int) -> list[str]:
    """The paragraphs before the form; a text with line breaks continues on further lines.

    （1）项目概述 is not a tidy column: as in the source document it repeats the name.
    Items whose value is missing are left out.
    """
    name = normalise_text(_text(project.get("project")))
    lines = [f"{number}.“{name}”项目。", f"（1）项目概述：{name}。"]

    def item(label: str, value: object) -> None:
        value = _value(value)
        if value is None:
            return
        first, *rest = _text(value).split("\n")
        lines.append(f"{label}：{first.strip()}")
        lines.extend(part.strip() for part in rest if part.strip())

    item("（2）立项依据", project.get("basis"))
    start, end = format_date(project.get("start")), format_date(project.get("end"))
    if start and end:
        lines.append(f"（3）起止时间：{start}至{end}。")
    elif start:
        lines.append(f"（3）起止时间：{start}起。")
    item("（4）项目内容", project.get("content"))
    budget = _value(project.get("annual_budget_wan"))
    if budget is not None:
        lines.append(f"（5）年度预算安排：{format_number(budget)}万元。")
    lines.append("（6）绩效目标和指标：详见下表。")
    return lines


# ----------------------------------------------------------------------------- the form


def period_years(
    funding: pd.DataFrame, goals: pd.DataFrame, indicators: pd.DataFrame
) -> dict[str, tuple[int | None, int | None]]:
    """The (start, end) years of each period: the first row of that period that names them."""
    years: dict[str, tuple[int | None, int | None]] = {p: (None, None) for p in PERIODS}
    for frame in (funding, goals, indicators):
        for period, start, end in zip(
            frame["period"], frame["year_start"], frame["year_end"], strict=True
        ):
            period, start = _value(period), _value(start)
            if period in years and years[period][0] is None and start is not None:
                end = _value(end)
                years[period] = (int(start), int(end) if end is not None else int(start))
    return years


def _check_periods(frame: pd.DataFrame, name: str) -> None:
    if frame["period"].isna().any():
        raise ValueError(f"{name} 表中有期间（period）为空的行，无法放入中期或年度一侧")
    unknown = sorted({str(p) for p in frame["period"].dropna()} - set(PERIODS))
    if unknown:
        raise ValueError(f"{name} 表中有无法写入标准表的期间：{unknown}（应为 mid_term / annual）")


def _funding_lines(amounts: dict[tuple[str, str], float]) -> list[tuple[str, str, str]]:
    """(category, mid-term label, annual label) of the funding rows: the template's three, and
    a 上年结转 row between 财政拨款 and 其他资金 only when a carryover amount is given."""
    lines = [
        ("total", "中期资金总额：", "年度资金总额："),
        ("fiscal", "其中：财政拨款", "其中：财政拨款"),
    ]
    if any(category == "carryover" for _, category in amounts):
        lines.append(("carryover", "上年结转", "上年结转"))
    lines.append(("other", "其他资金", "其他资金"))
    return lines


def _funding_rows(funding: pd.DataFrame, project_name: str) -> list[list[FormCell]]:
    amounts: dict[tuple[str, str], float] = {}
    for period, category, amount in zip(
        funding["period"], funding["category"], funding["amount_wan"], strict=True
    ):
        key = (_text(period), _text(category))
        amount = _value(amount)
        if amount is None:
            continue
        if key in amounts:
            raise ValueError(f"项目“{project_name}”的资金 {key} 出现多次，标准表只有一个位置")
        amounts[key] = float(amount)

    def amount_cell(period: str, category: str, col: int) -> FormCell:
        value = amounts.get((period, category))
        if value is None:
            return FormCell("", col, 2, kind=AMOUNT)
        return FormCell(format_number(value), col, 2, kind=AMOUNT, number=value)

    rows = [
        [
            FormCell(mid_label, 2, 2, kind=LABEL),
            amount_cell("mid_term", category, 4),
            FormCell(annual_label, 6, 2, kind=LABEL),
            amount_cell("annual", category, 8),
        ]
        for category, mid_label, annual_label in _funding_lines(amounts)
    ]
    rows[0].insert(0, FormCell("项目资金\n（万元）", 0, 2, len(rows), LABEL))
    return rows


def goal_text(goals: pd.DataFrame, period: str) -> str:
    """The goals of one period as ``目标1：…\\n目标2：…`` (unnumbered goals numbered on)."""
    lines, last = [], 0
    for goal_no, goal in zip(
        goals.loc[goals["period"] == period, "goal_no"],
        goals.loc[goals["period"] == period, "goal"],
        strict=True,
    ):
        number = _value(goal_no)
        number = int(number) if number is not None else last + 1
        last = number
        lines.append(f"目标{number}：{_text(goal)}")
    return "\n".join(lines)


def _goal_rows(
    goals: pd.DataFrame, years: dict[str, tuple[int | None, int | None]]
) -> list[list[FormCell]]:
    mid_start, mid_end = years["mid_term"]
    mid_label = "中期目标"
    if mid_start is not None:
        mid_label += f"（{mid_start}年—{mid_end}年）"
    annual_start, annual_end = years["annual"]
    annual_label = "年度目标"
    if annual_start is not None and annual_end != annual_start:
        annual_label += f"（{annual_start}年—{annual_end}年）"
    return [
        [
            FormCell(vertical("总体目标"), 0, 2, 2, VERTICAL),
            FormCell(mid_label, 2, 4, kind=LABEL),
            FormCell(annual_label, 6, 4, kind=LABEL),
        ],
        [
            FormCell(goal_text(goals, "mid_term"), 2, 4, kind=TEXT),
            FormCell(goal_text(goals, "annual"), 6, 4, kind=TEXT),
        ],
    ]


GroupKey = tuple[str | None, str | None, int]


def side_groups(indicators: pd.DataFrame, period: str) -> dict[GroupKey, list[_Line]]:
    """The indicator rows of one side by (一级, 二级, occurrence), in order of appearance.

    Rows of one (一级, 二级) pair are gathered in table order; a missing number continues
    the one before. Inside a written group numbers must rise (the interpreter starts a
    new group when 指标1 follows 指标2), so a run whose number does not rise becomes a
    further occurrence of the same pair, written with its own 二级 label.
    """
    side = indicators[indicators["period"] == period]
    pairs: dict[tuple[str | None, str | None], list[_Line]] = {}
    for row in side.itertuples(index=False):
        key = (_value(row.level1), _value(row.level2))
        key = tuple(None if k is None else str(k) for k in key)
        lines = pairs.setdefault(key, [])
        number = _value(row.indicator_no)
        last = lines[-1].number if lines else 0
        lines.append(
            _Line(
                number=int(number) if number is not None else last + 1,
                name=_text(row.indicator),
                target=_text(row.target),
                standard=_text(row.standard),
            )
        )
    groups: dict[GroupKey, list[_Line]] = {}
    for (level1, level2), lines in pairs.items():
        occurrence = 0
        run: list[_Line] = []
        for line in lines:
            if run and line.number <= run[-1].number:
                groups[(level1, level2, occurrence)] = run
                occurrence, run = occurrence + 1, []
            run.append(line)
        groups[(level1, level2, occurrence)] = run
    return groups


def _ordered_keys(sides: list[dict[GroupKey, list[_Line]]]) -> list[GroupKey]:
    """Group keys of both sides: 一级 blocks in order of appearance (unlabelled first)."""
    keys: list[GroupKey] = []
    for side in sides:
        keys.extend(k for k in side if k not in keys)
    level1_order: list[str | None] = []
    for level1, _, _ in keys:
        if level1 not in level1_order:
            level1_order.append(level1)
    level1_order.sort(key=lambda name: name is not None)  # stable: None first
    return [k for level1 in level1_order for k in keys if k[0] == level1]


def _indicator_cells(line: _Line | None, col: int) -> list[FormCell]:
    if line is None:
        return [FormCell("", col + i) for i in range(3)]
    return [
        FormCell(f"指标{line.number}：{line.name}", col, kind=TEXT),
        FormCell(line.target, col + 1),
        FormCell(line.standard, col + 2),
    ]


def _indicator_rows(indicators: pd.DataFrame) -> list[list[FormCell]]:
    sides = [side_groups(indicators, period) for period in PERIODS]
    keys = _ordered_keys(sides)
    heights = {k: max(len(side.get(k, [])) for side in sides) for k in keys}
    block: list[list[FormCell]] = []
    level1_done: set[str | None] = set()
    for key in keys:
        level1 = key[0]
        for i in range(heights[key]):
            row: list[FormCell] = []
            if i == 0 and level1 not in level1_done:
                level1_done.add(level1)
                span = sum(heights[k] for k in keys if k[0] == level1)
                row.append(FormCell(vertical(level1 or ""), 1, 1, span, VERTICAL))
            for side, col in zip(sides, (2, 6), strict=True):
                lines = side.get(key, [])
                if i == 0:
                    label = (key[1] or "") if lines else ""
                    row.append(FormCell(label, col, 1, heights[key], LABEL))
                row.extend(_indicator_cells(lines[i] if i < len(lines) else None, col + 1))
            block.append(row)
    header = [
        FormCell(vertical("绩效指标"), 0, 1, len(block) + 1, VERTICAL),
        FormCell("一级指标", 1, kind=LABEL),
    ]
    for col in (2, 6):
        header += [
            FormCell("二级指标", col, kind=LABEL),
            FormCell("三级指标", col + 1, kind=LABEL),
            FormCell("指标值", col + 2, kind=LABEL),
            FormCell("绩效标准", col + 3, kind=LABEL),
        ]
    return [header, *block]


def project_layout(
    project: Mapping[str, object],
    funding: pd.DataFrame,
    goals: pd.DataFrame,
    indicators: pd.DataFrame,
    *,
    number: int | None = None,
) -> FormLayout:
    """The narrative and form rows of one project from its tidy rows.

    ``project`` is one row of the projects table; ``funding``, ``goals`` and
    ``indicators`` hold this project's rows only. Raises ``ValueError`` for content the
    standard form has no place for (an unknown period, one funding slot given twice).
    """
    for frame, name in ((funding, "funding"), (goals, "goals"), (indicators, "indicators")):
        _check_periods(frame, name)
    if number is None:
        number = int(_value(project.get("project_no")) or 1)
    name = _text(project.get("project"))
    years = period_years(funding, goals, indicators)
    rows: list[list[FormCell]] = [[FormCell(FORM_TITLE, 0, N_COLS, kind=TITLE)]]
    if years["annual"][0] is not None:
        rows.append([FormCell(f"（{years['annual'][0]}年度）", 0, N_COLS, kind=SUBTITLE)])
    rows += [
        [FormCell("项目名称", 0, 2, kind=LABEL), FormCell(name, 2, 8)],
        [
            FormCell("主管部门", 0, 2, kind=LABEL),
            FormCell(_text(project.get("department")), 2, 3),
            FormCell("实施单位", 5, 2, kind=LABEL),
            FormCell(_text(project.get("implementer")), 7, 3),
        ],
        [
            FormCell("项目属性", 0, 2, kind=LABEL),
            FormCell(attribute_text(project.get("attribute")), 2, 3),
            FormCell("项目期", 5, 2, kind=LABEL),
            FormCell(_text(project.get("term")), 7, 3),
        ],
    ]
    rows += _funding_rows(funding, name)
    rows += _goal_rows(goals, years)
    header_row = len(rows)
    rows += _indicator_rows(indicators)
    return FormLayout(
        project_no=number,
        project=normalise_text(name),
        paragraphs=narrative_paragraphs(project, number),
        rows=rows,
        indicator_header_row=header_row,
    )


def covered(rows: list[list[FormCell]]) -> list[list[bool]]:
    """Which grid positions each row's cells (or merges from above) occupy; for checks."""
    grid = [[False] * N_COLS for _ in rows]
    for r, row in enumerate(rows):
        for cell in row:
            for dr in range(cell.row_span):
                for dc in range(cell.col_span):
                    if grid[r + dr][cell.col + dc]:
                        raise ValueError(f"overlapping cells at row {r + dr}, col {cell.col + dc}")
                    grid[r + dr][cell.col + dc] = True
    return grid
