"""Real-layout 项目支出绩效自评表 for the tests, as .docx (python-docx) and .xlsx (openpyxl).

A form is a list of title lines plus grid rows of :class:`G` cells (text, start column,
column span, row span). :func:`write_docx` puts the title lines in paragraphs above one Word
table (as S5/S6 Word forms do) and merges cells with gridSpan / vMerge; :func:`write_xlsx`
writes the title lines as rows of the sheet and merges ranges. Numbers go into Excel as
numbers (a percentage with a percent format), as a form saved by Excel would hold them.

The layouts follow docs/rules.md#selfeval-form: :func:`standard_form` is the 10号 附件1 layout
as used in
Anhui 2022 (S6; corpus 03/04) and Shanghai 2022 (S5, amounts in 元); :func:`sichuan_form` is
the Sichuan 2023 variant (S7; corpus 01).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from builders import Tc, Tr, WordBuilder
from openpyxl import Workbook


@dataclass(frozen=True)
class G:
    """One grid cell starting at column ``col`` (0-based)."""

    text: str
    col: int
    span: int = 1
    rows: int = 1


@dataclass
class Form:
    """Title lines and grid rows of one form."""

    titles: list[str]
    rows: list[list[G]]
    width: int
    meta: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- layouts


def standard_form(
    *,
    year: int,
    project: str,
    department: str,
    implementer: str,
    funding: list[tuple[str, ...]],
    goal: tuple[str, str],
    indicators: list[tuple[str, ...]],
    total: tuple[str, str] | None = None,
    unit: str = "万元",
    header: tuple[str, ...] = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"),
    weight_header: str = "分值",
) -> Form:
    """The 10号 附件1 layout on 10 grid columns.

    ``funding`` rows: (label, 年初, 全年, 执行, 分值, 执行率, 得分); ``indicators`` rows:
    (一级, 二级, 三级, 指标值, 实际, 分值, 得分, 偏差原因); a 一级 or 二级 of "" continues the
    one above (merged vertically). ``weight_header=""`` drops the 分值 column label.
    """
    rows: list[list[G]] = [
        [G("项目名称", 0, 2), G(project, 2, 8)],
        [G("主管部门", 0, 2), G(department, 2, 3), G("实施单位", 5, 2), G(implementer, 7, 3)],
    ]
    labels = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
    rows.append(
        [G(f"项目资金\n（{unit}）", 0, 2, len(funding) + 1), G("", 2, 2)]
        + [G(text, 4 + i) for i, text in enumerate(labels)]
    )
    for line in funding:
        rows.append([G(line[0], 2, 2)] + [G(v, 4 + i) for i, v in enumerate(line[1:])])
    rows.append([G("年度总体目标", 0, 2, 2), G("预期目标", 2, 4), G("实际完成情况", 6, 4)])
    rows.append([G(goal[0], 2, 4), G(goal[1], 6, 4)])
    head = [*header, weight_header, "得分", "偏差原因分析及改进措施"]
    n = len(indicators) + (2 if total else 1)
    rows.append(
        [G("绩效指标", 0, 1, n)] + [G(t, 1 + i, 2 if i == 7 else 1) for i, t in enumerate(head)]
    )
    rows += _indicator_rows(indicators, first_col=1, reason_span=2)
    if total:
        rows.append([G("总分", 1, 5), G(total[0], 6), G(total[1], 7), G("", 8, 2)])
    titles = ["项目支出绩效自评表", f"（{year}年度）"]
    return Form(titles, rows, 10)


def _indicator_rows(
    indicators: list[tuple[str, ...]], first_col: int, reason_span: int
) -> list[list[G]]:
    """Indicator rows; 一级/二级 merged down over the rows that leave them blank."""
    out: list[list[G]] = []
    width = len(indicators[0])
    for i, line in enumerate(indicators):
        row: list[G] = []
        for level in (0, 1):
            if not line[level] and i:
                continue
            height = 1
            while i + height < len(indicators) and not indicators[i + height][level]:
                height += 1
            row.append(G(line[level], first_col + level, 1, height))
        for j in range(2, width):
            span = reason_span if j == width - 1 else 1
            row.append(G(line[j], first_col + j, span))
        out.append(row)
    return out


def sichuan_form(
    *,
    year: int,
    project: str,
    department: str,
    implementer: str,
    goal: tuple[str, str],
    funding: list[tuple[str, ...]],
    indicators: list[tuple[str, ...]],
    total: tuple[str, str],
    sections: tuple[str, str, str],
) -> Form:
    """The Sichuan 2023 variant (S7, corpus 01) on 11 grid columns.

    ``funding`` rows: (label, 年初, 调整后, 执行数, 执行率, 权重, 得分); the 原因 column is one
    cell merged down the block, holding ``reason`` of the first line (its 8th item, optional).
    ``indicators`` rows: (一级, 二级, 三级, 指标性质, 指标值, 度量单位, 完成值, 权重, 得分, 原因).
    """
    rows: list[list[G]] = [
        [G("项目名称", 0, 2), G(project, 2, 9)],
        [
            G("主管部门", 0, 2),
            G(department, 2, 4),
            G("实施单位 (盖章)", 6, 2),
            G(implementer, 8, 3),
        ],
        [G("项目基本情况", 0, 1, 4), G("1.项目年度目标完成情况", 1, 10)],
        [G("项目年度目标", 1, 5), G("年度目标完成情况", 6, 5)],
        [G(goal[0], 1, 5), G(goal[1], 6, 5)],
        [G("2.项目实施内容及过程概述", 1, 4), G("", 5, 6)],
    ]
    labels = ("年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因")
    rows.append(
        [G("预算执行情况(10分)", 0, 1, len(funding) + 1), G("年度预算数(万元)", 1, 2)]
        + [G(text, 3 + i, 2 if i == 6 else 1) for i, text in enumerate(labels)]
    )
    for i, line in enumerate(funding):
        row = [G(line[0], 1, 2)] + [G(v, 3 + j) for j, v in enumerate(line[1:7])]
        if i == 0:
            reason = line[7] if len(line) > 7 else ""
            row.append(G(reason, 9, 2, len(funding)))
        rows.append(row)
    head = (
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "完成值",
        "权重",
        "得分",
        "未完成原因分析",
    )
    rows.append(
        [G("绩效指标(90分)", 0, 1, len(indicators) + 1)] + [G(t, 1 + i) for i, t in enumerate(head)]
    )
    rows += _indicator_rows(indicators, first_col=1, reason_span=1)
    rows.append([G("合计", 0, 8), G(total[0], 8), G(total[1], 9), G("", 10)])
    for label, text in zip(("评价结论", "存在问题", "改进措施"), sections, strict=True):
        rows.append([G(label, 0, 2), G(text, 2, 9)])
    rows.append([G("项目负责人:", 0, 4), G("财务负责人:", 4, 4), G("", 8, 3)])
    return Form(
        [f"部门预算项目支出绩效自评表({year}年度)"], rows, 11, meta=["报表编号:510000_0013zp"]
    )


# --------------------------------------------------------------------------- writers


def _grid(form: Form) -> list[list[tuple[str, int, int, str | None]]]:
    """Per row: (text, col, span, vmerge) for every grid position, merges resolved."""
    below: dict[tuple[int, int], int] = {}  # (row, col) covered from above → span
    out = []
    for r, row in enumerate(form.rows):
        starts = {cell.col: cell for cell in row}
        cells = []
        c = 0
        while c < form.width:
            if c in starts:
                cell = starts[c]
                vmerge = "restart" if cell.rows > 1 else None
                for k in range(1, cell.rows):
                    below[(r + k, c)] = cell.span
                cells.append((cell.text, c, cell.span, vmerge))
                c += cell.span
            elif (r, c) in below:
                cells.append(("", c, below[(r, c)], "continue"))
                c += below[(r, c)]
            else:
                cells.append(("", c, 1, None))
                c += 1
        out.append(cells)
    return out


def write_docx(forms: list[Form], path: Path) -> Path:
    """Title lines as paragraphs, each form one Word table."""
    builder = WordBuilder()
    for form in forms:
        for line in [*form.meta, *form.titles]:
            builder.paragraph(line)
        rows = [
            Tr([Tc(text, span=span, vmerge=vmerge) for text, _, span, vmerge in cells])
            for cells in _grid(form)
        ]
        builder.table(rows)
    return builder.save(path)


PERCENT = re.compile(r"^(\d+(?:\.\d+)?)%$")
NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def _typed(text: str) -> tuple[object, str | None]:
    """A number cell as Excel holds it: (value, number format)."""
    match = PERCENT.match(text)
    if match:
        return float(match.group(1)) / 100, "0.00%"
    if NUMBER.match(text):
        value = float(text)
        return (int(value) if value.is_integer() and "." not in text else value), None
    return text, None


def write_xlsx(forms: list[Form], path: Path, *, sheet_per_form: bool = True) -> Path:
    """Each form on its own sheet (or one below the other), title lines as merged rows."""
    book = Workbook()
    book.remove(book.active)
    sheet = None
    r = 1
    for i, form in enumerate(forms):
        if sheet is None or sheet_per_form:
            sheet = book.create_sheet(f"自评表{i + 1}")
            r = 1
        for line in [*form.meta, *form.titles]:
            sheet.cell(row=r, column=1, value=line)
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=form.width)
            r += 1
        for row in form.rows:
            for cell in row:
                if cell.text:
                    value, number_format = _typed(cell.text)
                    target = sheet.cell(row=r, column=cell.col + 1, value=value)
                    if isinstance(value, str) and value.startswith("="):
                        target.data_type = "s"  # typed text such as "=8个", not a formula
                    if number_format:
                        target.number_format = number_format
                if cell.span > 1 or cell.rows > 1:
                    sheet.merge_cells(
                        start_row=r,
                        start_column=cell.col + 1,
                        end_row=r + cell.rows - 1,
                        end_column=cell.col + cell.span,
                    )
            r += 1
        r += 2
    book.save(path)
    return path


# --------------------------------------------------------------------------- the corpus forms

WEITUO_INDICATORS = [
    ("产出指标(50分)", "数量指标", "基建工程委托业务项目数量", "≥50个", "50", "8", "8", ""),
    ("", "质量指标", "委托业务报告合格率", "≥100百分比", "100", "8", "8", ""),
    ("", "", "经费支出合规性", "严格执行相关制度规定", "达成预期指标", "8", "8", ""),
    ("", "时效指标", "提交报告及时性", "在项目计划完成时间内完成", "达成预期指标", "8", "8", ""),
    ("", "成本指标", "项目总成本", "≤90万元", "90", "8", "8", ""),
    ("", "", "单项业务成本", "符合相关规定", "达成预期指标", "10", "10", ""),
    (
        "效益指标(30分)",
        "社会效益指标",
        "对维护基建市场公平的影响程度",
        "效果明显",
        "达成预期指标",
        "10",
        "10",
        "",
    ),
    ("", "生态效益指标", "对控制基建项目成本影响程度", "效果明显", "达成预期指标", "10", "10", ""),
    (
        "",
        "可持续影响指标",
        "对推动基建项目“四项制度”健全和落实的持续性影响",
        "效果明显",
        "达成预期指标",
        "10",
        "10",
        "",
    ),
    ("", "经济效益指标", "", "", "", "", "", ""),
]
"""Corpus 03 (安徽池州棠溪 2022, 委托业务项目) as far as the copy goes (cut at 满意度)."""

CUNJI_INDICATORS = [
    ("产出指标(50分)", "数量指标", "补助村(社区)数量", "=8个", "8", "8", "8", ""),
    ("", "", "保障村干部人数", "=42个", "42", "8", "8", ""),
    ("", "质量指标", "补助资格合规性", "合规", "达成预期指标", "8", "8", ""),
    ("", "", "经费审批流程规范性", "严格执行相关制度规定", "达成预期指标", "8", "8", ""),
    ("", "时效指标", "补助经费到位及时性", "及时", "达成预期指标", "8", "8", ""),
    ("", "成本指标", "项目总成本", "≤202.6万元", "132.9", "10", "10", ""),
    (
        "效益指标(30分)",
        "经济效益指标",
        "对保障村(社区)两委机构正常运行的影响程度",
        "效果明显",
        "达成预期指标",
        "10",
        "10",
        "",
    ),
    (
        "",
        "社会效益指标",
        "提高村(社区)干部工作积极性的影响程度",
        "效果明显",
        "达成预期指标",
        "10",
        "10",
        "",
    ),
]
"""Corpus 04 (安徽池州棠溪 2022, 村级补助及运转经费), cut at 可持续影响."""

DEPARTMENT = "219-池州市贵池区棠溪镇人民政府"
IMPLEMENTER = "219001-池州市贵池区棠溪镇人民政府"


def weituo_form(**changes) -> Form:
    """Corpus 03 in the standard layout (numbers as printed: the total line reads 0 … 10 0 0)."""
    spec = dict(
        year=2022,
        project="委托业务项目",
        department=DEPARTMENT,
        implementer=IMPLEMENTER,
        funding=[
            ("年度资金总额:", "0", "0", "0", "10", "0", "0"),
            ("其中:本年财政拨款", "90", "89.974", "89.974", "", "", ""),
            ("上年结转资金", "", "", "", "", "", ""),
            ("其他资金", "", "", "", "", "", ""),
        ],
        goal=(
            "本项目共申请预算资金90万元。其中:30万元用于基建工程项目预算编制;30万元用于基建工程"
            "项目审计;30万元用于基建工程项目设计、规划、测绘。",
            "本项目共完成预算资金89.97万元。其中:30万元用于基建工程项目预算编制;30万元用于基建"
            "工程项目审计;29.99万元用于基建工程项目设计、规划、测绘。",
        ),
        indicators=WEITUO_INDICATORS,
    )
    spec.update(changes)
    return standard_form(**spec)


def cunji_form(**changes) -> Form:
    """Corpus 04 in the standard layout (全年预算数 132.912 below 年初 202.64)."""
    spec = dict(
        year=2022,
        project="村级补助及运转经费",
        department=DEPARTMENT,
        implementer=IMPLEMENTER,
        funding=[
            ("年度资金总额:", "0", "0", "0", "10", "0", "0"),
            ("其中:本年财政拨款", "202.64", "132.912", "132.912", "", "", ""),
            ("上年结转资金", "", "", "", "", "", ""),
            ("其他资金", "", "", "", "", "", ""),
        ],
        goal=(
            "本项目共申请预算资金2026400元,其中村级组织运转400000元,村民组长,党小组长基本报酬"
            "252000元,村民监督委员会工资28000元,村级事务补助960000元,村级工作目标奖励100000元。",
            "本项目共完成预算资金1329120.67元,其中村级组织运转439120.67元,村民组长,党小组长基本"
            "报酬152000元,村民监督委员会工资28000元,村级事务补助660000元,村级工作目标奖励50000元。",
        ),
        indicators=CUNJI_INDICATORS,
    )
    spec.update(changes)
    return standard_form(**spec)


# S5 (上海普陀 2022): amounts in 元, 执行率 215,457.6 / 250,000 → 8.62 and 产出 50 split 10/20/20.
# The indicator names, targets and actuals below are illustrative (the domain note gives only
# the weights and the execution figures); their published scores follow the central formulas.
PUTUO_INDICATORS = [
    ("产出指标", "数量指标", "开展专项检查次数", "≥4次", "4", "10", "10", ""),
    (
        "",
        "质量指标",
        "检查问题整改率",
        "≥90%",
        "85%",
        "20",
        "18.89",
        "部分问题整改周期较长，已督促限期整改",
    ),
    ("", "时效指标", "检查完成及时率", "=100%", "100%", "20", "20", ""),
    ("效益指标", "社会效益指标", "监管规范化水平", "有所提升", "达成年度指标", "30", "30", ""),
    ("满意度指标", "服务对象满意度指标", "被检查单位满意度", "≥90%", "92%", "10", "10", ""),
]


def putuo_form(**changes) -> Form:
    """An S5-style form (amounts in 元) with S5's execution figures."""
    spec = dict(
        year=2022,
        project="行政执法专项检查",
        department="上海市普陀区某局",
        implementer="上海市普陀区某局",
        unit="元",
        funding=[
            ("年度资金总额", "250,000", "250,000", "215,457.6", "10", "86.18%", "8.62"),
            ("其中：当年财政拨款", "250,000", "250,000", "215,457.6", "—", "86.18%", "—"),
            ("上年结转资金", "0", "0", "0", "—", "", "—"),
            ("其他资金", "0", "0", "0", "—", "", "—"),
        ],
        goal=("完成年度专项检查任务。", "完成4次专项检查，整改率85%。"),
        indicators=PUTUO_INDICATORS,
        total=("100", "97.51"),
    )
    spec.update(changes)
    return standard_form(**spec)


