"""The rule registry (id, Chinese name, default severity, basis) and the findings table.

Each basis names its source ids (listed with title, issuer, number, year and address in
docs/rules.md#sources) and quotes them; a rule that no regulation states is marked 启发式规则
HEURISTIC. Every finding's ``basis`` ends with the rule's section, ``docs/rules.md#r1`` ….
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from kpi_analysis.analysis.compare import document_of
from kpi_analysis.tables.schema import INT, LEVEL1, LEVEL2, STRING, TableSchema

HEURISTIC = "启发式规则 HEURISTIC"
SEVERITY_ORDER = ("error", "warning", "info")
PERIOD_ORDER = ("mid_term", "annual")


@dataclass(frozen=True)
class Rule:
    """One review rule: id, short Chinese name and the basis quoted in every finding."""

    id: str
    name: str
    basis: str

    @property
    def reference(self) -> str:
        """Where the rule and its sources are described: an anchor of ``docs/rules.md``."""
        return f"docs/rules.md#{self.id.lower()}"

    @property
    def cited(self) -> str:
        """The basis followed by its reference (what every finding quotes)."""
        return f"{self.basis}详见 {self.reference}。"


RULES: Mapping[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule(
            "R1",
            "指标体系不完整",
            "完整性：中发〔2018〕34号“绩效目标不仅要包括产出、成本，还要包括经济效益、社会效益、"
            "生态效益、可持续影响和服务对象满意度等绩效指标”（S22）；审核“形式完整性”（S17）。"
            "二级指标可“根据项目特点自行增加或减少”（S26），缺二级指标仅作警告。",
        ),
        Rule(
            "R2",
            "指标值表述模糊",
            "“尽量进行定量表述，不能以量化形式表述的，可以采用定性的分级分档形式表述”（S21）；"
            f"模糊词表为{HEURISTIC}。",
        ),
        Rule(
            "R3",
            "定量指标缺计量单位",
            "审核“指标性质、指标方向、目标值和计量单位的准确性和合理性”（S20）。",
        ),
        Rule(
            "R4",
            "指标方向与指标性质冲突",
            "审核“指标方向”的准确性（S20）；成本、时限类应为反向（≤），比率类应为正向（≥）；"
            f"关键词对应为{HEURISTIC}。",
        ),
        Rule(
            "R5",
            "满意度或比率目标达到或超过100%",
            f"{HEURISTIC}：未见禁止100%目标的正式规定；满意度目标定为100%难以实现、"
            "缺乏区分度，比率目标不能超过100%（例“≥100百分比”，S6）。",
        ),
        Rule(
            "R6",
            "缺少成本指标",
            "中发〔2018〕34号“绩效目标不仅要包括产出、成本”（S22）；财预〔2021〕101号将目标定义为"
            "“预期达到的产出和效果以及相应的成本控制要求”（S16）。"
            "101号的具体设置要求 UNCONFIRMED。",
        ),
        Rule(
            "R7",
            "年度目标与中期目标不衔接",
            "中期财政规划“强化对年度预算的约束”（S25）；年度与中期目标、资金的比对方法为"
            f"{HEURISTIC}（docs/rules.md#mid-term）。",
        ),
        Rule(
            "R8",
            "指标名称中的数字与指标值不符",
            f"{HEURISTIC}：三级指标名称中的数字应与指标值、绩效标准一致。",
        ),
        Rule(
            "R11",
            "资金数额不平衡",
            "“中期资金总额应等于财政拨款和其他资金总和”（S15）；年度资金同理。",
        ),
        Rule(
            "R12",
            "模板占位或未填写内容",
            "模板占位内容（“**”、空白的“指标1：”）应填写或删除（S26 所示申报表）；"
            "审核“形式完整性”（S17）。",
        ),
        Rule(
            "R13",
            "文字重复",
            f"{HEURISTIC}：重复的字词或标点（如“提高提高”“：：”）属录入错误，"
            "影响目标表表述的准确性（S20）。",
        ),
        Rule(
            "R14",
            "指标值与绩效标准不一致",
            "审核“目标值和计量单位的准确性和合理性”（S20）；指标值与绩效标准应一致，"
            f"比对方法为{HEURISTIC}。",
        ),
        Rule(
            "R15",
            "成本指标未反映成本",
            "目标应包括“相应的成本控制要求”（S16）；成本指标应以金额或成本表述，"
            f"关键词判断为{HEURISTIC}。",
        ),
        Rule(
            "R16",
            "项目属性未标明",
            "项目属性（新增项目／延续项目）是申报表表头字段（S8、S14），应勾选其一。",
        ),
    )
}

FINDINGS = TableSchema(
    "review_findings",
    (
        ("rule", STRING),
        ("rule_name", STRING),
        ("severity", STRING),
        ("project_no", INT),
        ("project", STRING),
        ("period", STRING),
        ("level1", LEVEL1),
        ("level2", LEVEL2),
        ("indicator_no", INT),
        ("indicator", STRING),
        ("source", STRING),
        ("message", STRING),
        ("basis", STRING),
    ),
)

_CONTEXT = ("project_no", "project", "period", "level1", "level2", "indicator_no", "indicator")


def present(value: object) -> bool:
    """True for a real value (not None, NA or NaN)."""
    return value is not None and not (not isinstance(value, str) and pd.isna(value))


def text(value: object) -> str:
    """A cell as text; missing values become ''."""
    return str(value) if present(value) else ""


def finding(
    rule: str,
    severity: str,
    message: str,
    context: Mapping[str, object] | pd.Series,
    *,
    source: object = None,
) -> dict[str, object]:
    """One finding record; ``context`` is a row holding (some of) the context columns."""
    if severity not in SEVERITY_ORDER:
        raise ValueError(f"unknown severity {severity!r}")
    record: dict[str, object] = {
        name: context[name] if name in context and present(context[name]) else pd.NA
        for name in _CONTEXT
    }
    record.update(
        rule=rule,
        rule_name=RULES[rule].name,
        severity=severity,
        source=text(source if source is not None else context.get("source")) or pd.NA,
        message=message,
        basis=RULES[rule].cited,
    )
    return record


_ADDRESS_RE = {key: re.compile(rf"{key}=(\d+)") for key in ("table", "row", "col")}


def address(source: object) -> tuple[int, int, int]:
    """(table, row, col) of a ``source`` string; 0 for a part it does not name."""
    found = [_ADDRESS_RE[key].search(text(source)) for key in ("table", "row", "col")]
    return tuple(int(m.group(1)) if m else 0 for m in found)  # type: ignore[return-value]


def findings_frame(records: list[dict[str, object]]) -> pd.DataFrame:
    """The findings table, sorted by severity, then document order (project, period, cell)."""
    if not records:
        return FINDINGS.empty()
    frame = pd.DataFrame.from_records(records)
    frame = FINDINGS.coerce(frame)
    documents = document_of(frame["source"]).fillna("").tolist()
    rows = frame.to_dict("records")
    keys = [
        (
            SEVERITY_ORDER.index(row["severity"]),
            document,
            int(row["project_no"]) if present(row["project_no"]) else 0,
            PERIOD_ORDER.index(row["period"]) + 1 if text(row["period"]) in PERIOD_ORDER else 0,
            address(row["source"]),
            int(str(row["rule"])[1:]),
        )
        for row, document in zip(rows, documents, strict=True)
    ]
    order = sorted(range(len(rows)), key=keys.__getitem__)
    return frame.iloc[order].reset_index(drop=True)


def period_label(period: object, year_start: object = None, year_end: object = None) -> str:
    """``中期（2021—2023年）`` / ``2021年度``; without years ``中期`` / ``年度``."""
    if period == "mid_term":
        if present(year_start) and present(year_end):
            return f"中期（{int(year_start)}—{int(year_end)}年）"
        return "中期"
    if period == "annual":
        return f"{int(year_start)}年度" if present(year_start) else "年度"
    return ""


def project_label(context: Mapping[str, object] | pd.Series) -> str:
    """``项目1「机构编制管理…」``."""
    number = context.get("project_no")
    prefix = f"项目{int(number)}" if present(number) else "项目"
    name = text(context.get("project"))
    return f"{prefix}「{name}」" if name else prefix


def project_period(row: Mapping[str, object] | pd.Series) -> tuple[dict[str, object], str]:
    """A finding's context (project and period) from a row with years, and its label."""
    context = {"project_no": row["project_no"], "project": row["project"], "period": row["period"]}
    label = project_label(context) + period_label(row["period"], row["year_start"], row["year_end"])
    return context, label


