"""Label vocabulary: canonical indicator levels, their synonyms, and form field labels.

Interpreters find fields by these labels, never by position. Matching is done on a
*key*: the label with all whitespace removed, full-width brackets folded and annotations
such as ``(必填)`` or ``(50分)`` dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

from kpi_analysis.text.money import MONEY_UNIT

#: 一级指标 in their official order: the order in which 中发〔2018〕34号 names them (产出、成本、
#: 效益、满意度; docs/rules.md S22), which is also the row order of the newer templates.
LEVEL1_CANONICAL = ("产出指标", "成本指标", "效益指标", "满意度指标")

#: 二级指标 in the order of their 一级 (the old template's 成本指标 under 产出 after 时效).
LEVEL2_CANONICAL = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
)

#: The 一级 class a canonical 二级 name belongs to in the standard (2021) indicator system:
#: what a reader infers when a form's 一级 cell is missing, unreadable or only "(50分)".
LEVEL2_PARENT = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "成本指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
    "经济成本指标": "成本指标",
    "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标",
}


def level1_of(level2: str | None) -> str | None:
    """The 一级 class a canonical 二级 name belongs to (see :data:`LEVEL2_PARENT`).

    >>> level1_of("时效指标"), level1_of("服务对象满意度指标"), level1_of("过程指标")
    ('产出指标', '满意度指标', None)
    """
    return LEVEL2_PARENT.get(level2) if level2 else None


# Synonyms seen in real forms (the public forms of docs/rules.md#sources, issue texts)
# mapped to canonical names.
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
    r"|[(]\d+(?:\.\d+)?(?:[-—~至]\d+(?:\.\d+)?)?[)](?:分(?![\u4e00-\u9fff]))?"
    rf"|[(](?:[A-Za-z](?:[/+\-×*÷][A-Za-z])*|[A-Z]+|{MONEY_UNIT}|%|百分比)[)]"
    r"|必填|[★☆*※▲△◆◇●▶►]"
)
_PY = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňḿ"
#: An inline pinyin annotation such as 項(xiàng)目: latin letters only (never 项目 names).
PINYIN = re.compile(rf"[(]\s*[{_PY}]+(?:\s+[{_PY}]+)*\s*[)]")
NUMBERING = re.compile(
    r"^(?:第[一二三四五六七八九十]+(?:部分|项|条)?[、.．:]?"
    r"|[一二三四五六七八九十]+[、.．]"
    r"|[(]?[一二三四五六七八九十\d]+[)][、.．]?"
    r"|\d+(?:\.\d+)*、|\d+(?:\.\d+)*[.．](?!\d)"
    r"|[IVX]+、|[IVX]+[.．](?![\dA-Za-z])"
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


#: The bracketed part of a :data:`GLOSS`, one pattern per opening bracket (so that the regex
#: engine searches for the bracket): a text without a droppable one has no gloss to drop.
GLOSS_BODIES = tuple(
    re.compile(rf"{re.escape(bracket)}\s*([a-zü{_TONED}]{{1,6}})\s*[)）]") for bracket in "(（"
)


def _droppable(syllable: str) -> bool:
    """A gloss is dropped when it is toned or a neutral-tone syllable."""
    return any(c in _TONED for c in syllable) or syllable in _NEUTRAL


def _drop_gloss(match: re.Match[str]) -> str:
    return "" if _droppable(match.group(1)) else match.group(0)


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


def all_folded(texts: Iterable[str]) -> bool:
    """True when :func:`fold_script` leaves every one of ``texts`` as it is.

    Decided with one conversion of the texts joined by line breaks (OpenCC's cost is mostly
    per call): no OpenCC phrase spans a line break, so the joined text converts piece by
    piece, and a gloss that changes one text changes the joined text too. A gloss found
    across a line break only makes this False, never wrongly True. The joined text is not
    memoised.

    >>> all_folded(["项目名称", "重量(kg)", ""]), all_folded(["名稱"]), all_folded(["項(xiàng)"])
    (True, False, False)
    """
    joined = "\n".join(texts)
    if joined.isascii():
        return True
    if str(_t2s().convert(joined)) != joined:
        return False
    if not any(
        _droppable(match.group(1)) for body in GLOSS_BODIES for match in body.finditer(joined)
    ):
        return True  # no bracket holds a droppable syllable: no gloss anywhere to drop
    return GLOSS.sub(_drop_gloss, joined) == joined


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
    必填 ★ * ◆ ●), leading numbering (一、（一）1、(1) 1） 5.1. Ⅳ、 ① 第一, stacked too) and a
    trailing colon. A bracketed number before a word is numbering ((9)分值 → 分值).

    >>> label_key("（一）項(xiàng)目 名稱（必填）：")
    '项目名称'
    >>> label_key("资金总额（万元）(A)"), label_key("Ⅱ、1）分值")
    ('资金总额', '分值')
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


#: A bracketed gloss inside or after a label: 数量指标(或建筑规模指标), 主管部门(单位)名称.
GLOSS_BRACKET = re.compile(r"[(][^()]*[)]")
#: Words that qualify a class name without changing it (预期产出指标, 主要效益指标).
LEVEL_QUALIFIERS = ("预期", "项目", "主要", "计划", "年度", "本年", "中期", "总体", "实施")
#: Head words of the 一级 classes: what a qualified label ends with (…产出指标, …效果指标).
LEVEL1_HEADS = (
    ("产出指标", "产出指标"),
    ("产出", "产出指标"),
    ("效益指标", "效益指标"),
    ("效果指标", "效益指标"),
    ("效益", "效益指标"),
    ("满意度指标", "满意度指标"),
    ("成本指标", "成本指标"),
)
#: Marks of a list of classes in one label (社会、经济、生态效益指标): never one class.
ENUMERATION = re.compile(r"[、,，/和及与或]")


#: Trailing words that only close a class name (服务对象满意度指标等).
LEVEL_TAILS = ("等",)
#: The class's points printed after its name without brackets (产出指标40分, 数量指标 15 分).
POINTS_TAIL = re.compile(r"(?<=[\u4e00-\u9fff])\d+(?:\.\d+)?分$")


def without_gloss(key: str) -> str:
    """A label key without its bracketed glosses (数量指标(或建筑规模指标) → 数量指标), its
    points printed bare (产出指标40分 → 产出指标) and a closing 等 (服务对象满意度指标等 →
    服务对象满意度指标).

    >>> without_gloss("产出指标40分"), without_gloss("数量指标(或建筑规模指标)")
    ('产出指标', '数量指标')
    """
    previous = None
    while previous != key:
        previous, key = key, POINTS_TAIL.sub("", GLOSS_BRACKET.sub("", key))
    for tail in LEVEL_TAILS:
        if key.endswith(tail) and len(key) > len(tail) + 1:
            key = key[: -len(tail)]
    return key


@lru_cache(maxsize=16384)
def canonical_level1(text: str | None) -> str | None:
    """Canonical 一级 name for a label, or None when it is not a known 一级 class.

    Exact names and synonyms first; then the label without bracketed glosses; then the
    head word of a qualified label (预期产出指标 → 产出指标). A 二级 name (社会效益指标) is
    never taken for a 一级 class by its head word.

    >>> canonical_level1("预期产出指标"), canonical_level1("效果指标(50分)")
    ('产出指标', '效益指标')
    >>> canonical_level1("社会效益指标") is None
    True
    """
    found, key = _exact_or_bare(text, _level1_exact)
    if found is not None or not key or _level2_exact(key) is not None:
        return found
    for head, name in LEVEL1_HEADS:
        if key.endswith(head) and key[: -len(head)] in LEVEL_QUALIFIERS:
            return name
    return None


def _exact_or_bare(text: str | None, exact: Callable[[str], str | None]) -> tuple[str | None, str]:
    """``exact`` of the label's key or of the key without bracketed glosses, when either is
    known; else None and the glossless key (empty when it lists several classes)."""
    key = label_key(text)
    for candidate in dict.fromkeys((key, without_gloss(key))):
        found = exact(candidate)
        if found is not None:
            return found, key
    key = without_gloss(key)
    return None, "" if ENUMERATION.search(key) else key


def _level1_exact(key: str) -> str | None:
    if key in LEVEL1_CANONICAL or key in NDRC_LEVEL1:
        return key
    return LEVEL1_SYNONYMS.get(key)


def _level2_exact(key: str) -> str | None:
    if key in LEVEL2_CANONICAL:
        return key
    return LEVEL2_SYNONYMS.get(key)


@lru_cache(maxsize=16384)
def canonical_level2(text: str | None) -> str | None:
    """Canonical 二级 name for a label, or None when it is not a known 二级 class.

    Exact names and synonyms first, then the label without bracketed glosses
    (数量指标(或建筑规模指标), 时效指标(工期指标、形象进度指标)), then head words: a
    qualified class name (主要数量指标) or any …满意度(指标), then a class word written as a
    property or cut short (可持续性 → 可持续影响指标, :func:`_level2_shortened`). A label
    listing several classes (社会、经济、生态效益指标) is none of them.

    >>> canonical_level2("时效指标(工期指标、形象进度指标)"), canonical_level2("群众满意度")
    ('时效指标', '服务对象满意度指标')
    >>> canonical_level2("社会、经济、生态效益指标") is None
    True
    """
    found, key = _exact_or_bare(text, _level2_exact)
    if found is not None or not key:
        return found
    if key.endswith("满意度指标") or key.endswith("满意度"):
        return "服务对象满意度指标"  # 群众满意度指标, 社会公众满意度 …
    for name in sorted(LEVEL2_CANONICAL, key=len, reverse=True):
        if key.endswith(name) and key[: -len(name)] in LEVEL_QUALIFIERS:
            return name
    return _level2_shortened(key)


#: The mark of a class word written as a property (时效性, 可持续性影响指标).
PROPERTY_MARK = "性"
#: Fewest characters of a class word cut short that are read as the one class they begin.
MIN_SHORTENED = 3


def _level2_shortened(key: str) -> str | None:
    """A 二级 label written as a property (可持续性, 时效性) or cut short before 指标
    (可持续指标): the one canonical class whose word it is or begins, once the property mark
    is dropped. A bare word (可持续, often a 三级 name) carries no class mark and is none.

    >>> _level2_shortened("可持续性"), _level2_shortened("时效性"), _level2_shortened("可持续")
    ('可持续影响指标', '时效指标', None)
    >>> _level2_shortened("社会性指标") is None  # 社会效益 or 社会成本: no one class
    True
    """
    stem = key.removesuffix("指标")
    if stem == key and not stem.endswith(PROPERTY_MARK):
        return None
    stem = stem.replace(PROPERTY_MARK, "")
    found = _level2_exact(stem) or _level2_exact(stem + "指标")
    if found is not None or len(stem) < MIN_SHORTENED:
        return found
    names = [name for name in LEVEL2_CANONICAL if name.removesuffix("指标").startswith(stem)]
    return names[0] if len(names) == 1 else None


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


@lru_cache(maxsize=16384)
def is_placeholder_text(text: str | None) -> bool:
    """True for template rows: ``……``, ``…``, ``指标3：`` with nothing after it.

    >>> is_placeholder_text("……"), is_placeholder_text("指标3："), is_placeholder_text("培训")
    (True, True, False)
    """
    return bool(PLACEHOLDER.match(fold(text)))


#: Shortest label read by a one-character near match (:func:`near_label`): shorter labels
#: are too easily another word.
NEAR_LABEL_MIN = 4
#: A column letter whose brackets were misread, at a label's end: ``,A、`` for ``(A)``.
DAMAGED_LETTER = re.compile(r"[^\w]+[A-Z](?:/[A-Z])?[^\w]*$")


def _one_apart(text: str, label: str) -> bool:
    """True when ``text`` is ``label`` with exactly one character substituted."""
    return len(text) == len(label) and sum(a != b for a, b in zip(text, label, strict=True)) == 1


#: A character of a word (CJK ideograph).
WORD_CHAR = re.compile(r"[\u3400-\u9fff]")


def _words_of(value: object) -> Iterable[str]:
    """The strings of a vocabulary constant (a tuple, set or dict of labels, maybe nested)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _words_of(key)
            yield from _words_of(item)
    elif isinstance(value, tuple | list | set | frozenset):
        for item in value:
            yield from _words_of(item)


