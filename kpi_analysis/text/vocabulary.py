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
    r"[(][^()]*(?:\d+分|必填|选填|硬性|盖章|签章|签字|可选|单位[:：])[^()]*[)]"
    r"|[(]\d+(?:\.\d+)?(?:[-—~至]\d+(?:\.\d+)?)?[)]分?"
    r"|[(](?:[A-Za-z](?:[/+\-×*÷][A-Za-z])*|[A-Z]+|万元|元|亿元|千元|%|百分比)[)]"
    r"|必填|[★☆*※▲△]"
)
_PY = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňḿ"
#: An inline pinyin annotation such as 項(xiàng)目: latin letters only (never 项目 names).
PINYIN = re.compile(rf"[(]\s*[{_PY}]+(?:\s+[{_PY}]+)*\s*[)]")
NUMBERING = re.compile(
    r"^(?:第[一二三四五六七八九十]+(?:部分|项|条)?[、.．:]?"
    r"|[一二三四五六七八九十]+[、.．]"
    r"|[(][一二三四五六七八九十\d]+[)][、.．]?"
    r"|\d+(?:\.\d+)*[、．](?!\d)|\d+\.(?!\d)"
    r"|[①-⑳])"
)
SPACE = re.compile(r"\s+")
CIRCLED = re.compile(r"^\s*[①-⑳]")
#: Variant characters folded in labels (其它资金 = 其他资金).
VARIANTS = str.maketrans({"它": "他"})


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    """The OpenCC traditional→simplified converter (loaded once)."""
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=16384)
def to_simplified(text: str) -> str:
    """Traditional → simplified characters (OpenCC ``t2s``); ASCII text is returned as is."""
    if text.isascii():
        return text
    return str(_t2s().convert(text))


_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_NEUTRAL = frozenset({"de", "le", "men", "me", "ge", "zi", "ma", "ne", "ba", "zhe"})
#: A pinyin gloss right after a CJK character: 項(xiàng). Toned or a neutral syllable only,
#: so that (kg), (m) or (A) after a word are never taken for one.
GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])\s?[(（]\s*([a-zü{_TONED}]{{1,6}})\s*[)）]")


def _drop_gloss(match: re.Match[str]) -> str:
    syllable = match.group(1)
    return "" if any(c in _TONED for c in syllable) or syllable in _NEUTRAL else match.group(0)


@lru_cache(maxsize=65536)
def fold_script(text: str) -> str:
    """The text in simplified characters without inline pinyin glosses; nothing else changes
    (spacing, punctuation and full-width forms are kept), so a simplified text is returned
    as is. Applied to every cell and paragraph before a form is read, so that traditional
    and pinyin-annotated copies of a form read the same as the simplified one.

    >>> fold_script("項(xiàng)目名稱：殘疾人康復（5個）"), fold_script("重量(kg)")
    ('项目名称：残疾人康复（5个）', '重量(kg)')
    """
    if text.isascii():
        return text
    return GLOSS.sub(_drop_gloss, to_simplified(text))


@lru_cache(maxsize=16384)
def fold(text: str | None) -> str:
    """NFKC, simplified characters, no pinyin annotations, no whitespace or line breaks."""
    if not text:
        return ""
    folded = to_simplified(unicodedata.normalize("NFKC", text))
    folded = PINYIN.sub("", folded)
    return SPACE.sub("", folded)


@lru_cache(maxsize=16384)
def label_key(text: str | None) -> str:
    """The one normaliser every label passes first.

    Folds the text (:func:`fold`), drops annotations in brackets (（A）（万元）（50分）(0-20)分
    必填 ★ *), leading numbering (一、（一）1、(1) ① 第一) and a trailing colon.

    >>> label_key("（一）項(xiàng)目 名稱（必填）：")
    '项目名称'
    >>> label_key("资金总额（万元）(A)")
    '资金总额'
    """
    folded = fold(CIRCLED.sub("", text)) if text else ""  # NFKC would turn ① into 1
    if not folded:
        return ""
    previous = None
    while previous != folded:
        previous = folded
        folded = ANNOTATION.sub("", folded)
        folded = NUMBERING.sub("", folded).strip("：:")
    return folded.translate(VARIANTS)


def join_vertical(text: str | None) -> str:
    """Remove the line breaks and spaces of a label written one character per line."""
    return SPACE.sub("", text or "")


def canonical_level1(text: str | None) -> str | None:
    """Canonical 一级 name for a label, or None when it is not a known 一级 class."""
    key = label_key(text)
    if key in LEVEL1_CANONICAL or key in NDRC_LEVEL1:
        return key
    return LEVEL1_SYNONYMS.get(key)


def canonical_level2(text: str | None) -> str | None:
    """Canonical 二级 name for a label, or None when it is not a known 二级 class."""
    key = label_key(text)
    if key in LEVEL2_CANONICAL:
        return key
    if key in LEVEL2_SYNONYMS:
        return LEVEL2_SYNONYMS[key]
    if key.endswith("满意度指标") or key.endswith("满意度"):
        return "服务对象满意度指标"  # 群众满意度指标, 社会公众满意度 …
    return None


def is_non_target_level(text: str | None) -> bool:
    """True for evaluation-framework classes (投入/过程/项目绩效…) that must be flagged."""
    return label_key(text) in NON_TARGET_LEVELS


#: NDRC 中央预算内投资 forms: their own 一级 classes, under which 二级 names are kept as written.
NDRC_LEVEL1 = ("实施效果指标", "过程管理指标")
NDRC_LEVEL2 = (
    "产出指标",
    "效益指标",
    "满意度指标",
    "计划管理指标",
    "资金管理指标",
    "项目管理指标",
    "监督检查指标",
)
PLACEHOLDER = re.compile(r"^[.…·。、,，\-—_~～\s]*$|^(?:指标|目标)\d*[：:]?$")


def is_ndrc_level1(text: str | None) -> bool:
    """True for the 一级 classes of NDRC investment forms (实施效果指标 / 过程管理指标)."""
    return label_key(text) in NDRC_LEVEL1


def canonical_ndrc_level2(text: str | None) -> str | None:
    """A 二级 name under an NDRC 一级 class, as written (产出指标, 资金管理指标 …)."""
    key = label_key(text)
    if key in NDRC_LEVEL2:
        return key
    return key + "指标" if key + "指标" in NDRC_LEVEL2 else None


def is_placeholder_text(text: str | None) -> bool:
    """True for template rows: ``……``, ``…``, ``指标3：`` with nothing after it.

    >>> is_placeholder_text("……"), is_placeholder_text("指标3："), is_placeholder_text("培训")
    (True, True, False)
    """
    return bool(PLACEHOLDER.match(fold(text)))
