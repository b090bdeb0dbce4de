"""Year-end self-evaluation (单位自评) scoring under configurable profiles (docs/rules.md#profiles).

>>> from kpi_analysis.analysis.scoring import CENTRAL_2020, score_execution_amounts
>>> score_execution_amounts(250000, 215457.6, CENTRAL_2020).score
8.62
"""

from kpi_analysis.analysis.scoring.engine import (
    SCORES,
    SUMMARY,
    score_indicators,
    score_row,
    summarise,
)
from kpi_analysis.analysis.scoring.execution import (
    EXECUTION,
    ExecutionScore,
    score_execution,
    score_execution_amounts,
)
from kpi_analysis.analysis.scoring.flags import FLAG_LABELS, describe_flags
from kpi_analysis.analysis.scoring.profiles import (
    CENTRAL_2020,
    DEFAULT_PROFILE,
    HB_VARIANT,
    MISSING_CLASS_POLICIES,
    MUNICIPAL_20_80,
    PROFILES,
    REVERSE_METHODS,
    VENDOR_GRADES,
    Band,
    ClassWeight,
    ScoringProfile,
    get_profile,
)
from kpi_analysis.analysis.scoring.qualitative import band_for_text, mapping_text, score_qualitative
from kpi_analysis.analysis.scoring.quantitative import (
    IndicatorScore,
    score_equal,
    score_positive,
    score_quantitative,
    score_reverse_linear_2x,
    score_reverse_ratio,
)
from kpi_analysis.analysis.scoring.weights import assign_weights, split_equal
from kpi_analysis.text.grammar import parse_actual_number
from kpi_analysis.text.numbers import round2

__all__ = [
    "CENTRAL_2020",
    "DEFAULT_PROFILE",
    "EXECUTION",
    "FLAG_LABELS",
    "HB_VARIANT",
    "MISSING_CLASS_POLICIES",
    "MUNICIPAL_20_80",
    "PROFILES",
    "REVERSE_METHODS",
    "SCORES",
    "SUMMARY",
    "VENDOR_GRADES",
    "Band",
    "ClassWeight",
    "ExecutionScore",
    "IndicatorScore",
    "ScoringProfile",
    "assign_weights",
    "band_for_text",
    "describe_flags",
    "get_profile",
    "mapping_text",
    "parse_actual_number",
    "round2",
    "score_equal",
    "score_execution",
    "score_execution_amounts",
    "score_indicators",
    "score_positive",
    "score_qualitative",
    "score_quantitative",
    "score_reverse_linear_2x",
    "score_reverse_ratio",
    "score_row",
    "split_equal",
    "summarise",
]