def _bigrams(labels: Iterable[str]) -> set[str]:
    """Every two-character run of word characters in ``labels``."""
    return {
        label[i : i + 2]
        for label in labels
        for i in range(len(label) - 1)
        if WORD_CHAR.match(label[i]) and WORD_CHAR.match(label[i + 1])
    }


@lru_cache(maxsize=1)
def label_words() -> frozenset[str]:
    """The two-character words of every label vocabulary the text layer holds (the public
    upper-case constants of this module, :mod:`~kpi_analysis.text.headwords` and
    :mod:`~kpi_analysis.text.money`: class names, field and funding labels, column head
    words, 预期/预计 …): what a damaged label that still reads as known words is made of.
    """
    from kpi_analysis.text import headwords, money  # headwords imports this module

    modules = (vars(), vars(headwords), vars(money))
    constants = (value for names in modules for name, value in names.items() if name.isupper())
    return frozenset(_bigrams(word for value in constants for word in _words_of(value)))


def reads_as_words(text: str, label: str, vocabulary: Iterable[str] = ()) -> bool:
    """True when the character ``text`` substitutes for one of ``label`` forms, with a
    neighbour, a two-character word of the label vocabularies (:func:`label_words`, and
    ``vocabulary``): 全年预计数 reads 预计 (a forecast, not 全年预算数 misprinted), while an
    OCR misprint makes a non-word (实施第位, 年初预匏数).

    >>> reads_as_words("全年预计数", "全年预算数"), reads_as_words("实施第位", "实施单位")
    (True, False)
    """
    at = next(i for i, (a, b) in enumerate(zip(text, label, strict=True)) if a != b)
    pairs = {text[i : i + 2] for i in (at - 1, at) if i >= 0 and i + 2 <= len(text)}
    return bool(pairs & (label_words() | _bigrams(vocabulary)))