def qingshen_form(**changes) -> Form:
    """Corpus 01 (四川青神 2023, 工资性支出) in the Sichuan layout, blanks and instructions kept."""
    spec = dict(
        year=2023,
        project="51000021R000000019951-工资性支出",
        department="青神县发展和改革局本级",
        implementer="青神县发展和改革局",
        goal=(
            "严格执行相关政策,保障工资及时、足额发放或社保及时、足额缴纳,预算编制科学合理,减少结余资金。",
            "对照年度目标,说明相关任务目标的完成情况(100字以内)",
        ),
        funding=[
            (
                "总额",
                "238.93",
                "251.89",
                "251.89",
                "100.00%",
                "10",
                "",
                "1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);"
                "2.年中发生预算调整的(追加或调减),应单独说明理由;3.其他资金包括:社会投入资金、银行贷款.",
            ),
            ("其中:财政资金", "238.93", "251.89", "251.89", "100.00%", "/", "/"),
            ("财政专户管理资金", "0.00", "0.00", "0.00", "0.00%", "/", "/"),
            ("单位资金", "0.00", "0.00", "0.00", "0.00%", "/", "/"),
            ("其他资金", "", "", "", "", "/", "/"),
        ],
        indicators=[
            ("产出指标", "数量指标", "发放(缴纳)覆盖率", "=", "100", "%", "", "60", "", ""),
            ("效益指标", "社会效益指标", "足额保障率(参保率)", "=", "100", "%", "", "30", "", ""),
        ],
        total=("100", ""),
        sections=(
            "结合自评情况,说明项目自评总分,说明项目实施取得的成效或成果。(200字以内)",
            "结合自评情况,分析存在的问题及原因。(200字以内)",
            "针对项目自评中发现的问题,提出下一步改进完善的意见及有关政策性建议。(200字以内)",
        ),
    )
    spec.update(changes)
    return sichuan_form(**spec)
