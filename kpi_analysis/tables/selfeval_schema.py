"""The tidy tables of 项目支出绩效自评表 (self-evaluation forms), declared once.

One form is one project × year. Amounts are in 万元 (``form_unit`` says what the form printed);
rates are fractions (100.00% → 1.0). Published numbers (分值, 得分, 执行率, 总分) are kept as
printed; nothing here is recomputed. Findings and cell accounting use the shared
:data:`kpi_analysis.tables.schema.FINDINGS` and :data:`kpi_analysis.tables.schema.CELLS`.
"""

from __future__ import annotations

from kpi_analysis.tables.schema import BOOL, FLOAT, INT, LEVEL1, LEVEL2, STRING, TableSchema

SELFEVAL_FUNDING = TableSchema(
    "selfeval_funding",
    (
        ("source", STRING),
        ("project_no", INT),
        ("project", STRING),
        ("year", INT),
        ("category", STRING),
        ("label", STRING),
        ("budget_initial", FLOAT),
        ("budget_full", FLOAT),
        ("executed", FLOAT),
        ("weight", FLOAT),
        ("rate", FLOAT),
        ("score", FLOAT),
        ("reason", STRING),
        ("form_unit", STRING),
    ),
)
"""One row per funding line of a form (年度资金总额, 财政拨款, 上年结转, 其他资金, details).

``category``: ``total``, ``fiscal``, ``carryover``, ``other``, or ``fiscal_part`` /
``other_part`` for detail lines (财政专户管理资金, 单位资金 …); ``label`` is the printed label.
"""

SELFEVAL_INDICATORS = TableSchema(
    "selfeval_indicators",
    (
        ("source", STRING),
        ("project_no", INT),
        ("project", STRING),
        ("year", INT),
        ("level1", LEVEL1),
        ("level1_weight", FLOAT),
        ("level2", LEVEL2),
        ("indicator_no", INT),
        ("indicator", STRING),
        ("target", STRING),
        ("actual", STRING),
        ("weight", FLOAT),
        ("score", FLOAT),
        ("reason", STRING),
        ("review_score", FLOAT),
        ("standard", STRING),
        ("value_type", STRING),
        ("unit", STRING),
        ("kind", STRING),
        ("comparator", STRING),
        ("value", FLOAT),
        ("per", STRING),
        ("placeholder", BOOL),
    ),
)
"""One row per indicator of a form.

``target`` is the 年度指标值 (joined with 指标性质 and 度量单位 where the template has separate
columns), ``actual`` the 实际完成值 as printed, ``weight``/``score`` the printed 分值/得分,
``review_score`` the 复核分 where the form has one, ``standard`` the 评分标准 as printed
(tiers such as 优/良/中/差 kept as text, never one target), ``level1_weight`` the class weight
written in the 一级 cell (``产出指标(50分)``), ``value_type`` the 指标性质 cell as printed,
``unit`` the 度量单位 (else the unit parsed from the target); ``kind``/``comparator``/``value``/
``per`` are the parse of ``target``.
"""

SELFEVAL_GOALS = TableSchema(
    "selfeval_goals",
    (
        ("source", STRING),
        ("project_no", INT),
        ("project", STRING),
        ("year", INT),
        ("goal", STRING),
        ("achieved", STRING),
    ),
)
"""年度总体目标: 预期目标 and 实际完成情况 of one form."""

SELFEVAL_TOTALS = TableSchema(
    "selfeval_totals",
    (
        ("source", STRING),
        ("project_no", INT),
        ("project", STRING),
        ("project_code", STRING),
        ("year", INT),
        ("department", STRING),
        ("implementer", STRING),
        ("form_unit", STRING),
        ("execution_weight", FLOAT),
        ("total_weight", FLOAT),
        ("total_score", FLOAT),
        ("execution_score", FLOAT),
        ("goals_score", FLOAT),
        ("indicators_weight", FLOAT),
        ("indicators_score", FLOAT),
        ("implementation", STRING),
        ("conclusion", STRING),
        ("problems", STRING),
        ("improvements", STRING),
    ),
)
"""One row per form: header fields, the printed 总分 row, and the closing sections.

``execution_weight`` is the 分值 of the 年度资金总额 line; ``total_weight``/``total_score`` the
总分 (合计) row, or 自评得分 / 自评总分 printed apart; ``execution_score``, ``goals_score`` and
``indicators_score`` the block scores printed as bare numbers beside the blocks (e.g. 四川 区域
forms), ``indicators_weight`` the points in the indicator block's label (年度绩效目标(80分));
``conclusion``/``problems``/``improvements`` are 评价结论/存在问题/改进措施.
"""

SELFEVAL_TABLES = {
    "funding": SELFEVAL_FUNDING,
    "indicators": SELFEVAL_INDICATORS,
    "goals": SELFEVAL_GOALS,
    "totals": SELFEVAL_TOTALS,
}

FUNDING_CATEGORIES = ("total", "fiscal", "carryover", "other", "fiscal_part", "other_part")