def indicator_label(row: Mapping[str, object] | pd.Series) -> str:
    """``产出指标/数量指标 指标1「审核…」`` (the name may be empty)."""
    levels = "/".join(text(row.get(c)) for c in ("level1", "level2") if text(row.get(c)))
    number = row.get("indicator_no")
    slot = f"指标{int(number)}" if present(number) else "指标"
    name = text(row.get("indicator"))
    return f"{levels} {slot}" + (f"「{name}」" if name else "")


def where(row: Mapping[str, object] | pd.Series) -> str:
    """Project, period and indicator of an indicator row, for the start of a message."""
    period = period_label(row.get("period"), row.get("year_start"), row.get("year_end"))
    return f"{project_label(row)}{period}{indicator_label(row)}"


@dataclass(frozen=True)
class ReviewInput:
    """The tables a rule reads (empty frames where the caller gave none).

    ``comparison`` (aligned pairs with pacing) and ``phasing`` (funding) come from
    :mod:`kpi_analysis.analysis.compare`, computed once per review.
    """

    indicators: pd.DataFrame
    projects: pd.DataFrame
    funding: pd.DataFrame
    goals: pd.DataFrame
    loader_findings: pd.DataFrame
    comparison: pd.DataFrame
    phasing: pd.DataFrame

    def years(self) -> dict[tuple[str, object, str], tuple[object, object]]:
        """(document, project_no, period) → (year_start, year_end) from the indicators."""
        frame = self.indicators
        out: dict[tuple[str, object, str], tuple[object, object]] = {}
        for doc, number, period, start, end in zip(
            document_of(frame["source"]),
            frame["project_no"],
            frame["period"],
            frame["year_start"],
            frame["year_end"],
            strict=True,
        ):
            out.setdefault((doc, number, period), (start, end))
        return out
