"""The 审核意见 (review opinion) as a Word document, from the review's findings table.

An auditor pastes it into a written opinion: a title, 审核依据 (the rules that found
something, each with its basis and its section of ``docs/rules.md``), 主要问题 (per project,
errors first, then warnings, numbered, each with the cell it cites and its rule) and 审核建议
(what to do, per rule found). Findings of severity ``info`` (提示) are counted, not listed.

>>> import pandas as pd
>>> findings = pd.DataFrame({"rule": ["R8"], "rule_name": ["指标名称中的数字与指标值不符"],
...     "severity": ["error"], "project_no": [1], "project": ["项目甲"],
...     "source": ["a.txt#table=1,row=13,col=8,line=98"],
...     "message": ["项目1「项目甲」2021年度指标1「审核47家」：名称写明47家，指标值为62家。"],
...     "basis": ["启发式规则"]})
>>> [line for _, line in opinion_lines(findings)][:3]
['关于项目支出绩效目标的审核意见', '一、审核依据', 'R8 指标名称中的数字与指标值不符：启发式规则']
>>> cell_text("a.txt#table=1,row=13,col=8,line=98")
'a.txt 表1 第13行 第8列'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from kpi_analysis.outputs.files import write_atomically
from kpi_analysis.outputs.safe_text import excel_safe

__all__ = ["ADVICE", "TITLE", "cell_text", "opinion_lines", "write_review_opinion"]

TITLE = "关于项目支出绩效目标的审核意见"
SEVERITY_WORDS = {"error": "错误", "warning": "警告", "info": "提示"}
LISTED = ("error", "warning")
CHINESE_NUMBERS = "一二三四五六七八九十"

#: What the auditor asks for, per rule (the 审核建议 section).
ADVICE = {
    "R1": "补齐缺少的一级指标（产出、效益、满意度，新模板还有成本），"
    "产出指标下设置数量、质量、时效指标。",
    "R2": "将“逐步”“进一步”“有所提高”等模糊表述改为可考核的数量、比例或完成时限，"
    "确实无法量化的采用分级分档表述。",
    "R3": "为定量指标补充计量单位，并使单位与指标值一致。",
    "R4": "按指标性质确定方向：成本、时限、差错类用“≤”，比率、覆盖、合格率类用“≥”。",
    "R5": "满意度和比率类目标不宜设为100%或以上，请按历史水平合理设定。",
    "R6": "设置反映成本控制要求的成本指标（经济、社会、生态或单位成本）。",
    "R7": "使年度目标与中期目标衔接：流量类按年度进度分解，水平类与中期水平一致，"
    "资金分年安排合理。",
    "R8": "统一指标名称、指标值和绩效标准中的数字，以批复的目标值为准。",
    "R11": "核对资金数额：资金总额应等于财政拨款与其他资金之和，叙述中的年度预算应与表内一致。",
    "R12": "删除或填写模板占位内容（“指标1：”、“**”等）。",
    "R13": "删除重复的文字和标点。",
    "R14": "使指标值与绩效标准一致。",
    "R15": "成本指标应反映资金或成本，不应填写工作事项。",
    "R16": "标明项目属性（新增项目或延续项目）。",
}

_PROJECT_RE = re.compile(r"^项目\d+「[^」]*」")
_CELL_RE = {key: re.compile(rf"{key}=(\d+)") for key in ("table", "row", "col", "sheet")}


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def cell_text(source: object) -> str:
    """A ``source`` address in words: ``a.txt 表1 第13行 第8列``."""
    text = _text(source)
    if not text:
        return ""
    file, _, address = text.partition("#")
    parts = [file]
    for key, template in (("table", "表{}"), ("row", "第{}行"), ("col", "第{}列")):
        found = _CELL_RE[key].search(address)
        if found:
            parts.append(template.format(found.group(1)))
    return " ".join(parts)


def _rule_order(rule: str) -> int:
    return int(rule[1:]) if rule[1:].isdigit() else 99


def _project_keys(findings: pd.DataFrame) -> list[tuple[str, str]]:
    """(project number as text, project name) of each finding row ('' where missing)."""
    numbers = findings["project_no"].astype("Int64").astype("string").fillna("")
    names = findings["project"].astype("string").fillna("")
    return list(zip(numbers, names, strict=True))


def _project_order(keys: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Projects by number; findings without a project last."""
    return sorted(dict.fromkeys(keys), key=lambda k: (k[0] == "", int(k[0] or 0), k[1]))


