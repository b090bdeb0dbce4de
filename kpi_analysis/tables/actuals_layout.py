"""The layout of the actuals workbook, shared by the writer and the reader.

Columns are found by their Chinese headers when reading, never by position, so a user who
moves or hides columns in an unprotected copy still gets a readable workbook.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpi_analysis.text.formats import ACTUALS_FORMAT_ID

FORMAT_ID = ACTUALS_FORMAT_ID
FORMAT_VERSION = 1

SHEET_README = "说明"
SHEET_INDICATORS = "绩效指标"
SHEET_FUNDING = "资金"
SHEET_META = "元数据"

PERIOD_LABELS = {"annual": "年度目标", "mid_term": "中期目标"}
KIND_LABELS = {
    "quantitative": "定量",
    "qualitative": "定性",
    "timing": "时限",
    "placeholder": "占位符",
    "empty": "空",
}


@dataclass(frozen=True)
class Column:
    """One workbook column: tidy field, header, whether the user fills it in, value type."""

    field: str
    header: str
    editable: bool = False
    kind: str = "text"  # text, int, number, actual, formula
    width: float = 12
    synonyms: tuple[str, ...] = ()

    def headers(self) -> tuple[str, ...]:
        """The header and its synonyms, as matched when reading."""
        return (self.header, *self.synonyms)


INDICATOR_COLUMNS = (
    Column("project_no", "项目序号", kind="int", width=8),
    Column("project", "项目名称", width=26),
    Column("year", "年度", kind="int", width=8),
    Column("target_period", "目标来源", width=10),
    Column("level1", "一级指标", width=11),
    Column("level2", "二级指标", width=14),
    Column("indicator_no", "指标序号", kind="int", width=8),
    Column("indicator", "三级指标", width=34),
    Column("target", "年度指标值", width=24, synonyms=("指标值", "目标值")),
    Column("standard", "绩效标准", width=16),
    Column("kind", "指标值类型", width=10),
    Column("unit", "计量单位", width=9),
    Column("actual", "实际完成值", True, "actual", 22, ("完成值", "全年实际完成值")),
    Column("weight", "分值/权重", True, "number", 10, ("分值", "权重")),
    Column(
        "reason",
        "偏差原因分析",
        True,
        width=30,
        synonyms=("偏差原因分析及改进措施", "未完成原因分析", "原因"),
    ),
    Column("published_score", "自评得分（可选）", True, "number", 12, ("自评得分", "得分")),
    Column("target_source", "目标单元格", width=30),
)

FUNDING_COLUMNS = (
    Column("project_no", "项目序号", kind="int", width=8),
    Column("project", "项目名称", width=30),
    Column("year", "年度", kind="int", width=8),
    Column("mid_term_total", "中期资金总额（万元）", kind="number", width=14),
    Column("budget_initial", "年初预算数（万元）", True, "number", 14, ("年初预算数", "年初预算")),
    Column(
        "budget_full",
        "全年预算数（万元）",
        True,
        "number",
        14,
        ("全年预算数", "调整后预算数"),
    ),
    Column("executed", "全年执行数（万元）", True, "number", 14, ("全年执行数", "预算执行数")),
    Column("rate", "执行率（自动计算）", kind="formula", width=12),
    Column("reason", "执行率低于90%的原因说明", True, width=34, synonyms=("原因说明", "原因")),
)

REQUIRED_INDICATOR_FIELDS = ("project", "year", "indicator", "target", "actual")
REQUIRED_FUNDING_FIELDS = ("project", "year", "budget_full", "executed")