@lru_cache(maxsize=16384)
def near_label(key: str | None, vocabulary: tuple[str, ...]) -> str | None:
    """The label of ``vocabulary`` that the label key ``key`` misprints by one character.

    Decided by evidence, for a cell the grid already places as a label (an OCR copy prints
    实施第位 for 实施单位): the same length, exactly one character substituted, labels of at
    least :data:`NEAR_LABEL_MIN` characters, and no other label of ``vocabulary`` one
    character away (else None: the misprint is ambiguous), and the substituted character
    forms no known two-character word with a neighbour (:func:`reads_as_words`: 项目属地,
    全年预计数 are other words, not misprints). A column letter with misread
    brackets (``,A、``) is dropped first; a text that is then a label of ``vocabulary`` is
    that label. ``vocabulary`` may hold labels a caller knows but does not read, so that
    they are never taken for misprints. Never apply this to free text, indicator names or
    values: callers ask only where a label is expected, after the exact lookups failed.

    >>> near_label("实施第位", ("实施单位", "项目名称")), near_label("实施第第", ("实施单位",))
    ('实施单位', None)
    >>> near_label("调整预算将,A、", ("调整预算数", "年初预算数"))
    '调整预算数'
    >>> near_label("全年预计数", ("全年预算数", "年初预算数")) is None
    True
    """
    if not key:
        return None
    texts = dict.fromkeys((key, DAMAGED_LETTER.sub("", key)))
    labels = [label for label in vocabulary if len(label) >= NEAR_LABEL_MIN]
    exact = next((text for text in texts if text in labels), None)
    if exact is not None:
        return exact  # only the column letter was damaged
    found = {(text, label) for text in texts for label in labels if _one_apart(text, label)}
    if len({label for _, label in found}) != 1:
        return None
    if any(reads_as_words(text, label, vocabulary) for text, label in found):
        return None  # the damaged text reads as known words: a different label, no misprint
    return found.pop()[1]