def opinion_lines(findings: pd.DataFrame) -> Iterator[tuple[str, str]]:
    """The opinion as (kind, text) lines; kind is ``title``, ``heading``, ``project``,
    ``item``, ``basis`` or ``text``. Findings are those of
    :func:`kpi_analysis.analysis.review.review_dataset`."""
    columns = ("rule", "rule_name", "severity", "project_no", "project", "source", "message")
    findings = findings.assign(
        **{name: pd.NA for name in (*columns, "basis") if name not in findings.columns}
    )
    listed = findings[findings["severity"].isin(LISTED).fillna(False).astype(bool)]
    counts = findings["severity"].value_counts()
    yield "title", TITLE
    yield "heading", "一、审核依据"
    rules = sorted(dict.fromkeys(listed["rule"].astype(str)), key=_rule_order)
    bases = dict(zip(listed["rule"].astype(str), listed["basis"], strict=True))
    names = dict(zip(listed["rule"].astype(str), listed["rule_name"], strict=True))
    for rule in rules:
        yield "basis", f"{rule} {_text(names[rule])}：{_text(bases[rule])}"
    if not rules:
        yield "text", "未发现错误或警告。"
    yield "heading", "二、主要问题"
    yield (
        "text",
        f"共发现错误 {int(counts.get('error', 0))} 项、警告 {int(counts.get('warning', 0))} 项"
        f"（另有提示 {int(counts.get('info', 0))} 项，见审核发现表，未列入本意见）。",
    )
    keys = _project_keys(listed)
    for index, key in enumerate(_project_order(keys)):
        number, project = key
        mine = listed[[k == key for k in keys]]
        label = CHINESE_NUMBERS[index] if index < len(CHINESE_NUMBERS) else str(index + 1)
        title = f"项目{number}「{project}」" if number else (project or "其他")
        yield "project", f"（{label}）{title}"
        ordered = mine.assign(
            _severity=mine["severity"].map({"error": 0, "warning": 1}),
        ).sort_values("_severity", kind="stable")
        for item, row in enumerate(ordered.to_dict("records"), start=1):
            where = cell_text(row["source"])
            yield (
                "item",
                f"{item}. 【{SEVERITY_WORDS[row['severity']]}】"
                f"{_PROJECT_RE.sub('', _text(row['message']), count=1)}"
                f"（位置：{where or '整表'}；规则：{row['rule']} {_text(row['rule_name'])}）",
            )
    yield "heading", "三、审核建议"
    if counts.get("error", 0):
        yield (
            "text",
            "请对上述错误逐项修改后重新报送；对警告事项逐项核实，确需保留的请书面说明理由。",
        )
    elif rules:
        yield "text", "请对上述警告事项逐项核实，确需保留的请书面说明理由。"
    for rule in rules:
        advice = ADVICE.get(rule)
        if advice:
            yield "item", f"{rule} {_text(names[rule])}：{advice}"
    yield "text", "各规则的依据与来源（文件名称、发文机关、文号、年份和网址）见 docs/rules.md。"


def write_review_opinion(findings: pd.DataFrame, path: str | Path) -> Path:
    """Write the 审核意见 .docx (A4, 宋体, numbered per project); atomically."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(11)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    for kind, line in opinion_lines(findings):
        text = excel_safe(line)  # control characters from cells or file names: XML cannot hold them
        if kind == "title":
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run.bold = True
            run.font.size = Pt(16)
        elif kind in ("heading", "project"):
            paragraph = document.add_paragraph()
            run = paragraph.add_run(text)
            run.bold = True
        else:
            paragraph = document.add_paragraph(text)
            if kind in ("item", "basis"):
                paragraph.paragraph_format.first_line_indent = Pt(22)
    return write_atomically(Path(path), document.save)
