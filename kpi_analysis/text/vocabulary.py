"""Label vocabulary: canonical indicator levels, their synonyms, and form field labels.

Interpreters find fields by these labels, never by position. Matching is done on a
*key*: the label with all whitespace removed, full-width brackets folded and annotations
such as ``(必填)`` or ``(50分)`` dropped.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

LEVEL1_CANONICAL = ("产出指标", "效益指标", "满意度指标", "成本指标")

LEVEL2_CANONICAL = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
)

# Synonyms seen in real forms (domain.md §3.3, issue texts) mapped to canonical names.
LEVEL1_SYNONYMS = {
    "产出": "产出指标",
    "项目完成指标": "产出指标",
    "项目产出指标": "产出指标",
    "效益": "效益指标",
    "项目效益指标": "效益指标",
    "效果指标": "效益指标",
    "满意度": "满意度指标",
    "成本": "成本指标",
}

LEVEL2_SYNONYMS = {
    "数量": "数量指标",
    "质量": "质量指标",
    "时效": "时效指标",
    "进度指标": "时效指标",
    "进度": "时效指标",
    "成本": "成本指标",
    "经济效益": "经济效益指标",
    "社会效益": "社会效益指标",
    "生态效益": "生态效益指标",
    "环境效益指标": "生态效益指标",
    "环境效益": "生态效益指标",
    "可持续影响": "可持续影响指标",
    "可持续发展指标": "可持续影响指标",
    "服务对象满意度": "服务对象满意度指标",
    "社会公众或服务对象满意度指标": "服务对象满意度指标",
    "社会公众或服务对象满意度": "服务对象满意度指标",
    "满意度指标": "服务对象满意度指标",
    "满意度": "服务对象满意度指标",
    "经济成本": "经济成本指标",
    "社会成本": "社会成本指标",
    "生态环境成本": "生态环境成本指标",
    "环境成本指标": "生态环境成本指标",
}

# Classes that belong to evaluation frameworks, not to the target taxonomy: flag, never map.
NON_TARGET_LEVELS = ("项目绩效", "投入指标", "过程指标", "决策指标", "管理指标")

ANNOTATION = re.compile(
    r"[（(][^（）()]*(?:\d+分|必填|硬性|选填)[^（）()]*[）)]"
    r"|[（(]\s*\d+(?:\.\d+)?\s*(?:[-—~－至]\s*\d+(?:\.\d+)?\s*)?[）)]\s*分"
)
SPACE = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def label_key(text: str | None) -> str:
    """Fold a label for matching: NFKC, no whitespace, no annotations like ``(50分)``."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text)
    folded = SPACE.sub("", folded)
    folded = ANNOTATION.sub("", folded)
    return folded.strip("：:")


def join_vertical(text: str | None) -> str:
    """Remove the line breaks and spaces of a label written one character per line."""
    return SPACE.sub("", text or "")


def canonical_level1(text: str | None) -> str | None:
    """Canonical 一级 name for a label, or None when it is not a known 一级 class."""
    key = label_key(text)
    if key in LEVEL1_CANONICAL:
        return key
    return LEVEL1_SYNONYMS.get(key)


def canonical_level2(text: str | None) -> str | None:
    """Canonical 二级 name for a label, or None when it is not a known 二级 class."""
    key = label_key(text)
    if key in LEVEL2_CANONICAL:
        return key
    return LEVEL2_SYNONYMS.get(key)


def is_non_target_level(text: str | None) -> bool:
    """True for evaluation-framework classes (投入/过程/项目绩效…) that must be flagged."""
    return label_key(text) in NON_TARGET_LEVELS
