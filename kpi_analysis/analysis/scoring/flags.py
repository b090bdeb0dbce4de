"""Flag codes put on score rows, with their Chinese descriptions.

A ``flags`` column holds the codes of one row joined by ``;`` (empty when none), so rows can
be filtered with ``frame["flags"].str.contains("over_achievement")``; :func:`describe_flags`
turns them into Chinese for people.

>>> join_flags(["over_achievement", "over_achievement", "actual_missing"])
'over_achievement;actual_missing'
>>> describe_flags("actual_missing")
'缺少实际完成值'
"""

from __future__ import annotations

from collections.abc import Iterable

FLAG_LABELS: dict[str, str] = {
    # budget execution
    "rate_below_threshold_no_reason": "预算执行率低于90%且未说明原因",
    "executed_above_budget": "全年执行数超过全年预算数，执行率按上限计分",
    "budget_missing": "缺少全年预算数或全年执行数，无法计算执行率",
    "budget_zero": "全年预算数为0，执行率得分记0",
    "negative_amount": "资金金额为负数",
    "execution_weight_differs": "表中预算执行率分值与评分规则不同",
    "execution_missing": "缺少资金执行数据，总分不含预算执行率得分",
    # indicators
    "actual_missing": "缺少实际完成值",
    "negative_actual": "实际完成值为负数，按0计",
    "over_achievement": (
        "超额完成（实际/目标达到阈值），目标可能偏低；未扣分，请审核是否按偏离度调减"
    ),
    "approx_target": "目标为约数（≈），按等于处理",
    "zero_target": "目标值为0，按“实际≤0得满分，否则0分”计分",
    "percent_scale_suspect": "百分比指标的实际值像小数（如0.95），请核对是否应为95",
    "unit_mismatch": "实际完成值单位与目标单位不同，未换算",
    "text_actual_for_numeric_target": "定量目标的实际完成值为文字，按定性档次计分",
    "qualitative_unmapped": "文字实际完成值无法归入定性档次，未计分",
    "score_outside_band": "自评得分不在所属定性档次范围内，按档内最高分计",
    "published_differs": "计算得分与表中得分不一致",
    "shortfall_without_reason": "未得满分但未填写偏差原因",
    "full_score_with_reason": "得满分但填写了偏差原因",
    "target_from_mid_term": "该年度无年度目标，按中期目标评分",
    "not_scorable": "目标无法用于计分（无数值或无法识别）",
    # weights
    "weights_equal_split": "未填分值，按类内行数平均分配",
    "weights_partly_given": "部分指标未填分值，类内剩余分值平均分配",
    "weight_sum_mismatch": "指标分值合计与（100 − 预算执行率分值）不符",
    "class_weight_differs": "一级指标分值合计与评分规则不同",
    "missing_class": "缺少一级指标类别，已按规则处理其分值",
    "missing_class_rescaled": "缺少一级指标类别，总分按百分制折算",
    "cost_shares_output": "成本指标作为一级指标，与产出指标共享分值（按行数分摊，UNCONFIRMED）",
    "unknown_class": "一级指标不在评分规则中，分值记0",
    # summary
    "unscored_rows": "部分指标未能计分，总分不完整",
    "indicators_missing": "缺少绩效指标得分",
    "total_differs": "计算总分与表中总分不一致",
}


def join_flags(codes: Iterable[str]) -> str:
    """Codes joined by ``;`` in first-seen order, duplicates and blanks dropped."""
    seen: list[str] = []
    for code in codes:
        for part in str(code).split(";"):
            part = part.strip()
            if part and part not in seen:
                seen.append(part)
    return ";".join(seen)


def describe_flags(flags: str | None) -> str:
    """The Chinese descriptions of ``;``-joined codes, joined by ``；``."""
    if not flags or not isinstance(flags, str):
        return ""
    return "；".join(FLAG_LABELS.get(code, code) for code in flags.split(";") if code)
