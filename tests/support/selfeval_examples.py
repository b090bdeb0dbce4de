"""A small filled 项目支出绩效自评表 for the writer tests (figures invented for the tests)."""

from __future__ import annotations

from kpi_analysis.outputs.writers.selfeval_layout import FundingLine, IndicatorLine, SelfEvalSheet

# 产出 20 + 15 + 15 = 50, 效益 30, 满意度 10: the central_2020 split
# (docs/rules.md#profile-central_2020)
INDICATORS = (
    IndicatorLine("产出指标", "数量指标", "培训次数", "≥4次", "4", 20.0, 20.0),
    IndicatorLine(
        "产出指标", "数量指标", "督查次数", "≥5次", "4", 15.0, 12.0, "人手不足，下年增加"
    ),
    IndicatorLine("产出指标", "质量指标", "资料合格率", "100%", "100", 15.0, 15.0),
    IndicatorLine("效益指标", "社会效益指标", "履职能力", "逐步提高", "达成年度指标", 30.0, 30.0),
    IndicatorLine("满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95", 10.0, 10.0),
)
EXECUTION_SCORE = 8.6  # 10 × 8.6 ÷ 10 (docs/rules.md#profiles)
TOTAL = 95.6  # 8.6 + 20 + 12 + 15 + 30 + 10


def sample_form(*, example: bool = False, project: str = "深化事业单位改革") -> SelfEvalSheet:
    """One project-year with a funding breakdown, a shortfall with a reason and notes."""
    return SelfEvalSheet(
        year=2021,
        project=project,
        department="宿州市委编办",
        implementer="宿州市委编办",
        project_no=4,
        funding=(
            FundingLine("年度资金总额", 10.0, 10.0, 8.6),
            FundingLine("其中：当年财政拨款", 10.0, 10.0, 8.6),
            FundingLine("上年结转资金", 0.0, 0.0, 0.0),
        ),
        execution_rate=0.86,
        execution_score=EXECUTION_SCORE,
        goal_expected="目标1：优化事业单位机构设置。",
        goal_actual="完成事业单位优化整合。",
        indicators=INDICATORS,
        total=TOTAL,
        grade="优",
        example=example,
        notes=("预算执行率低于90%的原因：部分事项延至次年。",),
    )
